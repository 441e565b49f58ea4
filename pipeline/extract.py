"""Stage 1: source documents -> segments -> ``locales/<doc>.pot``."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline import formats
from pipeline.cache import Cache, digest, key
from pipeline.config import SITE_CATALOG, Config
from pipeline.errors import SourceError
from pipeline.model import Document, document_from_json, document_to_json
from pipeline.parallel import run_each, size_of
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
    text = strip_marks(decode_utf8(data, path, SourceError, "document").removeprefix("\ufeff").replace("\r\n", "\n"))
    at = text.find("\x04")
    if at >= 0:  # gettext's context separator: msgfmt refuses a catalog with it in a msgid
        raise SourceError(
            "holds the control character U+0004 (end of transmission), which no gettext catalog can hold",
            path=path,
            line=text.count("\n", 0, at) + 1,
            hint="remove it from the document",
        )
    return text


def load(config: Config, path: Path, cache: Cache | None = None) -> Document:
    """Read and split one source document."""
    return split(config, path, source_text(path), cache or Cache(None))


def source_text(path: Path) -> str:
    """What cache keys are made of: a document's text, or for a package (.docx, .odt: a zip) its bytes' digest."""
    if formats.is_package(path):
        return "package " + digest(read_bytes(path, SourceError, "document"))
    return read_source(path)


def split(config: Config, path: Path, text: str, cache: Cache) -> Document:
    """Split ``text`` (the document at ``path``), or take the split from the cache.

    Extract and build both need the split; with the cache, a document is parsed
    once until its text, its name, the segmentation settings or l10n change.
    """
    fmt = formats.for_path(path)
    options = config.split_options()
    if isinstance(fmt, formats.Package):  # a zip of XML parts: split each time, not cached
        return fmt.load(read_bytes(path, SourceError, "document"), config.relative(path), options)
    shown = config.relative(path)
    name = key("document", fmt.name, repr(options), shown, text)
    found = cache.get("documents", name)
    if found is not None:
        try:
            return document_from_json(found)
        except ValueError:
            pass  # a cache entry from a bug, not trusted: split again
    document = fmt.split(text, shown, options)
    cache.put("documents", name, document_to_json(document))
    return document


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


def extract(config: Config, *, jobs: int | None = None, cache: Cache | None = None) -> list[Extracted]:
    """Write one template per source document; unchanged ones are not touched.

    Documents are done on ``jobs`` processes (default: every core). A document
    whose text and template are as the last run left them is not even parsed.
    """
    if config.external:
        from pipeline import external

        raise external.refusal(config, "extract")
    sources = config.documents()
    check_names(config, sources)
    store = cache if cache is not None else Cache(config.root)
    known = functools.partial(_settled, config, store)
    one = functools.partial(_extract_one, config, store)
    return run_each(one, sources, jobs, known=known, weight=size_of, warm=_imports)


def _imports() -> None:
    """What :func:`_extract_one` imports, imported before the pool forks its workers."""
    from pipeline import catalog  # noqa: F401

    formats.suffixes()  # every format module


def _settled(config: Config, cache: Cache, path: Path) -> Extracted | None:
    """The result of a document whose text and template are as the last run left them, else None.

    What the last run produced from a text is a fixed point: the same text and
    the template it wrote make the same template again.
    """
    text = source_text(path)
    pot_path = config.pot_path(config.doc_name(path))
    done = cache.get("extracted", key(_text_key(config, path, text), _bytes(pot_path)))
    if isinstance(done, list) and len(done) == 2 and all(isinstance(n, int) for n in done):
        return Extracted(config.doc_name(path), pot_path, done[0], done[1], False)
    return None


def _text_key(config: Config, path: Path, text: str) -> str:
    return key("extract", config.name, repr(config.split_options()), config.relative(path), text)


def _extract_one(config: Config, cache: Cache, path: Path) -> Extracted:
    from pipeline import catalog  # polib and Babel: not imported by a run with nothing to do

    doc = config.doc_name(path)
    pot_path = config.pot_path(doc)
    text = source_text(path)
    settled = _text_key(config, path, text)
    document = split(config, path, text, cache)
    occurrences = [catalog.Occurrence(s, document.path) for s in document.segments()]
    pot = catalog.template(occurrences, config.name)
    catalog.keep_creation_date(pot, pot_path)
    written = catalog.save(pot, pot_path)
    cache.put("extracted", key(settled, _bytes(pot_path)), [len(pot), len(occurrences)])
    return Extracted(doc, pot_path, len(pot), len(occurrences), written)


def _bytes(path: Path) -> str:
    """The digest of a file's bytes ("" if it does not exist): part of a cache key."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return ""


def orphaned(config: Config) -> list[Path]:
    """Templates whose source document is gone (deleted, renamed or excluded).

    Left alone - their catalogs hold reviewers' work - but 'l10n update' would
    keep merging them, so extract says which they are.
    """
    docs = {config.doc_name(path) for path in config.documents()} | {SITE_CATALOG}  # the site's own words
    found = sorted(config.locales_dir.rglob("*.pot")) if config.locales_dir.is_dir() else []
    return [pot for pot in found if pot.relative_to(config.locales_dir).with_suffix("").as_posix() not in docs]
