"""The wording itself: left untranslated, spacing, end punctuation, length, loops, engine marks.

All warnings: a reviewer decides. Locale typography is not a fault: French
spaces before ``: ; ! ?`` and « guillemets », Spanish ``¿ ¡``, Arabic ``؟ ، ؛``
and the CJK full stop count as the same punctuation as the source's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from pipeline.checkers import Unit

_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MARKUP = re.compile(r"<[^<>]*>|\{[^{}]*\}|%\([^)]*\)\w|%\d*\$?[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|&#?\w+;|\b\w+://\S+")


def untranslated(unit: Unit) -> Iterator[str]:
    """The entry has no translation (opt-in: 'l10n status' counts these)."""
    if not unit.translation and unit.first:
        yield "not translated"


def _code_like(text: str) -> bool:
    """Identifiers, paths, codes, formats: text nobody translates."""
    words = text.split()
    if len(words) == 1 and re.search(r"[_./:\\@#%{}<>=]|[a-z][A-Z]", text):
        return True
    return not _LETTER.search(_MARKUP.sub(" ", text))


def _names_only(text: str) -> bool:
    """Acronyms and proper names ("INTERPOL", "Jürgen Stock", "Django REST")."""
    words = _WORDS.findall(_MARKUP.sub(" ", text))
    return bool(words) and all(w[0].isupper() or not w.isalpha() for w in words) and len(words) <= 4


def unchanged(unit: Unit) -> Iterator[str]:
    """The translation is a copy of the source."""
    source, translation = unit.source.strip(), unit.translation.strip()
    if translation != source or unit.target.language == unit.source_language.split("_")[0].split("-")[0]:
        return
    words = _WORDS.findall(_MARKUP.sub(" ", source))
    if len(words) <= 1 or _code_like(source) or _names_only(source):
        return
    if any(term.dnt and term.source == source for term in unit.terms):
        return
    yield "same as the source"


_EDGE = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)
_DOUBLE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def whitespace(unit: Unit) -> Iterator[str]:
    """Leading, trailing or doubled spaces differ from the source."""
    if not unit.translation:
        return
    want, got = _EDGE.match(unit.source), _EDGE.match(unit.translation)
    assert want is not None and got is not None
    if want.group(1) != got.group(1):
        yield f"leading whitespace {got.group(1)!r}, source has {want.group(1)!r}"
    if want.group(3) != got.group(3):
        yield f"trailing whitespace {got.group(3)!r}, source has {want.group(3)!r}"
    if _DOUBLE.search(unit.translation) and not _DOUBLE.search(unit.source):
        yield "double space"


def fix_whitespace(source: str, translation: str) -> str:
    """The translation with the source's leading and trailing whitespace and no double spaces."""
    if not translation:
        return translation
    want, got = _EDGE.match(source), _EDGE.match(translation)
    assert want is not None and got is not None
    middle = got.group(2)
    if not _DOUBLE.search(source):
        middle = _DOUBLE.sub(lambda m: m.group(0)[0], middle)
    return want.group(1) + middle + want.group(3)


# End punctuation classes: each locale's equivalents of the source's mark.
_PUNCTUATION = {
    ".": "stop",
    "。": "stop",
    "．": "stop",
    "।": "stop",
    "۔": "stop",
    "።": "stop",
    "။": "stop",
    "?": "question",
    "؟": "question",
    "？": "question",
    ";": "semicolon",
    "؛": "semicolon",
    "；": "semicolon",
    "!": "exclamation",
    "！": "exclamation",
    ":": "colon",
    "：": "colon",
    ",": "comma",
    "،": "comma",
    "，": "comma",
    "、": "comma",
    "…": "ellipsis",
}
_CLOSERS = "\"'”’»›)]}」』）】>*`" + "\u200f\u200e\u061c"
_TRAILING_TAGS = re.compile(r"(?:</?\d+/?>|</?[A-Za-z][^<>]*>|\s)+$")
# Languages whose sentences need no final full stop (Thai, Lao, Khmer, Burmese...).
_NO_STOP = frozenset({"th", "lo", "km", "my", "bo"})


def _end(text: str) -> str:
    text = _TRAILING_TAGS.sub("", text).rstrip(_CLOSERS + " \u00a0\u202f\t\n")
    if text.endswith("..."):
        return "ellipsis"
    return _PUNCTUATION.get(text[-1:], "") if text else ""


def end_punctuation(unit: Unit) -> Iterator[str]:
    """The translation ends with different punctuation than the source."""
    if not unit.translation:
        return
    want, got = _end(unit.source), _end(unit.translation)
    if want == got:
        return
    language = unit.target.language
    if language == "el" and want == "question" and got == "semicolon":
        return  # the Greek question mark is ";"
    if want == "stop" and not got and language in _NO_STOP:
        return
    if {want, got} <= {"stop", "exclamation", "ellipsis"} and want and got:
        return  # tone, not meaning
    if want == "colon" and not got and unit.translation.rstrip().endswith(("：", ":")):
        return
    if not want and got in {"stop", "ellipsis"}:
        return  # adding a full stop to a sentence is the language's convention
    shown = {"": "no punctuation", "stop": "a full stop"}
    yield f"ends with {shown.get(got, 'a ' + got)}, the source with {shown.get(want, 'a ' + want)}"


# Typical length of a translation from English, relative to the source (characters).
_EXPANSION = {
    "zh": 0.35,
    "ja": 0.5,
    "ko": 0.5,
    "yue": 0.35,
}
SHORT = 25  # characters: short strings vary too much to judge
RATIO = 3.0  # how far from the typical length a translation may be


def length_ratio(unit: Unit) -> Iterator[str]:
    """The translation is far shorter or longer than is usual for the language pair."""
    source = _MARKUP.sub("", unit.source).strip()
    translation = _MARKUP.sub("", unit.translation).strip()
    if len(source) < SHORT or not translation:
        return
    expected = _EXPANSION.get(unit.target.language, 1.1)
    ratio = len(translation) / len(source)
    if ratio > expected * RATIO:
        yield f"{ratio:.1f} times as long as the source (usual: about {expected:.1f})"
    elif ratio < expected / RATIO:
        yield f"{ratio:.2f} times as long as the source (usual: about {expected:.1f}); something left out?"


# Doubled words that are grammatical ("vous vous", "die die", "had had").
_ALLOWED_DOUBLES = frozenset(
    {"vous", "nous", "die", "der", "das", "sie", "dat", "had", "that", "is", "se", "si", "ne", "la", "le", "que", "de"}
)
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*")


def repeats(unit: Unit) -> Iterator[str]:
    """A word doubled, or a phrase repeated in a loop (a machine translation hallucinating)."""
    words = [w.lower() for w in _TOKEN.findall(_MARKUP.sub(" ", unit.translation))]
    source = " ".join(w.lower() for w in _TOKEN.findall(unit.source))
    for size in (1, 2, 3, 4):
        for start in range(len(words) - size * 3 + 1):
            gram = words[start : start + size]
            if gram == words[start + size : start + 2 * size] == words[start + 2 * size : start + 3 * size]:
                phrase = " ".join(gram)
                if " ".join([phrase] * 3) not in source:
                    yield f"'{phrase}' repeated in a loop"
                    return
    for first, second in itertools.pairwise(words):
        doubled = first == second and first.isalpha() and len(first) > 1
        if doubled and first not in _ALLOWED_DOUBLES and f"{first} {first}" not in source:
            yield f"doubled word '{first} {first}'"
            return


_ENGINE_MARK = re.compile(r"(?<![\w*#@])[*#@]([^\W\d_][\w'-]*)")


def engine_marks(unit: Unit) -> Iterator[str]:
    """Marks a rule-based engine left on words it could not handle (Apertium *word, #word, @word)."""
    if not any(mark in unit.translation for mark in "*#@"):
        return
    source_marked = {m.group(0) for m in _ENGINE_MARK.finditer(unit.source)}
    source_words = set(re.findall(r"\w+", unit.source))
    for match in _ENGINE_MARK.finditer(unit.translation):
        if match.group(0) in source_marked:
            continue
        if match.group(0)[0] == "*" and unit.translation[match.end() : match.end() + 1] == "*":
            continue  # *emphasis*
        if match.group(0)[0] == "@" and match.group(1) not in source_words:
            continue  # a handle or decorator the translator wrote
        if match.group(0)[0] == "#" and match.group(1) not in source_words:
            continue
        yield f"engine mark '{match.group(0)}' (a word the engine could not translate)"
        return
