"""Pseudo-localisation: golden outputs, and what layout testers rely on."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.engines import Pair, create
from pipeline.errors import EngineError
from tests.test_translate import prepare

DATA = Path(__file__).parent / "data" / "pseudo"
CASES = sorted(DATA.glob("*.txt"))
LOCALES = ("en-XA", "ar-XB")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_golden(case: Path, locale: str) -> None:
    lines = case.read_text(encoding="utf-8").splitlines()
    expected = case.with_name(f"{case.stem}.{locale}.expect").read_text(encoding="utf-8").splitlines()
    done: list[int] = []
    assert create("pseudo").translate(lines, Pair("en", locale), done.append) == expected
    assert done == [len(lines)]


def test_en_xa_is_accented_bracketed_and_about_a_third_longer() -> None:
    source = "The conflict in Ukraine and linked security threats are among the issues."
    [result] = create("pseudo").translate([source], Pair("en", "en-XA"))
    assert result.startswith("[") and result.endswith("]")
    assert not any(c.isascii() and c.isalpha() for c in result)
    assert result.startswith("[Ţĥé çöñƒļîçţ îñ Ûķŕåîñé")
    assert 1.3 <= len(result) / len(source) <= 1.45


def test_ar_xb_reads_right_to_left() -> None:
    [result] = create("pseudo").translate(["Hello world"], Pair("en", "ar-XB"))
    assert result == "\u200f\u202eHello\u202c\u200f \u200f\u202eworld\u202c\u200f"


@pytest.mark.parametrize("locale", LOCALES)
def test_masks_and_markup_pass_untouched(locale: str) -> None:
    source = "Send ZQ1Q files to <1>John</1>, %(name)s, {count} and https://interpol.int ZQ2Q"
    [result] = create("pseudo").translate([source], Pair("en", locale))
    for kept in ("ZQ1Q ", "<1>", "</1>", "%(name)s", "{count}", "https://interpol.int", " ZQ2Q"):
        assert kept in result


def test_same_input_same_output_and_empty_stays_empty() -> None:
    engine = create("pseudo")
    texts = ["Hello", "", "Hello"]
    first = engine.translate(texts, Pair("en", "en-XA"))
    assert first == engine.translate(texts, Pair("en", "en-XA"))
    assert first[0] == first[2] and first[1] == ""


def test_pairs_provenance_and_refusal() -> None:
    engine = create("pseudo")
    assert engine.available()
    assert engine.pairs() == {Pair("en", "en-XA"), Pair("en", "ar-XB")}
    assert engine.provenance(Pair("en", "en-XA")) == "pseudo en-XA 1"
    with pytest.raises(EngineError, match="only en-XA and ar-XB"):
        engine.translate(["Hello"], Pair("en", "fr"))


def test_pseudo_asked_for_a_real_language_says_it_makes_only_pseudo_locales(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "Hello world.\n"})
    result = CliRunner().invoke(main, ["-C", str(cfg.root), "translate", "--engine", "pseudo"])
    assert result.exit_code == 1
    assert result.output == (
        "es: engine pseudo does not translate en→es (pseudo makes only the pseudo-locales en→ar-XB, en→en-XA, "
        "for layout testing); 1 entry still untranslated\n"
    )
