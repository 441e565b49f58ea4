"""How far each language has come: review states and check errors per locale and document.

States are :func:`pipeline.review.state`'s (untranslated, machine, needs
review, reviewed); words are the source's (``msgid``), so a document weighs
the same in every language. A document with a template but no catalog yet
for a locale counts as wholly untranslated there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import polib

from pipeline.catalog import read
from pipeline.checks import ERROR, Settings, held_lines
from pipeline.config import Config
from pipeline.errors import CatalogError
from pipeline.review import Counts, Coverage, State, count
from pipeline.update import templates

STATES = (State.REVIEWED, State.MACHINE, State.NEEDS_REVIEW, State.UNTRANSLATED)
FORMATS = ("table", "json", "md")


@dataclass(frozen=True)
class Row:
    """One locale × document (or a total: document "" for a locale's, locale "" for all)."""

    locale: str
    document: str
    entries: dict[str, int] = field(default_factory=dict)  # state value -> entries
    words: dict[str, int] = field(default_factory=dict)  # state value -> source words
    errors: int = 0  # findings of severity error
    unreadable: str = ""  # why the catalog could not be read
    catalog: bool = True  # False: the locale has no catalog yet, so the template was counted

    @property
    def total_entries(self) -> int:
        return sum(self.entries.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def coverage(self) -> Coverage:
        return Coverage(Counts.of(_pairs(self.entries)), Counts.of(_pairs(self.words)))

    @property
    def reviewed(self) -> float:
        """Percentage of words reviewed (100 for an empty document: nothing left to do), as build counts it."""
        return self.coverage.reviewed_percent


def _pairs(by_state: dict[str, int]) -> list[tuple[State, int]]:
    return [(State(name), amount) for name, amount in by_state.items()]


def _count(
    entries: Iterable[polib.POEntry], held: frozenset[int] = frozenset()
) -> tuple[dict[str, int], dict[str, int]]:
    found = count(entries, held)
    entries_by, words_by = found.entries.as_dict(), found.words.as_dict()
    return {s.value: entries_by[s.value] for s in STATES}, {s.value: words_by[s.value] for s in STATES}


def count_entries(entries: Iterable[polib.POEntry]) -> tuple[dict[str, int], dict[str, int]]:
    """Entries and source words by state value, as a :class:`Row` holds them (for the review server's dashboard)."""
    return _count(entries)


def documents(config: Config) -> list[str]:
    """Every document with a source file or a template, by name."""
    if config.external:
        from pipeline import external

        return external.documents(config)
    return sorted({config.doc_name(p) for p in config.documents()} | {doc for doc, _ in templates(config)})


def _read(config: Config, code: str, doc: str) -> tuple[Row, polib.POFile | None] | None:
    po_path, pot_path = config.po_path(code, doc), config.pot_path(doc)
    catalog = po_path.is_file()
    try:
        if catalog:
            po = read(po_path)
        elif pot_path.is_file():
            po = read(pot_path)
        else:
            return None
    except CatalogError as error:
        return Row(code, doc, unreadable=str(error), catalog=catalog), None
    entries, words = _count(po)
    return Row(code, doc, entries, words, catalog=catalog), po


def progress(config: Config, code: str, doc: str) -> Row | None:
    """One locale × document's entries and words by state, as ``l10n status`` counts them (the review page).

    None when the document has neither a catalog nor a template; a catalog that
    cannot be read gives a row that says why. The checks run: an entry with an
    error does not count as reviewed (:func:`pipeline.review.gated`).
    """
    found = _read(config, code, doc)
    if found is None:
        return None
    return _gate(config, Settings.from_config(config), *found)


def _gate(config: Config, settings: Settings, row: Row, po: polib.POFile | None) -> Row:
    """The row with the checks run: error counts, and entries with an error counted as needing review."""
    if po is None or not row.catalog:
        return row
    findings = settings.check(config.relative(config.po_path(row.locale, row.document)), po, row.locale)
    entries, words = _count(po, held_lines(findings))
    return replace(row, entries=entries, words=words, errors=sum(1 for f in findings if f.severity == ERROR))


def collect(config: Config, locales: Sequence[str]) -> list[Row]:
    """A row per locale × document that has a template or a catalog, in config order."""
    settings = Settings.from_config(config)
    names = documents(config)
    rows = []
    for code in locales:
        for doc in names:
            found = _read(config, code, doc)
            if found is None:
                continue
            rows.append(_gate(config, settings, *found))
    return rows


def _sum(rows: Sequence[Row], locale: str, document: str) -> Row:
    entries = {s.value: sum(r.entries.get(s.value, 0) for r in rows) for s in STATES}
    words = {s.value: sum(r.words.get(s.value, 0) for r in rows) for s in STATES}
    return Row(locale, document, entries, words, sum(r.errors for r in rows))


def totals(rows: Sequence[Row]) -> tuple[list[Row], Row]:
    """Each locale's total (in first-seen order) and the grand total."""
    locales = list(dict.fromkeys(r.locale for r in rows))
    per_locale = [_sum([r for r in rows if r.locale == code], code, "") for code in locales]
    return per_locale, _sum(rows, "", "")


def below(rows: Sequence[Row], minimum: float) -> list[Row]:
    """Locales whose words reviewed, over all their documents, are under ``minimum`` percent."""
    return [row for row in totals(rows)[0] if row.reviewed < minimum]


_BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(percent: float, width: int = 20, unicode: bool = True) -> str:
    """A progress bar: unicode eighth-blocks on a terminal, ``#`` and ``.`` otherwise."""
    filled = max(0.0, min(100.0, percent)) / 100 * width
    if not unicode:
        full = round(filled)
        return "#" * full + "." * (width - full)
    full = int(filled)
    part = int((filled - full) * 8)
    text = "█" * full + (_BLOCKS[part] if part and full < width else "")
    return text + "░" * (width - len(text))


def _pair(row: Row, key: State) -> str:
    return f"{row.entries.get(key.value, 0)}/{row.words.get(key.value, 0)}"


def table(rows: Sequence[Row], unicode: bool = False) -> str:
    """The terminal table: entries/words per state, errors, % of words reviewed with a bar."""
    per_locale, grand = totals([r for r in rows if not r.unreadable])
    header = ["locale", "document", "reviewed", "machine", "needs review", "untranslated", "errors", "reviewed %"]
    body: list[list[str]] = []

    def line(row: Row, locale: str, document: str) -> list[str]:
        percent = f"{bar(row.reviewed, unicode=unicode)} {row.reviewed:5.1f}%"
        return [locale, document, *(_pair(row, s) for s in STATES), str(row.errors), percent]

    for total in per_locale:
        mine = [r for r in rows if r.locale == total.locale]
        for row in mine:
            if row.unreadable:
                body.append([row.locale, row.document, f"unreadable: {row.unreadable}"])
            else:
                body.append(line(row, row.locale, row.document))
        if len(mine) > 1:
            body.append(line(total, total.locale, "(all documents)"))
    for row in rows:
        if row.unreadable and row.locale not in {t.locale for t in per_locale}:
            body.append([row.locale, row.document, f"unreadable: {row.unreadable}"])
    if len(per_locale) > 1:
        body.append(line(grand, "all", "(all locales)"))
    widths = [max(len(r[i]) for r in [header, *body] if len(r) > i and len(r) == len(header)) for i in range(8)]
    out = []
    for cells in [header, *body]:
        if len(cells) < len(header):
            out.append(f"{cells[0]:<{widths[0]}}  {cells[1]:<{widths[1]}}  {cells[2]}")
            continue
        aligned = [
            c.ljust(w) if i < 2 or i == 7 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        out.append("  ".join(aligned).rstrip())
    out.append("(entries/words; words are the source's)")
    return "\n".join(out)


def markdown(rows: Sequence[Row]) -> str:
    per_locale, grand = totals([r for r in rows if not r.unreadable])
    out = [
        "| locale | document | reviewed | machine | needs review | untranslated | errors | words reviewed |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row.unreadable:
            out.append(f"| {row.locale} | {_cell(row.document)} | unreadable: {_cell(row.unreadable)} | | | | | |")
            continue
        cells = " | ".join(_pair(row, s) for s in STATES)
        out.append(f"| {row.locale} | {_cell(row.document)} | {cells} | {row.errors} | {row.reviewed:.1f}% |")
    for total in [*per_locale, grand]:
        cells = " | ".join(_pair(total, s) for s in STATES)
        name = f"**{total.locale or 'all'}**"
        out.append(f"| {name} | (total) | {cells} | {total.errors} | **{total.reviewed:.1f}%** |")
    out.append("")
    out.append("Cells are entries/words; words are counted in the source.")
    return "\n".join(out)


_MARKDOWN_SPECIAL = re.compile(r"([\\|*_`\[\]<>#~])")


def _cell(text: str) -> str:
    """Text as one table cell: a '|' in a document's name must not start a new column, '<x>' is no tag."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _json_row(row: Row) -> dict[str, object]:
    data: dict[str, object] = {"locale": row.locale, "document": row.document}
    if row.unreadable:
        data["unreadable"] = row.unreadable
        return data
    data |= {
        "entries": dict(row.entries) | {"total": row.total_entries},
        "words": dict(row.words) | {"total": row.total_words},
        "errors": row.errors,
        "reviewed_percent": round(row.reviewed, 1),
    }
    return data


def as_json(rows: Sequence[Row]) -> str:
    per_locale, grand = totals([r for r in rows if not r.unreadable])
    data = {
        "documents": [_json_row(r) for r in rows],
        "locales": [_json_row(r) for r in per_locale],
        "total": _json_row(grand),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def render(rows: Sequence[Row], form: str, unicode: bool = False) -> str:
    if form == "json":
        return as_json(rows)
    if form == "md":
        return markdown(rows)
    return table(rows, unicode=unicode)
