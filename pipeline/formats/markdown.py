"""Markdown (CommonMark, GFM tables and strikethrough, YAML front matter) by markdown-it-py.

Translatable: headings, paragraphs, list items, table cells, block quotes,
image alt text, link titles (inline and in reference definitions) and the
``title``/``description``/``summary``/``subtitle`` values of the front matter.
Not translatable: code blocks, inline code, URLs, raw HTML blocks, comments,
front-matter keys and other values.

markdown-it gives block tokens with line numbers but inline tokens without
source offsets, so each inline run's source is recovered in two steps: the
``inline`` token's content is aligned with the source lines it came from (each
content line is the tail of its source line once the container markup, "> "
or a list indent, is cut off; table cells are found cell by cell), giving a
source offset for every content character; then the inline tokens are walked
with a cursor through that content, each token's extent known from its own
markup (links and images by re-running markdown-it's own link rule on the
content). Where the two do not agree the run is left untranslated, never
garbled: the untranslated document is always the source, byte for byte.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline.image import image as image_rule
from markdown_it.rules_inline.link import link as link_rule
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline.formats import Lookup, register
from pipeline.formats.html import ATTRIBUTES, attribute_spans, escape_attribute
from pipeline.formats.inline import Inner, Item, Lines, Region, Warn, document, regions_of_run, render
from pipeline.model import Document, Placeholder, Segment, SplitOptions
from pipeline.placeholders import TAG

# commonmark's maxNesting of 20 silently left text past the 9th level of a nested list
# untranslated; 100 (about 50 list levels) stays far inside Python's recursion limit.
_MD = (
    MarkdownIt("commonmark", {"maxNesting": 100})
    .enable(["table", "strikethrough"])
    .use(front_matter_plugin)
    # Keep escapes and entities as their own tokens: their source differs from their text.
    .disable("text_join")
)
PARSER = _MD
"""The parser documents are split with: tests compare block structure through it."""


def _front_matter_at_document_start(md: MarkdownIt) -> None:
    """Front matter only at the very start of the file, as Jekyll, Hugo and GitHub read it.

    mdit_py_plugins' rule also fires inside the first list item of a file that starts
    with a list ("- x--" takes the item for front matter), so that item's text went
    untranslated, and a translation "---" there hid it.
    """
    rule = next(r.fn for r in md.block.ruler.__rules__ if r.name == "front_matter")

    def at_start(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        if state.bMarks[start_line] + state.tShift[start_line] != 0:
            return False
        found: bool = rule(state, start_line, end_line, silent)
        return found

    md.block.ruler.at("front_matter", at_start)


_front_matter_at_document_start(_MD)

_CONTAINERS = {"list_item_open": "list item", "blockquote_open": "block quote", "th_open": "table cell"}
_CONTAINERS["td_open"] = "table cell"
_PAIRED = {"em": "emphasis", "strong": "strong emphasis", "s": "strikethrough"}
_SOFTBREAK = re.compile(r" *\n[ \t]*")
_HARDBREAK = re.compile(r"(?: {2,}|\\)\n[ \t]*")
_BACKTICKS = re.compile(r"`+")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID = {"br", "img", "hr", "wbr", "input", "area", "col", "embed", "source", "track", "meta", "link"}
_FRONT_MATTER_KEYS = ("title", "description", "summary", "subtitle")
_FRONT_MATTER_LINE = re.compile(r"(?P<key>" + "|".join(_FRONT_MATTER_KEYS) + r")[ \t]*:[ \t]+(?P<value>.*?)[ \t]*$")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY_LIKE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CLOSING_HASHES = re.compile(r"(?<![^ \t])(?<!\\)#+$")
_LIST_START = re.compile(r"\d{1,9}[.)](?=\s|$)")
_BANG = "\ue000"  # a "!" just before a link's "[": written "\!" so that it does not make an image
_PIPE = "\ue001"  # a "|" in a "---" underlined heading: written "&#124;" so that it does not make a table


class MarkdownFormat:
    name = "markdown"
    suffixes: tuple[str, ...] = (".md", ".markdown")

    def split(self, text: str, path: str, options: SplitOptions) -> Document:
        return _Splitter(text, options).document(path, self.name)

    def render(self, document: Document, lookup: Lookup, warn: Warn | None = None) -> str:
        def visible(segment: Segment) -> str | None:
            found = lookup(segment)
            if found is None or (_blank(found) and not _blank(segment.msgid)):
                return None  # blank, it would empty its line: a paragraph split in two, a heading's text gone
            # The separators hold the source's own spacing; indentation before a translation would
            # change a list item's content column (unnesting the list below) or start a code block.
            found = found.strip(" \t\r\n")
            # Spaces just inside a paired tag go outside it: "<1> x</1>" at a line's start made
            # "* x*", a list item (and inside it, emphasis cannot open or close next to a space).
            while (moved := _SPACE_IN_TAGS.sub(_move_out, found)) != found:
                found = moved
            found = found.strip(" \t\r\n")
            if segment.kind == "heading 2":
                # Above a "---" underline, a line holding "|" (even "\\|") is a table's header row.
                return found.replace("|", _PIPE)
            return found

        return render(document, visible, ESCAPES, warn, guard=_guard)


_SPACE_IN_TAGS = re.compile(r"(?P<open><\d+>)(?P<after>[ \t\r\n]+)|(?P<before>[ \t\r\n]+)(?P<close></\d+>)")


def _move_out(match: re.Match[str]) -> str:
    if match.group("open"):
        return match.group("after") + match.group("open")
    return match.group("close") + match.group("before")


def _blank(text: str) -> bool:
    """Whether ``text`` has nothing but spaces and tags: a line break's tag shows nothing either."""
    return not TAG.sub("", text).strip()


def escape_text(text: str) -> str:
    """Backslash-escape what would otherwise become Markdown markup in a translation.

    Works on a piece of text between placeholders, so it cannot see its
    neighbours: at a piece's ends it assumes the worst. Characters that cannot
    start markup where they stand are left alone (``2 * 3``, ``snake_case``).
    Newlines become spaces: a translation must not end a table row or heading.
    Spaces and tabs at a piece's ends shrink to one space: at a line's start,
    indentation made "   ===" a heading underline and "    code" a code block,
    and at its end two spaces made a hard line break.
    """
    text = re.sub(r"[\r\n]+", " ", text)
    body = text.strip(" \t")
    if not body:
        return " " if text else ""
    leading = " " if text[0] in " \t" else ""
    trailing = " " if text[-1] in " \t" else ""
    return leading + _escape_body(body) + trailing


def _escape_body(text: str) -> str:
    """:func:`escape_text` of a piece that neither starts nor ends with a space or tab."""
    out: list[str] = []
    last = len(text) - 1
    for index, ch in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index < last else ""
        escape = False
        if ch in "`[]|<>~&\\*_#+-:(=" and index == 0:
            # A piece may start a line (block markers) or follow "]" (link syntax).
            escape = ch not in "-+" or after in ("", " ", "\t", ch)
        elif ch in "`[]|":
            escape = True
        elif ch == "\\":
            escape = after == "" or after in _ASCII_PUNCT
        elif ch == "*":
            escape = not (before.isspace() and after.isspace())
        elif ch == "_":
            escape = not ((before.isalnum() and after.isalnum()) or (before.isspace() and after.isspace()))
        elif ch == "~":
            escape = "~" in (before, after) or "" in (before, after)
        elif ch == "<":
            escape = after == "" or after.isalpha() or after in "/!?"
        elif ch == "&":
            escape = _ENTITY_LIKE.match(text, index) is not None
        if ch == _BANG:
            out.append("\\!")
            continue
        if ch == _PIPE:
            out.append("&#124;")
            continue
        out.append("\\" + ch if escape else ch)
    escaped = "".join(out)
    closing = _CLOSING_HASHES.search(escaped)
    if closing:  # "Title #" in a heading would lose its "#"
        escaped = escaped[: closing.start()] + "\\" + escaped[closing.start() :]
    start = _LIST_START.match(escaped)
    if start:  # "1. Juli" at a line's start would be a list
        escaped = escaped[: start.end() - 1] + "\\" + escaped[start.end() - 1 :]
    return escaped


def escape_title(text: str) -> str:
    """A link title's translation: its delimiters and backslashes escaped."""
    text = re.sub(r"[\r\n]+", " ", text)
    out = []
    for index, ch in enumerate(text):
        after = text[index + 1] if index + 1 < len(text) else ""
        if ch in "\"'()" or (ch == "\\" and (after == "" or after in _ASCII_PUNCT)):
            out.append("\\" + ch)
        elif ch == "&" and _ENTITY_LIKE.match(text, index):
            out.append("\\&")
        else:
            out.append(ch)
    return "".join(out)


def _yaml_double(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text).replace("\\", "\\\\").replace('"', '\\"')


def _yaml_single(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text).replace("'", "''")


ESCAPES = {
    "text": escape_text,
    "markdown-title": escape_title,
    "attribute": escape_attribute,
    "yaml-double": _yaml_double,
    "yaml-single": _yaml_single,
}


def _guard(text: str, placeholders: tuple[Placeholder, ...]) -> str:
    """Mark a "!" right before a link's tag: restored as-is it would turn the link into an image."""
    for placeholder in placeholders:
        if placeholder.paired and placeholder.open.startswith("["):
            text = text.replace(f"!<{placeholder.number}>", f"{_BANG}<{placeholder.number}>")
    return text


class _Splitter:
    def __init__(self, text: str, options: SplitOptions) -> None:
        self.text = text
        # What markdown-it reads: it takes a lone "\r" for a line break and a NUL for U+FFFD.
        # Doing the same here, character for character, keeps token lines and offsets aligned.
        self.parsed = text.replace("\r", "\n").replace("\0", "\ufffd")
        self.options = options
        self.lines = Lines(self.parsed)
        self.source_lines = self.parsed.split("\n")
        self.env: dict[str, Any] = {}
        self.cells: tuple[int, int] = (-1, 0)  # (row line, offset after the last cell found)

    def document(self, path: str, name: str) -> Document:
        tokens = _MD.parse(self.parsed, self.env)
        regions: list[Region] = []
        stack: list[Token] = []
        for token in tokens:
            if token.nesting == 1:
                stack.append(token)
            elif token.nesting == -1:
                stack.pop()
            elif token.type == "front_matter" and token.map:
                regions.extend(self._front_matter(token.map))
            elif token.type == "inline" and token.map and token.content:
                regions.extend(self._inline(token, stack))
        regions.extend(self._reference_titles())
        return document(self.text, path, name, regions)

    # -- block level -------------------------------------------------------

    def _inline(self, token: Token, stack: Sequence[Token]) -> list[Region]:
        parent = stack[-1] if stack else None
        kind = _kind(stack)
        assert token.map is not None
        first = token.map[0]
        if parent is not None and parent.type in ("th_open", "td_open"):
            offsets = self._cell(token.content, first)
        elif parent is not None and parent.type == "heading_open" and parent.markup.startswith("#"):
            offsets = self._atx(token.content, first)
        else:
            offsets = self._tails(token.content, first)
        if offsets is None:
            return []
        items = _Items(self, token.content, offsets).walk(token.children or [])
        if items is None:
            return []
        return regions_of_run(items, self.text, self.lines, kind, self.options)

    def _line(self, index: int) -> tuple[int, str]:
        return self.lines.starts[index], self.source_lines[index]

    def _tails(self, content: str, first: int) -> list[int] | None:
        """Source offset of each content character of a paragraph or setext heading."""
        offsets: list[int] = []
        parts = content.split("\n")
        for number, part in enumerate(parts):
            if first + number >= len(self.source_lines):
                return None
            start, line = self._line(first + number)
            if line.endswith(part):
                at = len(line) - len(part)
            elif line.rstrip().endswith(part):
                at = len(line.rstrip()) - len(part)
            else:
                return None
            offsets.extend(range(start + at, start + at + len(part)))
            offsets.append(start + len(line) if number < len(parts) - 1 else start + at + len(part))
        return offsets

    def _atx(self, content: str, first: int) -> list[int] | None:
        start, line = self._line(first)
        hashes = line.find("#")
        at = line.find(content, hashes + 1) if hashes >= 0 else -1
        if at < 0:
            return None
        return list(range(start + at, start + at + len(content) + 1))

    def _cell(self, content: str, row: int) -> list[int] | None:
        """Offsets of a table cell's content; markdown-it reads "\\|" in a cell as "|"."""
        start, line = self._line(row)
        after = self.cells[1] if self.cells[0] == row else 0
        pattern = "".join(r"\\\|" if ch == "|" else re.escape(ch) for ch in content)
        match = re.compile(pattern).search(line, after)
        if match is None:
            return None
        offsets = []
        pos = match.start()
        for ch in content:
            offsets.append(start + pos)
            pos += 2 if ch == "|" else 1
        offsets.append(start + pos)
        self.cells = (row, pos)
        return offsets

    def _front_matter(self, lines: list[int]) -> list[Region]:
        """Translatable values in YAML front matter: single-line scalars of a few keys."""
        regions = []
        for index in range(lines[0] + 1, lines[1] - 1):
            start, line = self._line(index)
            match = _FRONT_MATTER_LINE.match(line)
            if match is None:
                continue
            inner = _yaml_value(match.group("value"), start + match.start("value"), match.group("key"))
            if inner is not None:
                regions.extend(regions_of_run([Item("empty", inner.start, inner.end, inner=(inner,))], *self._run()))
        return regions

    def _run(self) -> tuple[str, Lines, str, SplitOptions]:
        return self.text, self.lines, "", self.options

    def _reference_titles(self) -> list[Region]:
        """Titles of link reference definitions (``[id]: /url "Title"``), outside any inline run."""
        regions = []
        references = self.env.get("references", {})
        for reference in references.values():
            lines = reference.get("map")
            if not reference.get("title") or not lines or lines[1] > len(self.lines.starts):
                continue
            start = self.lines.starts[lines[0]]
            end = self.lines.starts[lines[1]] if lines[1] < len(self.lines.starts) else len(self.parsed)
            span = _title_span(self.parsed[start:end], 0)
            if span is not None:
                inner = Inner(start + span[0], start + span[1], reference["title"], "link title", "markdown-title")
                regions.extend(regions_of_run([Item("empty", inner.start, inner.end, inner=(inner,))], *self._run()))
        return regions


def _kind(stack: Sequence[Token]) -> str:
    for token in reversed(stack):
        if token.type == "heading_open":
            return f"heading {token.tag[1:]}"
        if token.type in _CONTAINERS:
            return _CONTAINERS[token.type]
    return "paragraph"


def _yaml_value(value: str, start: int, key: str) -> Inner | None:
    kind = f"front matter {key}"
    if len(value) >= 2 and value[0] == value[-1] == '"':
        body = value[1:-1]
        if re.search(r'\\[^"\\]|(?<!\\)"', body):
            return None
        return Inner(start + 1, start + len(value) - 1, re.sub(r"\\([\"\\])", r"\1", body), kind, "yaml-double")
    if len(value) >= 2 and value[0] == value[-1] == "'":
        body = value[1:-1]
        if re.search(r"(?<!')'(?!')", body):
            return None
        return Inner(start + 1, start + len(value) - 1, body.replace("''", "'"), kind, "yaml-single")
    if not value or value[0] in "[]{}&*!|>%@`#'\",?:-" or ": " in value or " #" in value:
        return None
    return Inner(start, start + len(value), value, kind, "yaml-double", quote='"')


def _title_span(text: str, pos: int) -> tuple[int, int] | None:
    """Where the title is (inside its delimiters) in ``[label]: dest "title"``."""
    match = re.match(r" {0,3}\[(?:[^\\\[\]]|\\.)*\]:[ \t]*\n?[ \t]*", text[pos:])
    if match is None:
        return None
    pos += match.end()
    destination = _MD.helpers.parseLinkDestination(text, pos, len(text))
    if not destination.ok:
        return None
    pos = destination.pos
    space = re.match(r"[ \t]*\n?[ \t]*", text[pos:])
    if space is None or not space.group(0):
        return None
    pos += space.end()
    title = _MD.helpers.parseLinkTitle(text, pos, len(text))
    if not title.ok:
        return None
    return pos + 1, title.pos - 1


class _Items:
    """Walk an inline token stream with a cursor through its content."""

    def __init__(self, splitter: _Splitter, content: str, offsets: list[int]) -> None:
        self.splitter = splitter
        self.content = content
        self.offsets = offsets
        self.pos = 0
        self.links: list[tuple[int, int, str]] = []  # each open link: where it starts and ends, its title

    def raw(self, start: int, end: int) -> str:
        return self.splitter.text[self.offsets[start] : self.offsets[end]]

    def item(self, role: str, length: int, **fields: Any) -> Item:
        start = self.pos
        self.pos += length
        return Item(role, self.offsets[start], self.offsets[self.pos], **fields)

    def walk(self, tokens: Sequence[Token]) -> list[Item] | None:
        items: list[Item] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if token.type == "link_open" and token.markup == "autolink":
                end = self.content.find(">", self.pos)
                if not self.content.startswith("<", self.pos) or end < 0:
                    return None
                items.append(self.item("empty", end + 1 - self.pos, kind="link"))
                while index < len(tokens) and tokens[index].type != "link_close":
                    index += 1
                index += 1
                continue
            found = self.one(token)
            if found is None:
                return None
            items.extend(found)
        return items if self.pos == len(self.content) else None

    def one(self, token: Token) -> list[Item] | None:
        content, pos = self.content, self.pos
        kind = token.type
        if kind == "text":
            if not content.startswith(token.content, pos):
                return None
            return [self.item("text", len(token.content), text=token.content)]
        if kind == "text_special":
            if not content.startswith(token.markup, pos):
                return None
            return [self.item("text", len(token.markup), text=token.content)]
        if kind in ("softbreak", "hardbreak"):
            match = (_SOFTBREAK if kind == "softbreak" else _HARDBREAK).match(content, pos)
            if match is None:
                return None
            if kind == "hardbreak":
                return [self.item("empty", match.end() - pos, kind="line break")]
            raw = self.raw(pos, match.end())
            newline = self.splitter.parsed.index("\n", self.offsets[pos]) - self.offsets[pos]
            if raw.isspace():
                return [self.item("break", match.end() - pos, text=raw)]
            return [self.item("break", match.end() - pos, text=raw[: newline + 1], prefix=raw[newline + 1 :])]
        if kind == "code_inline":
            ticks = _BACKTICKS.match(content, pos)
            if ticks is None:
                return None
            closing = re.compile(r"(?<!`)" + ticks.group(0) + r"(?!`)").search(content, ticks.end())
            if closing is None:
                return None
            return [self.item("empty", closing.end() - pos, kind="inline code")]
        if kind.endswith(("_open", "_close")) and kind.rsplit("_", 1)[0] in _PAIRED:
            name = kind.rsplit("_", 1)[0]
            if not content.startswith(token.markup, pos):
                return None
            role = "open" if kind.endswith("_open") else "close"
            return [self.item(role, len(token.markup), name=name, kind=_PAIRED[name])]
        if kind == "link_open":
            end = self._rule_end(link_rule)
            if end is None:
                return None
            self.links.append((pos, end, token_title(token)))
            return [self.item("open", 1, name="link", kind="link")]
        if kind == "link_close":
            if not self.links or not content.startswith("]", pos):
                return None
            start, end, title_text = self.links.pop()
            title = self._title(pos + 1, end, title_text)
            markup = ""
            if content[pos:end] in ("]", "][]"):
                # A shortcut or collapsed reference: its text is its label. Spelled out in full,
                # the link survives a translated text.
                markup = "][" + content[start + 1 : pos] + "]"
            return [self.item("close", end - pos, name="link", kind="link", inner=title, markup=markup)]
        if kind == "image":
            end = self._rule_end(image_rule)
            if end is None:
                return None
            return [self.item("empty", end - pos, kind="image", inner=self._image(token, end))]
        if kind == "html_inline":
            if not content.startswith(token.content, pos):
                return None
            role, fields = _html_inline(token.content)
            if role != "close":
                fields["inner"] = self._attributes(token.content)
            return [self.item(role, len(token.content), **fields)]
        return None

    def _rule_end(self, rule: Any) -> int | None:
        state = StateInline(self.content, _MD, self.splitter.env, [])
        state.pos = self.pos
        if not rule(state, True):
            return None
        end: int = state.pos
        return end

    def _title(self, pos: int, end: int, title: str, kind: str = "link title") -> tuple[Inner, ...]:
        """The title in a link's or image's ``(dest "title")``, if any."""
        content = self.content
        if not title or pos >= end or content[pos] != "(":
            return ()
        pos += 1
        while pos < end and content[pos] in " \t\n":
            pos += 1
        destination = _MD.helpers.parseLinkDestination(content, pos, end)
        if not destination.ok:
            return ()
        pos = destination.pos
        while pos < end and content[pos] in " \t\n":
            pos += 1
        found = _MD.helpers.parseLinkTitle(content, pos, end)
        if not found.ok:
            return ()
        start, stop = self.offsets[pos + 1], self.offsets[found.pos - 1]
        return (Inner(start, stop, title, kind, "markdown-title"),)

    def _attributes(self, tag: str) -> tuple[Inner, ...]:
        """Translatable attributes (alt, title...) of an inline HTML tag at the cursor."""
        found = []
        for name, start, end, quote in attribute_spans(tag):
            if name in ATTRIBUTES:
                at, stop = self.offsets[self.pos + start], self.offsets[self.pos + end]
                text = html.unescape(tag[start:end])
                found.append(Inner(at, stop, text, ATTRIBUTES[name], "attribute", quote))
        return tuple(found)

    def _image(self, token: Token, end: int) -> tuple[Inner, ...]:
        state = StateInline(self.content, _MD, self.splitter.env, [])
        label_end = _MD.helpers.parseLinkLabel(state, self.pos + 1, False)
        if label_end < 0:
            return ()
        alt = " ".join(_plain(token.children or []).split())
        inners = []
        shortcut = self.content[label_end:end] in ("]", "][]")  # the alt text is the reference's label
        if alt and not shortcut:
            start, stop = self.offsets[self.pos + 2], self.offsets[label_end]
            inners.append(Inner(start, stop, alt, "image alt text", "text"))
        inners.extend(self._title(label_end + 1, end, token_title(token), "image title"))
        return tuple(inners)


def token_title(token: Token) -> str:
    title = token.attrGet("title")
    return title if isinstance(title, str) else ""


def _plain(tokens: Sequence[Token]) -> str:
    """An image's alt text as a reader gets it: text without its markup."""
    out = []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type == "image":
            out.append(_plain(token.children or []))
    return "".join(out)


def _html_inline(raw: str) -> tuple[str, dict[str, Any]]:
    """Role, length and fields of an inline HTML item: tags pair by name, the rest stand alone."""
    tag = _HTML_TAG.match(raw)
    if raw.startswith("<!--"):
        return "empty", {"kind": "HTML comment", "droppable": True}
    if tag is None or raw.endswith("/>") or tag.group(2).lower() in _VOID:
        return "empty", {"kind": "inline HTML"}
    role = "close" if tag.group(1) else "open"
    return role, {"kind": "inline HTML", "name": tag.group(2).lower()}


register(MarkdownFormat())
