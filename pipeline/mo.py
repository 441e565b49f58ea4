"""Compile catalogs to gettext ``.mo`` files with Babel, for software that reads gettext.

Babel's own checkers run first (``python-format`` placeholders, the number of
plural forms); each failure is a :class:`CompileError` naming the catalog and the
1-based line of the entry, and the ``.mo`` is not produced: a broken message
never reaches a program silently.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from pipeline.errors import CatalogError

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


def compile_catalog(path: Path, shown: str, *, use_fuzzy: bool) -> Compiled:
    """Compile the catalog at ``path`` (``shown`` is how messages name it).

    ``use_fuzzy`` includes machine and needs-review translations (the draft
    policy); otherwise only reviewed ones are compiled, as msgfmt does.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read catalog: {error.strerror}", path=shown) from None
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        # Babel's PoFileError counts lines from 0 (its Message.lineno from 1).
        line = int(getattr(error, "lineno", 0)) + 1
        what = re.sub(r" on \d+$", "", str(error))
        return Compiled(b"", 0, (CompileError(shown, line, f"cannot compile: {what}"),))
    _fix_dates(catalog, data)
    errors: list[CompileError] = []
    compiled = 0
    for message in list(catalog)[1:]:  # [0] is the header
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if not any(strings) or (message.fuzzy and not use_fuzzy):
            continue
        compiled += 1
        for problem in message.check(catalog):
            errors.append(CompileError(shown, message.lineno or 1, f"cannot compile: {problem}"))
    if errors:
        return Compiled(b"", 0, tuple(errors))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=use_fuzzy)
    return Compiled(buffer.getvalue(), compiled, ())


def _fix_dates(catalog: Catalog, data: bytes) -> None:
    """Dates the catalog does not state are fixed, not the time of the build."""
    if b"POT-Creation-Date:" not in data:
        catalog.creation_date = _FIXED_DATE
    if b"PO-Revision-Date:" not in data:
        catalog.revision_date = _FIXED_DATE
