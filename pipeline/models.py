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
from pathlib import Path, PurePosixPath
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
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
VERSION = re.compile(r"[0-9]+(?:[.\-_+][0-9A-Za-z]+)*")


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
            return _check(path, archive)
    except zipfile.BadZipFile as error:
        raise ModelPackageError(
            f"not a valid .argosmodel (a zip archive): {error}", path=path, hint="copy the file again"
        ) from None
    except OSError as error:
        raise ModelPackageError(f"cannot read: {error.strerror or error}", path=path) from None


def _check(path: Path, archive: zipfile.ZipFile) -> PackageInfo:
    def fail(message: str, hint: str | None = None) -> ModelPackageError:
        return ModelPackageError(message, path=path, hint=hint)

    entries = archive.infolist()
    if not entries:
        raise fail("the archive is empty")
    if len(entries) > MAX_ENTRIES:
        raise fail(f"too many entries ({len(entries)}; at most {MAX_ENTRIES})")
    tops: set[str] = set()
    names: set[str] = set()
    total = 0
    for entry in entries:
        name = entry.filename
        parts = PurePosixPath(name).parts
        if "\x00" in name or "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
            raise fail(f"unsafe entry '{name}': absolute or non-portable path")
        if ".." in parts or not parts:
            raise fail(f"unsafe entry '{name}': it would be written outside the package folder")
        kind = stat.S_IFMT(entry.external_attr >> 16)  # 0 where the zip tool stored no Unix mode
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise fail(f"unsafe entry '{name}': a symbolic link or special file")
        if name in names:
            raise fail(f"entry '{name}' appears twice")
        names.add(name)
        tops.add(parts[0])
        if len(parts) == 1 and not entry.is_dir():
            raise fail(f"file '{name}' is outside the package folder", hint="a package holds ONE top-level folder")
        total += entry.file_size
        if total > MAX_TOTAL_BYTES:
            raise fail(f"too large once extracted (over {MAX_TOTAL_BYTES // 1024**3} GB)")
        if entry.file_size >= RATIO_FROM_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise fail(f"entry '{name}' expands {entry.file_size // max(entry.compress_size, 1)}× (a zip bomb?)")
    packed = sum(entry.compress_size for entry in entries)
    if total >= RATIO_FROM_BYTES and total > MAX_RATIO * max(packed, 1):  # many entries, each under the bound
        raise fail(f"the archive expands {total // max(packed, 1)}× overall (a zip bomb?)")
    if len(tops) != 1:
        shown = ", ".join(sorted(tops)[:5])
        raise fail(f"{len(tops)} top-level folders ({shown}); a package holds exactly one")
    (top,) = tops
    if top.startswith("."):
        raise fail(f"the package folder '{top}' is hidden")

    meta_name = f"{top}/metadata.json"
    if meta_name not in names:
        raise fail(f"'{meta_name}' is missing", hint="this is not an Argos package")
    meta_info = archive.getinfo(meta_name)
    if meta_info.file_size > MAX_METADATA_BYTES:
        raise fail(f"'{meta_name}' is too large")
    try:
        metadata = json.loads(archive.read(meta_name).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail(f"'{meta_name}' is not valid JSON: {error}") from None
    if not isinstance(metadata, dict):
        raise fail(f"'{meta_name}' must hold a JSON object")
    pair = Pair(_field(metadata, "from_code", fail, meta_name), _field(metadata, "to_code", fail, meta_name))
    for code in (pair.source, pair.target):
        if not LANGUAGE_CODE.fullmatch(code):
            raise fail(f"'{meta_name}' has a language code '{code}' that is not one (such as en, pt or zh-Hant)")
    version = _field(metadata, "package_version", fail, meta_name)
    if not VERSION.fullmatch(version):
        raise fail(f"'{meta_name}' has a package_version '{version}' that is not a version (such as 1.9)")
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise fail(f"'{meta_name}' says type '{kind}'; only translation packages are used here")

    if f"{top}/model/model.bin" not in names:
        raise fail(f"'{top}/model/model.bin' is missing", hint="the package needs a CTranslate2 model in model/")
    tokenizers = [name for name in (f"{top}/sentencepiece.model", f"{top}/bpe.model") if name in names]
    if not tokenizers:
        raise fail(f"neither '{top}/sentencepiece.model' nor '{top}/bpe.model' is present")
    # A file truncated to nothing (a copy that failed) would install fine and fail at every translation.
    for name in (f"{top}/model/model.bin", *tokenizers):
        if archive.getinfo(name).file_size == 0:
            raise fail(f"'{name}' is empty", hint="copy the package again")
    return PackageInfo(top, pair, version, total)


def _field(metadata: dict[str, Any], key: str, fail: Any, where: str) -> str:
    value = metadata.get(key)
    if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
        raise fail(f"'{where}' has no '{key}'")
    return str(value).strip()


def install(path: Path) -> Installed:
    """Validate ``path``, then extract it beside the installed packages and rename it into place."""
    info = validate(path)
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
            archive.extractall(staging)
        replaced = final.exists()
        if replaced:
            shutil.rmtree(old, ignore_errors=True)
            os.replace(final, old)
        os.replace(staging / info.folder, final)
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
