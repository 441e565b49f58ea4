"""Checks on translations: the registry, the findings, and the one-pass runner.

Every check is a plain function in a module of :mod:`pipeline.checkers`,
registered here explicitly with an id and a severity; its docstring's first
line is its title (``l10n check --list``). A check yields messages; the runner
turns them into :class:`Finding` records. ``error`` means the output breaks or
says something else (tags, HTML, format strings, plural forms, bidi controls);
``warning`` is everything a reviewer should look at.

Untranslated entries are a state, not a fault: they are counted by
``l10n status`` and reported by the opt-in ``untranslated`` check only.
Fuzzy entries (machine translations, changed sources) are checked like
reviewed ones: that is where machine errors are.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline.catalog import edit, read, read_for_check
from pipeline.checkers import (
    Target,
    Term,
    Unit,
    markup,
    names,
    numbers,
    plurals,
    scripts,
    subtitles,
    terms,
    text,
    variables,
)
from pipeline.checkers import target as make_target
from pipeline.checkers.terms import load_glossary
from pipeline.checkers.text import fix_whitespace
from pipeline.config import Config
from pipeline.errors import CatalogError, ConfigError
from pipeline.mo import plural_gap
from pipeline.progress import Reporter, Silent
from pipeline.review import ignored_checks

ERROR = "error"
WARNING = "warning"
FORMAT_FLAGS = frozenset({"c-format", "python-format", "python-brace-format", "sh-format", "perl-format", "php-format"})


@dataclass(frozen=True)
class Finding:
    check: str  # the check's id: "numbers"
    severity: str  # "error" or "warning"
    message: str
    path: str  # "" for a lone entry
    line: int  # 1-based line of the entry's first line in the .po; 0 for a lone entry
    msgid: str


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    function: Callable[[Unit], Iterable[str]]
    opt_in: bool = False  # runs only when asked for (``enabled=``)
    escalate: bool = False  # an error, not a warning, on entries flagged as format strings

    @property
    def title(self) -> str:
        return (self.function.__doc__ or self.id).strip().splitlines()[0]


CHECKS: tuple[Check, ...] = (
    Check("placeholders", ERROR, markup.placeholders),
    Check("html", ERROR, markup.html),
    Check("format", ERROR, markup.format_strings),
    Check("plurals", ERROR, plurals.plural_forms),
    Check("bidi", ERROR, scripts.bidi_controls),
    Check("variables", WARNING, variables.inline_variables, escalate=True),
    Check("urls", WARNING, markup.urls),
    Check("numbers", WARNING, numbers.numbers),
    Check("names", WARNING, names.names),
    Check("terms", WARNING, terms.glossary_terms),
    Check("untranslated", WARNING, text.untranslated, opt_in=True),
    Check("unchanged", WARNING, text.unchanged),
    Check("whitespace", WARNING, text.whitespace),
    Check("punctuation", WARNING, text.end_punctuation),
    Check("length", WARNING, text.length_ratio),
    Check("repeats", WARNING, text.repeats),
    Check("engine-marks", WARNING, text.engine_marks),
    Check("script", WARNING, scripts.wrong_script),
    Check("subtitles", WARNING, subtitles.subtitle_limits),
)
BY_ID = {check.id: check for check in CHECKS}
# Pseudo-locales (en-XA accented and padded, ar-XB wrapped in RLO…PDF) change
# letters, length, punctuation and direction on purpose; only structure is checked.
PSEUDO_CHECKS = frozenset(
    {"placeholders", "html", "format", "variables", "plurals", "urls", "numbers", "whitespace", "untranslated"}
)


def unknown_ids(ids: Iterable[str]) -> list[str]:
    """Ids that name no check (a typo in l10n.toml or a comment)."""
    return sorted(set(ids) - set(BY_ID))


def _forms(entry: polib.POEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def units(
    entry: polib.POEntry,
    where: Target,
    source_language: str,
    glossary: tuple[Term, ...],
    vocabulary: frozenset[str] = frozenset(),
    forms: tuple[str, ...] | None = None,
) -> list[Unit]:
    """The source/translation pairs of an entry: one, or one per plural form (``forms``: its :func:`_forms`)."""
    flags = frozenset(entry.flags) if entry.flags else _NO_FLAGS
    forms = _forms(entry) if forms is None else forms
    if not entry.msgid_plural:
        return [
            Unit(
                entry.msgid,
                entry.msgstr,
                where,
                source_language,
                flags,
                (entry.msgid,),
                forms,
                0,
                False,
                glossary,
                vocabulary,
                comment=entry.comment or "",
            )
        ]
    sources = (entry.msgid, entry.msgid_plural)
    result = []
    for index, form in enumerate(forms):
        # Form 0 is the singular in most languages; in one-form languages it is the plural.
        source = entry.msgid if index == 0 and len(forms) > 1 else entry.msgid_plural
        result.append(
            Unit(source, form, where, source_language, flags, sources, forms, index, True, glossary, vocabulary)
        )
    if not result:
        result.append(Unit(entry.msgid, "", where, source_language, flags, sources, (), 0, True, glossary))
    return result


_NO_FLAGS: frozenset[str] = frozenset()


def _run(
    entry: polib.POEntry,
    where: Target,
    path: str,
    source_language: str,
    active: Sequence[Check],
    glossary: tuple[Term, ...],
    vocabulary: frozenset[str] = frozenset(),
    idle: Sequence[Check] | None = None,
) -> list[Finding]:
    """Findings on one entry; ``active`` is already cut to the pseudo-locale's checks when ``where`` is one,
    ``idle`` is the checks of ``active`` that run on an untranslated entry (worked out here when None)."""
    forms = _forms(entry)
    if not any(forms):
        active = [c for c in active if c.id == "untranslated"] if idle is None else idle
        if not active:
            return []  # most untranslated entries: the opt-in check is off
    silenced = ignored_checks(entry) if entry.tcomment else None
    if silenced:
        active = [c for c in active if c.id not in silenced]
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    line = entry.linenum if path else 0
    for unit in units(entry, where, source_language, glossary, vocabulary, forms):
        chosen = active
        if not unit.translation and unit.plural and unit.translations and any(unit.translations):
            chosen = [c for c in active if c.id == "plurals"]
        for check in chosen:
            try:
                messages = list(check.function(unit))
            except Exception as error:
                messages = [_internal(check, error)]
                severity = WARNING
            else:
                if not messages:
                    continue  # nearly every check on nearly every unit
                flagged = check.escalate and not FORMAT_FLAGS.isdisjoint(unit.flags)
                severity = ERROR if flagged else check.severity
            for message in messages:
                if (check.id, message) in seen:
                    continue
                seen.add((check.id, message))
                findings.append(Finding(check.id, severity, message, path, line, entry.msgid))
    return findings


def _internal(check: Check, error: Exception) -> str:
    """The finding a failing check gives instead of a traceback: the run goes on, the check is named."""
    said = f"{type(error).__name__}: {error}"
    said = said if len(said) <= 120 else said[:119] + "…"
    return f"internal error in the '{check.id}' check ({said}); the entry was not checked for it"


def held_lines(findings: Iterable[Finding]) -> frozenset[int]:
    """Lines of the entries an error keeps from counting as reviewed (:func:`pipeline.review.gated`)."""
    return frozenset(f.line for f in findings if f.severity == ERROR and f.line)


def active_checks(disabled: Iterable[str] = (), enabled: Iterable[str] = ()) -> tuple[Check, ...]:
    off, on = set(disabled), set(enabled)
    return tuple(c for c in CHECKS if c.id not in off and (not c.opt_in or c.id in on))


def check_entry(
    entry: polib.POEntry,
    locale: str,
    *,
    source_language: str = "en",
    disabled: frozenset[str] = frozenset(),
    enabled: frozenset[str] = frozenset(),
    glossary: tuple[Term, ...] = (),
    nplurals: int = 0,
) -> list[Finding]:
    """Findings on one entry (path "" and line 0); used by the review page as an entry is edited."""
    where = make_target(locale, nplurals)
    return _run(entry, where, "", source_language, _for_target(active_checks(disabled, enabled), where), glossary)


def _for_target(active: Sequence[Check], where: Target) -> tuple[Check, ...]:
    """The checks that run on ``where``: on a pseudo-locale, only the structural ones."""
    return tuple(c for c in active if c.id in PSEUDO_CHECKS) if where.pseudo else tuple(active)


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*(?![\w'’-])")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def catalog_locale(po: polib.POFile, path: str | Path = "") -> str:
    """The catalog's locale: the folder above LC_MESSAGES (where build and gettext look), else its Language header."""
    return _folder_locale(path) or (po.metadata.get("Language") or "").strip()


def _folder_locale(path: str | Path) -> str:
    parts = Path(path).parts
    if "LC_MESSAGES" in parts:
        index = parts.index("LC_MESSAGES")
        if index > 0:
            return parts[index - 1]
    return ""


def duplicates(po: polib.POFile, shown: str) -> list[Finding]:
    """Errors for entries defined twice (same context and msgid): msgfmt refuses the file, the build takes the last."""
    keys = [(e.msgctxt or "", e.msgid) for e in po if e.msgid and not e.obsolete]
    if len(set(keys)) == len(keys):
        return []  # nearly every catalog: nothing defined twice
    first: dict[tuple[str, str], int] = {}
    found = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt or "", entry.msgid)
        if key in first:
            message = f"this message is defined twice (first at line {first[key]}); keep one, msgfmt refuses the file"
            found.append(Finding("duplicate", ERROR, message, shown, entry.linenum, entry.msgid))
        else:
            first[key] = entry.linenum
    return found


def plural_gaps(po: polib.POFile, shown: str) -> list[Finding]:
    """Errors for plural entries whose msgstr[N] skip a number: the forms after the gap would shift to wrong counts."""
    found = []
    for entry in po:
        if entry.obsolete or not entry.msgid_plural:
            continue
        missing = plural_gap(entry)
        if missing:
            shown_missing = ", ".join(map(str, missing))
            message = f"msgstr[{shown_missing}] missing between the plural forms; msgfmt refuses the file"
            found.append(Finding("plurals", ERROR, message, shown, entry.linenum, entry.msgid))
    return found


def plural_excess(po: polib.POFile, shown: str) -> list[Finding]:
    """Errors for msgstr[N] at or beyond the header's nplurals: msgfmt, translate and build refuse the file."""
    nplurals = catalog_nplurals(po)
    if not nplurals:
        return []
    found = []
    for entry in po:
        if entry.obsolete or not entry.msgstr_plural:
            continue
        beyond = sorted(int(key) for key in entry.msgstr_plural if int(key) >= nplurals)
        if beyond:
            forms = ", ".join(f"msgstr[{index}]" for index in beyond)
            message = (
                f"{forms} beyond the {nplurals} forms the Plural-Forms header allows; msgfmt, "
                "'l10n translate' and 'l10n build' refuse the file: remove the extra forms or correct the header"
            )
            found.append(Finding("plurals", ERROR, message, shown, entry.linenum, entry.msgid))
    return found


def header_language(po: polib.POFile, path: Path, shown: str, code: str) -> Finding | None:
    """A warning when the Language header names another language than the catalog's folder (a copied catalog?).

    A region or spelling difference ("fr_FR" in "fr/") is not one: editors write those.
    """
    header = (po.metadata.get("Language") or "").strip()
    if not header or not _folder_locale(path):
        return None
    if re.split(r"[-_@.]", header)[0].lower() == re.split(r"[-_@.]", code)[0].lower():
        return None
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith('"Language:')), 1)
    said = "".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in header)
    message = f"the Language header says '{said}' but the catalog is in the '{code}' folder; checked as '{code}'"
    return Finding("header", WARNING, message, shown, line, "")


@functools.lru_cache(maxsize=256)
def _vocabulary(sources: str) -> frozenset[str]:
    """The words a catalog's sources write in lower case; one domain's catalogs in 100 locales share their sources."""
    return frozenset(_LOWER_WORD.findall(sources))


def catalog_nplurals(po: polib.POFile) -> int:
    match = _NPLURALS.search(po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 0


def check_catalog(
    path: str | Path,
    po: polib.POFile,
    locale: str,
    *,
    source_language: str = "en",
    disabled: frozenset[str] = frozenset(),
    enabled: frozenset[str] = frozenset(),
    glossary: tuple[Term, ...] = (),
) -> list[Finding]:
    """Findings on every live entry of a parsed catalog, in file order, in one pass."""
    where = make_target(locale, catalog_nplurals(po))
    active = _for_target(active_checks(disabled, enabled), where)
    idle = tuple(c for c in active if c.id == "untranslated")
    shown = str(path)
    findings: list[Finding] = []
    live = [e for e in po if e.msgid and not e.obsolete]
    vocabulary = _vocabulary("\n".join(e.msgid for e in live))
    for entry in live:
        findings.extend(_run(entry, where, shown, source_language, active, glossary, vocabulary, idle))
    return findings


@dataclass(frozen=True)
class CatalogResult:
    """One catalog's run: its findings, or why it could not be read; what --fix changed."""

    path: str  # as shown to the user: relative to the project root when there is one
    locale: str
    findings: tuple[Finding, ...] = ()
    failure: CatalogError | None = None
    fixed: tuple[str, ...] = ()  # one line per mended entry: "path:line: ..."


@dataclass(frozen=True)
class Settings:
    """What a run needs from the project (defaults when checking loose files)."""

    source_language: str = "en"
    disabled: frozenset[str] = frozenset()
    per_locale: Mapping[str, frozenset[str]] = field(default_factory=dict)
    root: Path | None = None
    glossary: str | None = None

    @classmethod
    def from_config(cls, config: Config) -> Settings:
        per_locale = {code: frozenset(config.locale(code).checks_disabled) for code in config.locales}
        settings = cls(
            config.source_language,
            frozenset(config.checks_disabled),
            per_locale,
            config.root,
            config.translate.glossary,
        )
        for where, ids in [("[checks] disable", config.checks_disabled)] + [
            (f"[locales.{c}] checks_disabled", sorted(d)) for c, d in per_locale.items()
        ]:
            unknown = unknown_ids(ids)
            if unknown:
                raise ConfigError(
                    f"{where} names no check: {', '.join(unknown)}",
                    path=config.root / "l10n.toml",
                    hint="'l10n check --list' shows the check ids",
                )
        return settings

    def known(self, code: str) -> str:
        """The project's spelling of a catalog's locale ("en_XA" in a header is the project's "en-XA")."""
        wanted = code.replace("_", "-").lower()
        return next((c for c in self.per_locale if c.replace("_", "-").lower() == wanted), code)

    def disabled_for(self, locale: str) -> frozenset[str]:
        return self.disabled | self.per_locale.get(locale, frozenset())

    def check(self, shown: str, po: polib.POFile, locale: str, enabled: frozenset[str] = frozenset()) -> list[Finding]:
        """:func:`check_catalog` as the project sets it up for ``locale``: checks disabled, glossary terms."""
        terms = load_glossary(self.root, locale, self.glossary) if self.root else ()
        return check_catalog(
            shown,
            po,
            locale,
            source_language=self.source_language,
            disabled=self.disabled_for(locale),
            enabled=enabled,
            glossary=terms,
        )


def project_catalogs(config: Config, locales: Sequence[str]) -> list[Path]:
    """Every catalog of the chosen locales, in locale then path order."""
    found = []
    if config.external:
        from pipeline import external

        return [f.path for code in locales for f in external.catalogs(config, code)]
    for code in locales:
        folder = config.locales_dir / code / "LC_MESSAGES"
        found.extend(sorted(folder.rglob("*.po")) if folder.is_dir() else [])
    return found


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders searched for ``*.po``."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.rglob("*.po")) if path.is_dir() else [path])
    return found


def check_file(
    path: Path,
    shown: str,
    settings: Settings,
    *,
    locale: str | None = None,
    locales: Sequence[str] = (),
    enabled: frozenset[str] = frozenset(),
    fix: bool = False,
) -> CatalogResult | None:
    """Read, check and (with ``fix``) mend one catalog; None when it is not one of ``locales``.

    A fix is made on the catalog as it is on disk when it is saved: a reviewer
    who saved it meanwhile keeps their work (see :func:`_fix`).
    """
    try:
        po = read(path) if fix else read_for_check(path)
    except CatalogError as error:
        code = settings.known(catalog_locale(polib.POFile(), path) or (locale or ""))
        if locales and code and code not in locales:
            return None
        failure = CatalogError(error.message, path=shown, line=error.line, hint=error.hint)
        return CatalogResult(shown, code, failure=failure)
    code = settings.known(catalog_locale(po, path) or (locale or ""))
    if locales and code not in locales:
        return None
    if not code:
        failure = CatalogError(
            "cannot tell the catalog's language", path=shown, hint="add a Language header or pass --locale"
        )
        return CatalogResult(shown, "", failure=failure)

    def run() -> list[Finding]:
        return settings.check(shown, po, code, enabled)

    findings = run()
    fixed: list[str] = []
    if fix and _untidy(po, settings.disabled_for(code)):
        fixed, po = _fix(path, shown, settings, code, enabled, po)
        findings = settings.check(shown, po, code, enabled)
    mismatch = header_language(po, path, shown, code)
    findings[:0] = [
        *([mismatch] if mismatch is not None else []),
        *duplicates(po, shown),
        *plural_gaps(po, shown),
        *plural_excess(po, shown),
    ]
    return CatalogResult(shown, code, tuple(findings), fixed=tuple(fixed))


def _fix(
    path: Path, shown: str, settings: Settings, code: str, enabled: frozenset[str], po: polib.POFile
) -> tuple[list[str], polib.POFile]:
    """Mend whitespace in the catalog as it is on disk now (through :func:`pipeline.catalog.edit`).

    A reviewer who saved meanwhile (the review page, an editor) keeps their
    work: the checks run again on their version and only its flagged entries
    are mended. Returns what was fixed and the catalog as written.
    """
    fixed: list[str] = []
    result = po

    def mend(current: polib.POFile | None) -> polib.POFile | None:
        nonlocal fixed, result
        assert current is not None  # edit() raises for a missing catalog
        fixed = mend_whitespace(current, _untidy(current, settings.disabled_for(code)), shown)
        result = current
        return current if fixed else None

    try:
        edit(path, mend)
    except CatalogError as error:
        return [f"{shown}: not fixed: {error.message}" + (f" ({error.hint})" if error.hint else "")], po
    return fixed, result


def _untidy(po: polib.POFile, disabled: frozenset[str]) -> set[int]:
    """Lines of the entries ``--fix`` mends: edge whitespace unlike the source's or doubled spaces, where the
    ``whitespace`` check is on (the check reports fewer: a trailing or doubled space is invisible)."""
    if "whitespace" in disabled:
        return set()
    found = set()
    for entry in po:
        if entry.obsolete or not entry.msgid or "whitespace" in ignored_checks(entry):
            continue
        if entry.msgid_plural:
            forms = sorted(entry.msgstr_plural.items())
            sources = [entry.msgid if k == 0 and len(forms) > 1 else entry.msgid_plural for k, _ in forms]
            if any(form and fix_whitespace(src, form) != form for src, (_, form) in zip(sources, forms, strict=True)):
                found.add(entry.linenum)
        elif entry.msgstr and fix_whitespace(entry.msgid, entry.msgstr) != entry.msgstr:
            found.add(entry.linenum)
    return found


def mend_whitespace(po: polib.POFile, lines: set[int], shown: str) -> list[str]:
    """Give flagged entries the source's leading and trailing whitespace and single spaces."""
    changes = []
    for entry in po:
        if entry.linenum not in lines or entry.obsolete:
            continue
        if entry.msgid_plural:
            before = dict(entry.msgstr_plural)
            for key, form in before.items():
                source = entry.msgid if key == 0 and len(before) > 1 else entry.msgid_plural
                entry.msgstr_plural[key] = fix_whitespace(source, form)
            changed = entry.msgstr_plural != before
        else:
            new = fix_whitespace(entry.msgid, entry.msgstr)
            changed, entry.msgstr = new != entry.msgstr, new
        if changed:
            changes.append(f"{shown}:{entry.linenum}: fixed whitespace")
    return changes


def run(
    paths: Sequence[Path],
    config: Config | None,
    *,
    locales: Sequence[str] = (),
    enabled: frozenset[str] = frozenset(),
    fix: bool = False,
    processes: int | None = None,
    reporter: Reporter | None = None,
) -> list[CatalogResult]:
    """Check ``paths`` (files or folders), or every catalog of the project when there are none.

    Catalogs are checked on ``processes`` processes (``--jobs``; default: every core, or
    ``L10N_JOBS``, from PARALLEL_FROM catalogs on); results keep the files' order.
    ``reporter`` hears of each catalog done when there are PARALLEL_FROM or more.
    """
    settings = Settings.from_config(config) if config is not None else Settings()
    if paths:
        files = expand(paths)
    elif config is not None:
        files = project_catalogs(config, locales or config.locales)
    else:
        files = []
    lone = locales[0] if len(locales) == 1 else None
    jobs = [
        _Job(path, config.relative(path) if config is not None else str(path), settings, lone, tuple(locales), enabled)
        for path in files
    ]
    workers = (min(processes, len(jobs)) if processes is not None else _workers(len(jobs))) if not fix else 1
    found: list[CatalogResult | None] = []
    shown = reporter if reporter is not None and len(jobs) >= PARALLEL_FROM else Silent()
    try:
        if workers > 1:
            # Catalogs are independent: one process per core, results in file order. A fix writes, so runs alone.
            _load_locales(jobs)
            # What is loaded now lives as long as the workers: no collection in one walks it again (about 0.05 s
            # each). The workers are forked frozen; this process thaws when they are done.
            gc.freeze()
            shown.start("check", len(jobs))
            try:
                with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                    for result in pool.map(_check_job, jobs, chunksize=max(1, len(jobs) // (workers * 32))):
                        found.append(result)
                        shown.advance(1)
            except (BrokenProcessPool, OSError):
                workers = 1  # a worker killed (out of memory?) or no processes to be had: check them here
            finally:
                gc.unfreeze()
        if workers == 1:
            shown.start("check", len(jobs))
            found = []
            for j in jobs:
                found.append(
                    check_file(j.path, j.shown, settings, locale=lone, locales=locales, enabled=enabled, fix=fix)
                )
                shown.advance(1)
    finally:
        shown.finish()
    return [result for result in found if result is not None]


PARALLEL_FROM = 16  # catalogs: fewer are checked faster than processes start


def _load_locales(jobs: Sequence[_Job]) -> None:
    """Load CLDR's data for the locales the catalogs' folders name, once, before the workers fork.

    Every worker meets nearly every locale, and Babel's data for 100 locales takes about
    a second to load: loaded here, the forked workers share it instead of each loading it.
    """
    for code in sorted({_folder_locale(job.path) for job in jobs} - {""}):
        make_target(jobs[0].settings.known(code))


def _workers(catalogs: int) -> int:
    """Processes for ``catalogs`` catalogs: one per usable core (``L10N_JOBS`` overrides), 1 for a few."""
    wanted = os.environ.get("L10N_JOBS", "")
    cores = int(wanted) if wanted.isdigit() and int(wanted) > 0 else len(os.sched_getaffinity(0))
    return 1 if catalogs < PARALLEL_FROM else max(1, min(cores, catalogs))


@dataclass(frozen=True)
class _Job:
    path: Path
    shown: str
    settings: Settings
    locale: str | None
    locales: tuple[str, ...]
    enabled: frozenset[str]


def _check_job(job: _Job) -> CatalogResult | None:
    return check_file(job.path, job.shown, job.settings, locale=job.locale, locales=job.locales, enabled=job.enabled)
