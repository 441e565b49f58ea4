"""The cache (.l10n-cache/) and --jobs: unchanged work is skipped, never wrongly; any --jobs gives the same bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner, Result

from pipeline import cache, catalog, merge, status
from pipeline.cli import main
from pipeline.formats.html import HTMLFormat
from pipeline.formats.markdown import MarkdownFormat
from pipeline.formats.text import TextFormat

from .conftest import make_project

FIXED_DATE = "2024-01-02 03:04+0000"


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def write_sources(root: Path) -> None:
    source = root / "source"
    for number in range(6):
        (source / f"guide-{number}.md").write_text(
            f"# Chapter {number}\n\nThe committee met on day {number}. It **approved** the [plan](https://example.org).\n\n"
            "- First item of the list.\n- Second item, with `code`.\n\nShared closing line.\n",
            encoding="utf-8",
        )
    (source / "page.html").write_text(
        "<!DOCTYPE html>\n<html><head><title>Welcome page</title></head>"
        "<body><h1>Welcome</h1><p>Read the <em>whole</em> guide first.</p></body></html>\n",
        encoding="utf-8",
    )
    (source / "notes").mkdir()
    (source / "notes" / "readme.txt").write_text("Plain notes for readers.\n\nShared closing line.\n", encoding="utf-8")


@pytest.fixture
def fixed_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Catalog dates from a fixed clock (forked worker processes inherit the patch), so runs compare byte for byte."""
    monkeypatch.setattr(catalog, "now", lambda: FIXED_DATE)
    monkeypatch.setattr(merge, "now", lambda: FIXED_DATE)  # update's merge holds its own reference


def new_project(root: Path) -> Path:
    make_project(root, '["fr", "en-XA"]', '\n[build]\npolicy = "draft"\nmin_reviewed = 0\npublish_pseudo = true\n')
    write_sources(root)
    return root


def review_one(root: Path, doc: str, msgid: str, msgstr: str) -> None:
    """A reviewer translates one entry of the French catalog (as an editor would save it)."""
    path = root / "locales" / "fr" / "LC_MESSAGES" / f"{doc}.po"
    po = polib.pofile(str(path))
    entry = po.find(msgid)
    assert entry is not None
    entry.msgstr = msgstr
    po.save(str(path))


def cycle(root: Path, *options: str) -> None:
    run(root, "extract", *options)
    run(root, "update", *options)
    run(root, "translate", "--locale", "en-XA", "--engine", "pseudo")
    run(root, "build", *options)


def outputs(root: Path) -> dict[str, bytes]:
    """Every file the pipeline wrote: templates, catalogs, dist/."""
    found = {}
    for folder in ("locales", "dist"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


@pytest.fixture
def splits(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each document was parsed (in this process: use --jobs 1)."""
    counts: Counter[str] = Counter()
    for fmt in (MarkdownFormat, HTMLFormat, TextFormat):
        original = fmt.split

        def spy(self: Any, text: str, path: str, options: Any, original: Callable[..., Any] = original) -> Any:
            counts[path] += 1
            return original(self, text, path, options)

        monkeypatch.setattr(fmt, "split", spy)
    return counts


@pytest.fixture
def catalog_reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    original = catalog.read

    def spy(path: str | Path) -> polib.POFile:
        counts[Path(path).name] += 1
        return original(path)

    monkeypatch.setattr(catalog, "read", spy)
    monkeypatch.setattr(status, "read", spy)
    return counts


@pytest.mark.usefixtures("fixed_dates")
def test_two_processes_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    serial, parallel = new_project(tmp_path / "serial"), new_project(tmp_path / "parallel")
    cycle(serial, "--jobs", "1", "--no-cache")
    cycle(parallel, "--jobs", "2")
    for root in (serial, parallel):
        review_one(root, "guide-3", "The committee met on day 3.", "Le comité s'est réuni le jour 3.")
        run(root, "build", "--jobs", "1" if root is serial else "2")
    made = outputs(serial)
    assert len([name for name in made if name.startswith("dist/")]) > 10
    assert outputs(parallel) == made
    assert "Le comité s'est réuni le jour 3." in (parallel / "dist" / "fr" / "guide-3.md").read_text(encoding="utf-8")
    checked = [run(root, "check", "--jobs", jobs).output for root, jobs in ((serial, "1"), (parallel, "2"))]
    assert checked[0] == checked[1]


@pytest.mark.usefixtures("fixed_dates")
def test_each_document_is_parsed_once_for_extract_and_build(tmp_path: Path, splits: Counter[str]) -> None:
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    assert len(splits) == 8
    assert set(splits.values()) == {1}


@pytest.mark.usefixtures("fixed_dates")
def test_a_run_with_nothing_changed_parses_and_reads_nothing(
    tmp_path: Path, splits: Counter[str], catalog_reads: Counter[str]
) -> None:
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    run(root, "update", "--jobs", "1")  # translate changed the en-XA catalogs: merged once more (nothing to do)
    run(root, "status")
    before = outputs(root)
    splits.clear()
    catalog_reads.clear()
    extracted = run(root, "extract", "--jobs", "1").output
    updated = run(root, "update", "--jobs", "1").output
    built = run(root, "build", "--jobs", "1").output
    shown = run(root, "status").output
    assert not splits
    assert not catalog_reads
    assert outputs(root) == before
    assert "(unchanged)" in extracted and "(written)" not in extracted
    assert "unchanged;" in updated and "merged" not in updated
    assert "0 file(s) written" in built
    assert "en-XA" in shown and "guide-5" in shown


@pytest.mark.usefixtures("fixed_dates")
def test_a_reviewed_entry_rebuilds_its_document_only(tmp_path: Path, splits: Counter[str]) -> None:
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    review_one(root, "guide-1", "The committee met on day 1.", "Le comité s'est réuni le jour 1.")
    splits.clear()
    built = run(root, "build", "--jobs", "1").output
    assert "Le comité s'est réuni le jour 1." in (root / "dist" / "fr" / "guide-1.md").read_text(encoding="utf-8")
    assert not splits  # the split came from the cache; only the catalog was read again
    # the document, its .mo, the landing page (coverage) and the manifest
    assert "4 file(s) written" in built


@pytest.mark.usefixtures("fixed_dates")
def test_changed_settings_and_line_ends_are_not_served_from_the_cache(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    config = root / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("min_reviewed = 0", "min_reviewed = 50"))
    run(root, "build", "--jobs", "1", "--policy", "draft")
    assert (root / "dist" / "en-XA" / "guide-0.md").exists()  # all translated, though not reviewed
    run(root, "build", "--jobs", "1", "--policy", "reviewed")
    assert not (root / "dist" / "en-XA" / "guide-0.md").exists()  # pseudo translations are not reviewed
    source = root / "source" / "notes" / "readme.txt"
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    run(root, "build", "--jobs", "1")
    assert b"\r\n" in (root / "dist" / "en" / "notes" / "readme.txt").read_bytes()


def _truncate(path: Path, others: list[Path]) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _flip(path: Path, others: list[Path]) -> None:
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01
    path.write_bytes(bytes(data))


def _swap(path: Path, others: list[Path]) -> None:
    """Another entry's (well-formed) contents under this entry's name: a stale or misfiled entry."""
    same_kind = [o for o in others if o != path and o.parent.parent.name == path.parent.parent.name]
    other = (same_kind or [o for o in others if o != path])[0]  # a kind with one entry gets another kind's
    path.write_bytes(other.read_bytes())


def _garbage(path: Path, others: list[Path]) -> None:
    path.write_bytes(b"\x00not a cache entry\xff")


@pytest.mark.usefixtures("fixed_dates")
@pytest.mark.parametrize("damage", [_truncate, _flip, _swap, _garbage], ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_cache_is_rebuilt_never_trusted(tmp_path: Path, damage: Callable[[Path, list[Path]], None]) -> None:
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    expected = outputs(root)
    shutil.rmtree(root / "dist")
    for folder in ("locales", "dist"):
        shutil.rmtree(root / folder, ignore_errors=True)
    entries = sorted(p for p in (root / cache.CACHE_DIR).rglob("*") if p.is_file() and p.name != ".gitignore")
    assert len(entries) > 20
    for entry in entries:
        damage(entry, entries)
    cycle(root, "--jobs", "2")
    assert outputs(root) == expected
    run(root, "build", "--jobs", "1")  # and the entries written again are good ones
    assert outputs(root) == expected


@pytest.mark.usefixtures("fixed_dates")
def test_an_entry_of_another_l10n_version_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, splits: Counter[str]
) -> None:
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    splits.clear()
    monkeypatch.setattr(cache, "code_digest", lambda: "a newer l10n")
    run(root, "build", "--jobs", "1")
    assert len(splits) == 8


@pytest.mark.usefixtures("fixed_dates")
def test_an_upgraded_library_that_shapes_the_output_makes_entries_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, splits: Counter[str]
) -> None:
    """A new Babel or markdown-it can split, merge or render differently: the cache must not answer for the old one."""
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    splits.clear()
    run(root, "build", "--jobs", "1")
    assert len(splits) == 0
    site = tmp_path / "site-packages"
    (site / "markdown_it_py-99.0.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    cache.code_digest.cache_clear()
    try:
        run(root, "build", "--jobs", "1")
    finally:
        cache.code_digest.cache_clear()
    assert len(splits) == 8


@pytest.mark.usefixtures("fixed_dates")
def test_deleting_the_cache_is_safe_and_it_is_ignored_by_git(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    assert (root / cache.CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    expected = outputs(root)
    shutil.rmtree(root / cache.CACHE_DIR)
    cycle(root, "--jobs", "1")
    assert outputs(root) == expected


def test_no_cache_leaves_no_cache_folder(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p")
    run(root, "extract", "--no-cache")
    run(root, "update", "--no-cache")
    run(root, "build", "--no-cache")
    assert not (root / cache.CACHE_DIR).exists()


def test_a_bad_document_is_one_error_line_with_several_processes(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p")
    (root / "source" / "broken.txt").write_bytes(b"caf\xe9 au lait\n")
    result = CliRunner().invoke(main, ["-C", str(root), "extract", "--jobs", "2"])
    assert result.exit_code == 1
    assert "source/broken.txt" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("stage", [["status"], ["build"], ["extract"], ["update"]], ids=lambda s: s[0])
def test_cache_keys_do_not_depend_on_the_process(tmp_path: Path, stage: list[str]) -> None:
    """A second process (another hash seed, so sets iterate in another order) finds the first one's entries."""
    root = new_project(tmp_path / "p")
    make_project(root, '["fr", "en-XA"]', '\n[checks]\ndisable = ["numbers", "punctuation", "urls"]\n')
    run(root, "extract", "--jobs", "1")
    run(root, "update", "--jobs", "1")

    def entries() -> set[Path]:
        return {p for p in (root / cache.CACHE_DIR).rglob("*") if p.is_file()}

    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "pipeline", "-C", str(root), *stage], check=True, env=env, capture_output=True
        )
        if seed == "1":
            after_first = entries()
    assert entries() == after_first


@pytest.mark.usefixtures("fixed_dates")
@pytest.mark.parametrize("change", ["edit", "delete", "manifest"])
def test_a_build_with_nothing_changed_still_puts_back_what_was_changed_in_dist(tmp_path: Path, change: str) -> None:
    """The whole-build shortcut checks dist/ itself: an output edited or deleted by hand is rebuilt."""
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    first = run(root, "build", "--jobs", "1").output
    before = outputs(root)
    target = root / "dist" / ("manifest.json" if change == "manifest" else "fr/guide-3.md")
    if change == "delete":
        target.unlink()
    else:
        target.write_bytes(target.read_bytes().replace(b"Chapter", b"Chapitre").replace(b'"bench"', b'"other"') + b" ")
    again = run(root, "build", "--jobs", "1").output
    assert outputs(root) == before
    assert "1 file(s) written" in again
    assert run(root, "build", "--jobs", "1").output == first  # and the shortcut's report is the full build's


def test_a_build_with_nothing_changed_imports_no_renderer(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    code = (
        "import sys\nfrom pipeline.cli import main\n"
        f"main(['-C', {str(root)!r}, 'build'], standalone_mode=False)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('pipeline.', 'jinja2', 'markdown_it')))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    assert "pipeline.build" in loaded
    assert loaded & {"pipeline.checks", "pipeline.site", "pipeline.mo", "pipeline.catalog", "jinja2"} == set()
    assert not any(name.startswith(("pipeline.formats.", "markdown_it", "pipeline.engines.")) for name in loaded)


def test_a_catalog_that_does_not_compile_fails_every_build_until_it_is_fixed(tmp_path: Path) -> None:
    """The whole-build shortcut keeps the last build's compile errors: the second run fails as the first did."""
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    po = root / "locales" / "fr" / "LC_MESSAGES" / "guide-0.po"
    po.write_text(po.read_text(encoding="utf-8") + '\n#, python-format\nmsgid "%s apples"\nmsgstr "%d pommes"\n')
    for _ in range(2):
        result = CliRunner().invoke(main, ["-C", str(root), "build", "--jobs", "1"])
        assert result.exit_code == 1
        assert "guide-0.po" in result.output and "cannot compile" in result.output
    assert not (root / "dist" / "locale" / "fr" / "LC_MESSAGES" / "guide-0.mo").exists()


@pytest.mark.usefixtures("fixed_dates")
def test_a_temporary_file_left_by_a_killed_build_is_removed_by_the_next(tmp_path: Path) -> None:
    """kill -9 during a write leaves ``.<name>.l10n-<random>.tmp`` in dist/; the next build, even a no-op, clears it."""
    root = new_project(tmp_path / "p")
    cycle(root, "--jobs", "1")
    before = outputs(root)
    leftover = root / "dist" / "fr" / ".guide-3.md.l10n-k1ll3d.tmp"
    leftover.write_bytes(b"# Chap")
    someone_elses = root / "dist" / "fr" / "notes.tmp"
    someone_elses.write_bytes(b"not ours")
    run(root, "build", "--jobs", "1")
    assert not leftover.exists()
    assert someone_elses.read_bytes() == b"not ours"
    someone_elses.unlink()
    assert outputs(root) == before
    assert not list((root / "dist").rglob(".*.lock"))


@pytest.mark.usefixtures("fixed_dates")
def test_a_translated_draft_note_reaches_dist_through_the_cache(tmp_path: Path) -> None:
    """The site's own words (locales/<code>/LC_MESSAGES/l10n-site.po) are an input of every draft document."""
    root = new_project(tmp_path / "p")
    run(root, "site-strings")
    cycle(root, "--jobs", "1")
    site = root / "locales" / "en-XA" / "LC_MESSAGES" / "l10n-site.po"  # en-XA is machine-made: drafts, noted
    po = polib.pofile(str(site))
    note = next(e for e in po if e.msgid.startswith("Draft translation:"))
    note.msgstr = "Reviewer's own note: a draft."
    po.save(str(site))
    run(root, "build", "--jobs", "1")
    cached = outputs(root)
    assert "Reviewer's own note: a draft." in (root / "dist" / "en-XA" / "guide-3.md").read_text(encoding="utf-8")
    run(root, "build", "--jobs", "1", "--no-cache")
    assert outputs(root) == cached
