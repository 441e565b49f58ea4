"""Finish a rendered HTML page for its language: lang/dir, alternates, switcher, draft marks.

The page is edited at positions that :mod:`html.parser` reports (the ``<html>``
start tag, the end of ``<head>``, the start of ``<body>``), never by regular
expressions over arbitrary HTML, so whatever the source's markup looks like,
only those points change. A page without ``<html>``, ``<head>`` or ``<body>``
tags gets the optional tags' content where a browser would put it.

Draft translations reach the renderer wrapped in noncharacters (U+FDD0..U+FDD2,
which no real text uses): in running text they become
``<span class="l10n-draft" data-state="…">``; inside a tag (an attribute value)
or an element that holds text only (``<title>``, ``<option>``...) they are
dropped.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import jinja2

from pipeline.languages import bcp47
from pipeline.textfile import DRAFT_MARKS, strip_marks

DRAFT_OPEN = {"machine": DRAFT_MARKS[0], "needs-review": DRAFT_MARKS[1]}
DRAFT_CLOSE = DRAFT_MARKS[2]
FALLBACK_OPEN = DRAFT_MARKS[3]  # a sentence left in the source language; closed by DRAFT_CLOSE too
_MARK = re.compile("[\ufdd0-\ufdd3]")
# Elements whose content is text only: a <span> there would be shown as text or dropped.
_TEXT_ONLY = {"title", "textarea", "option", "script", "style", "noscript", "template"}


@dataclass(frozen=True)
class Alternate:
    """One language version of a page, for hreflang links and the switcher."""

    code: str
    href: str
    native_name: str
    rtl: bool


@dataclass(frozen=True)
class Banner:
    """The draft banner's two sentences, and the language they are in."""

    code: str
    rtl: bool
    title: str
    text: str


ENGLISH_BANNER = Banner(
    "en",
    False,
    "Draft translation.",
    "Highlighted passages were machine-translated or changed since review and have not been checked by a reviewer.",
)


@dataclass(frozen=True)
class Page:
    code: str
    rtl: bool
    alternates: tuple[Alternate, ...]  # every published version, this one included
    x_default: str | None  # the source-language version's href
    draft: bool
    source_code: str = "en"  # the language of sentences left untranslated
    source_rtl: bool = False
    banner: Banner | None = None  # the draft banner's words, in the page's language if the project has them


def mark(text: str, state: str) -> str:
    """Wrap a draft translation (or, state "source", a sentence left untranslated) for :func:`decorate`."""
    return f"{FALLBACK_OPEN if state == 'source' else DRAFT_OPEN[state]}{text}{DRAFT_CLOSE}"


@functools.cache
def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["bcp47"] = bcp47
    return env


class _Scan(HTMLParser):
    """Offsets of the few places a page is edited at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._text = text
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.doctype_end = 0
        self.html_tag: tuple[int, int, list[tuple[str, str | None]]] | None = None
        self.head_open_end: int | None = None
        self.head_close: int | None = None
        self.body_open_end: int | None = None
        self.tags: list[tuple[int, int]] = []  # every start tag's span
        self.text_only: list[tuple[int, int]] = []  # content spans of _TEXT_ONLY elements
        self._open_text_only: dict[str, int] = {}

    def _at(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype") and self.html_tag is None:
            # getpos() is the start of the declaration; its end is the next '>'.
            self.doctype_end = self._text.index(">", self._at()) + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._at()
        end = start + len(self.get_starttag_text() or "")
        self.tags.append((start, end))
        if tag == "html" and self.html_tag is None:
            self.html_tag = (start, end, attrs)
        elif tag == "head" and self.head_open_end is None:
            self.head_open_end = end
        elif tag == "body" and self.body_open_end is None:
            self.body_open_end = end
        if tag in _TEXT_ONLY:
            self._open_text_only.setdefault(tag, end)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._at()
        self.tags.append((start, start + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head" and self.head_close is None:
            self.head_close = self._at()
        opened = self._open_text_only.pop(tag, None)
        if opened is not None:
            self.text_only.append((opened, self._at()))


def decorate(text: str, page: Page) -> str:
    """The page with its language, alternates, switcher and draft marks in place."""
    scan = _Scan(text)
    scan.feed(text)
    scan.close()
    env = templates()
    head = env.get_template("page-head.html").render(page=page)
    body = env.get_template("page-body.html").render(page=page, english_banner=ENGLISH_BANNER)
    edits: list[tuple[int, int, str]] = []
    lang = html.escape(bcp47(page.code))
    direction = "rtl" if page.rtl else "ltr"
    if scan.html_tag is not None:
        start, end, attrs = scan.html_tag
        kept = "".join(
            f" {name}" if value is None else f' {name}="{html.escape(strip_marks(value))}"'
            for name, value in attrs
            if name not in ("lang", "dir", "xml:lang")
        )
        xml_lang = f' xml:lang="{lang}"' if any(name == "xml:lang" for name, _ in attrs) else ""
        edits.append((start, end, f'<html{kept} lang="{lang}"{xml_lang} dir="{direction}">'))
        after_html = end
    else:
        edits.append((scan.doctype_end, scan.doctype_end, f'<html lang="{lang}" dir="{direction}">'))
        after_html = scan.doctype_end
    if scan.head_close is not None:
        head_at = scan.head_close
    else:
        head_at = scan.head_open_end if scan.head_open_end is not None else after_html
    edits.append((head_at, head_at, head))
    if scan.body_open_end is not None:
        edits.append((scan.body_open_end, scan.body_open_end, "\n" + body.rstrip("\n")))
    else:
        edits.append((head_at, head_at, body))
    edits.extend(_draft_edits(text, scan, page))
    # sorted() is stable: insertions at one offset keep the order they were made in.
    pieces = []
    pos = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:  # a mark inside the rewritten <html> tag
            continue
        pieces.append(text[pos:start])
        pieces.append(replacement)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _draft_edits(text: str, scan: _Scan, page: Page) -> list[tuple[int, int, str]]:
    starts = [start for start, _ in scan.tags]
    edits = []
    for match in _MARK.finditer(text):
        index, char = match.start(), match.group(0)
        at = bisect.bisect_right(starts, index) - 1
        in_tag = at >= 0 and scan.tags[at][0] <= index < scan.tags[at][1]
        in_text_only = any(start <= index < end for start, end in scan.text_only)
        if in_tag or in_text_only:
            replacement = ""
        elif char == DRAFT_CLOSE:
            replacement = "</span>"
        elif char == FALLBACK_OPEN:
            direction = "rtl" if page.source_rtl else "ltr"
            replacement = f'<span lang="{html.escape(bcp47(page.source_code))}" dir="{direction}">'
        else:
            state = next(name for name, sentinel in DRAFT_OPEN.items() if sentinel == char)
            replacement = f'<span class="l10n-draft" data-state="{state}">'
        edits.append((index, index + 1, replacement))
    return edits
