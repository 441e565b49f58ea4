"""Sentence boundaries by rule, for the source language.

Placeholder version: a full stop, question or exclamation mark followed by
space and a capital letter. Replaced by the rule set with abbreviations,
decimals, quotes and glued sentences.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?]+(?=\s+[A-Z])")


def sentence_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence of ``text``, covering it in order."""
    spans = []
    start = 0
    for match in _END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans
