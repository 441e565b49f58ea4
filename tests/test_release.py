"""``l10n release``: reproducible archives of dist/."""

from __future__ import annotations

import gzip
import os
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.test_build import copy_case, run


def release(root: Path, out: Path, version: str = "1.0.0") -> None:
    result = run(root, "release", "--version", version, "--output", str(out))
    assert result.exit_code == 0, result.output
    assert f"release-{version}.tar.gz" in result.output


def test_same_inputs_give_byte_identical_archives(tmp_path: Path) -> None:
    first = copy_case("text", tmp_path / "a")
    second = copy_case("text", tmp_path / "b")
    # Different file times and an extra build in between change nothing.
    for path in second.rglob("*"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    assert run(second, "build", "--policy", "draft").exit_code == 0
    release(first, tmp_path / "out-a")
    release(second, tmp_path / "out-b")
    for name in ("release-1.0.0.tar.gz", "release-1.0.0.zip"):
        assert (tmp_path / "out-a" / name).read_bytes() == (tmp_path / "out-b" / name).read_bytes(), name


def test_archive_entries_are_relative_sorted_and_normalised(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    (root / "dist").mkdir()
    (root / "dist" / "stray.tmp").write_text("not from the build", encoding="utf-8")
    release(root, root)
    data = (root / "release-1.0.0.tar.gz").read_bytes()
    assert data[4:8] == b"\0\0\0\0"  # gzip header time
    with tarfile.open(root / "release-1.0.0.tar.gz") as archive:
        members = archive.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names)
    assert all(n == "release-1.0.0" or n.startswith("release-1.0.0/") for n in names)
    assert not any(n.startswith("/") or ".." in n.split("/") for n in names)
    assert {"release-1.0.0/index.html", "release-1.0.0/manifest.json", "release-1.0.0/fr/notice.txt"} <= set(names)
    assert "release-1.0.0/stray.tmp" not in names
    for member in members:
        assert (member.mtime, member.uid, member.gid, member.uname, member.gname) == (315532800, 0, 0, "", "")
        assert member.mode == (0o755 if member.isdir() else 0o644)
    with zipfile.ZipFile(root / "release-1.0.0.zip") as archive:
        infos = archive.infolist()
        assert [i.filename.rstrip("/") for i in infos] == names
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert archive.read("release-1.0.0/fr/notice.txt") == (root / "dist/fr/notice.txt").read_bytes()


def test_source_date_epoch_sets_the_entry_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = copy_case("text", tmp_path)
    release(root, root)
    with tarfile.open(root / "release-1.0.0.tar.gz") as archive:
        assert {m.mtime for m in archive.getmembers()} == {1700000000}
    with gzip.open(root / "release-1.0.0.tar.gz") as raw:
        assert raw.read(1)


@pytest.mark.parametrize("epoch", ["99999999999", "4354819200"])
def test_a_source_date_a_zip_cannot_hold_is_one_clear_error(
    epoch: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    root = copy_case("text", tmp_path)
    result = run(root, "release", "--version", "1.0")
    assert result.exit_code == 1
    assert f"SOURCE_DATE_EPOCH={epoch} is after 2107-12-31" in result.output
    assert not list(root.glob("release-*"))


def test_the_last_date_a_zip_can_hold_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4354819198")
    root = copy_case("text", tmp_path)
    release(root, root)
    with zipfile.ZipFile(root / "release-1.0.0.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(2107, 12, 31, 23, 59, 58)}


@pytest.mark.parametrize("version", ["../1.0", "1.0/x", "", "1.0 beta", "-1", ".hidden", "a" * 65])
def test_unusable_versions_are_refused(version: str, tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    result = run(root, "release", "--version", version)
    assert result.exit_code == 2
    assert "is not a usable version" in result.output
    assert not list(root.glob("release-*"))
    assert not (root / "dist").exists()


def test_compile_errors_stop_the_release(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    po_path = root / "locales/fr/LC_MESSAGES/notice.po"
    po_path.write_text(
        po_path.read_text(encoding="utf-8") + '\n#, python-format\nmsgid "%(n)d"\nmsgstr "%(m)d"\n', encoding="utf-8"
    )
    result = run(root, "release", "--version", "2.0")
    assert result.exit_code == 1
    assert "locales/fr/LC_MESSAGES/notice.po:" in result.output
    assert not list(root.glob("release-*"))


def test_unwritable_output_is_one_clear_error(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = run(root, "release", "--version", "1.0", "--output", str(blocker / "out"))
    assert result.exit_code == 1
    assert "cannot write" in result.output
    shutil.rmtree(root / "dist")


def test_releasing_a_version_again_with_other_content_replaces_the_archives_and_says_so(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    out = tmp_path / "out"
    release(root, out)
    again = run(root, "release", "--version", "1.0.0", "--output", str(out))
    assert "already existed" not in again.output  # the same content: nothing to say
    before = (out / "release-1.0.0.zip").read_bytes()
    (root / "source/notice.txt").write_text("A different notice.\n", encoding="utf-8")
    changed = run(root, "release", "--version", "1.0.0", "--output", str(out))
    assert changed.exit_code == 0
    assert (out / "release-1.0.0.zip").read_bytes() != before  # never a stale archive
    for name in ("release-1.0.0.tar.gz", "release-1.0.0.zip"):
        assert f"warning: {out / name} already existed with other content and was replaced" in changed.output


def test_archives_are_not_written_among_the_sources(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    for inside in (root / "source", root / "source" / "old"):
        result = run(root, "release", "--version", "1.0", "--output", str(inside))
        assert result.exit_code == 1
        assert "the archives would land among the source documents" in result.output
    assert not list(root.rglob("release-*"))
    assert run(root, "build").exit_code == 0
