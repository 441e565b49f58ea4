"""Variables and inline code everywhere, not only in entries flagged as format strings.

Catalogs from other tools often lack the ``python-format`` flag on entries that
are formatted all the same (``%(user)s`` in a Django template string, ``{name}``
in a JavaScript catalog), and documentation catalogs carry reStructuredText and
Markdown literals and roles. A dropped or altered one is a crash or a broken
link; an added one is text the program will try to fill. A warning; an error
on entries flagged as format strings (the runner escalates it).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator

from pipeline.checkers import Unit
from pipeline.inline import keys

# Kinds the ``format`` check compares on flagged entries; it reads "% s" as a valid "%s"
# (a space flag), which an engine wrote, so printf is compared here too.
_FORMAT_KINDS = {"python-brace-format": "brace"}
_NONE: frozenset[str] = frozenset()


def _keys(text: str, skip: frozenset[str]) -> Counter[str]:
    return Counter(key for kind, key in keys(text) if kind not in skip)


@functools.lru_cache(maxsize=1 << 16)
def _source_keys(text: str, skip: frozenset[str]) -> Counter[str]:
    """A source's keys: a msgid is checked once per locale, its keys found once (callers do not mutate them)."""
    return _keys(text, skip)


_MARK = re.compile("[%{$`]")  # a variable has one of these (pipeline.inline.variables looks for them first)


def inline_variables(unit: Unit) -> Iterator[str]:
    """Variables (%s, {name}, ${x}, {{ x }}) or inline code and roles (RST, Markdown) are lost or added."""
    if _MARK.search(unit.source) is None and _MARK.search(unit.translation) is None:
        return
    skip = frozenset(kind for flag, kind in _FORMAT_KINDS.items() if flag in unit.flags) if unit.flags else _NONE
    want = _source_keys(unit.source, skip)
    got = _keys(unit.translation, skip)
    if got == want and not unit.plural:
        return  # the usual case: each kept as often (also when there are none)
    if not want and not got:
        return
    if unit.plural:
        # A form may leave the count out ("one file" for %d file); nothing may be added.
        allowed: set[str] = set()
        for source in unit.sources or (unit.source,):
            allowed |= set(_source_keys(source, skip))
        extra = sorted(set(got) - allowed)
        missing: list[str] = []
    else:
        extra = sorted(got - want)
        missing = sorted(want - got)
    parts = (["missing " + " ".join(missing)] if missing else []) + (
        ["not in the source: " + " ".join(extra)] if extra else []
    )
    if parts:
        yield "; ".join(parts)
