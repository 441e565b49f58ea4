"""The translate stage: engine choice, dedup, memory, masking, provenance.

Plumbing is driven by a fake engine where a behaviour needs one (an engine that
drops tokens); everything a user sees is also tested with the real engines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline import catalog, config, engines
from pipeline.cli import main
from pipeline.engines import Engine, Pair
from pipeline.engines import Progress as EngineProgress
from pipeline.extract import extract
from pipeline.review import State, provenance, state
from pipeline.translate import Options, translate
from pipeline.update import update
from tests.conftest import make_project


class Fake:
    """An engine that prefixes each text with its target language; ``drop`` loses masked tokens."""

    name = "fake"

    def __init__(self, targets: Sequence[str] = ("es", "fr"), drop: bool = False) -> None:
        self.targets = targets
        self.drop = drop
        self.calls: list[list[str]] = []

    def available(self) -> bool:
        return True

    def pairs(self) -> set[Pair]:
        return {Pair("en", t) for t in self.targets}

    def provenance(self, pair: Pair) -> str:
        return f"fake {pair.source}-{pair.target} 1.0"

    def translate(self, texts: Sequence[str], pair: Pair, progress: EngineProgress | None = None) -> list[str]:
        self.calls.append(list(texts))
        out = [f"{pair.target.upper()}: {t}" for t in texts]
        if self.drop:
            out = [re.sub(r"ZQ\d+Q", "", t) for t in out]
        return out


class Counting:
    """Wraps a real engine and records what it was sent."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name = engine.name
        self.sent: list[str] = []

    def available(self) -> bool:
        return self.engine.available()

    def pairs(self) -> set[Pair]:
        return self.engine.pairs()

    def provenance(self, pair: Pair) -> str:
        return self.engine.provenance(pair)

    @property
    def last_unknown_words(self) -> tuple[int, ...]:
        return tuple(getattr(self.engine, "last_unknown_words", ()))

    def translate(self, texts: Sequence[str], pair: Pair, progress: EngineProgress | None = None) -> list[str]:
        self.sent.extend(texts)
        return self.engine.translate(texts, pair, progress)


def has_apertium(pair: Pair) -> bool:
    engine = engines.create("apertium")
    return engine.available() and pair in engine.pairs()


needs_eng_spa = pytest.mark.skipif(
    not has_apertium(Pair("en", "es")), reason="Apertium eng-spa is not installed (apt-get install apertium-eng-spa)"
)
needs_es_fr = pytest.mark.skipif(
    not (has_apertium(Pair("en", "es")) and has_apertium(Pair("es", "fr"))),
    reason="Apertium eng-spa and fr-es are not installed (apt-get install apertium-eng-spa apertium-fr-es)",
)
needs_sample_routes = pytest.mark.skipif(
    not all(has_apertium(Pair(a, b)) for a, b in (("en", "es"), ("en", "ca"), ("ca", "fr"))),
    reason="the sample's routes need apt-get install apertium-eng-spa apertium-eng-cat apertium-fra-cat",
)


def prepare(root: Path, docs: dict[str, str], locales: str = '["es"]', extra: str = "") -> config.Config:
    make_project(root, locales, extra)
    for name, text in docs.items():
        (root / "source" / name).write_text(text, encoding="utf-8")
    cfg = config.load(root)
    extract(cfg)
    update(cfg)
    return cfg


def entries(cfg: config.Config, code: str, doc: str) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in catalog.read(cfg.po_path(code, doc)) if not e.obsolete}


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*.po"))}


def test_every_pending_entry_is_machine_translated_fuzzy_with_provenance(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "Hello there. Goodbye now.\n\nA second paragraph.\n"})
    fake = Fake()
    summary = translate(cfg, Options(engine="fake"), engine_for=lambda name: fake)
    [result] = summary.locales
    assert (result.pending, result.translated, result.sent, result.remaining) == (3, 3, 3, 0)
    for entry in entries(cfg, "es", "a").values():
        assert entry.msgstr == f"ES: {entry.msgid}"
        assert state(entry) is State.MACHINE
        assert provenance(entry) == "machine fake en-es 1.0"
    assert summary.exit_code == 0


def test_a_segment_shared_by_documents_is_sent_once(tmp_path: Path) -> None:
    shared = "INTERPOL met in Vienna."
    cfg = prepare(tmp_path, {"a.txt": f"{shared} First only.\n", "b.txt": f"{shared} Second only.\n"})
    fake = Fake()
    translate(cfg, Options(engine="fake"), engine_for=lambda name: fake)
    sent = [text for call in fake.calls for text in call]
    assert sorted(sent) == sorted(["INTERPOL met in Vienna.", "First only.", "Second only."])
    assert entries(cfg, "es", "a")[shared].msgstr == entries(cfg, "es", "b")[shared].msgstr == f"ES: {shared}"


def test_memory_reuses_a_reviewed_translation_from_another_catalog(tmp_path: Path) -> None:
    shared = "The conference opened today."
    cfg = prepare(tmp_path, {"a.txt": f"{shared}\n", "b.txt": f"{shared} Something new.\n"})
    path = cfg.po_path("es", "a")
    po = catalog.read(path)
    po.find(shared).msgstr = "La conferencia se abrió hoy."
    catalog.save(po, path)

    fake = Fake()
    [result] = translate(cfg, Options(engine="fake"), engine_for=lambda name: fake).locales
    assert fake.calls == [["Something new."]]
    assert result.from_memory == 1
    entry = entries(cfg, "es", "b")[shared]
    assert entry.msgstr == "La conferencia se abrió hoy."
    assert state(entry) is State.MACHINE
    assert provenance(entry) == "memory locales/es/LC_MESSAGES/a.po (reviewed)"


def test_memory_prefers_reviewed_over_machine_and_reads_a_compendium(tmp_path: Path) -> None:
    shared = "Police cooperation matters."
    extra = '[translate]\ncompendium = "memory/{locale}.po"\n'
    cfg = prepare(tmp_path, {"a.txt": f"{shared}\n", "b.txt": f"{shared} Other text.\n"}, extra=extra)
    path = cfg.po_path("es", "a")
    po = catalog.read(path)
    po.find(shared).msgstr = "Machine version."
    po.find(shared).flags.append("fuzzy")
    po.find(shared).tcomment = "l10n: machine fake en-es 1.0"
    catalog.save(po, path)
    compendium = polib.POFile()
    compendium.append(polib.POEntry(msgid=shared, msgstr="La cooperación policial importa."))
    compendium.append(polib.POEntry(msgid="Other text.", msgstr="Needs review.", flags=["fuzzy"]))
    (tmp_path / "memory").mkdir()
    compendium.save(str(tmp_path / "memory" / "es.po"))

    fake = Fake()
    translate(cfg, Options(engine="fake"), engine_for=lambda name: fake)
    got = entries(cfg, "es", "b")
    assert got[shared].msgstr == "La cooperación policial importa."
    assert provenance(got[shared]) == "memory memory/es.po (reviewed)"
    assert got["Other text."].msgstr == "ES: Other text."  # a fuzzy compendium entry is not reused
    assert entries(cfg, "es", "a")[shared].msgstr == "Machine version."  # not pending: untouched


def test_a_lost_token_leaves_the_entry_untranslated_with_the_reason(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "Call 112 today.\n\nNo number here.\n"})
    fake = Fake(drop=True)
    [result] = translate(cfg, Options(engine="fake"), engine_for=lambda name: fake).locales
    assert result.masking_failed == 1
    assert result.translated == 1
    got = entries(cfg, "es", "a")
    assert got["Call 112 today."].msgstr == ""
    assert "l10n: not translated: the engine lost '112'" in got["Call 112 today."].tcomment
    assert got["No number here."].msgstr == "ES: No number here."
    assert "masked token was lost" in result.describe()


def test_tokens_that_survive_are_restored(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "Write to help@example.org or call 112.\n"})
    translate(cfg, Options(engine="fake"), engine_for=lambda name: Fake())
    [entry] = entries(cfg, "es", "a").values()
    assert entry.msgstr == "ES: Write to help@example.org or call 112."


def test_a_second_run_with_nothing_to_do_changes_no_file(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "One. Two.\n", "b.txt": "Three.\n"})
    translate(cfg, Options(engine="fake"), engine_for=lambda name: Fake())
    before = snapshot(tmp_path)
    fake = Fake()
    summary = translate(cfg, Options(engine="fake"), engine_for=lambda name: fake)
    assert fake.calls == []
    assert snapshot(tmp_path) == before
    assert [r.describe() for r in summary.locales] == ["nothing to translate"]


def test_a_failed_masking_rerun_changes_no_file(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "Call 112 today.\n"})
    translate(cfg, Options(engine="fake"), engine_for=lambda name: Fake(drop=True))
    before = snapshot(tmp_path)
    translate(cfg, Options(engine="fake"), engine_for=lambda name: Fake(drop=True))
    assert snapshot(tmp_path) == before


def test_dry_run_calls_no_engine_and_writes_nothing(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "One. Two.\n"})
    before = snapshot(tmp_path)
    fake = Fake()
    [result] = translate(cfg, Options(engine="fake", dry_run=True), engine_for=lambda name: fake).locales
    assert fake.calls == []
    assert snapshot(tmp_path) == before
    assert result.describe(dry_run=True) == "2 segments would go to fake en-es 1.0"


def test_a_locale_without_an_engine_gets_one_line_and_the_others_go_on(tmp_path: Path) -> None:
    # "apertium" stands for the fake engine here: engine names in l10n.toml are checked at load.
    cfg = prepare(tmp_path, {"a.txt": "One.\n"}, locales='["es", "ar"]', extra='[translate]\nengines = ["apertium"]\n')
    summary = translate(cfg, engine_for=lambda name: Fake())
    es, ar = summary.locales
    assert es.translated == 1
    assert ar.engine is None
    assert ar.describe().startswith("no engine translates en→ar; install an Argos en→ar package")
    assert "l10n models install translate-en_ar-<version>.argosmodel" in ar.describe()
    assert summary.exit_code == 0
    only_ar = translate(cfg, Options(locales=("ar",)), engine_for=lambda name: Fake())
    assert only_ar.exit_code == 1


def test_engine_none_in_l10n_toml_switches_a_locale_off(tmp_path: Path) -> None:
    extra = '[locales.es]\nengine = "none"\n'
    cfg = prepare(tmp_path, {"a.txt": "One.\n"}, extra=extra)
    [result] = translate(cfg, engine_for=lambda name: Fake()).locales
    assert result.translated == 0
    assert 'engine = "none"' in result.describe()


def test_doc_option_limits_the_work(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "One.\n", "b.txt": "Two.\n"})
    translate(cfg, Options(engine="fake", docs=("b",)), engine_for=lambda name: Fake())
    assert entries(cfg, "es", "a")["One."].msgstr == ""
    assert entries(cfg, "es", "b")["Two."].msgstr == "ES: Two."


def test_a_missing_catalog_is_a_clear_error(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "One.\n"})
    cfg.po_path("es", "a").unlink()
    with pytest.raises(Exception, match=r"locales/es/LC_MESSAGES/a.po: catalog missing \(run 'l10n update"):
        translate(cfg, engine_for=lambda name: Fake())


def test_unknown_engine_names_are_reported_per_locale(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "One.\n"})
    [result] = translate(cfg, Options(engine="nosuch")).locales
    assert result.engine is None
    assert "no engine named 'nosuch'" in result.describe()
    assert isinstance(engines.names(), tuple)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_written_catalogs_pass_msgfmt_check(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": 'He said "yes" \\ no.\n\nCall 112 today.\n'})
    translate(cfg, Options(engine="fake"), engine_for=lambda name: Fake(drop=True))
    path = cfg.po_path("es", "a")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


@pytest.mark.parametrize("engine", ["pseudo", pytest.param("apertium", marks=needs_eng_spa)])
def test_leading_and_trailing_line_breaks_of_a_msgid_are_kept(tmp_path: Path, engine: str) -> None:
    cfg = prepare(tmp_path, {"a.txt": "The police arrived.\n"}, locales='["es", "en-XA"]')
    odd = ["Hello\nthe police arrived.\n", "\nThe police left.", "\n\nThe end.\n\n"]
    code = "en-XA" if engine == "pseudo" else "es"
    path = cfg.po_path(code, "a")
    po = catalog.read(path)
    po.extend(polib.POEntry(msgid=msgid, msgstr="") for msgid in odd)
    catalog.save(po, path)
    translate(cfg, Options(locales=(code,), engine=engine))
    got = entries(cfg, code, "a")
    for msgid in odd:
        msgstr = got[msgid].msgstr
        assert msgstr.strip() and msgstr.startswith("\n") == msgid.startswith("\n"), msgstr
        assert msgstr.endswith("\n") == msgid.endswith("\n") and msgstr.endswith("\n\n") == msgid.endswith("\n\n")
    subprocess.run(["msgfmt", "--check", "--use-fuzzy", "-o", "/dev/null", str(path)], check=True)


def test_plural_entries_are_translated_form_by_form(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "Hello there.\n"})
    path = cfg.po_path("es", "a")
    po = catalog.read(path)
    po.append(polib.POEntry(msgid="One file", msgid_plural="%d files", msgstr_plural={0: "", 1: "", 2: ""}))
    catalog.save(po, path)
    [first] = translate(cfg, Options(engine="fake"), engine_for=lambda name: Fake()).locales
    assert "1 of them plural, form by form" in first.describe()
    entry = catalog.read(path).find("One file")
    # Spanish (CLDR): form 0 is "one" (the singular), forms 1 and 2 (many, other) the plural.
    assert entry.msgstr_plural == {0: "ES: One file", 1: "ES: %d files", 2: "ES: %d files"}
    assert state(entry) is State.MACHINE
    [again] = translate(cfg, Options(engine="fake"), engine_for=lambda name: Fake()).locales
    assert again.describe() == "nothing to translate"


def test_plural_entries_under_an_unreadable_header_are_left_for_a_translator(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "Hello there.\n"})
    path = cfg.po_path("es", "a")
    po = catalog.read(path)
    po.metadata["Plural-Forms"] = "nplurals=2; plural=n ==;"
    po.append(polib.POEntry(msgid="One file", msgid_plural="%d files", msgstr_plural={0: "", 1: ""}))
    catalog.save(po, path)
    [first] = translate(cfg, Options(engine="fake"), engine_for=lambda name: Fake()).locales
    assert "; 1 plural entry left for a translator (the catalog's Plural-Forms header cannot be read)" in (
        first.describe()
    )
    assert catalog.read(path).find("One file").msgstr_plural == {0: "", 1: ""}


def test_pseudo_en_xa_golden(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "Police work, {count} times.\n"}, locales='["en-XA"]')
    [result] = translate(cfg).locales
    assert result.made_by == "pseudo en-XA 1"
    [entry] = entries(cfg, "en-XA", "a").values()
    assert entry.msgstr == "[Þöļîçé ŵöŕķ, {count} ţîɱéš. ·····]"
    assert entry.tcomment == "l10n: machine pseudo en-XA 1"
    assert state(entry) is State.MACHINE


def test_pseudo_locales_of_the_sample_project(sample_project: Path) -> None:
    cfg = config.load(sample_project)
    extract(cfg)
    update(cfg)
    summary = translate(cfg, Options(locales=("en-XA", "ar-XB")))
    assert [r.engine for r in summary.locales] == ["pseudo", "pseudo"]
    for code, doc in (
        ("en-XA", "interpol-european-regional-conference"),
        ("ar-XB", "interpol-european-regional-conference"),
    ):
        for entry in entries(cfg, code, doc).values():
            assert state(entry) is State.MACHINE
            if code == "en-XA":
                assert entry.msgstr.startswith("[") and entry.msgstr.endswith("]")
            else:
                assert "\u202e" in entry.msgstr


@needs_eng_spa
@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_apertium_translates_every_spanish_entry_of_the_sample(sample_project: Path) -> None:
    cfg = config.load(sample_project)
    extract(cfg)
    update(cfg)
    [result] = translate(cfg, Options(locales=("es",))).locales
    assert result.engine == "apertium"
    assert result.remaining == 0 and result.masking_failed == 0
    assert result.unknown_words > 0  # the sample has names Apertium does not know
    path = cfg.po_path("es", "interpol-european-regional-conference")
    for entry in entries(cfg, "es", "interpol-european-regional-conference").values():
        assert entry.msgstr and entry.fuzzy
        assert (entry.tcomment or "").startswith("l10n: machine apertium eng-spa ")
        assert "*" not in entry.msgstr and "  " not in entry.msgstr
    heading = "THE INTERPOL European Regional Conference is being held in person for the first time since 2019."
    assert "conferencia" in entries(cfg, "es", "interpol-european-regional-conference")[heading].msgstr
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


@needs_sample_routes
def test_french_takes_the_pivot_the_sample_configuration_names(sample_project: Path) -> None:
    cfg = config.load(sample_project)
    assert cfg.locale("fr").pivot == "ca"  # written by 'l10n engines evaluate --apply'
    extract(cfg)
    update(cfg)
    [result] = translate(cfg, Options(locales=("fr",))).locales
    assert result.engine == "pivot" and result.via == "ca"
    assert result.made_by is not None and result.made_by.startswith("pivot en→ca→fr: apertium eng-cat")
    assert result.remaining == 0


@needs_es_fr
def test_french_goes_through_the_spanish_pivot_where_the_configuration_says_so(sample_project: Path) -> None:
    toml = sample_project / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('pivot = "ca"', 'pivot = "es"'), encoding="utf-8")
    cfg = config.load(sample_project)
    extract(cfg)
    update(cfg)
    [result] = translate(cfg, Options(locales=("fr",))).locales
    assert result.made_by is not None and result.made_by.startswith("pivot en→es→fr: apertium eng-spa")
    assert result.remaining == 0


@needs_eng_spa
def test_placeholders_survive_apertium(tmp_path: Path) -> None:
    text = "You have {count} new messages from %(user_name)s at https://example.org/inbox.\n"
    cfg = prepare(tmp_path, {"a.txt": text})
    translate(cfg)
    [entry] = entries(cfg, "es", "a").values()
    for kept in ("{count}", "%(user_name)s", "https://example.org/inbox"):
        assert kept in entry.msgstr


def cli(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    return result.exit_code, result.output


@needs_sample_routes
def test_cli_translates_the_sample_and_gives_one_line_per_locale(sample_project: Path) -> None:
    cli(sample_project, "extract")
    cli(sample_project, "update")
    code, output = cli(sample_project, "translate")
    assert code == 0, output
    lines = dict(line.split(": ", 1) for line in output.splitlines() if ": " in line and not line.startswith("l10n"))
    assert lines["es"].startswith("22 entries by apertium eng-spa ")
    assert lines["fr"].startswith("22 entries by pivot en→ca→fr: apertium eng-cat ")
    assert "fr: route pivot via ca; " in output
    assert lines["en-XA"].startswith("22 entries by pseudo en-XA 1")
    assert lines["ar-XB"].startswith("22 entries by pseudo ar-XB 1")
    assert lines["ar"].startswith("no engine translates en→ar; install an Argos en→ar package")
    code, output = cli(sample_project, "translate")
    assert code == 0
    assert "es: nothing to translate" in output


def test_cli_no_engine_line_and_exit_code_when_nothing_could_be_done(sample_project: Path) -> None:
    cli(sample_project, "extract")
    cli(sample_project, "update")
    code, output = cli(sample_project, "translate", "--locale", "ar")
    assert code == 1
    assert output.startswith(
        "ar: no engine translates en→ar; install an Argos en→ar package "
        "(l10n models install translate-en_ar-<version>.argosmodel), or set engine/pivot in [locales.ar]; "
        "22 entries still untranslated"
    )
    assert "Traceback" not in output


def test_cli_dry_run_and_options(sample_project: Path) -> None:
    cli(sample_project, "extract")
    cli(sample_project, "update")
    before = snapshot(sample_project)
    code, output = cli(
        sample_project, "translate", "--dry-run", "-l", "en-XA", "--doc", "interpol-european-regional-conference"
    )
    assert (code, output) == (0, "en-XA: 22 segments would go to pseudo en-XA 1\n")
    assert snapshot(sample_project) == before
    code, output = cli(sample_project, "translate", "--doc", "nosuch")
    assert code == 1
    assert "no document named 'nosuch'" in output
    code, output = cli(sample_project, "translate", "--locale", "de")
    assert code == 2 and "'de' is not one of the project's locales" in output


def test_cli_missing_catalogs_say_to_run_update(sample_project: Path) -> None:
    cli(sample_project, "extract")
    code, output = cli(sample_project, "translate")
    assert code == 1
    assert "catalog missing (run 'l10n update --locale fr' first)" in output


def test_cli_help_has_a_runnable_example() -> None:
    result = CliRunner().invoke(main, ["translate", "--help"])
    assert result.exit_code == 0
    assert "l10n translate --locale es --dry-run" in result.output


@needs_eng_spa
def test_glossary_terms_are_kept_or_preferred(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "The Secretary General of INTERPOL spoke.\n"}, locales='["es", "en-XA"]')
    (tmp_path / "glossary.csv").write_text(
        "term,es,en,note\nINTERPOL,,,name\nSecretary General,Secretario General,SG,title\n", encoding="utf-8"
    )
    translate(cfg)
    [es] = entries(cfg, "es", "a").values()
    assert "Secretario General" in es.msgstr and "INTERPOL" in es.msgstr
    [xa] = entries(cfg, "en-XA", "a").values()
    assert "INTERPOL" in xa.msgstr and "Šéçŕéţåŕý" in xa.msgstr  # en-XA is not given the "en" column's term


def pools_started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records the size of every local process pool ``translate`` starts; the machine is said to have 2 cores."""
    from pipeline import dispatch
    from pipeline import translate as stage

    started: list[int] = []
    original = dispatch.LocalPool

    def recording(jobs: int, task_seconds: float) -> dispatch.LocalPool:
        started.append(jobs)
        return original(jobs, task_seconds)

    monkeypatch.setattr(stage, "LocalPool", recording)
    monkeypatch.setattr(stage, "default_jobs", lambda: 2)
    return started


def many_sentences(count: int) -> str:
    return "\n\n".join(f"The committee approved report number {n} on day {n % 28 + 1}." for n in range(count)) + "\n"


@needs_eng_spa
def test_without_jobs_a_large_apertium_job_runs_a_process_per_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = 'segmentation = "paragraph"\n'
    one = prepare(tmp_path / "one", {"big.txt": many_sentences(1000)}, extra=extra)
    auto = prepare(tmp_path / "auto", {"big.txt": many_sentences(1000)}, extra=extra)
    started = pools_started(monkeypatch)
    assert CliRunner().invoke(main, ["-C", str(one.root), "translate", "-e", "apertium", "--jobs", "1"]).exit_code == 0
    assert started == []
    result = CliRunner().invoke(main, ["-C", str(auto.root), "translate", "-e", "apertium"])
    assert result.exit_code == 0, result.output
    assert started == [2]
    assert "1000 entries by apertium" in result.output

    def translated(cfg: config.Config) -> dict[str, tuple[str, str, list[str]]]:
        return {msgid: (e.msgstr, e.tcomment, e.flags) for msgid, e in entries(cfg, "es", "big").items()}

    assert translated(auto) == translated(one)


@pytest.mark.parametrize(("engine", "count"), [("pseudo", 1000), pytest.param("apertium", 999, marks=needs_eng_spa)])
def test_without_jobs_a_small_job_or_an_in_process_engine_stays_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str, count: int
) -> None:
    cfg = prepare(tmp_path / "p", {"doc.txt": many_sentences(count)}, '["es", "en-XA"]', 'segmentation = "paragraph"\n')
    started = pools_started(monkeypatch)
    locale = "en-XA" if engine == "pseudo" else "es"
    result = CliRunner().invoke(main, ["-C", str(cfg.root), "translate", "-l", locale, "-e", engine])
    assert result.exit_code == 0, result.output
    assert f"{count} entries by {engine}" in result.output
    assert started == []
