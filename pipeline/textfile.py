"""Reading the text files users hand us: UTF-8 or a clear error at the right line."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import L10nError

DRAFT_MARKS = "\ufdd0\ufdd1\ufdd2\ufdd3"  # machine, needs review, close; a sentence left in the source language
"""Unicode noncharacters the build wraps draft translations in (see :mod:`pipeline.decorate`)."""
_NO_MARKS = dict.fromkeys(map(ord, DRAFT_MARKS))


def strip_marks(text: str) -> str:
    """``text`` without :data:`DRAFT_MARKS`: in a source they would be taken for the build's own marks."""
    if not any(mark in text for mark in DRAFT_MARKS):
        return text  # the usual case; str.translate costs ~0.1 s per MB of non-ASCII text, a search ~1 ms
    return text.translate(_NO_MARKS)


def read_bytes(path: Path, error: type[L10nError], what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as problem:
        raise error(f"cannot read {what}: {problem.strerror or problem}", path=path) from None


def decode_utf8(data: bytes, path: Path, error: type[L10nError], what: str) -> str:
    """``data`` as text; invalid UTF-8 names the 1-based line and the byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        raise error(
            f"{what} is not valid UTF-8 (byte 0x{data[problem.start]:02x})",
            path=path,
            line=line,
            hint="save it as UTF-8",
        ) from None


def encode_like(text: str, path: Path) -> bytes:
    """``text`` as UTF-8 with the source file's byte-order mark and line endings.

    ``pipeline.extract.read_source`` hands the formats plain ``\\n`` text; a built document
    gets the source's CRLF endings and BOM back, so an untranslated build of a
    Windows file is still the file itself. So is one with mixed endings: text
    that reads as the source is the source's own bytes; other text gets the
    ending most of the source's lines have.
    """
    try:
        original = path.read_bytes()
    except OSError:
        original = b""
    return encode_as(text, original)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def encode_as(text: str, original: bytes) -> bytes:
    """``text`` as UTF-8 with the line endings and byte-order mark of ``original`` (see :func:`encode_like`)."""
    data = text.encode("utf-8")
    if data == original:
        return original
    if b"\r" not in original and not original.startswith(b"\xef\xbb\xbf") and _is_utf8(original):
        return data  # nothing to keep, and UTF-8 bytes that differ are another text: a quick path for big catalogs
    if original and original.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n") == text:
        return original
    crlf = original.count(b"\r\n")
    if crlf and crlf >= original.count(b"\n") - crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if original.startswith(b"\xef\xbb\xbf") else data
