"""Translation memory: exact matches already made for a locale, reused before MT.

The memory of a locale is every translated entry of its catalogs and of an
optional compendium ``.po``. Only translations of exactly this msgid count:
a fuzzy entry carrying a ``#| msgid`` translates another source text and is
left out. A reviewed translation beats a machine one; among equals, a live
entry beats an obsolete one, then the first file in path order wins, so the
same memory always gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polib

from pipeline.review import State, provenance, state


@dataclass(frozen=True)
class Match:
    msgstr: str
    origin: str  # the file it came from, as the comment names it
    reviewed: bool
    made_by: str | None  # the provenance of a machine translation, if any

    def describe(self) -> str:
        """What the ``l10n: memory …`` comment says: where from and what made it."""
        if self.reviewed:
            return f"{self.origin} (reviewed)"
        return f"{self.origin} ({self.made_by})" if self.made_by else self.origin


@dataclass(frozen=True)
class Memory:
    matches: dict[str, Match]

    def lookup(self, msgid: str) -> Match | None:
        return self.matches.get(msgid)

    def __len__(self) -> int:
        return len(self.matches)


def _rank(entry: polib.POEntry, reviewed: bool) -> tuple[int, int]:
    return (0 if reviewed else 1, 1 if entry.obsolete else 0)


def build(catalogs: Iterable[tuple[str, polib.POFile]]) -> Memory:
    """The memory of ``(origin, catalog)`` pairs, given in order of preference."""
    best: dict[str, tuple[tuple[int, int], Match]] = {}
    for origin, po in catalogs:
        for entry in po:
            if not entry.msgid or entry.msgid_plural or entry.msgctxt:
                continue
            found = state(entry)
            if found not in (State.REVIEWED, State.MACHINE):
                continue
            reviewed = found is State.REVIEWED
            rank = _rank(entry, reviewed)
            known = best.get(entry.msgid)
            if known is not None and known[0] <= rank:
                continue
            made_by = None if reviewed else _original(provenance(entry))
            best[entry.msgid] = (rank, Match(entry.msgstr, origin, reviewed, made_by))
    return Memory({msgid: match for msgid, (_, match) in best.items()})


def _original(made_by: str | None) -> str | None:
    """A reused memory match keeps naming the engine that first made it."""
    if made_by and made_by.startswith("memory ") and "(" in made_by:
        inner = made_by[made_by.rindex("(") + 1 :].rstrip(")")
        return None if inner in ("", "reviewed") else inner
    return made_by
