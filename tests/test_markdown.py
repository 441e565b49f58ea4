"""The Markdown format: what a translator sees, what a build writes, and that no translation adds markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from pipeline import formats
from pipeline.errors import SourceError
from pipeline.model import Document, Segment, SplitOptions
from tests.test_html import Elements
from tests.test_html import elements as html_elements

MD = formats.for_path("doc.md")
RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def split(text: str, segmentation: str = "paragraph") -> Document:
    return MD.split(text, "doc.md", SplitOptions(segmentation=segmentation))


def msgids(text: str, segmentation: str = "paragraph") -> list[str]:
    return [s.msgid for s in split(text, segmentation).segments()]


def build(text: str, table: dict[str, str], segmentation: str = "paragraph") -> tuple[str, list[str]]:
    warnings: list[str] = []

    def warn(segment: Segment, problem: str) -> None:
        warnings.append(problem)

    out = MD.render(split(text, segmentation), lambda s: table.get(s.msgid), warn=warn)  # type: ignore[call-arg]
    return out, warnings


def elements(markdown: str) -> Elements:
    """The elements and text of the HTML that ``markdown`` renders to."""
    return html_elements(RENDERER.render(markdown))


def test_the_suffixes_are_registered() -> None:
    assert formats.for_path("README.markdown") is MD
    assert formats.for_path("guide.MD") is MD


def test_inline_markup_becomes_numbered_tags_with_their_markup_in_the_comment() -> None:
    segment, title = split('Use **bold**, `code` and [links](https://x.org "Title").').segments()
    assert segment.msgid == "Use <1>bold</1>, <2/> and <3>links</3>."
    assert segment.placeholders[2].open == "["
    assert segment.placeholders[2].close == '](https://x.org "Title")'
    assert '<3>…</3> = link […](https://x.org "Title")' in segment.comment()
    assert (title.msgid, title.kind) == ("Title", "link title")


def test_code_html_and_urls_are_not_translatable() -> None:
    text = (
        "```\ncode here\n```\n\n    indented code\n\n<div>\nraw html\n</div>\n\n<!-- comment -->\n\n<https://x.org>\n"
    )
    assert msgids(text) == []


def test_a_sentence_spanning_lines_in_a_quote_keeps_the_quote_markers_when_translated() -> None:
    text = "> One sentence here.\n> Another sentence here.\n"
    out, _ = build(text, {"Another sentence here.": "Une autre phrase."}, "sentence")
    assert out == "> One sentence here.\n> Une autre phrase.\n"


def test_a_link_written_as_a_shortcut_reference_stays_a_link_once_translated() -> None:
    text = "See [Support].\n\n[support]: https://x.org/help\n"
    out, _ = build(text, {"See <1>Support</1>.": "Voir <1>l'assistance</1>."})
    assert out.startswith("Voir [l'assistance][Support].")
    assert elements(out).tags[1] == ("a", {"href": "https://x.org/help"})


def test_an_exclamation_mark_before_a_link_does_not_turn_it_into_an_image() -> None:
    out, _ = build("Go [there](https://x.org).\n", {"Go <1>there</1>.": "Allez !<1>là</1>."})
    assert [tag for tag, _ in elements(out).tags] == ["p", "a"]


def test_alt_text_and_titles_are_translated_inside_their_markup() -> None:
    text = 'Look: ![a cat](cat.png "Our cat") and [more](https://x.org "More cats").\n'
    table = {"a cat": "un chat", "Our cat": "Notre chat", "More cats": "Plus de chats"}
    out, _ = build(text, table)
    assert out == 'Look: ![un chat](cat.png "Notre chat") and [more](https://x.org "Plus de chats").\n'


def test_a_literal_tag_in_the_source_is_a_placeholder_not_a_tag() -> None:
    (segment,) = split("I <3> it and \\<b> too.\n").segments()
    assert segment.msgid == "I <1/> it and <b> too."
    assert segment.placeholders[0].open == "<3>"


@pytest.mark.parametrize(
    "attempt",
    [
        "<script>alert(1)</script>Bonjour",
        '<img src=x onerror="alert(1)">Bonjour',
        "[Bonjour](javascript:alert(1))",
        "![Bonjour](javascript:alert(1))",
        "<a href='javascript:alert(1)'>Bonjour</a>",
        "Bonjour <https://evil.example>",
        "Bonjour\n\n<script>alert(1)</script>",
        "# Bonjour",
        "- Bonjour",
        "1. Bonjour",
        "> Bonjour",
        "Bonjour &lt;script&gt;",
        "Bonjour *gras* et `code`",
    ],
)
def test_a_translation_cannot_inject_markup(attempt: str) -> None:
    out, warnings = build("Hello there.\n", {"Hello there.": attempt})
    found = elements(out)
    assert [tag for tag, _ in found.tags] == ["p"]
    assert " ".join("".join(found.text).split()) == " ".join(attempt.split())
    assert warnings == []


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("Cliquez <1>ici</1>.", "missing <2/>"),
        ("Cliquez <1>ici.", "missing </1>"),
        ("Cliquez </1>ici<1> <2/>.", "closes out of order"),
        ("Cliquez <1>ici</1> <2/> <3/>.", "unexpected <3/>"),
    ],
)
def test_a_translation_with_wrong_tags_falls_back_to_the_source_with_a_warning(translation: str, problem: str) -> None:
    text = "Click [here](https://x.org) `now`.\n"
    out, warnings = build(text, {"Click <1>here</1> <2/>.": translation})
    assert out == text
    assert len(warnings) == 1 and problem in warnings[0]


_ALPHABET = st.sampled_from([*"ab é*_`[]()<>!#+-=.:|\\&;~\"'1/?", "&amp;", "&copy;", "<b>", "1.", "***", "<1>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=12).map("".join))
def test_any_translated_text_reads_back_as_that_text(text: str) -> None:
    """Whatever a translator types comes out as text, in every kind of block."""
    text = " ".join(text.split())
    if not re.search(r"[a-zé]", text) or re.search(r"<\d+/?>|</\d+>", text):
        return

    def lookup(segment: Segment) -> str | None:
        return text if segment.msgid.startswith("Hello") else None

    for source, want in [
        ("Hello there.\n", ["p"]),
        ("# Hello there\n", ["h1"]),
        ("- Hello there\n", ["ul", "li"]),
        ("> Hello there\n", ["blockquote", "p"]),
        ("| A |\n|---|\n| Hello there |\n", ["table", "thead", "tr", "th", "tbody", "tr", "td"]),
    ]:
        out = MD.render(split(source), lookup)
        found = elements(out)
        assert [tag for tag, _ in found.tags] == want, out
        assert text in " ".join("".join(found.text).split()), out


def test_front_matter_values_are_translated_keys_and_other_values_are_not() -> None:
    text = "---\ntitle: Hello\nlayout: post\ndescription: 'A note'\n---\nBody.\n"
    assert msgids(text) == ["Hello", "A note", "Body."]
    out, _ = build(text, {"Hello": 'Bonjour: "monde"', "A note": "Une note d'ici"})
    assert out == "---\ntitle: \"Bonjour: \\\"monde\\\"\"\nlayout: post\ndescription: 'Une note d''ici'\n---\nBody.\n"


def test_tabs_and_odd_indentation_never_garble_the_source() -> None:
    text = "-\tItem with a tab\n\tand a continuation\n\n>\tquoted\ttext\n\n  *  spaced  *  out\n"
    document = split(text)
    assert MD.render(document, lambda s: None) == text
    assert MD.render(document, lambda s: s.msgid) is not None


def test_line_numbers_are_those_of_the_source() -> None:
    text = "# Title\n\nFirst paragraph\ncontinues.\n\n| a | b |\n|---|---|\n| c | d |\n"
    assert [(s.msgid, s.line) for s in split(text, "sentence").segments()] == [
        ("Title", 1),
        ("First paragraph continues.", 3),
        ("a", 6),
        ("b", 6),
        ("c", 8),
        ("d", 8),
    ]


def test_an_unknown_suffix_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="no format handles"):
        formats.for_path("notes.rst")


@pytest.mark.parametrize("text", ["Hello world.\rSecond line here.\n", "|---|\n---\na\ra", "# Title\r\r- one\r- two\r"])
def test_lone_carriage_returns_are_line_breaks_not_a_crash_or_lost_text(text: str) -> None:
    """markdown-it reads a lone CR (old Mac files, stray pastes) as a newline: so must the alignment."""
    document = split(text, "sentence")
    assert list(document.segments())
    assert MD.render(document, lambda s: None) == text
    assert MD.render(document, lambda s: s.msgid.upper()) == text.upper()


def test_every_item_of_a_deeply_nested_list_is_translatable() -> None:
    """markdown-it's default nesting limit silently dropped the 10th level and below."""
    text = "".join("  " * level + f"- Item at level {level}\n" for level in range(30))
    assert msgids(text) == [f"Item at level {level}" for level in range(30)]
    assert MD.render(split(text), lambda s: None) == text


def test_absurd_nesting_is_neither_a_crash_nor_garbled() -> None:
    for text in (">" * 1000 + " deep\n", "".join("  " * level + "- x\n" for level in range(1000))):
        assert MD.render(split(text), lambda s: s.msgid.upper()).lower() == text.lower()


_MARKDOWN = st.sampled_from(
    [
        *"ab é*_`[]()<>!#+-=.:|\\&;~\"'1/?\n\t ",
        *("\r", "\u2028", "> ", "- ", "1. ", "    ", "```\n", "---\n", "|---|\n", "| a | b |\n", "***"),
        *("[x]: /u 'T'\n", '![a](b "t")', "[l](u)", "<!-- c -->", "<b>", "</b>", "&amp;", "Hello world. Next one."),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_MARKDOWN, max_size=40).map("".join), st.sampled_from(["sentence", "paragraph"]))
def test_any_markdown_splits_without_error_and_rebuilds_exactly(text: str, segmentation: str) -> None:
    """Found a lone CR crashing the alignment (IndexError) at a few thousand examples."""
    document = split(text, segmentation)
    assert MD.render(document, lambda s: None) == text
    MD.render(document, lambda s: s.msgid.upper())
