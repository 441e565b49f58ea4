"""The review page's store: the ``.po`` files themselves, read and written through pipeline.catalog.

There is no database. Every page load reads the catalog; every change goes
through :func:`pipeline.catalog.edit` (the one path every stage writes
through), checks that the entry it touches is still what the reviewer saw (its
*version*, a hash of what a reviewer can see and change), applies only that
entry's change and saves atomically. Entries other people changed meanwhile are
kept as they are on disk; if the entry itself changed, nothing is written and
the caller gets a :class:`Conflict` with both versions.
"""

from __future__ import annotations

import copy
import enum
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import catalog, review
from pipeline.errors import CatalogError
from pipeline.placeholders import tag_problem

_LOCK = threading.Lock()  # one writer at a time within this server


class Action(enum.Enum):
    EDIT = "edit"  # new translation; a reviewer's text is reviewed (as in Poedit)
    APPROVE = "approve"  # clear fuzzy, keep the machine comment as provenance
    UNTRANSLATE = "untranslate"  # back to an empty translation


@dataclass(frozen=True)
class Change:
    key: str  # the entry's msgid_with_context: unique within a catalog
    action: Action
    base: str  # the entry version the reviewer saw
    text: str = ""  # EDIT: the new translation; APPROVE: the one the reviewer saw; UNTRANSLATE: ""


@dataclass(frozen=True)
class Saved:
    entry: polib.POEntry  # the entry as it is on disk now
    written: bool


@dataclass(frozen=True)
class Conflict:
    """The entry changed on disk since the page loaded it; nothing was written."""

    mine: str  # the translation the reviewer wanted ("" to send it back to untranslated)
    theirs: polib.POEntry | None  # the entry on disk now; None if it is gone


class Refused(CatalogError):
    """A change that would break the catalog or the build (lost tag, empty approval)."""


def entries(po: polib.POFile) -> list[polib.POEntry]:
    """The entries a reviewer works on: not the header, not obsolete ones."""
    return [e for e in po if e.msgid and not e.obsolete]


def version(entry: polib.POEntry) -> str:
    """A hash of what the review page shows and changes; source references and line numbers do not count."""
    parts = [
        entry.msgctxt or "",
        entry.msgid,
        entry.msgstr,
        repr(sorted(entry.msgstr_plural.items())),
        "fuzzy" if entry.fuzzy else "",
        entry.previous_msgid or "",
        entry.tcomment or "",
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


def find(po: polib.POFile, key: str) -> polib.POEntry | None:
    for entry in entries(po):
        if entry.msgid_with_context == key:
            return entry
    return None


def apply(entry: polib.POEntry, change: Change) -> None:
    """Change ``entry`` in place, or raise :class:`Refused` saying why not."""
    if entry.msgid_plural:
        raise Refused("plural entries cannot be edited here", hint="use a PO editor such as Poedit")
    if change.action is Action.EDIT:
        text = change.text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            review.untranslate(entry)
            return
        _refuse_broken(entry.msgid, text)
        entry.msgstr = text
        review.approve(entry)
    elif change.action is Action.APPROVE:
        if not entry.msgstr:
            raise Refused("nothing to approve: the entry is untranslated", hint="edit it first")
        _refuse_broken(entry.msgid, entry.msgstr)
        review.approve(entry)
    else:
        review.untranslate(entry)


def _refuse_broken(source: str, text: str) -> None:
    problem = tag_problem(source, text)
    if problem:
        raise Refused(
            f"not saved: the translation's tags do not match the source ({problem})",
            hint="put the missing tags back (click them under the editor)",
        )
    for edge, where in ((source[:1], text[:1]), (source[-1:], text[-1:])):
        if (edge == "\n") != (where == "\n"):
            raise Refused(
                "not saved: the translation must start and end with a line break exactly where the source does",
                hint="msgfmt --check rejects the catalog otherwise",
            )


def load(path: Path) -> polib.POFile:
    return catalog.read(path)


def save(path: Path, change: Change) -> Saved | Conflict:
    """Apply ``change`` to the catalog as it is on disk now; never overwrite someone else's work.

    Goes through :func:`pipeline.catalog.edit` (the lock every l10n process
    takes, the re-read, the check for an editor saving meanwhile): entries
    other people changed are kept as they are on disk; if this entry changed
    since the page showed it, nothing is written.
    """
    outcome: Saved | Conflict | None = None

    def apply_change(po: polib.POFile | None) -> polib.POFile | None:
        nonlocal outcome
        assert po is not None  # edit() raises for a missing catalog
        entry = find(po, change.key)
        if entry is None:
            outcome = Conflict(mine=change.text, theirs=None)
            return None
        theirs = copy.deepcopy(entry)
        apply(entry, change)
        if version(entry) == version(theirs):
            outcome = Saved(entry, written=False)  # already so on disk (maybe someone made the same change)
            return None
        if version(theirs) != change.base:
            outcome = Conflict(mine=change.text, theirs=theirs)
            return None
        po.metadata["PO-Revision-Date"] = catalog.now()
        outcome = Saved(entry, written=True)
        return po

    with _LOCK:
        written = catalog.edit(path, apply_change)
    assert outcome is not None
    if isinstance(outcome, Saved) and outcome.written != written:
        outcome = Saved(outcome.entry, written)
    return outcome
