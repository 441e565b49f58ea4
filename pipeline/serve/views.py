"""What the review pages show, as plain data: the dashboard, the entries, chips and diffs.

Templates only lay these out; nothing here knows about HTTP.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import checks, review, status
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
    """A stretch of a message: plain text, or one numbered tag shown as a chip."""

    text: str
    tag: bool = False


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

    @property
    def held(self) -> bool:
        """Approved, but an error keeps it from counting as reviewed (the review gate: status, build)."""
        return self.state is State.REVIEWED and any(f.severity == "error" for f in self.findings)


@dataclass(frozen=True)
class DocumentView:
    locale: str
    doc: str
    language: Language
    source_rtl: bool
    entries: tuple[EntryView, ...]  # after filtering
    total: int
    counts: dict[State, int]
    check_counts: dict[str, int]


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
    """
    docs = templates(config)
    rows = (status.progress(config, code, doc) for code in config.locales for doc in docs)
    return [row for row in rows if row is not None]


def terms(config: Config, code: str) -> tuple[Term, ...]:
    """The glossary as ``code`` sees it, for the terms check; none if the glossary cannot be read.

    A broken glossary must not stop a review: ``l10n check`` reports it.
    """
    try:
        return load_glossary(config.root, code, config.translate.glossary)
    except L10nError:
        return ()


def findings(entry: polib.POEntry, code: str, config: Config, glossary_terms: tuple[Term, ...]) -> tuple[Shown, ...]:
    """The checks' findings on one translated entry (an untranslated one's state says it all)."""
    if not entry.msgstr:
        return ()
    disabled = frozenset(config.checks_disabled) | frozenset(config.locale(code).checks_disabled)
    found = checks.check_entry(
        entry, code, source_language=config.source_language, disabled=disabled, glossary=glossary_terms
    )
    return tuple(Shown(f.check, f.severity, f.message) for f in found)


def entry_view(
    number: int, entry: polib.POEntry, code: str, config: Config, glossary_terms: tuple[Term, ...] = ()
) -> EntryView:
    previous = word_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid else ()
    return EntryView(
        number=number,
        key=entry.msgid_with_context,
        version=store.version(entry),
        source=runs(entry.msgid),
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        translation=runs(entry.msgstr),
        state=review.state(entry),
        provenance=review.provenance(entry),
        findings=findings(entry, code, config, glossary_terms),
        previous=previous,
        notes=tuple(line for line in (entry.comment or "").splitlines() if line.strip()),
        plural=bool(entry.msgid_plural),
    )


def document(config: Config, code: str, doc: str, path: Path, state: str = "", check: str = "") -> DocumentView:
    """One catalog's entries, filtered by review state and/or check id (empty: all)."""
    po = store.load(path)
    glossary_terms = terms(config, code)
    views = [entry_view(n, e, code, config, glossary_terms) for n, e in enumerate(store.entries(po), start=1)]
    counts = Counter(v.state for v in views)
    check_counts = Counter(f.check for v in views for f in v.findings)
    shown = [
        v
        for v in views
        if (not state or v.state.value == state) and (not check or any(f.check == check for f in v.findings))
    ]
    return DocumentView(
        locale=code,
        doc=doc,
        language=language(code),
        source_rtl=language(config.source_language).rtl,
        entries=tuple(shown),
        total=len(views),
        counts={s: counts[s] for s in STATES},
        check_counts=dict(sorted(check_counts.items())),
    )
