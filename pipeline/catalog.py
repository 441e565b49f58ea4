"""Every read and write of a ``.po``/``.pot`` file goes through here (polib).

Writes are atomic (temporary file, then rename) and skipped when nothing
changed, so re-running a stage with unchanged input changes no file. Merging
follows msgmerge: translations kept, changed entries fuzzy with their previous
msgid, vanished entries obsolete, never deleted while translated.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from pipeline.atomic import write_atomic
from pipeline.errors import CatalogError
from pipeline.languages import language
from pipeline.model import Segment
from pipeline.textfile import decode_utf8, encode_like, read_bytes

WRAP_WIDTH = 79  # msgmerge's and Poedit's
FUZZY_THRESHOLD = 0.6  # msgmerge's similarity bar for a fuzzy match
_SYNTAX = re.compile(r"\(line (\d+)\)")
_DATE_HEADERS = ("POT-Creation-Date", "PO-Revision-Date")


@dataclass(frozen=True)
class Occurrence:
    segment: Segment
    path: str  # the source path as written in the catalog: "source/press.txt"


# Where GNU gettext (libunistring's UAX #14 line breaking) may break a PO string:
# measured against `msgcat --width=79` on 1,600 generated entries (99.7% of lines
# identical; polib's own textwrap breaks before spaces and differs on most).
_BREAK = re.compile(
    r"""
    .+?(?:
        [ ]+(?=[^ ])                  # after spaces
      | (?<=[^\W\d_])-(?=[^\W\d_])    # after a hyphen between letters
      | /(?=[^\d/\s])                 # after a slash, unless a digit or slash follows
      | :(?=[^\W\d_])                 # after a colon before a letter
      | \.(?=[^\W\d_])                # after a full stop before a letter
      | [–—](?=\S)                    # after a dash
      | (?=—)                         # before an em dash
    )
    | .+
    """,
    re.X | re.S,
)


class _GettextWrap:
    """Stands in for the ``textwrap`` module inside polib.

    polib wraps long strings with ``textwrap.wrap``, which breaks before
    spaces; PO editors and msgmerge break after them. Wrapping the way they do
    keeps a reviewer's diffs free of reflowed lines.
    """

    @staticmethod
    def wrap(text: str, width: int, **options: object) -> list[str]:
        indent = str(options.get("initial_indent", ""))
        if indent and indent != "#: ":
            # Comments: gettext never wraps them, and a wrapped line would lose its "# " prefix.
            return [indent + text]
        if indent:
            # References: gettext breaks only between them, never inside a path ("source/" + "x.txt:3" reads as two).
            refs: list[str] = []
            for ref in text.split(" "):
                if refs and len(refs[-1]) + 1 + len(ref) <= width - len(indent):
                    refs[-1] += " " + ref
                else:
                    refs.append(ref)
            return [indent + line for line in refs]
        lines: list[str] = []
        line = ""
        for match in _BREAK.finditer(text):
            chunk = match.group(0)
            if line and len(line) + len(chunk) > width:
                lines.append(line)
                line = chunk
            else:
                line += chunk
        if line:
            lines.append(line)
        return lines


polib.textwrap = _GettextWrap


def read(path: str | Path) -> polib.POFile:
    """Read a catalog; a syntax error names the file and the 1-based line."""
    path = Path(path)
    return parse(decode_utf8(read_bytes(path, CatalogError, "catalog"), path, CatalogError, "catalog"), path)


def parse(text: str, path: str | Path) -> polib.POFile:
    _check_strings(text, path)
    text = text.replace("\r\n", "\n")  # a CR left is inside a line
    shield, unshield = _shields(text)
    shielded = text.translate(shield)
    try:
        po = polib.pofile(shielded, wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError) as error:
        match = _SYNTAX.search(str(error))
        line = int(match.group(1)) if match else None
        raise CatalogError(
            "PO syntax error", path=path, line=line, hint="fix the entry, then re-run; the file was not changed"
        ) from None
    if shielded != text:
        _unshield(po, unshield)
    po.wrapwidth = WRAP_WIDTH
    return po


# polib splits its input with str.splitlines(), which also breaks at these (gettext breaks
# only at "\n"; a Windows catalog's CRLF is made "\n" first): a translation or comment
# holding one came back cut, minus a character, or as a syntax error. They are read as
# Unicode noncharacters (U+FDD0-U+FDEF), a run of them the file does not use, and put
# back afterwards.
_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\r"


def _shields(text: str) -> tuple[dict[int, int], dict[int, int]]:
    """Translation tables to hide line breaks from polib and to restore them."""
    for base in range(0xFDD0, 0xFDF0 - len(_LINE_BREAKS) + 1):
        stand_ins = [chr(base + i) for i in range(len(_LINE_BREAKS))]
        if not any(ch in text for ch in stand_ins):
            pairs = list(zip(map(ord, _LINE_BREAKS), map(ord, stand_ins), strict=True))
            return dict(pairs), {stand_in: mark for mark, stand_in in pairs}
    return {}, {}  # a file full of noncharacters: read it as polib does


_TEXT_FIELDS = ("msgid", "msgstr", "msgid_plural", "msgctxt", "comment", "tcomment")
_PREVIOUS_FIELDS = ("previous_msgid", "previous_msgid_plural", "previous_msgctxt")


def _unshield(po: polib.POFile, table: dict[int, int]) -> None:
    po.header = po.header.translate(table)
    po.metadata = {key: value.translate(table) for key, value in po.metadata.items()}
    for entry in po:
        for name in (*_TEXT_FIELDS, *_PREVIOUS_FIELDS):
            value = getattr(entry, name, None)
            if isinstance(value, str):
                setattr(entry, name, value.translate(table))
        entry.msgstr_plural = {key: value.translate(table) for key, value in entry.msgstr_plural.items()}


_KEYWORD = re.compile(r"(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?=[\s\"])\s*")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"(?:[ \t]*"(?:[^"\\]|\\.)*")*')


def _check_strings(text: str, path: str | Path) -> None:
    """Refuse a string whose closing quote is missing.

    polib reads ``msgstr "Bonjour`` as "Bonjou" (it drops the last character,
    whatever it is), so the next save would silently cut a reviewer's text;
    msgfmt refuses such a file too.
    """
    bad = _UNTERMINATED.search(text)
    if bad is not None:
        raise CatalogError(
            'unterminated string: its closing " is missing (or escaped as \\")',
            path=path,
            line=text.count("\n", 0, bad.start()) + 1,
            hint="fix the entry, then re-run; the file was not changed",
        )


# A line (of a live or an obsolete/previous entry, after its keyword) that starts a string but is
# not whole strings to its end; one pass over the text (a loop over lines took as long as polib).
_UNTERMINATED = re.compile(
    r"^[^\S\n]*(?:#[~|][^\S\n]*\|?[^\S\n]*)?"
    r"(?:(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?=[\s\"])[^\S\n]*)?"
    r'"(?!(?:[^"\\\n]|\\.)*"(?:[ \t]*"(?:[^"\\\n]|\\.)*")*[^\S\n]*$)',
    re.M,
)


def render(po: polib.POFile) -> str:
    po.wrapwidth = WRAP_WIDTH
    return str(po)


def save(po: polib.POFile, path: str | Path) -> bool:
    """Write ``po`` atomically; keep the file (and its dates) if nothing changed.

    Returns whether the file was written.
    """
    path = Path(path)
    if path.is_symlink() and path.exists():
        path = path.resolve()  # a catalog linked to a shared one: update that, do not replace the link with a copy
    new = render(po)
    if path.exists():
        old = path.read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff").replace("\r\n", "\n")
        if _without_dates(old) == _without_dates(new):
            return False
    write_atomic(path, encode_like(new, path))  # a Windows catalog keeps its CRLF and BOM: no whole-file diff
    return True


def _without_dates(text: str) -> str:
    return re.sub(r'^"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"$', "", text, flags=re.M)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def template(occurrences: Iterable[Occurrence], project: str) -> polib.POFile:
    """A ``.pot`` with one entry per distinct segment, in document order."""
    pot = polib.POFile(wrapwidth=WRAP_WIDTH)
    pot.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Generated-By": "l10n",
    }
    entries: dict[str, polib.POEntry] = {}
    for occurrence in occurrences:
        segment = occurrence.segment
        entry = entries.get(segment.msgid)
        if entry is None:
            # A placeholder's markup may hold a lone CR (old Mac text): polib would write it raw, mid-line.
            comment = segment.comment().replace("\r\n", "\n").replace("\r", "\n")
            entry = polib.POEntry(msgid=segment.msgid, msgstr="", comment=comment)
            entries[segment.msgid] = entry
            pot.append(entry)
        where = (occurrence.path, str(segment.line))
        if where not in entry.occurrences:
            entry.occurrences.append(where)
    return pot


def keep_creation_date(new: polib.POFile, old_path: Path) -> None:
    """Reuse the old template's date when its entries did not change."""
    if not old_path.exists():
        return
    try:
        old = read(old_path)
    except CatalogError:
        return
    date = old.metadata.get("POT-Creation-Date")
    if date and _without_dates(render(old)) == _without_dates(render(new)):
        new.metadata["POT-Creation-Date"] = date


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
    metadata["Plural-Forms"] = lang.plural_forms
    metadata["Content-Type"] = "text/plain; charset=UTF-8"  # what save() writes, whatever the old header said
    metadata.setdefault("Content-Transfer-Encoding", "8bit")
    metadata.setdefault("MIME-Version", "1.0")
    po.metadata = metadata
    po.header = old.header if old is not None else ""

    previous = _by_key(old, path) if old is not None else {}
    wanted = {e.msgid_with_context for e in pot}
    # Translated entries that no longer match exactly: candidates for fuzzy matches.
    orphans = [e for key, e in previous.items() if key not in wanted and e.msgstr]
    reused: set[str] = set()  # like msgmerge, an old entry that became a fuzzy match is not also kept obsolete
    for ref in pot:
        found = previous.get(ref.msgid_with_context)
        if found is not None:
            po.append(_carry(found, ref))
            continue
        entry = _fresh(ref)
        match = _closest(ref.msgid, orphans)
        if match is not None:
            entry.msgstr = match.msgstr
            entry.tcomment = match.tcomment
            entry.flags = _flags(ref.flags, fuzzy=True)
            entry.previous_msgid = match.msgid
            reused.add(match.msgid_with_context)
        po.append(entry)
    for key, entry in previous.items():
        if key in wanted or key in reused or not (entry.msgstr or any(entry.msgstr_plural.values())):
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


def _fresh(ref: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=ref.msgid,
        msgctxt=ref.msgctxt,
        msgstr="",
        comment=ref.comment,
        occurrences=list(ref.occurrences),
        flags=_flags(ref.flags, fuzzy=False),
    )


def _carry(found: polib.POEntry, ref: polib.POEntry) -> polib.POEntry:
    """The old entry's translation and review state, the template's context."""
    entry = _fresh(ref)
    entry.msgstr = found.msgstr
    entry.msgstr_plural = dict(found.msgstr_plural)
    entry.tcomment = found.tcomment
    fuzzy = "fuzzy" in found.flags
    entry.flags = _flags(ref.flags, fuzzy=fuzzy)
    if fuzzy:
        entry.previous_msgid = found.previous_msgid
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
