"""Numbered inline tags (``<1>…</1>``, ``<2/>``): parse, compare, restore.

The same tags are what reviewers see in the catalogs, what engines get masked,
and what the build turns back into markup. A translation whose tags differ from
its source's is never rendered: the build keeps the source instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.model import Placeholder

TAG = re.compile(r"<(/?)(\d+)(/?)>")


@dataclass(frozen=True)
class Tag:
    number: int
    role: str  # "open", "close" or "empty"
    start: int
    end: int


def tags(text: str) -> list[Tag]:
    """The numbered tags of ``text`` in order."""
    found = []
    for match in TAG.finditer(text):
        closing, number, empty = match.group(1), int(match.group(2)), match.group(3)
        if closing and empty:
            continue
        role = "close" if closing else "empty" if empty else "open"
        found.append(Tag(number, role, match.start(), match.end()))
    return found


def tag_problem(source: str, translation: str) -> str | None:
    """Why ``translation``'s tags do not match ``source``'s, or None if they do.

    The same multiset of tags must appear, and paired tags must nest properly.
    Order may change: languages reorder phrases.
    """
    want = sorted((t.number, t.role) for t in tags(source))
    got = sorted((t.number, t.role) for t in tags(translation))
    if want != got:
        missing = [f"{_show(n, r)}" for n, r in want if (n, r) not in got]
        extra = [f"{_show(n, r)}" for n, r in got if (n, r) not in want]
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if extra:
            parts.append("unexpected " + ", ".join(extra))
        return "; ".join(parts) or "tags repeated a different number of times"
    stack: list[int] = []
    for tag in tags(translation):
        if tag.role == "open":
            stack.append(tag.number)
        elif tag.role == "close":
            if not stack or stack[-1] != tag.number:
                return f"tag </{tag.number}> closes out of order"
            stack.pop()
    if stack:
        return f"tag <{stack[-1]}> is not closed"
    return None


def _show(number: int, role: str) -> str:
    return {"open": f"<{number}>", "close": f"</{number}>", "empty": f"<{number}/>"}[role]


def restore(
    text: str,
    placeholders: tuple[Placeholder, ...],
    escape: Callable[[str], str] = lambda s: s,
) -> str:
    """Turn tags back into the markup they stand for; escape the text between.

    Tags with no placeholder (a literal ``<3>`` in the source text) are
    treated as text.
    """
    by_number = {p.number: p for p in placeholders}
    out: list[str] = []
    pos = 0
    for tag in tags(text):
        placeholder = by_number.get(tag.number)
        if placeholder is None or (tag.role == "empty") == placeholder.paired:
            continue
        out.append(escape(text[pos : tag.start]))
        out.append(placeholder.close if tag.role == "close" else placeholder.open)
        pos = tag.end
    out.append(escape(text[pos:]))
    return "".join(out)
