"""Errors injected into reviewed entries of public catalogs: what machine translation breaks.

Each mutation takes a reviewed (source, translation) pair and returns the
translation with one error an engine makes, or None where the error cannot
happen in that pair (no number to change, no placeholder to drop). Recall is
the share of mutated entries on which ``l10n check`` says something it did not
say about the unmutated entry. Placeholder kinds the catalogs rarely hold
(``${x}``, ``{{ x }}``, RST roles) are first planted at the same place in
the source and the translation, then dropped or altered in the translation.

This is a benchmark's instrument, not a tested library: its figures are read
in bench/results.md.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.checkers.markup import URL
from pipeline.checkers.names import _initial, _read
from pipeline.inline import variables

Result = tuple[str, str, str] | None
Mutation = Callable[[random.Random, str, str], Result]
"""(random, source, translation) -> (source, translation, mutated translation), or None where it does not apply;
where something was planted, the source and translation returned have it."""

_NUMBER = re.compile(r"(?<![\w.,#])\d+(?![\w])")  # not the digits of an entity (&#8212;)
_WORDS = re.compile(r"\S+")
_CAPITALISED = re.compile(
    r"\b[A-Z](?:[a-z]\w*|['’][A-Z][a-z]\w*)(?:-[A-Za-z]\w*)*"
)  # "Python", "Al-Raisi", "O'Brien" (capitals: acronyms)
_ACRONYMS = re.compile(r"\b[A-Z][A-Z0-9]{2,9}\b")
_LITERALS = frozenset({"True", "False", "None"})
# Computing acronyms that languages write their own way; the names check does not require them.
_LOCALISED = frozenset("URL URLs URI URIs GIS TOC CPU RAM PDF FAQ PIN HTTP HTTPS YYYY".split())  # noqa: SIM905


def alter_acronym(rng: random.Random, source: str, translation: str) -> Result:
    """An acronym the translation kept ("INTERPOL", "CSRF") has one letter changed."""
    mutated = alter_name(rng, source, translation, _ACRONYMS)
    if mutated is None:
        return None
    gone = [w for w in _ACRONYMS.findall(mutated[1]) if w not in mutated[2]]
    return None if any(w in _LOCALISED for w in gone) else mutated


_VARIABLE = re.compile(r"%\([^()]*\)\w|%\w|\{[^{}]*\}|<[^<>]*>")


def change_number(rng: random.Random, source: str, translation: str) -> Result:
    """A digit changes: "3 seconds" → "4 secondes"."""
    shared = [m for m in _NUMBER.finditer(translation) if re.search(rf"(?<!\d){m.group()}(?!\d)", source)]
    if not shared:
        return None
    match = rng.choice(shared)
    digits = match.group()
    index = rng.randrange(len(digits))
    new_digit = str((int(digits[index]) + rng.randint(1, 8)) % 10)
    if index == 0 and new_digit == "0" and len(digits) > 1:
        new_digit = "9"
    changed = digits[:index] + new_digit + digits[index + 1 :]
    return source, translation, translation[: match.start()] + changed + translation[match.end() :]


# What a placeholder of each kind looks like when planted, and how an engine alters one.
PLANTS = {
    "printf %s": "%s",
    "printf %(name)s": "%(user)s",
    "printf %1$s": "%1$s",
    "brace {0}": "{0}",
    "brace {name}": "{name}",
    "template ${x}": "${path}",
    "template {{ x }}": "{{ count }}",
    "rst ``literal``": "``--verbose``",
    "rst :role:`x`": ":func:`len`",
    "markdown `code`": "`make test`",
}
_ALTERED = {
    "printf %s": "% s",
    "printf %(name)s": "%(utilisateur)s",
    "printf %1$s": "%1$ s",
    "brace {0}": "{O}",
    "brace {name}": "{nom}",
    "template ${x}": "${chemin}",
    "template {{ x }}": "{{ compte }}",
    "rst ``literal``": "``--verbeux``",
    "rst :role:`x`": ":func:`longueur`",
    "markdown `code`": "`faire test`",
}


def _plant(rng: random.Random, source: str, translation: str, token: str) -> tuple[str, str]:
    """``token`` inserted at the same relative word position in both."""

    def at(text: str, share: float) -> str:
        words = text.split(" ")
        index = round(share * len(words))
        return " ".join([*words[:index], token, *words[index:]])

    share = rng.random()
    return at(source, share), at(translation, share)


def placeholder(kind: str, action: str) -> Mutation:
    """Drop or alter one placeholder of ``kind``; planted first where the pair has none."""
    token = PLANTS[kind]

    def mutate(rng: random.Random, source: str, translation: str) -> Result:
        if any(v.text == token for v in variables(source)) or token in translation:
            return None  # measured on planted ones only: the same token everywhere
        if len(source.split()) < 2 or not translation.strip():
            return None
        source, planted = _plant(rng, source, translation, token)
        index = planted.index(token)
        replacement = "" if action == "drop" else _ALTERED[kind]
        return source, planted, planted[:index] + replacement + planted[index + len(token) :]

    return mutate


def alter_name(rng: random.Random, source: str, translation: str, pattern: re.Pattern[str] | None = None) -> Result:
    """A name the human translation kept verbatim has one letter changed ("Al-Raisi" → "Au-Raisi").

    A name here is a capitalised word of an English sentence (four words or more,
    not a Title Case label) that does not start it and that the translator kept;
    Python's literals (True, False, None) are code, not names, and words inside
    URLs, code, placeholders or tags (``<COMMAND>``) are left to the checks of those.
    """
    pattern = pattern or _CAPITALISED
    prose = _read(source)  # as the check reads it: URLs, code, placeholders and tags are other checks' business
    if len(source.split()) < 4 or prose.label:
        return None  # a label or a heading: capitals there do not make names
    kept = [
        m.group()
        for m in pattern.finditer(prose.text)
        if not _initial(prose.text, m.start())
        and m.group() not in _LITERALS
        and re.search(rf"(?<![\w'’-]){re.escape(m.group())}(?![\w'’-])", translation)
    ]
    if not kept:
        return None
    name = rng.choice(kept)
    letters = [i for i in range(1, len(name)) if name[i].isalpha()]
    if not letters:
        return None
    index = rng.choice(letters)
    new = "u" if name[index].lower() != "u" else "o"
    new = new.upper() if name[index].isupper() else new
    altered = name[:index] + new + name[index + 1 :]
    return source, translation, translation.replace(name, altered)


def loop_phrase(rng: random.Random, source: str, translation: str) -> Result:
    """The last two to four words said twice more: "… avec des fichiers. avec des fichiers. avec des fichiers."."""
    words = translation.split()
    size = rng.randint(2, 4)
    if len(words) < size + 1:
        return None
    phrase = " ".join(words[-size:])
    return source, translation, translation + (" " + phrase) * 2


def truncate(rng: random.Random, source: str, translation: str) -> Result:
    """The translation stops after about 40% of its words."""
    words = translation.split(" ")
    if len(words) < 8:
        return None
    return source, translation, " ".join(words[: max(1, round(len(words) * 0.4))])


def add_markup(rng: random.Random, source: str, translation: str) -> Result:
    """A link or an image with a handler appears in the translation."""
    if "<" in source:
        return None
    added = rng.choice(['<a href="https://example.com/">', '<img src="x" onerror="alert(1)">', "<script>"])
    words = translation.split(" ")
    index = rng.randrange(len(words) + 1)
    return source, translation, " ".join([*words[:index], added, *words[index:]])


def bidi_control(rng: random.Random, source: str, translation: str) -> Result:
    """A right-to-left override (U+202E) hidden in the translation."""
    if "\u202e" in source or not translation:
        return None
    index = rng.randrange(len(translation) + 1)
    return source, translation, translation[:index] + "\u202e" + translation[index:]


def wrong_script(elsewhere: dict[str, list[str]]) -> Mutation:
    """The translation comes back in another script: the same message's translation from a catalog of another
    script (Cyrillic, Greek, CJK… for a Latin locale; Latin for the others), as when an engine answers in the
    wrong language. ``elsewhere`` maps each source to its translations in every catalog."""

    def mutate(rng: random.Random, source: str, translation: str) -> Result:
        latin = _latin_share(translation) > 0.5
        others = [t for t in elsewhere.get(source, ()) if (_latin_share(t) > 0.5) != latin and _letters(t) >= 20]
        if _letters(translation) < 20 or not others:
            return None
        return source, translation, rng.choice(others)

    return mutate


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _latin_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if ch < "\u0250") / len(letters) if letters else 0.0


def copy_source(rng: random.Random, source: str, translation: str) -> Result:
    """The engine gave up and the source came back as the translation."""
    prose = _VARIABLE.sub(" ", source)
    words = re.findall(r"[^\W\d_]{3,}", prose)
    if translation == source or len(words) < 3 or all(w[0].isupper() for w in words):
        return None  # fewer than three words to translate, or only capitalised ones (names, kept as they are)
    return source, translation, source


def lose_url(rng: random.Random, source: str, translation: str) -> Result:
    """A URL of the translation is dropped (planted in both first where there is none)."""
    url = "https://docs.example.org/en/latest/usage.html"
    if not URL.search(translation):
        if len(source.split()) < 3:
            return None
        source, translation = _plant(rng, source, translation, url)
    match = rng.choice(list(URL.finditer(translation)))
    return source, translation, translation[: match.start()] + translation[match.end() :]


def drop_found(rng: random.Random, source: str, translation: str) -> Result:
    """A variable or inline code span the human translation has (any kind, as found) is dropped."""
    found = [v for v in variables(translation) if any(s.key == v.key for s in variables(source))]
    if not found:
        return None
    gone = rng.choice(found)
    return source, translation, translation[: gone.start] + translation[gone.start + len(gone.text) :]


@dataclass(frozen=True)
class Kind:
    name: str
    mutate: Mutation


def kinds(elsewhere: dict[str, list[str]]) -> tuple[Kind, ...]:
    """Every kind of error injected; ``elsewhere`` (source → its translations in all catalogs) feeds wrong_script."""
    return tuple(Kind(k.name, wrong_script(elsewhere)) if k.name == "wrong script" else k for k in KINDS)


KINDS: tuple[Kind, ...] = (
    Kind("number changed", change_number),
    *(Kind(f"{kind} dropped", placeholder(kind, "drop")) for kind in PLANTS),
    *(Kind(f"{kind} altered", placeholder(kind, "alter")) for kind in PLANTS),
    Kind("placeholder dropped (as found)", drop_found),
    Kind("name altered", alter_name),
    Kind("acronym altered", alter_acronym),
    Kind("phrase looped", loop_phrase),
    Kind("truncated", truncate),
    Kind("markup added", add_markup),
    Kind("bidi control added", bidi_control),
    Kind("wrong script", wrong_script({})),
    Kind("source copied", copy_source),
    Kind("URL lost", lose_url),
)
