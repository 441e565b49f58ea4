"""Atomic writes: a reader never sees a half-written file, a crash leaves none."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipeline.errors import L10nError


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename over it."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise L10nError(
            f"cannot write: {error.strerror}", path=path, hint="check the folder exists and is writable"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise L10nError(f"cannot write: {error.strerror}", path=path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
