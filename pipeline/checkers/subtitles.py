"""Subtitle limits: what a viewer can read while the cue is on screen.

The usual broadcast limits (Netflix's and the BBC's style guides, roughly):
42 characters a line, two lines a cue, about 17 characters a second. The
subtitle formats write each segment's time on screen and its cues' line budget
into the extracted comment (``subtitle: 2.40 s, 4 lines``); entries without
one are not subtitles and are not checked. The check reports; shortening a
translation is the reviewer's call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.checkers import Unit

LINE = 42
SPEED = 17.0
_WHERE = re.compile(r"^subtitle: (\d+(?:\.\d+)?) s, (\d+) lines$", re.M)
_MARKUP = re.compile(r"</?\d+/?>")


def _wrapped(text: str, width: int) -> list[str]:
    """Greedy word wrap, the way a player or the build breaks a long cue."""
    rows: list[str] = []
    for word in text.split():
        if rows and len(rows[-1]) + 1 + len(word) <= width:
            rows[-1] += " " + word
        else:
            rows.append(word)
    return rows


def subtitle_limits(unit: Unit) -> Iterator[str]:
    """A subtitle is read faster than 17 characters a second, or needs more than two lines of 42 per cue."""
    where = _WHERE.search(unit.comment)
    if where is None or not unit.translation:
        return
    seconds, lines = float(where.group(1)), int(where.group(2))
    text = " ".join(_MARKUP.sub("", unit.translation).split())
    source = " ".join(_MARKUP.sub("", unit.source).split())
    if seconds > 0 and len(text) / seconds > SPEED:
        yield (
            f"{len(text) / seconds:.1f} characters a second over {seconds:g} s on screen, above {SPEED:g} "
            f"(the source reads at {len(source) / seconds:.1f})"
        )
    rows = _wrapped(text, LINE)
    if len(rows) > lines:
        yield f"needs {len(rows)} lines of {LINE} characters, its cues hold {lines}"
    longest = max((len(word) for word in text.split()), default=0)
    if longest > LINE:
        yield f"a word of {longest} characters cannot fit a {LINE}-character line"
