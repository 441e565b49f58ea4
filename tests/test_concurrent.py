"""One path changes catalogs (``catalog.edit``): editors saving meanwhile lose nothing, broken files stay as is."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from bench.editor import stress
from pipeline import atomic, catalog
from pipeline.cli import main
from pipeline.errors import CatalogError

MSGFMT = shutil.which("msgfmt")


def l10n(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def ready(project: Path, *sentences: str) -> Path:
    """``project`` extracted and updated for fr; its catalog's path."""
    (project / "source" / "doc.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    assert l10n(project, "extract")[0] == 0
    assert l10n(project, "update")[0] == 0
    return project / "locales" / "fr" / "LC_MESSAGES" / "doc.po"


def reviewer_saves(path: Path, msgid: str, msgstr: str) -> None:
    """A PO editor saving in place: truncate, then write. It takes no lock."""
    po = polib.pofile(path.read_text(encoding="utf-8"))
    entry = po.find(msgid)
    assert entry is not None
    entry.msgstr = msgstr
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(str(po))


def test_an_editor_saving_every_few_milliseconds_loses_nothing(tmp_path: Path) -> None:
    """The attack run: translate and update while a reviewer saves in place and by rename (bench: ~1,000 saves)."""
    figures = stress(tmp_path / "stress", saves=80, entries=40)
    assert figures.saves == 80
    assert (figures.lost, figures.wiped) == (0, 0), figures
    assert figures.l10n_writes > 0  # l10n got its work in too, between the editor's saves


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "catalog is empty (0 bytes)"),
        (b"\n\n", "catalog is empty (only blank lines)"),
        (b"# French translation of doc\n# Copyright\n", "no header and no entries"),
        (b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Birds sing."\n', "doc.po:5: msgid without a msgstr"),
        (b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Birds sing."\nmsgstr "Les oi', "unterminated string"),
        (b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Birds sing."\nmsgstr "x"\nmsgfoo "y"\n', "PO syntax error"),
    ],
)
@pytest.mark.parametrize("stage", ["update", "translate"])
def test_a_broken_catalog_is_an_error_never_an_empty_catalog(
    project: Path, content: bytes, message: str, stage: str
) -> None:
    """An editor's in-place save cut short used to be read as an empty catalog, and saved over (62 bytes, exit 0)."""
    path = ready(project, "Birds sing.", "Fish swim.")
    path.write_bytes(content)
    code, output = l10n(project, stage, *(["--engine", "pseudo"] if stage == "translate" else []))
    assert code != 0
    assert "doc.po" in output and message in output and "Traceback" not in output
    assert path.read_bytes() == content  # nothing written


def test_a_read_only_catalog_is_an_error_not_replaced(project: Path) -> None:
    path = ready(project, "Birds sing.")
    (project / "source" / "doc.txt").write_text("Birds sing.\n\nFish swim.\n", encoding="utf-8")
    assert l10n(project, "extract")[0] == 0
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        code, output = l10n(project, "update")
        assert code != 0 and "doc.po: catalog is read-only (mode 0444)" in output
        assert path.read_bytes() == before and (path.stat().st_mode & 0o777) == 0o444
    finally:
        path.chmod(0o644)


def test_temp_files_left_by_a_kill_are_cleaned_and_only_ours(project: Path) -> None:
    path = ready(project, "Birds sing.")
    ours = path.parent / f".doc.po{atomic.TMP_TAG}k1ll3d.tmp"
    ours.write_text("half a catalog", encoding="utf-8")
    theirs = path.parent / ".doc.po.swp"
    theirs.write_text("an editor's swap file", encoding="utf-8")
    (project / "source" / "doc.txt").write_text("Birds sing.\n\nFish swim.\n", encoding="utf-8")
    assert l10n(project, "extract")[0] == 0
    assert l10n(project, "update")[0] == 0
    assert not ours.exists() and theirs.exists()
    assert sorted(p.name for p in path.parent.iterdir()) == [".doc.po.swp", "doc.po"]  # no lock file left either


def test_an_edit_holds_the_lock_every_l10n_process_takes(project: Path) -> None:
    path = ready(project, "Birds sing.")
    seen = []

    def change(po: polib.POFile | None) -> polib.POFile | None:
        with open(path.parent / ".doc.po.lock", "a") as other:  # what another process's edit would open
            try:
                fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                seen.append("free")
            except BlockingIOError:
                seen.append("held")
        return None

    assert catalog.edit(path, change) is False
    assert seen == ["held"]


def test_an_editor_saving_in_place_during_an_edit_makes_it_start_over(project: Path) -> None:
    path = ready(project, "Birds sing.", "Fish swim.")
    calls = []

    def change(po: polib.POFile | None) -> polib.POFile:
        assert po is not None
        calls.append(po.find("Birds sing.").msgstr)
        if len(calls) == 1:  # the reviewer saves while l10n works on its copy
            reviewer_saves(path, "Birds sing.", "Les oiseaux chantent.")
        po.find("Fish swim.").msgstr = "Les poissons nagent."
        return po

    assert catalog.edit(path, change)
    assert calls == ["", "Les oiseaux chantent."]  # the second try started from the reviewer's file
    po = catalog.read(path)
    assert po.find("Birds sing.").msgstr == "Les oiseaux chantent."
    assert po.find("Fish swim.").msgstr == "Les poissons nagent."


@pytest.mark.parametrize("how", ["in place", "by rename"])
def test_a_save_slipping_in_just_before_the_rename_is_put_back(
    project: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The last window: the editor saves after l10n's final check, right before its rename."""
    path = ready(project, "Birds sing.", "Fish swim.")
    real = atomic._exchange
    swaps = []

    def exchange(a: Path, b: Path) -> bool:
        if not swaps:
            if how == "in place":
                reviewer_saves(path, "Birds sing.", "Les oiseaux chantent.")
            else:
                po = polib.pofile(path.read_text(encoding="utf-8"))
                po.find("Birds sing.").msgstr = "Les oiseaux chantent."
                (path.parent / "editor.tmp").write_text(str(po), encoding="utf-8")
                os.replace(path.parent / "editor.tmp", path)
        swaps.append(1)
        return real(a, b)

    monkeypatch.setattr(atomic, "_exchange", exchange)

    def change(po: polib.POFile | None) -> polib.POFile:
        assert po is not None
        po.find("Fish swim.").msgstr = "Les poissons nagent."
        return po

    assert catalog.edit(path, change)
    po = catalog.read(path)
    assert po.find("Birds sing.").msgstr == "Les oiseaux chantent."  # the editor's save survived
    assert po.find("Fish swim.").msgstr == "Les poissons nagent."  # and l10n's change was made on top of it
    assert len(swaps) == 3  # swapped, swapped back, swapped again


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")
def test_what_the_stress_run_leaves_passes_msgfmt_check(tmp_path: Path) -> None:
    stress(tmp_path / "stress", saves=10, entries=10)
    for path in (tmp_path / "stress" / "locales").rglob("*.po"):
        subprocess.run([MSGFMT, "--check", "-o", os.devnull, str(path)], check=True)


def test_the_review_page_saves_through_the_same_path(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reviewer's save on the page while an editor saves the file in place: both kept; a 0-byte file is refused."""
    from pipeline.serve import store

    path = ready(project, "Birds sing.", "Fish swim.")
    po = catalog.read(path)
    base = store.version(store.find(po, "Fish swim."))
    real = store.apply
    calls = []

    def apply_while_an_editor_saves(entry: polib.POEntry, change: store.Change, *gate: store.Gate | None) -> None:
        calls.append(1)
        if len(calls) == 1:
            reviewer_saves(path, "Birds sing.", "Les oiseaux chantent.")
        real(entry, change, *gate)

    monkeypatch.setattr(store, "apply", apply_while_an_editor_saves)
    saved = store.save(path, store.Change("Fish swim.", store.Action.EDIT, base, "Les poissons nagent."))
    assert isinstance(saved, store.Saved) and saved.written and len(calls) == 2
    po = catalog.read(path)
    assert po.find("Birds sing.").msgstr == "Les oiseaux chantent."
    assert po.find("Fish swim.").msgstr == "Les poissons nagent." and not po.find("Fish swim.").fuzzy

    path.write_bytes(b"")
    with pytest.raises(CatalogError, match="catalog is empty"):
        store.save(path, store.Change("Fish swim.", store.Action.EDIT, base, "Autre."))
    assert path.read_bytes() == b""


def test_a_lock_file_shipped_as_a_link_is_not_followed(project: Path, tmp_path: Path) -> None:
    path = ready(project, "Birds sing.")
    outside = tmp_path / "outside" / "created-by-l10n"
    outside.parent.mkdir()
    (path.parent / ".doc.po.lock").symlink_to(outside)
    (project / "source" / "doc.txt").write_text("Birds sing.\n\nFish swim.\n", encoding="utf-8")
    assert l10n(project, "extract")[0] == 0
    assert l10n(project, "update")[0] == 0
    assert not outside.exists() and catalog.read(path).find("Fish swim.") is not None
