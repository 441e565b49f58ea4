"""HTML by Python's own tokenizer (html.parser), with every token's exact source span.

Translatable: the text of block elements (p, h1-h6, li, td, th, dt, dd,
blockquote, figcaption, caption, label, button, option, summary, legend, and
div/section/... where they hold text directly), ``<title>``, the ``alt``,
``title``, ``placeholder`` and ``aria-label`` attributes, a submit button's
``value``, and the ``content`` of ``<meta name="description">`` (and of the
og:/twitter: title and description). Not translatable: script, style, code,
pre, kbd, samp, var, textarea, svg, math, and anything under
``translate="no"`` or ``class="notranslate"`` (``translate="yes"`` turns it
back on).

Inline elements inside text become placeholders: a, em, strong, span... are
paired (``<1>…</1>``, their attributes staying in the placeholder's markup);
br, img, input, comments, and whole code/kbd/samp/var/script elements are
standalone (``<1/>``). A msgid holds decoded text ("Tom & Jerry" for
``Tom &amp; Jerry``); translations are escaped on the way back.

Broken markup is read as a browser would, never refused: an inline element
left open, or a stray end tag, becomes a standalone placeholder; an unknown
or unfinished construct stays in the skeleton, untouched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from pipeline.errors import SourceError
from pipeline.formats import Lookup, register
from pipeline.formats.inline import Inner, Item, Lines, Region, Warn, document, regions_of_run, render
from pipeline.model import Document, SplitOptions

INLINE = {
    "a": "link",
    "abbr": "abbreviation",
    "b": "bold",
    "bdi": "bdi",
    "bdo": "bdo",
    "big": "big",
    "cite": "citation",
    "data": "data",
    "del": "deleted text",
    "dfn": "definition",
    "em": "emphasis",
    "font": "font",
    "i": "italic",
    "ins": "inserted text",
    "mark": "highlight",
    "q": "quotation",
    "s": "strikethrough",
    "small": "small print",
    "span": "span",
    "strong": "strong emphasis",
    "sub": "subscript",
    "sup": "superscript",
    "time": "time",
    "tt": "teletype",
    "u": "underline",
}
STANDALONE = {"br": "line break", "img": "image", "wbr": "word break", "input": "input field"}
OPAQUE = {"code", "kbd", "samp", "var", "script", "style", "svg", "math", "textarea", "template"}
"""Never translated; inside text, the whole element is one standalone placeholder."""
UNTRANSLATED = {"pre"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
KINDS = {
    "p": "paragraph",
    "li": "list item",
    "td": "table cell",
    "th": "table header",
    "dt": "term",
    "dd": "definition",
    "blockquote": "block quote",
    "figcaption": "figure caption",
    "caption": "table caption",
    "label": "label",
    "button": "button",
    "option": "option",
    "summary": "summary",
    "legend": "legend",
    "title": "title",
    **{f"h{n}": f"heading {n}" for n in range(1, 7)},
}
ATTRIBUTES = {"alt": "alt text", "title": "title attribute", "placeholder": "placeholder", "aria-label": "aria-label"}
META = {"description", "og:title", "og:description", "twitter:title", "twitter:description"}
_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*")
_ATTRIBUTE = re.compile(
    r"(?:[\s/]*)(?P<name>[^\s/>][^\s/=>]*)(?:\s*=+\s*(?P<value>'[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?"
)


@dataclass(frozen=True)
class Event:
    """One token of the source: ``kind`` is start, startend, end, data, ref, comment or other."""

    kind: str
    start: int
    end: int
    name: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()


class HTMLFormat:
    name = "html"
    suffixes: tuple[str, ...] = (".html", ".htm")

    def split(self, text: str, path: str, options: SplitOptions) -> Document:
        events = _tokens(text, path)
        return document(text, path, self.name, _Splitter(text, events, options).regions())

    def render(self, document: Document, lookup: Lookup, warn: Warn | None = None) -> str:
        return render(document, lookup, ESCAPES, warn)


def escape_text(text: str) -> str:
    return html.escape(text, quote=False)


def escape_attribute(text: str) -> str:
    return html.escape(text, quote=True)


ESCAPES = {"text": escape_text, "attribute": escape_attribute}


class _Tokenizer(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = Lines(text)
        self.found: list[tuple[str, int, str, tuple[tuple[str, str | None], ...]]] = []
        self.closing = False  # close() reached: a comment still open runs to the end of the file

    def _at(self) -> int:
        line, column = self.getpos()
        return self.lines.start(line) + column

    def add(self, kind: str, name: str = "", attrs: Sequence[tuple[str, str | None]] = ()) -> None:
        self.found.append((kind, self._at(), name, tuple(attrs)))

    def close(self) -> None:
        self.closing = True
        super().close()

    def parse_comment(self, i: int, report: bool = True) -> int:
        """A comment never closed hides the rest of the page from a browser: so it does here.

        html.parser would instead read it as text, up to the next ">" and on,
        handing a translator "<!-- ..." (and taking quadratic time doing it).
        """
        end = super().parse_comment(i, report)
        if end < 0 and self.closing:
            self.handle_comment(self.rawdata[i + 4 :])
            return len(self.rawdata)
        return end

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![foo]>`` with an unknown keyword: a bogus comment, as browsers read it, not an error."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            if end < 0:
                return -1
            self.handle_comment(self.rawdata[i + 3 : end])
            return end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.add("start", tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.add("startend", tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.add("end", tag)

    def handle_data(self, data: str) -> None:
        self.add("data")

    def handle_entityref(self, name: str) -> None:
        self.add("ref")

    def handle_charref(self, name: str) -> None:
        self.add("ref")

    def handle_comment(self, data: str) -> None:
        self.add("comment")

    def handle_decl(self, decl: str) -> None:
        self.add("other")

    def handle_pi(self, data: str) -> None:
        self.add("other")

    def unknown_decl(self, data: str) -> None:
        self.add("other")


def _tokens(text: str, path: str) -> list[Event]:
    """The source as a list of events whose spans tile it exactly."""
    tokenizer = _Tokenizer(text)
    try:
        tokenizer.feed(text)
        tokenizer.close()
    except (AssertionError, ValueError) as error:  # html.parser's last resort on unusable input
        raise SourceError(f"cannot parse HTML: {error}", path=path, line=tokenizer.getpos()[0]) from None
    found = [f for f in tokenizer.found]
    events = []
    if not found or found[0][1] > 0:
        found.insert(0, ("other", 0, "", ()))
    for index, (kind, start, name, attrs) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        if end > start or index + 1 == len(found):
            events.append(Event(kind, start, max(end, start), name, attrs))
    return events


def attribute_spans(raw: str) -> list[tuple[str, int, int, str]]:
    """(name, value start, value end, quote to add) for each attribute of a start tag's source."""
    name = _TAG_NAME.match(raw)
    if name is None:
        return []
    found = []
    pos = name.end()
    limit = len(raw) - (2 if raw.endswith("/>") else 1)
    while pos < limit:
        match = _ATTRIBUTE.match(raw, pos, limit)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        value = match.group("value")
        if value is None:
            continue
        start, end = match.span("value")
        if value[:1] in ("'", '"'):
            found.append((match.group("name").lower(), start + 1, end - 1, ""))
        else:
            found.append((match.group("name").lower(), start, end, '"'))
    return found


class _Splitter:
    def __init__(self, text: str, events: list[Event], options: SplitOptions) -> None:
        self.text = text
        self.events = events
        self.options = options
        self.lines = Lines(text)
        # Open elements: (name, translated?, kind of text in it) — a browser's stack, roughly.
        # ``open`` counts each name on it, so that an end tag is looked up in constant time:
        # scanning the stack for every end tag was quadratic in the nesting depth.
        self.stack: list[tuple[str, bool, str]] = [("", True, "text")]
        self.open: dict[str, int] = {}
        self.run: list[Item] = []
        self.found: list[Region] = []

    def regions(self) -> list[Region]:
        index = 0
        while index < len(self.events):
            index = self._event(index)
        self._flush()
        return self.found

    @property
    def translated(self) -> bool:
        return self.stack[-1][1]

    def _kind(self) -> str:
        return self.stack[-1][2]

    def _push(self, name: str, translated: bool) -> None:
        kind = self.stack[-1][2] if name in INLINE else KINDS.get(name, f"{name} text")
        self.stack.append((name, translated, kind))
        self.open[name] = self.open.get(name, 0) + 1

    def _pop_to(self, name: str) -> None:
        """Close the innermost open ``name`` and whatever was left open inside it, as a browser does."""
        while True:
            popped = self.stack.pop()[0]
            self.open[popped] -= 1
            if popped == name:
                return

    def _event(self, index: int) -> int:
        event = self.events[index]
        if event.kind in ("data", "ref"):
            if self.translated:
                raw = self.text[event.start : event.end]
                self.run.append(
                    Item("text", event.start, event.end, html.unescape(raw) if event.kind == "ref" else raw)
                )
            return index + 1
        if event.kind == "comment" and self.translated:
            self.run.append(Item("empty", event.start, event.end, kind="comment", droppable=True))
            return index + 1
        if event.kind not in ("start", "startend", "end"):
            self._flush()
            return index + 1
        if event.kind == "end":
            return self._end(index)
        name = event.name
        own = _translate(event)
        if self.translated and (name in OPAQUE or (name in INLINE and own is False)):
            return self._opaque(index)
        inner = self._inner(event) if self.translated and own is not False else ()
        if self.translated and name in INLINE:
            role = "open" if event.kind == "start" else "empty"
            self.run.append(Item(role, event.start, event.end, name=name, kind=INLINE[name], inner=inner))
            if event.kind == "start":
                self._push(name, True)
            return index + 1
        if self.translated and name in STANDALONE:
            breaks = name in ("br", "wbr")  # at either end of a run, a break is no part of the text
            self.run.append(Item("empty", event.start, event.end, kind=STANDALONE[name], inner=inner, droppable=breaks))
            return index + 1
        # A block-level tag: it ends the text run, its attributes may be translatable.
        self._flush()
        self.found.extend(regions_of_run([Item("empty", event.start, event.end, inner=inner)], *self._run("")))
        if event.kind == "start" and name not in VOID:
            translated = self.translated if own is None else own
            self._push(name, translated and name not in OPAQUE and name not in UNTRANSLATED)
        return index + 1

    def _end(self, index: int) -> int:
        event = self.events[index]
        name = event.name
        if name in INLINE and self.translated:
            self.run.append(Item("close", event.start, event.end, name=name, kind=INLINE[name]))
            if self.stack[-1][0] == name:
                self._pop_to(name)
            return index + 1
        if name in STANDALONE and self.translated:  # "</br>": browsers read it as <br>
            self.run.append(Item("empty", event.start, event.end, kind=STANDALONE[name]))
            return index + 1
        self._flush()
        if name and self.open.get(name, 0) > 0:
            self._pop_to(name)
        return index + 1

    def _opaque(self, index: int) -> int:
        """A whole element that is not translated, inside text: one standalone placeholder."""
        event = self.events[index]
        if event.kind == "startend" or event.name in VOID:
            self.run.append(Item("empty", event.start, event.end, kind=_opaque_kind(event.name)))
            return index + 1
        depth = 0
        last = index
        for later in range(index, len(self.events)):
            other = self.events[later]
            if other.name == event.name and other.kind in ("start", "end"):
                depth += 1 if other.kind == "start" else -1
                if depth == 0:
                    last = later
                    break
            elif other.kind in ("start", "end") and not {other.name} & (INLINE.keys() | OPAQUE | STANDALONE.keys()):
                last = later - 1
                break
            last = later
        self.run.append(Item("empty", event.start, self.events[last].end, kind=_opaque_kind(event.name)))
        return last + 1

    def _inner(self, event: Event) -> tuple[Inner, ...]:
        """The translatable attribute values of a start tag."""
        raw = self.text[event.start : event.end]
        attrs = {k: v or "" for k, v in event.attrs}
        found = []
        for name, start, end, quote in attribute_spans(raw):
            kind = ATTRIBUTES.get(name)
            if name == "content" and event.name == "meta":
                meta = (attrs.get("name") or attrs.get("property") or "").lower()
                kind = f"meta {meta}" if meta in META else None
            elif name == "value" and event.name == "input":
                kind = "button label" if attrs.get("type", "").lower() in ("submit", "button", "reset") else None
            if kind is None:
                continue
            decoded = html.unescape(raw[start:end])
            found.append(Inner(event.start + start, event.start + end, decoded, kind, "attribute", quote))
        return tuple(found)

    def _run(self, kind: str) -> tuple[str, Lines, str, SplitOptions]:
        return self.text, self.lines, kind, self.options

    def _flush(self) -> None:
        if self.run:
            self.found.extend(regions_of_run(self.run, *self._run(self._kind())))
            self.run = []


def _translate(event: Event) -> bool | None:
    """What an element's own attributes say: False for translate="no" or class="notranslate"."""
    attrs = dict(event.attrs)
    said = (attrs.get("translate") or "").strip().lower()
    if said == "no" or "notranslate" in (attrs.get("class") or "").split():
        return False
    return True if said == "yes" else None


def _opaque_kind(name: str) -> str:
    return {"code": "code", "kbd": "keyboard input", "samp": "sample output", "var": "variable"}.get(
        name, f"untranslated {name}"
    )


register(HTMLFormat())
