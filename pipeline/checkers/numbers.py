"""Numbers: the translation states the same quantities as the source.

Written the locale's way or the source's ("1,000.5" may be "1 000,5" in French,
"1.000,5" in Spanish, "١٬٠٠٠" in Arabic digits); in any order; a small number
(0 to 12) may be spelled out in words, so its absence is not reported. Any
number the translation has that the source does not is reported, small ones
too (``3 seconds`` → ``4 secondes`` is the most harmful slip an engine makes),
unless the English source spells it out ("three files" → "3 fichiers").

Every function here is total: superscripts (``2⁵²``), digits of any system and
numbers thousands of digits long are compared as text, never through ``int``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from pipeline.checkers import Target, Unit
from pipeline.checkers.markup import C_FORMAT, EMAIL, PYTHON_FORMAT, URL

SMALL = 12  # numbers up to this are often written as words ("three", "trois")
_DIGIT = r"\d"
_SEPARATORS = ".,'\u00a0\u202f \u066b\u066c\u2019"
# Letters of other scripts may touch a number ("150文字", "2.5나"); Latin letters make it a code ("v2", "h1").
_TOKEN = re.compile(r"(?<![A-Za-z_\d.,])\d+(?:[.,'\u00a0\u202f \u066b\u066c\u2019]\d+)*(?![A-Za-z_\d])")
_AFTERNOON = re.compile(r"\b(\d{1,2})(?::\d\d)?\s*p\.?\s?m\b", re.IGNORECASE)
_NUMBER_NAMES = re.compile(r"illion|googol", re.IGNORECASE)
_NOISE = re.compile(r"<[^<>]*>|\{[^{}]*\}|%\([^()]*\)\w|%\d+\$\w|\$\{?\w+\}?|&#?\w+;")
# A word with a digit next to a Latin letter is a code ("5th", "h1", "v2-beta", "x86_64"), not a quantity.
_RUN = re.compile(r"[\w-]+")
_CODE = re.compile(r"\d[A-Za-z_]|^[A-Za-z_]+\d")


def _code_word(match: re.Match[str]) -> str:
    return " " if _CODE.search(match.group()) else match.group()


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # \d is any decimal digit (Nd): Arabic-Indic, Devanagari...


def _plain_digits(text: str) -> str:
    """Other systems' decimal digits as ASCII; superscripts and other non-decimal digits stay as they are."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)


def _canonical(whole: str, fraction: str = "") -> str:
    """A number as text without leading zeros, or trailing zeros after the point ("007.50" → "7.5")."""
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _strip(text: str) -> str:
    text = URL.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = C_FORMAT.sub(" ", text)
    text = PYTHON_FORMAT.sub(" ", text)
    return _RUN.sub(_code_word, _NOISE.sub(" ", text))


def _values(token: str, decimals: frozenset[str], groups: frozenset[str]) -> set[str]:
    """Every value ``token`` can mean under the given conventions, as canonical strings."""
    seps = [ch for ch in token if not ch.isdigit()]
    pieces = re.split(r"[^\d]", token)
    if not seps:
        return {_canonical(token)}
    found: set[str] = set()
    if seps.count(".") >= 2 and set(seps) == {"."}:
        found.add(token)  # a version or a date: 2.5.1, 28.11.2026
    grouped = all(s in groups for s in seps) and all(len(p) == 3 for p in pieces[1:])
    if grouped:  # 1,000,000 / 1 000 / 1.000
        found.add(_canonical("".join(pieces)))
    last, earlier = seps[-1], seps[:-1]
    if last in decimals and last not in earlier and all(s in groups for s in earlier):
        whole = "".join(pieces[:-1]) if all(len(p) == 3 for p in pieces[1:-1]) else ""
        if whole:
            found.add(_canonical(whole, pieces[-1]))
    return found or {"".join(pieces)}


def _numbers(text: str, decimals: frozenset[str], groups: frozenset[str]) -> list[set[str]]:
    text = _plain_digits(_strip(text))
    found: list[set[str]] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0).strip(_SEPARATORS)
        # Space-separated runs are one number only in groups of three ("1 000 000").
        if " " in token and not re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", token):
            found.extend(_values(part, decimals, groups) for part in token.split(" ") if part)
            continue
        found.append(_values(token, decimals, groups))
    return found


def _small(values: set[str]) -> bool:
    return any(v.isdigit() and len(v) <= 2 and int(v) <= SMALL for v in values)


# English words that say a small number ("a file" may be "1 fichier", "twice" "2 fois"), months
# ("September" is "9月" in Japanese) and times of day ("Noon" may be "12:00", "Midnight" "0:00" or "24").
_SPELLED = {
    "0": "no none zero nothing midnight",
    "1": "a an one single first once january jan",
    "2": "two second twice both double pair couple february feb",
    "3": "three third thrice triple march mar",
    "4": "four fourth quarter april apr",
    "5": "five fifth may",
    "6": "six sixth june jun",
    "7": "seven seventh week july jul",
    "8": "eight eighth august aug",
    "9": "nine ninth september sep sept",
    "10": "ten tenth october oct",
    "11": "eleven eleventh november nov",
    "12": "twelve twelfth dozen noon midday midnight december dec",
    "24": "midnight",
}
_WORD_VALUES: dict[str, set[str]] = {}
for _value, _words in _SPELLED.items():
    for _word in _words.split():
        _WORD_VALUES.setdefault(_word, set()).add(_value)
_ENGLISH_WORD = re.compile(r"[A-Za-z]+")
_ANY_DIGIT = re.compile(_DIGIT)


def _spelled_out(source: str) -> set[str]:
    """The small numbers an English source says in words."""
    return {value for word in _ENGLISH_WORD.findall(source.lower()) for value in _WORD_VALUES.get(word, ())}


def numbers(unit: Unit) -> Iterator[str]:
    """Numbers in the translation differ from the source's."""
    if _ANY_DIGIT.search(unit.source) is None and _ANY_DIGIT.search(unit.translation) is None:
        return
    where: Target = unit.target
    source_dec, source_group = frozenset({"."}), frozenset({","})
    want = _numbers(unit.source, source_dec, source_group)
    for afternoon in _AFTERNOON.finditer(unit.source):  # "6 p.m." may be "18:00"
        for values in want:
            if afternoon.group(1) in values:
                values.add(str(int(afternoon.group(1)) + 12))
    got = _numbers(unit.translation, where.decimals | source_dec, where.groups | source_group)
    unmatched = []
    for values in want:
        match = next((i for i, candidates in enumerate(got) if values & candidates), None)
        if match is None:
            unmatched.append(values)
        else:
            got.pop(match)
    missing = [v for v in unmatched if not _small(v)]
    if unit.plural:
        extra = [v for v in got if not _small(v)]  # "1 fichier" for "%d file" in the singular form
    elif unit.source_language.split("_")[0].split("-")[0] == "en":
        spelled = _spelled_out(unit.source)
        extra = [v for v in got if not (v & spelled)]
    else:
        extra = [v for v in got if not _small(v)]
    if unit.plural:
        missing = []
    if _NUMBER_NAMES.search(unit.source):
        extra = []  # "nonillion" may be written "with 30 zeros"
    parts = (["missing " + ", ".join(_show(v) for v in missing)] if missing else []) + (
        ["not in the source: " + ", ".join(_show(v) for v in extra)] if extra else []
    )
    if parts:
        yield "; ".join(parts)


def _show(values: set[str]) -> str:
    return sorted(values, key=lambda v: ("." not in v, len(v)))[0]
