"""Routes: every way the installed engines can take the source language to a locale.

A route is one engine that has the pair directly (Apertium ``eng-spa``, an Argos
package), or a pivot through any language both hops reach (en→ca→fr through
Apertium ``eng-cat`` and ``cat-fra``). ``l10n engines evaluate`` measures them all;
``translate`` uses the one ``l10n.toml`` names, so a route is also the two settings
that select it: ``engine`` and ``pivot`` in ``[locales.<code>]``.

Discovering routes asks each engine once for its pairs (``apertium -l``, the Argos
packages folder) and keeps the answer for the rest of the process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline import engines
from pipeline.config import Config
from pipeline.engines import Engine, EngineOptions, Pair
from pipeline.errors import EngineError
from pipeline.languages import language

NOT_HOPS = ("pivot", "pseudo")
"""Engines that are never a hop of a route: they are made of other engines, or make no translation."""


@dataclass(frozen=True)
class Route:
    """One way to a locale: an engine with the pair, or ``pivot`` through ``via``."""

    engine: str
    via: str | None = None

    @property
    def label(self) -> str:
        return f"pivot via {self.via}" if self.via else self.engine

    def path(self, pair: Pair) -> str:
        """``en→ca→fr``."""
        middle = f"→{self.via}" if self.via else ""
        return f"{pair.source}{middle}→{pair.target}"

    def settings(self) -> dict[str, str]:
        """The ``[locales.<code>]`` keys that make ``translate`` take this route."""
        return {"engine": self.engine, "pivot": self.via} if self.via else {"engine": self.engine}


def options_for(config: Config) -> EngineOptions:
    """The engine settings of ``[translate]``."""
    settings = config.translate
    return EngineOptions(
        beam_size=settings.beam_size,
        threads=settings.threads,
        max_batch_tokens=settings.max_batch_tokens,
        compute_type=settings.compute_type,
    )


def pair_for(config: Config, code: str) -> Pair:
    """Source and target as engines name them: bare language codes (``pt-BR`` → ``pt``)."""
    return Pair(language(config.source_language).language, language(code).language)


class Finder:
    """Routes for any locale, from one look at what each engine has installed."""

    def __init__(
        self,
        config: Config,
        factory: Callable[[str, EngineOptions], Engine] = engines.create,
    ) -> None:
        self.config = config
        self.options = options_for(config)
        self.factory = factory
        self.hop_names = tuple(name for name in config.translate.engines if name not in NOT_HOPS)
        self._direct: dict[str, set[Pair]] | None = None

    def direct(self) -> dict[str, set[Pair]]:
        """Each available hop engine with the pairs it translates directly."""
        if self._direct is None:
            self._direct = {}
            for name in self.hop_names:
                try:
                    engine = self.factory(name, self.options)
                except EngineError:
                    continue
                if engine.available():
                    self._direct[name] = set(engine.pairs())
        return self._direct

    def routes(self, pair: Pair) -> list[Route]:
        """Direct routes first (in ``engines`` order), then pivots by language code."""
        direct = self.direct()
        found = [Route(name) for name, pairs in direct.items() if pair in pairs]
        reachable = {p for pairs in direct.values() for p in pairs}
        vias = sorted(
            {
                p.target
                for p in reachable
                if p.source == pair.source and p.target != pair.target and Pair(p.target, pair.target) in reachable
            }
        )
        found.extend(Route("pivot", via) for via in vias)
        return found

    def engine(self, route: Route) -> Engine:
        """The engine that translates along ``route``, made the way ``translate`` makes it."""
        if route.via is None:
            return self.factory(route.engine, self.options)
        from pipeline.engines.pivot import PivotEngine

        return PivotEngine(self.options, (route.via,), self.hop_names, self.factory)
