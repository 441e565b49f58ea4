"""Review states, kept within gettext conventions so every PO editor keeps them.

- untranslated: empty msgstr;
- machine: fuzzy, with an ``l10n: machine …`` or ``l10n: memory …``
  translator comment saying what made it;
- needs review: fuzzy otherwise (typically the source changed: ``#| msgid``);
- reviewed: translated and not fuzzy. A reviewer clearing the fuzzy flag in
  Poedit makes a machine entry reviewed; its comment stays as provenance.
"""

from __future__ import annotations

import enum

import polib

PREFIX = "l10n:"
MACHINE = "l10n: machine"
MEMORY = "l10n: memory"


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
    entry.msgstr = translation
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    set_comment(entry, "machine", made_by)


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
