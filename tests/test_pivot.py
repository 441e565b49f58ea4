"""The pivot engine: en→es→fr through real Apertium; routing plumbing with fake engines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.engines import Engine, EngineOptions, Pair, Progress, create
from pipeline.engines.apertium import ApertiumEngine
from pipeline.engines.pivot import PivotEngine
from pipeline.errors import EngineError
from pipeline.translate import Options, translate
from tests.test_translate import prepare

EN_FR = Pair("en", "fr")


real = pytest.mark.skipif(
    not {Pair("en", "es"), Pair("es", "fr")} <= ApertiumEngine().pairs(),
    reason="needs apt-get install apertium apertium-eng-spa apertium-fr-es",
)


@real
def test_english_reaches_french_through_spanish() -> None:
    engine = create("pivot")
    assert EN_FR in engine.pairs()
    results = engine.translate(["The police arrested the suspect in Lyon.", "The European region continues."], EN_FR)
    assert "police" in results[0] and "suspect" in results[0] and "arrêté" in results[0]
    assert "région" in results[1]


@real
def test_names_the_first_hop_kept_come_through_the_second_unchanged() -> None:
    # es→fr alone turns the Spanish "Al-Raisi" into "Au-Raisi" ("al" is "au") and "O'Brien" into "Ou'Brien".
    assert "Au-Raisi" in create("apertium").translate(["El presidente Al-Raisi habló."], Pair("es", "fr"))[0]
    results = create("pivot").translate(
        ["INTERPOL President Ahmed Naser Al-Raisi said the region leads.", "Sean O'Brien met Jürgen Stock in Lyon."],
        EN_FR,
    )
    assert "Ahmed Naser Al-Raisi" in results[0] and "INTERPOL" in results[0]
    assert "O'Brien" in results[1] and "Jürgen Stock" in results[1] and "Lyon" in results[1]


@real
def test_provenance_names_both_hops() -> None:
    provenance = create("pivot").provenance(EN_FR)
    assert provenance.startswith("pivot en→es→fr: apertium eng-spa ")
    assert " + apertium es-fr " in provenance


@dataclass
class Fake:
    """An engine that tags each text with its pair, and counts one unknown word per text."""

    name: str
    have: set[Pair]
    ready: bool = True
    calls: list[tuple[Pair, int]] = field(default_factory=list)
    last_unknown_words: tuple[int, ...] = ()

    def available(self) -> bool:
        return self.ready

    def pairs(self) -> set[Pair]:
        return self.have

    def provenance(self, pair: Pair) -> str:
        return f"{self.name} {pair.source}-{pair.target} 1.0"

    def translate(self, texts: Sequence[str], pair: Pair, progress: Progress | None = None) -> list[str]:
        self.calls.append((pair, len(texts)))
        self.last_unknown_words = (1,) * len(texts)
        return [f"{text}>{pair.target}" for text in texts]


def pivot_over(*fakes: Fake, pivots: Sequence[str] = ("es", "en")) -> PivotEngine:
    by_name: dict[str, Engine] = {fake.name: fake for fake in fakes}

    def factory(name: str, options: EngineOptions) -> Engine:
        if name not in by_name:
            raise EngineError(f"no engine named '{name}'")
        return by_name[name]

    return PivotEngine(pivots=pivots, engines=["pivot", "pseudo", *by_name, "missing"], factory=factory)


def test_each_hop_is_one_batch_and_progress_counts_the_texts_once() -> None:
    one, two = Fake("one", {Pair("de", "es")}), Fake("two", {Pair("es", "it")})
    engine = pivot_over(one, two)
    done: list[int] = []
    assert engine.translate(["a", "b", "c"], Pair("de", "it"), done.append) == ["a>es>it", "b>es>it", "c>es>it"]
    assert one.calls == [(Pair("de", "es"), 3)] and two.calls == [(Pair("es", "it"), 3)]
    assert done == [3]
    assert engine.last_unknown_words == (2, 2, 2)
    assert engine.unknown_words == 6
    assert engine.provenance(Pair("de", "it")) == "pivot de→es→it: one de-es 1.0 + two es-it 1.0"


def test_pairs_are_the_two_hop_pairs_through_configured_pivots() -> None:
    fake = Fake("one", {Pair("de", "es"), Pair("es", "it"), Pair("it", "es"), Pair("de", "nl"), Pair("nl", "fr")})
    assert pivot_over(fake).pairs() == {Pair("de", "it")}
    assert pivot_over(fake, pivots=("nl",)).pairs() == {Pair("de", "fr")}


def test_the_first_pivot_with_both_hops_wins() -> None:
    fake = Fake("one", {Pair("de", "es"), Pair("es", "it"), Pair("de", "en"), Pair("en", "it")})
    assert pivot_over(fake, pivots=("en", "es")).route(Pair("de", "it")).via == "en"  # type: ignore[union-attr]
    assert pivot_over(fake, pivots=("es", "en")).route(Pair("de", "it")).via == "es"  # type: ignore[union-attr]


def test_unavailable_engines_are_not_hops() -> None:
    engine = pivot_over(Fake("one", {Pair("de", "es")}), Fake("two", {Pair("es", "it")}, ready=False))
    assert engine.available()
    assert engine.pairs() == set()
    with pytest.raises(EngineError, match="no pivot route for de→it through es, en"):
        engine.translate(["a"], Pair("de", "it"))


def test_without_any_hop_engine_it_is_not_available() -> None:
    assert not pivot_over().available()


def test_why_not_names_the_missing_hop_of_each_pivot() -> None:
    fake = Fake("one", {Pair("en", "es"), Pair("en", "de")})
    engine = pivot_over(fake, pivots=("es", "de", "ar"))
    assert engine.why_not(Pair("en", "ar")) == (
        "via es: no engine for es→ar; via de: no engine for de→ar; ar is the source or target itself"
    )
    assert "no pivot language is set" in pivot_over(fake, pivots=()).why_not(Pair("en", "ar"))


def test_a_locale_whose_pivot_cannot_reach_it_is_told_which_hop_is_missing(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": "Hello world.\n"}, locales='["ar"]')
    fake = Fake("one", {Pair("en", "de")})
    [result] = translate(cfg, Options(engine="pivot"), engine_for=lambda name: pivot_over(fake, pivots=("de",))).locales
    assert result.engine is None
    assert result.problem == (
        "engine pivot does not translate en→ar "
        "(via de: no engine for de→ar; install engines for both hops, or change the pivots)"
    )


@dataclass
class Lowering(Fake):
    """A second hop that lower-cases everything, mask tokens included."""

    def translate(self, texts: Sequence[str], pair: Pair, progress: Progress | None = None) -> list[str]:
        return [text.lower() for text in super().translate(texts, pair, progress)]


def test_a_text_whose_name_masks_do_not_survive_the_second_hop_is_translated_again_without_them() -> None:
    one, two = Fake("one", {Pair("en", "es")}), Lowering("two", {Pair("es", "fr")})
    engine = pivot_over(one, two)
    assert engine.translate(["We met Sean O'Brien in Lyon."], EN_FR) == ["we met sean o'brien in lyon.>es>fr"]
    assert two.calls == [(Pair("es", "fr"), 1), (Pair("es", "fr"), 1)]  # masked, then again without masks
