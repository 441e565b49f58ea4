"""Pivot: two engines chained through a third language where none has the pair.

Debian's Apertium has English→Spanish and Spanish→French but no
English→French, so French is reached as en→es→fr. Each hop is a whole batch
through one engine call, so the Apertium hops stay one process each. Masked
tokens (see :mod:`pipeline.mask`) survive both hops; gist quality gets worse
with every hop, which the provenance makes visible:
``pivot en→es→fr: apertium eng-spa 0.8.1-2 + apertium es-fr 0.9.4-1``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.engines import ANY_LANGUAGE, Engine, EngineOptions, Pair, Progress, create, register
from pipeline.errors import EngineError
from pipeline.mask import MaskError, mask, unmask

PIVOTS = ("es", "en")
ANY = ANY_LANGUAGE
"""In ``pivots``: any installed language, after the ones named before it."""
HOP_ENGINES = ("argos", "apertium")
"""Engines a hop may use, in order of preference; never ``pivot`` or ``pseudo``."""


@dataclass(frozen=True)
class Route:
    first: tuple[Engine, Pair]
    second: tuple[Engine, Pair]

    @property
    def via(self) -> str:
        return self.first[1].target


class PivotEngine:
    """The ``pivot`` engine; ``pivots`` and ``engines`` come from ``[translate]`` in l10n.toml."""

    name = "pivot"

    def __init__(
        self,
        options: EngineOptions | None = None,
        pivots: Sequence[str] = PIVOTS,
        engines: Sequence[str] = HOP_ENGINES,
        factory: Callable[[str, EngineOptions], Engine] = create,
    ) -> None:
        self.options = options or EngineOptions()
        self.pivots = tuple(pivots)
        self.engine_names = tuple(name for name in engines if name not in ("pivot", "pseudo"))
        self._factory = factory
        self._hops: list[Engine] | None = None
        self.last_unknown_words: tuple[int, ...] = ()
        """Unknown words per text of the last call, both hops added (where the hop engines count them)."""
        self.unknown_words = 0
        """Unknown words over every call so far."""
        self._source_language = ""

    def available(self) -> bool:
        return bool(self._engines())

    def pairs(self) -> set[Pair]:
        direct = self._direct()
        vias = set(self._vias(direct))
        return {
            Pair(first.source, second.target)
            for first in direct
            for second in direct
            if first.target == second.source and first.target in vias and first.source != second.target
        }

    def _vias(self, direct: dict[Pair, Engine]) -> list[str]:
        """The pivot languages in order; ``*`` stands for every other language a hop reaches, by code."""
        named = [via for via in self.pivots if via != ANY]
        if ANY in self.pivots:
            named += sorted({p.target for p in direct} - set(named))
        return named

    def route(self, pair: Pair) -> Route | None:
        """The first pivot (in configured order) through which both hops have an engine."""
        direct = self._direct()
        for via in self._vias(direct):
            if via in (pair.source, pair.target):
                continue
            first, second = Pair(pair.source, via), Pair(via, pair.target)
            if first in direct and second in direct:
                return Route((direct[first], first), (direct[second], second))
        return None

    def why_not(self, pair: Pair) -> str:
        """Why no route reaches ``pair``: per pivot, the hops no engine translates."""
        if not self.pivots:
            return "no pivot language is set ([translate] pivots, or pivot in [locales.<code>])"
        direct = self._direct()
        said = []
        for via in self._vias(direct):
            if via in (pair.source, pair.target):
                said.append(f"{via} is the source or target itself")
                continue
            hops = (Pair(pair.source, via), Pair(via, pair.target))
            missing = [f"{hop.source}→{hop.target}" for hop in hops if hop not in direct]
            said.append(f"via {via}: no engine for {' nor '.join(missing)}" if missing else f"via {via}: available")
        return "; ".join(said)

    def provenance(self, pair: Pair) -> str:
        route = self._route(pair)
        (one, first), (two, second) = route.first, route.second
        return f"pivot {pair.source}→{route.via}→{pair.target}: {one.provenance(first)} + {two.provenance(second)}"

    def translate(self, texts: Sequence[str], pair: Pair, progress: Progress | None = None) -> list[str]:
        route = self._route(pair)
        (one, first), (two, second) = route.first, route.second
        middle = one.translate(texts, first)
        unknown_first = _unknown(one, len(texts))
        self._source_language = pair.source
        result = self._second_hop(two, second, texts, middle, _unknown_words(one, len(texts)))
        unknown_second = _unknown(two, len(texts))
        self.last_unknown_words = tuple(a + b for a, b in zip(unknown_first, unknown_second, strict=True))
        self.unknown_words += sum(self.last_unknown_words)
        if progress is not None:
            progress(len(texts))
        return result

    def _second_hop(
        self, two: Engine, pair: Pair, texts: Sequence[str], middle: list[str], unknown: list[tuple[str, ...]]
    ) -> list[str]:
        """The second hop, with the words the first one kept unchanged masked so that it keeps them too.

        A word the first hop did not know and passed through is usually a name
        ("Al-Raisi"); the second hop would translate it as a word of its own
        language (es→fr made "Au-Raisi" of it). A text whose masks do not come
        back whole is translated again without them.
        """
        english = self._source_language == "en"
        masks = [
            _kept_names(text, between, words, english)
            for text, between, words in zip(texts, middle, unknown, strict=True)
        ]
        masked = [mask(between, names) if names else None for between, names in zip(middle, masks, strict=True)]
        sent = [m.text if m is not None else between for m, between in zip(masked, middle, strict=True)]
        result = two.translate(sent, pair)
        retry = []
        for index, (done, m) in enumerate(zip(result, masked, strict=True)):
            if m is None:
                continue
            try:
                result[index] = unmask(done, m)
            except MaskError:
                retry.append(index)
        if retry:
            for index, again in zip(retry, two.translate([middle[i] for i in retry], pair), strict=True):
                result[index] = again
        return result

    def _route(self, pair: Pair) -> Route:
        route = self.route(pair)
        if route is None:
            raise EngineError(
                f"no pivot route for {pair.source}→{pair.target} through {', '.join(self.pivots) or 'no language'}",
                hint="install engines for both hops (e.g. apt-get install apertium-eng-spa apertium-fr-es "
                "for en→es→fr), or set [translate] pivots in l10n.toml",
            )
        return route

    def _engines(self) -> list[Engine]:
        if self._hops is None:
            self._hops = []
            for name in self.engine_names:
                try:
                    engine = self._factory(name, self.options)
                except EngineError:
                    continue
                if engine.available():
                    self._hops.append(engine)
        return self._hops

    def _direct(self) -> dict[Pair, Engine]:
        """Every directly translatable pair, with the first engine that has it."""
        direct: dict[Pair, Engine] = {}
        for engine in self._engines():
            for pair in engine.pairs():
                direct.setdefault(pair, engine)
        return direct


def _unknown_words(engine: Engine, count: int) -> list[tuple[str, ...]]:
    found = getattr(engine, "last_unknown", ())
    return list(found) if len(found) == count else [()] * count


_WORD_AROUND = r"[\w'’-]*"


def _kept_names(source: str, middle: str, unknown: tuple[str, ...], english: bool) -> list[str]:
    """Names the first hop kept: words of the middle text found unchanged in the source that hold a word
    the first hop did not know ("Al-Raisi" for "Raisi"), or, from English, that are names by
    :func:`pipeline.checkers.names.source_names` ("O'Brien", "Stock", which Apertium knows as names)."""
    from pipeline.checkers.names import source_names  # its patterns: not for runs that only list engines

    names = [name for name in source_names(source) if _has(middle, name)] if english else []
    for word in dict.fromkeys(unknown):
        for match in re.finditer(rf"{_WORD_AROUND}(?<![\w]){re.escape(word)}(?![\w]){_WORD_AROUND}", middle):
            whole = match.group().strip("'’-")
            if whole and _has(source, whole) and whole not in names:
                names.append(whole)
    return names


def _has(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text) is not None


def _unknown(engine: Engine, count: int) -> tuple[int, ...]:
    found = getattr(engine, "last_unknown_words", ())
    return tuple(found) if len(found) == count else (0,) * count


register("pivot", PivotEngine)
