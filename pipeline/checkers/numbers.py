"""Numbers: the translation states the same quantities as the source.

Written the locale's way or the source's ("1,000.5" may be "1 000,5" in French,
"1.000,5" in Spanish, "١٬٠٠٠" in Arabic digits); in any order; a small number
(0 to 12) may be spelled out in words, so its absence is not reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from pipeline.checkers import Target, Unit
from pipeline.checkers.markup import C_FORMAT, EMAIL, PYTHON_FORMAT, URL

SMALL = 12  # numbers up to this are often written as words ("three", "trois")
_DIGIT = r"\d"
_SEPARATORS = ".,'\u00a0\u202f \u066b\u066c\u2019"
_TOKEN = re.compile(r"(?<![\w.,])\d+(?:[.,'\u00a0\u202f \u066b\u066c\u2019]\d+)*(?!\w)")
_NOISE = re.compile(
    r"<[^<>]*>|\{[^{}]*\}|%\([^)]*\)\w|%\d+\$\w|\$\{?\w+\}?|&#?\w+;|\b[\w-]*\d+[A-Za-z_][\w-]*|\b[A-Za-z_]+\d[\w-]*"
)


def _plain_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


def _strip(text: str) -> str:
    text = URL.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = C_FORMAT.sub(" ", text)
    text = PYTHON_FORMAT.sub(" ", text)
    return _NOISE.sub(" ", text)


def _values(token: str, decimals: frozenset[str], groups: frozenset[str]) -> set[Decimal]:
    """Every value ``token`` can mean under the given conventions."""
    seps = [ch for ch in token if not ch.isdigit()]
    found: set[Decimal] = set()
    pieces = re.split(r"[^\d]", token)
    # The run of digits with every separator ignored (grouping) ...
    candidates = ["".join(pieces)]
    # ... or the last separator as the decimal point.
    if seps and seps[-1] in decimals:
        candidates.append("".join(pieces[:-1]) + "." + pieces[-1])
    if seps and not all(s in groups | decimals for s in seps):
        candidates = [p for p in pieces if p]
    for candidate in candidates:
        try:
            found.add(Decimal(candidate).normalize())
        except InvalidOperation:
            continue
    return found


def _numbers(text: str, decimals: frozenset[str], groups: frozenset[str]) -> list[set[Decimal]]:
    text = _plain_digits(_strip(text))
    found: list[set[Decimal]] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0).strip(_SEPARATORS)
        # Space-separated runs are one number only in groups of three ("1 000 000").
        if " " in token and not re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", token):
            found.extend(_values(part, decimals, groups) for part in token.split(" ") if part)
            continue
        found.append(_values(token, decimals, groups))
    return found


def _small(values: set[Decimal]) -> bool:
    return any(v <= SMALL and v == v.to_integral_value() for v in values)


def numbers(unit: Unit) -> Iterator[str]:
    """Numbers in the translation differ from the source's."""
    if not re.search(_DIGIT, unit.source) and not re.search(_DIGIT, unit.translation):
        return
    where: Target = unit.target
    source_dec, source_group = frozenset({"."}), frozenset({","})
    want = _numbers(unit.source, source_dec, source_group)
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
    if missing:
        yield "missing " + ", ".join(_show(v) for v in missing)
    if extra:
        yield "not in the source: " + ", ".join(_show(v) for v in extra)


def _show(values: set[Decimal]) -> str:
    return format(min(values), "f")
