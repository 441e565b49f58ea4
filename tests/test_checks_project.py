"""Checks over catalogs made by the earlier stages, and the `l10n check` command as a table of cases."""

from __future__ import annotations

import gc
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline import catalog, checks, mo
from pipeline import config as config_module
from pipeline.cli import main
from pipeline.extract import extract
from pipeline.update import update

DOC = "interpol-european-regional-conference"
# msgid prefix -> translation; the French one keeps its numbers, the Spanish one changes one.
FILLED = {
    "fr": {
        "Some 120 senior": "Quelque 120 hauts responsables de la police de 50 pays assistent à la Conférence "
        "régionale européenne d'INTERPOL.",
        "THE INTERPOL European": " La Conférence régionale européenne d'INTERPOL se tient en présentiel pour la "
        "première fois depuis 2019.",  # a leading space the source does not have
    },
    "es": {
        "Some 120 senior": "Unos 210 altos mandos policiales de 50 países asisten a la Conferencia Regional "
        "Europea de INTERPOL.",
        "THE INTERPOL European": "La Conferencia Regional Europea de INTERPOL se celebra de forma presencial por "
        "primera vez desde 2019.",
    },
}


def fill(po_path: Path, translations: dict[str, str], fuzzy: bool = False) -> None:
    po = catalog.read(po_path)
    for entry in po:
        for prefix, text in translations.items():
            if entry.msgid.startswith(prefix):
                entry.msgstr = text
                if fuzzy:
                    entry.flags.append("fuzzy")
    catalog.save(po, po_path)


@pytest.fixture
def translated(sample_project: Path) -> Path:
    """The sample project through extract and update, with a few entries translated by hand."""
    config = config_module.load(sample_project)
    extract(config)
    update(config)
    for code, translations in FILLED.items():
        fill(config.po_path(code, DOC), translations)
    return sample_project


def entry_line(path: Path, prefix: str) -> int:
    """1-based line of the entry's first line (its first comment), as polib and the checks count."""
    lines = path.read_text(encoding="utf-8").splitlines()
    msgid_at = next(i for i, line in enumerate(lines) if prefix in line or f'"{prefix}' in line)
    start = msgid_at
    while start > 0 and lines[start - 1].strip():
        start -= 1
    return start + 1


def test_catalogs_from_the_pipeline_give_findings_at_the_entry_line(translated: Path) -> None:
    config = config_module.load(translated)
    results = {r.locale: r for r in checks.run([], config)}
    assert set(results) == set(config.locales)
    es_path = config.po_path("es", DOC)
    (number,) = [f for f in results["es"].findings if f.check == "numbers"]
    assert number.path == f"locales/es/LC_MESSAGES/{DOC}.po"
    assert number.line == entry_line(es_path, "Some 120 senior")
    assert number.message == "missing 120; not in the source: 210"
    (space,) = results["fr"].findings
    assert (space.check, space.severity) == ("whitespace", "warning")
    assert results["ar"].findings == ()  # untranslated is a state, not a finding


def test_translator_comment_and_config_silence_checks(translated: Path) -> None:
    config = config_module.load(translated)
    es_path = config.po_path("es", DOC)
    po = catalog.read(es_path)
    for entry in po:
        if entry.msgid.startswith("Some 120 senior"):
            entry.tcomment = "l10n: ignore numbers"
    catalog.save(po, es_path)
    assert [f.check for f in checks.run([es_path], config)[0].findings] == []

    toml = translated / "l10n.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[locales.fr]\n", '[locales.fr]\nchecks_disabled = ["whitespace"]\n'))
    config = config_module.load(translated)
    assert checks.run([config.po_path("fr", DOC)], config)[0].findings == ()


def test_unknown_check_id_in_config_is_a_config_error(translated: Path) -> None:
    toml = translated / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[checks]\ndisable = ["numbres"]\n')
    result = CliRunner().invoke(main, ["--project", str(translated), "check"])
    assert result.exit_code == 2
    assert "names no check: numbres" in result.output


def test_polib_linenum_is_the_first_line_of_the_entry() -> None:
    text = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n# a comment\n#, fuzzy\nmsgid "Held in 2019"\nmsgstr "En 2018"\n'
    po = polib.pofile(text)
    found = [f for f in checks.check_catalog("x.po", po, "fr") if f.check == "numbers"]
    assert [(f.line, f.message) for f in found] == [(5, "missing 2019; not in the source: 2018")]


BROKEN = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Hello"\nmsgstr "Bonjour"\nmsgstr "again"\n'


def write_catalogs(root: Path) -> dict[str, Path]:
    """Loose catalogs (no project): one clean, one with an error, one with whitespace, one broken."""
    header = 'msgid ""\nmsgstr ""\n"Language: {}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    files = {
        "clean": header.format("fr") + 'msgid "Held since 2019."\nmsgstr "Tenue depuis 2019."\n',
        "error": header.format("fr") + 'msgid "Read <1>this</1>."\nmsgstr "Lisez ceci."\n',
        "spaces": header.format("es")
        + 'msgid "Name: "\nmsgstr "Nombre:"\n\nmsgid "The  name"\nmsgstr "El  nombre"\n\n'
        + 'msgid "Held since 2019."\nmsgstr "Celebrada  desde 2019."\n',
        "broken": BROKEN,
    }
    paths = {}
    for name, text in files.items():
        locale = "es" if name == "spaces" else "fr"
        path = root / name / locale / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True)
        if name == "broken":
            path.write_text(text, encoding="utf-8")
        else:  # as every stage writes them
            catalog.save(catalog.parse(text, path), path)
        paths[name] = path
    return paths


# (arguments after "check", expected exit code, text the output must hold)
CLI_CASES: list[tuple[list[str], int, str]] = [
    (["{clean}"], 0, "0 errors, 0 warnings in 1 catalog"),
    (["{error}"], 1, "messages.po:7: error placeholders: inline tags: missing </1>, <1>"),
    (["{spaces}"], 0, "warning whitespace: trailing whitespace"),
    (["{broken}"], 2, "messages.po:7: PO syntax error"),
    (["{broken}", "{error}"], 2, "error placeholders"),  # the others are still checked
    (["{root}"], 2, "4 catalogs; 1 could not be read"),
    (["{root}", "--locale", "es"], 0, "in 1 catalog"),
    (["--list"], 0, "placeholders  error"),
    (["{clean}", "--enable", "nonsense"], 2, "no check named nonsense"),
]


@pytest.mark.parametrize(("arguments", "code", "expected"), CLI_CASES)
def test_check_command(tmp_path: Path, arguments: list[str], code: int, expected: str) -> None:
    paths = write_catalogs(tmp_path)
    names = {k: str(v) for k, v in paths.items()} | {"root": str(tmp_path)}
    result = CliRunner().invoke(main, ["check", *(a.format(**names) for a in arguments)])
    assert result.exit_code == code, result.output
    assert expected in result.output


def test_json_and_junit_parse(tmp_path: Path) -> None:
    paths = write_catalogs(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--format", "json", str(tmp_path)])
    data = json.loads(result.stdout)
    assert data["counts"] == {"error": 1, "warning": 1, "unreadable": 1}  # the doubled space is not reported
    assert {f["check"] for f in data["findings"]} == {"placeholders", "whitespace"}
    assert data["unreadable"][0]["line"] == 7
    result = runner.invoke(main, ["check", "--format", "junit", str(paths["error"]), str(paths["broken"])])
    suites = ET.fromstring(result.stdout)
    assert suites.get("failures") == "1" and suites.get("errors") == "1"
    failure = suites.find(".//testcase[@name='placeholders']/failure")
    assert failure is not None and "missing" in (failure.text or "")


def test_fix_changes_only_whitespace_and_says_so(tmp_path: Path) -> None:
    paths = write_catalogs(tmp_path)
    before = paths["spaces"].read_text(encoding="utf-8")
    broken_before = paths["broken"].read_bytes()
    result = CliRunner().invoke(main, ["check", "--fix", str(tmp_path)])
    assert result.exit_code == 2  # the broken catalog is still reported
    assert paths["broken"].read_bytes() == broken_before  # and never touched
    assert "messages.po:7: fixed whitespace" in result.output and "messages.po:13: fixed whitespace" in result.output
    after = paths["spaces"].read_text(encoding="utf-8")
    assert after != before
    assert "".join(before.split()) == "".join(after.split())  # nothing but whitespace changed
    po = catalog.read(paths["spaces"])
    assert [e.msgstr for e in po] == ["Nombre: ", "El  nombre", "Celebrada desde 2019."]  # source's doubles kept
    again = CliRunner().invoke(main, ["check", str(paths["spaces"])])
    assert again.exit_code == 0 and "whitespace" not in again.output


def test_project_check_with_no_paths_checks_every_catalog(translated: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(translated), "check", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["catalogs"] == 5
    assert {(f["locale"], f["check"]) for f in data["findings"]} == {("fr", "whitespace"), ("es", "numbers")}
    untranslated = CliRunner().invoke(
        main, ["--project", str(translated), "check", "--locale", "ar", "--enable", "untranslated"]
    )
    assert untranslated.exit_code == 0 and "warning untranslated: not translated" in untranslated.output


def test_a_catalog_whose_language_header_disagrees_with_its_folder_is_checked_as_the_folder_says(
    translated: Path,
) -> None:
    po_path = config_module.load(translated).po_path("fr", DOC)
    german = po_path.read_text(encoding="utf-8").replace('"Language: fr\\n"', '"Language: de\\n"')
    po_path.write_text(german, encoding="utf-8")
    line = po_path.read_text(encoding="utf-8").splitlines().index('"Language: de\\n"') + 1
    result = CliRunner().invoke(main, ["--project", str(translated), "check", "--locale", "fr"])
    assert result.exit_code == 0, result.output
    assert "in 1 catalog" in result.output  # not skipped as a German catalog
    assert "warning whitespace" in result.output  # the French entries are checked
    assert (
        f"interpol-european-regional-conference.po:{line}: warning header: the Language header says 'de' "
        "but the catalog is in the 'fr' folder; checked as 'fr'"
    ) in result.output
    junit = CliRunner().invoke(main, ["--project", str(translated), "check", "--format", "junit"])
    suites = ET.fromstring(junit.stdout)
    assert suites.find(".//testcase[@name='header']/system-out") is not None
    assert suites.get("tests") == str(sum(int(s.get("tests") or 0) for s in suites.iter("testsuite")))
    regional = po_path.read_text(encoding="utf-8").replace('"Language: de\\n"', '"Language: fr_FR\\n"')
    po_path.write_text(regional, encoding="utf-8")
    again = CliRunner().invoke(main, ["--project", str(translated), "check", "--locale", "fr"])
    assert "header" not in again.output  # a region is not a different language


def test_junit_parses_whatever_characters_a_catalog_brings(tmp_path: Path) -> None:
    path = tmp_path / "fr" / "LC_MESSAGES" / "odd\x01name.po"
    path.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: de\x01\x1b]]>\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    path.write_text(header + 'msgid "Read <1>this</1>."\nmsgstr "Lisez ceci ]]>."\n', encoding="utf-8")
    text = CliRunner().invoke(main, ["check", str(path)])
    assert "\x1b" not in text.output and "says 'de\\x01\\x1b]]>'" in text.output  # nothing drives the terminal
    result = CliRunner().invoke(main, ["check", "--format", "junit", str(path)])
    suites = ET.fromstring(result.stdout)
    assert suites.get("failures") == "1"
    header_case = suites.find(".//testcase[@name='header']/system-out")
    assert header_case is not None and "de\\x01\\x1b]]>" in (header_case.text or "")
    json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(path)]).stdout)


def test_fix_keeps_a_windows_catalogs_line_endings_and_byte_order_mark(tmp_path: Path) -> None:
    paths = write_catalogs(tmp_path)
    windows = b"\xef\xbb\xbf" + paths["spaces"].read_bytes().replace(b"\n", b"\r\n")
    paths["spaces"].write_bytes(windows)
    result = CliRunner().invoke(main, ["check", "--fix", str(paths["spaces"])])
    assert "fixed whitespace" in result.output
    after = paths["spaces"].read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\n") == after.count(b"\r\n")
    changed = [pair for pair in zip(windows.split(b"\r\n"), after.split(b"\r\n"), strict=True) if pair[0] != pair[1]]
    assert changed == [
        (b'msgstr "Nombre:"', b'msgstr "Nombre: "'),
        (b'msgstr "Celebrada  desde 2019."', b'msgstr "Celebrada desde 2019."'),
    ]


def test_a_locale_the_project_does_not_have_is_a_usage_error_not_zero_catalogs(translated: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(translated), "check", "--locale", "fr_FR"])
    assert result.exit_code == 2
    assert "'fr_FR' is not one of the project's locales" in result.output


def test_a_message_defined_twice_is_an_error_at_the_second_definition(tmp_path: Path) -> None:
    path = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    entries = 'msgid "Open"\nmsgstr "Ouvrir"\n\nmsgctxt "door"\nmsgid "Open"\nmsgstr "Ouverte"\n\n'
    entries += 'msgid "Open"\nmsgstr "Ouvert"\n\n#~ msgid "Open"\n#~ msgstr "Vieux"\n'
    path.write_text(header + entries, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "messages.po:12: error duplicate: this message is defined twice (first at line 5)" in result.output
    assert result.output.count("duplicate") == 1  # another context or an obsolete entry is not a repeat


def test_a_plural_form_missing_between_others_is_an_error_and_no_mo_is_built(tmp_path: Path) -> None:
    path = tmp_path / "ru" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    path.write_text(
        header + 'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d файл"\nmsgstr[1] "%d файла"\n'
        'msgstr[3] "%d файлов"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "messages.po:5: error plurals: msgstr[2] missing between the plural forms" in result.output
    compiled = mo.compile_catalog(catalog.read(path), path, "messages.po", use_fuzzy=True, code="ru")
    assert compiled.data == b"" and "messages.po:5: cannot compile: a plural form is missing" in str(compiled.errors[0])


def test_fix_never_overwrites_a_save_made_while_the_catalog_was_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalogs(tmp_path)["spaces"]
    real_check = checks.Settings.check
    calls = []

    def check_while_a_reviewer_saves(self: checks.Settings, *args: object, **kwargs: object) -> list[checks.Finding]:
        calls.append(1)
        if len(calls) == 1:  # the review page saves another entry while the first check runs
            po = catalog.read(path)
            po.find("The  name").msgstr = "El  nombre (revisado)"
            catalog.save(po, path)
        return real_check(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checks.Settings, "check", check_while_a_reviewer_saves)
    result = CliRunner().invoke(main, ["check", "--fix", str(path)])
    assert "fixed whitespace" in result.output
    po = catalog.read(path)
    assert po.find("The  name").msgstr == "El  nombre (revisado)"  # the reviewer's save is kept
    assert po.find("Held since 2019.").msgstr == "Celebrada desde 2019."  # and the fix made on top of it


def test_many_catalogs_checked_in_parallel_give_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    for number in range(checks.PARALLEL_FROM + 4):
        locale = ("fr", "de", "es", "ja")[number % 4]
        body = f'msgid "Read <1>this</1> {number} times."\nmsgstr "Lisez ceci {number + number % 3} fois."\n'
        path = tmp_path / f"doc{number:02d}" / locale / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True)
        path.write_text(header + body, encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("L10N_JOBS", jobs)
        result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0]["catalogs"] == checks.PARALLEL_FROM + 4 and outputs[0]["counts"]["error"] == 20


def test_check_reports_plural_forms_beyond_the_headers_nplurals_as_an_error_at_the_entry(tmp_path: Path) -> None:
    """msgfmt, translate and build refuse msgstr[2] when the header says nplurals=2; check must not pass it."""
    path = tmp_path / "fr" / "LC_MESSAGES" / "app.po"
    path.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    path.write_text(
        header + '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Close"\nmsgstr "Fermer"\n\n'
        '#, python-format\nmsgid "%(n)d file"\nmsgid_plural "%(n)d files"\n'
        'msgstr[0] "%(n)d fichier"\nmsgstr[1] "%(n)d fichiers"\nmsgstr[2] "%(n)d fichiers"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1, result.output
    found = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "plurals"]
    assert [(f["severity"], f["line"]) for f in found] == [("error", 9)]  # the entry starts there
    assert "msgstr[2] beyond the 2 forms" in found[0]["message"]
    path.write_text(path.read_text(encoding="utf-8").replace("nplurals=2", "nplurals=3"), encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 0


class Recorder:
    """A progress reporter that keeps what it was told."""

    def __init__(self) -> None:
        self.told: list[tuple[str, object]] = []

    def start(self, label: str, total: int) -> None:
        self.told.append(("start", total))

    def advance(self, done: int) -> None:
        self.told.append(("advance", done))

    def finish(self) -> None:
        self.told.append(("finish", None))


@pytest.mark.parametrize("processes", [1, 2])
def test_check_over_many_catalogs_reports_each_one_done_and_over_a_few_says_nothing(
    tmp_path: Path, processes: int
) -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    for index in range(checks.PARALLEL_FROM + 4):
        path = tmp_path / f"l{index}" / "fr" / "LC_MESSAGES" / "app.po"
        path.parent.mkdir(parents=True)
        path.write_text(header + f'msgid "File {index}"\nmsgstr "Fichier {index}"\n', encoding="utf-8")
    many = Recorder()
    results = checks.run([tmp_path], None, processes=processes, reporter=many)
    assert len(results) == checks.PARALLEL_FROM + 4
    assert many.told == [("start", len(results)), *[("advance", 1)] * len(results), ("finish", None)]
    few = Recorder()
    checks.run([tmp_path / "l0", tmp_path / "l1"], None, processes=processes, reporter=few)
    assert few.told == []


def test_a_parallel_check_leaves_the_callers_garbage_collector_as_it_was(tmp_path: Path) -> None:
    """The workers are forked with what was loaded frozen; the calling process (a long-lived server, say) is thawed,
    so what it drops later is still collected."""
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    for index in range(checks.PARALLEL_FROM):
        path = tmp_path / f"l{index}" / "de" / "LC_MESSAGES" / "app.po"
        path.parent.mkdir(parents=True)
        path.write_text(header + 'msgid "Open the file"\nmsgstr "Datei öffnen öffnen öffnen"\n', encoding="utf-8")
    assert gc.get_freeze_count() == 0
    results = checks.run([tmp_path], None, processes=2)
    assert [f.check for r in results for f in r.findings] == ["repeats"] * checks.PARALLEL_FROM
    assert gc.get_freeze_count() == 0
