"""Plural entries survive every stage as msgmerge would leave them, and l10n never saves a catalog msgfmt refuses."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.msgmerge_compare import MSGMERGE, Comparison, compare_one, django_catalogs
from pipeline import catalog
from pipeline.cli import main

MSGFMT = shutil.which("msgfmt")
needs_gettext = pytest.mark.skipif(MSGFMT is None or MSGMERGE is None, reason="GNU gettext is not installed")

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {code}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: {forms}\\n"\n\n'
)
RU = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
TEMPLATE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=CHARSET\\n"

msgid "one file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""

msgid "new thing"
msgid_plural "new things"
msgstr[0] ""
msgstr[1] ""

msgid "Birds sing."
msgstr ""
"""


def l10n(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def msgfmt_check(path: Path) -> None:
    assert MSGFMT is not None
    done = subprocess.run([MSGFMT, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def plural_project(root: Path, code: str, catalog_text: str) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text(
        f'[project]\nname = "p"\nsource_language = "en"\nlocales = ["{code}"]\n', encoding="utf-8"
    )
    (root / "locales").mkdir()
    (root / "locales" / "app.pot").write_text(TEMPLATE, encoding="utf-8")
    po = root / "locales" / code / "LC_MESSAGES" / "app.po"
    po.parent.mkdir(parents=True)
    po.write_text(catalog_text, encoding="utf-8")
    return po


@needs_gettext
def test_update_keeps_plural_entries_whole_and_counts_them_once(tmp_path: Path) -> None:
    """update dropped msgid_plural (msgfmt: missing 'msgid_plural' section) and counted the entry twice."""
    text = HEADER.format(code="ru", forms=RU) + (
        'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "файл"\nmsgstr[1] "файла"\nmsgstr[2] "файлов"\n'
    )
    po_path = plural_project(tmp_path / "p", "ru", text)
    code, output = l10n(tmp_path / "p", "update")
    assert code == 0, output
    assert "1 translated, 0 fuzzy, 2 untranslated" in output  # 3 entries, each counted once
    msgfmt_check(po_path)
    po = catalog.read(po_path)
    kept = po.find("one file")
    assert kept.msgid_plural == "%d files" and kept.msgstr_plural == {0: "файл", 1: "файла", 2: "файлов"}
    new = po.find("new thing")
    assert new.msgid_plural == "new things" and new.msgstr_plural == {0: "", 1: "", 2: ""}  # nplurals of ru


@needs_gettext
def test_a_new_plural_catalog_gets_the_locales_number_of_forms(tmp_path: Path) -> None:
    po_path = plural_project(tmp_path / "p", "ar", "")
    po_path.unlink()
    assert l10n(tmp_path / "p", "update")[0] == 0
    msgfmt_check(po_path)
    assert catalog.read(po_path).find("new thing").msgstr_plural == dict.fromkeys(range(6), "")  # Babel: ar has 6


@needs_gettext
def test_update_matches_msgmerge_entry_by_entry_on_djangos_catalogs(tmp_path: Path) -> None:
    """Django's shipped catalogs (hundreds of plural entries), each merged by both tools with a changed template."""
    catalogs = django_catalogs()
    if not catalogs:
        pytest.skip("django (a dev dependency) is not installed")
    result = Comparison()
    for number, path in enumerate(catalogs[::40]):
        compare_one(path, tmp_path / str(number), result)
    assert result.catalogs >= 25 and result.entries > 1000 and result.plural_entries > 100
    assert not result.differences, result.examples


@needs_gettext
def test_a_django_catalog_through_l10n_update_passes_msgfmt_check(tmp_path: Path) -> None:
    catalogs = [p for p in django_catalogs() if p.parent.parent.name == "ru" and p.name == "django.po"]
    if not catalogs:
        pytest.skip("django (a dev dependency) is not installed")
    root = tmp_path / "p"
    po_path = plural_project(root, "ru", catalogs[0].read_text(encoding="utf-8"))
    assert l10n(root, "update")[0] == 0
    msgfmt_check(po_path)
    assert l10n(root, "translate", "--engine", "pseudo")[0] in (0, 1)
    msgfmt_check(po_path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'msgid "Birds sing."\nmsgstr ""\n\nmsgid "Birds sing."\nmsgstr "Les oiseaux chantent."\n',
            "app.po:10: msgid 'Birds sing.' is defined twice (also at line 7)",
        ),
        (
            'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[7] "h"\n\n'
            'msgid "Birds sing."\nmsgstr ""\n',
            "app.po:7: msgid 'one file' has msgstr[7] but the header says nplurals=2",
        ),
    ],
)
def test_translate_refuses_a_catalog_msgfmt_would_refuse(tmp_path: Path, body: str, message: str) -> None:
    """translate used to save these as they were (msgfmt --check fails); now one line, nothing written."""
    po_path = plural_project(tmp_path / "p", "en-XA", HEADER.format(code="en_XA", forms="nplurals=2; plural=(n != 1);"))
    po_path.write_text(po_path.read_text(encoding="utf-8") + body, encoding="utf-8")
    before = po_path.read_bytes()
    code, output = l10n(tmp_path / "p", "translate", "--locale", "en-XA")
    assert code == 1 and message in output and len(output.strip().splitlines()) == 1, output
    assert po_path.read_bytes() == before


@needs_gettext
def test_an_untranslated_plural_entry_gets_nplurals_forms(tmp_path: Path) -> None:
    """The one deliberate difference from msgmerge: it keeps 3 empty forms (Django's pt), which msgfmt refuses."""
    text = HEADER.format(code="pt", forms="nplurals=2; plural=(n != 1);") + (
        'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n'
    )
    po_path = plural_project(tmp_path / "p", "pt", text)
    assert l10n(tmp_path / "p", "update")[0] == 0
    assert catalog.read(po_path).find("one file").msgstr_plural == {0: "", 1: ""}
    msgfmt_check(po_path)
