"""Which source text each ``msgstr[i]`` of a plural entry translates.

A plural entry has two sources (``msgid``, the singular; ``msgid_plural``)
and as many translations as the target's ``Plural-Forms`` says. Form ``i``
is the one gettext picks for the numbers ``n`` where the header's ``plural``
expression gives ``i``; Babel's CLDR rules say which category (one, few,
many, other…) those numbers are in. A form used only for numbers of the
``one`` category translates the singular; every other form the plural. So
Russian ``msgstr[0]`` (1, 21, 31…) comes from "%d file", ``msgstr[1]`` and
``msgstr[2]`` from "%d files", and Japanese's single form from "%d files".

A header whose expression cannot be read, or whose forms do not all occur
for some number, gives None: the entry is left for a translator.
"""

from __future__ import annotations

import gettext
import re

from babel import Locale, UnknownLocaleError

from pipeline.languages import language

SINGULAR = "singular"
PLURAL = "plural"
_HEADER = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?", re.S)
_SAMPLES = (*range(0, 1001), 1_000_000, 1_000_001)


def sources(plural_forms: str, code: str) -> tuple[str, ...] | None:
    """Per form index, SINGULAR or PLURAL; None if the header cannot be used."""
    found = _HEADER.search(plural_forms or "")
    if found is None:
        return None
    count = int(found.group(1))
    try:
        choose = gettext.c2py(found.group(2).strip())
        locale = Locale.parse(language(code).base)
    except (ValueError, UnknownLocaleError):
        return None
    categories: list[set[str]] = [set() for _ in range(count)]
    for n in _SAMPLES:
        try:
            index = choose(n)
        except (ValueError, ZeroDivisionError, OverflowError):
            return None
        if not 0 <= index < count:
            return None
        categories[index].add(locale.plural_form(n))
    if any(not seen for seen in categories):
        return None
    return tuple(SINGULAR if seen == {"one"} else PLURAL for seen in categories)
