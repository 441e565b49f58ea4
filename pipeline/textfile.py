"""Reading the text files users hand us: UTF-8 or a clear error at the right line."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import L10nError


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
