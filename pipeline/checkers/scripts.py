"""Characters: invisible and bidirectional controls, and letters of the wrong script.

Bidi overrides and isolates can make text display differently from what it
is (the "Trojan Source" attack); a zero-width space hides inside words. Right-
to-left locales legitimately use the marks RLM, LRM and ALM, and balanced
isolates around embedded left-to-right runs, and embeddings (RLE … PDF); the
overrides LRO and RLO are never needed in a translation.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from pipeline.checkers import Unit
from pipeline.checkers.markup import EMAIL, URL

OVERRIDES = {"\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO"}
ISOLATES = {"\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI"}
EMBEDDINGS = frozenset("\u202a\u202b\u202c")
MARKS = {"\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM"}
INVISIBLE = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR",
    "\u2061": "FUNCTION APPLICATION",
    "\u2062": "INVISIBLE TIMES",
    "\u2063": "INVISIBLE SEPARATOR",
    "\u2064": "INVISIBLE PLUS",
}
# Languages written without spaces use U+200B to show where lines may break.
ZWSP_LANGUAGES = frozenset({"th", "lo", "km", "my", "bo", "dz", "ja", "zh"})
# C0 and C1 controls but tab and line breaks: pasted from a terminal or a PDF, invisible in
# an editor; a NUL ends the message early for C gettext, an ESC drives the user's terminal.
_C0_C1 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROLS = re.compile("[" + "".join(OVERRIDES | ISOLATES | MARKS | INVISIBLE) + "]|" + _C0_C1.pattern)


def bidi_controls(unit: Unit) -> Iterator[str]:
    """Bidirectional or invisible control characters that are not in the source."""
    text = unit.translation
    if not _CONTROLS.search(text):
        return
    source = unit.source
    rtl = unit.target.rtl
    for char, name in OVERRIDES.items():
        if rtl and char in EMBEDDINGS:
            continue  # RLE at the start of a line is the legacy way to set a message's direction
        if text.count(char) > source.count(char):
            yield f"bidi control U+{ord(char):04X} {name} (can make text display differently from what it is)"
    isolates = {c: text.count(c) for c in ISOLATES}
    if any(isolates.values()):
        opened = sum(isolates[c] for c in "\u2066\u2067\u2068")
        if not rtl and sum(isolates.values()) > sum(source.count(c) for c in ISOLATES):
            yield "bidi isolate controls (U+2066-2069) in a left-to-right locale"
        elif opened != isolates["\u2069"]:
            yield "unbalanced bidi isolates: each LRI/RLI/FSI needs a PDI"
    if not rtl:
        for char, name in MARKS.items():
            if text.count(char) > source.count(char):
                yield f"U+{ord(char):04X} {name} in a left-to-right locale"
    for char, name in INVISIBLE.items():
        if char == "\u200b" and unit.target.language in ZWSP_LANGUAGES:
            continue
        if text.count(char) > source.count(char):
            yield f"invisible U+{ord(char):04X} {name}"
    for char in sorted(set(_C0_C1.findall(text))):
        if text.count(char) > source.count(char):
            why = "C gettext ends the message there" if char == "\x00" else "invisible in an editor"
            yield f"control character U+{ord(char):04X} ({why})"


# ISO 15924 script code -> the first word of Unicode character names in it.
SCRIPT_NAMES: dict[str, tuple[str, ...]] = {
    "Latn": ("LATIN",),
    "Arab": ("ARABIC",),
    "Cyrl": ("CYRILLIC",),
    "Grek": ("GREEK",),
    "Hebr": ("HEBREW",),
    "Hans": ("CJK",),
    "Hant": ("CJK",),
    "Jpan": ("CJK", "HIRAGANA", "KATAKANA"),
    "Kore": ("HANGUL", "CJK"),
    "Thai": ("THAI",),
    "Deva": ("DEVANAGARI",),
    "Beng": ("BENGALI",),
    "Guru": ("GURMUKHI",),
    "Gujr": ("GUJARATI",),
    "Orya": ("ORIYA",),
    "Taml": ("TAMIL",),
    "Telu": ("TELUGU",),
    "Knda": ("KANNADA",),
    "Mlym": ("MALAYALAM",),
    "Sinh": ("SINHALA",),
    "Geor": ("GEORGIAN",),
    "Armn": ("ARMENIAN",),
    "Ethi": ("ETHIOPIC",),
    "Khmr": ("KHMER",),
    "Laoo": ("LAO",),
    "Mymr": ("MYANMAR",),
    "Tibt": ("TIBETAN",),
    "Mong": ("MONGOLIAN",),
    "Thaa": ("THAANA",),
    "Tfng": ("TIFINAGH",),
}
MIN_LETTERS = 12  # too few letters to judge
_WORD = re.compile(r"\w+")
_MARKUP = re.compile(r"<[^<>]*>|\{[^{}]*\}|%\([^()]*\)\w|%\w|&#?\w+;")
_MARKUP_MARK = re.compile("[<{%&]")


@functools.cache
def _script_of(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0]


@functools.lru_cache(maxsize=1 << 16)
def _source_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text))


def wrong_script(unit: Unit) -> Iterator[str]:
    """The translation is mostly written in another script than the locale's."""
    expected = SCRIPT_NAMES.get(unit.target.script)
    if expected is None or unit.target.pseudo:
        return
    if unit.target.script == "Latn" and len(unit.translation.encode("utf-8")) - len(unit.translation) < MIN_LETTERS:
        return  # every ASCII letter is Latin, and each other character takes an extra byte: too few to judge
    if len(unit.translation) < MIN_LETTERS:
        return  # fewer letters than it takes to judge (markup, URLs and addresses below only remove some)
    text = unit.translation
    if "://" in text or "www." in text:
        text = URL.sub(" ", text)
    if "@" in text:
        text = EMAIL.sub(" ", text)
    if _MARKUP_MARK.search(text):  # each alternative of _MARKUP starts with one
        text = _MARKUP.sub(" ", text)
    if sum(map(str.isalpha, text)) < MIN_LETTERS:
        return
    source_words = _source_words(unit.source)
    if unit.terms:
        source_words = source_words.union(*(_WORD.findall(term.source) for term in unit.terms))
    kept = " ".join(word for word in _WORD.findall(text) if word not in source_words)
    own = other = 0
    others: dict[str, int] = {}
    for char, count in Counter(kept).items():  # each distinct character once: C does the counting
        if not char.isalpha():
            continue
        script = _script_of(char)
        if script in expected:
            own += count
        else:
            other += count
            others[script] = others.get(script, 0) + count
    if other >= MIN_LETTERS and other > 2 * own:
        main = max(others, key=lambda s: others[s]).title()
        yield f"mostly {main} letters, expected {unit.target.script} for '{unit.target.code}'"
