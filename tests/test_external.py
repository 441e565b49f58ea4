"""Catalogs another tool made ([catalogs] in l10n.toml), and one-off ``l10n translate FILE.po``.

The catalogs are small ones written here in the shapes sphinx-intl and
Django's makemessages write (unwrapped or wrapped, msgctxt, python-format and
python-brace-format, RST roles, HTML, plural entries); the engine is the real
Apertium where it is installed.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline import catalog, config
from pipeline.cli import main
from pipeline.engines import Pair
from pipeline.engines.apertium import ApertiumEngine
from pipeline.review import State, state

apertium = pytest.mark.skipif(not {Pair("en", "es")} <= ApertiumEngine().pairs(), reason="Apertium eng-spa missing")
msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")

HEADER = """\
# Sphinx documentation, as sphinx-intl writes it.
msgid ""
msgstr ""
"Project-Id-Version: demo\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {plural}\\n"

"""
ENTRIES = """\
#: ../../library/numbers.rst:2
msgid "The :mod:`numbers` module defines a hierarchy of numeric abstract base classes."
msgstr ""

#: ../../library/numbers.rst:9
msgid "Use ``isinstance(x, Number)`` to check whether a value is a number."
msgstr ""

#: ../../library/numbers.rst:12
msgctxt "menu"
msgid "Open the file"
msgstr ""

#: views.py:4
#, python-format
msgid "Hello %(user_name)s, you have <a href=\\"%(url)s\\">new messages</a>."
msgstr ""

#: views.py:8
#, python-brace-format
msgid "The server is {status} today."
msgstr ""

#: views.py:12
#, python-format
msgid "%(count)d file was deleted."
msgid_plural "%(count)d files were deleted."
msgstr[0] ""
msgstr[1] ""

#: views.py:14
msgid "Read the documentation."
msgstr "Lea la documentación revisada."
"""
ES_PLURAL = "nplurals=2; plural=(n != 1);"


def write_tree(root: Path, locales: tuple[str, ...] = ("es",)) -> Path:
    """A Sphinx-style project: docs/locales/<lang>/LC_MESSAGES/library/numbers.po, and its template."""
    for code in locales:
        path = root / "docs" / "locales" / code / "LC_MESSAGES" / "library" / "numbers.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER.format(lang=code, plural=ES_PLURAL) + ENTRIES, encoding="utf-8")
    pot = root / "docs" / "_build" / "gettext" / "library" / "numbers.pot"
    pot.parent.mkdir(parents=True, exist_ok=True)
    pot.write_text(HEADER.format(lang="", plural="") + ENTRIES.replace("Lea la documentación revisada.", ""))
    (root / "l10n.toml").write_text(
        textwrap.dedent(
            f"""\
            [project]
            name = "demo"
            locales = {list(locales)!r}

            [catalogs]
            paths = ["docs/locales/{{locale}}/LC_MESSAGES/**/*.po"]
            template = "docs/_build/gettext/**/*.pot"
            """
        ).replace("'", '"'),
        encoding="utf-8",
    )
    return root / "docs" / "locales" / locales[0] / "LC_MESSAGES" / "library" / "numbers.po"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_catalogs_are_found_where_the_globs_say_under_one_document_name(tmp_path: Path) -> None:
    from pipeline import external

    write_tree(tmp_path, ("es", "pt_BR"))
    cfg = config.load(tmp_path)
    assert cfg.external and not cfg.source_dir.exists()  # no source/ needed
    assert [(f.doc, f.path.relative_to(tmp_path).as_posix()) for f in external.catalogs(cfg, "es")] == [
        ("library/numbers", "docs/locales/es/LC_MESSAGES/library/numbers.po")
    ]
    assert external.documents(cfg) == ["library/numbers"]
    assert cfg.pot_path("library/numbers").is_file()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('paths = ["docs/locales/LC_MESSAGES/*.po"]', "must hold '{locale}' once"),
        ('paths = ["/srv/locales/{locale}/*.po"]', "must be relative to the project folder"),
        ('paths = ["../other/{locale}/*.po"]', "must be relative to the project folder"),
        ('paths = ["locales/{locale}/*.mo"]', "must end in .po"),
        ('paths = ["**/{locale}/*.po"]', "must not have '**' before '{locale}'"),
        ('paths = "locales/{locale}/*.po"', "'paths' in [catalogs] must be a list"),
        ('template = "gettext/*.pot"', "[catalogs] template needs 'paths' too"),
        ('paths = ["l/{locale}/*.po"]\ntemplate = "gettext/{locale}/*.pot"', "drop '{locale}'"),
        ('path = ["l/{locale}/*.po"]', "unknown key 'path' in [catalogs]"),
    ],
)
def test_a_bad_catalogs_table_is_one_line_naming_the_line(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "l10n.toml").write_text(f'[project]\nlocales = ["es"]\n\n[catalogs]\n{table}\n', encoding="utf-8")
    code, output = run(tmp_path, "status")
    assert code == 2
    line = 5 + table.count("\n")  # the offending key's line
    assert f"l10n.toml:{line}: " in output and message in output
    assert "Traceback" not in output and len(output.strip().splitlines()) == 1


def test_extract_refuses_and_update_needs_the_templates(tmp_path: Path) -> None:
    path = write_tree(tmp_path)
    before = path.read_bytes()
    code, output = run(tmp_path, "extract")
    assert code == 2 and "made by another tool" in output and "sphinx-build -b gettext" in output
    toml = tmp_path / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("template =", "# template ="), encoding="utf-8")
    code, output = run(tmp_path, "update")
    assert code == 2 and "'l10n update' needs the templates" in output
    assert path.read_bytes() == before


def test_update_merges_the_templates_into_the_catalogs_as_msgmerge_does(tmp_path: Path) -> None:
    path = write_tree(tmp_path, ("es", "de"))
    pot = tmp_path / "docs" / "_build" / "gettext" / "library" / "numbers.pot"
    text = pot.read_text(encoding="utf-8").replace("Read the documentation.", "Read the whole documentation.")
    pot.write_text(text + '\nmsgid "A new sentence."\nmsgstr ""\n', encoding="utf-8")
    (tmp_path / "docs" / "locales" / "de").rename(tmp_path / "de-was")  # de has no catalog yet
    code, output = run(tmp_path, "update")
    assert code == 0, output
    po = catalog.read(path)
    changed = po.find("Read the whole documentation.")
    assert changed.msgstr == "Lea la documentación revisada." and changed.fuzzy  # kept, for a reviewer to check
    assert changed.previous_msgid == "Read the documentation."
    assert po.find("A new sentence.").msgstr == ""
    created = tmp_path / "docs" / "locales" / "de" / "LC_MESSAGES" / "library" / "numbers.po"
    assert created.is_file() and catalog.read(created).find("A new sentence.") is not None


@apertium
@msgfmt
def test_translate_check_status_build_in_place_keep_markup_context_and_reviews(tmp_path: Path) -> None:
    path = write_tree(tmp_path)
    code, output = run(tmp_path, "translate", "--engine", "apertium")
    assert code == 0, output
    assert "6 entries by apertium" in output and "1 of them plural, form by form" in output
    po = catalog.read(path)
    role = po.find("The :mod:`numbers` module defines a hierarchy of numeric abstract base classes.")
    assert ":mod:`numbers`" in role.msgstr and state(role) is State.MACHINE
    assert (
        "``isinstance(x, Number)``"
        in po.find("Use ``isinstance(x, Number)`` to check whether a value is a number.").msgstr
    )
    html = po.find('Hello %(user_name)s, you have <a href="%(url)s">new messages</a>.').msgstr
    assert "%(user_name)s" in html and '<a href="%(url)s">' in html and "</a>" in html
    assert "{status}" in po.find("The server is {status} today.").msgstr
    menu = po.find("Open the file", msgctxt="menu")
    assert menu is not None and menu.msgctxt == "menu" and menu.msgstr
    plural = po.find("%(count)d file was deleted.")
    assert all("%(count)d" in form for form in plural.msgstr_plural.values()) and len(plural.msgstr_plural) == 2
    assert po.find("Read the documentation.").msgstr == "Lea la documentación revisada."  # the reviewer's, kept
    subprocess.run(["msgfmt", "--check", "--use-fuzzy", "-o", "/dev/null", str(path)], check=True)

    code, output = run(tmp_path, "check")
    assert code == 0, output
    code, output = run(tmp_path, "status", "--format", "json")
    assert code == 0 and '"document": "library/numbers"' in output and '"machine": 6' in output

    code, output = run(tmp_path, "build", "--policy", "draft")
    assert code == 0, output
    mo = path.with_suffix(".mo")
    assert "numbers.mo: 7 messages (written)" in output
    translations = polib.mofile(str(mo))
    assert translations.find("The server is {status} today.") is not None
    assert run(tmp_path, "build", "--policy", "draft")[1].count("(unchanged)") == 1
    run(tmp_path, "build")  # reviewed only: the one entry a person translated
    assert [e.msgid for e in polib.mofile(str(mo)) if e.msgid] == ["Read the documentation."]


def test_a_catalog_that_does_not_compile_is_named_and_its_mo_left_alone(tmp_path: Path) -> None:
    path = write_tree(tmp_path)
    po = catalog.read(path)
    po.find("The server is {status} today.").msgstr = "El servidor"
    po.find("%(count)d file was deleted.").msgstr_plural = {0: "%(count)d fichero", 1: "%(count)s ficheros %s"}
    catalog.save(po, path)
    mo = path.with_suffix(".mo")
    mo.write_bytes(b"old")
    code, output = run(tmp_path, "build")
    assert code == 1 and "numbers.po:" in output and "cannot compile" in output
    assert mo.read_bytes() == b"old"


def test_serve_lists_and_edits_an_external_catalog(tmp_path: Path) -> None:
    from pipeline.serve.app import create_app

    path = write_tree(tmp_path)
    client = create_app(config.load(tmp_path)).test_client()
    assert "library/numbers" in client.get("/").get_data(as_text=True)
    page = client.get("/doc/es/library/numbers")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and ":mod:`numbers`" in text
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)">', text)
    versions = dict(re.findall(r'data-key="([^"]*)" data-version="([^"]*)"', text))
    assert csrf is not None and "Open the file" in "".join(versions)
    key = next(k for k in versions if k.endswith("Open the file"))  # msgctxt + EOT + msgid
    body = {"key": html.unescape(key), "action": "edit", "base": versions[key], "text": "Abrir el fichero", "number": 1}
    response = client.post("/save/es/library/numbers", json=body, headers={"X-CSRF-Token": csrf.group(1)})
    assert response.status_code == 200, response.get_data(as_text=True)
    saved = catalog.read(path).find("Open the file", msgctxt="menu")
    assert saved.msgstr == "Abrir el fichero" and state(saved) is State.REVIEWED


@apertium
def test_translate_files_outside_any_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "loose"
    (folder / "es" / "LC_MESSAGES").mkdir(parents=True)
    by_folder = folder / "es" / "LC_MESSAGES" / "django.po"
    by_folder.write_text(HEADER.format(lang="", plural=ES_PLURAL) + ENTRIES, encoding="utf-8")
    by_header = folder / "messages.po"
    by_header.write_text(HEADER.format(lang="es", plural=ES_PLURAL) + ENTRIES, encoding="utf-8")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["translate", str(by_folder), str(by_header)])
    assert result.exit_code == 0, result.output
    # One locale, two catalogs: each distinct text went to the engine once (5 singular + 2 plural sources).
    assert "es: 12 entries by apertium" in result.output and "(7 segments sent" in result.output
    for path in (by_folder, by_header):
        assert (
            ":mod:`numbers`"
            in catalog.read(path)
            .find("The :mod:`numbers` module defines a hierarchy of numeric abstract base classes.")
            .msgstr
        )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("nolang.po", HEADER.format(lang="", plural=ES_PLURAL), "cannot tell which language"),
        ("x.pot", HEADER.format(lang="", plural=""), "a template has no language"),
        ("notes.txt", "hello", "not a .po catalog"),
        ("broken.po", 'msgid "a\nmsgstr ""\n', "unterminated string"),
    ],
)
def test_translate_files_refuses_what_it_cannot_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["translate", name, "--engine", "pseudo"])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert (tmp_path / name).read_text(encoding="utf-8") == text


@apertium
@msgfmt
def test_a_django_catalog_tree_is_prefilled_checked_and_compiled_in_place(tmp_path: Path) -> None:
    """Django's own shipped catalog (a dev dependency): its core Spanish, emptied of a third of its translations.

    (Its admin, auth and humanize Spanish catalogs do not pass msgfmt --check as shipped: their header says
    two plural forms, their entries have three. l10n refuses to save those, as msgfmt refuses to compile them.)
    """
    django = pytest.importorskip("django")
    shipped = Path(django.__file__).parent / "conf" / "locale" / "es" / "LC_MESSAGES" / "django.po"
    path = tmp_path / "django" / "conf" / "locale" / "es" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po = polib.pofile(str(shipped))
    emptied = [e for i, e in enumerate(po) if i % 3 == 1 and not e.obsolete]
    for entry in emptied:
        entry.msgstr = ""
        entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
    po.save(str(path))
    kept = {e.msgid: e.msgstr for e in po if e.msgstr}
    (tmp_path / "l10n.toml").write_text(
        '[project]\nlocales = ["es"]\n\n[catalogs]\npaths = ["django/*/locale/{locale}/LC_MESSAGES/*.po"]\n',
        encoding="utf-8",
    )
    code, output = run(tmp_path, "translate")
    assert code == 0, output
    after = catalog.read(path)
    assert all(after.find(msgid).msgstr == text for msgid, text in kept.items())  # the translators' work, kept
    filled = [after.find(e.msgid, msgctxt=e.msgctxt) for e in emptied]
    assert sum(state(e) is State.MACHINE for e in filled) >= 0.9 * len(emptied)
    for entry in filled:
        if "python-format" in entry.flags and entry.msgstr:
            assert sorted(re.findall(r"%\(\w+\)[sd]", entry.msgstr)) == sorted(re.findall(r"%\(\w+\)[sd]", entry.msgid))
    assert run(tmp_path, "check")[0] == 0
    assert run(tmp_path, "build", "--policy", "draft")[0] == 0
    subprocess.run(["msgfmt", "--check", "--use-fuzzy", "-o", "/dev/null", str(path)], check=True)
    assert len(polib.mofile(str(path.with_suffix(".mo")))) >= len(kept) + 0.9 * len(emptied)


@apertium
def test_a_broken_catalog_in_the_tree_is_named_and_skipped_the_others_translated(tmp_path: Path) -> None:
    """As in Django's shipped Spanish admin catalog: the header says 2 plural forms, an entry has 3."""
    good = write_tree(tmp_path)
    broken = good.parent / "broken.po"
    broken.write_text(
        HEADER.format(lang="es", plural=ES_PLURAL)
        + 'msgid "Hello"\nmsgstr ""\n\nmsgid "%d file"\nmsgid_plural "%d files"\n'
        + 'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n',
        encoding="utf-8",
    )
    before = broken.read_bytes()
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "translate", "--engine", "apertium"])
    assert result.exit_code == 1
    assert "6 entries by apertium" in result.output  # the good catalog, translated
    assert catalog.read(good).find("The server is {status} today.").msgstr
    assert "broken.po:" in result.output and "msgstr[2] but the header says nplurals=2" in result.output
    assert "1 catalog skipped" in result.output and "Traceback" not in result.output
    assert broken.read_bytes() == before


@pytest.mark.parametrize(
    ("pattern", "files", "docs"),
    [
        ("po/{locale}.po", ["po/fr.po"], ["po"]),  # xgettext projects: one catalog per language
        ("{locale}.po", ["fr.po"], ["messages"]),
        ("po/app-{locale}.po", ["po/app-fr.po"], ["app"]),
        ("locale/{locale}/LC_MESSAGES/*.po", ["locale/fr/LC_MESSAGES/django.po"], ["django"]),
        (
            "django/contrib/*/locale/{locale}/LC_MESSAGES/*.po",
            [
                "django/contrib/admin/locale/fr/LC_MESSAGES/django.po",
                "django/contrib/auth/locale/fr/LC_MESSAGES/django.po",
            ],
            ["admin/locale/django", "auth/locale/django"],
        ),
        ("docs/{locale}/**/*.po", ["docs/fr/a.po", "docs/fr/guide/b.po"], ["a", "guide/b"]),
    ],
)
def test_document_names_of_common_layouts(tmp_path: Path, pattern: str, files: list[str], docs: list[str]) -> None:
    from pipeline import external

    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(HEADER.format(lang="fr", plural=ES_PLURAL), encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        f'[project]\nlocales = ["fr", "de"]\n\n[catalogs]\npaths = ["{pattern}"]\n', encoding="utf-8"
    )
    cfg = config.load(tmp_path)
    assert external.documents(cfg) == docs
    assert [cfg.po_path("fr", doc) for doc in docs] == [tmp_path / name for name in files]
    # A locale without catalogs yet: where they would go, beside the others.
    assert cfg.po_path("de", docs[0]) == tmp_path / files[0].replace("fr", "de")


TRANSIFEX = """\
msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: theming.py:122
#, python-format
msgid "setting %s.%s occurs in none of the searched theme configs, nor in the defaults"
msgstr "configuración de %s.%s se produce en ninguna de las configuraciones de tema buscado, ni en las predeterminadas"

#: theming.py:117
#, python-format
msgid ""
"Theme configuration sections other than [theme] and [options] are not "
"supported (tried to get a value from %r)."
msgstr ""
"""


def test_a_transifex_catalog_keeps_its_mixed_wrapping_only_the_new_translation_differs(tmp_path: Path) -> None:
    """Transifex writes translations unwrapped and leaves pybabel's msgids wrapped at 76, in one file."""
    from pipeline.translate import Options, translate
    from tests.test_translate import Fake

    path = tmp_path / "locale" / "es" / "LC_MESSAGES" / "sphinx.po"
    path.parent.mkdir(parents=True)
    path.write_text(TRANSIFEX, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        '[project]\nlocales = ["es"]\n\n[catalogs]\npaths = ["locale/{locale}/LC_MESSAGES/*.po"]\n', encoding="utf-8"
    )
    translate(config.load(tmp_path), Options(engine="fake"), engine_for=lambda name: Fake())
    before, after = TRANSIFEX.split("\n"), path.read_text(encoding="utf-8").split("\n")
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    assert removed == ["#, python-format"] or set(removed) <= {"#, python-format", 'msgstr ""'}
    # The new translation, its provenance and flag, the revision date (and polib's "#" for an empty header).
    expected = ("# l10n: machine", "#, fuzzy", "msgstr", '"ES:', '"supported', '"PO-Revision-Date')
    assert all(line.startswith(expected) or line == "#" for line in added), added
    assert '"Theme configuration sections other than [theme] and [options] are not "' in after  # as it was
    assert any(len(line) > 100 for line in after)  # the unwrapped translation stays on one line
