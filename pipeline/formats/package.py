"""Zip packages of XML parts (Word ``.docx``, OpenDocument ``.odt``): reading them safely, and the shared split/render.

A package format names the XML parts it translates and, for each, how to find
its paragraphs and walk a paragraph's inline content into :class:`Inline`
items (text, paired markup, standalone markup); :func:`split` turns those into
:class:`Paragraph` blocks the way every other format does, numbered tags and
all. :func:`render` re-parses each translated part, walks each translated
paragraph again (the walk is deterministic, so tag ``<3>`` is the same markup
both times) and lets the format rebuild it from the translation. Parts with
nothing translated are copied byte for byte, entry by entry, with their zip
metadata; so are parts the format does not translate (images, comments,
settings).

Hostile input is refused before any part is parsed: not a zip, too many
entries, more than :data:`MAX_UNPACKED` bytes unpacked or an entry that claims
a compression ratio over :data:`MAX_RATIO` (a zip bomb), a DOCTYPE (entity
expansion, external entities: neither is ever resolved, and no network is
used). Each is one :class:`~pipeline.errors.SourceError` line.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from pipeline.errors import SourceError
from pipeline.formats import Lookup
from pipeline.model import Block, Document, Placeholder, Segment, SplitOptions
from pipeline.placeholders import TAG, tag_problem, tags
from pipeline.segment import make_block

if TYPE_CHECKING:
    from lxml import etree

MAX_ENTRIES = 5000
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
"""A deflated XML part compresses 5-20 times; a bomb thousands of times."""

Warn = Callable[[Segment, str], None]


@dataclass
class Inline:
    """One piece of a paragraph's inline content, as a format's walk yields it.

    ``role`` is "text", "open", "close" or "empty". ``element`` is the live
    markup it stands for (a formatting run, a link, a field...): what the
    format's rebuild uses. ``kind`` tells a reviewer what a tag is.
    """

    role: str  # or "marker" (kept, moved to the paragraph's start) or "drop" (left out of a translation)
    text: str = ""
    kind: str = ""
    element: object = None
    extra: object = None
    detail: str = ""  # what the reviewer is told: a link's target, a style's name


@dataclass(frozen=True)
class Paragraph(Block):
    """A paragraph (heading, cell, title...) of one XML part.

    ``index`` is its position among the part's paragraphs (as the format's
    ``paragraphs`` lists them), ``text`` its inline content with every piece of
    markup as a numbered tag, in order of appearance.
    """

    member: str = ""
    index: int = 0
    text: str = ""


@dataclass(frozen=True)
class PackageDocument(Document):
    """A package's paragraphs, and the package itself for rendering."""

    data: bytes = field(default=b"", repr=False)


class Dialect(Protocol):
    """What a package format knows about its own XML."""

    name: str
    what: str  # "Word document"

    def members(self, archive: zipfile.ZipFile, path: str) -> list[str]:
        """The parts to read, in order: those with text, then those that only say the language."""

    def paragraphs(self, member: str, root: etree._Element) -> list[tuple[etree._Element, str]]: ...

    def inline(self, paragraph: etree._Element) -> list[Inline]: ...

    def rebuild(
        self, paragraph: etree._Element, items: list[Inline], nodes: list[Node], table: Table, rtl: bool
    ) -> None:
        """Replace the paragraph's inline content by ``nodes``; ``table`` maps tag numbers to markup."""

    def identify(self, archive: zipfile.ZipFile, path: str) -> None: ...

    def set_language(self, member: str, root: etree._Element, code: str, rtl: bool) -> bool: ...


@dataclass
class Node:
    """A translation parsed back into a tree: text, a paired tag with children, or a standalone tag."""

    number: int  # 0 for text
    text: str = ""
    children: list[Node] = field(default_factory=list)
    paired: bool = False


def open_package(data: bytes, path: str, what: str) -> zipfile.ZipFile:
    """The zip archive, once it is known not to be a bomb."""
    if not data.startswith(b"PK"):
        start = data[:200].lstrip()
        looks = "a text file" if start[:1] in (b"<", b"{") or start.isascii() else "some other file"
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            looks = "an old binary Office file (.doc)"
        raise SourceError(
            f"not a {what}: not a zip archive (it looks like {looks})",
            path=path,
            hint="save it again from the word processor in the right format",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError) as error:
        raise SourceError(f"not a {what}: broken zip archive ({error})", path=path) from None
    if len(infos) > MAX_ENTRIES:
        raise SourceError(f"refused: {len(infos)} entries in the archive (at most {MAX_ENTRIES})", path=path)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        raise SourceError(
            f"refused: the archive unpacks to {total // (1024 * 1024)} MB (at most {MAX_UNPACKED // (1024 * 1024)} MB)",
            path=path,
            hint="a zip bomb, or a document too big to translate in one piece",
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SourceError(
                f"refused: entry '{info.filename}' claims a compression ratio of "
                f"{info.file_size // max(info.compress_size, 1)}:1 (a zip bomb?)",
                path=path,
            )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, path: str) -> bytes:
    try:
        with archive.open(name) as member:
            data = member.read(MAX_UNPACKED + 1)
    except RuntimeError as error:  # zipfile's word for an encrypted entry
        raise SourceError(f"cannot unpack '{name}': {error}", path=path, hint="save it without a password") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise SourceError(f"cannot unpack '{name}': broken archive ({error})", path=path) from None
    if len(data) > MAX_UNPACKED:
        raise SourceError(f"refused: '{name}' unpacks to more than it says (a zip bomb?)", path=path)
    return data


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def parse_xml(data: bytes, member: str, path: str) -> etree._Element:
    """An XML part, with no DTD, no entity expansion and no network."""
    from lxml import etree

    if _DOCTYPE.search(data[:4096]) or _DOCTYPE.search(data):
        raise SourceError(
            f"refused: part '{member}' declares a DOCTYPE or entities (never in a real document; "
            "an entity-expansion or external-entity attack?)",
            path=path,
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else "?"
        raise SourceError(f"part '{member}' line {line}: broken XML ({error.msg})", path=path) from None


def split(dialect: Dialect, data: bytes, path: str, options: SplitOptions) -> PackageDocument:
    archive = open_package(data, path, dialect.what)
    dialect.identify(archive, path)
    blocks: list[Paragraph] = []
    number = 0
    for member in dialect.members(archive, path):
        root = parse_xml(read_member(archive, member, path), member, path)
        for index, (paragraph, kind) in enumerate(dialect.paragraphs(member, root)):
            number += 1
            items = dialect.inline(paragraph)
            text, placeholders, _ = _numbered(items)
            if not text.strip():
                continue
            block = _block(text, placeholders, number, kind, options)
            if block.segments:
                blocks.append(Paragraph(block.segments, block.separators, text, member, index, text))
    return PackageDocument(path, dialect.name, tuple(blocks), data)


Table = dict[int, "Inline | str"]
"""Tag number -> the item it stands for, or the literal text ("<3>") it replaced."""


def _numbered(items: Sequence[Inline]) -> tuple[str, tuple[Placeholder, ...], Table]:
    """The paragraph's text with markup as numbered tags; literal "<3>" text is a standalone tag."""
    out: list[str] = []
    placeholders: list[Placeholder] = []
    table: Table = {}
    stack: list[int] = []
    for item in items:
        if item.role == "text":
            pos = 0
            for match in TAG.finditer(item.text):
                out.append(item.text[pos : match.start()])
                placeholders.append(Placeholder(len(placeholders) + 1, "literal text", match.group(0)))
                table[len(placeholders)] = match.group(0)
                out.append(f"<{len(placeholders)}/>")
                pos = match.end()
            out.append(item.text[pos:])
        elif item.role == "open":
            shown = item.detail or item.kind
            placeholders.append(Placeholder(len(placeholders) + 1, item.kind, f"[{shown}]", f"[/{item.kind}]"))
            table[len(placeholders)] = item
            stack.append(len(placeholders))
            out.append(f"<{len(placeholders)}>")
        elif item.role == "close":
            if stack:
                out.append(f"</{stack.pop()}>")
        elif item.role == "empty":
            placeholders.append(
                Placeholder(len(placeholders) + 1, item.kind, f"[{item.detail}]" if item.detail else "")
            )
            table[len(placeholders)] = item
            out.append(f"<{len(placeholders)}/>")
    return "".join(out), tuple(placeholders), table


def _block(text: str, placeholders: tuple[Placeholder, ...], line: int, kind: str, options: SplitOptions) -> Block:
    """Segments of a paragraph; one segment if tags would land between sentences."""
    block = make_block(text, text, line, kind, options, placeholders)
    if any(TAG.search(s) for s in block.separators):
        block = make_block(text, text, line, kind, SplitOptions(options.language, "paragraph"), placeholders)
    return block


def translated_text(block: Paragraph, lookup: Lookup, warn: Warn | None) -> str | None:
    """The paragraph's text with every translation in, tags numbered as in ``block.text``; None if none."""
    pieces = [block.separators[0]]
    offset = 0
    found_any = False
    for index, segment in enumerate(block.segments):
        found = lookup(segment) if segment.translatable else None
        if found is not None:
            problem = tag_problem(segment.msgid, found)
            if problem is not None:
                if warn is not None:
                    warn(segment, problem)
                found = None
        found_any = found_any or found is not None
        text = segment.msgid if found is None else found
        pieces.append(_shifted(text, offset))
        offset += len(segment.placeholders)
        separator = block.separators[index + 1]
        if separator == "" and index + 1 < len(block.segments):
            separator = " "
        pieces.append(separator)
    return "".join(pieces) if found_any else None


def _shifted(text: str, offset: int) -> str:
    """A segment's tags renumbered as in its paragraph: the paragraph's tags before it come first."""
    return TAG.sub(lambda m: f"<{m.group(1)}{int(m.group(2)) + offset}{m.group(3)}>", text)


def parse_tags(text: str) -> list[Node]:
    """``text`` with numbered tags as a tree (the tags are known to nest)."""
    root: list[Node] = []
    stack: list[list[Node]] = [root]
    pos = 0
    for tag in tags(text):
        if tag.start > pos:
            stack[-1].append(Node(0, text[pos : tag.start]))
        if tag.role == "open":
            node = Node(tag.number, paired=True)
            stack[-1].append(node)
            stack.append(node.children)
        elif tag.role == "close":
            if len(stack) > 1:
                stack.pop()
        else:
            stack[-1].append(Node(tag.number))
        pos = tag.end
    if pos < len(text):
        stack[-1].append(Node(0, text[pos:]))
    return root


def render(
    dialect: Dialect, document: PackageDocument, lookup: Lookup, code: str | None, rtl: bool, warn: Warn | None
) -> bytes:
    """The package with translations in; ``code``: the language the output declares (None: as the source)."""
    archive = open_package(document.data, document.path, dialect.what)
    by_member: dict[str, list[tuple[Paragraph, str]]] = {}
    for part in document.parts:
        if isinstance(part, Paragraph):
            new = translated_text(part, lookup, warn)
            if new is not None:
                by_member.setdefault(part.member, []).append((part, new))
    changed: dict[str, bytes] = {}
    for member in dialect.members(archive, document.path):
        data = read_member(archive, member, document.path)
        todo = by_member.get(member, [])
        if not todo and code is None:
            continue
        root = parse_xml(data, member, document.path)
        touched = False
        if todo:
            paragraphs = [p for p, _ in dialect.paragraphs(member, root)]
            # Innermost first: a text box's paragraphs live inside a run of an outer paragraph.
            for block, new in sorted(todo, key=lambda t: -t[0].index):
                if block.index >= len(paragraphs):
                    continue
                paragraph = paragraphs[block.index]
                items = dialect.inline(paragraph)
                text, _, table = _numbered(items)
                if text != block.text:
                    continue  # never expected: the same walk gives the same text
                dialect.rebuild(paragraph, items, parse_tags(new), table, rtl)
                touched = True
        if code is not None:
            touched = dialect.set_language(member, root, code, rtl) or touched
        if touched:
            changed[member] = _serialise(root, data)
    if not changed:
        return document.data  # nothing translated, no language to set: the file itself
    return _repack(archive, changed, document.path)


def _serialise(root: etree._Element, source: bytes) -> bytes:
    from lxml import etree

    if re.search(rb"standalone=[\"']yes", source[:200]):
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _repack(archive: zipfile.ZipFile, changed: dict[str, bytes], path: str) -> bytes:
    """The same entries in the same order with the same metadata; only ``changed`` ones get new bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            data = changed.get(info.filename)
            if data is None:
                data = read_member(archive, info.filename, path)
            target.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def parts(data: bytes, path: str, what: str) -> Iterator[tuple[str, bytes]]:
    """Every entry of a package: for comparing two packages part for part."""
    archive = open_package(data, path, what)
    for info in archive.infolist():
        yield info.filename, read_member(archive, info.filename, path)


def plain_text(nodes: list[Node], table: Table) -> list[str]:
    """The text of ``nodes`` with each standalone tag's text from ``table`` (a field's shown value)."""
    out = []
    for node in nodes:
        if node.number == 0:
            out.append(node.text)
        elif isinstance(table.get(node.number), str):
            out.append(str(table[node.number]))
        else:
            out.extend(plain_text(node.children, table))
    return out


class PackageFormat:
    """A zip-of-XML format (Word, OpenDocument): what differs between them is the dialect alone."""

    name: str
    suffixes: tuple[str, ...]
    dialect: Dialect

    def load(self, data: bytes, path: str, options: SplitOptions) -> PackageDocument:
        return split(self.dialect, data, path, options)

    def build(self, document: Document, lookup: Lookup, code: str | None, rtl: bool = False) -> bytes:
        assert isinstance(document, PackageDocument)
        return render(self.dialect, document, lookup, code, rtl, None)
