"""Stage 4: source structure + catalogs -> ``dist/``: documents, ``.mo`` files, landing page, manifest.

Each document is re-parsed and rendered with a lookup built from its catalog.
The build policy decides which translations are acceptable: ``reviewed`` (not
fuzzy) or ``draft`` (machine and needs-review ones too, marked as such). A
segment without an acceptable translation keeps the source text.

A document is published in a language only when enough of its words are
translated: ``min_reviewed`` percent of them reviewed (``reviewed`` policy), or
translated at all (``draft`` policy). Every output is written only if its bytes
changed, and the files of an earlier build that this one no longer makes
(listed in the old ``manifest.json``) are removed, so ``dist/`` always holds
exactly what the manifest says.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pipeline import review
from pipeline.cache import Cache, digest, key
from pipeline.config import SITE_CATALOG, Config
from pipeline.errors import BuildError, L10nError
from pipeline.extract import check_names, load, source_text, split
from pipeline.languages import language
from pipeline.parallel import run_each, size_of
from pipeline.review import Coverage, State, gated, provenance
from pipeline.textfile import encode_like, strip_marks

# Rendering, checks, the site's templates and .mo writing are imported where they are used: a build
# with nothing to do (:func:`_settled`) needs none of them, and they are most of l10n's start-up time.
if TYPE_CHECKING:
    import polib

    from pipeline import formats, mo
    from pipeline.decorate import Alternate, Page
    from pipeline.model import Document, Segment

MANIFEST = "manifest.json"
INDEX = "index.html"  # for readers: a language chooser
STATUS = "status.html"  # for reviewers: every document × language, how much is reviewed
MO_DIR = "locale"  # dist/locale/<ll_CC>/LC_MESSAGES/<doc>.mo, gettext's layout
# Markup a translation may not bring in: tags, comments, processing instructions.
# "<" must touch the name, as in HTML and CommonMark: "a < b" is text.
_RAW_MARKUP = re.compile(r"<(/?[A-Za-z][\w:-]*|!|\?)")


@dataclass(frozen=True)
class Problem:
    """A warning about one catalog entry: ``path:line: message``."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Selection:
    """The translations one catalog contributes to one document under a policy."""

    table: Mapping[str, tuple[str, State]]  # msgid -> (translation, its state)
    coverage: Coverage
    engines: tuple[str, ...]
    warnings: tuple[Problem, ...]

    @property
    def draft(self) -> bool:
        return any(found is not State.REVIEWED for _, found in self.table.values())


@dataclass(frozen=True)
class Version:
    """One document in one language: published or not, and why."""

    doc: str
    locale: str
    source: bool  # the source language: the document as it is
    output: Path  # in dist/, whether or not it is published
    coverage: Coverage
    threshold: float
    basis: float  # the percentage compared with the threshold
    published: bool
    draft: bool
    engines: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Report:
    policy: str
    versions: tuple[Version, ...]
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    removed: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    errors: tuple[mo.CompileError, ...]

    def skipped(self) -> list[Version]:
        return [v for v in self.versions if not v.published]


@dataclass(frozen=True)
class _File:
    """One output file, as the manifest lists it."""

    path: str  # relative to dist/, POSIX
    kind: str  # "document", "mo" or "index"
    data: bytes
    locale: str | None = None
    doc: str | None = None
    version: Version | None = None
    extra: Mapping[str, int] = field(default_factory=dict)


def select(
    document: Document,
    po: polib.POFile | None,
    policy: str,
    path: Path,
    shown: str,
    *,
    markup: bool,
    held: frozenset[int] = frozenset(),
) -> Selection:
    """Choose each segment's translation under ``policy`` and count words by review state.

    A translation whose numbered tags differ from the source's, or (``markup``:
    HTML, Markdown) that brings in raw markup the source does not have, is
    refused with a warning naming the catalog and line; it counts as
    untranslated. ``shown`` is how the catalog at ``path`` is named in warnings.
    A reviewed entry whose line is in ``held`` (a check reports an error on it)
    counts, and is used, as needing review: the review gate.
    """
    entries = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt} if po is not None else {}
    lines: list[str] | None = None  # the catalog's text, read only to place a warning
    table: dict[str, tuple[str, State]] = {}
    refused: set[str] = set()
    warnings: list[Problem] = []
    engines: set[str] = set()
    states: list[tuple[str, State]] = []
    for segment in document.segments():
        entry = entries.get(segment.msgid)
        found = gated(entry, held) if entry is not None else State.UNTRANSLATED
        usable = found is State.REVIEWED or (policy == "draft" and found is not State.UNTRANSLATED)
        if entry is not None and usable and segment.msgid not in refused:
            problem = _unsafe(segment, entry.msgstr, markup=markup)
            if problem is not None:
                refused.add(segment.msgid)
                if lines is None:
                    try:
                        lines = path.read_text(encoding="utf-8").splitlines()
                    except (OSError, UnicodeDecodeError):
                        lines = []
                warnings.append(Problem(shown, _msgstr_line(entry, lines), f"{problem}; the source text is used"))
            else:
                table[segment.msgid] = (entry.msgstr, found)
                made_by = provenance(entry)
                if made_by:
                    engines.add(made_by)
        if segment.msgid in refused:
            found = State.UNTRANSLATED
        states.append((segment.msgid, found))
    coverage = review.coverage(states)  # each distinct segment once, as status and the review page count
    return Selection(table, coverage, tuple(sorted(engines)), tuple(warnings))


def _unsafe(segment: Segment, translation: str, *, markup: bool) -> str | None:
    from pipeline.placeholders import tag_problem

    if not translation.strip():
        return "translation is only whitespace"  # a space typed in an editor would blank out a heading
    problem = tag_problem(segment.msgid, translation)
    if problem is not None:
        return f"translation's tags do not match the source ({problem})"
    if markup:
        brought = _markup_names(translation) - _markup_names(segment.msgid)
        if brought:
            shown = ", ".join(f"<{name}" for name in sorted(brought))
            return f"translation contains markup the source does not have ({shown}…)"
    return None


def _markup_names(text: str) -> set[str]:
    return {match.group(1).lstrip("/ ").lower() for match in _RAW_MARKUP.finditer(text)}


def _msgstr_line(entry: polib.POEntry, lines: list[str] | None) -> int | None:
    """The 1-based line of the entry's msgstr (polib knows where the entry starts)."""
    start = getattr(entry, "linenum", None)
    if not start:
        return None
    for number in range(start, len(lines or ()) + 1):
        if lines is not None and lines[number - 1].startswith("msgstr"):
            return number
    return int(start)


def build(
    config: Config,
    locales: tuple[str, ...] | None = None,
    policy: str | None = None,
    *,
    jobs: int | None = None,
    cache: Cache | None = None,
) -> Report:
    """Build ``dist/``. ``locales`` limits the build to some locales (a partial site).

    Documents are built on ``jobs`` processes (default: every core); a document
    whose source, catalogs and settings are as at the last build comes from the
    cache (``.l10n-cache/``) without being parsed or rendered. When nothing at
    all changed, not even in ``dist/``, the last build's report is the answer.
    """
    policy = policy or config.build.policy
    if policy not in ("reviewed", "draft"):
        raise BuildError(f"unknown build policy '{policy}'", hint="use 'reviewed' or 'draft'")
    codes = tuple(locales or config.locales)
    sources = config.documents()
    check_names(config, sources)
    store = cache if cache is not None else Cache(config.root)
    inputs = _inputs_key(config, codes, policy, sources)
    settled = _settled(config, policy, store, inputs)
    if settled is not None:
        return settled
    report = _build(config, codes, policy, sources, jobs, store)
    if _inputs_key(config, codes, policy, sources) == inputs:  # nothing was saved meanwhile (a reviewer's edit)
        _remember(config, report, store, inputs)
    return report


def _build(
    config: Config, codes: tuple[str, ...], policy: str, sources: list[Path], jobs: int | None, store: Cache
) -> Report:
    from pipeline import site

    known = functools.partial(_known, config, codes, policy, store)
    one = functools.partial(_build_cached, config, codes, policy, store)
    built = run_each(one, sources, jobs, known=known, weight=size_of, warm=functools.partial(_imports, codes))
    files = [item for one in built for item in one.files]
    versions = [version for one in built for version in one.versions]
    warnings = [problem for one in built for problem in one.warnings]
    compiled = sorted((c for one in built for c in one.compiled), key=lambda c: (c.code, c.doc))
    files.extend(c.file for c in compiled if c.file is not None)
    errors = [error for c in compiled for error in c.errors]
    paths = {v.output: _rel(config.dist_dir, v.output) for v in versions}
    files.append(_File(INDEX, "index", site.chooser(config, versions, paths).encode("utf-8")))
    files.append(_File(STATUS, "index", site.landing(config, policy, versions, paths).encode("utf-8")))
    pages = [v for v in versions if v.published and v.output.suffix.lower() in (".html", ".htm")]
    if not config.build.base_url and any(not v.source for v in pages):  # they carry <link hreflang> alternates
        warnings.append(
            Problem(
                "l10n.toml",
                None,
                "the pages' hreflang links are relative, which search engines ignore; "
                'set [build] base_url = "https://<where dist/ is served>/" to make them absolute',
            )
        )
    with _writing(config.dist_dir):
        return _write_all(config, policy, codes, files, tuple(versions), tuple(warnings), tuple(errors))


def _imports(codes: tuple[str, ...]) -> None:
    """What building a document imports and loads, done before the pool forks its workers."""
    from pipeline import catalog, checks, decorate, formats, mo, site  # noqa: F401

    formats.suffixes()  # every format module
    for code in codes:
        language(code)  # Babel's CLDR data for the language's name and direction


def _inputs_key(config: Config, codes: tuple[str, ...], policy: str, sources: list[Path]) -> str:
    """Everything a whole build depends on: settings, l10n's code (in every key), each source's and catalog's bytes,
    and the glossary the checks' review gate reads."""
    from pipeline.glossary import find

    parts = [repr(config), policy, *codes]
    for path in sources:
        doc = config.doc_name(path)
        parts += [config.relative(path), _digest_of(path), *(_digest_of(config.po_path(code, doc)) for code in codes)]
    glossary = find(config.root, config.translate.glossary)
    parts.append(_digest_of(glossary) if glossary is not None else "")
    parts += [_digest_of(config.po_path(code, SITE_CATALOG)) for code in codes]  # the site's own words
    return key("build inputs", *parts)


def _settled(config: Config, policy: str, store: Cache, inputs: str) -> Report | None:
    """The last build's report if its inputs are these and ``dist/`` still holds exactly what it wrote; else None.

    Every output the last build listed is read and its digest compared, the
    manifest's too: a file edited, deleted or replaced in ``dist/`` makes this a
    miss, and the full build puts it right. So does a temporary file a killed
    build left behind: the full build removes it.
    """
    found = store.get("build-settled", inputs)
    if found is None:
        return None
    dist = config.dist_dir
    if _leftovers(dist):
        return None
    try:
        for name, sha in found["outputs"]:
            if not isinstance(name, str) or name.startswith("/") or ".." in name.split("/"):
                return None  # only names a build made (relative, inside dist/) are read
            if _digest_of(dist / name) != sha:
                return None
        return _report_from_json(found["report"], config, policy)
    except (KeyError, TypeError, ValueError):
        return None  # an entry this code cannot read is not trusted: build again


def _remember(config: Config, report: Report, store: Cache, inputs: str) -> None:
    dist = config.dist_dir
    outputs = [[_rel(dist, path), _digest_of(path)] for path in (*report.written, *report.unchanged)]
    store.put("build-settled", inputs, {"outputs": outputs, "report": _report_to_json(report, config)})


def _report_to_json(report: Report, config: Config) -> dict[str, object]:
    dist = config.dist_dir
    return {
        "versions": [_version_to_json(v, dist) for v in report.versions],
        "outputs": sorted(_rel(dist, path) for path in (*report.written, *report.unchanged)),
        "warnings": [[w.path, w.line, w.message] for w in report.warnings],
        "errors": [[e.path, e.line, e.message] for e in report.errors],
    }


def _report_from_json(data: Any, config: Config, policy: str) -> Report:
    """A settled build's report: the same versions, warnings and errors, and every output unchanged."""
    dist = config.dist_dir
    versions = tuple(_version_from_json(item, dist) for item in data["versions"])
    unchanged = tuple(dist / str(name) for name in data["outputs"])
    warnings = tuple(Problem(*w) for w in data["warnings"])
    errors: tuple[mo.CompileError, ...] = ()
    if data["errors"]:
        from pipeline import mo  # Babel's catalog and .mo writer: only to say what did not compile

        errors = tuple(mo.CompileError(*e) for e in data["errors"])
    return Report(policy, versions, (), unchanged, (), warnings, errors)


def _version_to_json(v: Version, dist: Path) -> list[object]:
    coverage = [dataclasses.astuple(v.coverage.entries), dataclasses.astuple(v.coverage.words)]
    place = [v.doc, v.locale, v.source, _rel(dist, v.output), coverage, v.threshold, v.basis, v.published]
    return [*place, v.draft, list(v.engines), v.title]


def _version_from_json(item: Any, dist: Path) -> Version:
    doc, code, source, output, (entries, words), threshold, basis, published, *rest = item
    draft, engines, title = rest
    coverage = Coverage(review.Counts(*entries), review.Counts(*words))
    made = Version(doc, code, source, dist / output, coverage, threshold, basis, published, draft, (), title)
    return dataclasses.replace(made, engines=tuple(engines))


def _build_document(
    config: Config,
    path: Path,
    text: str,
    codes: tuple[str, ...],
    policy: str,
    catalogs: list[tuple[str, str, Path, polib.POFile]],
    cache: Cache,
) -> tuple[list[Version], list[_File], list[Problem]]:
    """One source document (its ``text``) in its own language and every locale in ``codes``.

    The catalogs read are appended to ``catalogs`` (code, doc, path, po) for compiling.
    """
    from pipeline import catalog, checks, formats, site
    from pipeline.checks import held_lines
    from pipeline.decorate import Alternate, decorate

    dist = config.dist_dir
    doc = config.doc_name(path)
    fmt = formats.for_path(path)
    if isinstance(fmt, formats.Package):
        text = ""
        document = load(config, path)
    else:
        document = split(config, path, text, cache)
    rel = path.relative_to(config.source_dir).as_posix()
    segments = list(document.segments())
    whole = review.coverage((s.msgid, State.REVIEWED) for s in segments)
    own = Version(
        doc, config.source_language, True, dist / config.source_language / rel, whole, 0.0, 100.0, True, False, ()
    )
    chosen: list[tuple[Version, Selection | None]] = [(own, None)]
    warnings: list[Problem] = []
    for code in codes:
        po_path = config.po_path(code, doc)
        po = catalog.read(po_path) if po_path.exists() else None
        held: frozenset[int] = frozenset()
        if po is not None:
            catalogs.append((code, doc, po_path, po))
            held = held_lines(checks.Settings.from_config(config).check(config.relative(po_path), po, code))
        if language(code).pseudo and not config.build.publish_pseudo:
            continue  # a test of the software, not a language for readers: its .mo only
        picked = select(document, po, policy, po_path, config.relative(po_path), markup=fmt.name != "text", held=held)
        warnings.extend(picked.warnings)
        threshold = config.min_reviewed(code)
        coverage = picked.coverage
        basis = coverage.reviewed_percent if policy == "reviewed" else coverage.translated_percent
        published = basis >= threshold
        version = Version(
            doc, code, False, dist / code / rel, coverage, threshold, basis, published, picked.draft, picked.engines
        )
        chosen.append((version, picked))
    alternates = tuple(
        Alternate(v.locale, _href(config, v.locale, rel), language(v.locale).native_name, language(v.locale).rtl)
        for v, _ in chosen
        if v.published
    )
    versions: list[Version] = []
    files: list[_File] = []
    for version, choice in chosen:
        if not version.published:
            versions.append(version)
            continue
        if isinstance(fmt, formats.Package):
            files.append(_package_file(config, fmt, document, path, version, choice))
            versions.append(_titled(version, _package_title(document, choice)))
            continue
        if choice is None:
            body = text
        else:
            marks = fmt.name == "html"
            body = fmt.render(document, _lookup(choice.table, drafts=marks and policy == "draft", fallback=marks))
        if fmt.name == "html":
            body = decorate(body, _page(config, version, alternates))
            version = _titled(version, site.title_of(body, fmt.name))
        else:
            body = strip_marks(body)
            version = _titled(version, site.title_of(body, fmt.name))  # before the draft note
            body = _label_draft(body, fmt, site.draft_note(config, version.locale)) if version.draft else body
        versions.append(version)
        data = encode_like(body, path)
        files.append(_File(_rel(dist, version.output), "document", data, version.locale, doc, version))
    return versions, files, warnings


def _package_file(
    config: Config, fmt: formats.Package, document: Document, path: Path, version: Version, choice: Selection | None
) -> _File:
    """A Word or OpenDocument file: the source's bytes as they are, or rebuilt in the version's language."""
    if choice is None:
        data = path.read_bytes()
    else:
        data = fmt.build(document, _lookup(choice.table, drafts=False), version.locale, language(version.locale).rtl)
    return _File(_rel(config.dist_dir, version.output), "document", data, version.locale, version.doc, version)


def _package_title(document: Document, choice: Selection | None) -> str:
    """The title in the document's properties, translated when the catalog has it."""
    for segment in document.segments():
        if segment.kind == "document title":
            found = choice.table.get(segment.msgid) if choice is not None else None
            return found[0] if found is not None else segment.msgid
    return ""


def _lookup(table: Mapping[str, tuple[str, State]], *, drafts: bool, fallback: bool = False) -> formats.Lookup:
    """The format's lookup; with ``drafts``, draft translations come wrapped for :func:`decorate`.

    With ``fallback``, a sentence left in the source language (no translation)
    comes wrapped too, so that the page can say which language it is in.
    """
    from pipeline.decorate import mark

    def lookup(segment: Segment) -> str | None:
        hit = table.get(segment.msgid)
        if hit is None:
            return mark(strip_marks(segment.msgid), "source") if fallback else None
        translation, found = hit
        translation = strip_marks(translation)  # a stray U+FDD0..U+FDD3 would become an unbalanced <span>
        if drafts and found is not State.REVIEWED:
            return mark(translation, "machine" if found is State.MACHINE else "needs-review")
        return translation

    return lookup


def _page(config: Config, version: Version, alternates: tuple[Alternate, ...]) -> Page:
    """What :func:`decorate` needs; hrefs relative to this page unless ``base_url`` is set."""
    from pipeline import site
    from pipeline.decorate import Alternate, Page

    if not config.build.base_url:
        up = "../" * (len(Path(_rel(config.dist_dir, version.output)).parts) - 1)
        alternates = tuple(Alternate(a.code, up + a.href, a.native_name, a.rtl) for a in alternates)
    x_default = alternates[0].href if len(alternates) > 1 else None
    source = language(config.source_language)
    return Page(
        version.locale,
        language(version.locale).rtl,
        alternates,
        x_default,
        version.draft,
        source_code=source.code,
        source_rtl=source.rtl,
        banner=site.banner(config, version.locale) if version.draft else None,
    )


def _compile(config: Config, code: str, doc: str, po_path: Path, po: polib.POFile, policy: str) -> _Compiled:
    """A ``.mo`` for one catalog; one that does not compile is reported, not written."""
    from pipeline import mo

    compiled = mo.compile_catalog(po, po_path, config.relative(po_path), use_fuzzy=policy == "draft", code=code)
    if compiled.errors:
        return _Compiled(code, doc, None, compiled.errors)
    target = f"{MO_DIR}/{mo.gettext_code(code)}/LC_MESSAGES/{doc}.mo"
    made = _File(target, "mo", compiled.data, code, doc, extra={"messages": compiled.messages})
    return _Compiled(code, doc, made, ())


def _titled(version: Version, title: str) -> Version:
    return dataclasses.replace(version, title=title)


def _rel(dist: Path, path: Path) -> str:
    return path.relative_to(dist).as_posix()


def _href(config: Config, code: str, rel: str) -> str:
    """Absolute when ``[build] base_url`` is set (search engines want that), else from dist/.

    The path is percent-encoded: a file named ``notes #2.html`` is not a link to ``notes`` at ``#2.html``.
    """
    path = quote(f"{code}/{rel}")
    return f"{config.build.base_url.rstrip('/')}/{path}" if config.build.base_url else path


def _label_draft(text: str, fmt: formats.Format, note: str = "") -> str:
    """A first-paragraph note (after Markdown front matter) saying the document is a draft, in its language."""
    from pipeline import formats, site

    note = note or site.DRAFT_NOTE
    if isinstance(fmt, formats.Labelled):
        return fmt.draft_label(text, note)
    if fmt.name == "markdown":
        front = re.match(r"---\n.*?\n---\n\n*", text, flags=re.S)
        at = front.end() if front else 0
        return f"{text[:at]}> **{note}**\n\n{text[at:]}"
    return f"[{note}]\n\n{text}"


@contextlib.contextmanager
def _writing(dist: Path) -> Iterator[None]:
    """One build writes ``dist/`` at a time, so a temporary file found meanwhile is a killed build's: removed."""
    from pipeline.atomic import locked

    dist.mkdir(parents=True, exist_ok=True)
    with locked(dist / MANIFEST):
        for leftover in _leftovers(dist):
            leftover.unlink(missing_ok=True)
        yield


def _leftovers(dist: Path) -> list[Path]:
    """Temporary files (``.<name>.l10n-<random>.tmp``) that a build killed mid-write left in ``dist/``."""
    from pipeline.atomic import TMP_TAG

    found = []
    for folder, _, names in os.walk(dist):
        found += [Path(folder) / n for n in names if n.startswith(".") and TMP_TAG in n and n.endswith(".tmp")]
    return found


def _write_all(
    config: Config,
    policy: str,
    codes: tuple[str, ...],
    files: list[_File],
    versions: tuple[Version, ...],
    warnings: tuple[Problem, ...],
    errors: tuple[mo.CompileError, ...],
) -> Report:
    dist = config.dist_dir
    previous = _listed(dist)
    built = {*codes, config.source_language}
    # A partial build (--locale) leaves the other locales' files in dist/: the
    # manifest keeps listing them, or a later build could never remove them.
    # Files of a locale dropped from l10n.toml are this build's to remove.
    others = set(config.locales) - built
    kept = [r for r in previous if r.get("locale") in others and _exists(dist, r.get("path"))]
    built |= {str(r["locale"]) for r in previous if r.get("locale") is not None and r.get("locale") not in others}
    written: list[Path] = []
    unchanged: list[Path] = []
    for item in files:
        target = dist / item.path
        (written if _write(target, item.data) else unchanged).append(target)
    manifest = _manifest(config, policy, files, versions, kept)
    target = dist / MANIFEST
    (written if _write(target, manifest) else unchanged).append(target)
    made = {item.path for item in files} | {MANIFEST}
    removed = _remove_stale(dist, previous, made, built)
    return Report(policy, versions, tuple(written), tuple(unchanged), tuple(removed), warnings, errors)


def _write(path: Path, data: bytes) -> bool:
    """Write only if the bytes differ, so unchanged outputs keep their dates."""
    from pipeline.atomic import write_atomic

    try:
        if path.is_file() and path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def _exists(dist: Path, name: object) -> bool:
    """``name`` (from an old manifest) is a file inside ``dist``."""
    if not isinstance(name, str):
        return False
    target = (dist / name).resolve()
    return dist.resolve() in target.parents and target.is_file()


def _listed(dist: Path) -> list[dict[str, object]]:
    """The file records of the previous build's manifest (none if it is missing or unreadable)."""
    try:
        old = json.loads((dist / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = old.get("files") if isinstance(old, dict) else None
    return [record for record in files or [] if isinstance(record, dict)]


def _remove_stale(dist: Path, previous: list[dict[str, object]], made: set[str], codes: set[str]) -> list[Path]:
    """Delete what the previous build listed and this one did not make (in the locales built)."""
    removed = []
    for record in previous:
        name = record.get("path")
        if not isinstance(name, str) or name in made or record.get("locale") not in {*codes, None}:
            continue
        if not _exists(dist, name):
            continue  # never outside dist/
        target = (dist / name).resolve()
        try:
            target.unlink()
        except OSError as error:
            raise L10nError(f"cannot remove stale output: {error.strerror}", path=target) from None
        removed.append(dist / name)
        for folder in target.parents:
            if folder == dist.resolve() or any(folder.iterdir()):
                break
            folder.rmdir()
    return removed


def _manifest(
    config: Config,
    policy: str,
    files: list[_File],
    versions: tuple[Version, ...],
    kept: list[dict[str, object]],
) -> bytes:
    """``kept``: the previous manifest's records of locales this (partial) build did not touch."""
    dist = config.dist_dir
    listed: list[dict[str, object]] = []
    for item in sorted(files, key=lambda f: f.path):
        record: dict[str, object] = {
            "path": item.path,
            "kind": item.kind,
            "sha256": hashlib.sha256(item.data).hexdigest(),
            "bytes": len(item.data),
            "locale": item.locale,
            "document": item.doc,
        }
        if item.version is not None:
            record.update(_describe(item.version))
        record.update(item.extra)
        listed.append(record)
    made = {str(record["path"]) for record in listed}
    listed.extend(record for record in kept if record["path"] not in made)
    listed.sort(key=lambda record: str(record["path"]))
    documents: dict[str, list[dict[str, object]]] = {}
    for version in versions:
        entry: dict[str, object] = {"locale": version.locale}
        entry["path"] = _rel(dist, version.output) if version.published else None
        entry.update(_describe(version))
        documents.setdefault(version.doc, []).append(entry)
    data = {
        "project": config.name,
        "source_language": config.source_language,
        "policy": policy,
        "documents": [{"document": doc, "versions": items} for doc, items in documents.items()],
        "files": listed,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _describe(version: Version) -> dict[str, object]:
    return {
        "title": version.title,
        "published": version.published,
        "draft": version.draft,
        "completeness": round(version.coverage.reviewed_percent, 1),
        "translated": round(version.coverage.translated_percent, 1),
        "threshold": version.threshold,
        "words": version.coverage.words.as_dict(),
        "segments": version.coverage.entries.as_dict(),
        "engines": list(version.engines),
    }


def summary(report: Report, config: Config) -> list[str]:
    """What the build did, for people: one line per unpublished document, then totals."""
    lines = []
    measure = "reviewed" if report.policy == "reviewed" else "translated"
    for version in report.skipped():
        setting = f"[locales.{version.locale}]" if config.locale(version.locale).min_reviewed is not None else "[build]"
        lines.append(
            f"{version.locale}: {config.relative(version.output)} not published: {version.basis:.0f}% of words "
            f"{measure}, below {version.threshold:g}% ({setting} min_reviewed in l10n.toml)"
        )
    documents = sum(1 for v in report.versions if v.published and not v.source)
    lines.append(
        f"built {documents} translated document(s) and the sources into {config.relative(config.dist_dir)}/ "
        f"({report.policy} policy): {len(report.written)} file(s) written, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed"
    )
    return lines


@dataclass(frozen=True)
class _Compiled:
    """One catalog's ``.mo``, or why it could not be made."""

    code: str
    doc: str
    file: _File | None
    errors: tuple[mo.CompileError, ...]


@dataclass(frozen=True)
class _Built:
    """Everything one source document contributes to a build (picklable: made in a worker process)."""

    versions: tuple[Version, ...]
    files: tuple[_File, ...]
    warnings: tuple[Problem, ...]
    compiled: tuple[_Compiled, ...]


def _build_key(config: Config, codes: tuple[str, ...], policy: str, path: Path, text: str, catalogs: list[str]) -> str:
    raw = _digest_of(path)  # the text, and the line ends and byte-order mark the outputs copy
    site = [_digest_of(config.po_path(code, SITE_CATALOG)) for code in codes]  # the draft note's translation
    return key("build", repr(config), policy, *codes, config.relative(path), raw, text, *catalogs, *site)


def _known(config: Config, codes: tuple[str, ...], policy: str, cache: Cache, path: Path) -> _Built | None:
    """A document's outputs from the cache when its source, catalogs and settings are unchanged; else None."""
    text = source_text(path)
    catalogs = [_digest_of(config.po_path(code, config.doc_name(path))) for code in codes]
    found = cache.get("built", _build_key(config, codes, policy, path, text, catalogs))
    if found is None:
        return None
    try:
        return _built_from_json(found, config, cache)
    except (KeyError, TypeError, ValueError):
        return None  # an entry this code cannot read is not trusted: build again


def _build_cached(config: Config, codes: tuple[str, ...], policy: str, cache: Cache, path: Path) -> _Built:
    """One document's outputs, built, and stored in the cache for the next run."""
    text = source_text(path)  # without draft marks: they must be ours alone
    doc = config.doc_name(path)
    po_paths = [config.po_path(code, doc) for code in codes]
    before = [_digest_of(p) for p in po_paths]
    name = _build_key(config, codes, policy, path, text, before)
    catalogs: list[tuple[str, str, Path, polib.POFile]] = []
    versions, files, warnings = _build_document(config, path, text, codes, policy, catalogs, cache)
    compiled = tuple(_compile(config, code, doc, po_path, po, policy) for code, doc, po_path, po in catalogs)
    built = _Built(tuple(versions), tuple(files), tuple(warnings), compiled)
    if [_digest_of(p) for p in po_paths] == before:  # a catalog saved meanwhile: this build is of neither version
        cache.put("built", name, _built_to_json(built, config, cache))
    return built


def _digest_of(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return ""


def _built_to_json(built: _Built, config: Config, cache: Cache) -> dict[str, object]:
    dist = config.dist_dir

    def version(v: Version) -> list[object]:
        return _version_to_json(v, dist)

    def output(f: _File | None) -> list[object] | None:
        if f is None:
            return None
        # The file's own version: a package's file holds it before its title is set.
        held = version(f.version) if f.version is not None else None
        return [f.path, f.kind, cache.put_blob(f.data), f.locale, f.doc, held, dict(f.extra)]

    return {
        "versions": [version(v) for v in built.versions],
        "files": [output(f) for f in built.files],
        "warnings": [[w.path, w.line, w.message] for w in built.warnings],
        "compiled": [
            [c.code, c.doc, output(c.file), [[e.path, e.line, e.message] for e in c.errors]] for c in built.compiled
        ],
    }


def _built_from_json(data: Any, config: Config, cache: Cache) -> _Built:
    """The inverse of :func:`_built_to_json`; a missing output blob is a KeyError (a miss)."""
    from pipeline import mo

    dist = config.dist_dir

    def version(item: Any) -> Version:
        return _version_from_json(item, dist)

    versions = [version(item) for item in data["versions"]]

    def restore(item: Any) -> _File | None:
        if item is None:
            return None
        path, kind, sha, code, doc, held, extra = item
        blob = cache.get_blob(str(sha))
        if blob is None:
            raise KeyError(sha)
        owner = version(held) if held is not None else None
        return _File(str(path), str(kind), blob, code, doc, owner, dict(extra))

    files = tuple(f for f in (restore(item) for item in data["files"]) if f is not None)
    warnings = tuple(Problem(*w) for w in data["warnings"])
    compiled = tuple(
        _Compiled(code, doc, restore(made), tuple(mo.CompileError(*e) for e in errors))
        for code, doc, made, errors in data["compiled"]
    )
    return _Built(tuple(versions), files, warnings, compiled)
