"""Locale codes: what Babel's CLDR data says about each target language.

Pseudo-locales (``en-XA`` accented and longer, ``ar-XB`` right-to-left) have
no CLDR data; they borrow plural rules, direction and names from their base.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

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
def language(code: str) -> Language:
    """Look up ``code``; raise ValueError if Babel does not know it."""
    pseudo = code in PSEUDO
    base_code = PSEUDO.get(code, code)
    try:
        locale = Locale.parse(base_code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"unknown locale '{code}' ({error})") from None
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
