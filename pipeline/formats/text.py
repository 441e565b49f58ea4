"""Plain text: paragraphs separated by blank (or whitespace-only) lines."""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.formats import Lookup, register, render_blocks
from pipeline.model import Document, Part, Placeholder, Segment, SplitOptions
from pipeline.placeholders import TAG
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
            tagged, literals = _literal_tags(paragraph)
            parts.append(make_block(tagged, paragraph, line, "paragraph", options, literals))
            pos = match.end()
        parts.append(text[pos:])
        return Document(path, self.name, tuple(p for p in parts if p != ""))

    def render(self, document: Document, lookup: Lookup, warn: Callable[[Segment, str], None] | None = None) -> str:
        return render_blocks(document, lookup, warn=warn)


def _literal_tags(paragraph: str) -> tuple[str, tuple[Placeholder, ...]]:
    """Text that reads as a numbered tag ("<1>", "</2>") becomes a standalone placeholder.

    Left as it is, a translation keeping it would be refused at build time
    (its "tags" do not nest), silently: the markup formats do the same.
    """
    literals: list[Placeholder] = []

    def number(match: re.Match[str]) -> str:
        literals.append(Placeholder(len(literals) + 1, "literal text", match.group(0)))
        return f"<{len(literals)}/>"

    return TAG.sub(number, paragraph), tuple(literals)


register(TextFormat())
