"""Every command on generated projects: no traceback, valid catalogs, no reviewed work lost, nothing outside.

Hypothesis builds a project - sources of arbitrary Unicode in every text format, under
hostile file names; catalogs seeded with every PO construct (plurals, msgctxt,
obsolete and previous entries, flags, odd headers) and with reviewed translations -
then runs extract, update, translate (pseudo engine), check, status, build and
release through the CLI, twice over (the sources edited in between). After every command:

- the exit code is 0, 1 or 2 and no traceback reached the output;
- every ``.po`` in the project passes ``msgfmt --check``, and build compiles them all;
- every reviewed translation is still there, unchanged and not fuzzy;
- nothing was written outside the project folder (nor in the current folder).

``make test`` runs a few derandomized examples; ``make fuzz`` sets
``L10N_FUZZ_EXAMPLES`` for a long random run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main

FUZZ = int(os.environ.get("L10N_FUZZ_EXAMPLES", "0"))
MSGFMT = shutil.which("msgfmt")
COMMANDS = (
    ("extract",),
    ("update",),
    ("translate", "--engine", "pseudo", "--locale", "en-XA", "--locale", "ar-XB"),
    ("translate",),
    ("check",),
    ("status",),
    ("build", "--policy", "draft"),
    ("build",),
    ("release", "--version", "1.0", "--policy", "draft"),
)

# Pieces of text: words, sentence ends, markup of every format, and characters that broke things before.
WORDS = st.sampled_from(
    [
        *("Hello", "world", "The", "police", "met", "in", "Lyon", "Wait...", '"Go."', "e.g.", "U.S.", "10", "3.5"),
        *(". ", "! ", "? ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "%s", "%(name)s", "{0}", "{name}", "%d"),
        *("<1>", "</1>", "<2/>", "&amp;", "&", "<", ">", '"', "'", "\\", "`", "*", "_", "#", "[", "]", "(", ")"),
        *("# ", "## ", "- ", "1. ", "> ", "    ", "```\n", "---\n", "| a | b |\n|---|---|\n", "***", "===\n"),
        *("[link](https://x.org)", "![alt](i.png)", "**bold**", "*em*", "`code`", "<!-- c -->", "<b>", "</b>"),
        *("<p>", "</p>", "<div>", "</div>", "<a href='x'>", "</a>", "<br>", "<img alt='A cat'>", "<title>", "</title>"),
        *("<script>x</script>", "<pre>x</pre>", '<span translate="no">', "</span>", "<ul><li>", "</li></ul>"),
        *("é", "ß", "日本語。", "مرحبا", "שלום", "\u200b", "\u2028", "\ufdd0", "\ufeff", "\u00a0", "\x0b", "\x0c"),
        *("\u0301", "👍🏽", "\U0001f1eb\U0001f1f7", "ﬁ", "\u202e", "İ", "\x7f", "\x1b[31m"),
        *("1\n00:00:01,000 --> 00:00:02,500\n", "WEBVTT\n\n", "00:01.000 --> 00:02.000\n", "<i>", "</i>", "♪"),
    ]
)
TEXTS = st.one_of(
    st.lists(WORDS, min_size=1, max_size=40).map("".join),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60),
)
NAME_PARTS = st.sampled_from(
    ["page", "press release", "é", "日本", "a#b", "50%", "it's", '"q"', "-dash", "[x]", "a b", "مرحبا", "x" * 60, "ok"]
)
NAMES = st.lists(NAME_PARTS, min_size=1, max_size=3).map("".join)
SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".srt", ".vtt"])  # the text formats; Word and ODT have own tests


@dataclass(frozen=True)
class Source:
    name: str  # under source/, possibly in a sub folder
    data: bytes


SOURCES = st.lists(
    st.builds(
        lambda folder, name, suffix, text, encoding: Source(
            f"{folder}{name}{suffix}",
            text.encode("latin-1", "replace") if encoding == "latin-1" else text.encode("utf-8"),
        ),
        st.sampled_from(["", "sub/", "deep/er/", "é/"]),
        NAMES,
        SUFFIXES,
        TEXTS,
        st.sampled_from(["utf-8"] * 9 + ["latin-1"]),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda s: s.name.lower().rsplit(".", 1)[0],
)

SEED_HEADERS = st.sampled_from(
    [
        {},
        {"Plural-Forms": "nplurals=2; plural=(n > 1);"},
        {"Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);"},
        {"Language": "fr_FR", "X-Generator": "Poedit 3.4"},
        {"Language-Team": "French <fr@li.org>", "Report-Msgid-Bugs-To": ""},
    ]
)


@dataclass(frozen=True)
class Seed:
    """What a reviewer's editor left in a catalog before l10n runs again."""

    reviewed: int  # how many of the catalog's entries get a reviewed translation
    headers: dict[str, str]
    plural: bool
    context: bool
    obsolete: bool
    previous: bool
    flags: bool


SEEDS = st.builds(
    Seed, st.integers(0, 5), SEED_HEADERS, st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans()
)


@contextmanager
def sandbox() -> Iterator[Path]:
    """A fresh folder holding the project, a bystander folder and the current folder, all watched."""
    with tempfile.TemporaryDirectory(prefix="l10n-fuzz-") as folder:
        top = Path(folder)
        for sub in ("project/source", "neighbour", "cwd"):
            (top / sub).mkdir(parents=True)
        (top / "neighbour" / "keep.txt").write_text("not yours\n", encoding="utf-8")
        before = os.getcwd()
        os.chdir(top / "cwd")
        try:
            yield top
        finally:
            os.chdir(before)


def outside(top: Path) -> dict[str, tuple[int, int]]:
    """Every file outside the project: path -> (size, mtime)."""
    found = {}
    for path in top.rglob("*"):
        if path.is_file() and "project" not in path.relative_to(top).parts[:1]:
            stat = path.stat()
            found[path.relative_to(top).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    shown = f"l10n {' '.join(args)} -> {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown + "".join(
        __import__("traceback").format_exception(result.exception)
    )
    assert result.exit_code in (0, 1, 2), shown
    assert "Traceback" not in result.output, shown
    if result.exit_code:
        assert result.output.strip(), f"{shown}: a failure must say why"
    return result.output


def catalogs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "locales").rglob("*.po") if p.is_file()) if (root / "locales").is_dir() else []


def assert_valid(root: Path, after: str) -> None:
    assert MSGFMT is not None
    for path in catalogs(root):
        done = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, f"after {after}: {path.relative_to(root)} fails msgfmt --check:\n{done.stderr}"


def seed(path: Path, plan: Seed) -> dict[str, str]:
    """Put a reviewer's work and every PO construct into one catalog; the reviewed msgid -> msgstr."""
    po = polib.pofile(str(path), wrapwidth=79)
    reviewed: dict[str, str] = {}
    for entry in [e for e in po if not e.obsolete and not e.msgid_plural and not e.msgctxt][: plan.reviewed]:
        entry.msgstr = f"« {entry.msgid} »"  # keeps the msgid's tags, so the build accepts it
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = None
        reviewed[entry.msgid] = entry.msgstr
    po.metadata.update(plan.headers)
    nplurals = 3 if "nplurals=3" in po.metadata.get("Plural-Forms", "") else 2
    if plan.plural:
        plural = polib.POEntry(msgid="One file", msgid_plural="%d files", flags=["c-format"])
        plural.msgstr_plural = {n: f"{n} fichier(s) %d" for n in range(nplurals)}
        po.append(plural)
    if plan.context:
        po.append(polib.POEntry(msgctxt="menu", msgid="Open", msgstr="Ouvrir"))
        po.append(polib.POEntry(msgctxt="verb", msgid="Open", msgstr="Ouvrez", flags=["fuzzy"]))
    if plan.obsolete:
        po.append(polib.POEntry(msgid="Gone sentence.", msgstr="Phrase partie.", obsolete=True))
    if plan.previous:
        po.append(
            polib.POEntry(
                msgid="Changed sentence.", msgstr="Phrase changée.", flags=["fuzzy"], previous_msgid="Old sentence."
            )
        )
    if plan.flags:
        po.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Bonjour %(name)s", flags=["python-format", "no-wrap"]))
    po.save(str(path))
    assert MSGFMT is not None
    done = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, f"the seed itself is invalid: {done.stderr}"
    return reviewed


def assert_kept(root: Path, reviewed: dict[Path, dict[str, str]], after: str) -> None:
    """Each reviewed translation is still there, unchanged and not fuzzy; one whose msgid left the
    template (a source edited between rounds) may instead be kept fuzzy or obsolete, as msgmerge keeps it."""
    for path, entries in reviewed.items():
        po = polib.pofile(str(path))
        pot = root / "locales" / Path(*path.relative_to(root / "locales").parts[2:]).with_suffix(".pot")
        current = {e.msgid for e in polib.pofile(str(pot))} if pot.is_file() else set()
        for msgid, msgstr in entries.items():
            entry = po.find(msgid)
            if msgid not in current and (entry is None or entry.obsolete):
                kept = [e for e in po if e.msgstr == msgstr]
                assert kept, f"after {after}: the reviewed {msgstr!r} is nowhere in {path.name} any more"
                continue
            assert entry is not None, f"after {after}: the reviewed entry {msgid!r} is gone from {path.name}"
            assert entry.msgstr == msgstr and not entry.fuzzy, (
                f"after {after}: the reviewed translation of {msgid!r} in {path.name} became "
                f"{entry.msgstr!r}{' (fuzzy)' if entry.fuzzy else ''}"
            )


@pytest.mark.skipif(MSGFMT is None, reason="gettext's msgfmt is not installed (apt-get install gettext)")
@settings(
    max_examples=FUZZ or 4,
    derandomize=not FUZZ,
    database=None,  # nothing written into the repository
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    SOURCES,
    st.lists(SEEDS, min_size=1, max_size=2),
    st.sampled_from(["sentence", "paragraph"]),
    st.sampled_from([[], ["x*"], ["sub"]]),
    TEXTS,
)
def test_every_command_on_a_generated_project(
    sources: list[Source], seeds: list[Seed], segmentation: str, exclude: list[str], edit: str
) -> None:
    with sandbox() as top:
        root = top / "project"
        (root / "l10n.toml").write_text(
            '[project]\nname = "fuzz"\nlocales = ["fr", "en-XA", "ar-XB"]\n'
            f'segmentation = "{segmentation}"\nexclude = {exclude!r}\n'.replace("'", '"'),
            encoding="utf-8",
        )
        for source in sources:
            path = root / "source" / source.name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.data)
        watched = outside(top)

        run(root, "extract")
        run(root, "update")
        reviewed: dict[Path, dict[str, str]] = {}
        fr = [p for p in catalogs(root) if p.relative_to(root / "locales").parts[0] == "fr"]
        for path, plan in zip(fr, seeds, strict=False):
            reviewed[path] = seed(path, plan)
        assert_valid(root, "seeding")

        for round_ in (1, 2):
            if round_ == 2:  # a writer adds to every document: updates merge into reviewed catalogs
                for source in sources:
                    with (root / "source" / source.name).open("ab") as handle:
                        handle.write(edit.encode("utf-8"))
            for command in COMMANDS:
                after = f"round {round_}: l10n {' '.join(command)}"
                out = run(root, *command)
                # Every catalog passes msgfmt --check here, so a compile error is l10n's own.
                assert "cannot compile" not in out, f"after {after}: {out}"
                assert_valid(root, after)
                assert_kept(root, reviewed, after)
                assert outside(top) == watched, f"after {after}: something was written outside the project"


# What the fuzzing found, each kept as a plain test.


def test_check_reads_a_superscript_digit(tmp_path: Path) -> None:
    """'0²' in a source: unicodedata.decimal('²') raised ValueError, a traceback from 'l10n check'."""
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('[project]\nlocales = ["fr"]\n', encoding="utf-8")
    (root / "source" / "page.txt").write_text("Area: 10 m² for ٣ people.\n", encoding="utf-8")
    run(root, "extract")
    run(root, "update")
    po = polib.pofile(str(catalogs(root)[0]))
    po[0].msgstr = "Surface : 10 m² pour 3 personnes."
    po.save()
    assert "Traceback" not in run(root, "check")


def test_a_document_mentioning_format_strings_builds(tmp_path: Path) -> None:
    """'Use %s or %(name)s' in prose: Babel flagged it python-format and refused to compile what msgfmt accepts."""
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('[project]\nlocales = ["fr"]\n', encoding="utf-8")
    (root / "source" / "guide.txt").write_text("Write %s or %(name)s in a template.\n", encoding="utf-8")
    run(root, "extract")
    run(root, "update")
    [path] = catalogs(root)
    po = polib.pofile(str(path))
    po[0].msgstr = "Écrivez %s ou %(name)s dans un modèle."
    po.save()
    assert_valid(root, "the reviewer's save")
    out = run(root, "build")
    assert "cannot compile" not in out
    assert (root / "dist" / "locale" / "fr" / "LC_MESSAGES" / "guide.mo").is_file()


def test_a_source_holding_the_gettext_context_separator_is_refused(tmp_path: Path) -> None:
    """U+0004 in a document became a msgid that msgfmt refuses ('context separator <EOT> within string')."""
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('[project]\nlocales = ["fr"]\n', encoding="utf-8")
    (root / "source" / "page.txt").write_text("Fine.\n\nNot \x04 fine.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "extract"])
    assert result.exit_code == 1
    assert (
        result.output.startswith("l10n: error: ") and "page.txt:3: holds the control character U+0004" in result.output
    )
    assert not (root / "locales").exists()
