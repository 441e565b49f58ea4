"""A catalog's charset: read as its header says, written as UTF-8 under a header that says so; never a traceback."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import catalog
from tests.conftest import make_project

MSGFMT = shutil.which("msgfmt")
SOURCE = "International cooperation."


def l10n(root: Path, *args: str) -> tuple[int, str]:
    from pipeline.cli import main

    result = CliRunner().invoke(main, ["-C", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def project_with(tmp_path: Path, code: str, header_charset: str, msgstr: str, encoding: str) -> tuple[Path, Path]:
    """A project whose ``code`` catalog says ``charset=header_charset`` and holds ``msgstr`` encoded as ``encoding``."""
    root = make_project(tmp_path / "p", locales=f'["{code}"]')
    (root / "source" / "doc.txt").write_text(SOURCE + "\n", encoding="utf-8")
    assert l10n(root, "extract")[0] == 0
    po_path = root / "locales" / code / "LC_MESSAGES" / "doc.po"
    po_path.parent.mkdir(parents=True)
    text = (
        'msgid ""\nmsgstr ""\n'
        f'"Language: {code.replace("-", "_")}\\n"\n'
        f'"Content-Type: text/plain; charset={header_charset}\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        f'#: source/doc.txt:1\nmsgid "{SOURCE}"\nmsgstr "{msgstr}"\n'
    )
    po_path.write_bytes(text.encode(encoding))
    return root, po_path


def mo_text(root: Path, code: str) -> str:
    with open(root / "dist" / "locale" / code / "LC_MESSAGES" / "doc.mo", "rb") as handle:
        return gettext.GNUTranslations(handle).gettext(SOURCE)


def msgfmt_check(path: Path) -> None:
    if MSGFMT is not None:
        subprocess.run([MSGFMT, "--check", "-o", os.devnull, str(path)], check=True)


def test_a_latin1_catalog_builds_right_and_is_rewritten_as_utf8(tmp_path: Path) -> None:
    root, po_path = project_with(tmp_path, "es", "ISO-8859-1", "Cooperación internacional.", "latin-1")
    code, output = l10n(root, "build")
    assert code == 0, output
    assert mo_text(root, "es") == "Cooperación internacional."  # not cooperaciÃ³n
    assert "Cooperación internacional." in (root / "dist" / "es" / "doc.txt").read_text(encoding="utf-8")

    (root / "source" / "doc.txt").write_text(SOURCE + "\n\nA second sentence.\n", encoding="utf-8")
    assert l10n(root, "extract")[0] == 0
    assert l10n(root, "update")[0] == 0
    text = po_path.read_bytes().decode("utf-8")  # UTF-8 now, and the header says so
    assert "charset=UTF-8" in text and "ISO-8859-1" not in text
    assert catalog.read(po_path).find(SOURCE).msgstr == "Cooperación internacional."
    msgfmt_check(po_path)


def test_utf8_text_under_a_stale_latin1_header_keeps_its_text(tmp_path: Path) -> None:
    """What l10n translate used to write: UTF-8 under charset=ISO-8859-1. build died with a UnicodeEncodeError."""
    root, _ = project_with(tmp_path, "es", "ISO-8859-1", "Cooperación internacional: 5 € 東京.", "utf-8")
    code, output = l10n(root, "build")
    assert code == 0 and "Traceback" not in output, output
    assert mo_text(root, "es") == "Cooperación internacional: 5 € 東京."


def test_translate_writes_a_header_that_says_what_it_wrote(tmp_path: Path) -> None:
    """Pseudo-translation brings characters Latin-1 lacks; the file said ISO-8859-1 and got UTF-8 bytes."""
    root, po_path = project_with(tmp_path, "en-XA", "ISO-8859-1", "", "latin-1")
    code, output = l10n(root, "translate", "--locale", "en-XA")
    assert code == 0, output
    text = po_path.read_bytes().decode("utf-8")
    assert "charset=UTF-8" in text and "ISO-8859-1" not in text
    assert catalog.read(po_path).find(SOURCE).msgstr not in ("", SOURCE)
    msgfmt_check(po_path)


@pytest.mark.parametrize("command", ["update", "translate", "build", "check", "status"])
def test_an_unknown_charset_is_one_clear_line(tmp_path: Path, command: str) -> None:
    """charset=X-BOGUS gave a LookupError traceback."""
    root, po_path = project_with(tmp_path, "es", "X-BOGUS", "Cooperación internacional.", "utf-8")
    before = po_path.read_bytes()
    code, output = l10n(root, command)
    assert "doc.po:4: unknown or unsupported charset 'X-BOGUS'" in output and "Traceback" not in output, output
    if command != "status":  # status lists it as unreadable and goes on
        assert code != 0
    assert po_path.read_bytes() == before
