"""Locale codes: what Babel's CLDR data says about each target language.

Pseudo-locales (``en-XA`` accented and longer, ``ar-XB`` right-to-left) have
no CLDR data; they borrow plural rules, direction and names from their base.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

PSEUDO = {"en-XA": "en", "ar-XB": "ar"}
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"}


@dataclass(frozen=True)
class Language:
    code: str  # as the user wrote it in l10n.toml: "fr", "pt-BR", "en-XA"
    base: str  # the CLDR locale whose data it uses: "fr", "pt_BR", "en"
    pseudo: bool
    rtl: bool
    english_name: str
    native_name: str
    plural_forms: str  # the PO header value
    plural_count: int

    @property
    def language(self) -> str:
        """The bare language subtag ("pt" for "pt-BR", "ca" for gettext's "ca@valencia"), used to pick engines."""
        return self.base.split("_")[0].split("@")[0]


@functools.cache
def known_locale(code: str) -> Locale:
    """Babel's locale for ``code`` (a pseudo-locale's base); ValueError if Babel does not know it.

    Cheaper than :func:`language`: CLDR's data for the locale is not loaded, so
    validating ``l10n.toml`` costs no start-up time.
    """
    try:
        return Locale.parse(PSEUDO.get(code, code).replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"unknown locale '{code}' ({error})") from None


@functools.cache
def language(code: str) -> Language:
    """Look up ``code``; raise ValueError if Babel does not know it."""
    pseudo = code in PSEUDO
    locale = known_locale(code)
    from babel.messages.plurals import get_plural  # babel.messages: 15 ms that most runs never need

    plural = get_plural(locale)
    english = locale.get_display_name("en") or code
    native = locale.get_display_name(locale) or english
    if pseudo:
        english = f"{english} (pseudo {code})"
        native = f"{native} ({code})"
    rtl = locale.text_direction == "rtl" or locale.language in RTL_LANGUAGES
    return Language(
        code=code,
        base=str(locale),
        pseudo=pseudo,
        rtl=rtl,
        english_name=english,
        native_name=native,
        plural_forms=plural.plural_forms,
        plural_count=plural.num_plurals,
    )


# gettext's @modifiers that name a script, as BCP 47 script subtags.
SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "devanagari": "Deva", "hebrew": "Hebr"}


def bcp47(code: str) -> str:
    """A locale code as HTML's lang and hreflang want it (BCP 47): pt_BR → pt-BR, sr@latin → sr-Latn, zh-hant → zh-Hant.

    Projects may name locales the gettext way (the folder names); a browser, a
    screen reader or a search engine does not read ``pt_BR`` as Brazilian Portuguese.
    """
    base, _, modifier = code.partition("@")
    parts = [part for part in re.split("[-_]", base.split(".")[0]) if part]
    if not parts:
        return code
    tags = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            tags.append(part.title())  # script: Hant, Latn
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            tags.append(part.upper())  # region: BR, 419
        else:
            tags.append(part.lower())
    script = SCRIPT_MODIFIERS.get(modifier.lower())
    if script and not any(len(tag) == 4 and tag.istitle() for tag in tags[1:]):
        tags.insert(1, script)
    elif modifier and not script and 5 <= len(modifier) <= 8 and modifier.isalnum():
        tags.append(modifier.lower())  # a variant: ca@valencia → ca-valencia
    return "-".join(tags)
