"""Plural forms: a plural entry needs exactly as many forms as the catalog's language has."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checkers import Unit


def plural_forms(unit: Unit) -> Iterator[str]:
    """A plural entry has the wrong number of forms, or some are empty."""
    if not unit.plural or not unit.first:
        return
    want = unit.target.nplurals
    have = len(unit.translations)
    # Fewer forms than the header says: some counts show the source. More forms than the header
    # allows are refused by msgfmt, translate and build: pipeline.checks.plural_excess names each
    # in the catalog; without a header, more forms are the language's newer (CLDR) rules.
    if want and have < want:
        if unit.target.plural_header:
            yield f"{have} plural forms but the Plural-Forms header says {want}"
        else:
            yield f"{have} plural forms but '{unit.target.code}' has {want} (the catalog has no Plural-Forms header)"
        return
    empty = [str(i) for i, form in enumerate(unit.translations) if not form]
    if empty and len(empty) < have:
        yield f"plural form msgstr[{', '.join(empty)}] is empty"
