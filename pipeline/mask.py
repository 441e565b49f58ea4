"""Mask what an engine must not touch before MT; restore it after, or refuse.

Engines translate words, and damage everything else: Apertium turns ``{count}``
into ``{cuenta}``, SentencePiece models drop the underscores of
``%(user_name)s``. So before a segment goes to an engine, every numbered tag,
printf/Python/brace placeholder, strftime directive, URL, e-mail address, @handle and
#hashtag, number, do-not-translate term, raw HTML tag and reStructuredText/Markdown
inline literal, role or code span (````make````, ``:func:`len```, ```x```, from
catalogs other tools made) is replaced by an opaque token; after, :func:`unmask`
puts the originals back, and raises :class:`MaskError` if any token is missing,
repeated or mangled. The caller then leaves the entry untranslated with a
translator comment saying why: a broken translation is never written.

The default token form, ``ZQ1Q`` (style ``"word"``), looks to a rule-based
engine like an unknown upper-case word: measured through real Apertium
(eng-spa, and eng-spa then es-fr), it comes back unchanged in any position.
A token never touches another character: where the original did (``<1>John``,
``2019.Police``), a space is added beside the token and removed again on the
way back (Apertium reads ``year.ZQ5Q`` as one word and lower-cases it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.errors import EngineError
from pipeline.inline import INLINE_CODE
from pipeline.placeholders import TAG

STYLES = {"word": "ZQ{n}Q", "apertium": "ZQ{n}Q", "bracket": "[[{n}]]"}
"""Named token forms; any other style is a template with one ``{n}``."""

URL = r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'«»“”‘’]*[^\s<>\"'«»“”‘’.,;:!?)\]]"
EMAIL = r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
HANDLE = r"(?<![\w@#&])[@#][^\W\d_]\w*"
"""A social-media handle or hashtag (``@INTERPOL_HQ``, ``#StopTrafficking``): translated, it no longer links;
Apertium also drops the sign (``@police`` came back as ``policía``). ``C#``, ``#1`` and ``&#8217;`` are not."""
PRINTF = r"%(?:\d+\$)?(?:\([^()\s]+\))?[-#0+]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]"
STRFTIME = r"%[-_0^#]?[aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%]"
"""A strftime directive or ``%%``: Sphinx's ``"%b %d, %Y"`` came back as ``"%b %d, %Et"`` through Apertium."""
BRACE = r"\{\{[^{}]*\}\}|\{[\w.\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}"
HTML = r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);"
"""Raw HTML tags and character references, as gettext catalogs of web frameworks hold them."""
NUMBER = r"(?<![\w.,])\d+(?:[,.\u00a0\u202f\u2009]\d{3})*(?:[.,]\d+)?(?![\w])"


class MaskError(EngineError):
    """A masked token did not survive the engine; the entry must stay untranslated."""


@dataclass(frozen=True)
class Masked:
    """A segment ready for an engine, and what it takes to restore it.

    ``tokens`` pairs each token with the exact text it stands for, in order of
    appearance. ``padded`` gives, per token, the characters it touched before
    and after in the source ("" where it touched none): a space was added
    there so that the engine saw a separate word, and goes again on the way
    back if the token still touches the same kind of character (a letter, or
    not): ``<1>John`` comes back as ``<1>Juan``, but ``INTERPOL’s response``,
    whose ``’s`` the engine dropped, as ``INTERPOL respuesta``.
    """

    text: str
    tokens: tuple[tuple[str, str], ...] = ()
    padded: tuple[tuple[str, str], ...] = ()
    style: str = "word"


def mask(text: str, terms: Sequence[str] = (), style: str = "word") -> Masked:
    """Replace tags, placeholders, URLs, e-mails, numbers and ``terms`` by tokens.

    ``terms`` (the glossary's do-not-translate list) match whole words,
    case-sensitively, longest first. Every occurrence gets its own token, so
    :func:`unmask` can tell a dropped one from a repeated one.
    """
    template = _template(style)
    pattern = _pattern(template, tuple(terms))
    matches = list(pattern.finditer(text))
    names = [template.replace("{n}", str(number)) for number in range(1, len(matches) + 1)]
    out: list[str] = []
    padded: list[tuple[str, str]] = []
    pos = 0
    for index, match in enumerate(matches):
        # Between two touching tokens (``</1><2/>``) one space is enough: the first one's.
        glued = index + 1 < len(matches) and matches[index + 1].start() == match.end()
        follows = index > 0 and matches[index - 1].end() == match.start()
        before = "" if follows else _touching(text[match.start() - 1 : match.start()])
        after = names[index + 1][0] if glued else _touching(text[match.end() : match.end() + 1])
        out.append(text[pos : match.start()])
        out.append((" " if before else "") + names[index] + (" " if after else ""))
        padded.append((before, after))
        pos = match.end()
    out.append(text[pos:])
    tokens = [(name, match.group()) for name, match in zip(names, matches, strict=True)]
    return Masked("".join(out), tuple(tokens), tuple(padded), style)


def unmask(translated: str, masked: Masked) -> str:
    """Put the originals back into an engine's output of ``masked.text``.

    Raises MaskError naming the first token that is missing, repeated or
    mangled (a token-like string that is not one of ours).
    """
    template = _template(masked.style)
    spans: list[tuple[int, int, str]] = []
    for (token, original), (before, after) in zip(masked.tokens, masked.padded, strict=True):
        count = translated.count(token)
        if count == 0:
            raise MaskError(f"the engine lost {original!r}")
        if count > 1:
            raise MaskError(f"the engine repeated {original!r}")
        start = translated.index(token)
        end = start + len(token)
        if before and translated[start - 1 : start] == " " and _alike(translated, start - 2, -1, before):
            start -= 1
        if after and translated[end : end + 1] == " " and _alike(translated, end + 1, 1, after):
            end += 1
        spans.append((start, end, original))
    out: list[str] = []
    pos = 0
    leftover = _leftover(template)
    for start, end, original in sorted(spans):
        gap = translated[pos : max(pos, start)]
        out.extend((gap, original))
        pos = max(pos, end)
    out.append(translated[pos:])
    # Token debris ("ZQ 3", "ZQ3") the source text did not already have means a token was mangled.
    had = Counter(leftover.findall(re.sub(_token_regex(template), " ", masked.text)))
    found = Counter(debris for gap in out[::2] for debris in leftover.findall(gap))
    extra = sorted(found - had)
    if extra:
        raise MaskError(f"the engine mangled a placeholder into {extra[0]!r}")
    return "".join(out)


def is_token(word: str, style: str = "word") -> bool:
    """Whether ``word`` is a mask token: engines should not count it as an unknown word."""
    return re.fullmatch(_token_regex(_template(style)), word) is not None


def _template(style: str) -> str:
    template = STYLES.get(style, style)
    head, _, tail = template.partition("{n}")
    if not head or not tail or "{n}" in tail:
        raise ValueError(f"mask style {style!r} is neither {', '.join(STYLES)} nor a template like 'ZQ{{n}}Q'")
    return template


def _touching(char: str) -> str:
    """``char`` if a token next to it needs a space (Apertium reads ``year.ZQ5Q`` as one word and mangles it)."""
    return "" if char.isspace() else char


def _alike(text: str, index: int, step: int, neighbour: str) -> bool:
    """Whether the token still touches what it touched in the source: the same character, or one of its
    kind (a letter or not), looking past bidi and other format marks (the pseudo engine adds some)."""
    if 0 <= index < len(text) and text[index] == neighbour:
        return True
    while 0 <= index < len(text) and unicodedata.category(text[index]) == "Cf":
        index += step
    return 0 <= index < len(text) and _wordlike(text[index]) == _wordlike(neighbour)


def _wordlike(char: str) -> bool:
    return char.isalnum() or char == "_"


def _token_regex(template: str) -> str:
    head, tail = (re.escape(part) for part in template.split("{n}"))
    return head + r"\d+" + tail


def _leftover(template: str) -> re.Pattern[str]:
    """Token debris: the token's head followed by digits (``ZQ 3``, ``ZQ3`` without its tail)."""
    head = template.split("{n}")[0]
    return re.compile(re.escape(head) + r"\s?\d+")


_CACHE: dict[tuple[str, tuple[str, ...]], re.Pattern[str]] = {}


def _pattern(template: str, terms: tuple[str, ...]) -> re.Pattern[str]:
    key = (template, terms)
    if key not in _CACHE:
        words = {t for t in terms if t.strip()}
        dnt = [r"(?<!\w)" + alternatives(words) + r"(?!\w)"] if words else []
        # A source that already contains token-like text has it masked too, so it cannot be confused.
        parts = [
            _token_regex(template),
            TAG.pattern,
            INLINE_CODE,
            HTML,
            URL,
            EMAIL,
            HANDLE,
            PRINTF,
            STRFTIME,
            BRACE,
            *dnt,
            NUMBER,
        ]
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = re.compile("|".join(f"(?:{part})" for part in parts))
    return _CACHE[key]


def alternatives(words: set[str] | frozenset[str]) -> str:
    """A regex matching any of ``words``, the longest where several match, as a trie.

    ``a|b|c…`` over a 10,000-term glossary makes the regex engine try every
    term at every position (about 100 segments/s); a trie tries only the terms
    that share what was read so far. The greedy ``?`` after a complete term
    tries its longer continuations first, so ``INTERPOL Washington`` wins over
    ``INTERPOL`` as it did when the alternatives were sorted longest first.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the longer ones are optional
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body
