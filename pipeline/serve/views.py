"""What the review pages show, as plain data: the dashboard, the entries, chips and diffs.

Templates only lay these out; nothing here knows about HTTP.
"""

from __future__ import annotations

import difflib
import gettext
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale

from pipeline import catalog, checks, review, status
from pipeline.checkers import Term
from pipeline.checkers.terms import load_glossary
from pipeline.config import Config
from pipeline.errors import L10nError
from pipeline.languages import Language, language
from pipeline.placeholders import tags
from pipeline.review import State
from pipeline.serve import store

STATES = tuple(State)


@dataclass(frozen=True)
class Run:
    """A stretch of a message: plain text, one numbered tag shown as a chip, or a glossary term."""

    text: str
    tag: bool = False
    term: str | None = None  # a glossary term: what the glossary asks for ("" for do-not-translate)


@dataclass(frozen=True)
class DiffRun:
    op: str  # "same", "ins" or "del"
    text: str


@dataclass(frozen=True)
class Shown:
    """A check finding as the page shows it."""

    check: str
    severity: str
    message: str


@dataclass(frozen=True)
class Form:
    """One plural form of a translation, named by its CLDR category ("one", "few", "other")."""

    index: int
    category: str
    examples: str  # numbers that take this form: "1, 21, 31, …"
    text: str


@dataclass(frozen=True)
class TermHit:
    """A glossary term found in the source, with the translation the glossary asks for."""

    source: str
    target: str  # "" for a do-not-translate term


@dataclass(frozen=True)
class EntryView:
    number: int  # 1-based position in the catalog, for anchors
    key: str
    version: str
    source: tuple[Run, ...]
    msgid: str
    msgstr: str
    translation: tuple[Run, ...]
    state: State
    provenance: str | None
    findings: tuple[Shown, ...]
    previous: tuple[DiffRun, ...]  # empty unless the source changed (#| msgid)
    notes: tuple[str, ...]  # extracted comments: what each tag stands for
    plural: bool
    context: str = ""  # msgctxt
    comments: tuple[str, ...] = ()  # translator comments (# …), ours included
    references: tuple[str, ...] = ()  # #: file:line
    msgid_plural: str = ""
    forms: tuple[Form, ...] = ()  # plural entries: one per form
    terms: tuple[TermHit, ...] = ()

    @property
    def errors(self) -> tuple[Shown, ...]:
        return tuple(f for f in self.findings if f.severity == checks.ERROR)

    @property
    def held(self) -> bool:
        """Approved, but an error keeps it from counting as reviewed (the review gate: status, build)."""
        return self.state is State.REVIEWED and any(f.severity == "error" for f in self.findings)


@dataclass(frozen=True)
class Item:
    """What the filters and the search need of an entry, computed once per version of it."""

    state: State
    findings: tuple[Shown, ...]
    haystack: str  # casefolded source, translation, context, comments and references


@dataclass(frozen=True)
class Filters:
    state: str = ""
    check: str = ""
    q: str = ""
    page: int = 1
    per: int = 50

    def matches(self, item: Item, words: list[str]) -> bool:
        if self.state and item.state.value != self.state:
            return False
        if self.check and not any(f.check == self.check for f in item.findings):
            return False
        return all(w in item.haystack for w in words)

    @property
    def words(self) -> list[str]:
        return self.q.casefold().split()


@dataclass(frozen=True)
class DocumentView:
    locale: str
    doc: str
    language: Language
    source_rtl: bool
    entries: tuple[EntryView, ...]  # this page of the entries that match the filters
    total: int
    counts: dict[State, int]
    check_counts: dict[str, int]
    matched: int = 0  # entries that match the filters, on every page
    page: int = 1
    pages: int = 1
    work: int = 0  # entries not reviewed yet
    with_errors: int = 0  # translated entries with an error finding


def runs(text: str) -> tuple[Run, ...]:
    """Split ``text`` at its numbered tags, so that the page can draw each tag as a chip."""
    out: list[Run] = []
    pos = 0
    for tag in tags(text):
        if tag.start > pos:
            out.append(Run(text[pos : tag.start]))
        out.append(Run(text[tag.start : tag.end], tag=True))
        pos = tag.end
    if pos < len(text):
        out.append(Run(text[pos:]))
    return tuple(out)


_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> tuple[DiffRun, ...]:
    """``old`` → ``new`` word by word: what a reviewer must check in a translation of ``old``."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out: list[DiffRun] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(DiffRun("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(DiffRun("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(DiffRun("ins", "".join(b[j1:j2])))
    return tuple(out)


def templates(config: Config) -> list[str]:
    """The project's documents as ``l10n status`` lists them: a source file or a template (``locales/<doc>.pot``).

    Catalogs handed to a reviewer without their ``.pot`` are still reviewable.
    """
    return status.documents(config)


def dashboard(config: Config) -> list[status.Row]:
    """Every locale × document with a template: ``l10n status``'s figures, without the checks.

    A locale without a catalog yet has ``catalog`` false (its template was counted).
    Catalogs come from the store's memory when unchanged on disk, and their
    checks from the index the document pages use (a reviewed entry with an error
    counts as needing review, as in ``l10n status``), so the dashboard does not
    re-read and re-check 50 catalogs at every visit.
    """
    rows = []
    for code in config.locales:
        for doc in templates(config):
            path = config.po_path(code, doc)
            if not path.is_file():
                row = status.progress(config, code, doc)
                if row is not None:
                    rows.append(row)
                continue
            try:
                loaded = store.load(path)
            except L10nError as error:
                rows.append(status.Row(code, doc, unreadable=str(error)))
                continue
            items = index(loaded, code, config)
            with store.LOCK:
                if loaded.counts is None or loaded.counts[0] != loaded.generation:
                    loaded.counts = (loaded.generation, *_gated_counts(loaded.entries, items))
                _, entries_by, words_by = loaded.counts
            rows.append(status.Row(code, doc, dict(entries_by), dict(words_by)))
    return rows


def _gated_counts(entries: list[polib.POEntry], items: list[Item]) -> tuple[dict[str, int], dict[str, int]]:
    """Entries and words by state as ``l10n status`` counts them: a reviewed entry with an error needs review."""
    found = review.coverage(
        (
            f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid,
            State.NEEDS_REVIEW
            if it.state is State.REVIEWED and any(f.severity == checks.ERROR for f in it.findings)
            else it.state,
        )
        for e, it in zip(entries, items, strict=True)
    )
    entries_by, words_by = found.entries.as_dict(), found.words.as_dict()
    return {s.value: entries_by[s.value] for s in status.STATES}, {s.value: words_by[s.value] for s in status.STATES}


def terms(config: Config, code: str) -> tuple[Term, ...]:
    """The glossary as ``code`` sees it, for the terms check; none if the glossary cannot be read.

    A broken glossary must not stop a review: ``l10n check`` reports it.
    """
    try:
        return load_glossary(config.root, code, config.translate.glossary)
    except L10nError:
        return ()


def findings(
    entry: polib.POEntry, code: str, config: Config, glossary_terms: tuple[Term, ...], nplurals: int = 0
) -> tuple[Shown, ...]:
    """The checks' findings on one translated entry (an untranslated one's state says it all).

    ``nplurals``: the catalog's own count of plural forms (0: the language's).
    """
    if not review.translated(entry):
        return ()
    disabled = frozenset(config.checks_disabled) | frozenset(config.locale(code).checks_disabled)
    found = checks.check_entry(
        entry,
        code,
        source_language=config.source_language,
        disabled=disabled,
        glossary=glossary_terms,
        nplurals=nplurals,
    )
    return tuple(Shown(f.check, f.severity, f.message) for f in found)


def nplurals(loaded: store.Loaded) -> int:
    return catalog.plural_count(loaded.po) or 0


def gate(code: str, config: Config, forms: int = 0) -> store.Gate:
    """The errors that block approving an entry: error-severity findings the entry does not silence."""
    glossary_terms = terms(config, code)

    def errors(entry: polib.POEntry) -> list[tuple[str, str]]:
        found = findings(entry, code, config, glossary_terms, forms)
        return [(f.check, f.message) for f in found if f.severity == checks.ERROR]

    return errors


def item(entry: polib.POEntry, code: str, config: Config, glossary_terms: tuple[Term, ...], forms: int = 0) -> Item:
    parts = [
        entry.msgctxt or "",
        entry.msgid,
        entry.msgid_plural or "",
        entry.msgstr,
        *entry.msgstr_plural.values(),
        entry.tcomment or "",
        entry.comment or "",
        *(f"{file}:{line}" if line else file for file, line in entry.occurrences),
    ]
    found = findings(entry, code, config, glossary_terms, forms)
    return Item(review.state(entry), found, "\n".join(parts).casefold())


_ITEMS: dict[tuple[Path, int], tuple[store.Loaded, list[Item], Config, int]] = {}  # (path, id(config)) -> ...


def index(loaded: store.Loaded, code: str, config: Config) -> list[Item]:
    """Every entry's state, findings and search text: the checks run once per version of each entry.

    A catalog read anew (changed on disk) is indexed whole; after this server's
    own saves only the entries they changed are checked again.
    """
    with store.LOCK:
        key = (loaded.path, id(config))
        cached = _ITEMS.get(key)
        if cached is not None and cached[0] is loaded and cached[2] is config:
            items, seen = cached[1], cached[3]
            if seen < loaded.generation:
                changed = set(loaded.changes[seen:])
                old, items = items, list(items)
                glossary_terms = terms(config, code)
                for i in changed:
                    items[i] = item(loaded.entries[i], code, config, glossary_terms, nplurals(loaded))
                _carry_totals(old, items, changed)
        else:
            glossary_terms = terms(config, code)
            forms = nplurals(loaded)
            items = [item(e, code, config, glossary_terms, forms) for e in loaded.entries]
        _ITEMS[key] = (loaded, items, config, loaded.generation)
        return items


def plural_forms(entry: polib.POEntry, code: str, plural_header: str) -> tuple[Form, ...]:
    """The entry's forms named by CLDR category, found by running the catalog's Plural-Forms on sample numbers."""
    if not entry.msgid_plural:
        return ()
    indexes = sorted(entry.msgstr_plural) or [0]
    names = _categories(code, plural_header, len(indexes))
    return tuple(Form(i, *names.get(i, (f"form {i}", "")), entry.msgstr_plural.get(i, "")) for i in indexes)


def _categories(code: str, plural_header: str, count: int) -> dict[int, tuple[str, str]]:
    match = re.search(r"plural\s*=\s*([^;]+)", plural_header)
    try:
        rule = gettext.c2py(match.group(1) if match else "n != 1")
        cldr = Locale.parse(language(code).base)
    except (ValueError, TypeError, RecursionError, SyntaxError):
        return {}
    found: dict[int, tuple[list[str], list[int]]] = {}
    for n in range(0, 1001):
        try:
            index = rule(n)
        except (ZeroDivisionError, OverflowError):
            continue
        names, samples = found.setdefault(index, ([], []))
        category = cldr.plural_form(n)
        if category not in names:
            names.append(category)
        if len(samples) < 4:
            samples.append(n)
    return {
        i: ("/".join(names), ", ".join(map(str, samples)) + (", …" if len(samples) == 4 else ""))
        for i, (names, samples) in found.items()
        if i < count
    }


def _count_in(plural_header: str) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", plural_header)
    return int(found.group(1)) if found else 0


def highlight(found: tuple[Run, ...], glossary_terms: tuple[Term, ...]) -> tuple[Run, ...]:
    """``found`` with the glossary's terms cut out of the text runs, whole words only, longest term first."""
    known = sorted((t for t in glossary_terms if t.source.strip()), key=lambda t: -len(t.source))
    if not known:
        return found
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(t.source)}(?!\w)" for t in known), re.IGNORECASE)
    targets = {t.source.casefold(): t.target for t in known}
    out: list[Run] = []
    for run in found:
        if run.tag:
            out.append(run)
            continue
        pos = 0
        for match in pattern.finditer(run.text):
            if match.start() > pos:
                out.append(Run(run.text[pos : match.start()]))
            out.append(Run(match.group(0), term=targets.get(match.group(0).casefold(), "")))
            pos = match.end()
        if pos < len(run.text):
            out.append(Run(run.text[pos:]))
    return tuple(out)


def term_hits(source: str, glossary_terms: tuple[Term, ...]) -> tuple[TermHit, ...]:
    folded = source.casefold()
    hits = [TermHit(t.source, t.target) for t in glossary_terms if t.source and t.source.casefold() in folded]
    return tuple(dict.fromkeys(hits))


def entry_view(
    number: int,
    entry: polib.POEntry,
    code: str,
    config: Config,
    glossary_terms: tuple[Term, ...] = (),
    known: Item | None = None,
    plural_header: str = "",
) -> EntryView:
    previous = word_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid else ()
    return EntryView(
        number=number,
        key=entry.msgid_with_context,
        version=store.version(entry),
        source=highlight(runs(entry.msgid), glossary_terms),
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        translation=runs(entry.msgstr),
        state=review.state(entry),
        provenance=review.provenance(entry),
        findings=known.findings
        if known is not None
        else findings(entry, code, config, glossary_terms, _count_in(plural_header)),
        previous=previous,
        notes=tuple(line for line in (entry.comment or "").splitlines() if line.strip()),
        plural=bool(entry.msgid_plural),
        context=entry.msgctxt or "",
        comments=tuple(
            line
            for line in (entry.tcomment or "").splitlines()
            if line.strip() and not line.strip().startswith((review.MACHINE, review.MEMORY))  # shown as provenance
        ),
        references=tuple(f"{file}:{line}" if line else file for file, line in entry.occurrences),
        msgid_plural=entry.msgid_plural or "",
        forms=plural_forms(entry, code, plural_header or language(code).plural_forms),
        terms=term_hits(entry.msgid, glossary_terms),
    )


def document(config: Config, code: str, doc: str, path: Path, filters: Filters = Filters()) -> DocumentView:
    """One page of a catalog's entries that match ``filters`` (state, check id, search words)."""
    loaded = store.load(path)
    items = index(loaded, code, config)
    words = filters.words
    if filters.state or filters.check or words:
        matched = [i for i, it in enumerate(items) if filters.matches(it, words)]
    else:
        matched = list(range(len(items)))
    pages = max(1, math.ceil(len(matched) / filters.per))
    page = min(max(1, filters.page), pages)
    shown = matched[(page - 1) * filters.per : page * filters.per]
    glossary_terms = terms(config, code) if shown else ()
    header = loaded.po.metadata.get("Plural-Forms", "")
    counts, check_counts, with_errors = _totals(items)
    return DocumentView(
        locale=code,
        doc=doc,
        language=language(code),
        source_rtl=language(config.source_language).rtl,
        entries=tuple(
            entry_view(i + 1, loaded.entries[i], code, config, glossary_terms, items[i], header) for i in shown
        ),
        total=len(items),
        counts={s: counts[s] for s in STATES},
        check_counts=check_counts,
        matched=len(matched),
        page=page,
        pages=pages,
        work=len(items) - counts[State.REVIEWED],
        with_errors=with_errors,
    )


_TOTALS: dict[int, tuple[list[Item], tuple[Counter[State], dict[str, int], int]]] = {}


def _totals(items: list[Item]) -> tuple[Counter[State], dict[str, int], int]:
    """Entries by state, findings by check, entries with errors: once per version of the index."""
    with store.LOCK:
        kept = _TOTALS.get(id(items))
        if kept is not None and kept[0] is items:
            return kept[1]
        states = Counter(it.state for it in items)
        flagged = [it for it in items if it.findings]
        by_check = dict(sorted(Counter(f.check for it in flagged for f in it.findings).items()))
        errors = sum(1 for it in flagged if any(f.severity == checks.ERROR for f in it.findings))
        if len(_TOTALS) > 64:
            _TOTALS.clear()
        _TOTALS[id(items)] = (items, (states, by_check, errors))
        return states, by_check, errors


def _carry_totals(old: list[Item], new: list[Item], changed: set[int]) -> None:
    """The totals of ``new`` from those of ``old`` and the few entries that changed (a save: one)."""
    kept = _TOTALS.get(id(old))
    if kept is None or kept[0] is not old:
        return
    states, by_check, errors = Counter(kept[1][0]), Counter(kept[1][1]), kept[1][2]
    for i in changed:
        for it, sign in ((old[i], -1), (new[i], 1)):
            states[it.state] += sign
            for f in it.findings:
                by_check[f.check] += sign
            errors += sign * any(f.severity == checks.ERROR for f in it.findings)
    checks_left = {k: v for k, v in sorted(by_check.items()) if v > 0}
    _TOTALS[id(new)] = (new, (states, checks_left, errors))


def state_counts(items: list[Item]) -> Counter[State]:
    return _totals(items)[0]


WANTS = ("work", "untranslated", "findings")


def following(config: Config, code: str, path: Path, after: int, want: str, filters: Filters) -> tuple[int, int] | None:
    """The next entry after number ``after`` that ``want`` asks for among those ``filters`` show (wrapping
    round), and the page it is on."""
    loaded = store.load(path)
    items = index(loaded, code, config)
    words = filters.words
    shown = [i for i, it in enumerate(items) if filters.matches(it, words)]
    start = next((n for n, i in enumerate(shown) if i + 1 > after), 0) if after > 0 else 0
    for n in [*range(start, len(shown)), *range(start)]:
        it = items[shown[n]]
        if want == "untranslated":
            hit = it.state is State.UNTRANSLATED
        elif want == "findings":
            hit = bool(it.findings)
        else:
            hit = it.state is not State.REVIEWED
        if hit and shown[n] + 1 != after:
            return shown[n] + 1, n // filters.per + 1
    return None
