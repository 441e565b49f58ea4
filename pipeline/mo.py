"""Compile catalogs to gettext ``.mo`` files with Babel, for software that reads gettext.

Babel's own checkers run first (``python-format`` placeholders, the number of
plural forms); each failure is a :class:`CompileError` naming the catalog and the
1-based line of the entry, and the ``.mo`` is not produced: a broken message
never reaches a program silently.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from pipeline.languages import language

# A catalog without dates would otherwise get "now" in its .mo header, and two
# builds of the same input would differ.
_FIXED_DATE = datetime(1980, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CompileError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Compiled:
    data: bytes  # empty when errors is not
    messages: int  # translations in the .mo (the header not counted)
    errors: tuple[CompileError, ...]


def gettext_code(code: str) -> str:
    """The folder name gettext looks for: ``pt_BR`` for ``pt-BR``."""
    return code.replace("-", "_")


def compile_catalog(po: polib.POFile, path: Path, shown: str, *, use_fuzzy: bool, code: str = "") -> Compiled:
    """Compile ``po`` (read from ``path``; ``shown`` is how messages name it).

    ``use_fuzzy`` includes machine and needs-review translations (the draft
    policy); otherwise only reviewed ones are compiled, as msgfmt does. The
    catalog polib already parsed is handed to Babel, not parsed a second time.
    ``code`` is the locale the catalog is for: a header without ``Language`` or
    ``Plural-Forms`` (as some editors leave it) gets them from it, or programs
    would read the ``.mo`` with English plural rules.
    """
    catalog = Catalog(fuzzy=False)
    catalog.mime_headers = _headers(po, code)
    if "POT-Creation-Date" not in po.metadata:
        catalog.creation_date = _FIXED_DATE
    if "PO-Revision-Date" not in po.metadata:
        catalog.revision_date = _FIXED_DATE
    starts: dict[str, int] = {}
    errors: list[CompileError] = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            if plural_gap(entry):
                errors.append(CompileError(shown, _msgid_line(_lines(path), int(entry.linenum or 0)), _GAP))
                continue
            string: str | tuple[str, ...] = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            message_id: str | tuple[str, str] = (entry.msgid, entry.msgid_plural)
        else:
            string, message_id = entry.msgstr, entry.msgid
        message = catalog.add(message_id, string, flags=entry.flags, context=entry.msgctxt)
        if "python-format" not in entry.flags:
            # Babel flags any msgid with a "%s" python-format and then checks it: "Use %s or %(name)s"
            # in a document failed to compile, a catalog msgfmt accepts. The catalog's own flags decide.
            message.flags.discard("python-format")
        starts[_key(entry.msgid, entry.msgctxt)] = int(getattr(entry, "linenum", 0) or 0)
    compiled = 0
    lines: list[str] | None = None
    for message in list(catalog)[1:]:  # [0] is the header
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if not any(strings) or (message.fuzzy and not use_fuzzy):
            continue
        compiled += 1
        for problem in message.check(catalog):
            if lines is None:
                lines = _lines(path)
            msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            line = _msgid_line(lines, starts.get(_key(msgid, message.context), 0))
            errors.append(CompileError(shown, line, f"cannot compile: {problem}"))
    if errors:
        return Compiled(b"", 0, tuple(errors))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=use_fuzzy)
    return Compiled(buffer.getvalue(), compiled, ())


def _headers(po: polib.POFile, code: str) -> list[tuple[str, str]]:
    headers = [(name, value) for name, value in po.metadata.items() if value.strip() or name not in _FROM_LOCALE]
    if not code:
        return headers
    try:
        known = language(code)
    except ValueError:
        return headers
    present = {name for name, _ in headers}
    if "Language" not in present:
        headers.append(("Language", gettext_code(code)))
    if "Plural-Forms" not in present:
        headers.append(("Plural-Forms", known.plural_forms))
    return headers


_FROM_LOCALE = ("Language", "Plural-Forms")


_GAP = "cannot compile: a plural form is missing (msgstr[N] skips a number); the later forms would shift"


def plural_gap(entry: polib.POEntry) -> list[int]:
    """The msgstr[N] indices missing below the highest one (a hand-edited catalog that lost a form)."""
    have = {int(key) for key in entry.msgstr_plural}
    return [index for index in range(max(have, default=-1)) if index not in have]


def _key(msgid: str, context: str | None) -> str:
    return f"{context}\x04{msgid}" if context else msgid


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _msgid_line(lines: list[str], start: int) -> int:
    """The 1-based line of the entry's ``msgid`` (polib gives the line its comments start on)."""
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].startswith("msgid"):
            return number
    return max(start, 1)
