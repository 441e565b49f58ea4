"""Numbers: the translation states the same quantities as the source.

Written the locale's way or the source's ("1,000.5" may be "1 000,5" in French,
"1.000,5" in Spanish, "١٬٠٠٠" in Arabic digits); in any order; a small number
(0 to 12) may be spelled out in words, so its absence is not reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from pipeline.checkers import Target, Unit
from pipeline.checkers.markup import C_FORMAT, EMAIL, PYTHON_FORMAT, URL

SMALL = 12  # numbers up to this are often written as words ("three", "trois")
_DIGIT = r"\d"
_SEPARATORS = ".,'\u00a0\u202f \u066b\u066c\u2019"
# Letters of other scripts may touch a number ("150文字", "2.5나"); Latin letters make it a code ("v2", "h1").
_TOKEN = re.compile(r"(?<![A-Za-z_\d.,])\d+(?:[.,'\u00a0\u202f \u066b\u066c\u2019]\d+)*(?![A-Za-z_\d])")
_AFTERNOON = re.compile(r"\b(\d{1,2})(?::\d\d)?\s*p\.?\s?m\b", re.IGNORECASE)
_NUMBER_NAMES = re.compile(r"illion|googol", re.IGNORECASE)
_NOISE = re.compile(
    r"<[^<>]*>|\{[^{}]*\}|%\([^)]*\)\w|%\d+\$\w|\$\{?\w+\}?|&#?\w+;|\b[\w-]*\d+[A-Za-z_][\w-]*|\b[A-Za-z_]+\d[\w-]*"
)


def _plain_digits(text: str) -> str:
    # isdecimal, not isdigit: "²" is a digit with no decimal value, and unicodedata.decimal raised on it
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


def _strip(text: str) -> str:
    text = URL.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = C_FORMAT.sub(" ", text)
    text = PYTHON_FORMAT.sub(" ", text)
    return _NOISE.sub(" ", text)


def _values(token: str, decimals: frozenset[str], groups: frozenset[str]) -> set[str]:
    """Every value ``token`` can mean under the given conventions, as canonical strings."""
    seps = [ch for ch in token if not ch.isdigit()]
    pieces = re.split(r"[^\d]", token)
    if not seps:
        return {str(int(token))}
    found: set[str] = set()
    if seps.count(".") >= 2 and set(seps) == {"."}:
        found.add(token)  # a version or a date: 2.5.1, 28.11.2026
    grouped = all(s in groups for s in seps) and all(len(p) == 3 for p in pieces[1:])
    if grouped:  # 1,000,000 / 1 000 / 1.000
        found.add(str(int("".join(pieces))))
    last, earlier = seps[-1], seps[:-1]
    if last in decimals and last not in earlier and all(s in groups for s in earlier):
        whole = "".join(pieces[:-1]) if all(len(p) == 3 for p in pieces[1:-1]) else ""
        if whole:
            found.add(format(Decimal(whole + "." + pieces[-1]).normalize(), "f"))
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
    return any(v.isdigit() and int(v) <= SMALL for v in values)


def numbers(unit: Unit) -> Iterator[str]:
    """Numbers in the translation differ from the source's."""
    if not re.search(_DIGIT, unit.source) and not re.search(_DIGIT, unit.translation):
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
