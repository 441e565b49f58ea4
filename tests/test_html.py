"""The HTML format: what a translator sees, what a build writes, and that no translation adds markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import formats
from pipeline.model import Document, Segment, SplitOptions
from pipeline.placeholders import TAG

HTML = formats.for_path("page.html")


def split(text: str, segmentation: str = "paragraph") -> Document:
    return HTML.split(text, "page.html", SplitOptions(segmentation=segmentation))


def msgids(text: str) -> list[str]:
    return [s.msgid for s in split(text).segments()]


def build(text: str, table: dict[str, str]) -> tuple[str, list[str]]:
    warnings: list[str] = []

    def warn(segment: Segment, problem: str) -> None:
        warnings.append(problem)

    out = HTML.render(split(text), lambda s: table.get(s.msgid), warn=warn)  # type: ignore[call-arg]
    return out, warnings


class Elements(HTMLParser):
    """Start tags with their attributes, and text, as a browser-like parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    parser.close()
    return parser


def test_the_suffixes_are_registered() -> None:
    assert formats.for_path("index.htm") is HTML
    assert formats.for_path("INDEX.HTML") is HTML


def test_a_msgid_holds_decoded_text_and_the_build_escapes_it_again() -> None:
    text = "<p>Tom &amp; Jerry &lt;3 caf&eacute;</p>"
    assert msgids(text) == ["Tom & Jerry <3 café"]
    out, _ = build(text, {"Tom & Jerry <3 café": "Tom & Jerry <3 le café"})
    assert out == "<p>Tom &amp; Jerry &lt;3 le café</p>"


def test_attributes_of_inline_elements_stay_in_the_placeholder_not_in_the_msgid() -> None:
    (segment,) = split('<p>Go <a href="/x?a=1&amp;b=2" class="c">home</a> now</p>').segments()
    assert segment.msgid == "Go <1>home</1> now"
    assert segment.placeholders[0].open == '<a href="/x?a=1&amp;b=2" class="c">'
    assert segment.placeholders[0].close == "</a>"


def test_translatable_attributes_are_translated_in_place_and_escaped() -> None:
    text = '<p>See <img src="a.png" alt="A map"> here.</p><input placeholder=Name>'
    out, _ = build(text, {"See <1/> here.": "Voir <1/> ici.", "A map": 'Une "carte"', "Name": "Nom & prénom"})
    assert out == '<p>Voir <img src="a.png" alt="Une &quot;carte&quot;"> ici.</p><input placeholder="Nom &amp; prénom">'


def test_only_the_attribute_is_translated_when_the_text_is_not() -> None:
    out, _ = build(
        '<p>Hello <abbr title="World Health Organization">WHO</abbr>.</p>', {"World Health Organization": "OMS"}
    )
    assert out == '<p>Hello <abbr title="OMS">WHO</abbr>.</p>'


def test_script_style_code_pre_and_translate_no_are_left_alone() -> None:
    text = (
        "<script>var s = '<p>x</p>';</script><style>p{}</style><pre>pre text</pre>"
        '<div translate="no"><p>Kept</p><p translate="yes">Yes</p></div><p class="a notranslate">Also kept</p>'
        "<p>Call <code>run()</code> now.</p>"
    )
    assert msgids(text) == ["Yes", "Call <1/> now."]


@pytest.mark.parametrize(
    "attempt",
    [
        "<script>alert(1)</script>Bonjour",
        '<img src=x onerror="alert(1)">Bonjour',
        "<a href='javascript:alert(1)'>Bonjour</a>",
        "Bonjour</p><p onclick=alert(1)>",
        "Bonjour &lt;b&gt; <!-- x -->",
        "<b>Bonjour</b>",
    ],
)
def test_a_translation_cannot_inject_markup(attempt: str) -> None:
    out, warnings = build("<p>Hello there.</p>", {"Hello there.": attempt})
    found = elements(out)
    assert found.tags == [("p", {})]
    assert "".join(found.text) == attempt
    assert warnings == []


@pytest.mark.parametrize("attempt", ['x" onerror="alert(1)', "x' onload='alert(1)", "x><script>alert(1)</script>"])
def test_a_translated_attribute_cannot_break_out_of_its_quotes(attempt: str) -> None:
    for source in ('<img src="a.png" alt="A cat">', "<img src='a.png' alt='A cat'>", "<img src=a.png alt=cat>"):
        out, _ = build(source, {"A cat": attempt, "cat": attempt})
        assert elements(out).tags == [("img", {"src": "a.png", "alt": attempt})]


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("Cliquez <1>ici</1>.", "missing <2/>"),
        ("Cliquez <1>ici <2/>.", "missing </1>"),
        ("Cliquez </1>ici<1> <2/>.", "closes out of order"),
        ("Cliquez <1>ici</1> <2/> <3>x</3>.", "unexpected </3>, <3>"),
    ],
)
def test_a_translation_with_wrong_tags_falls_back_to_the_source_with_a_warning(translation: str, problem: str) -> None:
    text = '<p>Click <a href="/x">here</a> <br>.</p>'
    out, warnings = build(text, {"Click <1>here</1> <2/>.": translation})
    assert out == text
    assert len(warnings) == 1 and problem in warnings[0]


def test_a_literal_tag_in_the_source_is_a_placeholder_not_a_tag() -> None:
    (segment,) = split("<p>I &lt;3&gt; it</p>").segments()
    assert segment.msgid == "I <1/> it"
    assert segment.placeholders[0].open == "&lt;3&gt;"


def test_broken_markup_is_read_like_a_browser_reads_it() -> None:
    text = "<p>An <b>unclosed tag.<p>A stray </i> end and <em>crossed <strong>tags</em></strong>.<li>Open"
    assert msgids(text) == [
        "An <1/>unclosed tag.",
        "A stray <1/> end and <2/>crossed <3>tags<4/></3>.",
        "Open",
    ]


_MARKUP = st.sampled_from(
    [
        *("<p>", "</p>", "<b>", "</b>", "<a href='x'>", "</a>", "<br>", "<img alt='A b'>", "<!--", "-->"),
        *("<script>", "</script>", "&amp;", "&", "<", ">", "\n", " ", "Text. More", "é", '"'),
        *("<!DOCTYPE html>", "<?pi?>", "<![CDATA[", "<![ ]>", "<![foo bar]>", "]]>", "<![if IE]>"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, max_size=25).map("".join))
def test_any_markup_splits_without_error_and_rebuilds_exactly(text: str) -> None:
    document = split(text, "sentence")
    assert HTML.render(document, lambda s: None) == text
    HTML.render(document, lambda s: s.msgid.upper())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab é<>&;\"'/=!-#x1")), min_size=1, max_size=20))
def test_any_translated_text_reads_back_as_that_text(text: str) -> None:
    if TAG.search(text):
        return  # numbered tags the source does not have: rejected, tested above
    out, _ = build('<p title="Hello">Hello there</p>', {"Hello there": text, "Hello": text})
    found = elements(out)
    assert found.tags == [("p", {"title": text})]
    assert "".join(found.text) == text


def test_comments_and_breaks_at_either_end_of_a_text_are_left_out_of_it() -> None:
    assert msgids("<p><!-- note --><br>First<br>second<br></p>") == ["First<1/>second"]


def test_each_sentence_has_the_line_it_starts_on() -> None:
    text = "<html>\n<p>First sentence.\n  Second <b>bold</b>.\n  Third &amp; <br>\n  line. Fourth.</p>"
    found = [(s.msgid, s.line) for s in split(text, "sentence").segments()]
    assert found == [("First sentence.", 2), ("Second <1>bold</1>.", 3), ("Third & <1/> line.", 4), ("Fourth.", 5)]


@pytest.mark.parametrize(
    "text",
    ["<p>Hello there.</p>\n<!-- old version:\n<p>Goodbye.</p>\n", "<p>Hello there.</p><!--" + "<p>x</p><!--" * 2000],
)
def test_a_comment_never_closed_hides_the_rest_as_in_a_browser(text: str) -> None:
    """html.parser read it as text: a translator got "<!-- old version: <1/>Goodbye." to translate."""
    document = split(text, "sentence")
    assert [s.msgid for s in document.segments()] == ["Hello there."]
    assert HTML.render(document, lambda s: s.msgid.upper()) == text.replace("Hello there.", "HELLO THERE.", 1)
