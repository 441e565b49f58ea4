"""TMX 1.4b: the project's memory out (read back by Translate Toolkit), a memory in and reused by translate."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import catalog, config
from pipeline.cli import main
from pipeline.review import State, state
from pipeline.tmx import bcp47
from pipeline.translate import Options, translate
from tests.test_translate import Fake

HEADER = """\
msgid ""
msgstr ""
"Language: {lang}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""
ENTRIES = {
    "es": """\
msgid "Save"
msgstr "Guardar"

msgctxt "verb"
msgid "Open"
msgstr "Abrir"

# l10n: machine apertium eng-spa 0.8.1-2
#, fuzzy
msgid "Close the window"
msgstr "Cierra la ventana"

msgid "Untranslated"
msgstr ""

msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichero"
msgstr[1] "%d ficheros"
""",
    "pt_BR": """\
msgid "Save"
msgstr "Salvar"
""",
}


def make(root: Path, entries: dict[str, str], locales: str = '["es", "pt-BR"]') -> Path:
    for code, text in entries.items():
        path = root / "locale" / code / "LC_MESSAGES" / "app.po"
        path.parent.mkdir(parents=True)
        path.write_text(HEADER.format(lang=code) + text, encoding="utf-8")
    (root / "l10n.toml").write_text(
        f'[project]\nlocales = {locales}\n\n[catalogs]\npaths = ["locale/{{locale}}/LC_MESSAGES/*.po"]\n',
        encoding="utf-8",
    )
    return root


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("code", "tag"),
    [("fr", "fr"), ("pt_BR", "pt-BR"), ("pt-BR", "pt-BR"), ("zh_Hant", "zh-Hant"), ("sr@latin", "sr-Latn")],
)
def test_language_codes_are_bcp47(code: str, tag: str) -> None:
    assert bcp47(code) == tag


def test_export_holds_reviewed_translations_and_translate_toolkit_reads_it(tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    root = make(tmp_path, ENTRIES)
    code, output = run(root, "tm", "export", str(tmp_path / "memory.tmx"))
    assert code == 0 and "2 units, 3 translations" in output and "1 plural entries left out" in output
    store = tmxfile.parsefile(str(tmp_path / "memory.tmx"))
    pairs = {(str(u.source), str(u.target)) for u in store.units}
    # Translate Toolkit reads the first target language of each unit (es, in sorted order).
    assert pairs == {("Save", "Guardar"), ("Open", "Abrir")}
    text = (tmp_path / "memory.tmx").read_text(encoding="utf-8")
    assert 'xml:lang="pt-BR"' in text and 'version="1.4"' in text and 'srclang="en"' in text
    assert "Cierra la ventana" not in text  # machine translations only with --all

    code, output = run(root, "tm", "export", str(tmp_path / "all.tmx"), "--all", "--locale", "es")
    assert code == 0 and "3 units, 3 translations" in output
    assert '<prop type="x-l10n-state">machine</prop>' in (tmp_path / "all.tmx").read_text(encoding="utf-8")


def test_a_memory_round_trips_into_another_project_and_fills_it_before_any_engine(tmp_path: Path) -> None:
    first = make(tmp_path / "a", ENTRIES)
    assert run(first, "tm", "export", str(tmp_path / "memory.tmx"), "--all")[0] == 0
    second = make(
        tmp_path / "b",
        {"es": 'msgid "Save"\nmsgstr ""\n\nmsgid "Close the window"\nmsgstr ""\n\nmsgid "New"\nmsgstr ""\n'},
        '["es"]',
    )
    code, output = run(second, "tm", "import", str(tmp_path / "memory.tmx"))
    assert code == 0 and "tm/es.po: 3 added, 0 already there" in output
    assert run(second, "tm", "import", str(tmp_path / "memory.tmx"))[1].count("0 added, 3 already there") == 1
    engine = Fake()
    [result] = translate(config.load(second), Options(engine="fake"), engine_for=lambda name: engine).locales
    assert result.from_memory == 2 and engine.calls == [["New"]]  # only what the memory did not have
    po = catalog.read(second / "locale" / "es" / "LC_MESSAGES" / "app.po")
    saved = po.find("Save")
    assert saved.msgstr == "Guardar" and state(saved) is State.MACHINE and "tm/es.po (reviewed)" in saved.tcomment
    assert po.find("Close the window").msgstr == "Cierra la ventana"


HOSTILE = {
    "dtd.tmx": (
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x "xx">]>\n<tmx version="1.4"><header/><body/></tmx>',
        "mem.tmx:1: declares a DTD of its own",
    ),
    "xliff.tmx": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"/>',
        "not a TMX file: the root element is <xliff> in namespace urn:oasis:names:tc:xliff:document:2.0",
    ),
    "version.tmx": ('<tmx version="2.0"><header/><body/></tmx>', 'TMX version "2.0" is not one l10n reads'),
    "lying.tmx": (
        '<tmx version="1.4"><header srclang="en"/><body>\n<tu><tuv lang="en"><seg>a</seg></tuv></tu></body></tmx>',
        'mem.tmx:2: says version="1.4" but a <tuv> has TMX 1.1\'s lang attribute',
    ),
    "srclang.tmx": (
        '<tmx version="1.4">\n<header srclang="de"/><body/></tmx>',
        "mem.tmx:2: the memory's source language is de",
    ),
    "broken.tmx": ('<tmx version="1.4"><header/><body><tu>', "mem.tmx:1: not well-formed XML"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_tmx_is_one_line_and_writes_nothing(tmp_path: Path, case: str) -> None:
    root = make(tmp_path, ENTRIES)
    text, message = HOSTILE[case]
    (tmp_path / "mem.tmx").write_text(text, encoding="utf-8")
    code, output = run(root, "tm", "import", str(tmp_path / "mem.tmx"))
    assert code == 1 and message in output, output
    assert len(output.strip().splitlines()) == 1
    assert not (root / "tm").exists()


def test_units_with_inline_codes_or_without_the_source_language_are_skipped(tmp_path: Path) -> None:
    root = make(tmp_path, ENTRIES)
    (tmp_path / "mem.tmx").write_text(
        '<tmx version="1.4"><header srclang="en-US"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Hi <ph>&lt;b&gt;</ph></seg></tuv><tuv xml:lang="es"><seg>Hola</seg></tuv></tu>'
        '<tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="es"><seg>Hola</seg></tuv></tu>'
        '<tu><tuv xml:lang="EN"><seg>Yes</seg></tuv><tuv xml:lang="ES"><seg>Sí</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    code, output = run(root, "tm", "import", str(tmp_path / "mem.tmx"))
    assert code == 0 and "3 units read, 2 skipped" in output and "tm/es.po: 1 added" in output
    assert catalog.read(root / "tm" / "es.po").find("Yes").msgstr == "Sí"
