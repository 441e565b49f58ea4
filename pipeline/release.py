"""``l10n release``: build, then pack ``dist/`` into ``release-V.tar.gz`` and ``release-V.zip``.

The archives are reproducible: the same inputs give byte-identical files.
Entries are sorted, carry a fixed time (``SOURCE_DATE_EPOCH`` if set, else
1980-01-01, the earliest a zip can hold), owner 0/0, mode 644 (755 for
folders), and paths under one ``release-V/`` folder, never absolute; the gzip
header has no name and time 0. Only the files the build's manifest lists (and
the manifest) are packed, so nothing stale or stray travels.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.atomic import write_atomic
from pipeline.build import MANIFEST, Report, build
from pipeline.config import Config
from pipeline.errors import BuildError, L10nError

_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")
_EPOCH_1980 = 315532800  # 1980-01-01T00:00:00Z
_EPOCH_2107_END = 4354819198  # 2107-12-31T23:59:58Z: a zip's years run 1980-2107, its seconds are even


@dataclass(frozen=True)
class Release:
    report: Report
    archives: tuple[Path, ...]
    files: int
    replaced: tuple[Path, ...] = ()  # archives of this version that were there with other content


def check_version(version: str) -> str:
    """A version usable in a file name: letters, digits, '.', '+', '_', '-'; no path parts."""
    if not _VERSION.fullmatch(version) or ".." in version:
        raise ValueError(
            f"'{version}' is not a usable version: use letters, digits, '.', '+', '_' and '-' "
            "(at most 64, starting with a letter or digit), e.g. 1.2.0"
        )
    return version


def source_date() -> int:
    """The archives' timestamp: ``SOURCE_DATE_EPOCH`` (reproducible-builds.org), else 1980-01-01."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return _EPOCH_1980
    if not value.isdigit():
        raise L10nError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{value}'")
    if int(value) > _EPOCH_2107_END:
        raise L10nError(
            f"SOURCE_DATE_EPOCH={value} is after 2107-12-31, the last date a zip archive can hold",
            hint="give the time of the last commit, e.g. $(git log -1 --format=%ct)",
        )
    return max(int(value), _EPOCH_1980)


def release(config: Config, version: str, output: Path | None = None, policy: str | None = None) -> Release:
    """Build everything, then write the two archives into ``output`` (default: the project folder).

    If a catalog cannot be compiled (``report.errors``), no archive is written.
    """
    check_version(version)
    stamp = source_date()  # before building: a bad value stops everything
    folder = output if output is not None else config.root
    source = config.source_dir.resolve()
    if folder.resolve() == source or source in folder.resolve().parents:
        raise BuildError(
            "the archives would land among the source documents, and every later build would fail on them",
            path=folder,
            hint="give another --output folder",
        )
    report = build(config, None, policy)
    if report.errors:
        return Release(report, (), 0)
    names = packed(config.dist_dir)
    prefix = f"release-{version}"
    tar_path = folder / f"{prefix}.tar.gz"
    zip_path = folder / f"{prefix}.zip"
    archives = {
        tar_path: tar_gz(config.dist_dir, names, prefix, stamp),
        zip_path: zip_bytes(config.dist_dir, names, prefix, stamp),
    }
    replaced = tuple(path for path, data in archives.items() if _differs(path, data))
    for path, data in archives.items():
        write_atomic(path, data)
    return Release(report, tuple(archives), len(names), replaced)


def _differs(path: Path, data: bytes) -> bool:
    """``path`` exists with other bytes: the same version released again with other content."""
    try:
        return path.is_file() and path.read_bytes() != data
    except OSError:
        return False


def packed(dist: Path) -> list[str]:
    """The files to pack, relative to ``dist``: the manifest's list and the manifest, sorted."""
    try:
        manifest = json.loads((dist / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BuildError(f"cannot read the build's manifest: {error}", path=dist / MANIFEST) from None
    names = {record["path"] for record in manifest["files"]} | {MANIFEST}
    return sorted(names)


def _folders(names: list[str]) -> list[str]:
    found = set()
    for name in names:
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            found.add("/".join(parts[:depth]))
    return sorted(found)


def tar_gz(dist: Path, names: list[str], prefix: str, stamp: int) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        entries = [(f, True) for f in ["", *_folders(names)]] + [(n, False) for n in names]
        for name, is_dir in sorted(entries):
            info = tarfile.TarInfo(f"{prefix}/{name}".rstrip("/"))
            info.mtime = stamp
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if is_dir:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                archive.addfile(info)
            else:
                data = _read(dist / name)
                info.size = len(data)
                info.mode = 0o644
                archive.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as packed_file:
        packed_file.write(raw.getvalue())
    return out.getvalue()


def zip_bytes(dist: Path, names: list[str], prefix: str, stamp: int) -> bytes:
    when = time.gmtime(stamp)[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        entries = [(f + "/" if f else "", True) for f in ["", *_folders(names)]] + [(n, False) for n in names]
        for name, is_dir in sorted(entries):
            info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=when)
            info.create_system = 3  # Unix, so that the modes below are read
            if is_dir:
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, _read(dist / name), compresslevel=9)
    return out.getvalue()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BuildError(
            f"cannot read built file: {error.strerror}", path=path, hint="run 'l10n build' again"
        ) from None
