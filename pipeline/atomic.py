"""Atomic writes, and replacing a file nobody changed while we worked on it.

A reader never sees a half-written file and a crash leaves none: data goes to
a temporary file beside the target (``.<name>.l10n-<random>.tmp``), is fsynced,
then renamed over it.

Files other programs edit (catalogs: PO editors, scripts) need more. l10n's own
processes serialise on an advisory lock (:func:`locked`, a ``.<name>.lock``
file beside the target), but editors take no lock, so :func:`replace_unchanged`
only replaces a file that still holds exactly the bytes it was computed from,
and checks again *after* the rename: on Linux the rename swaps the two names
(``renameat2(RENAME_EXCHANGE)``), so the file displaced is still at hand. If an
editor saved in between (by rename, or in place: truncate then write), the swap
is undone at once and the caller starts again from the editor's version.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import L10nError

TMP_TAG = ".l10n-"  # in every temporary file's name: ".<name>.l10n-<random>.tmp"
LOCK_SECONDS = 60.0  # how long to wait for another l10n process to finish with a file
ErrorType = type[L10nError]


def temp_prefix(path: Path) -> str:
    return f".{path.name}{TMP_TAG}"


def write_atomic(path: str | Path, text: str | bytes, error: ErrorType = L10nError) -> None:
    """Write to a temporary file beside ``path``, fsync it, then rename it over ``path``."""
    path = Path(path)
    tmp = _write_temp(path, text.encode("utf-8") if isinstance(text, str) else text, error)
    try:
        os.replace(tmp, path)
    except OSError as problem:
        tmp.unlink(missing_ok=True)
        raise error(f"cannot write: {problem.strerror}", path=path) from None
    _sync_folder(path.parent)


def _write_temp(path: Path, data: bytes, error: ErrorType) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as problem:
        raise error(
            f"cannot write: {problem.strerror}", path=path, hint="check the folder exists and is writable"
        ) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o644
        os.chmod(tmp, mode)
    except OSError as problem:
        tmp.unlink(missing_ok=True)
        raise error(f"cannot write: {problem.strerror}", path=path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes and the identity they were read from (inode, size, mtime)."""

    data: bytes
    inode: int
    size: int
    mtime_ns: int


def snapshot(path: Path, error: ErrorType = L10nError, attempts: int = 20) -> Snapshot | None:
    """The file's bytes, read while it did not change (None if it does not exist).

    Size, mtime and inode are taken before and after the read; a file changing
    meanwhile (an editor saving in place) is read again.
    """
    for attempt in range(attempts):
        try:
            with open(path, "rb") as handle:
                before = os.fstat(handle.fileno())
                data = handle.read()
                after = os.fstat(handle.fileno())
            current = os.stat(path)
        except FileNotFoundError:
            return None
        except OSError as problem:
            raise error(f"cannot read: {problem.strerror or problem}", path=path) from None
        stamps = {_stamp(before), _stamp(after), _stamp(current)}
        if len(stamps) == 1 and len(data) == before.st_size:
            return Snapshot(data, before.st_ino, before.st_size, before.st_mtime_ns)
        time.sleep(0.001 * (attempt + 1))
    raise error(
        "the file keeps changing while l10n reads it; nothing was written",
        path=path,
        hint="wait until the program writing it is done, then run again",
    )


def _stamp(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def still(path: Path, seen: Snapshot) -> bool:
    """Whether ``path`` still holds exactly what ``seen`` read (the same inode and bytes)."""
    try:
        stat = os.stat(path)
        if (stat.st_ino, stat.st_size) != (seen.inode, seen.size):
            return False
        return path.read_bytes() == seen.data
    except OSError:
        return False


@contextlib.contextmanager
def locked(path: Path, error: ErrorType = L10nError, seconds: float = LOCK_SECONDS) -> Iterator[None]:
    """Hold the advisory lock of ``path`` (``.<name>.lock`` beside it); clean our leftover temp files.

    Every l10n process changing the file takes this lock first, so a temporary
    file found while holding it was left by a process that was killed mid-save.
    The lock file is removed on release (and one left by a killed process is
    reused), so no lock file stays beside a catalog.
    """
    lock = path.parent / f".{path.name}.lock"
    deadline = time.monotonic() + seconds
    while True:
        fd = _open_lock(lock, path, error)
        try:
            _flock(fd, lock, path, error, deadline)
            if _same_file(fd, lock):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder before us removed that lock file: take the new one
    try:
        clean_leftovers(path)
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()
        os.close(fd)  # releases the lock


def _open_lock(lock: Path, path: Path, error: ErrorType) -> int:
    """The lock file, never followed through a link (a cloned project could ship one pointing anywhere)."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if lock.is_symlink():
            lock.unlink()
        return os.open(lock, flags, 0o644)
    except OSError as problem:
        raise error(
            f"cannot write: {problem.strerror} (creating the lock file {lock.name} beside it)",
            path=path,
            hint="check the folder exists and is writable; nothing was written",
        ) from None


def _flock(fd: int, lock: Path, path: Path, error: ErrorType, deadline: float) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; the checks before and after the rename still hold
        return
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise error(
                    f"another l10n process has been changing this file for too long (lock {lock.name})",
                    path=path,
                    hint="wait for it to finish (or stop it), then run again; nothing was written",
                ) from None
            time.sleep(0.002)


def _same_file(fd: int, lock: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(lock).st_ino
    except OSError:
        return False


def clean_leftovers(path: Path) -> list[Path]:
    """Remove our own temporary files beside ``path`` (``.<name>.l10n-*.tmp``); call with the lock held."""
    removed = []
    for leftover in path.parent.glob(f"{temp_prefix(path)}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def replace_unchanged(path: Path, seen: Snapshot | None, data: bytes, error: ErrorType = L10nError) -> bool:
    """Put ``data`` at ``path`` if it still holds what ``seen`` read (None: it did not exist).

    Returns False, having written nothing, if the file changed: the caller
    reads it again and redoes its change. The check is repeated after the
    rename on the file displaced by it; a save that slipped in between is put
    back at once.
    """
    tmp = _write_temp(path, data, error)
    try:
        if seen is None:
            if path.exists():
                return False
            try:
                os.link(tmp, path)  # fails if someone created it meanwhile; rename would overwrite theirs
            except FileExistsError:
                return False
            except OSError:
                if path.exists():
                    return False
                os.replace(tmp, path)
            _sync_folder(path.parent)
            return True
        if not still(path, seen):
            return False
        if not _exchange(tmp, path):
            # No atomic swap here (not Linux, or a file system without it): a plain rename,
            # with the window between the check above and the rename left open.
            os.replace(tmp, path)
            _sync_folder(path.parent)
            return True
        # tmp now names the file that was at path: it must be what we read, still.
        if still(tmp, seen) and _settled(tmp, seen):
            _sync_folder(path.parent)
            return True
        _exchange(tmp, path)  # someone saved between the check and the swap: theirs goes back
        return False
    except OSError as problem:
        raise error(f"cannot write: {problem.strerror}", path=path) from None
    finally:
        tmp.unlink(missing_ok=True)


def _settled(displaced: Path, seen: Snapshot) -> bool:
    """An in-place save opened before the swap writes into the displaced file a moment later: look once more."""
    time.sleep(0.0005)
    return still(displaced, seen)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2: Callable[..., int] | bool | None = False  # False: not looked up yet


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically; False when the system cannot (then nothing happened)."""
    global _renameat2
    if _renameat2 is False:
        _renameat2 = None
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError):
                _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    if not callable(_renameat2):
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))
