"""`l10n check` on human-reviewed public catalogs beside Translate Toolkit's pofilter: speed, false alarms, recall.

The catalogs come from PyPI, of three kinds: the ``.po`` files of the Django
(web framework) and Sphinx (documentation tool) wheels, and of the Deluge
(desktop BitTorrent client) source distribution, fetched with ``pip download``
into ``.bench-cache/po/`` (gitignored; about 20 MB once). Their entries were
written and reviewed by people, so a finding on them is mostly a false alarm.

One run measures three things on the same files:

1. speed: one ``l10n check`` over the folder against one ``pofilter`` over it;
2. false alarms: findings per 1,000 reviewed (translated, not fuzzy) entries,
   pofilter's beside ours (``--nofuzzy``, untranslated ones not checked);
3. recall: errors injected into reviewed entries (:mod:`bench.mutations`),
   per kind, the share on which ``check`` says something new.
"""

from __future__ import annotations

import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath

import polib

from bench.mutations import kinds
from pipeline import catalog
from pipeline.checks import CHECKS, ERROR, catalog_locale, check_catalog, check_entry
from pipeline.errors import CatalogError

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache" / "po"
WHEELS = ("django==5.2.19", "sphinx==9.0.4")
SDISTS = ("deluge==2.2.0",)  # its wheel ships only compiled .mo files
SAMPLE = 400  # mutated entries per kind
SEED = 10
# Translate Toolkit marks these tests @critical (translate/filters/checks.py).
POFILTER_CRITICAL = frozenset(
    {"escapes", "newlines", "tabs", "printf", "pythonbraceformat", "variables", "xmltags", "validxml", "nplurals"}
)
_POFILTER_NOTE = re.compile(r"^# \(pofilter\) (\w+):", re.M)


def corpus() -> Path:
    """The catalogs, downloaded and unpacked on the first run, as <package>/<path>/<locale>/LC_MESSAGES/<x>.po."""
    files = CACHE / "files"
    if (files / ".complete").is_file():
        return files
    wheels = CACHE / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    subprocess.run([*command, "--only-binary=:all:", "--dest", str(wheels), *WHEELS], check=True)
    subprocess.run([*command, "--no-binary=:all:", "--dest", str(wheels), *SDISTS], check=True)
    for wheel in sorted(wheels.glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(".po"):
                    archive.extract(name, files / wheel.name.split("-")[0])
    for sdist in sorted(wheels.glob("*.tar.gz")):
        package = sdist.name.split("-")[0]
        with tarfile.open(sdist) as archive:
            for member in archive.getmembers():
                name = PurePosixPath(member.name)
                if member.isfile() and name.suffix == ".po" and name.parent.name == "i18n":
                    data = archive.extractfile(member)
                    assert data is not None
                    target = files / package / name.stem / "LC_MESSAGES" / f"{package}.po"
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data.read())
    (files / ".complete").write_text("")
    return files


Pair = tuple[str, str, str, tuple[str, ...]]  # locale, source, translation, flags


def ours(
    files: list[Path], folder: Path, pairs: list[Pair]
) -> tuple[int, Counter[str], Counter[str], dict[str, list[str]], float]:
    """Reviewed entries, findings per check, entries flagged per check, examples, seconds (in-process).

    The reviewed singular entries on which no check says anything are appended to ``pairs``.
    """
    reviewed = 0
    findings: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    started = time.perf_counter()
    for path in files:
        try:
            po = catalog.read_for_check(path)  # as `l10n check` reads it
        except CatalogError:
            continue
        for entry in po:
            if entry.fuzzy:
                entry.obsolete = True  # reviewed entries only, as pofilter --nofuzzy
            elif entry.msgid and not entry.obsolete and entry.translated():
                reviewed += 1
        locale = catalog_locale(po, path)
        seen: set[tuple[str, int]] = set()
        found = check_catalog(path.relative_to(folder).as_posix(), po, locale)
        quiet = {f.line for f in found}
        pairs.extend(
            (locale, e.msgid, e.msgstr, tuple(e.flags))
            for e in po
            if not e.obsolete and e.msgid and e.msgstr and not e.msgid_plural and e.linenum not in quiet
        )
        for finding in found:
            findings[finding.check] += 1
            if (finding.check, finding.line) not in seen:
                seen.add((finding.check, finding.line))
                flagged[finding.check] += 1
            shown = examples.setdefault(finding.check, [])
            if len(shown) < 2 and not any(e.startswith(f"{locale}:") for e in shown):
                shown.append(f"{locale}: {finding.message} — “{_short(finding.msgid)}”")
    return reviewed, findings, flagged, examples, time.perf_counter() - started


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def recall(pairs: list[Pair]) -> list[tuple[str, int, int, list[str]]]:
    """Per mutation kind: entries mutated, entries on which check said something new, a few it missed."""
    results = []
    elsewhere: dict[str, list[str]] = {}
    for _locale, source, translation, _flags in pairs:
        elsewhere.setdefault(source, []).append(translation)
    for kind in kinds(elsewhere):
        rng = random.Random(f"{SEED}:{kind.name}")
        order = rng.sample(range(len(pairs)), len(pairs))
        tried = caught = 0
        missed: list[str] = []
        for index in order:
            if tried >= SAMPLE:
                break
            locale, source, translation, flags = pairs[index]
            mutated = kind.mutate(rng, source, translation)
            if mutated is None:
                continue
            new_source, base, new_translation = mutated
            if new_translation == base:
                continue
            before = {(f.check, f.message) for f in check_entry(_entry(new_source, base, flags), locale)}
            if before:
                continue  # the planted pair itself raised a finding: not a fair trial
            after = {(f.check, f.message) for f in check_entry(_entry(new_source, new_translation, flags), locale)}
            tried += 1
            if after - before:
                caught += 1
            elif len(missed) < 3:
                missed.append(f"{locale}: “{_short(new_translation, 90)}”")
        results.append((kind.name, tried, caught, missed))
    return results


def _entry(source: str, translation: str, flags: tuple[str, ...]) -> polib.POEntry:
    return polib.POEntry(msgid=source, msgstr=translation, flags=list(flags))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pofilter(folder: Path) -> tuple[Counter[str], int, float, float]:
    """pofilter's findings per test and entries flagged, its wall time and CPU time."""
    with tempfile.TemporaryDirectory() as out:
        cpu = _children_cpu()
        started = time.perf_counter()
        subprocess.run(
            ["pofilter", "--progress=none", "--nofuzzy", "--excludefilter=untranslated", "-i", str(folder), "-o", out],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
        cpu = _children_cpu() - cpu
        tests: Counter[str] = Counter()
        entries = 0
        for path in Path(out).rglob("*.po"):
            text = path.read_text(encoding="utf-8", errors="replace")
            tests.update(_POFILTER_NOTE.findall(text))
            entries += len(re.findall(r"^msgid ", text, re.M)) - 1  # less the header
    return tests, entries, seconds, cpu


def ours_command(folder: Path) -> tuple[float, float]:
    """Wall and CPU time of `l10n check` over the folder (all entries, fuzzy ones too), from outside any project."""
    with tempfile.TemporaryDirectory() as elsewhere:
        cpu = _children_cpu()
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pipeline", "check", "--format", "json", str(folder)],
            cwd=elsewhere,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        return time.perf_counter() - started, _children_cpu() - cpu


def run() -> str:
    if shutil.which("pofilter") is None:
        return "## Checks\n\npofilter (Debian package translate-toolkit) is not installed; nothing measured.\n"
    folder = corpus()
    files = sorted(folder.rglob("*.po"))
    pairs: list[Pair] = []
    reviewed, findings, flagged, examples, in_process = ours(files, folder, pairs)
    # Paired: each tool once, one after the other, over the same folder.
    theirs, their_entries, their_seconds, their_cpu = pofilter(folder)
    our_seconds, our_cpu = ours_command(folder)
    per_k = 1000 / reviewed
    caught = recall(pairs)
    kinds = Counter(path.relative_to(folder).parts[0] for path in files)

    our_errors = sum(n for c, n in findings.items() if c in {k.id for k in CHECKS if k.severity == ERROR})
    our_total = sum(findings.values())
    their_critical = sum(n for t, n in theirs.items() if t in POFILTER_CRITICAL)
    their_total = sum(theirs.values())
    our_entries = sum(flagged.values())

    lines = [
        "## Checks: speed, false alarms and recall on human-reviewed catalogs",
        "",
        f"{len(files)} catalogs ({', '.join(f'{n} from {k}' for k, n in sorted(kinds.items()))}: the Django 5.2.19 "
        "and Sphinx 9.0.4 wheels, the Deluge 2.2.0 sdist), "
        f"{reviewed:,} reviewed entries (translated, not fuzzy). Reviewed by people, so nearly every finding "
        "is a false alarm or a cosmetic slip; errors should be real problems.",
        "",
        "| | l10n check | pofilter |",
        "|---|---:|---:|",
        f"| findings per 1,000 reviewed entries | {our_total * per_k:.1f} | {their_total * per_k:.1f} |",
        f"| errors (ours) / critical (pofilter) per 1,000 | {our_errors * per_k:.2f} | {their_critical * per_k:.2f} |",
        f"| entries flagged per 1,000 (check × entry) | {our_entries * per_k:.1f} | {their_entries * per_k:.1f} |",
        f"| wall time over the folder, one run | {our_seconds:.1f} s | {their_seconds:.1f} s |",
        f"| speed ratio (pofilter wall time / ours) | **{their_seconds / our_seconds:.1f}×** | 1× |",
        f"| CPU time (all processes) | {our_cpu:.1f} s | {their_cpu:.1f} s |",
        f"| CPU ratio (pofilter / ours) | {their_cpu / our_cpu:.1f}× | 1× |",
        "",
        f"Ours in-process (parse + all checks, reviewed entries): {in_process:.1f} s. The command also checks "
        "fuzzy entries; pofilter skips them (`--nofuzzy`). The command checks catalogs in one process per "
        f"core ({len(os.sched_getaffinity(0))} here), pofilter in one; the machine is shared, so wall times vary "
        "between runs, and the CPU times say what each tool costs.",
        "",
        "### Recall: errors injected into reviewed entries (bench/mutations.py)",
        "",
        f"Up to {SAMPLE} reviewed entries per kind on which no check said anything, mutated once each; caught when "
        "`check` says something about the mutated entry that it did not say before. Each kind applies where "
        "the error can be told from a valid translation: a number changed where source and translation share "
        "one; a name altered in a sentence (four words or more, not a Title Case label) where the translator "
        "kept a capitalised word that does not start it; truncation at 40% of eight words or more; the source "
        "copied where it has three words to translate that are not all capitalised (names); the wrong script "
        "is the same message's translation from a catalog in another script. Placeholders are planted at the "
        "same place in source and translation, then dropped or altered (`%s` → `% s`, `{name}` → `{nom}`, "
        "`:func:`len`` → `:func:`longueur``…).",
        "",
        "| error injected | entries | caught | recall | missed, for example |",
        "|---|---:|---:|---:|---|",
        *(
            f"| {name} | {tried} | {hits} | {100 * hits / tried if tried else 0:.1f}% | "
            + "<br>".join(m.replace("|", "\\|") for m in missed)
            + " |"
            for name, tried, hits, missed in caught
        ),
        "",
        "### Ours, per check",
        "",
        "| check | severity | findings | per 1,000 | examples |",
        "|---|---|---:|---:|---|",
    ]
    for check in CHECKS:
        shown = "<br>".join(e.replace("|", "\\|") for e in examples.get(check.id, []))
        count = findings[check.id]
        lines.append(f"| `{check.id}` | {check.severity} | {count} | {count * per_k:.2f} | {shown} |")
    lines += ["", "### pofilter, per test", "", "| test | critical | findings | per 1,000 |", "|---|---|---:|---:|"]
    for test, count in theirs.most_common():
        critical = "yes" if test in POFILTER_CRITICAL else ""
        lines.append(f"| {test} | {critical} | {count} | {count * per_k:.2f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
