"""Translation models on this machine: list them, install an ``.argosmodel`` safely, remove one.

``argostranslate.package.install_from_path`` checks only that the file is a zip
and extracts it as it is into the packages folder: an entry named
``../../.bashrc`` lands outside it, a zip bomb fills the disk, a broken package
breaks every later listing. So :func:`validate` reads the archive's directory
first (one top-level folder, no absolute, ``..`` or symlink entries, bounded
size and compression ratio, ``metadata.json`` with its fields, a CTranslate2
``model/model.bin``, a tokenizer model) and :func:`install` extracts into a
hidden folder beside the packages and renames it into place: a failure leaves
nothing half-installed.

Entry names are normalised first (``pkg/./metadata.json``, ``pkg//x`` and
``pkg\\x`` all name ``pkg/metadata.json``, ``pkg/x``), two entries that
normalise to one name are refused, and :func:`install` writes exactly the
entries that were validated, under their normalised names: with ``extractall``
an alias ``pkg/./metadata.json`` stored after the validated one overwrote it.

Offline, the Argos package index cannot be reached, and argostranslate's own
``get_available_packages()`` then retries until RecursionError: :func:`available`
fetches the index once, with a timeout, and says what to do instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.engines import Pair
from pipeline.engines.argos import INDEX_HINT, installed, packages_dirs
from pipeline.errors import ModelPackageError

MAX_TOTAL_BYTES = 2 * 1024**3
"""Largest uncompressed package accepted: real Argos packages are 50–300 MB."""
MAX_ENTRIES = 10_000
MAX_RATIO = 100
"""Largest compression ratio of a big entry; model weights barely compress, a zip bomb does by 1000×."""
RATIO_FROM_BYTES = 1024**2
MAX_METADATA_BYTES = 1024**2
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}")
VERSION = re.compile(r"[0-9]+(?:[.\-_+][0-9A-Za-z]+){0,7}")
MAX_NAME = 255
"""Longest entry name accepted, and longest path component: what file systems hold."""


@dataclass(frozen=True)
class Model:
    """One line of ``l10n models list``."""

    engine: str  # "argos" or "apertium"
    pair: Pair
    name: str  # package folder or Apertium mode
    version: str
    path: str


@dataclass(frozen=True)
class PackageInfo:
    """What :func:`validate` learnt from an ``.argosmodel`` file."""

    folder: str  # the one top-level folder
    pair: Pair
    version: str
    size: int  # uncompressed bytes


@dataclass(frozen=True)
class _Plan:
    """What validation accepted: each file entry under the name it will be written as."""

    info: PackageInfo
    files: tuple[tuple[str, zipfile.ZipInfo], ...]  # (normalised name, the entry read for it)


@dataclass(frozen=True)
class Installed:
    info: PackageInfo
    path: Path
    replaced: bool  # a package of the same folder name was there before


def listed() -> list[Model]:
    """Installed Argos packages, then Apertium pairs (if Apertium is installed)."""
    found = [
        Model("argos", package.pair, package.name, package.version, str(package.path))
        for package in sorted(installed(), key=lambda p: (p.pair.source, p.pair.target, p.name))
    ]
    from pipeline.engines.apertium import ApertiumEngine

    apertium = ApertiumEngine()
    for pair, mode in sorted(apertium.modes().items(), key=lambda item: item[1]):
        version = apertium.provenance(pair).removeprefix(f"apertium {mode} ")
        found.append(Model("apertium", pair, mode, version, f"/usr/share/apertium/modes/{mode}.mode"))
    return found


def apertium_missing() -> str:
    """Why ``listed()`` shows no Apertium pair, and what to do."""
    from pipeline.engines.apertium import INSTALL, ApertiumEngine

    if not ApertiumEngine().available():
        return f"Apertium is not installed (on Debian or Ubuntu: {INSTALL})"
    return "Apertium has none installed (apt-cache search apertium- lists them)"


def validate(path: Path) -> PackageInfo:
    """Check ``path`` is a safe, complete Argos translation package without extracting it."""
    if not path.is_file():
        raise ModelPackageError("no such file", path=path)
    try:
        with zipfile.ZipFile(path) as archive:
            return _check(path, archive).info
    except zipfile.BadZipFile as error:
        raise ModelPackageError(
            f"not a valid .argosmodel (a zip archive): {error}", path=path, hint="copy the file again"
        ) from None
    except OSError as error:
        raise ModelPackageError(f"cannot read: {error.strerror or error}", path=path) from None


def normalised(name: str) -> str:
    """An entry name as a file system reads it: backslashes as slashes, no empty or "." parts."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    return "/".join(parts)


def _check(path: Path, archive: zipfile.ZipFile) -> _Plan:
    def fail(message: str, hint: str | None = None) -> ModelPackageError:
        return ModelPackageError(message, path=path, hint=hint)

    entries = archive.infolist()
    if not entries:
        raise fail("the archive is empty")
    if len(entries) > MAX_ENTRIES:
        raise fail(f"too many entries ({len(entries)}; at most {MAX_ENTRIES})")
    tops: set[str] = set()
    files: dict[str, zipfile.ZipInfo] = {}
    folders: set[str] = set()
    total = 0
    for entry in entries:
        raw = entry.filename
        shown = ascii(raw)[1:-1]
        if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029" for ch in raw):
            raise fail(f"unsafe entry '{shown}': a control character in its name")
        if len(raw) > MAX_NAME:
            raise fail(f"entry name too long ({len(raw)} characters; at most {MAX_NAME})")
        slashed = raw.replace("\\", "/")
        if slashed.startswith("/") or re.match(r"[A-Za-z]:", slashed):
            raise fail(f"unsafe entry '{shown}': absolute or non-portable path")
        name = normalised(raw)
        parts = name.split("/") if name else []
        if ".." in parts or not parts:
            raise fail(f"unsafe entry '{shown}': it would be written outside the package folder")
        kind = stat.S_IFMT(entry.external_attr >> 16)  # 0 where the zip tool stored no Unix mode
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise fail(f"unsafe entry '{shown}': a symbolic link or special file")
        if name in files or (name in folders and not entry.is_dir()):
            first = files[name].filename if name in files else name + "/"
            shown_first = ascii(first)[1:-1]
            also = f" (also as '{shown_first}')" if first != raw else ""
            raise fail(f"entry '{name}' appears twice{also}", hint="a package names each file once")
        tops.add(parts[0])
        if entry.is_dir():
            folders.add(name)
        else:
            if len(parts) == 1:
                raise fail(f"file '{shown}' is outside the package folder", hint="a package holds ONE top-level folder")
            files[name] = entry
            folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
        total += entry.file_size
        if total > MAX_TOTAL_BYTES:
            raise fail(f"too large once extracted (over {MAX_TOTAL_BYTES // 1024**3} GB)")
        if entry.file_size >= RATIO_FROM_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise fail(f"entry '{shown}' expands {entry.file_size // max(entry.compress_size, 1)}× (a zip bomb?)")
    clash = sorted(set(files) & folders)
    if clash:
        raise fail(f"entry '{clash[0]}' is both a file and a folder")
    packed = sum(entry.compress_size for entry in entries)
    if total >= RATIO_FROM_BYTES and total > MAX_RATIO * max(packed, 1):  # many entries, each under the bound
        raise fail(f"the archive expands {total // max(packed, 1)}× overall (a zip bomb?)")
    if len(tops) != 1:
        shown_tops = ", ".join(sorted(tops)[:5])
        raise fail(f"{len(tops)} top-level folders ({shown_tops}); a package holds exactly one")
    (top,) = tops
    if top.startswith("."):
        raise fail(f"the package folder '{top}' is hidden")

    meta_name = f"{top}/metadata.json"
    if meta_name not in files:
        raise fail(f"'{meta_name}' is missing", hint="this is not an Argos package")
    meta_info = files[meta_name]
    if meta_info.file_size > MAX_METADATA_BYTES:
        raise fail(f"'{meta_name}' is too large")
    try:
        metadata = json.loads(archive.read(meta_info).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail(f"'{meta_name}' is not valid JSON: {error}") from None
    if not isinstance(metadata, dict):
        raise fail(f"'{meta_name}' must hold a JSON object")
    pair = Pair(_field(metadata, "from_code", fail, meta_name), _field(metadata, "to_code", fail, meta_name))
    for code in (pair.source, pair.target):
        if not LANGUAGE_CODE.fullmatch(code):
            shown_code = ascii(code)[1:-1][:40]
            raise fail(f"'{meta_name}' has a language code '{shown_code}' that is not one (such as en, pt or zh-Hant)")
    if pair.source.lower().replace("_", "-") == pair.target.lower().replace("_", "-"):
        raise fail(f"'{meta_name}' translates {pair.source} into itself")
    version = _field(metadata, "package_version", fail, meta_name)
    if not VERSION.fullmatch(version) or len(version) > 40:
        shown_version = ascii(version)[1:-1][:40]
        raise fail(f"'{meta_name}' has a package_version '{shown_version}' that is not a version (such as 1.9)")
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise fail(f"'{meta_name}' says type '{ascii(str(kind))[1:-1][:40]}'; only translation packages are used here")

    if f"{top}/model/model.bin" not in files:
        raise fail(f"'{top}/model/model.bin' is missing", hint="the package needs a CTranslate2 model in model/")
    tokenizers = [name for name in (f"{top}/sentencepiece.model", f"{top}/bpe.model") if name in files]
    if not tokenizers:
        raise fail(f"neither '{top}/sentencepiece.model' nor '{top}/bpe.model' is present")
    # A file truncated to nothing (a copy that failed) would install fine and fail at every translation.
    for name in (f"{top}/model/model.bin", *tokenizers):
        if files[name].file_size == 0:
            raise fail(f"'{name}' is empty", hint="copy the package again")
    info = PackageInfo(top, pair, version, total)
    return _Plan(info, tuple(sorted(files.items())))


def _extract(archive: zipfile.ZipFile, plan: _Plan, staging: Path) -> None:
    """Write exactly the validated entries, under their normalised names, never more bytes than declared."""
    for name, entry in plan.files:
        target = staging.joinpath(*name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(entry) as source, open(target, "xb") as out:
            left = entry.file_size
            while chunk := source.read(min(1 << 20, left + 1)):
                left -= len(chunk)
                if left < 0:
                    raise ModelPackageError(f"entry '{name}' holds more than its declared size (a zip bomb?)")
                out.write(chunk)


def _field(metadata: dict[str, Any], key: str, fail: Any, where: str) -> str:
    value = metadata.get(key)
    if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
        raise fail(f"'{where}' has no '{key}'")
    return str(value).strip()


def install(path: Path) -> Installed:
    """Validate ``path``, then extract it beside the installed packages and rename it into place."""
    info = validate(path)  # clear errors for a missing or unreadable file before touching the packages folder
    target_dir = packages_dirs()[0]
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".l10n-install-", dir=target_dir))
    except OSError as error:
        raise ModelPackageError(
            f"cannot write the packages folder: {error.strerror or error}",
            path=target_dir,
            hint="set ARGOS_PACKAGES_DIR to a writable folder",
        ) from None
    final = target_dir / info.folder
    old = target_dir / f".l10n-old-{info.folder}"
    try:
        with zipfile.ZipFile(path) as archive:
            plan = _check(path, archive)  # the very entries written next, even if the file changed since
            if plan.info != info:
                raise ModelPackageError("the file changed while it was being installed", path=path)
            _extract(archive, plan, staging)
        replaced = final.exists()
        if replaced:
            shutil.rmtree(old, ignore_errors=True)
            os.replace(final, old)
        os.replace(staging / info.folder, final)
    except ModelPackageError as error:
        raise ModelPackageError(f"installation failed, nothing installed: {error.message}", path=path) from None
    except (OSError, zipfile.BadZipFile) as error:
        raise ModelPackageError(f"installation failed, nothing installed: {error}", path=path) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    _forget_languages()
    return Installed(info, final, replaced)


def remove(pair: Pair) -> list[Path]:
    """Remove every installed Argos package for ``pair``; the folders removed."""
    gone = []
    for package in installed():
        if package.pair == pair:
            try:
                shutil.rmtree(package.path)
            except OSError as error:
                raise ModelPackageError(f"cannot remove: {error.strerror or error}", path=package.path) from None
            gone.append(package.path)
    if not gone:
        raise ModelPackageError(
            f"no Argos package for {pair.source}→{pair.target} is installed", hint="see: l10n models list"
        )
    _forget_languages()
    return gone


def _forget_languages() -> None:
    """argostranslate caches its installed languages; drop the cache if it was loaded."""
    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.get_installed_languages.cache_clear()


def available(timeout: float = 10.0) -> list[tuple[Pair, str, str]]:
    """(pair, package name, version) from the Argos package index, fetched once.

    The index is a web address, not a package registry: offline it fails, and
    then this says so and how to install a local file instead.
    """
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    url = base.rstrip("/") + "/index.json"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            index = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as error:
        raise ModelPackageError(
            f"the Argos package index ({url}) cannot be reached: {getattr(error, 'reason', error)}",
            hint=f"without internet, {INDEX_HINT}",
        ) from None
    found = []
    for item in index if isinstance(index, list) else []:
        if isinstance(item, dict) and item.get("from_code") and item.get("to_code"):
            pair = Pair(str(item["from_code"]), str(item["to_code"]))
            name = f"{item.get('type', 'translate')}-{pair.source}_{pair.target}"
            found.append((pair, name, str(item.get("package_version", "?"))))
    return sorted(found, key=lambda row: (row[0].source, row[0].target))
