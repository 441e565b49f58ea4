"""Every check is total: no string a PO file can hold makes one raise, and none is quadratic.

Hypothesis draws from every Unicode category (superscripts, other digit systems,
combining marks, controls, private use, unassigned) and from the characters
checks look for (``%(``, ``{``, ``www.``, ``` `` ```), for every locale family.
A check that raised would come back as an "internal error" finding, so the
test asserts there is none; and it calls each check directly too.
"""

from __future__ import annotations

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.checkers import Unit, target
from pipeline.checks import CHECKS, Check, check_entry

# Characters that start something a check parses, so that generated text hits those paths.
PIECES = [
    "%(",
    "%s",
    "%1$s",
    "%d",
    "%%",
    "{",
    "}",
    "{0}",
    "{{ x }}",
    "${x}",
    "$x",
    "``",
    "`",
    ":func:`",
    "<1>",
    "</1>",
    "<a href=",
    "<b>",
    "www.",
    "http://",
    "@",
    "a@b.cd",
    "&#",
    "1,000.5",
    "²",
    "٣",
    "७",
    "Al-Raisi",
    " Au-Raisiego",  # a one-letter variant of a name, declined
    " Enter",
    " Euter",
    "O'Brien",
    "INTERPOL",
    ". ",
    "\n",
    "\u202e",
    "\u2066",
    "\u200b",
    "\x00",
    "*",
    "#",
    "...",
]
TEXT = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(PIECES)), max_size=12).map("".join)
LOCALES = st.sampled_from(["fr", "ar", "ja", "hi", "ru", "zh_CN", "de", "th", "he", "en-XA", "ar-XB", "xx", "sr@latin"])
FLAGS = st.lists(st.sampled_from(["python-format", "c-format", "python-brace-format", "fuzzy"]), max_size=2)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=TEXT, translation=TEXT, locale=LOCALES, flags=FLAGS)
def test_no_check_raises_on_any_entry(source: str, translation: str, locale: str, flags: list[str]) -> None:
    entry = polib.POEntry(msgid=source or "x", msgstr=translation, flags=flags)
    found = check_entry(entry, locale, enabled=frozenset({"untranslated"}))
    assert not [f.message for f in found if f.message.startswith("internal error")]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=TEXT, forms=st.lists(TEXT, min_size=1, max_size=4), locale=LOCALES)
def test_no_check_raises_on_any_plural_entry(source: str, forms: list[str], locale: str) -> None:
    entry = polib.POEntry(msgid=source or "x", msgid_plural=(source or "x") + "s", msgstr_plural=dict(enumerate(forms)))
    found = check_entry(entry, locale, enabled=frozenset({"untranslated"}))
    assert not [f.message for f in found if f.message.startswith("internal error")]


@settings(max_examples=300, deadline=None)
@given(source=st.text(), translation=st.text(), locale=LOCALES)
def test_every_check_is_total_over_arbitrary_unicode(source: str, translation: str, locale: str) -> None:
    unit = Unit(source, translation, target(locale))
    for check in CHECKS:
        for message in check.function(unit):
            assert isinstance(message, str) and message


def _boom(unit: Unit) -> list[str]:
    raise ValueError("boom")


def test_a_check_that_raises_is_one_finding_naming_it(monkeypatch: object) -> None:
    import pipeline.checks as checks

    broken = Check("numbers", "warning", _boom)
    patched = tuple(broken if c.id == "numbers" else c for c in checks.CHECKS)
    monkeypatch.setattr(checks, "CHECKS", patched)  # type: ignore[attr-defined]
    entry = polib.POEntry(msgid="Read <1>this</1> in 2019.", msgstr="Lisez ceci en 2019.")
    found = check_entry(entry, "fr")
    assert [f.check for f in found if f.message.startswith("internal error")] == ["numbers"]
    assert "ValueError: boom" in next(f.message for f in found if f.check == "numbers")
    assert "placeholders" in {f.check for f in found}  # the other checks still ran
