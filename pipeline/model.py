"""The data every stage passes around: documents split into segments.

A format's ``split`` turns a source document into a :class:`Document`: a
sequence of literal skeleton strings (markup, whitespace, untranslatable text)
and :class:`Block` objects (one paragraph, heading, cell, attribute value...).
A block holds its segments (sentences, or the whole block in paragraph mode)
and the exact whitespace between them, so that rendering with no translations
gives back the source byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SplitOptions:
    """What every format's ``split`` needs to know besides the text."""

    language: str = "en"
    segmentation: str = "sentence"  # or "paragraph"
    abbreviations: tuple[str, ...] = ()  # the project's own, from [segmentation] in l10n.toml


@dataclass(frozen=True)
class Placeholder:
    """Inline markup kept inside a segment as a numbered tag.

    Paired markup (emphasis, links) appears in the msgid as ``<n>…</n>`` and
    standalone markup (inline code, images, line breaks) as ``<n/>``.
    ``open`` and ``close`` are the exact source markup they stand for
    (``close`` is empty for standalone ones).
    """

    number: int
    kind: str
    open: str
    close: str = ""

    @property
    def paired(self) -> bool:
        return bool(self.close)

    def describe(self) -> str:
        """One line for the extracted comment, telling a reviewer what the tag is."""
        if self.paired:
            return f"<{self.number}>…</{self.number}> = {self.kind} {self.open}…{self.close}"
        return f"<{self.number}/> = {self.kind} {self.open}"


@dataclass(frozen=True)
class Segment:
    """One translatable unit: what becomes a msgid."""

    msgid: str
    line: int
    kind: str
    placeholders: tuple[Placeholder, ...] = ()
    translatable: bool = True

    def comment(self) -> str:
        """The extracted comment for the catalog entry: what the segment is."""
        lines = [self.kind]
        lines.extend(p.describe() for p in self.placeholders)
        return "\n".join(lines)


@dataclass(frozen=True)
class Block:
    """A run of translatable text inside the skeleton.

    ``separators`` has one more item than ``segments``: the text before the
    first segment, between each pair, and after the last. ``source`` is the
    block's exact source text, emitted unchanged when no segment is translated.
    """

    segments: tuple[Segment, ...]
    separators: tuple[str, ...]
    source: str

    def __post_init__(self) -> None:
        if len(self.separators) != len(self.segments) + 1:
            raise ValueError("a block needs one more separator than segments")


Part = str | Block


@dataclass(frozen=True)
class Document:
    """A source document split into skeleton and blocks."""

    path: str
    format: str
    parts: tuple[Part, ...]

    def blocks(self) -> Iterator[Block]:
        for part in self.parts:
            if isinstance(part, Block):
                yield part

    def segments(self) -> Iterator[Segment]:
        """Every translatable segment, in document order (repeats included)."""
        for block in self.blocks():
            for segment in block.segments:
                if segment.translatable:
                    yield segment
