"""What a check sees: one source/translation pair and what is known about its locale.

Each module in this package is one family of checks (markup, numbers, text,
scripts, terms, plurals). A check is a plain function ``(Unit) -> Iterable[str]``
yielding one message per problem; :mod:`pipeline.checks` registers them with an
id and a severity and turns the messages into findings.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.plurals import get_plural
from babel.numbers import get_decimal_symbol, get_group_symbol

from pipeline import languages

RTL_LANGUAGES = frozenset(languages.RTL_LANGUAGES | {"ks", "syr"})
# Catalog headers spell the pseudo-locales with "_" (Language: en_XA).
PSEUDO = languages.PSEUDO | {code.replace("-", "_"): base for code, base in languages.PSEUDO.items()}


@dataclass(frozen=True)
class Term:
    """A glossary entry: a do-not-translate term, or a source term and its preferred translation."""

    source: str
    target: str = ""  # "" for do-not-translate
    dnt: bool = False


@dataclass(frozen=True)
class Target:
    """The target locale as the checks need it, computed once per catalog."""

    code: str  # as given: "fr", "pt_BR", "sr@latin"
    language: str  # bare language subtag: "fr", "pt", "sr"
    script: str  # ISO 15924 code of its usual script: "Latn", "Arab", "Jpan"; "" if unknown
    rtl: bool
    decimals: frozenset[str]  # decimal symbols: ",", "٫"
    groups: frozenset[str]  # grouping symbols: ".", " ", "\u202f"
    nplurals: int  # from the catalog's Plural-Forms, else Babel's; 0 when unknown
    cldr_nplurals: int = 0  # Babel's (CLDR's) count; 0 when unknown
    pseudo: bool = False
    plural_header: bool = False  # nplurals came from the catalog's Plural-Forms header


@dataclass(frozen=True)
class Unit:
    """One source/translation pair (a plural entry gives one per form)."""

    source: str
    translation: str
    target: Target
    source_language: str = "en"
    flags: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()  # every source of the entry (msgid, msgid_plural)
    translations: tuple[str, ...] = ()  # every form of the entry
    form: int = 0  # which plural form; 0 for a singular entry
    plural: bool = False
    terms: tuple[Term, ...] = field(default=(), compare=False)
    vocabulary: frozenset[str] = field(default=frozenset(), compare=False)
    """Words the catalog's sources write in lower case: "Client" in one message is "client" in another,
    so an ordinary word, not a name (empty for a lone entry)."""
    comment: str = ""  # the extracted comment: what the segment is ("subtitle: 2.40 s, 4 lines")

    @property
    def first(self) -> bool:
        """True on the unit that entry-wide checks run on."""
        return self.form == 0


_SCRIPT_FROM_SUBTAG = re.compile(r"^[A-Z][a-z]{3}$")


@functools.cache
def target(code: str, nplurals: int = 0) -> Target:
    """What CLDR knows about ``code``; an unknown code still gives a usable Target."""
    pseudo = code in PSEUDO
    base = PSEUDO.get(code, code).replace("-", "_")
    modifier = ""
    if "@" in base:
        base, modifier = base.split("@", 1)
    parts = base.split("_")
    language = parts[0].lower()
    script = next((p for p in parts[1:] if _SCRIPT_FROM_SUBTAG.match(p)), "")
    if modifier == "latin":
        script = "Latn"
    decimals, groups = {"."}, {","}
    plurals = 0
    try:
        locale = Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        locale = None
    if locale is not None:
        decimals = {get_decimal_symbol(locale), get_decimal_symbol(locale, numbering_system="default")}
        groups = {get_group_symbol(locale), get_group_symbol(locale, numbering_system="default")}
        plurals = get_plural(locale).num_plurals
        if not script:
            likely = get_global("likely_subtags").get(str(locale)) or get_global("likely_subtags").get(language)
            if likely:
                script = next((p for p in likely.split("_")[1:] if _SCRIPT_FROM_SUBTAG.match(p)), "")
    if any(g.isspace() for g in groups):
        groups |= {" ", "\u00a0", "\u202f"}
    return Target(
        code=code,
        language=language,
        script=script,  # "" when CLDR does not know the language: no script check
        rtl=language in RTL_LANGUAGES,
        decimals=frozenset(decimals),
        groups=frozenset(groups),
        nplurals=nplurals or plurals,
        cldr_nplurals=plurals,
        pseudo=pseudo,
        plural_header=nplurals > 0,
    )
