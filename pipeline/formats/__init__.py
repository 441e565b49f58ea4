"""Document formats: each a ``split``/``render`` pair, registered by suffix.

``split(text, path, options)`` turns a source document into a
:class:`~pipeline.model.Document`; ``render(document, lookup)`` rebuilds it,
substituting each segment's translation where ``lookup`` has one. A lookup
miss keeps the source text, so an empty catalog rebuilds the source exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

from pipeline.errors import SourceError
from pipeline.model import Block, Document, Segment, SplitOptions
from pipeline.placeholders import restore, tag_problem

Lookup = Callable[[Segment], str | None]
"""Returns a segment's translation, or None to keep the source text."""


class Format(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def split(self, text: str, path: str, options: SplitOptions) -> Document: ...

    def render(self, document: Document, lookup: Lookup) -> str: ...


@runtime_checkable
class Package(Protocol):
    """A format whose documents are bytes (a zip of XML parts), not text: Word, OpenDocument.

    ``load`` splits the file's bytes; ``build`` writes them back with the
    translations in and, given a ``code``, the document's language set to it.
    """

    name: str
    suffixes: tuple[str, ...]

    def load(self, data: bytes, path: str, options: SplitOptions) -> Document: ...

    def build(self, document: Document, lookup: Lookup, code: str | None, rtl: bool = False) -> bytes: ...


@runtime_checkable
class Labelled(Protocol):
    """A format that says itself where a draft build's note goes (or that it has none)."""

    def draft_label(self, text: str, note: str) -> str: ...


_REGISTRY: dict[str, Format | Package] = {}


_F = TypeVar("_F", bound="Format | Package")


def register(fmt: _F) -> _F:
    for suffix in fmt.suffixes:
        _REGISTRY[suffix] = fmt
    return fmt


def suffixes() -> tuple[str, ...]:
    _load()
    return tuple(sorted(_REGISTRY))


def for_path(path: str | Path) -> Format | Package:
    """The format that handles ``path``, by its suffix."""
    _load()
    suffix = Path(path).suffix.lower()
    try:
        return _REGISTRY[suffix]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise SourceError(
            f"no format handles '{suffix or Path(path).name}' files",
            path=path,
            hint=f"known suffixes: {known}",
        ) from None


KNOWN_SUFFIXES = {".docx": True, ".odt": True}
KNOWN_SUFFIXES.update(dict.fromkeys((".htm", ".html", ".markdown", ".md", ".srt", ".txt", ".vtt"), False))
"""Every registered suffix, and whether its format is a :class:`Package`: known without importing the
formats (markdown-it, the zip readers), so a run with nothing to do imports none. A test checks it
against the registry."""


def is_package(path: str | Path) -> bool:
    """Whether ``path``'s format reads bytes (a :class:`Package`) rather than text."""
    found = KNOWN_SUFFIXES.get(Path(path).suffix.lower())
    return found if found is not None else isinstance(for_path(path), Package)


def _load() -> None:
    # Imported here, not at the top: each module imports this one to register
    # itself. Python's import cache makes a second call free, even when one
    # format module was imported directly first.
    from pipeline.formats import docx, html, markdown, odt, subtitles, text  # noqa: F401


def render_blocks(
    document: Document,
    lookup: Lookup,
    escape: Callable[[str], str] = lambda s: s,
    warn: Callable[[Segment, str], None] | None = None,
) -> str:
    """Rebuild a document: the shared body of every format's ``render``.

    A block with no translated segment is emitted as its exact source. In a
    block with translations, each segment is rebuilt from its translation (or,
    on a miss, its msgid) with its placeholders restored and its text escaped
    by ``escape``. Sentences that the source glued together ("end.Next") are
    given a space. A translation whose tags do not match the source's is not
    used: ``warn`` is told why.
    """
    out: list[str] = []
    for part in document.parts:
        if not isinstance(part, Block):
            out.append(part)
            continue
        out.append(render_block(part, lookup, escape, warn))
    return "".join(out)


def render_block(
    block: Block,
    lookup: Lookup,
    escape: Callable[[str], str] = lambda s: s,
    warn: Callable[[Segment, str], None] | None = None,
) -> str:
    texts: list[str | None] = []
    for segment in block.segments:
        found = lookup(segment) if segment.translatable else None
        if found is not None:
            problem = tag_problem(segment.msgid, found)
            if problem is not None:
                if warn is not None:
                    warn(segment, problem)
                found = None
        texts.append(found)
    if all(t is None for t in texts):
        return block.source
    pieces = [block.separators[0]]
    for index, (segment, text) in enumerate(zip(block.segments, texts, strict=True)):
        pieces.append(restore(segment.msgid if text is None else text, segment.placeholders, escape))
        separator = block.separators[index + 1]
        if separator == "" and index + 1 < len(block.segments):
            separator = " "
        pieces.append(separator)
    return "".join(pieces)
