"""Plain text: paragraphs separated by blank (or whitespace-only) lines."""

from __future__ import annotations

import re

from pipeline.formats import Lookup, register, render_blocks
from pipeline.model import Document, Part, SplitOptions
from pipeline.segment import make_block

# A paragraph: a run of lines holding something other than whitespace.
_PARAGRAPH = re.compile(r"\S(?:.*\S)?(?:\n[ \t\r\f\v]*\S.*)*(?<=\S)")


class TextFormat:
    name = "text"
    suffixes: tuple[str, ...] = (".txt",)

    def split(self, text: str, path: str, options: SplitOptions) -> Document:
        parts: list[Part] = []
        pos = 0
        line, counted = 1, 0  # newlines are counted on from the last paragraph: linear, not quadratic
        for match in _PARAGRAPH.finditer(text):
            parts.append(text[pos : match.start()])
            line += text.count("\n", counted, match.start())
            counted = match.start()
            paragraph = match.group(0)
            parts.append(make_block(paragraph, paragraph, line, "paragraph", options))
            pos = match.end()
        parts.append(text[pos:])
        return Document(path, self.name, tuple(p for p in parts if p != ""))

    def render(self, document: Document, lookup: Lookup) -> str:
        return render_blocks(document, lookup)


register(TextFormat())
