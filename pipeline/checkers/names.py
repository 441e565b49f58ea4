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
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.checkers import Unit
from pipeline.checkers.markup import EMAIL, URL
from pipeline.inline import INLINE_CODE

_SKIP = re.compile(
    rf"{URL.pattern}|{EMAIL.pattern}|{INLINE_CODE}|<[^<>]{{0,500}}>|&#?\w{{1,10}};|%\([^()\s]{{1,64}}\)\w|\{{[^{{}}]{{0,100}}\}}"
)
# A word and what comes before it: a sentence starts after ". ", "! ", "? ", ": ", a line break or a quote.
_WORD = re.compile(r"[^\W\d_](?:[\w]|['’-](?=[^\W\d_]))*")
_MARKS = "<&%{`@:/"  # text without these has nothing for _SKIP to take out
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
PROSE = 4  # words: shorter messages are labels, whose names translators localise
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")


def _title_case(words: list[str], text: str) -> bool:
    """Most words capitalised and no full stop at the end: a label or a heading ("Change Password")."""
    if text.rstrip().endswith((".", "!", "?")):
        return False  # a sentence, however many names it has ("Sean O'Brien met Jürgen Stock in Lyon.")
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    capitals = sum(1 for w in content if w[0].isupper())
    return len(content) >= 2 and capitals * 2 > len(content)


def source_names(text: str) -> list[str]:
    """The names of an English ``text``, in order, each once."""
    if any(mark in text for mark in _MARKS):
        text = _SKIP.sub(" . ", text)
    matches = list(_WORD.finditer(text))
    words = [m.group() for m in matches]
    mixed = _mixed_case(text)
    if not words or _title_case(words, text):
        return list(dict.fromkeys(w for w in words if mixed and _is_acronym(w)))
    shouted = _shouting(matches)
    titled = _institutions(text, matches) | shouted
    found: list[str] = []
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
        if word not in found:
            found.append(word)
    return found


def _institutions(text: str, matches: list[re.Match[str]]) -> set[int]:
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


def _shouting(matches: list[re.Match[str]]) -> set[int]:
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


def _initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence, a line, a list item or a quotation."""
    before = text[max(0, start - 20) : start].rstrip(" \u00a0\u202f")
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


def _present(name: str, translation: str, declining: bool) -> bool:
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
    if _CAPITAL.search(unit.source, 1) is None or len(unit.source.split()) < PROSE:
        return  # no capital after the first letter, or a label: names in labels ("Timor-Leste") are localised
    found = [
        name
        for name in source_names(unit.source)
        if name.lower() not in unit.vocabulary or _INNER.fullmatch(name) or _ACRONYM.fullmatch(name)
    ]
    if not found:
        return
    covered = {t.source for t in unit.terms}
    translation = unit.translation
    if any(mark in translation for mark in _MARKS):
        translation = _SKIP.sub(" ", translation)
    latin = unit.target.script in ("Latn", "")
    keeps_latin = latin or _LATIN.search(translation) is not None
    declining = unit.target.language in _DECLINING
    lost = []
    for name in found:
        if any(name in term for term in covered):
            continue
        acronym = _ACRONYM.fullmatch(name) is not None
        if not (acronym or keeps_latin):
            continue
        if not _present(name, translation, declining):
            lost.append(name)
    if lost:
        shown = ", ".join(f"'{name}'" for name in lost)
        yield f"name {shown} missing or changed" if len(lost) == 1 else f"names {shown} missing or changed"


_PLACES = _territories()
