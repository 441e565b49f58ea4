"""The project glossary: do-not-translate terms and preferred translations.

Two formats. ``glossary.csv`` (UTF-8, comma-separated, ``#`` lines are
comments): a header row with a ``term`` column, optional ``note`` and ``dnt``
columns, and one column per locale code holding that locale's preferred term::

    term,fr,es,ar,note
    INTERPOL,,,,organisation name: never translated
    Secretary General,Secrétaire général,Secretario General,الأمين العام,

- a row with no translation at all (or ``yes`` in the ``dnt`` column) is a
  do-not-translate term in every locale;
- a cell ``dnt`` (or ``do not translate``, or ``=``) keeps the term as is in
  that locale only;
- an empty cell in a row that has translations means no preference there
  (it does NOT mean do-not-translate: adding a French term must not freeze the
  English one in Arabic).

Or TBX (TermBase eXchange, v2 or v3): ``termEntry``/``conceptEntry`` →
``langSet``/``langSec`` (``xml:lang``) → ``tig``/``ntig``/``termSec`` → ``term``; an entry, langSet or
term with ``<termNote type="translate">no</termNote>`` (or a ``descrip``/
``admin`` of that type, or ``type="doNotTranslate"`` with ``yes``) is
do-not-translate. DOCTYPE and entity declarations are refused.

Terms match whole words, case-sensitively. How they are enforced is in
:meth:`Glossary.enforce`.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import ConfigError
from pipeline.textfile import decode_utf8, read_bytes

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

NAMES = ("glossary.csv", "glossary.tbx")
DNT_MARKERS = {"dnt", "do not translate", "do-not-translate", "="}
YES = {"yes", "y", "true", "1", "x"}
NOTE_COLUMNS = {"note", "notes", "comment", "comments", "description", "pos"}
TERM_COLUMNS = ("term", "source")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Term:
    """One glossary term as one locale sees it: kept as is, or translated as ``target``."""

    source: str
    target: str = ""  # "" when dnt
    dnt: bool = False


@dataclass(frozen=True)
class Entry:
    source: str
    line: int
    targets: tuple[tuple[str, str], ...] = ()  # (locale, preferred term)
    kept_in: tuple[str, ...] = ()  # locales where it is kept as is
    everywhere: bool = False  # do-not-translate in every locale


@dataclass(frozen=True)
class Miss:
    """A glossary term the translation does not respect (for the checks)."""

    term: str
    expected: str
    dnt: bool

    def describe(self) -> str:
        if self.dnt:
            return f"do-not-translate term '{self.term}' is missing or changed"
        return f"'{self.term}' should be translated as '{self.expected}' (glossary)"


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...] = ()
    path: str = ""
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    _dnt: dict[str | None, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    _preferred: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)
    # Both views are read once per segment translated: with thousands of terms, computed once per locale.

    def do_not_translate(self, locale: str | None = None) -> tuple[str, ...]:
        """Terms kept as is: everywhere, plus (with ``locale``) those kept in that locale."""
        if locale not in self._dnt:
            keys = _keys(locale) if locale else ()
            found = tuple(e.source for e in self.entries if e.everywhere or any(k in e.kept_in for k in keys))
            self._dnt[locale] = found
        return self._dnt[locale]

    def preferred(self, locale: str) -> dict[str, str]:
        """Source term → preferred target term in ``locale`` (or its base language: fr-CA → fr)."""
        if locale not in self._preferred:
            self._preferred[locale] = self._find_preferred(locale)
        return dict(self._preferred[locale])

    def _find_preferred(self, locale: str) -> dict[str, str]:
        found = {}
        for entry in self.entries:
            targets = dict(entry.targets)
            for key in _keys(locale):
                if key in entry.kept_in:
                    break
                if key in targets:
                    found[entry.source] = targets[key]
                    break
        return found

    def masked_terms(self, locale: str) -> tuple[str, ...]:
        """What to pass to :func:`pipeline.mask.mask`: DNT terms and terms with a preferred target.

        Masking a preferred term keeps it verbatim through the engine, so that
        :meth:`enforce` can find it and put the preferred target in its place.
        """
        return self.do_not_translate(locale) + tuple(self.preferred(locale))

    def terms(self, locale: str) -> tuple[Term, ...]:
        """Every term as ``locale`` sees it (the checks' view)."""
        preferred = self.preferred(locale)
        return tuple(Term(s, "", True) for s in self.do_not_translate(locale)) + tuple(
            Term(s, t) for s, t in preferred.items()
        )

    def enforce(self, source: str, translation: str, locale: str) -> str:
        """Put each preferred term the source uses into the translation where it can be found.

        It can be found when the English term is still in the translation:
        because it was masked (see :meth:`masked_terms`) or because the engine
        left it untranslated. An engine's own rendering of an unmasked term
        cannot be told from the words around it, so it is left alone and
        :meth:`missing` reports it; a translation already holding the preferred
        term is left alone.
        """
        for term, target in self._preferred_in(source, locale):
            pattern = self._pattern(term)
            if not pattern.search(source) or target.casefold() in translation.casefold():
                continue
            translation = pattern.sub(target.replace("\\", r"\\"), translation)
        return translation

    def missing(self, source: str, translation: str, locale: str) -> list[Miss]:
        """The terms ``source`` uses that ``translation`` does not respect."""
        found = []
        for term in self.do_not_translate(locale):
            if term in source and self._pattern(term).search(source) and not self._pattern(term).search(translation):
                found.append(Miss(term, term, True))
        for term, target in self._preferred_in(source, locale):
            if self._pattern(term).search(source) and target.casefold() not in translation.casefold():
                found.append(Miss(term, target, False))
        return found

    def _preferred_in(self, source: str, locale: str) -> list[tuple[str, str]]:
        """The preferred terms whose text occurs in ``source`` (a substring test: fast, then the regex)."""
        if locale not in self._preferred:
            self._preferred[locale] = self._find_preferred(locale)
        return [(term, target) for term, target in self._preferred[locale].items() if term in source]

    def _pattern(self, term: str) -> re.Pattern[str]:
        if term not in self._patterns:
            self._patterns[term] = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")
        return self._patterns[term]


def load(path: Path) -> Glossary:
    """Read ``glossary.csv`` or a ``.tbx`` file; ConfigError naming file:line on a mistake."""
    text = decode_utf8(read_bytes(path, ConfigError, "glossary"), path, ConfigError, "glossary").removeprefix("\ufeff")
    if path.suffix.lower() in (".tbx", ".xml"):
        return Glossary(_tbx_entries(text, path), str(path))
    return Glossary(_csv_entries(text, path), str(path))


def find(root: Path, configured: str | None = None) -> Path | None:
    """The project's glossary file: ``[translate] glossary`` or the first of NAMES that exists."""
    if configured:
        path = root / configured
        if not path.is_file():
            raise ConfigError(
                f"glossary '{configured}' does not exist", path=root / "l10n.toml", hint="fix 'glossary' in [translate]"
            )
        return path
    return next((root / name for name in NAMES if (root / name).is_file()), None)


def for_project(root: Path, configured: str | None = None) -> Glossary:
    """The project's glossary, or an empty one when it has none."""
    path = find(root, configured)
    if path is None:
        return Glossary()
    stat = path.stat()
    return _cached(path, stat.st_mtime_ns, stat.st_size)


def terms_for(root: Path, locale: str, configured: str | None = None) -> tuple[Term, ...]:
    """The checks' entry point: every term of the project's glossary as ``locale`` sees it."""
    return for_project(root, configured).terms(locale)


@functools.lru_cache(maxsize=8)
def _cached(path: Path, mtime: int, size: int) -> Glossary:
    return load(path)


def _keys(locale: str) -> tuple[str, ...]:
    """``pt_BR`` → ("pt-br", "pt"): a locale column, then its base language's."""
    full = locale.replace("_", "-").split("@")[0].lower()
    base = full.split("-")[0]
    return (full, base) if base != full else (full,)


def _csv_entries(text: str, path: Path) -> tuple[Entry, ...]:
    lines = ["\n" if line.lstrip().startswith("#") else line for line in text.splitlines(keepends=True)]
    # strict: a stray quote ('"A"B') is an error, and so is a quote never closed,
    # which would otherwise swallow the rest of the file into one cell.
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    line = starts = 1  # where the row being read starts, where the next one does
    try:
        for row in reader:
            line, starts = starts, reader.line_num + 1
            if any("\n" in cell or "\r" in cell for cell in row):
                raise ConfigError(
                    "a quoted cell runs over several lines", path=path, line=line, hint="close the quote on its line"
                )
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = _header(row, path, line)
                continue
            entry = _csv_entry(header, row, path, line)
            if entry.source in seen:
                raise ConfigError(
                    f"term '{entry.source}' is already on line {seen[entry.source]}", path=path, line=line
                )
            seen[entry.source] = line
            entries.append(entry)
    except csv.Error as error:
        hint = 'close the quote, or double a quote inside a quoted cell ("")'
        raise ConfigError(f"malformed CSV: {error}", path=path, line=starts, hint=hint) from None
    return tuple(entries)


def _header(row: list[str], path: Path, line: int) -> list[str]:
    header = [cell.strip().lower().replace("_", "-") for cell in row]
    if not any(name in header for name in TERM_COLUMNS):
        separated = next((sep for sep in ";\t|" if any(sep in cell for cell in row)), None)
        hint = (
            f"the cells are separated by {separated!r}: save the file comma-separated (CSV UTF-8)"
            if separated
            else "start the file with: term,fr,es,note"
        )
        raise ConfigError("the header row has no 'term' column", path=path, line=line, hint=hint)
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise ConfigError(f"column '{repeated[0]}' appears twice in the header", path=path, line=line)
    return header


def _csv_entry(header: list[str], row: list[str], path: Path, line: int) -> Entry:
    if len(row) > len(header):
        raise ConfigError(
            f"{len(row)} cells but the header has {len(header)} columns",
            path=path,
            line=line,
            hint="quote cells that contain commas",
        )
    cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
    source = next(cells[name] for name in TERM_COLUMNS if name in cells)
    if not source:
        raise ConfigError("a row with no term", path=path, line=line)
    targets, kept = [], []
    for column, value in cells.items():
        if column in TERM_COLUMNS or column in NOTE_COLUMNS or column in ("dnt", "do-not-translate") or not column:
            continue
        if value.lower() in DNT_MARKERS:
            kept.append(column)
        elif value:
            targets.append((column, value))
    flagged = cells.get("dnt", cells.get("do-not-translate", "")).lower() in YES
    everywhere = flagged or (not targets and not kept)
    return Entry(source, line, () if flagged else tuple(targets), tuple(kept), everywhere)


def _tbx_entries(text: str, path: Path) -> tuple[Entry, ...]:
    for declaration in ("<!DOCTYPE", "<!ENTITY"):
        at = text.find(declaration)
        if at >= 0:
            raise ConfigError(
                f"TBX file declares {declaration[2:]}: refused (entities can expand without bound or read files)",
                path=path,
                line=text.count("\n", 0, at) + 1,
                hint="remove the declaration; TBX needs none",
            )
    import xml.etree.ElementTree as ET  # only for TBX glossaries; build's no-op check imports this module

    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise ConfigError(f"malformed TBX: {error.msg}", path=path, line=error.position[0]) from None
    source_language = (root.get(XML_LANG) or "en").lower()
    starts = [m.start() for m in re.finditer(r"<(?:\w+:)?(?:termEntry|conceptEntry)\b", text)]
    entries = []
    for index, element in enumerate(e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")):
        line = text.count("\n", 0, starts[index]) + 1 if index < len(starts) else 0
        entries.append(_tbx_entry(element, source_language, path, line))
    return tuple(entries)


def _tbx_entry(element: ET.Element, source_language: str, path: Path, line: int) -> Entry:
    everywhere = _untranslatable(element, nested=False)
    source = ""
    targets, kept = [], []
    for lang_set in (e for e in element if _local(e.tag) in ("langSet", "langSec")):
        lang = (lang_set.get(XML_LANG) or "").lower()
        terms = list(_terms(lang_set))
        if not lang or not terms:
            raise ConfigError("a langSet needs an xml:lang and a term", path=path, line=line)
        term, marked = terms[0]
        if lang.split("-")[0] == source_language.split("-")[0] and not source:
            source = term
            everywhere = everywhere or marked or _untranslatable(lang_set, nested=False)
        elif marked or _untranslatable(lang_set, nested=False):
            kept.append(lang.replace("_", "-"))
        else:
            targets.append((lang.replace("_", "-"), term))
    if not source:
        raise ConfigError(f"a termEntry with no '{source_language}' term", path=path, line=line)
    return Entry(source, line, () if everywhere else tuple(targets), tuple(kept), everywhere)


def _terms(lang_set: ET.Element) -> Iterator[tuple[str, bool]]:
    for holder in lang_set:
        if _local(holder.tag) not in ("tig", "ntig", "termSec", "termGrp"):
            continue
        for term in holder.iter():
            if _local(term.tag) == "term" and (term.text or "").strip():
                yield " ".join((term.text or "").split()), _untranslatable(holder, nested=True)
                break


def _untranslatable(element: ET.Element, nested: bool) -> bool:
    notes: Iterable[ET.Element] = element.iter() if nested else element
    for note in notes:
        kind = (note.get("type") or "").replace("-", "").replace("_", "").lower()
        value = (note.text or "").strip().lower()
        if _local(note.tag) not in ("termNote", "descrip", "admin", "note"):
            continue
        if kind == "translate" and value in ("no", "false", "0"):
            return True
        if kind == "donottranslate" and value in YES:
            return True
    return False


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
