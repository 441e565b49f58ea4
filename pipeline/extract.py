"""Stage 1: source documents -> segments -> ``locales/<doc>.pot``."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline import catalog, formats
from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import Document
from pipeline.textfile import decode_utf8, read_bytes, strip_marks


@dataclass(frozen=True)
class Extracted:
    doc: str
    pot: Path
    entries: int
    segments: int
    written: bool


def read_source(path: Path) -> str:
    """A source file's text; binary or undecodable files are clear errors.

    The build's draft marks (three Unicode noncharacters) are removed here, so
    extract and build see the same text: a segment holding one kept its
    msgid in the catalog but was looked up without it, and lost its translation.
    """
    data = read_bytes(path, SourceError, "document")
    if b"\0" in data[:8192]:
        raise SourceError(
            "binary file, not a text document",
            path=path,
            hint="move it out of the source folder or add it to 'exclude'",
        )
    return strip_marks(decode_utf8(data, path, SourceError, "document").removeprefix("\ufeff").replace("\r\n", "\n"))


def load(config: Config, path: Path) -> Document:
    """Read and split one source document."""
    fmt = formats.for_path(path)
    options = config.split_options()
    if isinstance(fmt, formats.Package):
        return fmt.load(read_bytes(path, SourceError, "document"), config.relative(path), options)
    return fmt.split(read_source(path), config.relative(path), options)


def check_names(config: Config, sources: list[Path]) -> None:
    """Every document gets a catalog name of its own, one that a UTF-8 catalog can hold."""
    seen: dict[str, Path] = {}
    for path in sources:
        name = config.relative(path)
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if shown != name:  # a name in another encoding (an old archive's latin-1) reaches Python as lone surrogates
            raise SourceError("file name is not valid UTF-8", path=shown, hint="rename it")
        if any(unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029" for ch in name):
            # A newline in a "#:" reference would break the catalog
            raise SourceError("file name holds a control character", path=ascii(name), hint="rename it")
        doc = config.doc_name(path)
        if doc in seen:
            raise SourceError(
                f"two documents would share the catalog name '{doc}' (also {config.relative(seen[doc])})",
                path=config.relative(path),
                hint="rename one of them",
            )
        seen[doc] = path


def extract(config: Config) -> list[Extracted]:
    """Write one template per source document; unchanged ones are not touched."""
    if config.external:
        from pipeline import external

        raise external.refusal(config, "extract")
    sources = config.documents()
    check_names(config, sources)
    results = []
    for path in sources:
        document = load(config, path)
        doc = config.doc_name(path)
        occurrences = [catalog.Occurrence(s, document.path) for s in document.segments()]
        pot = catalog.template(occurrences, config.name)
        pot_path = config.pot_path(doc)
        catalog.keep_creation_date(pot, pot_path)
        written = catalog.save(pot, pot_path)
        results.append(Extracted(doc, pot_path, len(pot), len(occurrences), written))
    return results


def orphaned(config: Config) -> list[Path]:
    """Templates whose source document is gone (deleted, renamed or excluded).

    Left alone - their catalogs hold reviewers' work - but 'l10n update' would
    keep merging them, so extract says which they are.
    """
    docs = {config.doc_name(path) for path in config.documents()} | {"l10n-site"}  # the site's own words
    found = sorted(config.locales_dir.rglob("*.pot")) if config.locales_dir.is_dir() else []
    return [pot for pot in found if pot.relative_to(config.locales_dir).with_suffix("").as_posix() not in docs]
