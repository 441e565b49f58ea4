"""Cut a block's text into segments: sentences by default, or the whole block.

Formats hand over a block's text with inline markup already replaced by
numbered tags; this module decides where segments start and end, keeps the
exact text between them, and renumbers each segment's tags from 1 so that a
reviewer sees ``<1>`` in every entry that has markup.
"""

from __future__ import annotations

import re

from pipeline.model import Block, Placeholder, Segment, SplitOptions
from pipeline.placeholders import TAG, tags
from pipeline.sentences import sentence_spans

_SPACE = re.compile(r"\s+")


def has_letters(text: str) -> bool:
    """Whether a segment is worth translating: "1 / 4" and "2022" are not."""
    return any(ch.isalpha() for ch in TAG.sub("", text))


def normalise(text: str) -> str:
    """A msgid's whitespace: runs collapsed to one space, ends stripped."""
    return _SPACE.sub(" ", text).strip()


def make_block(
    text: str,
    source: str,
    line: int,
    kind: str,
    options: SplitOptions,
    placeholders: tuple[Placeholder, ...] = (),
    line_of: list[int] | None = None,
) -> Block:
    """Build a block from ``text`` (markup already turned into tags).

    ``source`` is the block's exact source markup, emitted when nothing in the
    block is translated. ``line`` is the 1-based source line where ``text``
    starts; ``line_of``, if given, maps each character offset of ``text`` to
    its source line, for blocks spanning several lines.
    """
    if options.segmentation == "paragraph":
        spans = [(0, len(text))]
    else:
        spans = _keep_tags_whole(text, sentence_spans(text, options.language, options.abbreviations))
    spans = [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if s < e]
    if not spans:
        return Block((), (text,), source)
    segments = []
    separators = [text[: spans[0][0]]]
    # Lines are counted from the previous segment on, not from the block's start:
    # counting from the start for every segment made a long block quadratic.
    counted_to, newlines = 0, 0
    for index, (start, end) in enumerate(spans):
        raw = text[start:end]
        msgid, used = _renumber(normalise(raw), placeholders)
        if line_of:
            segment_line = line_of[start]
        else:
            newlines += text.count("\n", counted_to, start)
            counted_to = start
            segment_line = line + newlines
        segments.append(
            Segment(
                msgid=msgid,
                line=segment_line,
                kind=kind,
                placeholders=used,
                translatable=has_letters(msgid),
            )
        )
        following = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        separators.append(text[end:following])
    return Block(tuple(segments), tuple(separators), source)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _keep_tags_whole(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join sentences so that no paired tag is cut in two.

    "**First. Second.**" stays one segment: a translation could not render
    half of a bold run.
    """
    merged: list[tuple[int, int]] = []
    depth = 0
    for start, end in spans:
        if merged and depth > 0:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
        for tag in tags(text[start:end]):
            if tag.role == "open":
                depth += 1
            elif tag.role == "close":
                depth = max(0, depth - 1)
    return merged


def _renumber(msgid: str, placeholders: tuple[Placeholder, ...]) -> tuple[str, tuple[Placeholder, ...]]:
    """Number the tags of one segment from 1, in order of appearance."""
    by_number = {p.number: p for p in placeholders}
    mapping: dict[int, int] = {}
    for tag in tags(msgid):
        if tag.number in by_number and tag.number not in mapping:
            mapping[tag.number] = len(mapping) + 1
    if not mapping:
        return msgid, ()

    def swap(match: re.Match[str]) -> str:
        number = int(match.group(2))
        if number not in mapping:
            return match.group(0)
        return f"<{match.group(1)}{mapping[number]}{match.group(3)}>"

    renumbered = TAG.sub(swap, msgid)
    used = tuple(
        Placeholder(new, by_number[old].kind, by_number[old].open, by_number[old].close)
        for old, new in sorted(mapping.items(), key=lambda item: item[1])
    )
    return renumbered, used
