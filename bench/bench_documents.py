"""Word, OpenDocument and subtitle files: fidelity on real public files, and time per MB beside argos-translate-files.

The files are the test data other projects ship in their PyPI source
distributions, fetched with ``pip download`` at pinned versions into
``.bench-cache/documents/``: python-docx's ``.docx`` files (written by Word and
LibreOffice), odfpy's ``.odt`` files, pysrt's ``.srt`` files and webvtt-py's
``.srt``/``.vtt`` files. Several are broken on purpose (an XXE entity, bad
timings, UTF-16): those must be refused with one clear line, never crash.

Fidelity, per format, on each file read:

- *untranslated*: a build with an empty catalog is the source (bytes for
  subtitles, every zip entry for packages);
- *translated*: every segment "translated" to its upper-case form, tags kept.
  Then the output's text must be the source's text in upper case (nothing
  lost, nothing doubled), its structure the same (paragraphs, tables, links,
  fields, notes, pictures, bookmarks: element counts; cue count and every
  timing line for subtitles), and every part with nothing translated in it
  byte-identical.

Speed: the same files through l10n (extract, update, translate with the
argos engine, build) and through argos-translate-files 1.4.1
(``translate_file``) in a throw-away venv, both with the tiny en→es Argos
model of ``tests/data/argos``. argos-translate-files has no catalog: it
translates every text node of ``word/document.xml``, headers and footers
(``content.xml`` for .odt, each cue for .srt) on every run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import formats
from pipeline.errors import L10nError
from pipeline.extract import read_source
from pipeline.formats.package import parts
from pipeline.model import Segment, SplitOptions
from pipeline.placeholders import TAG

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache" / "documents"
MODEL = ROOT / "tests" / "data" / "argos" / "translate-en_es-tiny.argosmodel"
SDISTS = ("python-docx==1.2.0", "odfpy==1.4.1", "pysrt==1.1.2", "webvtt-py==0.6.0")
ATF = "argos-translate-files==1.4.1"
SUFFIXES = (".docx", ".odt", ".srt", ".vtt")
MAX_SEGMENT = 120
MAX_SEGMENT_UPPER = 10**9
# Elements whose number a translation must not change.
STRUCTURE = {
    ".docx": frozenset(
        {"p", "tbl", "tc", "hyperlink", "drawing", "pict", "fldSimple", "fldChar", "instrText", "footnoteReference"}
        | {"endnoteReference", "commentReference", "bookmarkStart", "bookmarkEnd", "br", "tab", "sectPr", "txbxContent"}
    ),
    ".odt": frozenset(
        {"p", "h", "a", "note", "frame", "image", "table-cell", "list-item", "tab", "line-break", "bookmark"}
        | {"bookmark-start", "bookmark-end", "annotation", "page-number", "date"}
    ),
}
_TIMING = re.compile(r"^.*-->.*$", re.M)
_MARKUP = re.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}")


@dataclass
class Tally:
    files: int = 0
    megabytes: float = 0.0
    refused: list[str] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)
    segments: int = 0
    untranslated_same: int = 0
    text_kept: int = 0
    structure_kept: int = 0
    parts_kept: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.files - len(self.refused) - len(self.crashed)


def corpus() -> list[Path]:
    """The files of the pinned sdists, downloaded once."""
    sdists = CACHE / "sdists"
    files = CACHE / "files"
    sdists.mkdir(parents=True, exist_ok=True)
    for spec in SDISTS:
        name = spec.split("==")[0].replace("-", "_")
        if not any(p.name.lower().startswith(name.lower()) for p in sdists.iterdir()):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "-q",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    "-d",
                    str(sdists),
                    spec,
                ],
                check=True,
                capture_output=True,
            )
    if not files.is_dir():
        files.mkdir()
        for archive in sorted(sdists.glob("*.tar.gz")):
            with tarfile.open(archive) as tar:
                members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(SUFFIXES)]
                tar.extractall(files, members=members, filter="data")
    return sorted(p for p in files.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


def _upper(segment: Segment) -> str:
    """The msgid in upper case, its tags untouched."""
    return TAG.sub(lambda m: m.group(0), segment.msgid.upper())


def _text_of_package(data: bytes, path: str) -> dict[str, str]:
    from lxml import etree

    found = {}
    for name, raw in parts(data, path, ""):
        if not name.endswith(".xml") or name.startswith(("word/comments", "customXml")):
            continue
        try:
            root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        texts = root.xpath(
            "//*[local-name()='t' and not(ancestor::*[local-name()='del' or local-name()='comment'])]/text()"
            if path.endswith(".docx")
            else "//*[local-name()='p' or local-name()='h'][not(ancestor::*[local-name()='annotation'])]//text()"
        )
        found[name] = "".join(str(t) for t in texts)
    return found


def _structure(data: bytes, path: str, suffix: str) -> Counter[str]:
    from lxml import etree

    counts: Counter[str] = Counter()
    for name, raw in parts(data, path, ""):
        if name.endswith(".xml"):
            try:
                root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                continue
            for element in root.iter():
                local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
                if local in STRUCTURE[suffix]:
                    counts[f"{name}:{local}"] += 1
    return counts


def _squash(text: str) -> str:
    return "".join(text.split())


def _package(path: Path, fmt: formats.Package, tally: Tally) -> None:
    data = path.read_bytes()
    started = time.perf_counter()
    document = fmt.load(data, str(path), SplitOptions())
    untranslated = fmt.build(document, lambda s: None, None)
    translated = fmt.build(document, _upper, "es")
    tally.seconds += time.perf_counter() - started
    tally.segments += sum(1 for _ in document.segments())
    tally.untranslated_same += dict(parts(untranslated, str(path), "")) == dict(parts(data, str(path), ""))
    before, after = _text_of_package(data, str(path)), _text_of_package(translated, str(path))
    core = ("docProps/core.xml", "meta.xml")  # the title and description are in every case
    want = {k: _squash(v.upper()) for k, v in before.items() if k not in core}
    got = {k: _squash(v.upper()) for k, v in after.items() if k not in core}
    lost = [k for k in want if want[k] != got.get(k)]
    tally.text_kept += not lost
    if lost:
        tally.failures.append(f"{path.name}: text differs in {', '.join(lost)}")
    structure_before, structure_after = (
        _structure(data, str(path), path.suffix),
        _structure(translated, str(path), path.suffix),
    )
    tally.structure_kept += structure_before == structure_after
    if structure_before != structure_after:
        changed = sorted((structure_before - structure_after) + (structure_after - structure_before))
        tally.failures.append(f"{path.name}: element counts differ ({', '.join(changed[:4])})")
    translated_parts = {p.member for p in document.parts if hasattr(p, "member")} | {
        "word/styles.xml",
        "word/settings.xml",
        "docProps/core.xml",
        "styles.xml",
        "meta.xml",
        "content.xml",
    }
    src, out = dict(parts(data, str(path), "")), dict(parts(translated, str(path), ""))
    tally.parts_kept += all(out.get(k) == v for k, v in src.items() if k not in translated_parts) and list(out) == list(
        src
    )


def _subtitles(path: Path, fmt: formats.Format, tally: Tally) -> None:
    text = read_source(path)
    started = time.perf_counter()
    document = fmt.split(text, str(path), SplitOptions())
    untranslated = fmt.render(document, lambda s: None)
    translated = fmt.render(document, _upper)
    tally.seconds += time.perf_counter() - started
    tally.segments += sum(1 for _ in document.segments())
    tally.untranslated_same += untranslated == text
    cues_before = [c for c in re.split(r"\n\s*\n", text.strip()) if "-->" in c]
    cues_after = [c for c in re.split(r"\n\s*\n", translated.strip()) if "-->" in c]
    kept = _TIMING.findall(text) == _TIMING.findall(translated) and len(cues_before) == len(cues_after)
    tally.structure_kept += kept
    if not kept:
        tally.failures.append(f"{path.name}: timing lines or cue count differ")

    def words(body: str) -> str:
        return _squash(_MARKUP.sub("", "\n".join(line for line in body.split("\n") if "-->" not in line)).upper())

    same = words(text) == words(translated)
    tally.text_kept += same
    if not same:
        tally.failures.append(f"{path.name}: text differs")
    tally.parts_kept += same and kept


def fidelity(files: list[Path]) -> dict[str, Tally]:
    tallies = {suffix: Tally() for suffix in SUFFIXES}
    for path in files:
        tally = tallies[path.suffix]
        tally.files += 1
        tally.megabytes += path.stat().st_size / 1e6
        fmt = formats.for_path(path)
        try:
            if isinstance(fmt, formats.Package):
                _package(path, fmt, tally)
            else:
                _subtitles(path, fmt, tally)
        except L10nError as error:
            tally.refused.append(f"{path.name}: {str(error).split(': ', 1)[-1][:90]}")
        except Exception as error:  # a crash is a bug to report, not the end of the run
            tally.crashed.append(f"{path.name}: {type(error).__name__}: {error}"[:160])
    return tallies


def _atf_venv() -> Path | None:
    """A throw-away venv with argos-translate-files, borrowing argostranslate from the project's venv."""
    venv = CACHE / "atf-venv"
    python = venv / "bin" / "python"
    if python.exists():
        return python
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        pip = [str(python), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "--no-deps", ATF, "translatehtml"], check=True, capture_output=True)
        subprocess.run([*pip, "beautifulsoup4", "pysrt", "PyMuPDF"], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        shutil.rmtree(venv, ignore_errors=True)
        return None
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "l10n-venv.pth").write_text(ours + "\n", encoding="utf-8")
    return python


_ATF_SCRIPT = """
import json, sys, time, types
from pathlib import Path
import argostranslate.package, argostranslate.translate
from argostranslate.translate import Hypothesis, ITranslation
from argostranslatefiles import argostranslatefiles

class Upper(ITranslation):  # a translation that costs nothing: the text in upper case, as l10n's side gets
    from_lang = types.SimpleNamespace(code="en")
    to_lang = types.SimpleNamespace(code="es")
    def hypotheses(self, input_text, num_hypotheses=4):
        return [Hypothesis(input_text.upper(), 0.0)]

if sys.argv[1] == "upper":
    translation = Upper()
else:
    argostranslate.package.install_from_path(sys.argv[1])
    translation = argostranslate.translate.get_translation_from_codes("en", "es")
done, failed, outputs = [], [], []
started = time.perf_counter()
for name in sys.argv[2:]:
    try:
        outputs.append(argostranslatefiles.translate_file(translation, name))
        done.append(name)
    except Exception as error:
        failed.append(f"{Path(name).name}: {type(error).__name__}: {error}"[:150])
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "done": done, "failed": failed, "outputs": outputs}))
"""


@dataclass
class Side:
    files: int = 0
    megabytes: float = 0.0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)
    text_kept: int = 0
    structure_kept: int = 0
    letters: int = 0  # lower-case letters in the source's text
    left: int = 0  # ... still lower case in the output: text never offered for translation

    def row(self, name: str) -> str:
        rate = self.seconds / self.megabytes if self.megabytes else 0.0
        reached = 100.0 * (self.letters - self.left) / self.letters if self.letters else 100.0
        return (
            f"| {name} | {self.files} | {self.megabytes:.2f} | {self.seconds:.2f} | {rate:.2f} | "
            f"{self.text_kept}/{self.files} | {self.structure_kept}/{self.files} | {reached:.1f} % |"
        )

    def add(self, source: Path, output: Path) -> tuple[bool, bool]:
        text, structure = _kept(source, output)
        self.text_kept += text
        self.structure_kept += structure
        letters, left = _letters(source, output)
        self.letters += letters
        self.left += left
        return text, structure


def _letters(source: Path, output: Path) -> tuple[int, int]:
    """Lower-case letters of the source's text, and how many the upper-cased output still has."""
    if source.suffix == ".srt":
        before = read_source(source)
        after = output.read_text(encoding="utf-8-sig")
        texts = [_MARKUP.sub("", "\n".join(x for x in body.split("\n") if "-->" not in x)) for body in (before, after)]
    else:
        texts = ["".join(_text_of_package(path.read_bytes(), str(path)).values()) for path in (source, output)]
    return sum(c.islower() for c in texts[0]), sum(c.islower() for c in texts[1])


def _kept(source: Path, output: Path) -> tuple[bool, bool]:
    """Whether an upper-cased output has the source's text (upper-cased) and structure."""
    if source.suffix == ".srt":
        before, after = read_source(source), output.read_text(encoding="utf-8-sig").replace("\r\n", "\n")

        def words(body: str) -> str:
            return _squash(
                _MARKUP.sub(
                    "", "\n".join(x for x in body.split("\n") if "-->" not in x and not x.strip().isdigit())
                ).upper()
            )

        timings = [" ".join(t.split()) for t in _TIMING.findall(before)] == [
            " ".join(t.split()) for t in _TIMING.findall(after)
        ]
        return words(before) == words(after), timings
    data, out = source.read_bytes(), output.read_bytes()
    want = {
        k: _squash(v.upper())
        for k, v in _text_of_package(data, str(source)).items()
        if k not in ("docProps/core.xml", "meta.xml")
    }
    got = {
        k: _squash(v.upper())
        for k, v in _text_of_package(out, str(output)).items()
        if k not in ("docProps/core.xml", "meta.xml")
    }
    return want == got, _structure(data, str(source), source.suffix) == _structure(out, str(output), source.suffix)


def _l10n_upper(files: list[Path], target: Path) -> Side:
    side = Side()
    for index, path in enumerate(files):
        fmt = formats.for_path(path)
        output = target / f"{index:03d}{path.suffix}"
        started = time.perf_counter()
        if isinstance(fmt, formats.Package):
            document = fmt.load(path.read_bytes(), str(path), SplitOptions())
            output.write_bytes(fmt.build(document, _upper, "es"))
        else:
            document = fmt.split(read_source(path), str(path), SplitOptions())
            output.write_text(fmt.render(document, _upper), encoding="utf-8")
        side.seconds += time.perf_counter() - started
        side.files += 1
        side.megabytes += path.stat().st_size / 1e6
        side.add(path, output)
    return side


def _atf(python: Path, model: str, files: list[Path], target: Path, env: dict[str, str]) -> Side | str:
    copies = []
    for index, path in enumerate(files):
        copy = target / f"{index:03d}{path.suffix}"
        shutil.copyfile(path, copy)
        copies.append(copy)
    result = subprocess.run(
        [str(python), "-c", _ATF_SCRIPT, model, *map(str, copies)], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        return (result.stderr.strip().splitlines() or ["?"])[-1]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    side = Side(seconds=float(found["seconds"]), failed=list(found["failed"]))
    for copy, output in zip(found["done"], found["outputs"], strict=True):
        source = files[copies.index(Path(copy))]
        side.files += 1
        side.megabytes += source.stat().st_size / 1e6
        if model == "upper":
            text, structure = side.add(source, Path(output))
            if not (text and structure):
                side.failed.append(f"{source.name}: {'text' if not text else 'structure'} differs from the source's")
    return side


def speed(files: list[Path]) -> tuple[str, list[str]]:
    """Both tools on the same .docx/.odt/.srt files: upper-casing (the file path alone), then the tiny model."""
    notes: list[str] = []
    python = _atf_venv()
    if python is None:
        notes.append("argos-translate-files could not be installed (no network?): its rows are missing")
    readable = _readable([p for p in files if p.suffix in (".docx", ".odt", ".srt")], MAX_SEGMENT_UPPER)
    short = _readable(readable, MAX_SEGMENT)
    head = [
        "| tool | files done | MB | seconds | s per MB | text kept | structure / timings kept | letters reached |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [
        "\n**The file path alone** (every text upper-cased, no model), in-process. *Letters reached*: the share "
        "of the source text's lower-case letters that came out upper case, i.e. that the tool offered for "
        "translation at all:\n",
        *head,
    ]
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as tmp:
        base = Path(tmp)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(base), "ARGOS_PACKAGES_DIR": str(base / "argos")}
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            env[name] = str(base / name.lower())
        for name in ("ours", "theirs", "ours-model", "theirs-model"):
            (base / name).mkdir()
        rows.append(_l10n_upper(readable, base / "ours").row("l10n split + build"))
        if python is not None:
            theirs = _atf(python, "upper", readable, base / "theirs", env)
            if isinstance(theirs, str):
                notes.append(f"argos-translate-files failed: {theirs}")
            else:
                rows.append(theirs.row("argos-translate-files `translate_file`"))
                notes += [f"argos-translate-files (upper-casing) failed on {f}" for f in theirs.failed]
        rows += [
            f"\n**With the tiny Argos model** (en→es), on the {len(short)} of those files whose segments are all "
            f"under {MAX_SEGMENT} characters (its 128 positions), each tool in its own processes:\n",
            *head,
        ]
        project = base / "l10n"
        (project / "source").mkdir(parents=True)
        for index, path in enumerate(short):
            shutil.copyfile(path, project / "source" / f"{index:03d}{path.suffix}")
        (project / "l10n.toml").write_text(
            '[project]\nname = "bench"\nsource_language = "en"\nlocales = ["es"]\n'
            '[locales.es]\nengine = "argos"\n[build]\nmin_reviewed = 0\n',
            encoding="utf-8",
        )
        cli = [sys.executable, "-m", "pipeline", "-C", str(project)]
        run_env = env | {"PYTHONPATH": str(ROOT)}
        subprocess.run([*cli, "models", "install", str(MODEL)], check=True, capture_output=True, env=run_env)
        megabytes = sum(p.stat().st_size for p in short) / 1e6
        try:
            first = _pipeline(cli, run_env)
            again = _pipeline(cli, run_env)
            rows.append(
                f"| l10n extract + update + translate + build | {len(short)} | {megabytes:.2f} | {first:.1f} | "
                f"{first / megabytes:.1f} | (machine text) | | |"
            )
            notes.append(f"l10n's second run over the same files: {again:.1f} s (the catalogs are its memory)")
        except RuntimeError as error:
            notes.append(f"l10n with the tiny model: {error}")
        if python is not None:
            theirs = _atf(
                python, str(MODEL), short, base / "theirs-model", env | {"ARGOS_PACKAGES_DIR": str(base / "a2")}
            )
            if isinstance(theirs, str):
                notes.append(f"argos-translate-files with the tiny model failed: {theirs}")
            else:
                rate = theirs.seconds / theirs.megabytes if theirs.megabytes else 0.0
                rows.append(
                    f"| argos-translate-files `translate_file` | {theirs.files} | {theirs.megabytes:.2f} | "
                    f"{theirs.seconds:.1f} | {rate:.1f} | (machine text) | | |"
                )
                notes += [f"argos-translate-files (tiny model) failed on {f}" for f in theirs.failed]
    return "\n".join(rows) + "\n", notes


def _pipeline(cli: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    for step in (["extract"], ["update"], ["translate", "--locale", "es"], ["build", "--policy", "draft"]):
        result = subprocess.run([*cli, *step], capture_output=True, text=True, env=env, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"l10n {step[0]}: {(result.stderr or result.stdout).strip()[-300:]}")
    return time.perf_counter() - started


def _readable(files: list[Path], longest: int) -> list[Path]:
    """Files l10n reads whose segments the tiny model can take (it has 128 positions: about 400 characters)."""
    found = []
    for path in files:
        fmt = formats.for_path(path)
        try:
            if isinstance(fmt, formats.Package):
                document = fmt.load(path.read_bytes(), str(path), SplitOptions())
            else:
                document = fmt.split(read_source(path), str(path), SplitOptions())
        except L10nError:
            continue
        if all(len(s.msgid) <= longest for s in document.segments()):
            found.append(path)
    return found


def run() -> str:
    heading = "## Word, OpenDocument and subtitle files: fidelity, and speed beside argos-translate-files\n\n"
    try:
        files = corpus()
    except subprocess.CalledProcessError as error:
        return heading + f"No corpus: pip download failed ({error.stderr.decode(errors='replace')[-200:]})\n"
    tallies = fidelity(files)
    lines = [
        heading,
        "Files: the test data of python-docx 1.2.0, odfpy 1.4.1, pysrt 1.1.2 and webvtt-py 0.6.0 (PyPI sdists).\n",
        "| format | files | MB | read | refused (clear error) | crashed | segments | untranslated = source "
        "| text kept | structure kept | other parts byte-identical | MB/s split + 2 builds |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for suffix, t in tallies.items():
        rate = t.megabytes / t.seconds if t.seconds else 0.0
        lines.append(
            f"| {suffix} | {t.files} | {t.megabytes:.2f} | {t.read} | {len(t.refused)} | {len(t.crashed)} | "
            f"{t.segments} | {t.untranslated_same}/{t.read} | {t.text_kept}/{t.read} | {t.structure_kept}/{t.read} | "
            f"{t.parts_kept}/{t.read} | {rate:.1f} |"
        )
    details = []
    for suffix, t in tallies.items():
        for what, items in (("refused", t.refused), ("crashed", t.crashed), ("differs", t.failures)):
            details += [f"- {suffix} {what}: {item}" for item in items]
    lines.append("\n" + "\n".join(details) + "\n" if details else "")
    table, notes = speed(files)
    lines += ["\n### Time per MB beside argos-translate-files 1.4.1\n", table]
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
