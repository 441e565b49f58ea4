"""Glossary terms: do-not-translate terms kept verbatim, preferred translations used.

The terms come from the project's glossary (:mod:`pipeline.glossary`:
``glossary.csv`` or TBX). A preferred term counts as used when the translation
holds each of its words, give or take an inflected ending ("Secrétaire général"
is used in "les secrétaires généraux").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline import glossary
from pipeline.checkers import Term, Unit


def load_glossary(root: Path, locale: str, configured: str | None = None) -> tuple[Term, ...]:
    """The project's terms as ``locale`` sees them; () when the project has no glossary."""
    return tuple(Term(t.source, t.target, t.dnt) for t in glossary.terms_for(root, locale, configured))


@functools.cache
def _pattern(term: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE if ignore_case else 0)


def _uses(target: str, translation: str) -> bool:
    """Whether every word of ``target`` starts a word of ``translation`` (give or take an inflected ending)."""
    words = [w.casefold() for w in re.findall(r"\w+", translation)]
    for word in re.findall(r"\w+", target.casefold()):
        stem = word[: max(3, len(word) - 2)]
        if not any(w.startswith(stem) for w in words):
            return False
    return True


def glossary_terms(unit: Unit) -> Iterator[str]:
    """A do-not-translate term is changed, or a glossary term is not translated as agreed."""
    for term in unit.terms:
        if not _pattern(term.source, not term.dnt).search(unit.source):
            continue
        if term.dnt:
            if not _pattern(term.source, False).search(unit.translation):
                yield f"do-not-translate term '{term.source}' is missing or changed"
        elif not _uses(term.target, unit.translation):
            yield f"'{term.source}' should be translated as '{term.target}' (glossary)"
