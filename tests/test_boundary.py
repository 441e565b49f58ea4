"""Nothing leaves the project: links out of it are refused, never read or written through."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import make_project


def l10n(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file of the user's, outside the project: what /etc/passwd stands for."""
    path = tmp_path / "home" / "secret.txt"
    path.parent.mkdir()
    path.write_text("root:x:0:0:the secret line:/root:/bin/bash\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("link", ["passwd.txt", "sub/passwd.txt"])
def test_a_source_linking_out_of_the_project_is_refused_and_never_published(
    tmp_path: Path, secret: Path, link: str
) -> None:
    root = make_project(tmp_path / "project")
    (root / "source" / "page.txt").write_text("Hello.\n", encoding="utf-8")
    (root / "source" / link).parent.mkdir(exist_ok=True)
    (root / "source" / link).symlink_to(secret)
    for command in (["extract"], ["release", "--version", "1.0", "--policy", "draft"]):
        code, out = l10n(root, *command)
        assert code == 1
        expected = f"source/{link}: links to {secret}, outside the project; it is not read"
        assert out == f"l10n: error: {expected} (copy the file into the project, or add it to 'exclude')\n"
    leaked = [p for p in root.rglob("*") if p.is_file() and b"the secret line" in p.read_bytes() and p != secret]
    assert leaked == [root / "source" / link]  # the link itself, nothing l10n wrote


def test_a_folder_linking_out_of_the_project_is_refused_without_being_walked(tmp_path: Path, secret: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "source" / "etc").symlink_to(secret.parent, target_is_directory=True)
    code, out = l10n(root, "extract")
    assert code == 1 and "source/etc: links to" in out and "outside the project" in out


def test_an_excluded_link_out_of_the_project_is_left_alone(tmp_path: Path, secret: Path) -> None:
    root = make_project(tmp_path / "project", extra='exclude = ["private/*"]\n')
    (root / "source" / "page.txt").write_text("Hello.\n", encoding="utf-8")
    (root / "source" / "private").mkdir()
    (root / "source" / "private" / "passwd.txt").symlink_to(secret)
    assert l10n(root, "extract")[0] == 0
    assert "secret" not in (root / "locales" / "page.pot").read_text(encoding="utf-8")


def test_a_linked_folder_inside_the_project_still_works(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "shared").mkdir()
    (root / "shared" / "common.txt").write_text("Shared words.\n", encoding="utf-8")
    (root / "source" / "common").symlink_to(root / "shared", target_is_directory=True)
    code, out = l10n(root, "extract")
    assert code == 0, out
    assert "Shared words." in (root / "locales" / "common" / "common.pot").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["dist", "dist/fr", "locales", "locales/fr/LC_MESSAGES"])
def test_no_stage_writes_through_an_output_link_leading_out_of_the_project(tmp_path: Path, where: str) -> None:
    root = make_project(tmp_path / "project")
    (root / "source" / "page.txt").write_text("Hello.\n", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    (root / where).symlink_to(outside, target_is_directory=True)
    for command in (["extract"], ["update"], ["build", "--policy", "draft"], ["status"]):
        code, out = l10n(root, *command)
        assert code == 1
        assert out.startswith(f"l10n: error: {where}: links to {outside}, outside the project; l10n does not write")
    assert list(outside.iterdir()) == []


def test_a_catalog_linking_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "source" / "page.txt").write_text("Hello.\n", encoding="utf-8")
    assert l10n(root, "extract")[0] == 0 and l10n(root, "update")[0] == 0
    outside = tmp_path / "victim.po"
    outside.write_text("# not yours\n", encoding="utf-8")
    po = root / "locales" / "fr" / "LC_MESSAGES" / "page.po"
    po.unlink()
    po.symlink_to(outside)
    code, out = l10n(root, "translate", "--engine", "pseudo")
    assert code == 1 and "locales/fr/LC_MESSAGES/page.po: links to" in out
    assert outside.read_text(encoding="utf-8") == "# not yours\n"


@pytest.mark.parametrize("key", ["source_dir", "locales_dir", "dist_dir"])
def test_a_configured_folder_outside_the_project_is_refused(tmp_path: Path, key: str) -> None:
    root = make_project(tmp_path / "project", extra=f'{key} = "../outside"\n')
    (tmp_path / "outside").mkdir()
    code, out = l10n(root, "status")
    assert code == 2 and f"l10n.toml:5: '{key}' leads outside the project folder" in out


def test_a_release_archive_holds_only_project_files(tmp_path: Path, secret: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "source" / "page.txt").write_text("Hello.\n", encoding="utf-8")
    code, out = l10n(root, "release", "--version", "1.0", "--policy", "draft")
    assert code == 0, out
    archives = list(root.rglob("*.tar.gz"))
    assert archives
    with tarfile.open(archives[0]) as archive:
        assert all(".." not in name.split("/") for name in archive.getnames())


def test_a_source_folder_linking_out_of_the_project_is_refused(tmp_path: Path, secret: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "l10n.toml").write_text('[project]\nlocales = ["fr"]\n', encoding="utf-8")
    (root / "source").symlink_to(secret.parent, target_is_directory=True)
    code, out = l10n(root, "extract")
    assert code == 1 and out.startswith(f"l10n: error: source: links to {secret.parent}, outside the project")
    assert not (root / "locales").exists()
