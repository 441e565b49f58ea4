"""Glossary terms: do-not-translate terms kept verbatim, preferred translations used.

The project's glossary comes from :mod:`pipeline.glossary` when that module is
there; until then a minimal reader takes ``glossary.csv``: a header row, the
source term in the first column (or one named ``term``/``source``), a
``dnt`` column (yes/true/1) and one column per locale with its preferred term.
A row with no translations is a do-not-translate term.
"""

from __future__ import annotations

import csv
import functools
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.checkers import Term, Unit
from pipeline.errors import ConfigError

_YES = {"yes", "y", "true", "1", "x", "dnt"}
_SOURCE_COLUMNS = ("term", "source", "en")
_NOTE_COLUMNS = {"note", "notes", "comment", "description", "pos", "dnt", "do_not_translate", "do-not-translate"}


def load_glossary(root: Path, locale: str, configured: str | None = None) -> tuple[Term, ...]:
    """The project's terms for ``locale``; () when the project has no glossary."""
    try:
        shared = importlib.import_module("pipeline.glossary")
    except ImportError:
        shared = None
    loader = getattr(shared, "terms_for", None)
    if loader is not None:
        found = loader(root, locale, configured)
        return tuple(Term(t.source, getattr(t, "target", "") or "", bool(getattr(t, "dnt", False))) for t in found)
    path = root / configured if configured else root / "glossary.csv"
    if not path.is_file() or path.suffix.lower() != ".csv":
        return ()
    return _read_csv(path, locale)


def _read_csv(path: Path, locale: str) -> tuple[Term, ...]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ConfigError(f"cannot read glossary: {error}", path=path) from None
    if not rows:
        return ()
    header = [h.strip().lower() for h in rows[0]]
    source_at = next((header.index(c) for c in _SOURCE_COLUMNS if c in header), 0)
    dnt_at = next((i for i, h in enumerate(header) if h in {"dnt", "do_not_translate", "do-not-translate"}), None)
    wanted = {locale.lower(), locale.lower().replace("_", "-"), locale.split("_")[0].split("-")[0].lower()}
    target_at = next((i for i, h in enumerate(header) if h in wanted and i != source_at), None)
    locale_columns = [i for i, h in enumerate(header) if i != source_at and h not in _NOTE_COLUMNS]
    terms = []
    for row in rows[1:]:
        if len(row) <= source_at or not row[source_at].strip():
            continue
        source = row[source_at].strip()
        flagged = dnt_at is not None and len(row) > dnt_at and row[dnt_at].strip().lower() in _YES
        translations = [row[i].strip() for i in locale_columns if len(row) > i and row[i].strip()]
        if flagged or not translations:
            terms.append(Term(source, "", True))
        elif target_at is not None and len(row) > target_at and row[target_at].strip():
            terms.append(Term(source, row[target_at].strip(), False))
    return tuple(terms)


@functools.cache
def _pattern(term: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE if ignore_case else 0)


def glossary_terms(unit: Unit) -> Iterator[str]:
    """A do-not-translate term is changed, or a glossary term is not translated as agreed."""
    for term in unit.terms:
        if not _pattern(term.source, not term.dnt).search(unit.source):
            continue
        if term.dnt:
            if term.source not in unit.translation:
                yield f"do-not-translate term '{term.source}' is missing or changed"
        elif term.target.lower()[: max(3, len(term.target) - 2)] not in unit.translation.lower():
            yield f"'{term.source}' should be translated as '{term.target}' (glossary)"
