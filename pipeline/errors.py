"""One exception tree for every error a user can cause.

Each error knows where it happened (path and 1-based line) and what to do about
it; the CLI prints ``str(error)`` and exits with ``error.exit_code``. A traceback
reaching the user is a bug.
"""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """An error the user can fix: bad input, bad configuration, missing engine."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            shown = _shown(self.path)
            where = f"{shown}:{self.line}: " if self.line else f"{shown}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConfigError(L10nError):
    """``l10n.toml`` is missing, malformed or names something that does not exist."""

    exit_code = 2


class SourceError(L10nError):
    """A source document cannot be read or parsed."""


class CatalogError(L10nError):
    """A ``.po``/``.pot`` file cannot be read, or would lose a reviewer's work."""


class EngineError(L10nError):
    """No translation engine for a language pair, or an engine failed."""


class ModelPackageError(L10nError):
    """An ``.argosmodel`` file is not a valid, safe model package."""


class BuildError(L10nError):
    """A release cannot be built (compile errors, unwritable output)."""


def _shown(path: str) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            pass
    return path
