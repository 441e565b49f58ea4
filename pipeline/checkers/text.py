"""The wording itself: left untranslated, spacing, end punctuation, length, loops, engine marks.

All warnings: a reviewer decides. Locale typography is not a fault: French
spaces before ``: ; ! ?`` and « guillemets », Spanish ``¿ ¡``, Arabic ``؟ ، ؛``
and the CJK full stop count as the same punctuation as the source's.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from pipeline.checkers import Unit

_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MARKUP = re.compile(
    r"<[^<>]*>|\{[^{}]*\}|%(?:\([^()]*\)|\d+\$)?[-+ #0]*\d*(?:\.\d+)?[hlLqjzt]*[a-zA-Z]|&#?\w+;|\b\w+://\S+"
)
_MARKUP_MARK = re.compile(r"[<{%&]|://")  # each alternative of _MARKUP has one


def _unmarked(replacement: str, text: str) -> str:
    """``text`` with its markup replaced; text without any of its marks, the most, is left as it is at once."""
    return _MARKUP.sub(replacement, text) if _MARKUP_MARK.search(text) else text


def untranslated(unit: Unit) -> Iterator[str]:
    """The entry has no translation yet (a state 'l10n status' counts; reported only on request)."""
    if not unit.translation and unit.first:
        yield "not translated"


def _code_like(text: str) -> bool:
    """Identifiers, paths, codes, formats: text nobody translates."""
    words = text.split()
    if len(words) == 1 and re.search(r"[_./:\\@#%{}<>=]|[a-z][A-Z]", text):
        return True
    return not _LETTER.search(_unmarked(" ", text))


def _names_only(text: str) -> bool:
    """Acronyms and proper names ("INTERPOL", "Jürgen Stock", "Django REST")."""
    words = _WORDS.findall(_unmarked(" ", text))
    return bool(words) and all(w[0].isupper() or not w.isalpha() for w in words) and len(words) <= 4


def unchanged(unit: Unit) -> Iterator[str]:
    """The translation is a copy of the source."""
    source, translation = unit.source.strip(), unit.translation.strip()
    if translation != source or unit.target.language == unit.source_language.split("_")[0].split("-")[0]:
        return
    words = [w for w in _WORDS.findall(_unmarked(" ", source)) if len(w) > 2]
    if len(words) <= 1 or _code_like(source) or _names_only(source):
        return
    if any(term.dnt and term.source == source for term in unit.terms):
        return
    yield "same as the source"


_EDGE = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)
_DOUBLE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def _edge(space: str) -> str:
    """Indentation after a line break is layout (templates), not content."""
    return space.rstrip(" \t") if "\n" in space else space


def _differs(want: str, got: str, leading: bool) -> bool:
    """Edge whitespace that changes the output: the source's lost or changed, a leading space or a line break added.

    A space a translator added at the end where the source has none is invisible
    in every renderer, and so is a doubled space inside (``--fix`` still removes both).
    """
    want, got = _edge(want), _edge(got)
    return want != got and (leading or bool(want) or got.strip(" \u00a0") != "")


def whitespace(unit: Unit) -> Iterator[str]:
    """Leading or trailing whitespace differs from the source (lost, or a line break added)."""
    if not unit.translation:
        return
    source, translation = unit.source, unit.translation
    if source[:1].isspace() or translation[:1].isspace() or source[-1:].isspace() or translation[-1:].isspace():
        want, got = _EDGE.match(source), _EDGE.match(translation)
        assert want is not None and got is not None
        if _differs(want.group(1), got.group(1), leading=True):
            yield f"leading whitespace {got.group(1)!r}, source has {want.group(1)!r}"
        if _differs(want.group(3), got.group(3), leading=False):
            yield f"trailing whitespace {got.group(3)!r}, source has {want.group(3)!r}"


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
    "։": "stop",
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


_ABBREVIATION = re.compile(r"(?:^|\s)(?:\w{1,4}\.|(?:\w\.){2,})$")


def _end(text: str) -> str:
    if text[-1:] == ">" or text[-1:].isspace():  # else no trailing tag or space for the pattern to find
        text = _TRAILING_TAGS.sub("", text)
    text = text.rstrip(_CLOSERS + " \u00a0\u202f\t\n")
    if len(text.split(None, 2)) <= 2 and _ABBREVIATION.search(text):
        return "abbreviation"
    if text.endswith("..."):
        return "ellipsis"
    return _PUNCTUATION.get(text[-1:], "") if text else ""


_source_end = functools.lru_cache(maxsize=1 << 16)(_end)  # a msgid is checked once per locale


def end_punctuation(unit: Unit) -> Iterator[str]:
    """The translation ends with different punctuation than the source."""
    if not unit.translation:
        return
    want, got = _source_end(unit.source), _end(unit.translation)
    language = unit.target.language
    if got == "abbreviation" or (language in {"hy", "am"} and got == "colon"):
        got = "stop"  # the Armenian and Amharic full stops are often typed as ":"
    if want == got or want == "abbreviation":
        return
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
    if want == "stop" and not got:
        # Translators drop a final full stop often and harmlessly; an engine's output that stops
        # short without one has been cut off.
        if _cut_off(unit):
            yield "ends with no punctuation, the source with a full stop, and is much shorter: cut off?"
        return
    shown = {"": "no punctuation", "stop": "a full stop"}
    yield f"ends with {shown.get(got, 'a ' + got)}, the source with {shown.get(want, 'a ' + want)}"


def _cut_off(unit: Unit) -> bool:
    source = _unmarked("", unit.source).strip()
    translation = _unmarked("", unit.translation).strip()
    if len(source) < SHORT or not translation:
        return False
    return _width(translation) / _width(source) < _EXPANSION.get(unit.target.language, 1.1) * CUT


CUT = 0.6  # a translation shorter than this share of its usual length, without the final stop, was cut off


# Typical width of a translation from English relative to the source, counting
# wide (CJK) characters as two columns; other languages are near 1.1.
_EXPANSION = {"zh": 0.7, "ja": 0.8, "ko": 0.8, "yue": 0.7}
SHORT = 40  # characters: shorter strings vary too much to judge, but for a translation cut off
SHORT_CUT = 24  # characters: from here, a translation under half the usual width has lost something
RATIO = 3.0  # how many times the typical width a translation may be
SHORTER = 0.5  # the share of the typical width under which something was left out (a cut-off engine output)


WIDE_FROM = "\u0378"  # the first code point Unicode counts wide (W or F; unassigned); below it all are one column


def _width(text: str) -> int:
    if not text or max(text) < WIDE_FROM:
        return len(text)
    # Each distinct character looked up once (Counter counts in C): a translation repeats its letters.
    return len(text) + sum(n for ch, n in Counter(text).items() if ch >= WIDE_FROM and _wide(ch))


@functools.cache
def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


@functools.lru_cache(maxsize=1 << 16)
def _measured_source(text: str) -> tuple[str, int]:
    """A source without markup, and its width (a msgid is checked once per locale)."""
    source = _unmarked("", text).strip()
    return source, _width(source)


def length_ratio(unit: Unit) -> Iterator[str]:
    """The translation is far shorter or longer than is usual for the language pair."""
    source, source_width = _measured_source(unit.source)
    if len(source) < SHORT_CUT or not unit.translation:
        return
    translation = _unmarked("", unit.translation).strip()
    if not translation:
        return
    expected = _EXPANSION.get(unit.target.language, 1.1)
    ratio = _width(translation) / source_width
    if len(source) < SHORT:
        if ratio < expected * SHORTER and len(source.split()) >= 5:  # five words or more said in a third of them
            yield f"{ratio:.2f} times as long as the source (usual: about {expected:.1f}); something left out?"
        return
    if ratio > expected * RATIO:
        yield f"{ratio:.1f} times as long as the source (usual: about {expected:.1f})"
    elif ratio < expected * SHORTER:
        yield f"{ratio:.2f} times as long as the source (usual: about {expected:.1f}); something left out?"


# Doubled words that are grammatical ("vous vous", "die die", "had had").
_ALLOWED_DOUBLES = frozenset({"vous", "nous", "die", "der", "das", "sie", "dat", "had", "that", "is"}) | {
    "tek",  # Turkish "one by one"
    "تک",  # Persian "one by one"
}
_EDGE_PUNCTUATION = "\"'“”‘’«»„‚()[]{}<>¿¡"


def _words(text: str) -> list[str]:
    """Whitespace-separated words, lower-cased; markup and punctuation-bearing words become breaks."""
    words = []
    for raw in _unmarked(" \x00 ", text).split():
        word = raw.strip(_EDGE_PUNCTUATION).lower()
        # Punctuation ends a phrase: "tema (tema" and "fajl. Fajl" are not doublings.
        if raw[0] in _EDGE_PUNCTUATION:
            words.append("\x00")
        words.append(word if not word or word[-1].isalnum() else word + "\x00")
        if raw[-1] in _EDGE_PUNCTUATION:
            words.append("\x00")
    return words


# Sources whose translation legitimately repeats words: big-number names ("tỷ tỷ",
# "miliardi di miliardi") and "one-to-one", "many-to-many".
_REPEATING_SOURCE = re.compile(r"illion|googol|\b(\w+)-to-\1\b", re.IGNORECASE)


_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|\x01")
LONGEST = 16  # words in the longest looping phrase looked for (scripts with combining marks split words)
# How many times in a row a phrase of n words must be said to be a loop: one to three words
# three times ("actuel : actuel : actuel :"), longer phrases twice.
_TIMES = {1: 3, 2: 3, 3: 3}


def _tokens(text: str) -> list[str]:
    """Words, lower-cased, punctuation ignored; a placeholder is a word of its own (it loops with the rest)."""
    return _TOKEN.findall(_unmarked(" \x01 ", text).lower())


def _loop(words: list[str]) -> str | None:
    """The first phrase said over and over in a row, or None."""
    count = len(words)
    alpha = [0]  # alpha[i]: how many of the first i words are words of letters or placeholders
    for word in words:
        alpha.append(alpha[-1] + (word.isalpha() or word == "\x01"))
    for size in range(1, LONGEST + 1):
        times = _TIMES.get(size, 2)
        starts = count - size * times + 1
        if starts <= 0:
            continue  # too few words to say a phrase this long ``times`` times
        # The starts whose word comes again ``size`` words on, compared in C; the rest cannot begin a loop.
        for start in itertools.compress(range(starts), map(operator.eq, words, words[size : size + starts])):
            if alpha[start + size] == alpha[start]:
                continue  # only numbers in it ("1, 1, 1")
            gram = words[start : start + size]
            if all(words[start + k * size : start + (k + 1) * size] == gram for k in range(1, times)):
                return " ".join(gram)
    return None


@functools.lru_cache(maxsize=1 << 16)
def _source_words(text: str) -> str:
    return " ".join(_words(text))


@functools.lru_cache(maxsize=1 << 16)
def _repeating_source(text: str) -> bool:
    return _REPEATING_SOURCE.search(text) is not None


def repeats(unit: Unit) -> Iterator[str]:
    """A word doubled, or a phrase repeated in a loop (a machine translation hallucinating)."""
    if _repeating_source(unit.source):
        return
    tokens = _tokens(unit.translation)
    if len(set(tokens)) == len(tokens):
        return  # nothing said twice
    phrase = _loop(tokens)
    if phrase is not None:
        source = " ".join(_tokens(unit.source))
        times = _TIMES.get(phrase.count(" ") + 1, 2)
        if " ".join([phrase] * times) not in source:
            yield f"'{phrase}' repeated in a loop"
            return
    if not any(map(operator.eq, tokens, itertools.islice(tokens, 1, None))):
        return  # a doubled word below is two equal words in a row here too
    words = _words(unit.translation)
    source = _source_words(unit.source)
    for first, second in itertools.pairwise(words):
        doubled = first == second and first.isalpha() and len(first) > 1
        if doubled and first not in _ALLOWED_DOUBLES and f"{first} {first}" not in source:
            yield f"doubled word '{first} {first}'"
            return


_ENGINE_MARK = re.compile(r"(?<![\w*#@])[*#@]([^\W\d_][\w'-]*)")
_ENGINE_MARK_CHAR = re.compile("[*#@]")


def engine_marks(unit: Unit) -> Iterator[str]:
    """Marks a rule-based engine left on words it could not handle (Apertium *word, #word, @word)."""
    if _ENGINE_MARK_CHAR.search(unit.translation) is None:
        return
    source_marked = {m.group(0) for m in _ENGINE_MARK.finditer(unit.source)}
    source_words = set(re.findall(r"\w+", unit.source))
    for match in _ENGINE_MARK.finditer(unit.translation):
        if match.group(0) in source_marked:
            continue
        mark = match.group(0)[0]
        rest = unit.translation[match.end() :].split("\n", 1)[0]
        if re.match(rf"[^{re.escape(mark)}]*?\w{re.escape(mark)}", rest) or rest.startswith(mark):
            continue  # *emphasis* or a gloss #like this#: a pair, not an engine's mark
        if match.group(0)[0] == "@" and match.group(1) not in source_words:
            continue  # a handle or decorator the translator wrote
        yield f"engine mark '{match.group(0)}' (a word the engine could not translate)"
        return
