"""Translation engines behind one small protocol, found through a registry.

An engine translates a batch of already-masked segments for one language pair.
Heavy imports (ctranslate2, argostranslate) happen inside the engine, lazily,
so that ``l10n --help`` stays instant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.errors import EngineError

Progress = Callable[[int], None]
"""Called with the number of segments just finished."""


@dataclass(frozen=True)
class Pair:
    source: str  # bare language codes, as engines know them: "en", "es"
    target: str


COMPUTE_TYPES = (
    "auto",
    "default",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
"""CTranslate2's compute types, as ``compute_type`` in ``l10n.toml`` may name them."""
NO_ENGINE = "none"
"""A locale's ``engine = "none"``: no machine translation for it."""


@dataclass(frozen=True)
class EngineOptions:
    beam_size: int = 4
    threads: int = 0
    max_batch_tokens: int = 1024
    compute_type: str = "auto"


class Engine(Protocol):
    name: str

    def available(self) -> bool:
        """Whether the engine's software is installed at all."""
        ...

    def pairs(self) -> set[Pair]:
        """The language pairs it can translate directly."""
        ...

    def provenance(self, pair: Pair) -> str:
        """What a translator comment says made a translation: engine, model, version."""
        ...

    def translate(self, texts: Sequence[str], pair: Pair, progress: Progress | None = None) -> list[str]:
        """Translate every text of ``texts``, in order, in as few calls as possible."""
        ...


EngineFactory = Callable[[EngineOptions], Engine]
_FACTORIES: dict[str, EngineFactory] = {}
_LOADED = False


def register(name: str, factory: EngineFactory) -> None:
    _FACTORIES[name] = factory


ANY_LANGUAGE = "*"
"""In ``pivots``: any language an installed engine offers (the pivot engine's wildcard)."""
BUILT_IN = ("pseudo", "apertium", "argos", "pivot")
"""The engines of :mod:`pipeline.engines`' own modules, known without importing them."""


def names() -> tuple[str, ...]:
    """Every engine name: the built-in ones (modules not imported: loading a config stays quick) and any registered."""
    return tuple(dict.fromkeys((*BUILT_IN, *_FACTORIES)))


def create(name: str, options: EngineOptions | None = None) -> Engine:
    _load()
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise EngineError(f"no engine named '{name}'", hint=f"known engines: {', '.join(_FACTORIES)}") from None
    return factory(options or EngineOptions())


def _load() -> None:
    # Not "if _FACTORIES": importing one engine module directly registers it before the others are loaded.
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    import importlib

    for module in BUILT_IN:
        try:
            importlib.import_module(f"pipeline.engines.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"pipeline.engines.{module}":
                raise
