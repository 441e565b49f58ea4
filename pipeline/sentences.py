"""Sentence boundaries by rule, for the source language.

One regular expression finds every place a sentence might end: a run of
terminal punctuation with the quotes, brackets and closing tags after it, a
lowercase letter glued to a capitalised word ("crimesDelegates", a heading that
lost its line break when the page was scraped) and a lowercase letter glued to
an opening quote. Each candidate is then judged by looking at the word before
and the word after it, so the whole pass is linear in the text. The rules, and
why each exists, are written up in the README ("Segmentation").

Numbered tags (``<1>``, ``</1>``, ``<2/>``) stand for inline markup and are
transparent: a closing tag right after a full stop stays with the sentence it
closes, opening and empty tags go with the sentence that follows.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Latin letters with case, for the glued-word rules (ASCII and Latin-1).
_LOWER = "a-zß-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"

_CANDIDATE = re.compile(
    rf"""
    (?P<stop>[.!?‼⁉؟।]+|…+|[。！？]+)
    (?P<close>(?:[”’»)\]}}]|</\d+>|["'](?![^\W\d_])|[ \u00a0\u202f]+»)*)
  | (?P<camel>(?<=[{_LOWER}])(?=[{_UPPER}][{_LOWER}]))
  | (?P<quote>(?<=[{_LOWER}])(?=[“"][{_UPPER}]))
    """,
    re.X,
)
# What follows a candidate: space, then opening quotes, brackets and tags, then a word.
_AFTER = re.compile(r"(?P<space>\s*)(?P<open>(?:(?:<\d+/?>|[“‘«(\[{¿¡\"'*_])\s*)*)(?P<word>[^\W_]*)")
_TAG = re.compile(r"</?\d+/?>")
# A heading glued to the next sentence: a few plain words, the first capitalised.
_HEADING = re.compile(r"\s*(?P<first>[^\W\d_][\w’'&-]*)(?P<more>(?:[ \t]+[\w’'&-]+){0,5})", re.U)
_OPENERS = "“‘«([{¿¡\"'*_"
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")  # U.S, e.g, a.m, Ph.D, J.-C
_LOOK_BACK = 64  # longest word examined before a full stop: keeps the pass linear
_URL_HINTS = ("://", "www.", "@", "/", "\\")
# Lowercase endings that make "name.Ext" a file or domain name, not two sentences.
_SUFFIXES = _words(
    "com org net gov edu int io info biz co uk de fr es eu js ts jsx tsx py rb go rs md rst txt pdf html htm xml "
    "json yaml yml toml csv doc docx xls xlsx ppt pptx odt jpg jpeg png gif svg zip gz tar exe sh"
)
# Real camelCase words whose first part is long enough to pass for a glued heading.
CAMEL_WORDS = _words(
    """
    javascript typescript coffeescript actionscript powerpoint powershell sharepoint whatsapp linkedin soundcloud
    libreoffice openoffice stackoverflow mastercard smartthings thinkpad virtualbox cloudflare crowdstrike
    elasticsearch tensorflow harpercollins pricewaterhousecoopers glaxosmithkline astrazeneca exxonmobil
    blackberry blackrock quickbooks quicktime mediawiki solarwinds sketchup smartphone
    """
)


@dataclass(frozen=True)
class Rules:
    """A language's abbreviations, all lowercase, without their final full stop."""

    always: frozenset[str]  # never end a sentence: titles, "e.g", "vs"
    before_number: frozenset[str]  # do not end one before a number: "No. 5", "Jan. 12"
    may_end: frozenset[str]  # end one only if a usual sentence opener follows: "etc", "Inc"
    starters: frozenset[str]  # capitalised words that usually open a sentence
    ordinals: bool = False  # "am 3. Oktober": a small number with a full stop is an ordinal


_MONTHS_EN = "jan feb mar apr jun jul aug sep sept oct nov dec"
_RULES = {
    "en": Rules(
        always=_words(
            "mr mrs ms mx dr prof rev hon gen col capt lt sgt cpl maj adm gov sen rep pres supt insp det "
            "e.g i.e eg ie vs v cf viz approx ca esp incl excl dept est min max avg"
        ),
        before_number=_words(f"no nos nr art p pp para fig figs vol vols ch sec sect ref tel ext {_MONTHS_EN}"),
        may_end=_words("etc inc ltd co corp llc plc jr sr st ave blvd rd mt ft bros dept univ assn al"),
        starters=_words(
            "The A An This That These Those It Its He She We They I You There Then But And Or So Yet If When While "
            "After Before In On At For As By With From To Our His Her Their My Your One Some Many Most All Each "
            "Every No Not However Meanwhile Also Still Now Today Here What Why How Who Where Which Although Though "
            "Because Since Once Please Let Note See Other Another Such Both Neither Thus Therefore Instead"
        ),
    ),
    "fr": Rules(
        always=_words("m mm mme mlle me mgr dr pr prof st ste cf ex env ca av apr vs p.ex c.-à-d"),
        before_number=_words("n no nos art p pp fig vol chap t janv févr avr juil sept oct nov déc"),
        may_end=_words("etc cie inc ltd"),
        starters=_words(
            "Le La Les L’ L' Un Une Des Il Elle Ils Elles On Nous Vous Je Ce Cet Cette Ces Mais Et Puis En Dans "
            "Pour Par Selon Cependant Depuis Lors Après Avant Si Quand"
        ),
    ),
    "es": Rules(
        always=_words("sr sra srta sres dr dra lic ing arq prof ud uds d dña ej p.ej vs aprox"),
        before_number=_words("n nº núm art p pp pág págs fig vol cap ene feb mar abr jun jul ago sept oct nov dic"),
        may_end=_words("etc cía s.a s.l ee uu"),
        starters=_words(
            "El La Los Las Lo Un Una Unos Unas Este Esta Estos Estas Ese Esa Pero Y En Por Para Con Se Según Sin "
            "Además Así Cuando Si Desde Tras Durante"
        ),
    ),
    "de": Rules(
        always=_words("hr hrn fr frl dr prof z.b d.h u.a u.ä vgl ggf bzw ca evtl inkl sog bspw s.o s.u zzgl abzgl gem"),
        before_number=_words("nr abs art s bd kap fig jan feb mär apr jun jul aug sept okt nov dez"),
        may_end=_words("usw etc str gmbh ag co jh jhd"),
        starters=_words(
            "Der Die Das Den Dem Des Ein Eine Einer Es Er Sie Wir Ich Ihr Man Dies Diese Dieser Dieses Aber Und "
            "Doch Dann Im In Am Auf Mit Nach Bei Für Als Wenn Auch So Seit Damit"
        ),
        ordinals=True,
    ),
}
# Other languages: the structural rules (initials, dotted abbreviations, numbers,
# quotes, URLs) and the abbreviations that are the same in most Latin-script languages.
_GENERIC = Rules(
    always=_words("dr prof e.g i.e vs cf ca approx"),
    before_number=_words("no nr art p pp fig vol"),
    may_end=_words("etc"),
    starters=frozenset(),
)


@functools.cache
def rules(language: str) -> Rules:
    """The rule set for a language code ("en", "en-GB", "fr_CA"), or the generic one."""
    return _RULES.get(re.split(r"[-_]", language.lower(), maxsplit=1)[0], _GENERIC)


def sentence_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence of ``text``, covering it in order.

    Spans are contiguous: the whitespace between two sentences belongs to the
    start of the second, for the caller to trim.
    """
    chosen = rules(language)
    spans = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if match.group("stop") is not None:
            cut = _after_stop(text, match, start, chosen)
        elif match.group("camel") is not None:
            cut = _glued_heading(text, match.start(), start, chosen, camel=True)
        else:
            cut = _glued_heading(text, match.start(), start, chosen, camel=False)
        if cut is not None and start < cut < len(text):
            spans.append((start, cut))
            start = cut
    spans.append((start, len(text)))
    return spans


def _after_stop(text: str, match: re.Match[str], start: int, chosen: Rules) -> int | None:
    """Where the sentence ends if this punctuation ends it, else None."""
    stop = match.group("stop")
    end = match.end()
    if stop[0] in "。！？":
        return end
    after = _AFTER.match(text, end)
    assert after is not None  # every group may be empty
    word = after.group("word")
    glued = not after.group("space")
    if not word:
        # "Fixed. <1/>: improve…": markup (inline code, an image) opens the next sentence.
        if glued or not _TAG.match(after.group("open")) or text[after.end() : after.end() + 1].islower():
            return None
        word = "<"
    first = word[0]
    if glued:
        if not _glued_sentence(text, match.start(), end, word, after.end("word")):
            return None
    elif first.islower() and not _camel_start(word):
        return None  # "Wait... what", "etc. and", "“Who?” he asked"
    if stop != ".":
        return end  # "?", "!", an ellipsis: the next word is a capital, a digit or caseless
    token = _word_before(text, match.start(), start)
    if _continues(token, word, text, after.end("word"), chosen, first_in_sentence=_first_word(text, start, token)):
        return None
    return end


def _glued_sentence(text: str, stop: int, end: int, word: str, word_end: int) -> bool:
    """ "population.Other crimes": two sentences; "U.S.A", "Node.js", "x.org/a.Bc": one."""
    before = text[stop - 1] if stop else ""
    if not (
        before.islower() or before.isdigit() or before in '”’")]»' or _TAG_END.search(text, max(0, stop - 8), stop)
    ):
        return False
    if word[0].isupper() and len(word) > 1 and word[1].islower():
        pass  # "Other"
    elif word.isupper() and len(word) >= 3:
        pass  # "group.INTERPOL President"
    elif len(word) == 1 and word.isupper() and word_end < len(text) and text[word_end].isspace():
        pass  # "(FIELDS).A joint initiative"
    else:
        return False
    if word.lower() in _SUFFIXES and not (word_end < len(text) and text[word_end].isalpha()):
        return False  # "example.Com", "README.MD"
    if not word.isupper() and any(c.isupper() for c in word[1:]):
        return False  # "React.PureComponent", "httpx.StatusCodes"
    if word_end < len(text) and text[word_end] in ".()<>[]{}_/:":
        return False  # "VC.Tools.ARM64", "(semver.Range)"
    left = max(0, stop - _LOOK_BACK)
    token = text[left:stop].rsplit(None, 1)[-1] if text[left:stop].strip() else ""
    if "." in _TAG.sub("", token).rstrip('.”’")]»'):
        return False  # "VC.Tools.ARM64": a dotted name
    return not any(hint in token for hint in _URL_HINTS)


_TAG_END = re.compile(r"</\d+>\Z")


def _camel_start(word: str) -> bool:
    """ "iPhone", "eBay": a lowercase word that may open a sentence."""
    return len(word) > 1 and word[0].islower() and word[1].isupper()


def _word_before(text: str, stop: int, start: int) -> str:
    """The word ending at a full stop, without tags or opening quotes: "Mr", "U.S", "a.m"."""
    left = max(start, stop - _LOOK_BACK)
    chunk = text[left:stop]
    parts = chunk.rsplit(None, 1)
    token = parts[-1] if parts else ""
    return _TAG.sub("", token).lstrip(_OPENERS)


def _first_word(text: str, start: int, token: str) -> bool:
    """Whether ``token`` is the first word of the sentence that began at ``start``."""
    head = _TAG.sub("", text[start : start + _LOOK_BACK]).lstrip().lstrip(_OPENERS)
    return head.startswith(token + ".")


def _continues(token: str, word: str, text: str, word_end: int, chosen: Rules, *, first_in_sentence: bool) -> bool:
    """Whether a full stop after ``token`` is an abbreviation's, not a sentence's end."""
    if not token:
        return False
    lowered = token.lower()
    if lowered in chosen.always and not (len(token) > 1 and token.isupper()):
        return True  # but "CA." is California, not circa
    if word[0].isdigit() and lowered in chosen.before_number:
        return True  # "No. 5", "Jan. 12"
    if token.isdigit():
        if first_in_sentence and len(token) <= 3:
            return True  # "1. Open the file": a numbered list's marker
        if chosen.ordinals and len(token) <= 2:
            return word not in chosen.starters  # "am 3. Oktober"
        return False
    initial = len(token) == 1 and token.isalpha()
    if initial or lowered in chosen.may_end or _DOTTED.fullmatch(token):
        next_is_initial = len(word) == 1 and word_end < len(text) and text[word_end] == "."
        return next_is_initial or word not in chosen.starters  # "J. R. R. Tolkien", "U.S. President"
    return False


def _glued_heading(text: str, at: int, start: int, chosen: Rules, *, camel: bool) -> int | None:
    """Split "crimesDelegates" and "cooperation“Since": a scraped heading glued to its paragraph.

    Documentation is full of camelCase ("defaultProps", "SublimeLinter"), so the
    test is strict: the left part is a plain word of at least four lowercase
    letters (after an optional capital) standing on its own; the right part is
    one capitalised word, not followed by "(", "_", "." or a digit; the text from
    the sentence's start is a short heading (at most six plain words, starting
    with a capital, no brackets, colons or tags); and either a sentence of the
    same block ended right before the heading, as when a scraped page lost its
    line breaks, or the right part is a usual sentence opener ("OverviewThe").
    A heading of several words must end in a lowercase word ("Financial
    crimes"). Real camelCase words that pass all this are listed in CAMEL_WORDS.
    """
    begin = at
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
        if at - begin > _LOOK_BACK:
            return None
    left = text[begin:at]
    body = left[1:] if left[0].isupper() else left
    if len(body) < 4 or not body.islower():
        return None
    if begin > 0 and not text[begin - 1].isspace() and begin != start:
        return None  # "document.querySelector", "@someUser", "my-longName"
    heading = _HEADING.fullmatch(text, start, at)
    if heading is None or not heading.group("first")[0].isupper() or (heading.group("more") and left[0].isupper()):
        return None
    end = at + 1 if camel else at + 2
    while end < len(text) and text[end].isalpha():
        if text[end].isupper():
            return None  # more humps: an identifier or a name
        end += 1
    right = text[at + (0 if camel else 1) : end]
    glued = start > 0 and not text[start].isspace()  # "networks.Financial crimesDelegates"
    if not (glued or right in chosen.starters or text[at] == "“"):
        return None
    if not camel:
        if text[at] == '"' and text.count('"', max(0, at - 4 * _LOOK_BACK), at) % 2:
            return None  # the straight quote closes one opened earlier
        return at
    code_like = end + 1 < len(text) and text[end] in "(_." and not (text[end] == "." and text[end + 1].isspace())
    if code_like or (end < len(text) and text[end].isdigit()):
        return None  # "readFile(", "fooBar.baz", "base64"
    if (left + right).lower() in CAMEL_WORDS:
        return None
    return at
