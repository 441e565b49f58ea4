"""The review page's store: the ``.po`` files themselves, read and written through pipeline.catalog.

There is no database. Each catalog is parsed once per version of the file (its
size and modification time, then its SHA-256 when those moved) and kept in
memory with the text of each entry, so that a page of a 10,000-entry catalog
does not re-read it and a save re-renders only the entry it changed.

Every change checks that the file is still the version in memory (re-reading it
if another program wrote it), checks that the entry it touches is still what the
reviewer saw (its *version*, a hash of what a reviewer can see and change),
applies only that entry's change and saves atomically. Entries other people
changed meanwhile are kept as they are on disk; if the entry itself changed,
nothing is written and the caller gets a :class:`Conflict` with both versions.
"""

from __future__ import annotations

import copy
import enum
import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline import catalog, review
from pipeline.errors import CatalogError
from pipeline.placeholders import tag_problem

LOCK = threading.RLock()  # one writer at a time within this server; the caches change under it too


class Action(enum.Enum):
    EDIT = "edit"  # new translation; a reviewer's text is reviewed (as in Poedit)
    APPROVE = "approve"  # clear fuzzy, keep the machine comment as provenance
    NEEDS_WORK = "needs-work"  # fuzzy again, the text kept
    UNTRANSLATE = "untranslate"  # back to an empty translation
    COMMENT = "comment"  # add a translator comment line (``# …``)


@dataclass(frozen=True)
class Change:
    key: str  # the entry's msgid_with_context: unique within a catalog
    action: Action
    base: str  # the entry version the reviewer saw
    text: str = ""  # EDIT: the new translation; APPROVE: the one the reviewer saw; COMMENT: the comment
    forms: tuple[str, ...] = ()  # EDIT of a plural entry: one translation per plural form
    override: str = ""  # the reviewer's reason to approve despite error findings
    reviewer: str = ""  # "Name <mail>": recorded in the entry and as the catalog's Last-Translator


@dataclass(frozen=True)
class Saved:
    entry: polib.POEntry  # the entry as it is on disk now
    written: bool
    before: polib.POEntry | None = None  # the entry before this change, for undo (None if nothing was written)


@dataclass(frozen=True)
class Conflict:
    """The entry changed on disk since the page loaded it; nothing was written."""

    mine: str  # the translation the reviewer wanted ("" to send it back to untranslated)
    theirs: polib.POEntry | None  # the entry on disk now; None if it is gone


class Refused(CatalogError):
    """A change that would break the catalog or the build (lost tag, empty approval)."""


class Blocked(Refused):
    """Approval of an entry with error findings, without a reason to override them."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = tuple(errors)
        super().__init__(
            f"not approved: {'; '.join(errors)}",
            hint="fix the translation, or approve anyway with a reason (written as '# l10n: ignore <check> — reason')",
        )


Gate = Callable[[polib.POEntry], list[tuple[str, str]]]  # the (check id, message) errors of an entry


@dataclass
class Loaded:
    """One catalog as it is on disk, parsed once; mutated in place by this server's own saves."""

    path: Path
    stamp: tuple[int, int]
    digest: str
    po: polib.POFile
    entries: list[polib.POEntry]  # the reviewable ones, in file order (number = index + 1)
    position: dict[str, int]  # key -> index in ``entries``
    chunks: list[str] | None = None  # render(po) per entry, made on the first save
    obsolete: list[int] = field(default_factory=list)  # where the obsolete entries are in ``po`` (rendered last)
    at: dict[str, int] = field(default_factory=dict)  # key -> index in ``po``
    changes: list[int] = field(default_factory=list)  # the entries this server's saves changed, in order

    @property
    def generation(self) -> int:
        """How many saves this server made to this version of the catalog (derived data keeps up by it)."""
        return len(self.changes)

    counts: tuple[int, dict[str, int], dict[str, int]] | None = None  # the dashboard's: generation, entries, words


_CACHE: dict[Path, Loaded] = {}


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


def apply(entry: polib.POEntry, change: Change, gate: Gate | None = None) -> None:
    """Change ``entry`` in place, or raise :class:`Refused` saying why not."""
    action = change.action
    if action is Action.COMMENT:
        text = " ".join(change.text.split())
        if not text:
            raise Refused("nothing to add: the comment is empty", hint="type the comment first")
        entry.tcomment = "\n".join([*(entry.tcomment or "").splitlines(), text])
        return
    if action is Action.UNTRANSLATE:
        _untranslate(entry)
        return
    if action is Action.NEEDS_WORK:
        if not review.translated(entry):
            raise Refused("nothing to mark: the entry is untranslated", hint="translate it first")
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        _drop_comment(entry, "reviewed")
        # A reviewer's "needs work" outranks what made the text: shown as needs review, the maker kept in words.
        lines = (entry.tcomment or "").splitlines()
        entry.tcomment = "\n".join(
            f"{review.PREFIX} needs work, was {line.strip()[len(review.PREFIX) :].strip()}"
            if line.strip().startswith((review.MACHINE, review.MEMORY))
            else line
            for line in lines
        )
        return
    if action is Action.EDIT:
        if entry.msgid_plural:
            _edit_forms(entry, change.forms)
        else:
            text = _newlines(change.text)
            if not text.strip():
                _untranslate(entry)
                return
            _refuse_broken(entry.msgid, text)
            entry.msgstr = text
    else:  # APPROVE
        if not review.translated(entry):
            raise Refused("nothing to approve: the entry is untranslated", hint="edit it first")
        for source, form in _pairs(entry):
            _refuse_broken(source, form)
    _gate(entry, change, gate)
    _reviewed(entry, change.reviewer)


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [(entry.msgid if i == 0 and len(forms) > 1 else entry.msgid_plural, f) for i, f in enumerate(forms)]


def _edit_forms(entry: polib.POEntry, forms: tuple[str, ...]) -> None:
    have = sorted(entry.msgstr_plural) or [0]
    if len(forms) != len(have):
        raise Refused(
            f"not saved: this entry has {len(have)} plural forms, the page sent {len(forms)}",
            hint="reload the page",
        )
    texts = [_newlines(f) for f in forms]
    if any(t.strip() for t in texts) and not all(t.strip() for t in texts):
        raise Refused("not saved: fill every plural form, or none", hint="msgfmt rejects a partly translated plural")
    entry.msgstr_plural = dict(zip(have, texts, strict=True))
    for source, form in _pairs(entry):
        if form:
            _refuse_broken(source, form)


def _gate(entry: polib.POEntry, change: Change, gate: Gate | None) -> None:
    """Refuse an approval with error findings, unless the reviewer gave a reason (then recorded)."""
    if gate is None:
        return
    errors = gate(entry)
    if not errors:
        return
    reason = " ".join(change.override.split())
    if not reason:
        raise Blocked([f"{check}: {message}" for check, message in errors])
    for check in dict.fromkeys(check for check, _ in errors):
        entry.tcomment = "\n".join([*(entry.tcomment or "").splitlines(), f"{review.PREFIX} ignore {check} — {reason}"])


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def _drop_comment(entry: polib.POEntry, kind: str) -> None:
    lines = (entry.tcomment or "").splitlines()
    entry.tcomment = "\n".join(line for line in lines if not line.strip().startswith(f"{review.PREFIX} {kind}"))


def _reviewed(entry: polib.POEntry, reviewer: str = "") -> None:
    review.approve(entry)
    if reviewer:
        review.set_comment(entry, "reviewed", f"by {reviewer} on {catalog.now()}")


def _untranslate(entry: polib.POEntry) -> None:
    review.untranslate(entry)
    if entry.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(sorted(entry.msgstr_plural) or [0], "")
    _drop_comment(entry, "reviewed")


def load(path: Path) -> Loaded:
    """The catalog at ``path``: from memory if the file is the version read last, else read now."""
    with LOCK:
        stamp = _stamp(path)
        cached = _CACHE.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached
        data = _read_bytes(path)
        digest = hashlib.sha256(data).hexdigest()
        if cached is not None and cached.digest == digest:
            cached.stamp = stamp  # touched, not changed
            return cached
        loaded = _parsed(path, catalog.read(path))
        loaded.stamp, loaded.digest = stamp, digest
        _CACHE[path] = loaded
        return loaded


def forget(path: Path) -> None:
    with LOCK:
        _CACHE.pop(path, None)


def save(path: Path, change: Change, gate: Gate | None = None) -> Saved | Conflict:
    """Apply ``change`` to the catalog as it is on disk now; never overwrite someone else's work.

    ``gate`` gives the error findings that block an approval (see :func:`apply`).
    Goes through :func:`pipeline.catalog.edit` (the lock every l10n process
    takes, the check for an editor saving meanwhile), handing it the catalog in
    memory when the file still holds its bytes.
    """
    outcome: list[Saved | Conflict] = []

    def change_entry(loaded: Loaded, index: int) -> polib.POEntry | None:
        theirs = loaded.entries[index]
        entry = copy.deepcopy(theirs)
        if version(theirs) != change.base:
            # Someone changed the entry since the page showed it: fine only if it is now what was wanted.
            try:
                apply(entry, change, gate)
            except Refused:
                outcome.append(Conflict(mine=change.text, theirs=copy.deepcopy(theirs)))
                return None
            if version(entry) == version(theirs) and _as_wanted(theirs, change):
                outcome.append(Saved(theirs, written=False))
            else:
                outcome.append(Conflict(mine=change.text, theirs=copy.deepcopy(theirs)))
            return None
        apply(entry, change, gate)
        if version(entry) == version(theirs):
            outcome.append(Saved(theirs, written=False))  # nothing to change (approving twice)
            return None
        outcome.append(Saved(entry, written=True, before=copy.deepcopy(theirs)))
        return entry

    return _edit(path, change.key, change_entry, outcome, change.reviewer, change.text)


def restore(path: Path, before: polib.POEntry, base: str) -> Saved | Conflict:
    """Put back ``before`` (undo), if the entry is still the version ``base`` this server wrote."""
    outcome: list[Saved | Conflict] = []

    def put_back(loaded: Loaded, index: int) -> polib.POEntry | None:
        current = loaded.entries[index]
        if version(current) != base:
            outcome.append(Conflict(mine=before.msgstr, theirs=copy.deepcopy(current)))
            return None
        entry = copy.deepcopy(before)
        entry.occurrences = current.occurrences  # where the source is may have moved meanwhile: keep today's
        entry.comment = current.comment
        outcome.append(Saved(entry, written=True, before=copy.deepcopy(current)))
        return entry

    return _edit(path, before.msgid_with_context, put_back, outcome, "", before.msgstr)


def _edit(
    path: Path,
    key: str,
    change_entry: Callable[[Loaded, int], polib.POEntry | None],
    outcome: list[Saved | Conflict],
    reviewer: str,
    mine: str,
) -> Saved | Conflict:
    """One entry changed through catalog.edit; the catalog in memory follows what was written."""
    with LOCK:
        loaded = load(path)
        chosen: list[tuple[Loaded, int, polib.POEntry, dict[str, str]]] = []

        def change(po: polib.POFile | None) -> polib.POFile | None:
            outcome.clear()
            chosen.clear()
            if po is None:
                raise CatalogError("catalog missing (removed?)", path=path, hint="run 'l10n update' first")
            current = loaded if po is loaded.po else _parsed(path, po)
            index = current.position.get(key)
            if index is None:
                outcome.append(Conflict(mine=mine, theirs=None))
                return None
            entry = change_entry(current, index)
            if entry is None:
                return None
            # A new list: the catalog in memory changes only once the file is written.
            new = polib.POFile(wrapwidth=po.wrapwidth)
            new.header, new.metadata = po.header, dict(po.metadata)
            new.metadata_is_fuzzy = po.metadata_is_fuzzy
            new.extend(po)
            at = current.at[key]
            new[at] = entry
            new.metadata["PO-Revision-Date"] = catalog.now()
            if reviewer:
                new.metadata["Last-Translator"] = reviewer
            chosen.append((current, at, entry, new.metadata))
            return new

        def render_with(po: polib.POFile) -> str:
            current, at, entry, _ = chosen[0]
            if current.chunks is None:
                current.chunks = [e.__unicode__(catalog.WRAP_WIDTH) for e in current.po]
            chunks = list(current.chunks)
            chunks[at] = entry.__unicode__(catalog.WRAP_WIDTH)
            return _render(po, chunks, current.obsolete)

        try:
            written = catalog.edit(path, change, known=(loaded.digest, loaded.po), render_with=render_with)
        except BaseException:
            forget(path)
            raise
        result = outcome[0]
        if isinstance(result, Saved) and result.written:
            if not written:
                forget(path)
                return Saved(result.entry, written=False)
            _written(*chosen[0], path)
        return result


def _parsed(path: Path, po: polib.POFile) -> Loaded:
    """A catalog as read (by :func:`load`, or anew by catalog.edit when someone else wrote it)."""
    shown = entries(po)
    return Loaded(
        path,
        (0, 0),
        "",
        po,
        shown,
        {e.msgid_with_context: i for i, e in enumerate(shown)},
        obsolete=[i for i, e in enumerate(po) if e.obsolete],
        at={e.msgid_with_context: i for i, e in enumerate(po) if e.msgid and not e.obsolete},
    )


def _written(loaded: Loaded, at: int, entry: polib.POEntry, metadata: dict[str, str], path: Path) -> None:
    """Bring the catalog in memory in line with the file just written."""
    po = loaded.po
    if loaded.chunks is None:
        loaded.chunks = [e.__unicode__(catalog.WRAP_WIDTH) for e in po]
    index = loaded.position[entry.msgid_with_context]
    po[at] = entry
    loaded.entries[index] = entry
    loaded.chunks[at] = entry.__unicode__(catalog.WRAP_WIDTH)
    po.metadata = metadata
    data = _read_bytes(path)
    loaded.stamp = _stamp(path)
    loaded.digest = hashlib.sha256(data).hexdigest()
    loaded.changes.append(index)
    _CACHE[path] = loaded


def _as_wanted(entry: polib.POEntry, change: Change) -> bool:
    """Whether ``entry`` shows the translation the reviewer acted on."""
    if change.action not in (Action.EDIT, Action.APPROVE):
        return True
    if entry.msgid_plural and change.action is Action.EDIT:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)) == change.forms
    return bool(entry.msgstr == _newlines(change.text))


def _render(po: polib.POFile, chunks: list[str], obsolete: list[int]) -> str:
    """``catalog.render(po)`` from the kept text of each entry (polib's POFile.__unicode__, in pieces)."""
    po.wrapwidth = catalog.WRAP_WIDTH
    header = ""
    for line in po.header.split("\n"):
        header += "#\n" if not line else f"#{line}\n" if line[:1] in (",", ":") else f"# {line}\n"
    if obsolete:
        dead = set(obsolete)
        chunks = [c for i, c in enumerate(chunks) if i not in dead] + [chunks[i] for i in obsolete]
    return header + "\n".join([po.metadata_as_entry().__unicode__(po.wrapwidth), *chunks])


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read catalog: {error.strerror}", path=path) from None


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError as error:
        raise CatalogError(f"cannot read catalog: {error.strerror}", path=path) from None
    return stat.st_mtime_ns, stat.st_size
