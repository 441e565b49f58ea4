"""A Markdown translation never adds or removes block structure, whatever its text.

The README promises that a translation cannot add markup. Translations are
rendered into Markdown text, so a translation beginning with spaces and "==="
turned the line above into a heading, and others made lists, quotes, rules and
code blocks. The property: render any source with any translations (keeping
their tags), parse source and result with markdown-it, and the block tokens -
types, tags, nesting - are the same.
"""

from __future__ import annotations

import os

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import formats
from pipeline.formats.markdown import PARSER
from pipeline.model import Segment, SplitOptions
from pipeline.placeholders import tags

MD = formats.for_path("doc.md")

BLOCKS = st.sampled_from(
    [
        "Hello world. Next one.\n",
        "First line here.\nSecond line here.\nThird.\n",
        "# Title here\n",
        "## Title ##\n",
        "Title\n=====\n",
        "Sub title\n---\n",
        "- item one\n- item two. And more.\n",
        "1. first item\n2. second item\n",
        "- outer\n  - inner item\n    continued line\n",
        "> quoted text. More text.\n> Second quoted line.\n",
        "| a | b |\n|---|---|\n| cell one | cell two |\n",
        "    indented code\n",
        "```\nfenced code\n```\n",
        "***\n",
        "Text with *em*, **strong** and `code`.\n",
        "A [link](https://x.org) and ![alt](i.png).\n",
        "Hard break  \nnext line.\n",
        "Hard break\\\nnext line.\n",
        "Line one.\n<b>bold</b> line two.\n",
        "<div>\nraw html\n</div>\n",
        "---\ntitle: Hello there\n---\n",
        "\n",
        "\t- tabbed item\n",
        "- a--b first item\n- second\n",
        "1) paren list\n",
    ]
)
SOURCES = st.lists(BLOCKS, min_size=1, max_size=6).map(lambda blocks: "\n".join(blocks))

HOSTILE = st.sampled_from(
    [
        *("   ===", "===", "=", "---", "- - -", "***", "___", "* * *"),
        *("\t- x", "- ", "* ", "+ ", "+", "-", "1. ", "1) ", "10.", "2)"),
        *("    code", "\tcode", "> ", ">", "# ", "#", "###### h", "```", "~~~", "``"),
        *("<div>", "<!--", "<script>", "</p>", "<?", "<![CDATA[", "|", "| --- |", "[x]: /u", "[x]"),
        *(" ", "  ", "   ", "\t", "\n", "\r\n", "\n\n", "\\", "a", "é", "Bonjour", "mot", "2.", "1.", "\u00a0"),
        *("&amp;", "&#35;", "!", ":", "~", "_", "*"),
    ]
)


def blocks(markdown: str) -> list[tuple[str, str, int, int, bool]]:
    return [
        (t.type, t.tag, t.nesting, t.level, t.hidden)
        for t in PARSER.parse(markdown)
        if t.type not in ("inline", "front_matter")
    ]


@st.composite
def translation_of(draw: st.DrawFn, msgid: str) -> str:
    """Hostile text around the msgid's own tags, in their order: a translation the build accepts."""
    pieces = [draw(st.lists(HOSTILE, max_size=4).map("".join))]
    for tag in tags(msgid):
        pieces.append(msgid[tag.start : tag.end])
        pieces.append(draw(st.lists(HOSTILE, max_size=3).map("".join)))
    return "".join(pieces)


def render(source: str, segmentation: str, data: st.DataObject) -> str:
    document = MD.split(source, "doc.md", SplitOptions(segmentation=segmentation))
    table = {s.msgid: data.draw(translation_of(s.msgid), label=repr(s.msgid)) for s in document.segments()}

    def lookup(segment: Segment) -> str | None:
        return table.get(segment.msgid)

    return MD.render(document, lookup)


# "make fuzz" sets L10N_FUZZ_EXAMPLES for a long random run; "make test" runs a fixed, derandomized few hundred.
FUZZ = int(os.environ.get("L10N_FUZZ_EXAMPLES", "0"))


@settings(max_examples=FUZZ or 300, deadline=None, derandomize=not FUZZ, database=None)
@given(SOURCES, st.sampled_from(["sentence", "paragraph"]), st.data())
def test_a_translation_never_changes_the_block_structure(source: str, segmentation: str, data: st.DataObject) -> None:
    out = render(source, segmentation, data)
    assert blocks(out) == blocks(source), out


@example("First line here.\nSecond line here.\n", "   ===")
@example("First line here.\nSecond line here.\n", "\t---")
@example("Hello there.\n", "    code")
@example("- item one\n- item two\n", "   1. x")
@example("First line here.\nSecond line here.\n", "   > quoted")
@example("First line here.\nSecond line here.\n", "  ***")
@example("First line here.\nSecond line here.\n", "   ")
@given(st.just("First line here.\nSecond line here.\n"), HOSTILE)
def test_leading_whitespace_before_block_syntax_adds_no_markup(source: str, attempt: str) -> None:
    """The attack from the issue: "   ===" made the line above an <h1>; others <ol>, <blockquote>, <hr>, <pre>."""
    document = MD.split(source, "doc.md", SplitOptions(segmentation="sentence"))
    out = MD.render(document, lambda s: attempt if s.msgid.startswith("Second") else None)
    assert blocks(out) == blocks(source), out


def test_a_file_starting_with_a_list_has_no_front_matter_inside_its_first_item() -> None:
    """mdit_py_plugins read "- a--b" as front matter when the file started with a list: the item went untranslated."""
    source = "- a--b first item\n- second\n\n---\n"
    document = MD.split(source, "doc.md", SplitOptions())
    assert [s.msgid for s in document.segments()] == ["a--b first item", "second"]
    out = MD.render(document, lambda s: "---" if s.msgid.startswith("a--b") else None)
    assert blocks(out) == blocks(source), out
