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

from pipeline.abbreviations import Rules, rules


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Latin letters with case, for the glued-word rules (ASCII and Latin-1).
_LOWER = "a-zß-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"

# Marks that end a sentence in their own script whatever follows (no abbreviations
# there): CJK full-width marks, Devanagari danda, Arabic and Urdu, Armenian,
# Ethiopic, Burmese. Latin "!" and "?" are judged by the word after them.
_STRONG = "。！？．।॥؟۔։።፧။"
_CLOSE = r"""(?:[”’»)\]}」』）】〕〉》]|</\d+>|["'](?![^\W\d_])|“(?!\S)|[ \u00a0\u202f]+»)*"""


@functools.cache
def _candidate(stops: str) -> re.Pattern[str]:
    """Every place a sentence might end, for a language with these extra stop characters."""
    extra = re.escape(stops)
    return re.compile(
        rf"""
        (?P<stop>\.(?:[ \u00a0]\.){{2,}}|[.!?‼⁉{extra}]+|…+|[{_STRONG}]+)
        (?P<close>{_CLOSE})
      | (?P<camel>(?<=[{_LOWER}])(?=[{_UPPER}][{_LOWER}]))
      | (?P<quote>(?<=[{_LOWER}])(?=[“"][{_UPPER}]))
        """,
        re.X,
    )


# A list marker: "1.", "2.)", "3)", "a.", "• 9.", "⁃10." after a space or at the start.
_MARKER = re.compile(r"(?<!\S)(?P<bullet>[•‣⁃◦▪*-] ?)?(?P<label>\d{1,3}|[a-z])(?P<punct>\.\)|[.)])(?=[ \t\n])")


# What follows a candidate: space, then opening quotes, brackets and tags, then a word.
# A dash with a space after it opens a line of dialogue: "…ze mną. - Wejdź do domu".
_AFTER = re.compile(r"(?P<space>\s*)(?P<open>(?:(?:<\d+/?>|[“‘„‚«(\[{¿¡\"'*_]|[-–—―](?=\s))\s*)*)(?P<word>[^\W_]*)")
_TAG = re.compile(r"</?\d+/?>")
# A heading glued to the next sentence: a few plain words, the first capitalised.
_HEADING = re.compile(r"\s*(?P<first>[^\W\d_][\w’'&-]*)(?P<more>(?:[ \t]+[\w’'&-]+){0,5})", re.U)
_OPENERS = "“‘„‚«([{¿¡\"'*_"
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


def sentence_spans(text: str, language: str = "en", abbreviations: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence of ``text``, covering it in order.

    Spans are contiguous: the whitespace between two sentences belongs to the
    start of the second, for the caller to trim. ``abbreviations`` are the
    project's own ("Abg."), which never end a sentence.
    """
    chosen = rules(language, abbreviations)
    forced, marker_dots = _enumeration(text)
    brackets = any(c in text for c in _CJK_OPEN)  # most texts have none: skip the look-back
    spans = []
    start = 0

    def cut_at(cut: int) -> None:
        nonlocal start
        if start < cut < len(text) and text[start:cut].strip():
            spans.append((start, cut))
            start = cut

    pending = iter(forced)
    next_forced = next(pending, None)
    for match in _candidate(chosen.stops).finditer(text):
        while next_forced is not None and next_forced <= match.start():
            cut_at(next_forced)
            next_forced = next(pending, None)
        if match.group("stop") is not None:
            if match.start() in marker_dots:
                continue
            cut = _after_stop(text, match, start, chosen, brackets=brackets)
        elif match.group("camel") is not None:
            cut = _glued_heading(text, match.start(), start, chosen, camel=True)
        else:
            cut = _glued_heading(text, match.start(), start, chosen, camel=False)
        if cut is not None:
            cut_at(cut)
    while next_forced is not None:
        cut_at(next_forced)
        next_forced = next(pending, None)
    spans.append((start, len(text)))
    return spans


def _enumeration(text: str) -> tuple[list[int], frozenset[int]]:
    """An inline list ("1.) The first item 2.) The second item"): where items start, and their markers' dots.

    A list starts at the start of the text with a marker, and goes on with
    markers of the same kind numbered one more each time ("a." then "b.",
    "9." then "10."): each further item starts a sentence, and a marker's
    full stop never ends one.
    """
    lead = len(text) - len(text.lstrip())
    first = _MARKER.match(text, lead)
    if first is None:
        return [], frozenset()
    kind = (bool(first.group("bullet")), first.group("label").isdigit(), first.group("punct"))
    expected = _label_value(first.group("label")) + 1
    starts, dots = [], set()
    if "." in first.group("punct"):
        dots.add(first.start("punct"))
    for marker in _MARKER.finditer(text, first.end()):
        label = marker.group("label")
        if (bool(marker.group("bullet")), label.isdigit(), marker.group("punct")) != kind:
            continue
        if _label_value(label) != expected:
            continue
        expected += 1
        starts.append(marker.start())
        if "." in marker.group("punct"):
            dots.add(marker.start("punct"))
    if not starts:
        return [], frozenset()
    return starts, frozenset(dots)


def _label_value(label: str) -> int:
    return int(label) if label.isdigit() else ord(label)


def _after_stop(text: str, match: re.Match[str], start: int, chosen: Rules, *, brackets: bool) -> int | None:
    """Where the sentence ends if this punctuation ends it, else None."""
    stop = match.group("stop")
    end = match.end()
    if stop[0] in _CJK:
        if stop == "．" and text[end : end + 1].isdigit():
            return None  # "３．２９": a full-width decimal point
        return None if brackets and _inside_brackets(text, match.start()) else end
    if stop[0] in "….":
        if match.start() and text[match.start() - 1] in "[(":
            return None  # "[...]": an omission inside a quotation
        if " " in stop or "\u00a0" in stop:
            return _spaced_ellipsis(text, match)
    after = _AFTER.match(text, end)
    assert after is not None  # every group may be empty
    word = after.group("word")
    glued = not after.group("space")
    if stop[0] in _STRONG or stop[0] in chosen.stops:
        # "।", "؟", "։", Greek ";": what follows is often caseless. An ASCII
        # stand-in (Armenian ":") needs a space after it: "10:30", "http://".
        if word[:1].islower() or (glued and (stop[0] in chosen.stops or not (word or after.group("open")))):
            return None
        return end
    if not word:
        # "Fixed. <1/>: improve…": markup (inline code, an image) opens the next sentence.
        if glued or not _TAG.match(after.group("open")) or text[after.end() : after.end() + 1].islower():
            return None
        word = "<"
    if any(dash in after.group("open") for dash in "-–—―") and (
        "\n" in after.group("space")
        or text[:_LOOK_BACK].lstrip()[:1] in _DASHES
        or _unclosed(text, match.start(), "«“", "»”")
    ):
        # "- Where is it? - Not here yet.": a block that opens with a dash is one line of
        # dialogue or a subtitle cue's two speakers, kept together; «К чему? – спросила
        # мама. – Завтра»: the narrator's words inside a quotation.
        return None
    first = word[0]
    if glued and stop[0] in "!?‼⁉" and first.isalpha() and not (first.isupper() or first.islower()):
        return end  # "ないのか?ついつい": Chinese and Japanese need no space after "?" or "!"
    if glued:
        if not _glued_sentence(text, match.start(), end, word, after.end("word")):
            return None
    elif first.islower() and not _camel_start(word):
        return None  # "Wait... what", "etc. and", "“Who?” he asked"
    if stop != ".":
        return end  # "?", "!", an ellipsis: the next word is a capital, a digit or caseless
    token = _word_before(text, match.start(), start)
    word_end = after.end("word")
    abbreviation = _continues(token, word, text, word_end, chosen, first_in_sentence=_first_word(text, start, token))
    if abbreviation and not _title_opens(token, word, text, word_end, chosen, start, match.start()):
        return None
    return end


_CJK = "。！？．"
_DASHES = "-–—―"
_CJK_OPEN = "《「『（〈【〔"
_CJK_CLOSE = "》」』）〉】〕"


def _inside_brackets(text: str, at: int) -> bool:
    """ "《摔跤吧！爸爸》", "「はい。そうです。」と言った": a title or quotation is not cut."""
    return _unclosed(text, at, _CJK_OPEN, _CJK_CLOSE)


def _unclosed(text: str, at: int, openers: str, closers: str) -> bool:
    """Whether one of ``openers`` is open at ``at``; looks back a bounded stretch, so the pass stays linear."""
    window = text[max(0, at - 4 * _LOOK_BACK) : at]
    opened = max(window.rfind(c) for c in openers)
    return opened >= 0 and opened > max(window.rfind(c) for c in closers)


def _spaced_ellipsis(text: str, match: re.Match[str]) -> int | None:
    """ ". . ." (MLA style): an omission, unless a fourth dot ends the sentence.

    "is . . . I didn't": three spaced dots never end one. "a period . . . . Next":
    four do, after the last. "compounds. . . . The practice": the first dot,
    glued to its word, ends the sentence and the next one opens with ". . .".
    """
    dots = match.group("stop").count(".")
    attached = match.start() > 0 and not text[match.start() - 1].isspace()
    after = _AFTER.match(text, match.end())
    assert after is not None
    word = after.group("word")
    if not word or word[0].islower() or not after.group("space"):
        return None
    if dots < 4:
        return match.end() if attached else None
    return match.start() + 1 if attached else match.end()


def _title_opens(token: str, word: str, text: str, word_end: int, chosen: Rules, start: int, stop: int) -> bool:
    """ "He left at 6 P.M. Mr. Smith then went": a title after an abbreviation opens a new sentence.

    Not when the sentence so far is a short phrase ("At 5 a.m. Mr. Smith went").
    """
    if not (word_end < len(text) and text[word_end] == "." and word.lower() in chosen.always and word[0].isupper()):
        return False
    if token.lower() in chosen.always or len(token) == 1:
        return False  # "Prof. Dr. Smith", "J. Dr."
    return len(text[max(start, stop - _LOOK_BACK) : stop].split()) > 3


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
    if before.isdigit() and _SHORT_NUMBER.search(text, max(0, stop - 4), stop):
        return False  # "1.Helado, 2.Carne": an inline list, not "in 2022.Police"
    if word_end < len(text) and text[word_end] in ".()<>[]{}_/:@":
        return False  # "VC.Tools.ARM64", "(semver.Range)", "Jane.Doe@example.com"
    left = max(0, stop - _LOOK_BACK)
    token = text[left:stop].rsplit(None, 1)[-1] if text[left:stop].strip() else ""
    if "." in _TAG.sub("", token).rstrip('.”’")]»'):
        return False  # "VC.Tools.ARM64": a dotted name
    return not any(hint in token for hint in _URL_HINTS)


_TAG_END = re.compile(r"</\d+>\Z")
_SHORT_NUMBER = re.compile(r"(?:^|[\s:(,])\d{1,2}\Z")


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
    opener = word[0].isupper() if chosen.starters is None else word in chosen.starters
    if token.isdigit():
        if first_in_sentence and len(token) <= 3:
            return True  # "1. Open the file": a numbered list's marker
        if chosen.ordinals and len(token) <= 2:
            return not opener  # "am 3. Oktober"
        return False
    next_is_initial = len(word) == 1 and word_end < len(text) and text[word_end] == "."
    if len(token) == 1 and token.isalpha():
        # "J. R. R. Tolkien"; a language without a list of openers keeps
        # initials whole ("А. С. Пушкин").
        return next_is_initial or not (chosen.starters and word in chosen.starters)
    if _DOTTED.fullmatch(token):
        # "U.S. President", "E.U. Hvad med dig?"; "Л.Н. Толстой" opening a sentence is a name.
        return next_is_initial or first_in_sentence or not opener
    if lowered in chosen.may_end:
        return next_is_initial or not opener  # "Acme Inc. The firm", "Main St. Next door"
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
    if not (glued or right in (chosen.starters or ()) or text[at] == "“"):
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
