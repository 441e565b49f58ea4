"""Inline runs, shared by the markup formats (Markdown and HTML).

A format walks its parse tree and hands over each run of inline content as a
list of :class:`Item` (text with its exact source span, opening and closing
markup, standalone markup). :func:`blocks_of_run` turns a run into a
:class:`~pipeline.model.Block`: markup becomes numbered tags, paired where an
opening item meets its closing one, standalone (``<n/>``) otherwise, so a
reviewer always sees properly nested tags. Literal text that looks like a tag
("<3>") becomes a standalone placeholder too, so it can never be mistaken for
one.

Translatable text inside markup (an image's alt text, a link's title, an
``alt=""`` attribute) is an :class:`Embedded` block. When its markup is a
placeholder of a text block, the embedded block is *attached*: it follows that
block in the document's parts with an empty source (so the parts still add up
to the source) and :func:`render` writes its translation into the
placeholder's markup.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from pipeline.formats import Lookup, render_block
from pipeline.model import Block, Document, Part, Placeholder, Segment, SplitOptions
from pipeline.placeholders import TAG
from pipeline.segment import make_block

Escape = Callable[[str], str]
Warn = Callable[[Segment, str], None]
Guard = Callable[[str, tuple[Placeholder, ...]], str]


class Lines:
    """1-based line numbers of offsets in a text."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self.starts[line - 1]


@dataclass(frozen=True)
class Embedded(Block):
    """Translatable text inside markup: attribute value, alt text, link title, front-matter value.

    ``context`` names the escape its translation gets (an attribute value
    escapes quotes, a Markdown title its delimiters). With ``markup`` empty the
    block is a part of the document in its own right. Otherwise it is attached
    to the text block just before it: its raw text is ``markup[at:at+length]``,
    found at ``owner_at`` in that block's source.
    """

    context: str = "text"
    markup: str = ""
    at: int = 0
    length: int = 0
    owner_at: int = 0

    @property
    def attached(self) -> bool:
        return bool(self.markup)


@dataclass(frozen=True)
class Inner:
    """Translatable text inside an item's markup, by its source span."""

    start: int
    end: int
    text: str  # decoded
    kind: str  # for the extracted comment: "alt text", "link title"
    context: str  # which escape a translation gets
    quote: str = ""  # put around a translation (the source value had no quotes)


@dataclass(frozen=True)
class Item:
    """One piece of an inline run, with its exact source span.

    ``role``: "text" (``text`` is the decoded text), "break" (a line break
    inside a paragraph: ``text`` is what the block's text gets, ``prefix`` the
    container markup, like "> ", that follows the newline in the source),
    "open", "close" (paired by ``name``) or "empty" (standalone).
    """

    role: str
    start: int
    end: int
    text: str = ""
    name: str = ""
    kind: str = ""
    inner: tuple[Inner, ...] = ()
    prefix: str = ""
    droppable: bool = False  # markup that may be left out at a run's ends (comments)
    markup: str = ""  # what a placeholder writes back, when it must differ from the source span


def _markup(item: Item, source: str) -> str:
    return item.markup or source[item.start : item.end]


@dataclass(frozen=True)
class Region:
    """Blocks covering ``source[start:end]`` (attached blocks after their owner)."""

    start: int
    end: int
    blocks: tuple[Block, ...]


def document(text: str, path: str, name: str, regions: Sequence[Region]) -> Document:
    """Skeleton and blocks in source order; overlapping regions (never expected) are dropped."""
    parts: list[Part] = []
    pos = 0
    for region in sorted(regions, key=lambda r: r.start):
        if region.start < pos:
            continue
        if region.start > pos:
            parts.append(text[pos : region.start])
        parts.extend(region.blocks)
        pos = region.end
    if pos < len(text):
        parts.append(text[pos:])
    return Document(path, name, tuple(parts))


def _pairs(items: Sequence[Item]) -> dict[int, int]:
    """Index of each open item -> index of its close, properly nested."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for index, item in enumerate(items):
        if item.role == "open":
            stack.append(index)
        elif item.role == "close" and stack and items[stack[-1]].name == item.name:
            pairs[stack.pop()] = index
    return pairs


def _blank(item: Item) -> bool:
    return (item.role in ("text", "break") and not item.text.strip()) or item.droppable


def regions_of_run(items: Sequence[Item], source: str, lines: Lines, kind: str, options: SplitOptions) -> list[Region]:
    """The blocks of one inline run: the text block, its attached blocks, and
    embedded blocks of markup trimmed off the run's ends.

    Blank items and markup wrapping the whole run are left to the skeleton, so
    ``*Note.*`` gives the msgid "Note." and not "<1>Note.</1>". A run without
    any text gives no text block.
    """
    pairs = _pairs(items)
    lo, hi = 0, len(items)
    outside: list[Item] = []
    while lo < hi:
        if _blank(items[lo]):
            outside.append(items[lo])
            lo += 1
        elif _blank(items[hi - 1]):
            outside.append(items[hi - 1])
            hi -= 1
        elif pairs.get(lo) == hi - 1 and not items[lo].markup and not items[hi - 1].markup:
            outside.extend((items[lo], items[hi - 1]))
            lo, hi = lo + 1, hi - 1
        else:
            break
    inside = items[lo:hi]
    if not any(item.role == "text" and item.text.strip() for item in inside):
        outside.extend(inside)
        inside = []
    regions = [r for item in outside for r in _standalone(item, source, lines, options)]
    if inside:
        regions.append(_text_region(inside, {k - lo: v - lo for k, v in pairs.items()}, source, lines, kind, options))
    return regions


def _standalone(item: Item, source: str, lines: Lines, options: SplitOptions) -> list[Region]:
    found = []
    for inner in item.inner:
        block = embedded(inner, source, lines, options)
        if block is not None:
            found.append(Region(inner.start, inner.end, (block,)))
    return found


def embedded(
    inner: Inner, source: str, lines: Lines, options: SplitOptions, owner: tuple[int, str, int] | None = None
) -> Embedded | None:
    """An embedded block for ``inner``; ``owner`` = (owner block start, markup, markup start) if attached.

    Text that looks like a numbered tag is left untranslated here: there is
    no markup around it to hold a placeholder.
    """
    if not inner.text.strip() or TAG.search(inner.text):
        return None
    raw = source[inner.start : inner.end]
    block = make_block(inner.text, raw, lines(inner.start), inner.kind, options)
    if not block.segments:
        return None
    separators = list(block.separators)
    if inner.quote:
        separators[0] = inner.quote + separators[0]
        separators[-1] += inner.quote
    if owner is None:
        return Embedded(block.segments, tuple(separators), raw, inner.context)
    owner_start, markup, markup_start = owner
    return Embedded(
        block.segments,
        tuple(separators),
        "",
        inner.context,
        markup,
        inner.start - markup_start,
        inner.end - inner.start,
        inner.start - owner_start,
    )


def _text_region(
    items: Sequence[Item], pairs: dict[int, int], source: str, lines: Lines, kind: str, options: SplitOptions
) -> Region:
    start, end = items[0].start, items[-1].end
    closes = {close: open_ for open_, close in pairs.items()}
    text: list[str] = []
    line_of: list[int] = []
    placeholders: dict[int, Placeholder] = {}
    numbers: dict[int, int] = {}
    attached: list[Embedded] = []
    prefix: str | None = None
    literal: list[Item] = []

    def put(piece: str, offset: int, piece_lines: Sequence[int] | None = None) -> None:
        text.append(piece)
        line_of.extend([lines(offset)] * len(piece) if piece_lines is None else piece_lines)

    def add_placeholder(kind_: str, open_: str, close: str, offset: int) -> int:
        number = len(placeholders) + 1
        placeholders[number] = Placeholder(number, kind_, open_, close)
        put(f"<{number}>" if close else f"<{number}/>", offset)
        return number

    def flush_literal() -> None:
        if literal:
            _put_literal(literal, source, lines, put, add_placeholder)
            literal.clear()

    for index, item in enumerate(items):
        if item.role == "text":
            literal.append(item)
            continue
        flush_literal()
        raw = _markup(item, source)
        if item.role == "break":
            put(item.text, item.start)
            if item.prefix and prefix is None:
                prefix = item.prefix
        elif item.role == "open" and index in pairs:
            close = items[pairs[index]]
            numbers[index] = add_placeholder(item.kind, raw, _markup(close, source), item.start)
        elif item.role == "close" and index in closes:
            put(f"</{numbers[closes[index]]}>", item.start)
        else:
            add_placeholder(item.kind, raw, "", item.start)
        for inner in item.inner:
            found = embedded(inner, source, lines, options, (start, raw, item.start))
            if found is not None:
                attached.append(found)
    flush_literal()
    joined = "".join(text)
    block = make_block(
        joined, source[start:end], lines(start), kind, options, tuple(placeholders.values()), [*line_of, lines(end)]
    )
    if prefix is not None:
        block = Block(block.segments, _continued(block.separators, prefix), block.source)
    return Region(start, end, (block, *attached))


def _continued(separators: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """Put container markup ("> ") back after the newlines between sentences."""
    inner = [s.replace("\n", "\n" + prefix) for s in separators[1:-1]]
    return (separators[0], *inner, separators[-1]) if len(separators) > 1 else separators


def _put_literal(
    items: Sequence[Item],
    source: str,
    lines: Lines,
    put: Callable[[str, int, Sequence[int] | None], None],
    add_placeholder: Callable[[str, str, str, int], int],
) -> None:
    """Text items; whatever reads as a numbered tag ("<3>") becomes a standalone placeholder."""
    decoded = "".join(item.text for item in items)
    char_lines: list[int] = []
    for item in items:
        first = lines(item.start)
        if "\n" in item.text and source[item.start : item.end] == item.text:
            for row, piece in enumerate(item.text.split("\n")):
                char_lines.extend([first + row] * (len(piece) + 1))
            char_lines.pop()
        else:
            char_lines.extend([first] * len(item.text))
    if not TAG.search(decoded):
        put(decoded, items[0].start, char_lines)
        return
    # Raw offsets where each decoded character starts and ends.
    starts: list[int] = []
    ends: list[int] = []
    for item in items:
        if source[item.start : item.end] == item.text:
            starts.extend(range(item.start, item.end))
            ends.extend(range(item.start + 1, item.end + 1))
        else:
            starts.extend([item.start] * len(item.text))
            ends.extend([item.end] * len(item.text))
    pos = 0
    for match in TAG.finditer(decoded):
        if match.start() > pos:
            put(decoded[pos : match.start()], starts[pos], char_lines[pos : match.start()])
        raw_start, raw_end = starts[match.start()], ends[match.end() - 1]
        add_placeholder("literal text", source[raw_start:raw_end], "", raw_start)
        pos = match.end()
    if pos < len(decoded):
        put(decoded[pos:], starts[pos], char_lines[pos:])


def render(
    document: Document,
    lookup: Lookup,
    escapes: Mapping[str, Escape],
    warn: Warn | None = None,
    guard: Guard | None = None,
) -> str:
    """Rebuild a document whose blocks may have attached and embedded blocks.

    Each block's translation is escaped for where it goes (``escapes`` by
    :attr:`Embedded.context`; "text" for text blocks). ``guard`` may rewrite a
    msgid or translation before its tags are restored, for cases the escape
    alone cannot see (a "!" just before a Markdown link).
    """
    out: list[str] = []
    parts = document.parts
    index = 0
    while index < len(parts):
        part = parts[index]
        index += 1
        if isinstance(part, str):
            out.append(part)
            continue
        attached: list[Embedded] = []
        while index < len(parts) and (following := _attached(parts[index])) is not None:
            attached.append(following)
            index += 1
        if _attached(part) is not None:
            continue  # an orphan: nothing to attach it to
        context = part.context if isinstance(part, Embedded) else "text"
        block, block_lookup, block_warn = _prepared(part, attached, lookup, escapes, warn, guard)
        out.append(render_block(block, block_lookup, escapes[context], block_warn))
    return "".join(out)


def _attached(part: Part) -> Embedded | None:
    return part if isinstance(part, Embedded) and part.attached else None


def _prepared(
    block: Block,
    attached: Sequence[Embedded],
    lookup: Lookup,
    escapes: Mapping[str, Escape],
    warn: Warn | None,
    guard: Guard | None,
) -> tuple[Block, Lookup, Warn | None]:
    """The block with its attached translations in its markup, and guarded tags."""
    changes: list[tuple[Embedded, str]] = []
    for item in attached:
        raw = item.markup[item.at : item.at + item.length]
        new = render_block(Block(item.segments, item.separators, raw), lookup, escapes[item.context], warn)
        if new != raw:
            changes.append((item, new))
    if not changes and (guard is None or not any(s.placeholders for s in block.segments)):
        return block, lookup, warn
    source = block.source
    for item, new in sorted(changes, key=lambda c: -c[0].owner_at):
        source = source[: item.owner_at] + new + source[item.owner_at + item.length :]
    markups: dict[str, str] = {}
    done: set[tuple[str, int]] = set()
    for item, new in sorted(changes, key=lambda c: -c[0].at):
        if (item.markup, item.at) in done:
            continue  # the same markup twice in one block: same text, same translation
        done.add((item.markup, item.at))
        markup = markups.get(item.markup, item.markup)
        markups[item.markup] = markup[: item.at] + new + markup[item.at + item.length :]
    originals: dict[int, Segment] = {}
    segments = []
    for segment in block.segments:
        placeholders = tuple(
            replace(p, open=markups.get(p.open, p.open), close=markups.get(p.close, p.close) if p.close else "")
            for p in segment.placeholders
        )
        msgid = guard(segment.msgid, placeholders) if guard else segment.msgid
        new_segment = Segment(msgid, segment.line, segment.kind, placeholders, segment.translatable)
        originals[id(new_segment)] = segment
        segments.append(new_segment)

    def guarded_lookup(segment: Segment) -> str | None:
        found = lookup(originals.get(id(segment), segment))
        return guard(found, segment.placeholders) if found is not None and guard else found

    def original_warn(segment: Segment, problem: str) -> None:
        if warn is not None:
            warn(originals.get(id(segment), segment), problem)

    return Block(tuple(segments), block.separators, source), guarded_lookup, original_warn
