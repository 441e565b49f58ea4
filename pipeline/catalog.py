"""Every read and write of a ``.po``/``.pot`` file goes through here (polib).

Every change goes through :func:`edit` (lock, read whole, apply, validate,
checked atomic write), and a write is skipped when nothing changed, so
re-running a stage with unchanged input changes no file. Merging with a
template lives in :mod:`pipeline.merge`.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import random
import re
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from pipeline import atomic, poscan
from pipeline.errors import CatalogError
from pipeline.model import Segment
from pipeline.textfile import decode_utf8, encode_as

WRAP_WIDTH = 79  # msgmerge's and Poedit's
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
    """Read a catalog; a syntax error names the file and the 1-based line.

    A file an editor is saving right now (half written, or truncated to 0 bytes
    for a moment) is read again until it is whole; one that stays empty, has no
    header, or does not parse is an error, never an empty catalog.
    """
    path = Path(path)
    found = _load(path)
    if found is None:
        raise CatalogError("cannot read catalog: no such file", path=path)
    return found[1]


def read_for_check(path: str | Path) -> polib.POFile:
    """:func:`read` for a caller that only reads (``l10n check``): the same catalog, several times faster.

    The text is scanned by :mod:`pipeline.poscan`; a file it does not vouch for
    (a syntax error among them) is read by :func:`read`, which says what is wrong.
    """
    path = Path(path)
    seen = atomic.snapshot(path, CatalogError)
    if seen is not None and seen.data.strip():
        try:
            text = decode(seen.data, path).replace("\r\n", "\n")
        except CatalogError:
            return read(path)
        po = poscan.scan(text)
        if po is not None:
            po.encoding = polib.detect_encoding(text, "pofile")
            po.wrapwidth = 0 if _unwrapped(text) else WRAP_WIDTH
            _utf8_header(po)
            return po
    return read(path)


READ_WAITS = (0.01, 0.02, 0.04, 0.08, 0.15)
"""Seconds to wait before reading again a file that is empty or does not parse: an editor saving in place
(truncate, then write) may be between the two, and a busy machine can keep it there a while."""


def _restore(path: Path) -> str:
    stage = "extract" if path.suffix == ".pot" else "update"
    return f"restore it (from version control or a backup), or delete it and run 'l10n {stage}'; nothing was written"


def _load(path: Path, known: tuple[str, polib.POFile] | None = None) -> tuple[atomic.Snapshot, polib.POFile] | None:
    """The file's bytes and the catalog they hold (``known``'s if they are its bytes); None if there is no file."""
    for wait in (*READ_WAITS, None):
        seen = atomic.snapshot(path, CatalogError)
        if seen is None:
            return None
        if known is not None and hashlib.sha256(seen.data).hexdigest() == known[0]:
            return seen, known[1]
        try:
            return seen, _parse_bytes(seen.data, path)
        except CatalogError:
            if wait is None:
                raise
            time.sleep(wait)
    raise AssertionError("unreachable")


def _parse_bytes(data: bytes, path: Path) -> polib.POFile:
    if not data.strip():
        what = "0 bytes" if not data else "only blank lines"
        raise CatalogError(
            f"catalog is empty ({what}): not read as an empty catalog",
            path=path,
            hint=_restore(path),
        )
    po = parse(decode(data, path), path)
    if not po.metadata and not len(po):
        raise CatalogError(
            "catalog has no header and no entries (cut short?): not read as an empty catalog",
            path=path,
            hint=_restore(path),
        )
    return po


def parse(text: str, path: str | Path) -> polib.POFile:
    _check_strings(text, path)
    text = text.replace("\r\n", "\n")  # a CR left is inside a line
    shield, unshield = _shields(text)
    shielded = text.translate(shield) if any(ch in text for ch in _LINE_BREAKS) else text
    try:
        po = polib.pofile(shielded, wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError) as error:
        match = _SYNTAX.search(str(error))
        line = int(match.group(1)) if match else None
        raise CatalogError(
            "PO syntax error", path=path, line=line, hint="fix the entry, then re-run; the file was not changed"
        ) from None
    _check_msgstrs(text, path)
    if shielded != text:
        _unshield(po, unshield)
    po.wrapwidth = 0 if _unwrapped(text) else WRAP_WIDTH
    _utf8_header(po)
    return po


_CHARSET = re.compile(rb'^"Content-Type:[^"\n]*?charset=([^\s"\\;]*)', re.M | re.I)


def decode(data: bytes, path: Path) -> str:
    """The catalog's text, decoded as its header's ``charset`` says (UTF-8 when it says nothing).

    Text that is valid UTF-8 is read as UTF-8 whatever the header says: a
    catalog saved as UTF-8 under a stale ``charset=ISO-8859-1`` (as l10n itself
    once wrote them) keeps its text instead of turning into ``cooperaciÃ³n``;
    real Latin-1 text with accents is practically never valid UTF-8. Whatever
    it was read as, l10n writes UTF-8 and says so in the header
    (:func:`_utf8_header`), so the ``.mo`` and the file always agree.
    """
    found = _CHARSET.search(data)
    name = found.group(1).decode("ascii", "replace") if found else ""
    if not name or name.upper() in ("CHARSET", "UTF-8", "UTF8"):
        return decode_utf8(data, path, CatalogError, "catalog").removeprefix("\ufeff")
    try:
        codec: codecs.CodecInfo | None = codecs.lookup(name)
    except LookupError:
        codec = None
    if codec is None or not _ascii_compatible(codec.name):
        line = data[: found.start()].count(b"\n") + 1 if found else None
        raise CatalogError(
            f"unknown or unsupported charset {name!r} in the Content-Type header",
            path=path,
            line=line,
            hint="set charset=UTF-8 (and save the file as UTF-8); the file was not changed",
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        raise CatalogError(
            f"catalog is not valid {name} as its header says (byte 0x{data[problem.start]:02x})",
            path=path,
            line=line,
            hint="fix the charset in the Content-Type header, or save the file in that charset",
        ) from None


def _ascii_compatible(codec: str) -> bool:
    try:
        return 'msgid msgstr "\\n#:'.encode(codec) == b'msgid msgstr "\\n#:'
    except (UnicodeError, LookupError):
        return False


def _utf8_header(po: polib.POFile) -> None:
    """Say UTF-8 in the header: l10n writes every catalog as UTF-8."""
    content = po.metadata.get("Content-Type")
    if content is None:
        return
    if "charset=" in content.lower():
        po.metadata["Content-Type"] = re.sub(r"(?i)charset=[^\s;]*", "charset=UTF-8", content)


_LONG_STRING = re.compile(r'^(?:msg\w*(?:\[\d+\])? )?"[^\n]{' + str(WRAP_WIDTH + 2) + r',}"$', re.M)


def _unwrapped(text: str) -> bool:
    """Whether the catalog keeps each string on one line (``pybabel --no-wrap``, Transifex, sphinx-intl).

    Such a file is written back unwrapped: rewrapping every long line of a
    catalog another tool made would bury our few changes in a diff of all.
    """
    return _LONG_STRING.search(text) is not None


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


def _check_msgstrs(text: str, path: str | Path) -> None:
    """Refuse a msgid with no msgstr after it: polib reads a file cut short after a ``msgid`` line as whole."""
    words = [word for prefix, word in _KEYWORD_LINE.findall(text) if "|" not in prefix]
    open_msgid = -1  # the index in ``words`` of a msgid still waiting for its msgstr
    for index, word in enumerate(words):
        if word.startswith("msgstr"):
            open_msgid = -1
        elif word in ("msgid", "msgctxt") and open_msgid >= 0:
            _no_msgstr(path, _line_of(text, open_msgid))
        elif word == "msgid":
            open_msgid = index
    if open_msgid >= 0:
        _no_msgstr(path, _line_of(text, open_msgid))


# An entry line's keyword, after "#~" on an obsolete entry's; "#|" and "#~|" lines (previous) are not entry lines.
_KEYWORD_LINE = re.compile(
    r"^[^\S\n]*(#[~|][^\S\n]*\|?[^\S\n]*)?(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?=[\s\"])(?=[^\S\n]*\S)",
    re.M,
)


def _keywords(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line, keyword) of every entry line (a loop over every line took as long as polib's parse)."""
    line, counted = 1, 0
    for match in _KEYWORD_LINE.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        prefix = match.group(1) or ""
        if "|" not in prefix:
            yield line, match.group(2)


def _line_of(text: str, index: int) -> int:
    """The line of the ``index``-th entry keyword: found only when there is an error to report."""
    return next(itertools.islice(_keywords(text), index, None))[0]


def _no_msgstr(path: str | Path, line: int) -> None:
    raise CatalogError(
        "msgid without a msgstr (the file is cut short, or an entry lost its msgstr line)",
        path=path,
        line=line,
        hint="restore the file or add the msgstr, then re-run; the file was not changed",
    )


def render(po: polib.POFile) -> str:
    if po.wrapwidth:  # 0: an unwrapped catalog, kept so
        po.wrapwidth = WRAP_WIDTH
    return str(po)


Change = Callable[[polib.POFile | None], polib.POFile | None]
"""Given the catalog as it is on disk now (None: there is no file yet), the catalog to write (None: write nothing)."""
EDIT_ATTEMPTS = 40
"""Tries before an edit gives up on a file an editor keeps saving (each try waits up to 10 ms more, at random)."""


def edit(
    path: str | Path,
    change: Change,
    *,
    create: bool = False,
    cached: polib.POFile | None = None,
    known: tuple[str, polib.POFile] | None = None,
    render_with: Callable[[polib.POFile], str] | None = None,
) -> bool:
    """The one way l10n changes a catalog: lock, read, apply ``change``, validate, write atomically.

    ``change`` gets the catalog as it is on disk at this moment and must work
    from that alone (it may be called again: a PO editor saving meanwhile makes
    the whole edit start over from the editor's version, so nobody's work is
    lost). l10n processes (translate, update, check --fix, the review page)
    serialise on a lock file beside the catalog; editors, which take no lock, are
    caught by comparing the file with what was read, before and after the
    rename. A missing file is an error unless ``create``. Returns whether the
    file was written (not when the text, dates aside, is unchanged).

    ``cached``: the caller's copy of the catalog as it last read or wrote it
    (translate, between batches). When the file holds exactly what it renders
    to, it is handed to ``change`` instead of parsing the file again.

    For a caller that keeps catalogs in memory (the review server, 10,000-entry
    catalogs): ``known`` is (SHA-256 of the file's bytes, the catalog parsed from
    them); when the file still holds those bytes ``change`` gets that catalog
    (no render, no parse). ``render_with`` renders the result (as :func:`render`
    would) from text the caller kept; the caller has replaced one entry by one with
    the same key, so the file is written without comparing or validating the whole.
    """
    target = _target(Path(path))
    _refuse_read_only(target)
    with atomic.locked(target, CatalogError):
        for _ in range(EDIT_ATTEMPTS):
            found = _unchanged(target, cached) or _load(target, known)
            cached = known = None  # a second try reads the file
            if found is None and not create:
                raise CatalogError("catalog missing (removed?)", path=path, hint="run 'l10n update' first")
            seen, old = found if found is not None else (None, None)
            new = change(old)
            if new is None:
                return False
            written = _commit(target, seen, new, path, render_with)
            if written is not None:
                return written
            time.sleep(random.uniform(0, 0.01))  # at random: not in step with an editor's saves
    raise CatalogError(
        "the catalog kept changing on disk while l10n was saving it; nothing was written",
        path=path,
        hint="save it in your editor and run again, or run again in a moment",
    )


_WRITTEN: dict[int, tuple[weakref.ref[polib.POFile], bytes]] = {}
"""By ``id``: the bytes :func:`edit` last wrote from a catalog object (a list, so not a weak dict's key)."""


def _remember_written(po: polib.POFile, data: bytes) -> None:
    key = id(po)
    _WRITTEN[key] = (weakref.ref(po, lambda _gone: _WRITTEN.pop(key, None)), data)


def _recall_written(po: polib.POFile) -> bytes | None:
    """The bytes last written from ``po``, once: ``change`` may alter the object after this."""
    found = _WRITTEN.pop(id(po), None)
    return found[1] if found is not None and found[0]() is po else None


def _unchanged(target: Path, cached: polib.POFile | None) -> tuple[atomic.Snapshot, polib.POFile] | None:
    """``cached`` with the file's snapshot, if the file holds exactly what ``cached`` renders to.

    When ``cached`` is the catalog the last edit wrote, the file is compared with
    the bytes written then (one use only: ``change`` may alter the object).
    """
    if cached is None:
        return None
    seen = atomic.snapshot(target, CatalogError)
    written = _recall_written(cached)
    if seen is None:
        return None
    if written != seen.data and encode_as(render(cached), seen.data) != seen.data:
        return None
    return seen, cached


def save(po: polib.POFile, path: str | Path) -> bool:
    """Write ``po`` whatever the file holds now (a template, rebuilt from the sources), through :func:`edit`'s lock.

    Returns whether the file was written (not when only its dates would change).
    """
    target = _target(Path(path))
    _refuse_read_only(target)
    with atomic.locked(target, CatalogError):
        for _ in range(EDIT_ATTEMPTS):
            written = _commit(target, atomic.snapshot(target, CatalogError), po, path)
            if written is not None:
                return written
            time.sleep(random.uniform(0, 0.01))
    raise CatalogError("the file kept changing on disk while l10n was saving it; nothing was written", path=path)


def _target(path: Path) -> Path:
    """A catalog linked to a shared one: update that, do not replace the link with a copy."""
    return path.resolve() if path.is_symlink() and path.exists() else path


def _refuse_read_only(target: Path) -> None:
    try:
        mode = target.stat().st_mode
    except OSError:
        return
    if not mode & 0o222:
        raise CatalogError(
            f"catalog is read-only (mode {mode & 0o777:04o}): l10n will not replace it",
            path=target,
            hint="make it writable (chmod u+w) if l10n should change it; nothing was written",
        )


def _commit(
    target: Path,
    seen: atomic.Snapshot | None,
    po: polib.POFile,
    shown: str | Path,
    render_with: Callable[[polib.POFile], str] | None = None,
) -> bool | None:
    """Write ``po`` over what ``seen`` read: True written, False nothing to write, None the file changed meanwhile."""
    if render_with is None:
        validate(po, shown)  # a caller rendering itself changed one entry in place, under the same key
    new = render(po) if render_with is None else render_with(po)
    if seen is not None and render_with is None:
        try:
            old = decode(seen.data, target).replace("\r\n", "\n")
        except CatalogError:
            old = None  # unreadable before: written anew
        if old is not None:
            new = _closest_wrapping(po, new, old)
        if old is not None and _without_dates(old) == _without_dates(new):
            return False
    # A Windows catalog keeps its CRLF and BOM: no whole-file diff.
    data = encode_as(new, seen.data if seen is not None else b"")
    if not atomic.replace_unchanged(target, seen, data, CatalogError):
        return None
    _remember_written(po, data)
    return True


def validate(po: polib.POFile, path: str | Path) -> None:
    """Refuse a catalog msgfmt would refuse: a msgid defined twice, plural forms beyond ``nplurals``."""
    nplurals = plural_count(po)
    seen: dict[str, polib.POEntry] = {}
    for entry in po:
        if entry.obsolete:
            continue
        key = entry.msgid_with_context
        first = seen.setdefault(key, entry)
        if first is not entry:
            raise CatalogError(
                f"msgid {entry.msgid!r} is defined twice (also at line {max(first.linenum or 1, 1)}); not saved",
                path=path,
                line=max(entry.linenum or 1, 1),
                hint="keep one of the two entries, then re-run; the file was not changed",
            )
        if entry.msgstr_plural and not entry.msgid_plural:
            raise CatalogError(
                f"msgid {entry.msgid!r} has msgstr[N] forms but no msgid_plural; not saved",
                path=path,
                line=max(entry.linenum or 1, 1),
                hint="add its msgid_plural or make it one msgstr, then re-run; the file was not changed",
            )
        beyond = [int(k) for k in entry.msgstr_plural if nplurals is not None and int(k) >= nplurals]
        if beyond:
            raise CatalogError(
                f"msgid {entry.msgid!r} has msgstr[{max(beyond)}] but the header says nplurals={nplurals}; not saved",
                path=path,
                line=max(entry.linenum or 1, 1),
                hint="remove the extra forms or fix Plural-Forms in the header, then re-run; the file was not changed",
            )


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def plural_count(po: polib.POFile) -> int | None:
    """``nplurals`` from the header's Plural-Forms; None when it does not say."""
    found = _NPLURALS.search(po.metadata.get("Plural-Forms", ""))
    return int(found.group(1)) if found else None


def _closest_wrapping(po: polib.POFile, new: str, old: str) -> str:
    """``new``, each entry wrapped as the file on disk had it: only changed entries show in a diff.

    Catalogs from Transifex or ``pybabel --no-wrap`` keep long lines whole,
    pybabel wraps at 76, msgcat at 79, and a Transifex catalog mixes unwrapped
    translations with source strings wrapped at 76. Each entry is written the
    way that reproduces its old text exactly, where one does; a changed entry
    the way that keeps most of its old lines.
    """
    if not _unwrapped(old) and not _unwrapped(new):
        return new
    lines = old.split("\n")
    # pybabel wraps at 76 and counts the quotes: the longest continuation line says the width.
    continued = [len(line) for line in lines if line.startswith('"') and len(line) <= 2 * WRAP_WIDTH]
    width = po.wrapwidth
    renderings = [new.split("\n\n")]
    for other in dict.fromkeys((0, WRAP_WIDTH, max(continued, default=WRAP_WIDTH))):
        if other != width:
            po.wrapwidth = other
            renderings.append(str(po).split("\n\n"))
    po.wrapwidth = width
    if len({len(blocks) for blocks in renderings}) != 1:  # an entry whose text holds a blank line: keep it simple
        return new
    known, seen = set(old.split("\n\n")), set(lines)

    def kept(block: str) -> int:
        return sum(1 for line in block.split("\n") if line in seen)

    chosen = []
    for blocks in zip(*renderings, strict=True):
        same = next((block for block in blocks if block in known), None)
        # A changed entry: the way that keeps most of its old lines (its msgid, wrapped as before).
        chosen.append(same if same is not None else max(blocks, key=kept))
    return "\n\n".join(chosen)
    lines = old.split("\n")
    seen = set(lines)
    # pybabel wraps at 76 and counts the quotes: the longest continuation line says the width.
    continued = [len(line) for line in lines if line.startswith('"') and len(line) <= 2 * WRAP_WIDTH]
    best, best_changed = po.wrapwidth, sum(1 for line in new.split("\n") if line not in seen)
    for width in dict.fromkeys((0, WRAP_WIDTH, max(continued, default=WRAP_WIDTH))):
        if width == best:
            continue
        po.wrapwidth = width
        text = str(po)
        changed = sum(1 for line in text.split("\n") if line not in seen)
        if changed < best_changed:
            new, best, best_changed = text, width, changed
    po.wrapwidth = best
    return new


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
