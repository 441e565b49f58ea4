"""msgmerge's rules, for ``l10n update``: a catalog merged with its template.

Translations are kept; an entry whose source changed becomes fuzzy with its
previous msgid; vanished entries become obsolete, never deleted while
translated. Plural entries keep ``msgid_plural`` and every ``msgstr[n]``; a
new one gets ``nplurals`` empty forms. Compared entry by entry with GNU
msgmerge on Django's catalogs (``bench/bench_msgmerge.py``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import polib

from pipeline.catalog import WRAP_WIDTH, now, plural_count
from pipeline.errors import CatalogError
from pipeline.languages import language

FUZZY_THRESHOLD = 0.6  # msgmerge's similarity bar for a fuzzy match


def merge(old: polib.POFile | None, pot: polib.POFile, code: str, path: str | Path | None = None) -> polib.POFile:
    """msgmerge ``old`` (may be None: a new catalog) with the template ``pot``.

    ``path`` is ``old``'s file, named in the error if it defines an entry twice.
    """
    lang = language(code)
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    metadata = dict(old.metadata) if old is not None else dict(pot.metadata)
    if old is None:
        metadata["PO-Revision-Date"] = now()
        metadata["Language-Team"] = f"{lang.english_name} <>"
    metadata["POT-Creation-Date"] = pot.metadata.get("POT-Creation-Date", now())
    metadata["Project-Id-Version"] = pot.metadata.get("Project-Id-Version", "")
    metadata["Language"] = code.replace("-", "_")
    if old is None or plural_count(old) is None:
        metadata["Plural-Forms"] = lang.plural_forms  # a catalog's own (valid) rule is kept, as msgmerge does
    metadata["Content-Type"] = "text/plain; charset=UTF-8"  # what save() writes, whatever the old header said
    metadata.setdefault("Content-Transfer-Encoding", "8bit")
    metadata.setdefault("MIME-Version", "1.0")
    po.metadata = metadata
    po.header = old.header if old is not None else ""
    forms = plural_count(po) or lang.plural_count

    previous = _by_key(old, path) if old is not None else {}
    wanted = {e.msgid_with_context for e in pot}
    # Translated entries that no longer match exactly: candidates for fuzzy matches.
    orphans = [e for key, e in previous.items() if key not in wanted and _translated(e)]
    reused: set[str] = set()  # like msgmerge, an old entry that became a fuzzy match is not also kept obsolete
    for ref in pot:
        if not ref.msgid:
            continue
        found = previous.get(ref.msgid_with_context)
        if found is not None:
            po.append(_carry(found, ref, forms))
            continue
        entry = _fresh(ref, forms)
        match = _closest(ref.msgid, orphans)
        if match is not None:
            _translation(entry, match, forms)
            entry.tcomment = match.tcomment
            entry.flags = _flags(ref.flags, fuzzy=True)
            entry.previous_msgid = match.msgid
            entry.previous_msgid_plural = match.msgid_plural or None
            reused.add(match.msgid_with_context)
        po.append(entry)
    for key, entry in previous.items():
        if key in wanted or key in reused or not _translated(entry):
            continue
        gone = polib.POEntry(
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            msgid_plural=entry.msgid_plural,
            msgstr_plural=dict(entry.msgstr_plural),
            msgctxt=entry.msgctxt,
            tcomment=entry.tcomment,
            flags=list(entry.flags),
            obsolete=True,
        )
        po.append(gone)
    return po


def _by_key(old: polib.POFile, path: str | Path | None) -> dict[str, polib.POEntry]:
    """``old``'s entries by msgctxt and msgid; an active entry wins over an obsolete one.

    Two active entries for one msgid are an error (msgfmt refuses them too):
    picking either would silently drop the other's translation.
    """
    found: dict[str, polib.POEntry] = {}
    for entry in sorted((e for e in old if e.msgid), key=lambda e: bool(e.obsolete)):
        key = entry.msgid_with_context
        first = found.get(key)
        if first is None:
            found[key] = entry
        elif not first.obsolete and not entry.obsolete:
            raise CatalogError(
                f"msgid {entry.msgid!r} is defined twice (also at line {max(first.linenum, 1)})",
                path=path,
                line=max(entry.linenum, 1),
                hint="keep one of the two entries, then re-run; the file was not changed",
            )
    return found


def _translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def _fresh(ref: polib.POEntry, forms: int) -> polib.POEntry:
    """An untranslated entry for ``ref``: a plural one gets ``forms`` empty msgstr[N], as msgmerge writes."""
    return polib.POEntry(
        msgid=ref.msgid,
        msgctxt=ref.msgctxt,
        msgid_plural=ref.msgid_plural,
        msgstr="",
        msgstr_plural=dict.fromkeys(range(forms), "") if ref.msgid_plural else {},
        comment=ref.comment,
        occurrences=list(ref.occurrences),
        flags=_flags(ref.flags, fuzzy=False),
    )


def _translation(entry: polib.POEntry, old: polib.POEntry, forms: int) -> None:
    """``old``'s translation on ``entry``; a singular one fills every plural form, msgstr[0] a singular (msgmerge)."""
    if entry.msgid_plural:
        if old.msgid_plural:
            entry.msgstr_plural = dict(old.msgstr_plural)
        else:
            entry.msgstr_plural = dict.fromkeys(range(forms), old.msgstr)
    else:
        entry.msgstr = old.msgstr if not old.msgid_plural else old.msgstr_plural.get(0, "")


def _carry(found: polib.POEntry, ref: polib.POEntry, forms: int) -> polib.POEntry:
    """The old entry's translation and review state, the template's context.

    As msgmerge: an entry whose msgid_plural changed, or that gained or lost
    its plural, becomes fuzzy with the previous strings.
    """
    entry = _fresh(ref, forms)
    entry.tcomment = found.tcomment
    if _translated(found):
        _translation(entry, found, forms)
    changed = _translated(found) and (found.msgid_plural or "") != (ref.msgid_plural or "")
    fuzzy = "fuzzy" in found.flags or changed
    entry.flags = _flags(ref.flags, fuzzy=fuzzy)
    if changed:
        entry.previous_msgid = found.msgid
        entry.previous_msgid_plural = found.msgid_plural or None
    elif fuzzy:
        entry.previous_msgid = found.previous_msgid
        entry.previous_msgid_plural = found.previous_msgid_plural
    return entry


def _flags(flags: Iterable[str], *, fuzzy: bool) -> list[str]:
    kept = [f for f in flags if f != "fuzzy"]
    return ["fuzzy", *kept] if fuzzy else kept


def _closest(msgid: str, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    best: polib.POEntry | None = None
    best_score = FUZZY_THRESHOLD
    for candidate in candidates:
        a, b = msgid, candidate.msgid
        if min(len(a), len(b)) < FUZZY_THRESHOLD * max(len(a), len(b)):
            continue
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
            continue
        score = matcher.ratio()
        if score >= best_score:
            best, best_score = candidate, score
    return best
