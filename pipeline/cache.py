"""A content-addressed cache in ``.l10n-cache/``: work whose inputs did not change is not done again.

A key is the SHA-256 of everything an answer depends on: the input bytes (a
source document, a template, a catalog), the settings that shape the answer,
and :func:`code_digest` (l10n's own code and the versions of the libraries that
shape its output, so that any change to how a document is split or a catalog is
merged makes every old entry a miss).

Each entry is one file holding a header line (cache format version, its key,
the SHA-256 of the body) and a JSON body. An entry whose header does not match
is a miss: a truncated, corrupted, foreign or older-format file is recomputed,
never trusted. Entries are written atomically; a cache that cannot be written
(read-only project, full disk) only makes the run slower. Deleting the folder
is always safe. It holds a ``.gitignore`` of ``*``, so git never sees it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache as memoised
from pathlib import Path
from typing import Any

CACHE_DIR = ".l10n-cache"
FORMAT = 1
"""The layout of entry files; bump it when the header or the bodies change shape."""
_MAGIC = b"l10n-cache"
SHAPING = ("babel", "polib", "markdown_it_py", "mdit_py_plugins", "lxml", "jinja2", "markupsafe")
"""Libraries whose upgrade can change what l10n writes (plural rules, catalog layout, parsing, pages)."""


@memoised
def code_digest() -> str:
    """SHA-256 over the ``pipeline`` package's code and templates: a new l10n never reads an old answer."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(" ".join(library_versions()).encode())
    return digest.hexdigest()


def library_versions() -> list[str]:
    """The installed distributions of :data:`SHAPING`, as their metadata folders name them (``babel-2.19.0``).

    Read from the folder names on ``sys.path`` (one listing per folder), not by
    importing the libraries or :mod:`importlib.metadata`: a no-op run stays quick.
    """
    found = []
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if dot and kind in ("dist-info", "egg-info") and stem.split("-")[0].lower() in SHAPING:
                found.append(stem)
    return sorted(found)


def key(*parts: str | bytes) -> str:
    """The digest of ``parts`` (each length-prefixed, so ("ab", "c") and ("a", "bc") differ)."""
    digest = hashlib.sha256(code_digest().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Cache:
    """The cache of one project; ``Cache(None)`` (``--no-cache``) remembers nothing."""

    def __init__(self, root: Path | None) -> None:
        self.folder = root / CACHE_DIR if root is not None else None
        self.hits = 0
        self.misses = 0

    def get(self, kind: str, name: str) -> Any:
        """The body stored under ``kind/name``, or None (missing, corrupt, stale)."""
        if self.folder is None:
            return None
        try:
            raw = self._path(kind, name).read_bytes()
        except OSError:
            self.misses += 1
            return None
        head, _, body = raw.partition(b"\n")
        if head != _header(name, body):
            self.misses += 1
            return None
        try:
            value = json.loads(body)
        except ValueError:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, name: str, value: Any) -> None:
        """Store ``value`` (JSON-able) atomically; a failure to write is not an error."""
        if self.folder is None:
            return
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._write(self._path(kind, name), _header(name, body) + b"\n" + body)

    def get_blob(self, sha: str) -> bytes | None:
        """Bytes stored by :meth:`put_blob`, checked against their digest."""
        if self.folder is None:
            return None
        try:
            data = self._path("blobs", sha).read_bytes()
        except OSError:
            return None
        return data if digest(data) == sha else None

    def put_blob(self, data: bytes) -> str:
        sha = digest(data)
        if self.folder is not None:
            path = self._path("blobs", sha)
            if not path.is_file():
                self._write(path, data)
        return sha

    def _path(self, kind: str, name: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / name[:2] / name

    def _write(self, path: Path, data: bytes) -> None:
        import tempfile  # a run with nothing to do writes no entry

        assert self.folder is not None
        try:
            if not (self.folder / ".gitignore").is_file():
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / ".gitignore").write_text("# made by l10n: a cache, safe to delete\n*\n")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)


def _header(name: str, body: bytes) -> bytes:
    return b"%s %d %s %s" % (_MAGIC, FORMAT, name.encode("ascii", "replace"), digest(body).encode())
