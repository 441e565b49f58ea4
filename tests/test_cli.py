"""The command line: help everywhere, the loop on the sample, bad input handled."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import REPO


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, f"{prefix}{name} "))
    return found


@pytest.mark.parametrize(("name", "command"), all_commands(main))
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    assert command.help and len(command.help) > 30, f"'l10n {name}' has no help text"
    if not isinstance(command, click.Group):
        assert "l10n " in command.help, f"'l10n {name}' help has no example"
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0


def test_python_dash_m_pipeline_runs_the_same_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0
    assert "Usage: l10n" in result.stdout and "extract" in result.stdout


def invoke(project: Path, *args: str) -> click.testing.Result:
    return CliRunner().invoke(main, ["-C", str(project), *args])


def test_the_loop_on_the_sample_rebuilds_the_source_untranslated(sample_project: Path) -> None:
    toml = sample_project / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("min_reviewed = 80", "min_reviewed = 0"), encoding="utf-8")
    for step in ("extract", "update", "build"):
        result = invoke(sample_project, step)
        assert result.exit_code == 0, result.output
    source = sample_project / "source" / "interpol-european-regional-conference.txt"
    for lang in ("fr", "es", "ar"):
        built = sample_project / "dist" / lang / "interpol-european-regional-conference.txt"
        assert built.read_bytes() == source.read_bytes()
    assert not (sample_project / "dist" / "en-XA").exists()  # pseudo-locales test the software: not published
    assert (sample_project / "locales" / "interpol-european-regional-conference.pot").exists()


def test_build_substitutes_reviewed_translations_only(project: Path) -> None:
    (project / "source" / "doc.txt").write_text("Birds sing.  Fish swim.\n\nDogs bark.\n", encoding="utf-8")
    assert invoke(project, "extract").exit_code == 0
    assert invoke(project, "update").exit_code == 0
    po = project / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Birds sing."\nmsgstr ""', 'msgid "Birds sing."\nmsgstr "Les oiseaux chantent."')
    text = text.replace('msgid "Dogs bark."\nmsgstr ""', '#, fuzzy\nmsgid "Dogs bark."\nmsgstr "Les chiens aboient."')
    po.write_text(text, encoding="utf-8")
    with (project / "l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[build]\nmin_reviewed = 0\n")
    assert invoke(project, "build", "--locale", "fr").exit_code == 0
    built = (project / "dist" / "fr" / "doc.txt").read_text(encoding="utf-8")
    assert built == "Les oiseaux chantent.  Fish swim.\n\nDogs bark.\n"
    assert invoke(project, "build", "--locale", "fr", "--policy", "draft").exit_code == 0
    built = (project / "dist" / "fr" / "doc.txt").read_text(encoding="utf-8")
    draft_note = "[Draft translation: parts of this document have not been reviewed yet.]\n\n"
    assert built == draft_note + "Les oiseaux chantent.  Fish swim.\n\nLes chiens aboient.\n"


BAD_SOURCES = [
    # (file name, bytes, exit code, what the one-line error must say)
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "photo.txt: binary file"),
    ("latin1.txt", b"First line.\n\nCaf\xe9 au lait.\n", 1, "latin1.txt:3: document is not valid UTF-8 (byte 0xe9)"),
    ("slides.pptx", b"PK\x03\x04", 1, "slides.pptx: no format handles '.pptx' files"),
]


@pytest.mark.parametrize(("name", "data", "code", "message"), BAD_SOURCES)
def test_bad_source_is_a_clear_error_and_nothing_is_written(
    project: Path, name: str, data: bytes, code: int, message: str
) -> None:
    (project / "source" / name).write_bytes(data)
    result = invoke(project, "extract")
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output
    assert not list((project / "locales").rglob("*")) if (project / "locales").exists() else True


def test_unwritable_output_folder_is_a_clear_error(project: Path) -> None:
    (project / "source" / "doc.txt").write_text("Birds sing.\n", encoding="utf-8")
    (project / "locales").write_text("not a folder", encoding="utf-8")
    result = invoke(project, "extract")
    assert result.exit_code == 1
    assert "cannot write" in result.output and "locales/doc.pot" in result.output


def test_excluded_files_are_not_documents(project: Path) -> None:
    (project / "source" / "logo.png").write_bytes(b"\x89PNG\x00")
    (project / "source" / "doc.txt").write_text("Birds sing.\n", encoding="utf-8")
    (project / "l10n.toml").write_text(
        (project / "l10n.toml").read_text(encoding="utf-8") + 'exclude = ["*.png"]\n', encoding="utf-8"
    )
    result = invoke(project, "extract")
    assert result.exit_code == 0, result.output
    assert "locales/doc.pot: 1 entries" in result.output


def test_unknown_locale_option_is_a_usage_error(sample_project: Path) -> None:
    assert invoke(sample_project, "extract").exit_code == 0
    result = invoke(sample_project, "update", "--locale", "de")
    assert result.exit_code == 2
    assert "'de' is not one of the project's locales" in result.output


def build_everything(project: Path) -> None:
    """extract, update and build with every document published, translated or not."""
    (project / "l10n.toml").write_text(
        (project / "l10n.toml").read_text(encoding="utf-8") + "[build]\nmin_reviewed = 0\n", encoding="utf-8"
    )
    for step in ("extract", "update", "build"):
        result = invoke(project, step)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("notes.txt", "First line.\r\nSecond line.\r\n\r\nA second paragraph.\r\n"),
        ("guide.md", "# Title\r\n\r\nSome *text* here.\r\n\r\n- item one\r\n- item two\r\n"),
        ("page.html", "<!DOCTYPE html>\r\n<html><body>\r\n<p>Hello <b>world</b>.</p>\r\n</body></html>\r\n"),
    ],
)
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_windows_line_endings_and_bom_survive_an_untranslated_build(
    project: Path, name: str, text: str, bom: bytes
) -> None:
    original = bom + text.encode("utf-8")
    (project / "source" / name).write_bytes(original)
    build_everything(project)
    for lang in ("en", "es"):
        built = (project / "dist" / lang / name).read_bytes()
        assert built.startswith(bom) and built.count(b"\n") == built.count(b"\r\n") > 0
        if not name.endswith(".html"):  # HTML pages gain lang, dir and alternates
            assert built == original


def test_mixed_line_endings_survive_an_untranslated_build(project: Path) -> None:
    """A file mostly LF with a few CRLF lines (a pasted block) used to come back all CRLF."""
    original = b"First line.\nSecond line.\r\n\nA second paragraph.\n\nA third one.\n"
    (project / "source" / "notes.txt").write_bytes(original)
    build_everything(project)
    for lang in ("en", "es"):
        assert (project / "dist" / lang / "notes.txt").read_bytes() == original


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (b"caf\xe9.txt", "source/caf\ufffd.txt: file name is not valid UTF-8"),
        (b"two\nlines.txt", "'source/two\\nlines.txt': file name holds a control character"),
    ],
)
def test_a_file_name_no_catalog_can_hold_is_a_clear_error(project: Path, name: bytes, message: str) -> None:
    """A latin-1 name raised UnicodeEncodeError (a traceback) while writing the template."""
    (project / "source" / "ok.txt").write_text("Birds sing.\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(project / "source"), name), "wb") as handle:
        handle.write(b"Hello there.\n")
    result = invoke(project, "extract")
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (project / "locales").exists() or not list((project / "locales").rglob("*.pot"))


def test_update_with_no_locales_says_so_instead_of_doing_nothing(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "doc.txt").write_text("Birds sing.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text("", encoding="utf-8")
    assert invoke(tmp_path, "extract").exit_code == 0
    result = invoke(tmp_path, "update")
    assert result.exit_code == 2
    assert "l10n.toml: no locales to update: 'locales' in [project] is empty" in result.output


def test_a_locale_given_twice_is_updated_once(project: Path) -> None:
    (project / "source" / "doc.txt").write_text("Birds sing.\n", encoding="utf-8")
    assert invoke(project, "extract").exit_code == 0
    result = invoke(project, "update", "-l", "fr", "--locale", "fr")
    assert result.exit_code == 0
    assert result.output.count("fr/LC_MESSAGES/doc.po") == 1


def test_extract_names_a_template_whose_source_is_gone(project: Path) -> None:
    """Renamed a.txt to b.txt: a.pot stayed and update kept merging it, without a word."""
    (project / "source" / "a.txt").write_text("Birds sing.\n", encoding="utf-8")
    assert invoke(project, "extract").exit_code == 0
    (project / "source" / "a.txt").rename(project / "source" / "b.txt")
    result = invoke(project, "extract")
    assert result.exit_code == 0
    assert "note: locales/a.pot has no source document any more" in result.output
    assert (project / "locales" / "a.pot").exists()
