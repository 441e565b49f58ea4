"""Pseudo-localisation: fake translations that show layout bugs without a model.

``en-XA`` (accented): every ASCII letter becomes an accented look-alike, the
text grows by about a third with padding (German and Finnish run that much
longer than English) and is bracketed, so truncation and hard-coded strings
show: ``Hello`` → ``[Ĥéļļö ···]``. ``ar-XB`` (right-to-left): each word is
wrapped, as Android's ar-XB does, in a right-to-left override and marks
(RLM RLO word PDF RLM), so the text reads right to left and mirrored layouts
show. Both are deterministic: the same input always gives the same output.

Tags, placeholders, URLs, numbers and mask tokens pass through untouched: the
engine masks its input itself (it may be given masked text or raw text).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from pipeline.engines import EngineOptions, Pair, Progress, register
from pipeline.errors import EngineError
from pipeline.mask import is_token, mask, unmask

VERSION = "1"
ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
RLM, RLO, PDF = "\u200f", "\u202e", "\u202c"
WORD = re.compile(r"ZQ\d+Q(?![\w])|[^\W\d_](?:[\w'’-]*\w)?")  # a token first: "ZQ4Q’s" is token + "’s"
PAD = "·"


class PseudoEngine:
    """The ``pseudo`` engine: targets are the pseudo-locale codes themselves."""

    name = "pseudo"

    def __init__(self, options: EngineOptions | None = None) -> None:
        self.options = options or EngineOptions()

    def available(self) -> bool:
        return True

    def pairs(self) -> set[Pair]:
        return {Pair("en", "en-XA"), Pair("en", "ar-XB")}

    def why_not(self, pair: Pair) -> str:
        """The one line ``l10n translate`` gives for a pair it does not make."""
        made = ", ".join(sorted(f"{p.source}→{p.target}" for p in self.pairs()))
        return f"pseudo makes only the pseudo-locales {made}, for layout testing"

    def provenance(self, pair: Pair) -> str:
        return f"pseudo {self._method(pair)} {VERSION}"

    def translate(self, texts: Sequence[str], pair: Pair, progress: Progress | None = None) -> list[str]:
        method = self._method(pair)
        convert = accented if method == "en-XA" else right_to_left
        results = [convert(text) for text in texts]
        if progress is not None:
            progress(len(texts))
        return results

    def _method(self, pair: Pair) -> str:
        if pair.target not in ("en-XA", "ar-XB"):
            raise EngineError(
                f"the pseudo engine makes only en-XA and ar-XB, not {pair.target}",
                hint='set engine = "pseudo" only for [locales.en-XA] and [locales.ar-XB]',
            )
        return pair.target


def accented(text: str) -> str:
    """``en-XA``: accented letters, about a third longer, in brackets."""
    if not text.strip():
        return text
    masked = mask(text)
    body = WORD.sub(lambda word: _keep_tokens(word, word.group().translate(ACCENTED)), masked.text)
    restored = unmask(body, masked)
    extra = max(1, math.ceil(len(text) / 3) - 3)  # the brackets and the space count towards the third
    padding = " ".join(PAD * min(5, extra - start) for start in range(0, extra, 5))
    return f"[{restored} {padding}]"


def right_to_left(text: str) -> str:
    """``ar-XB``: every word forced right to left, between bidi marks."""
    if not text.strip():
        return text
    masked = mask(text)
    body = WORD.sub(lambda word: _keep_tokens(word, f"{RLM}{RLO}{word.group()}{PDF}{RLM}"), masked.text)
    return unmask(body, masked)


def _keep_tokens(word: re.Match[str], replacement: str) -> str:
    return word.group() if is_token(word.group()) else replacement


register("pseudo", PseudoEngine)
