"""XLIFF 2.0 and 1.2: export, read back by Translate Toolkit, import with no loss, hostile files."""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline import catalog, config, xliff
from pipeline.cli import main
from pipeline.review import State, provenance, state

CATALOG = """\
msgid ""
msgstr ""
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: views.py:3
msgid "Nothing yet"
msgstr ""

# l10n: machine apertium eng-spa 0.8.1-2
#: views.py:5
#, fuzzy, python-format
msgid "Hello %(name)s"
msgstr "Hola %(name)s"

#. Shown in the toolbar
#: views.py:7
#, fuzzy
msgctxt "menu"
msgid "Open"
msgstr "Abierto"

#| msgid "Old text"
#, fuzzy
msgid "New text"
msgstr "Texto viejo"

# Checked by Ana
msgid "  Save  "
msgstr "  Guardar  "

#, python-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichero"
msgstr[1] "%d ficheros"
"""
STATES = {
    "Nothing yet": State.UNTRANSLATED,
    "Hello %(name)s": State.MACHINE,
    "Open": State.NEEDS_REVIEW,
    "New text": State.NEEDS_REVIEW,
    "  Save  ": State.REVIEWED,
    "%d file": State.REVIEWED,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "locale" / "es" / "LC_MESSAGES" / "app.po"
    path.parent.mkdir(parents=True)
    path.write_text(CATALOG, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        '[project]\nlocales = ["es"]\n\n[catalogs]\npaths = ["locale/{locale}/LC_MESSAGES/*.po"]\n', encoding="utf-8"
    )
    return tmp_path


def po_file(root: Path) -> Path:
    return root / "locale" / "es" / "LC_MESSAGES" / "app.po"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def export(root: Path, form: str) -> Path:
    code, output = run(root, "export", "--format", form)
    assert code == 0, output
    assert "xliff/es/app.xlf: 7 units" in output  # six entries, the plural one as two forms
    return root / "xliff" / "es" / "app.xlf"


def test_states_and_context_survive_the_round_trip_through_our_reader(project: Path) -> None:
    for form in xliff.FORMATS:
        parsed = xliff.read(export(project, form))
        assert (parsed.source_language, parsed.target_language, parsed.original) == ("en", "es", "app")
        found = {unit.source: unit for unit in parsed.units}
        assert {source: unit.state for source, unit in found.items()} == STATES
        assert found["Open"].context == "menu"
        assert found["Hello %(name)s"].provenance == "machine apertium eng-spa 0.8.1-2"
        assert found["  Save  "].targets == ("  Guardar  ",)  # edge spaces kept
        assert found["%d file"].targets == ("%d fichero", "%d ficheros")
        assert found["%d file"].source_plural == "%d files"


def test_translate_toolkit_reads_xliff2(project: Path) -> None:
    from translate.storage.xliff2 import Xliff2File

    store = Xliff2File.parsefile(str(export(project, "xliff2")))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "es")
    units = {unit.source: unit for unit in store.units}
    assert len(store.units) == 7
    assert units["Hello %(name)s"].target == "Hola %(name)s" and not units["Hello %(name)s"].isapproved()
    assert units["  Save  "].isapproved() and units["  Save  "].target == "  Guardar  "
    assert not units["Nothing yet"].target


def test_translate_toolkit_reads_xliff12(project: Path) -> None:
    from translate.storage.xliff import xlifffile

    store = xlifffile.parsefile(str(export(project, "xliff12")))
    units = {str(unit.source): unit for unit in store.units}
    assert units["Open"].getcontextgroups("po-entry") == [[("x-po-msgctxt", "menu")]]
    assert units["Open"].target == "Abierto"
    assert units["  Save  "].isapproved() and not units["Open"].isapproved()
    assert "machine apertium" in units["Hello %(name)s"].getnotes()
    assert units["Hello %(name)s"].getlocations() == ["views.py:5"]
    assert [str(form) for form in units["%d file"].target.strings] == ["%d fichero", "%d ficheros"]


def _schemas() -> dict[str, Path]:
    """The official XSDs, where an installed package ships them (none on PyPI or Debian does today)."""
    found: dict[str, Path] = {}
    for folder in {sysconfig.get_paths()["purelib"], sys.prefix, "/usr/share"}:
        for name in ("xliff_core_2.0.xsd", "xliff-core-1.2-strict.xsd"):
            for hit in Path(folder).rglob(name):
                found.setdefault(name, hit)
    return found


@pytest.mark.parametrize(("form", "name"), [("xliff2", "xliff_core_2.0.xsd"), ("xliff12", "xliff-core-1.2-strict.xsd")])
def test_output_validates_against_the_official_schema(project: Path, form: str, name: str) -> None:
    from lxml import etree

    schema = _schemas().get(name)
    if schema is None:
        pytest.skip(f"{name} is not installed here (no PyPI or Debian package ships it)")
    parser = etree.XMLParser(no_network=True)
    validator = etree.XMLSchema(etree.parse(str(schema), parser))
    document = etree.parse(str(export(project, form)), parser)
    assert validator.validate(document), validator.error_log


@pytest.mark.parametrize("form", xliff.FORMATS)
def test_importing_an_untouched_export_changes_nothing(project: Path, form: str) -> None:
    path = export(project, form)
    before = po_file(project).read_bytes()
    code, output = run(project, "import", str(path))
    assert code == 0 and "0 applied, 6 unchanged, 0 conflicts (unchanged)" in output
    assert po_file(project).read_bytes() == before


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_cat_tools_work_comes_back_with_its_states(project: Path) -> None:
    path = export(project, "xliff2")
    # The agency translated one entry, signed off a machine one, and corrected another without signing it off.
    _edit(
        path,
        '<segment state="initial">\n        <source>Nothing yet</source>',
        '<segment state="final">\n        <source>Nothing yet</source>\n        <target>Nada todavía</target>',
    )
    _edit(path, 'state="translated" subState="l10n:machine"', 'state="final"')
    _edit(path, "<target>Abierto</target>", "<target>Abrir</target>")
    code, output = run(project, "import", str(path))
    assert code == 0 and "3 applied" in output, output
    po = catalog.read(po_file(project))
    assert po.find("Nothing yet").msgstr == "Nada todavía" and state(po.find("Nothing yet")) is State.REVIEWED
    hello = po.find("Hello %(name)s")
    assert state(hello) is State.REVIEWED and hello.msgstr == "Hola %(name)s"
    opened = po.find("Open", msgctxt="menu")
    assert opened.msgstr == "Abrir" and state(opened) is State.NEEDS_REVIEW and opened.comment == "Shown in the toolbar"


def test_translate_toolkits_sign_off_comes_back_as_reviewed(project: Path) -> None:
    from translate.storage.xliff import xlifffile

    path = export(project, "xliff12")
    store = xlifffile.parsefile(str(path))
    for unit in store.units:
        if str(unit.source) == "Nothing yet":
            unit.target = "Nada todavía"  # (Translate Toolkit also sets approved="yes": the state decides)
            unit.set_state_n(unit.S_SIGNED_OFF)
        if str(unit.source) == "Open":
            unit.target = "Abrir"
    path.write_bytes(bytes(store))
    code, output = run(project, "import", str(path))
    assert code == 0 and "2 applied" in output, output
    po = catalog.read(po_file(project))
    assert state(po.find("Nothing yet")) is State.REVIEWED and po.find("Nothing yet").msgstr == "Nada todavía"
    assert state(po.find("Open", msgctxt="menu")) is State.NEEDS_REVIEW


def test_a_reviewer_is_never_overwritten_and_conflicts_are_listed(project: Path) -> None:
    path = export(project, "xliff12")
    # Meanwhile a reviewer works on the catalog: approves "Hello", revises "Save".
    po = catalog.read(po_file(project))
    po.find("Hello %(name)s").flags.remove("fuzzy")
    po.find("  Save  ").msgstr = "  Grabar  "
    catalog.save(po, po_file(project))
    # The file comes back: "Hello" edited but only translated, "Save" reviewed differently, a new draft for "Open".
    _edit(path, ">Hola %(name)s<", ">Hola, %(name)s<")
    _edit(path, ">  Guardar  <", ">  Salvar  <")
    _edit(path, ">Abierto<", ">Abrir<")
    code, output = run(project, "import", str(path))
    assert code == 1
    conflicts = [line for line in output.splitlines() if line.startswith("conflict:")]
    assert len(conflicts) == 2 and all("app.xlf:" in line for line in conflicts)
    assert "'Hello %(name)s' is reviewed in the catalog" in output
    assert "was reviewed in the catalog since the export" in output
    po = catalog.read(po_file(project))
    assert po.find("Hello %(name)s").msgstr == "Hola %(name)s" and not po.find("Hello %(name)s").fuzzy
    assert po.find("  Save  ").msgstr == "  Grabar  "
    assert po.find("Open", msgctxt="menu").msgstr == "Abrir"  # what did not conflict was applied
    assert "1 applied" in output


def test_a_unit_whose_source_left_the_catalog_is_a_conflict(project: Path) -> None:
    path = export(project, "xliff2")
    po = catalog.read(po_file(project))
    po.remove(po.find("Nothing yet"))
    catalog.save(po, po_file(project))
    _edit(path, "<source>Nothing yet</source>", "<source>Nothing yet</source>\n        <target>Nada</target>")
    code, output = run(project, "import", str(path))
    assert code == 1 and "source 'Nothing yet' is not in app.po" in output


def test_a_machine_translation_keeps_its_provenance_through_import(project: Path) -> None:
    po = catalog.read(po_file(project))
    po.find("Nothing yet").msgstr = ""
    path = export(project, "xliff2")
    _edit(path, "<source>Nothing yet</source>", "<source>Nothing yet</source>\n        <target>Nada aún</target>")
    _edit(path, '<segment state="initial">', '<segment state="translated" subState="l10n:machine">')
    _edit(path, '<unit id="u1"', '<unit id="u1" xmlns:x="urn:x"')  # foreign namespaces are fine
    assert run(project, "import", str(path))[0] == 0
    entry = catalog.read(po_file(project)).find("Nothing yet")
    assert state(entry) is State.MACHINE and provenance(entry) == "machine (from app.xlf)"


HOSTILE = {
    "billion-laughs.xlf": (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"><file id="f"/></xliff>',
        "app.xlf:1: declares a DTD of its own",
    ),
    "external-entity.xlf": (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">&e;</xliff>',
        "declares a DTD of its own",
    ),
    "undeclared-entity.xlf": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">\n&passwd;</xliff>',
        "app.xlf:2: not well-formed XML",
    ),
    "wrong-root.xlf": ("<html><body>Hello</body></html>", "app.xlf:1: not an XLIFF file: the root element is <html>"),
    "tmx-as-xliff.xlf": ('<tmx version="1.4"><header/><body/></tmx>', "root element is <tmx> in no namespace"),
    "lying-version.xlf": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="2.0"><file/></xliff>',
        'says version="2.0" but uses the XLIFF 1.2 namespace',
    ),
    "future-version.xlf": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="3.0" srcLang="en"/>',
        'XLIFF version "3.0" is not one l10n reads',
    ),
    "truncated.xlf": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">\n<file id="f1">\n<unit',
        "app.xlf:3: not well-formed XML",
    ),
    "empty.xlf": ("", "app.xlf"),
    "inline-markup.xlf": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es">'
        '<file id="f1" original="app">\n<unit id="u1"><segment><source>Hi <ph id="1"/></source></segment></unit>'
        "</file></xliff>",
        "app.xlf:2: unit 'u1': <ph> inside <source>",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_xliff_is_one_line_and_changes_nothing(project: Path, case: str) -> None:
    text, message = HOSTILE[case]
    path = project / "app.xlf"
    path.write_text(text, encoding="utf-8")
    before = po_file(project).read_bytes()
    code, output = run(project, "import", str(path))
    assert code == 1 and message in output, output
    assert len(output.strip().splitlines()) == 1 and "Traceback" not in output
    assert po_file(project).read_bytes() == before


def test_a_huge_file_is_read_one_unit_at_a_time(project: Path) -> None:
    units = 20_000
    path = project / "big.xlf"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es">')
        handle.write('<file id="f1" original="app">')
        for number in range(units):
            handle.write(f'<unit id="u{number}"><segment><source>Text {number}</source></segment></unit>')
        handle.write("</file></xliff>")
    parsed = xliff.read(path)
    assert len(parsed.units) == units and parsed.units[-1].source == f"Text {units - 1}"


def test_export_into_a_folder_and_a_single_document(project: Path, tmp_path: Path) -> None:
    code, output = run(project, "export", "--doc", "app", "-o", str(tmp_path / "out"), "--format", "xliff12")
    assert code == 0 and (tmp_path / "out" / "es" / "app.xlf").is_file()
    code, output = run(project, "export", "--doc", "nope")
    assert code == 1 and "no document named 'nope'" in output


def test_import_refuses_a_file_for_another_language(project: Path) -> None:
    path = export(project, "xliff2")
    _edit(path, 'trgLang="es"', 'trgLang="de"')
    code, output = run(project, "import", str(path))
    assert code == 1 and "target language 'de' is not one of the project's locales (es)" in output


def test_polib_reads_every_catalog_the_import_wrote(project: Path) -> None:
    path = export(project, "xliff2")
    _edit(path, "<target>Abierto</target>", "<target>Abrir &amp; ver</target>")
    run(project, "import", str(path))
    assert polib.pofile(str(po_file(project))).find("Open", msgctxt="menu").msgstr == "Abrir & ver"
    assert config.load(project).external


def test_a_language_with_one_plural_form_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "locale" / "ja" / "LC_MESSAGES" / "app.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: ja\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\n',
        encoding="utf-8",
    )
    (tmp_path / "l10n.toml").write_text(
        '[project]\nlocales = ["ja"]\n\n[catalogs]\npaths = ["locale/{locale}/LC_MESSAGES/*.po"]\n', encoding="utf-8"
    )
    code, output = run(tmp_path, "export")
    assert code == 0 and "1 units" in output
    xlf = tmp_path / "xliff" / "ja" / "app.xlf"
    _edit(xlf, '<segment state="initial">', '<segment state="final">')
    _edit(xlf, "<source>%d file</source>", "<source>%d file</source>\n          <target>%d 個のファイル</target>")
    code, output = run(tmp_path, "import", str(xlf))
    assert code == 0 and "1 applied" in output, output
    assert catalog.read(path).find("%d file").msgstr_plural == {0: "%d 個のファイル"}
