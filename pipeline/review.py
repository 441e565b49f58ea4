"""Review states, kept within gettext conventions so every PO editor keeps them.

- untranslated: empty msgstr;
- machine: fuzzy, with an ``l10n: machine …`` or ``l10n: memory …``
  translator comment saying what made it;
- needs review: fuzzy otherwise (typically the source changed: ``#| msgid``);
- reviewed: translated and not fuzzy. A reviewer clearing the fuzzy flag in
  Poedit makes a machine entry reviewed; its comment stays as provenance.

Coverage is counted here too, one way for ``status``, ``build`` and the review
page: every active entry once (a sentence repeated in a document is reviewed
once), weighed by the words of its source text.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import polib

PREFIX = "l10n:"
MACHINE = "l10n: machine"
MEMORY = "l10n: memory"
NOT_TRANSLATED = "not translated:"  # the kind of comment saying why an engine's output was not used
_OURS = (MACHINE, MEMORY, f"{PREFIX} {NOT_TRANSLATED}")


class State(enum.Enum):
    UNTRANSLATED = "untranslated"
    MACHINE = "machine"
    NEEDS_REVIEW = "needs review"
    REVIEWED = "reviewed"


def _comment_lines(entry: polib.POEntry) -> list[str]:
    return [line.strip() for line in (entry.tcomment or "").splitlines()]


def provenance(entry: polib.POEntry) -> str | None:
    """What made the translation (engine, model, version), if a machine or memory did."""
    for line in _comment_lines(entry):
        if line.startswith((MACHINE, MEMORY)):
            return line[len(PREFIX) :].strip()
    return None


def state(entry: polib.POEntry) -> State:
    if not entry.msgstr and not any(entry.msgstr_plural.values()):
        return State.UNTRANSLATED
    if not entry.fuzzy:
        return State.REVIEWED
    if entry.previous_msgid:
        return State.NEEDS_REVIEW
    return State.MACHINE if provenance(entry) else State.NEEDS_REVIEW


def set_comment(entry: polib.POEntry, kind: str, text: str) -> None:
    """Replace our own ``l10n: <kind> …`` comment line, keeping the reviewer's lines."""
    lines = [line for line in (entry.tcomment or "").splitlines() if not line.strip().startswith(f"{PREFIX} {kind}")]
    lines.append(f"{PREFIX} {kind} {text}".rstrip())
    entry.tcomment = "\n".join(lines)


def mark_machine(entry: polib.POEntry, translation: str, made_by: str) -> None:
    """Write a machine translation: fuzzy, with its provenance."""
    mark_draft(entry, translation, "machine", made_by)


def mark_draft(entry: polib.POEntry, translation: str, kind: str, note: str) -> None:
    """Write a translation a reviewer has to check: fuzzy, with an ``l10n: <kind> <note>`` comment.

    ``kind`` is "machine" or "memory"; either replaces the other's comment.
    """
    _drop_comments(entry, _OURS)
    entry.msgstr = translation
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    set_comment(entry, kind, note)


def mark_not_translated(entry: polib.POEntry, reason: str) -> None:
    """Leave the entry untranslated, with an ``l10n: not translated: <reason>`` comment for the reviewer."""
    _drop_comments(entry, _OURS)
    set_comment(entry, NOT_TRANSLATED, reason)


def approve(entry: polib.POEntry) -> None:
    """Make the entry reviewed (as clearing fuzzy in Poedit does); the machine comment stays as provenance."""
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.previous_msgctxt = None


def untranslate(entry: polib.POEntry) -> None:
    """Back to untranslated: no translation, no fuzzy flag, no machine or memory provenance."""
    entry.msgstr = ""
    approve(entry)
    _drop_comments(entry, (MACHINE, MEMORY))


def _drop_comments(entry: polib.POEntry, prefixes: tuple[str, ...]) -> None:
    lines = (entry.tcomment or "").splitlines()
    entry.tcomment = "\n".join(line for line in lines if not line.strip().startswith(prefixes))


def ignored_checks(entry: polib.POEntry) -> set[str]:
    """Check ids a reviewer silenced on this entry with ``# l10n: ignore <id> …``."""
    ignored: set[str] = set()
    for line in _comment_lines(entry):
        if line.startswith(f"{PREFIX} ignore"):
            ids = line[len(f"{PREFIX} ignore") :].split("—")[0].split(" - ")[0]  # "— reason" is not an id
            ignored.update(ids.replace(",", " ").split())
    return ignored


def translated(entry: polib.POEntry) -> bool:
    """Whether the entry has a translation (every plural form counts)."""
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def word_count(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Counts:
    """Entries (or their source words) by review state."""

    untranslated: int = 0
    machine: int = 0
    needs_review: int = 0
    reviewed: int = 0

    @property
    def total(self) -> int:
        return self.untranslated + self.machine + self.needs_review + self.reviewed

    def as_dict(self) -> dict[str, int]:
        return {
            State.UNTRANSLATED.value: self.untranslated,
            State.MACHINE.value: self.machine,
            State.NEEDS_REVIEW.value: self.needs_review,
            State.REVIEWED.value: self.reviewed,
        }

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.untranslated + other.untranslated,
            self.machine + other.machine,
            self.needs_review + other.needs_review,
            self.reviewed + other.reviewed,
        )

    @staticmethod
    def of(states: Iterable[tuple[State, int]]) -> Counts:
        totals = dict.fromkeys(State, 0)
        for item, amount in states:
            totals[item] += amount
        return Counts(
            totals[State.UNTRANSLATED], totals[State.MACHINE], totals[State.NEEDS_REVIEW], totals[State.REVIEWED]
        )


@dataclass(frozen=True)
class Coverage:
    """How far a catalog (or a document in one language) has come: the one coverage model."""

    entries: Counts
    words: Counts  # the source's words, so a document weighs the same in every language

    @property
    def reviewed_percent(self) -> float:
        """Percentage of words reviewed (100 when there is nothing to translate)."""
        return _percent(self.words.reviewed, self.words.total)

    @property
    def translated_percent(self) -> float:
        """Percentage of words with any translation (machine and needs-review too)."""
        return _percent(self.words.total - self.words.untranslated, self.words.total)

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(self.entries + other.entries, self.words + other.words)


def _percent(part: int, whole: int) -> float:
    return 100.0 if whole == 0 else 100.0 * part / whole


def coverage(states: Iterable[tuple[str, State]]) -> Coverage:
    """Coverage of (key, state) pairs, each distinct key (``msgctxt\\x04msgid`` or msgid) counted once."""
    distinct = dict(states)
    return Coverage(
        Counts.of((found, 1) for found in distinct.values()),
        Counts.of((found, word_count(key.rpartition("\x04")[2])) for key, found in distinct.items()),
    )


def gated(entry: polib.POEntry, held: Collection[int] = ()) -> State:
    """The entry's state as coverage counts it: the review gate.

    A reviewed entry on which a check reports an error (its line is in ``held``,
    see :func:`pipeline.checks.held_lines`) counts as needing review until the
    translation is fixed or a reviewer writes ``# l10n: ignore <check>``.
    """
    found = state(entry)
    return State.NEEDS_REVIEW if found is State.REVIEWED and held and entry.linenum in held else found


def count(entries: Iterable[polib.POEntry], held: Collection[int] = ()) -> Coverage:
    """A catalog's coverage: its active entries (not the header, not obsolete ones), each once; ``held`` as
    :func:`gated` takes it."""
    return coverage(
        (f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid, gated(e, held))
        for e in entries
        if e.msgid and not e.obsolete
    )
