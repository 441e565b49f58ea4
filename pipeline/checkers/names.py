"""Names: proper names of an English source kept unchanged in the translation.

A person's name changed in a published press release is the error a reviewer
most needs flagged, and engines make it: Apertium's Spanish→French hop turns
"Al-Raisi" into "Au-Raisi". A name here is what English capitalises for no
grammatical reason: a capitalised word that does not start a sentence
("the Python tutorial", "Ahmed Naser Al-Raisi said"), a name with an inner
hyphen or apostrophe and capitals on both sides (``Al-Raisi``, ``O'Brien``)
wherever it stands, and an acronym (``INTERPOL``, ``CSRF``). A sentence's first
word is not one, unless it is one of the last two kinds. Text in Title Case
("Change Password") is a label, not prose, and is left alone.

A Latin-script translation must contain each name (a longer word starting
with it counts: "Pythonin", "Python'un"; in languages that decline names, a
final vowel may change: "Djangu"). A translation in another script may
transliterate names: only acronyms are required there, and Latin names when the
translation keeps some Latin words. A glossary entry for the name (translated
or not) hands it to the ``terms`` check.

Whatever those rules let a translation leave out, a one-letter variant of a
capitalised word is an alteration ("Enter" → "Euter", "Al-Raisi" →
"Au-Raisiego"): a translator who translates a word writes another word, an
engine or a slip of the keyboard leaves a variant. How languages respell or
inflect a borrowed word (Protokol, Pública, Sphinksa, Falso) is not one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.checkers import Unit
from pipeline.checkers.markup import EMAIL, URL
from pipeline.inline import INLINE_CODE

_SKIP = re.compile(
    rf"{URL.pattern}|{EMAIL.pattern}|{INLINE_CODE}|<[^<>]{{0,500}}>|&#?\w{{1,10}};|%\([^()\s]{{1,64}}\)\w|\{{[^{{}}]{{0,100}}\}}"
)
# A word and what comes before it: a sentence starts after ". ", "! ", "? ", ": ", a line break or a quote.
_WORD = re.compile(r"[^\W\d_](?:[\w]|['’-](?=[^\W\d_]))*")
_MARKS = re.compile("[<&%{`@:/]")  # text without these has nothing for _SKIP to take out
_OPENERS = '\n\t•*#>|(["“‘«¿¡-–—'
_CLOSERS = "\"'”’)]"
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,9}s?")  # "CSRF", "HTTP2", "URLs"
_INNER = re.compile(r"[A-Z][a-z]{0,12}['’-][A-Z]\w+")  # "Al-Raisi", "O'Brien", "McDonald-Smith"
# English words written with a capital mid-sentence that translations rightly translate.
_ORDINARY = frozenset(
    """I I'm I've I'd I'll OK Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December English French German Spanish Italian
    Portuguese Russian Chinese Japanese Korean Arabic Dutch Greek Latin European American British Internet Web
    Mr Mrs Ms Dr St Yes No True False None Enter Return Tab Shift Ctrl Alt Esc Delete Backspace Space Home End
    Page Up Down Left Right Note Warning Tip Example Examples See Also
    President Vice Secretary General Minister Prime Director Chief Executive King Queen Prince Princess Senator
    Governor Mayor Commissioner Ambassador Chairman Chair Professor Doctor Judge Captain Officer Deputy""".split()  # noqa: SIM905 - a word list
)
# Short English words that stay lowercase in Title Case ("Save as Draft", "Return to the List").
_TITLE_SMALL = frozenset("a an and as at but by for from in into of on or over per the to up via vs with".split())  # noqa: SIM905
# Languages that decline names: "Python" may be "Pythona", "Django" "Djangu".
_DECLINING = frozenset({"cs", "sk", "pl", "sl", "hr", "bs", "sr", "lt", "lv", "hsb", "dsb", "uk", "be", "ru", "ka"})
_CAPITAL = re.compile(r"[A-Z]")
_CONNECTORS = frozenset({"and", "of", "for", "the", "on", "in", "&"})
_INSTITUTIONS = frozenset(
    """Conference Centre Center Agency Guard System Library Office Department Ministry Council Committee
    Organization Organisation Union Association Institute University Bank Fund Court Service Services Group
    Program Programme Team Project Foundation Commission Board Authority Force Unit Network Forum Summit Assembly
    Parliament Government Party Company Corporation Society School College Museum Hospital Church Region Day Week
    Year Award Prize Act Treaty Convention Strategy Initiative Operation Campaign Report Database Databases
    Notice Notices Crime Crimes Police Border Coast Security Cooperation License Licence Public""".split()  # noqa: SIM905 - a word list
)
_POSSESSIVE = re.compile(r"['’]s$")
_GAP = "\x00"  # what stands for a URL, code or a placeholder taken out: a word after one does not start a sentence
_NEAR = 4  # letters: a shorter word has too many one-letter neighbours ("Tab", "Tub")
_LONGEST = 40  # letters: a longer word is not a name, and comparing it letter by letter would cost its square
PROSE = 4  # words: shorter messages are labels, whose names translators localise
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")


def _title_case(words: list[str], text: str) -> bool:
    """Most words capitalised and no full stop at the end: a label or a heading ("Change Password")."""
    if not words:
        return True
    if text.rstrip().endswith((".", "!", "?")):
        return False  # a sentence, however many names it has ("Sean O'Brien met Jürgen Stock in Lyon.")
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    capitals = sum(1 for w in content if w[0].isupper())
    return len(content) >= 2 and capitals * 2 > len(content)


@dataclass(frozen=True)
class _Prose:
    """An English text as the names checks read it, once per message."""

    text: str  # URLs, code and placeholders taken out
    words: tuple[re.Match[str], ...]
    label: bool  # no words, or Title Case without a final stop ("Change Password")
    shouted: frozenset[int]  # indexes of words in runs of capitals ("WITHOUT ANY WARRANTY")


def _read(text: str) -> _Prose:
    if _MARKS.search(text):
        text = _SKIP.sub(_gap, text)
    matches = tuple(_WORD.finditer(text))
    if not matches or _title_case([m.group() for m in matches], text):
        return _Prose(text, matches, True, frozenset())
    return _Prose(text, matches, False, frozenset(_shouting(matches)))


def source_names(text: str) -> list[str]:
    """The names of an English ``text``, in order, each once."""
    return _names(_read(text))


@functools.lru_cache(maxsize=1 << 16)
def _source(text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A source's names and the capitalised words :func:`_near_misses` looks for; None for a label or a source
    without capitals after its first letter. A msgid is checked once per locale: it is read once."""
    if _CAPITAL.search(text, 1) is None or len(text.split()) < PROSE:
        return None  # no capital after the first letter, or a label: names in labels ("Timor-Leste") are localised
    prose = _read(text)
    return tuple(_names(prose)), _capitalised(prose)


def _names(prose: _Prose) -> list[str]:
    text, matches, shouted = prose.text, prose.words, prose.shouted
    mixed = _mixed_case(text)
    if prose.label:
        return list(dict.fromkeys(m.group() for m in matches if mixed and _is_acronym(m.group())))
    titled = _institutions(text, matches) | shouted
    found: dict[str, None] = {}  # in order, each once
    for index, match in enumerate(matches):
        word = _POSSESSIVE.sub("", match.group())  # "Deluge's"
        if index in titled and not (mixed and _is_acronym(word) and index not in shouted):
            continue
        if mixed and _is_acronym(word):
            pass  # INTERPOL, even inside "the INTERPOL Financial Crime Centre"
        elif not _INNER.fullmatch(word) and (
            _initial(text, match.start())
            or not word[0].isupper()
            or word in _ORDINARY
            or word in _PLACES
            or _ACRONYM.fullmatch(word)  # in capitals but not an acronym: "OK", "URL", "FOR"
        ):
            continue
        found[word] = None
    return list(found)


def _institutions(text: str, matches: Sequence[re.Match[str]]) -> set[int]:
    """Indexes of the words of capitalised runs naming an institution or an event ("European Border and Coast
    Guard Agency", "Financial Crime Centre"): made of English words, they are translated like them."""
    left_out: set[int] = set()
    run: list[int] = []
    for index, match in enumerate([*matches, None]):
        word = match.group() if match is not None else ""
        joined = bool(run) and match is not None and text[matches[run[-1]].end() : match.start()].strip() == ""
        if match is not None and (word[0].isupper() or (word in _CONNECTORS and run)) and (joined or not run):
            run.append(index)
            continue
        while run and matches[run[-1]].group() in _CONNECTORS:
            run.pop()
        if any(matches[i].group() in _INSTITUTIONS for i in run):
            left_out.update(run)
        run = [index] if match is not None and word[0].isupper() else []
    return left_out


def _shouting(matches: Sequence[re.Match[str]]) -> set[int]:
    """Indexes of words in runs of three or more in capitals ("WITHOUT ANY WARRANTY"): emphasis, not acronyms."""
    shouted: set[int] = set()
    run: list[int] = []
    for index, match in enumerate([*matches, None]):
        if match is not None and match.group().isupper():  # "A" and "I" too: "FOR A PARTICULAR PURPOSE"
            run.append(index)
            continue
        if len(run) >= 3:
            shouted.update(run)
        run = []
    return shouted


def _territories() -> frozenset[str]:
    """Every word of CLDR's English names of countries and regions ("Poland", "Africa", "Americas")."""
    from babel import Locale

    names = Locale("en").territories.values()
    return frozenset(word for name in names for word in re.findall(r"[A-Z][\w'’-]+", name))


def _gap(match: re.Match[str]) -> str:
    """A tag breaks the text as a full stop would ("<br>Would you"); other things taken out are words of it."""
    return " . " if match.group().startswith("<") else f" {_GAP} "


def _initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence, a line, a list item or a quotation."""
    before = text[max(0, start - 20) : start].rstrip(" \u00a0\u202f" + _GAP)
    if not before:
        return True
    if before[-1] in _OPENERS:
        return True
    return before.rstrip(_CLOSERS)[-1:] in (".", "!", "?", ":", ";", "…")


def _mixed_case(text: str) -> bool:
    """Mostly lower-case: in a message shouted in capitals, no word is an acronym."""
    lower = sum(1 for ch in text if ch.islower())
    upper = sum(1 for ch in text if ch.isupper())
    return lower > upper


def _is_acronym(word: str) -> bool:
    if _ACRONYM.fullmatch(word) is None or sum(ch.isupper() for ch in word) < 2:
        return False
    return word.lower() not in _TITLE_SMALL and word.lower() not in _SHOUTED and word not in _LOCALISED


# Acronyms of computing and dates that languages write their own way ("URL" is "адрес", "OS" "SE", "ID" "IČ").
_LOCALISED = frozenset(
    """URL URLs URI URIs OS UI ID IDs TOC GIS HH MM SS DD YYYY KiB MiB GiB TiB KB MB GB TB AM PM CPU RAM PDF
    FAQ PIN IP IPs OK""".split()  # noqa: SIM905 - a word list
)


# English words written in capitals for emphasis or in headings, not acronyms.
_SHOUTED = frozenset("all are can do is it new no not note now only or see this warning error you yes".split())  # noqa: SIM905


class _Haystack:
    """A translation asked whether it holds each of the source's names: a substring search for the first few, then
    for each first letter and length asked, the set of the translation's substrings that start with that letter,
    so that a message of thousands of distinct names costs a multiple of its length, not its square."""

    _FEW = 32
    _LONGEST = 64  # longer needles are searched for: a message holds few of them

    def __init__(self, text: str) -> None:
        self.text = text
        self.asked = 0
        self.pieces: dict[tuple[str, int], set[str]] = {}

    def __contains__(self, needle: str) -> bool:
        self.asked += 1
        if self.asked <= self._FEW or not needle or len(needle) > self._LONGEST:
            return needle in self.text
        key = (needle[0], len(needle))
        if key not in self.pieces:
            text, size = self.text, len(needle)
            self.pieces[key] = {text[m.start() : m.start() + size] for m in re.finditer(re.escape(needle[0]), text)}
        return needle in self.pieces[key]


def _present(name: str, translation: _Haystack, declining: bool) -> bool:
    if name in translation:
        return True
    stem = name.rstrip("s") if _ACRONYM.fullmatch(name) else name
    if declining and len(stem) >= 4 and stem[-1] in "aeiouy":
        stem = stem[:-1]  # declension changes a final vowel ("Django" → "Djangu") and adds endings ("Pythona")
    return len(stem) >= 2 and stem in translation


def names(unit: Unit) -> Iterator[str]:
    """A proper name or acronym of the source is missing or changed in the translation."""
    if not unit.translation or unit.source_language.split("_")[0].split("-")[0] != "en":
        return
    if unit.target.pseudo or (unit.plural and not unit.first):
        return
    read = _source(unit.source)
    if read is None:
        return
    source_found, capitalised = read
    found = [
        name
        for name in source_found
        if name.lower() not in unit.vocabulary or _INNER.fullmatch(name) or _ACRONYM.fullmatch(name)
    ]
    covered = {t.source for t in unit.terms}
    translation = unit.translation
    if _MARKS.search(translation):
        translation = _SKIP.sub(" ", translation)
    latin = unit.target.script in ("Latn", "")
    keeps_latin = latin or _LATIN.search(translation) is not None
    declining = unit.target.language in _DECLINING
    haystack = _Haystack(translation)
    lost = []
    for name in found:
        if any(name in term for term in covered):
            continue
        acronym = _ACRONYM.fullmatch(name) is not None
        if not (acronym or keeps_latin):
            continue
        if not _present(name, haystack, declining):
            lost.append(name)
    changed = _near_misses(capitalised, translation, haystack, covered, declining)
    lost = [name for name in lost if name not in changed]
    if changed:
        yield "; ".join(f"name '{name}' changed to '{variant}'" for name, variant in changed.items())
    if lost:
        shown = ", ".join(f"'{name}'" for name in lost)
        yield f"name {shown} missing or changed" if len(lost) == 1 else f"names {shown} missing or changed"


def _near_misses(
    capitalised: Sequence[str], translation: str, haystack: _Haystack, covered: set[str], declining: bool
) -> dict[str, str]:
    """Capitalised words of the source absent from the translation, each with the one-letter variant of it that
    the translation holds instead ("Enter" → "Euter"), unless that is how the language spells or inflects it.

    A translator who translates a word writes another word; an engine or a slip of the keyboard leaves a variant.
    This holds for every capitalised word that does not start a sentence, the ones ``source_names`` lets a
    translation leave out too (key names, institutions, Title Case runs): only country names, which languages
    spell their own way ("Japon"), and acronyms, which ``source_names`` always requires, are left out.
    """
    absent = {
        name: None  # in order, each once
        for name in capitalised
        if not any(name in term for term in covered) and not _present(name, haystack, declining)
    }
    if not absent:
        return {}
    # One pass over the translation's words: each word, and its start as long as a name (an inflected variant,
    # "Au-Raisiego"), under each of its one-letter deletions, so that every candidate is found by lookup.
    sizes = {len(name) for name in absent}
    initials = {name[0] for name in absent}
    variants: dict[str, list[tuple[str, str]]] = {}
    whole = set(_WORD.findall(translation))
    for word in whole | {part for hyphenated in whole if "-" in hyphenated for part in hyphenated.split("-") if part}:
        if word[0] in initials:
            pieces = {word[:size] for size in sizes if size < len(word)}
            if any(abs(len(word) - size) <= 1 for size in sizes):
                pieces.add(word)
            for piece in pieces:
                for key in _deletions(piece):
                    variants.setdefault(key, []).append((piece, word))
    changed: dict[str, str] = {}
    for name in absent:
        for key in _deletions(name):
            for piece, word in variants.get(key, ()):
                if (
                    name not in changed
                    # A longer word: a letter inside the name replaced, then an ending ("Au-Raisiego"); with its last
                    # letter replaced, it is the language's own ending ("Resulta|dos", "Redirec|ionar").
                    and (piece == word or (len(piece) == len(name) and piece[-1] == name[-1]))
                    and _one_edit(name, piece)
                    and not any(_cognate(name, w) for w in {piece, word, word.split("-")[0]})
                ):
                    changed[name] = word
    return changed


def _capitalised(prose: _Prose) -> tuple[str, ...]:
    """The source's words :func:`_near_misses` looks for, in order, each once: what of its test depends on the
    source only, done once per source (:func:`_source`)."""
    if prose.label:
        return ()
    found: dict[str, None] = {}
    for position, match in enumerate(prose.words):
        name = _POSSESSIVE.sub("", match.group())
        if (
            _NEAR <= len(name) <= _LONGEST
            and name[0].isupper()
            and position not in prose.shouted
            and name not in found
            and name not in _PLACES
            and not _ACRONYM.fullmatch(name)
            and not _initial(prose.text, match.start())
        ):
            found[name] = None
    return tuple(found)


def _deletions(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _one_edit(a: str, b: str) -> bool:
    """One letter replaced, added, dropped, or two neighbours swapped (and not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (
        a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i + 1 : i - 1 if i else None : -1]
    )


_RESPELLINGS = [
    (re.compile(p), r)
    for p, r in (
        ("ph", "f"),
        ("th", "t"),
        ("x", "ks"),
        ("c(?=[eiy])", "s"),
        ("[cq]", "k"),
        ("y", "i"),
        ("z", "s"),
        ("w", "v"),
    )
]
_DOUBLED = re.compile(r"(\w)\1")


def _spelling(word: str) -> str:
    """``word`` as languages respell the English words they borrow: no accents, k for c, i for y, s for z..."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(ch))
    for pattern, replacement in _RESPELLINGS:
        text = pattern.sub(replacement, text)
    return text


def _cognate(name: str, word: str) -> bool:
    """``word`` is ``name`` as another language spells or inflects it (Protokol, Geometria, Sphinksa, Falso)."""
    name, word = _spelling(name), _spelling(word)
    if {m.group() for m in _DOUBLED.finditer(word[: len(name) + 1])} - {m.group() for m in _DOUBLED.finditer(name)}:
        return False  # a letter doubled within the name is a slip of the keyboard (JavaScript: JavaSscript)
    name, word = _DOUBLED.sub(r"\1", name), _DOUBLED.sub(r"\1", word)  # written once: Professor, Profesor
    stem = name[:-1] if len(name) >= 4 and name[-1] in "aeiou" else name
    return word.startswith(stem) or (len(word) >= len(name) - 2 and name.startswith(word))


_PLACES = _territories()
