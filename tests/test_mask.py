"""Masking before MT and restoring after: what survives, and what is refused."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.engines import Pair, create
from pipeline.errors import EngineError
from pipeline.mask import Masked, MaskError, alternatives, mask, unmask

DNT = ("INTERPOL", "Frontex", "IFCACC", "FIELDS", "Black Axe")

ROUND_TRIPS = [
    "Welcome, %(name)s!",
    "You have {count} new messages and {0} alerts; {{ user }} is a template.",
    "Read <1>the report</1> and <2>the annex</2><3/>.",
    "See https://www.interpol.int/News-and-Events?page=2, or write to press@interpol.int.",
    "INTERPOL and Frontex met IFCACC at FIELDS about the Black Axe group.",
    "Some 120 officials from 50 countries; 1,234.5 euros; 3.5% growth in 2019.",
    "%s sent %d files (%-5.2f MB) at %1$s.",
    "",
    "No masks at all here.",
    "Codes ZQ2019, ZQ 5 and ZQ7Q look like tokens but are text.",
    "<1>Read more</1><2/>%s%d",
]


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_round_trip_without_an_engine_gives_the_source_back(text: str) -> None:
    masked = mask(text, DNT)
    assert unmask(masked.text, masked) == text


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Welcome, %(name)s!", ["%(name)s"]),
        ("You have {count} messages.", ["{count}"]),
        ("Read <1>the report</1>.", ["<1>", "</1>"]),
        ("Go to https://example.org/a_b.", ["https://example.org/a_b"]),
        ("Mail press@interpol.int today.", ["press@interpol.int"]),
        ("INTERPOL’s Frontex partner", ["INTERPOL", "Frontex"]),
        ("It cost 1,234.56 in 2019.", ["1,234.56", "2019"]),
        ("Follow @INTERPOL_HQ and #StopTrafficking, not C# or issue #12.", ["@INTERPOL_HQ", "#StopTrafficking", "12"]),
        # reStructuredText and Markdown from catalogs other tools made (Sphinx, MkDocs).
        ("Run ``make test`` then call :func:`len`.", ["``make test``", ":func:`len`"]),
        ("See :ref:`the guide <guide>` and `code` here.", [":ref:`the guide <guide>`", "`code`"]),
        ("Read `the docs <https://x.org/>`_ first.", ["`the docs <https://x.org/>`_"]),
        # Sphinx roles with a domain; strftime; web catalogs: raw HTML and character references.
        ("The :mod:`numbers` module and :py:func:`len`.", [":mod:`numbers`", ":py:func:`len`"]),
        ("%b %d, %Y at 100%% (%H:%M)", ["%b", "%d", "%Y", "100", "%%", "%H", "%M"]),
        ('Click <a href="%(url)s">here</a> &amp; <br/> go.', ['<a href="%(url)s">', "</a>", "&amp;", "<br/>"]),
    ],
)
def test_masked_text_hides_what_engines_damage(text: str, hidden: list[str]) -> None:
    masked = mask(text, DNT)
    assert [original for _, original in masked.tokens] == hidden
    for original in hidden:
        assert original not in masked.text


def test_terms_are_whole_words_and_case_sensitive() -> None:
    masked = mask("Interpol, INTERPOLATE and INTERPOL differ.", DNT)
    assert [original for _, original in masked.tokens] == ["INTERPOL"]


def test_tokens_are_separate_words_and_the_added_spaces_go_again() -> None:
    masked = mask("<1>John</1>'s car, in 2019.Police", DNT)
    assert masked.text == "ZQ1Q John ZQ2Q 's car, in ZQ3Q .Police"
    assert unmask("el coche de ZQ1Q Juan ZQ2Q, en ZQ3Q .Policía", masked) == "el coche de <1>Juan</1>, en 2019.Policía"


def test_an_added_space_stays_where_the_engine_changed_the_neighbour() -> None:
    masked = mask("on INTERPOL’s response", DNT)
    assert unmask("en ZQ1Q respuesta", masked) == "en INTERPOL respuesta"  # the engine dropped "’s"


def test_every_occurrence_has_its_own_token() -> None:
    masked = mask("INTERPOL and INTERPOL", DNT)
    assert masked.text == "ZQ1Q and ZQ2Q"
    assert unmask("ZQ2Q y ZQ1Q", masked) == "INTERPOL y INTERPOL"


def test_source_text_that_looks_like_a_token_is_masked_too() -> None:
    masked = mask("The code ZQ1Q is literal.", DNT)
    assert unmask(masked.text.replace("The code", "El código"), masked) == "El código ZQ1Q is literal."


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("Bienvenido, !", r"lost '%\(name\)s'"),
        ("Bienvenido, ZQ1Q ZQ1Q!", r"repeated '%\(name\)s'"),
    ],
)
def test_a_lost_or_repeated_token_is_refused(translation: str, problem: str) -> None:
    masked = mask("Welcome, %(name)s!", DNT)
    with pytest.raises(MaskError, match=problem):
        unmask(translation, masked)


def test_a_mangled_token_is_refused() -> None:
    masked = mask("Send {count} to %(name)s", DNT)
    with pytest.raises(MaskError, match="mangled"):
        unmask("Envía ZQ1Q a ZQ 2Q ZQ2Q", masked)


def test_mask_error_is_an_engine_error() -> None:
    assert issubclass(MaskError, EngineError)


def test_other_token_styles() -> None:
    masked = mask("Send {count} files", style="bracket")
    assert masked.text == "Send [[1]] files"
    assert unmask("Envía [[1]] archivos", masked) == "Envía {count} archivos"
    custom = mask("Send {count} files", style="⟦{n}⟧")
    assert custom.text == "Send ⟦1⟧ files"
    assert isinstance(custom, Masked)
    with pytest.raises(ValueError, match="template"):
        mask("x", style="nope")


APERTIUM_CASES = [
    ("Welcome, %(name)s! You have {count} new messages.", ["%(name)s", "{count}"]),
    ("Read <1>the report</1> of the police<2/>.", ["<1>", "</1>", "<2/>"]),
    ("See https://www.interpol.int/News or write to press@interpol.int.", ["https://www.interpol.int/News"]),
    ("INTERPOL, Frontex and IFCACC discussed FIELDS and the Black Axe group.", list(DNT)),
    ("Some 120 officials from 50 countries seized 1,234.5 kilograms in 2019.", ["120", "50", "1,234.5", "2019"]),
    ("Contact @police or follow #help now.", ["@police", "#help"]),
    ("Run ``make test`` and call :py:func:`len` or `print` first.", ["``make test``", ":py:func:`len`", "`print`"]),
]


@pytest.mark.skipif(not shutil.which("apertium"), reason="Apertium is not installed (apt-get install apertium)")
@pytest.mark.parametrize("pair", [Pair("en", "es")], ids=["eng-spa"])
def test_masks_survive_real_apertium_and_its_pivot(pair: Pair) -> None:
    sources = [text for text, _ in APERTIUM_CASES]
    masked = [mask(text, DNT) for text in sources]
    for engine, target in ((create("apertium"), pair), (create("pivot"), Pair("en", "fr"))):
        outputs = engine.translate([m.text for m in masked], target)
        for (source, kept), m, output in zip(APERTIUM_CASES, masked, outputs, strict=True):
            restored = unmask(output, m)
            assert restored != source
            for original in kept:
                assert original in restored, (engine.name, restored)


PIECES = st.sampled_from(
    [
        *("<1>", "</1>", "<2/>", "%(name)s", "%d", "{count}", "{0}", "https://x.org/a", "a@b.org", "1,234.5"),
        *("2019", "INTERPOL", "Black Axe", "ZQ1Q", "ZQ", "[[1]]", " ", "  ", ".", ",", "'s", "word", "Wörter"),
        *("\n", "%", "{", "}", "``", "`", ":func:`x`", "``a b``"),
    ]
)


@given(st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=12).map("".join), st.sampled_from(["word", "bracket"]))
def test_any_text_survives_a_round_trip(text: str, style: str) -> None:
    masked = mask(text, DNT, style)
    assert unmask(masked.text, masked) == text


@given(
    st.sets(st.text(alphabet="ab .+C", min_size=1, max_size=5).filter(str.strip), min_size=1, max_size=8),
    st.text(alphabet="ab .+C", max_size=30),
)
def test_the_term_trie_matches_what_longest_first_alternatives_match(words: set[str], text: str) -> None:
    naive = "|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(words, key=len, reverse=True))
    trie = rf"(?<!\w){alternatives(words)}(?!\w)"
    assert [m.span() for m in re.finditer(trie, text)] == [m.span() for m in re.finditer(naive, text)]


def test_a_ten_thousand_term_glossary_masks_its_terms_and_nothing_else() -> None:
    terms = [f"Term{n}" for n in range(10_000)] + ["INTERPOL", "INTERPOL Washington", "C++", "a.b"]
    masked = mask("INTERPOL Washington met Term42, Term4200x, C++ and a.b; Term9999.", terms)
    assert [original for _, original in masked.tokens] == ["INTERPOL Washington", "Term42", "C++", "a.b", "Term9999"]
    assert "Term4200x" in masked.text
