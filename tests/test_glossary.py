"""The project glossary: CSV and TBX, per-locale views, enforcement, and errors with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import glossary
from pipeline.errors import ConfigError
from pipeline.glossary import Miss, Term
from pipeline.mask import mask, unmask

DATA = Path(__file__).parent / "data" / "glossary"
GOOD = sorted([*DATA.glob("good-*.csv"), *DATA.glob("good-*.tbx")])
BAD = sorted(path for path in DATA.glob("bad-*") if path.suffix != ".error")
SAMPLE_PROJECT = Path(__file__).parent.parent / "glossary.csv"


@pytest.mark.parametrize("path", GOOD, ids=lambda path: path.name)
def test_good_glossaries(path: Path) -> None:
    expected = json.loads(path.with_name(f"{path.stem}.expect.json").read_text(encoding="utf-8"))
    loaded = glossary.load(path)
    for locale, want in expected.items():
        assert list(loaded.do_not_translate(locale)) == want["dnt"], locale
        assert loaded.preferred(locale) == want["preferred"], locale


@pytest.mark.parametrize("path", BAD, ids=lambda path: path.name)
def test_bad_glossaries_name_file_and_line(path: Path) -> None:
    expected = path.with_suffix(".error").read_text(encoding="utf-8").strip()
    with pytest.raises(ConfigError) as raised:
        glossary.load(path)
    assert f"{path.name}{expected}" in str(raised.value)


def test_the_sample_project_glossary() -> None:
    sample = glossary.load(SAMPLE_PROJECT)
    assert set(sample.do_not_translate()) >= {"INTERPOL", "Frontex", "IFCACC", "FIELDS", "Black Axe"}
    assert sample.preferred("fr")["Secretary General"] == "Secrétaire général"
    assert sample.preferred("es")["Secretary General"] == "Secretario General"
    assert sample.preferred("ar")["Secretary General"] == "الأمين العام"


SECRETARY = glossary.load(DATA / "good-sample.csv")
SOURCE = "INTERPOL Secretary General Jürgen Stock spoke."


def test_masked_preferred_terms_are_enforced_after_mt() -> None:
    masked = mask(SOURCE, SECRETARY.masked_terms("es"))
    assert "Secretary" not in masked.text and "INTERPOL" not in masked.text
    engine_output = masked.text.replace("spoke", "habló")  # what an engine gives back, tokens untouched
    restored = unmask(engine_output, masked)
    assert SECRETARY.enforce(SOURCE, restored, "es") == "INTERPOL Secretario General Jürgen Stock habló."


def test_enforce_leaves_what_it_cannot_identify() -> None:
    assert SECRETARY.enforce(SOURCE, "El secretario general de INTERPOL habló.", "es") == (
        "El secretario general de INTERPOL habló."  # already the preferred term (case aside)
    )
    assert SECRETARY.enforce(SOURCE, "El jefe de INTERPOL habló.", "es") == "El jefe de INTERPOL habló."
    assert SECRETARY.enforce("The secretary spoke.", "El secretario habló.", "es") == "El secretario habló."


def test_missing_reports_changed_dnt_and_unused_preferred_terms() -> None:
    missed = SECRETARY.missing(SOURCE, "El jefe de Interpol habló.", "es")
    assert missed == [Miss("INTERPOL", "INTERPOL", True), Miss("Secretary General", "Secretario General", False)]
    assert missed[1].describe() == "'Secretary General' should be translated as 'Secretario General' (glossary)"
    assert SECRETARY.missing(SOURCE, "INTERPOL Secretario General Jürgen Stock habló.", "es") == []


def test_terms_for_a_project_and_locale(tmp_path: Path) -> None:
    assert glossary.terms_for(tmp_path, "fr") == ()
    (tmp_path / "glossary.csv").write_text("term,fr\nINTERPOL,\nPresident,Président\n", encoding="utf-8")
    assert glossary.terms_for(tmp_path, "fr") == (Term("INTERPOL", "", True), Term("President", "Président"))
    (tmp_path / "glossary.csv").write_text("term,fr\nINTERPOL,\nPresident,Présidente\n", encoding="utf-8")
    assert glossary.terms_for(tmp_path, "fr")[1].target == "Présidente"  # an edited file is read again


def test_a_configured_glossary_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"glossary 'terms\.tbx' does not exist"):
        glossary.for_project(tmp_path, "terms.tbx")


def test_an_unreadable_glossary_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "glossary.csv").mkdir()
    with pytest.raises(ConfigError, match="cannot read glossary"):
        glossary.load(tmp_path / "glossary.csv")


def test_tbx_version_3_names(tmp_path: Path) -> None:
    path = tmp_path / "terms.tbx"
    path.write_text(
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" xml:lang="en"><text><body>'
        '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>President</term></termSec></langSec>'
        '<langSec xml:lang="fr"><termSec><term>Président</term></termSec></langSec></conceptEntry>'
        '<conceptEntry id="c2"><langSec xml:lang="en"><termSec><term>Frontex</term>'
        '<termNote type="translate">no</termNote></termSec></langSec></conceptEntry>'
        "</body></text></tbx>",
        encoding="utf-8",
    )
    loaded = glossary.load(path)
    assert loaded.preferred("fr") == {"President": "Président"}
    assert loaded.do_not_translate("fr") == ("Frontex",)
