"""Suggestions beside an entry: the translation memory (exact and fuzzy matches) and the other locales.

The memory of a locale is what ``l10n translate`` reuses (pipeline.memory): every
catalog of the locale and the compendium. Here fuzzy matches count too, scored as
Poedit and Weblate do, by the similarity of the sources (difflib's ratio over
words, 0-100). Candidates are found through the words they share with the source
(an index built once per version of the catalogs), so a lookup over tens of
thousands of entries compares a few hundred at most.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import L10nError
from pipeline.languages import language
from pipeline.review import State, provenance, state
from pipeline.serve import store

MIN_SCORE = 60  # below this a match is more distraction than help (Poedit shows 60 % and up)
CANDIDATES = 300
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Suggestion:
    text: str
    source: str  # the source text it translates
    score: int  # 100: the same source
    origin: str  # the catalog it comes from, relative to the project
    reviewed: bool
    made_by: str | None


@dataclass(frozen=True)
class Other:
    """The same entry in another locale."""

    locale: str
    name: str  # the language's own name
    text: str
    state: str
    rtl: bool


@dataclass(frozen=True)
class _Unit:
    source: str
    text: str
    origin: str
    reviewed: bool
    made_by: str | None


@dataclass(frozen=True)
class _Index:
    key: tuple[tuple[str, int, str], ...]  # (path, generation, digest) of every catalog it was built from
    units: tuple[_Unit, ...]
    words: dict[str, tuple[int, ...]]  # word -> units holding it


_INDEXES: dict[str, _Index] = {}


def memory_paths(config: Config, code: str) -> list[Path]:
    """The locale's catalogs, then its compendium (``[translate] compendium``), as ``l10n translate`` reads them."""
    folder = config.locales_dir / code / "LC_MESSAGES"
    paths = sorted(folder.rglob("*.po")) if folder.is_dir() else []
    setting = config.translate.compendium
    if setting:
        compendium = config.root / setting.replace("{locale}", code)
        if compendium.is_file():
            paths.append(compendium)
    return paths


def _index(config: Config, code: str) -> _Index:
    loaded = []
    for path in memory_paths(config, code):
        try:
            loaded.append(store.load(path))
        except L10nError:
            continue  # an unreadable catalog gives no suggestions; its own page says what is wrong
    key = tuple((str(c.path), c.generation, c.digest) for c in loaded)
    with store.LOCK:
        cached = _INDEXES.get(code)
        if cached is not None and cached.key == key:
            return cached
    units: list[_Unit] = []
    for c in loaded:
        origin = config.relative(c.path)
        for entry in c.entries:
            found = state(entry)
            if entry.msgid_plural or found not in (State.REVIEWED, State.MACHINE):
                continue
            reviewed = found is State.REVIEWED
            units.append(
                _Unit(entry.msgid, entry.msgstr, str(origin), reviewed, None if reviewed else provenance(entry))
            )
    words: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        for word in set(_words(unit.source)):
            words.setdefault(word, []).append(i)
    index = _Index(key, tuple(units), {w: tuple(ids) for w, ids in words.items()})
    with store.LOCK:
        _INDEXES[code] = index
    return index


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def score(a: str, b: str) -> int:
    """Similarity of two sources, 0-100, word by word (100 only when they are the same text)."""
    if a == b:
        return 100
    found = difflib.SequenceMatcher(None, _tokens(a), _tokens(b), autojunk=False).ratio()
    return min(99, round(100 * found))


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text)


def suggestions(config: Config, code: str, msgid: str, exclude: str = "", limit: int = 5) -> list[Suggestion]:
    """The best memory matches for ``msgid``: exact ones first, then fuzzy ones by score.

    ``exclude``: the translation the entry already has (not worth suggesting).
    """
    index = _index(config, code)
    query = set(_words(msgid))
    shared: Counter[int] = Counter()
    for word in query:
        ids = index.words.get(word, ())
        if len(ids) <= 5000:  # a word in every other entry says nothing
            shared.update(ids)
    exact = [i for i, unit in enumerate(index.units) if unit.source == msgid] if not query else []
    candidates = [i for i, _ in shared.most_common(CANDIDATES)] + exact
    best: dict[str, Suggestion] = {}
    for i in dict.fromkeys(candidates):
        unit = index.units[i]
        if not unit.text or unit.text == exclude:
            continue
        value = score(msgid, unit.source)
        if value < MIN_SCORE:
            continue
        found = Suggestion(unit.text, unit.source, value, unit.origin, unit.reviewed, unit.made_by)
        kept = best.get(unit.text)
        if kept is None or (found.score, found.reviewed) > (kept.score, kept.reviewed):
            best[unit.text] = found
    ranked = sorted(best.values(), key=lambda s: (-s.score, not s.reviewed, s.origin))
    return ranked[:limit]


def others(config: Config, code: str, doc: str, key: str) -> list[Other]:
    """The entry ``key`` of ``doc`` in every other locale that has a catalog for it."""
    shown = []
    for other in config.locales:
        path = config.po_path(other, doc)
        if other == code or not path.is_file():
            continue
        try:
            loaded = store.load(path)
        except L10nError:
            continue
        at = loaded.position.get(key)
        if at is None:
            continue
        entry = loaded.entries[at]
        lang = language(other)
        shown.append(Other(other, lang.native_name, entry.msgstr, state(entry).value, lang.rtl))
    return shown
