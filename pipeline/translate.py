"""Stage 3: fill the untranslated entries of the catalogs, offline.

Per locale: pick an engine, collect the untranslated entries of the chosen
catalogs, reuse exact matches from the translation memory, then send each
distinct remaining source segment to the engine once, masked, in batches.
After every batch the affected catalogs are saved atomically, so an
interrupted job loses at most the batch in flight and a re-run continues
where it stopped (only still-untranslated entries are pending).

Batches are tasks (:mod:`pipeline.dispatch`): run in this process by
default, on a local process pool with ``jobs``, or on a Dask cluster with
``cluster``; the pending segments of every locale share the executor, and
results are applied and saved here, as they arrive, by this one writer.

Every save goes through :func:`pipeline.catalog.edit`: the catalog is re-read
under its lock, and only our new translations of entries still untranslated
there are applied, so a reviewer saving while the job runs loses nothing.
Everything written is fuzzy with an ``l10n: machine …`` or ``l10n: memory …``
comment; a segment whose masked tokens did not survive the engine stays
untranslated with an ``l10n: not translated: …`` comment saying why.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from pipeline import catalog, engines, glossary, memory, plurals, review
from pipeline.config import Config
from pipeline.dispatch import DaskCluster, Done, EngineSpec, Executor, InProcess, LocalPool, Task
from pipeline.engines import Engine, Pair
from pipeline.errors import CatalogError, ConfigError, EngineError, L10nError
from pipeline.languages import language
from pipeline.mask import Masked, MaskError, mask, unmask
from pipeline.parallel import default_jobs
from pipeline.progress import Reporter, Silent
from pipeline.review import NOT_TRANSLATED, State, state
from pipeline.routes import Route, options_for
from pipeline.update import templates

FIRST_BATCH = 64
MAX_BATCH = 4096
BATCH_SECONDS = 10.0
"""Without --batch-size, batches grow until one takes about this long: each call and
save has a fixed cost (Apertium: a deformatter and reformatter run, a pipeline flush; a
save rewrites the catalogs a batch touched), and an interruption still loses at most
this much work."""
SAVE_SECONDS = 2.0
"""Results arriving back to back are saved together, at least this often."""
TASK_SECONDS = 3.0
"""The same for tasks on a process pool or a cluster: shorter, so that work spreads evenly over the workers
and a lost worker costs little; long enough that sending a task (a few ms) is under 1% of it."""
AUTO_JOBS_SEGMENTS = 1000
"""With ``jobs=None`` (``l10n translate`` without ``--jobs``), an engine that runs as processes of its own
(Apertium: ``runs_as_processes``) gets one pool process per core when at least this many segments are to be
sent; below that, starting the pool and a pipeline in each process (about 0.5 s) would be much of the work.
One Apertium job already keeps about 1.3 cores busy (its stages overlap), so on 2 cores a second process
adds at most about half as much again (bench_scale, part 2)."""
EngineFor = Callable[[str], Engine]
"""Makes the engine of a name; tests wrap the real engines with it (in this process only: pool
processes and cluster workers make their own engines)."""


@dataclass(frozen=True)
class Options:
    locales: tuple[str, ...] = ()  # default: every locale of the project
    docs: tuple[str, ...] = ()  # default: every document
    engine: str | None = None  # overrides l10n.toml for every chosen locale
    dry_run: bool = False  # count and choose engines; call none, write nothing
    batch_size: int | None = None  # segments per engine call and per save; None: sized by time
    jobs: int | None = 1  # processes of this machine running the engine (1: this process; None: AUTO_JOBS)
    cluster: str | None = None  # a Dask scheduler's address: its workers run the engine
    files: tuple[Path, ...] = ()  # these catalogs only, each in its own locale (``l10n translate FILE.po``)


@dataclass(frozen=True)
class LocaleResult:
    locale: str
    engine: str | None  # the engine used (or that would be), None if none could
    made_by: str | None  # its provenance line, as written in the comments
    problem: str | None  # why this locale was not (fully) translated by an engine
    pending: int  # untranslated entries found
    from_memory: int  # entries filled from the translation memory
    sent: int  # distinct segments sent to the engine
    translated: int  # entries filled by the engine
    masking_failed: int  # entries left untranslated because a masked token was lost
    unknown_words: int  # words the engine did not know (Apertium's ``*word``)
    written: tuple[Path, ...] = ()  # catalogs saved
    plurals: int = 0  # plural entries left for a translator: their catalog's Plural-Forms cannot be read
    plural_translated: int = 0  # plural entries filled form by form (counted in pending and translated too)
    skipped: tuple[str, ...] = ()  # catalogs of another tool's tree that could not be read or saved, and why
    via: str | None = None  # the pivot language, where the engine is a pivot

    @property
    def route(self) -> Route | None:
        """The route taken (``pivot`` via ``ca``, ``apertium``), for quoting its evaluation."""
        return Route(self.engine, self.via) if self.engine else None

    @property
    def remaining(self) -> int:
        return self.pending - self.from_memory - self.translated

    def describe(self, dry_run: bool = False) -> str:
        """One line: what was done, what is left and why."""
        plurals = (
            f"{_n(self.plurals, 'plural entry', 'plural entries')} left for a translator "
            "(the catalog's Plural-Forms header cannot be read)"
        )
        skipped = f"{_n(len(self.skipped), 'catalog', 'catalogs')} skipped (see the errors above)"
        if not self.pending:
            return "; ".join(
                [plurals if self.plurals else "nothing to translate"] + ([skipped] if self.skipped else [])
            )
        said = []
        if self.problem and not self.engine:
            said.append(self.problem)
        if self.from_memory:
            said.append(f"{_n(self.from_memory, 'entry', 'entries')} from memory")
        if self.engine and dry_run:
            said.append(f"{_n(self.sent, 'segment', 'segments')} would go to {self.made_by}")
        elif self.engine:
            sent = _n(self.sent, "segment", "segments")
            forms = f", {self.plural_translated} of them plural, form by form" if self.plural_translated else ""
            said.append(f"{_n(self.translated, 'entry', 'entries')} by {self.made_by} ({sent} sent{forms})")
        if self.unknown_words:
            said.append(_n(self.unknown_words, "unknown word", "unknown words"))
        if self.masking_failed:
            said.append(f"{self.masking_failed} left untranslated: a masked token was lost ('l10n: not translated')")
        if self.problem and self.engine:
            said.append(f"stopped: {self.problem}")
        left = self.remaining - (0 if dry_run else self.masking_failed)
        if left and not dry_run:
            said.append(f"{_n(left, 'entry', 'entries')} still untranslated")
        if self.plurals:
            said.append(plurals)
        if self.written:
            said.append(f"{_n(len(self.written), 'catalog', 'catalogs')} saved")
        if self.skipped:
            said.append(skipped)
        return "; ".join(said)


@dataclass(frozen=True)
class Summary:
    locales: tuple[LocaleResult, ...]
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        """1 if an engine failed, or if no locale could be done; else 0.

        A locale without an engine is reported but is not a failure while another
        locale was translated (or had nothing left to do): a project can list a
        language it has no model for, and ``make demo`` must not fail for it.
        """
        if any(r.problem and r.engine for r in self.locales) or any(r.skipped for r in self.locales):
            return 1
        stuck = [r for r in self.locales if r.remaining and not r.engine and r.problem]
        done = [r for r in self.locales if r.engine or r.from_memory or not r.pending]
        return 1 if stuck and not done else 0


@dataclass(frozen=True)
class _Change:
    """What this run decided for one msgid: a translation, or why there is none."""

    msgstr: str
    kind: str  # "machine", "memory" or NOT_TRANSLATED
    note: str  # the provenance, the memory's origin, or the reason

    def apply(self, entry: polib.POEntry) -> None:
        if self.kind == NOT_TRANSLATED:
            review.mark_not_translated(entry, self.note)
        else:
            review.mark_draft(entry, self.msgstr, self.kind, self.note)


@dataclass
class _Catalog:
    """A catalog being filled: what was read, and our changes not yet saved."""

    path: Path
    po: polib.POFile
    forms: tuple[str, ...] | None  # which source each msgstr[i] of a plural entry translates
    unsaved: dict[str, _Change] = field(default_factory=dict)
    texts: dict[str, _Change] = field(default_factory=dict)  # sources of plural entries, as translated
    plural_done: set[tuple[str | None, str, str]] = field(default_factory=set)
    plural_failed: set[tuple[str | None, str, str]] = field(default_factory=set)
    dirty: bool = False

    @classmethod
    def load(cls, path: Path, code: str) -> _Catalog:
        po = catalog.read(path)
        catalog.validate(po, path)  # refused now, not after the engine's work: it could never be saved
        header = po.metadata.get("Plural-Forms") or language(code).plural_forms
        return cls(path, po, plurals.sources(header, code))

    def needs(self, entry: polib.POEntry) -> list[str]:
        """The source texts a pending plural entry's forms translate."""
        assert self.forms is not None
        return list(dict.fromkeys(entry.msgid if f == plurals.SINGULAR else entry.msgid_plural for f in self.forms))

    def save(self) -> bool:
        """Apply the unsaved changes to the catalog as it is on disk now (see :func:`pipeline.catalog.edit`).

        Only entries still untranslated there are filled: a reviewer's edit made
        while the engine ran is never overwritten.
        """
        if not self.unsaved and not self.dirty:
            return False

        def fill(po: polib.POFile | None) -> polib.POFile | None:
            assert po is not None  # edit() raises for a missing catalog
            changed = False
            for entry in po:
                change = self.unsaved.get(entry.msgid)
                if change is not None and _pending(entry):
                    change.apply(entry)
                    changed = True
                elif self.forms is not None and _pending_plural(entry):
                    changed = self._apply_plural(entry) or changed
            if not changed:
                return None
            po.metadata["PO-Revision-Date"] = catalog.now()
            self.po = po
            return po

        try:
            return catalog.edit(self.path, fill, cached=self.po)
        finally:
            self.unsaved.clear()
            self.dirty = False

    def _apply_plural(self, entry: polib.POEntry) -> bool:
        """Fill every form once each source it needs is translated; say why not if one could not be."""
        assert self.forms is not None
        changes = [self.texts.get(entry.msgid if f == plurals.SINGULAR else entry.msgid_plural) for f in self.forms]
        if any(change is None for change in changes):
            return False
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        failed = next((c for c in changes if c is not None and c.kind != "machine"), None)
        if failed is not None:
            failed.apply(entry)
            self.plural_failed.add(key)
            return True
        entry.msgstr_plural = {index: change.msgstr for index, change in enumerate(changes) if change is not None}
        review.mark_draft(entry, "", "machine", next(c.note for c in changes if c is not None))  # msgstr unused
        self.plural_done.add(key)
        return True


def _pending(entry: polib.POEntry) -> bool:
    return not entry.obsolete and bool(entry.msgid) and not entry.msgid_plural and state(entry) is State.UNTRANSLATED


def _pending_plural(entry: polib.POEntry) -> bool:
    return not entry.obsolete and bool(entry.msgid_plural) and state(entry) is State.UNTRANSLATED


def translate(
    config: Config,
    options: Options | None = None,
    *,
    engine_for: EngineFor | None = None,
    reporter: Reporter | None = None,
    executor: Executor | None = None,
) -> Summary:
    """Translate every chosen locale's pending entries; see the module docstring.

    ``executor`` overrides the one ``options`` choose (benchmarks: a pool of one process).
    """
    options = options or Options()
    if options.batch_size is not None and options.batch_size < 1:
        raise EngineError("the batch size must be at least 1")
    if options.jobs is not None and options.jobs < 1:
        raise EngineError("--jobs must be at least 1")
    if options.files:
        groups = loose(options.files, options.locales)
    else:
        docs = _documents(config, options.docs)
        groups = {code: _existing(config, code, docs) for code in options.locales or config.locales}
    terms = glossary.for_project(config.root, config.translate.glossary)
    shown = reporter or Silent()
    chosen = executor
    executor = executor or _executor(config, options, shown)
    try:
        made = _Engines(config, engine_for, executor, options.jobs or 1)
        results: list[LocaleResult | _Plan] = []
        for code, paths in groups.items():
            results.append(_Job(config, code, paths, options, made, shown, terms).prepare())
        plans = [r for r in results if isinstance(r, _Plan)]
        if plans and chosen is None and engine_for is None and options.jobs is None:
            executor = _automatic(executor, plans)
        if plans:
            _dispatch(plans, executor, shown, options)
    finally:
        executor.close()
    return Summary(tuple(r.finish() if isinstance(r, _Plan) else r for r in results), options.dry_run)


def _executor(config: Config, options: Options, reporter: Reporter) -> Executor:
    cluster = options.cluster or config.translate.cluster
    if cluster:
        return DaskCluster(cluster, TASK_SECONDS)
    if (options.jobs or 1) > 1 and not options.dry_run:
        return LocalPool(options.jobs or 1, TASK_SECONDS)
    return InProcess(reporter.advance, BATCH_SECONDS)


def _automatic(executor: Executor, plans: list[_Plan]) -> Executor:
    """Without --jobs: a process per core for engines that run as processes and enough segments (AUTO_JOBS_SEGMENTS)."""
    cores = default_jobs()
    if not isinstance(executor, InProcess) or cores < 2:
        return executor
    if not all(getattr(plan.engine, "runs_as_processes", False) for plan in plans):
        return executor
    if sum(len(plan.work) for plan in plans) < AUTO_JOBS_SEGMENTS:
        return executor
    executor.close()
    return LocalPool(cores, TASK_SECONDS)


def loose(files: tuple[Path, ...], locales: tuple[str, ...]) -> dict[str, list[Path]]:
    """Catalogs given by name, grouped by locale: ``--locale``, else the folder above
    ``LC_MESSAGES``, else the ``Language`` header."""
    from pipeline.checks import catalog_locale

    if len(locales) > 1:
        raise EngineError("give one --locale with catalog files (each file is one language)")
    groups: dict[str, list[Path]] = {}
    for path in dict.fromkeys(files):
        if path.suffix not in (".po", ".pot") or not path.is_file():
            raise CatalogError("not a .po catalog", path=path, hint="give gettext catalogs (FILE.po)")
        if path.suffix == ".pot":
            raise CatalogError(
                "a template has no language to translate into", path=path, hint="msginit or copy it to a .po first"
            )
        code = locales[0] if locales else catalog_locale(catalog.read(path), path)
        try:
            language(code)
        except ValueError:
            raise CatalogError(
                f"cannot tell which language this catalog is in ({code or 'no Language header'!s})",
                path=path,
                hint="give it with --locale, e.g. --locale fr",
            ) from None
        groups.setdefault(code, []).append(path)
    return groups


def _documents(config: Config, chosen: tuple[str, ...]) -> list[str]:
    if config.external:
        from pipeline import external

        known = external.documents(config)
        if not known:
            raise CatalogError(
                "no catalogs match [catalogs] paths",
                path=config.relative(config.root / "l10n.toml"),
                hint="check the globs; '{locale}' stands for each locale's folder name",
            )
    else:
        known = [doc for doc, _ in templates(config)]
    if not known:
        raise CatalogError(
            "no templates to translate", path=config.relative(config.locales_dir), hint="run 'l10n extract' first"
        )
    for doc in chosen:
        if doc not in known:
            raise CatalogError(f"no document named '{doc}'", hint=f"known documents: {', '.join(known)}")
    return [doc for doc in known if not chosen or doc in chosen]


class _Engines:
    """Each engine made once per run (loading a model is the slow part); pivots per route."""

    def __init__(self, config: Config, engine_for: EngineFor | None, executor: Executor, jobs: int = 1) -> None:
        self.config = config
        self.options = options_for(config)
        if not self.options.threads and jobs > 1:  # N processes share the cores, not N × all of them
            self.options = dataclasses.replace(self.options, threads=max(1, default_jobs() // jobs))
        self.engine_for = engine_for
        self.executor = executor
        self.made: dict[tuple[str, tuple[str, ...]], Engine | EngineError] = {}

    def spec(self, name: str, code: str) -> EngineSpec:
        """How a worker makes the engine ``get`` gives for this locale."""
        own = self.config.locale(code).pivot
        pivots = ((own,) if own else self.config.translate.pivots) if name == "pivot" else ()
        return EngineSpec(name, self.options, pivots, self.config.translate.engines if name == "pivot" else ())

    def get(self, name: str, code: str) -> Engine | EngineError:
        spec = self.spec(name, code)
        key = (name, spec.pivots)
        if key not in self.made:
            try:
                if isinstance(self.executor, DaskCluster):
                    self.made[key] = self.executor.describe(spec)  # the workers', not this machine's
                else:
                    self.made[key] = self.engine_for(name) if self.engine_for else self._create(name, spec.pivots)
            except EngineError as error:
                self.made[key] = error
        return self.made[key]

    def _create(self, name: str, pivots: tuple[str, ...]) -> Engine:
        if name == "pivot":
            from pipeline.engines.pivot import PivotEngine

            return PivotEngine(self.options, pivots, self.config.translate.engines)
        return engines.create(name, self.options)


def choose(config: Config, code: str, wanted: str | None, made: _Engines) -> tuple[Engine, Pair] | str:
    """The engine and pair for a locale, or one line saying why there is none."""
    lang = language(code)
    source = language(config.source_language).language
    target = code if lang.pseudo else lang.language
    pair = Pair(source, target)
    arrow = f"{source}→{target}"
    wanted = wanted or config.locale(code).engine
    if wanted == "none":
        return 'machine translation is off for this locale (engine = "none" in l10n.toml)'
    if wanted:
        found = made.get(wanted, code)
        if isinstance(found, EngineError):
            return str(found)
        if not found.available():
            return f"engine {wanted} is not installed here ({_install_hint(wanted, pair)})"
        if pair not in found.pairs():
            why = getattr(found, "why_not", None)
            hint = why(pair) if why else ""
            if hint and wanted == "pivot":
                hint += "; install engines for both hops, or change the pivots"
            return f"engine {wanted} does not translate {arrow} ({hint or _install_hint(wanted, pair)})"
        return found, pair
    names = ("pseudo",) if lang.pseudo else config.translate.engines
    for name in names:
        found = made.get(name, code)
        if not isinstance(found, EngineError) and found.available() and pair in found.pairs():
            return found, pair
    return f"no engine translates {arrow}; {_install_hint('argos', pair)}, or set engine/pivot in [locales.{code}]"


def _install_hint(engine: str, pair: Pair) -> str:
    if engine == "argos":
        name = f"translate-{pair.source}_{pair.target}-<version>.argosmodel"
        return f"install an Argos {pair.source}→{pair.target} package (l10n models install {name})"
    if engine == "apertium":
        return "install Apertium and a pair: apt-get install apertium apertium-eng-spa; apt-cache search apertium"
    return "see 'l10n models list' for what is installed"


class _Job:
    """One locale's run: pending entries, memory, engine batches, saves."""

    def __init__(
        self,
        config: Config,
        code: str,
        paths: list[Path],
        options: Options,
        made: _Engines,
        reporter: Reporter,
        terms: glossary.Glossary,
    ) -> None:
        self.config, self.code, self.options, self.made = config, code, options, made
        self.reporter, self.glossary = reporter, terms
        self.catalogs: list[_Catalog] = []
        self.skipped: list[str] = []
        for path in paths:
            try:
                self.catalogs.append(_Catalog.load(path, code))
            except CatalogError as error:
                if not (config.external or options.files):
                    raise  # the project's own catalogs: update made them, one broken stops the run
                self.skipped.append(str(error))  # a tree another tool made: the others are still done
        self.written: set[Path] = set()

    def prepare(self) -> LocaleResult | _Plan:
        """Memory first; then the engine's work as a plan for the dispatcher (or the result, if none)."""
        pending: dict[str, list[_Catalog]] = {}
        for cat in self.catalogs:
            for entry in cat.po:
                if _pending(entry):
                    pending.setdefault(entry.msgid, []).append(cat)
        # Plural entries: each source text their forms need, translated once like any other.
        texts: dict[str, list[_Catalog]] = {}
        left = plural_pending = 0
        for cat in self.catalogs:
            for entry in cat.po:
                if not _pending_plural(entry):
                    continue
                if cat.forms is None:
                    left += 1
                    continue
                plural_pending += 1
                for text in cat.needs(entry):
                    texts.setdefault(text, []).append(cat)
        total = sum(len(cats) for cats in pending.values()) + plural_pending
        result = LocaleResult(
            self.code, None, None, None, total, 0, 0, 0, 0, 0, plurals=left, skipped=tuple(self.skipped)
        )
        if not pending and not texts:
            return result

        from_memory = 0
        tm = self._memory()
        for msgid in list(pending):
            match = tm.lookup(msgid)
            if match is not None:
                change = _Change(match.msgstr, "memory", match.describe())
                from_memory += self._record(pending.pop(msgid), msgid, change)
        self._save()
        result = _replace(result, from_memory=from_memory)
        if not pending and not texts:
            return self._done(result)

        chosen = choose(self.config, self.code, self.options.engine, self.made)
        if isinstance(chosen, str):
            return self._done(_replace(result, problem=chosen))
        engine, pair = chosen
        made_by = engine.provenance(pair)
        result = _replace(result, engine=engine.name, made_by=made_by, via=_via(engine, pair))
        if self.options.dry_run:
            return _replace(result, sent=len(pending.keys() | texts.keys()))
        # A pseudo-locale keeps the glossary's DNT terms but must not get its base language's real terms.
        pseudo = language(self.code).pseudo
        keep = self.glossary.do_not_translate(self.code) if pseudo else self.glossary.masked_terms(self.code)
        work = [(msgid, mask(msgid, keep)) for msgid in dict.fromkeys([*pending, *texts])]
        spec = self.made.spec(engine.name, self.code)
        return _Plan(self, result, engine, spec, pair, made_by, pending, work, texts)

    def _restore(self, msgid: str, masked: Masked, output: str, made_by: str) -> _Change:
        try:
            text = restore_masked(msgid, masked, output, self.code, self.glossary, strict=True)
        except MaskError as error:
            return _Change("", NOT_TRANSLATED, f"{error.message} (engine output: {output!r})")
        if text is None:
            return _Change("", NOT_TRANSLATED, "the engine returned nothing")
        return _Change(text, "machine", made_by)

    def _record(self, cats: list[_Catalog], msgid: str, change: _Change) -> int:
        if not self.options.dry_run:
            for cat in cats:
                cat.unsaved[msgid] = change
        return len(cats)

    def _save(self) -> None:
        for cat in self.catalogs:
            if cat.save():
                self.written.add(cat.path)

    def _done(self, result: LocaleResult) -> LocaleResult:
        written = tuple(cat.path for cat in self.catalogs if cat.path in self.written)
        return _replace(result, written=written)

    def _memory(self) -> memory.Memory:
        loaded = {cat.path: cat.po for cat in self.catalogs}
        folder = self.config.locales_dir / self.code / "LC_MESSAGES"
        sources: list[tuple[str, polib.POFile]] = []
        if self.options.files:
            own = [cat.path for cat in self.catalogs]
        elif self.config.external:
            from pipeline import external

            own = [found.path for found in external.catalogs(self.config, self.code)]
        else:
            own = sorted(folder.rglob("*.po"))
        for path in own:
            po = loaded.get(path)
            sources.append((self.config.relative(path), po if po is not None else catalog.read(path)))
        compendium = _compendium(self.config, self.code)
        if compendium is not None:
            sources.append((self.config.relative(compendium), catalog.read(compendium)))
        from pipeline.tmx import compendium_path

        imported = compendium_path(self.config, self.code)  # 'l10n tm import'
        if not self.options.files and imported.is_file():
            sources.append((self.config.relative(imported), catalog.read(imported)))
        return memory.build(sources)


def restore_masked(
    msgid: str, masked: Masked, output: str, code: str, terms: glossary.Glossary, *, strict: bool = False
) -> str | None:
    """An engine's output made into the translation ``translate`` would write, or None if there is none.

    The masked originals go back, the msgid's edge line breaks too, and the
    glossary's preferred terms (not for pseudo-locales). A lost or mangled token
    raises MaskError when ``strict``, else gives None, as an empty output does.
    """
    try:
        text = unmask(output, masked)
    except MaskError:
        if strict:
            raise
        return None
    if not text.strip():
        return None
    text = _same_edges(msgid, text)
    if not language(code).pseudo:
        text = terms.enforce(msgid, text, code)
    return text


def _existing(config: Config, code: str, docs: list[str]) -> list[Path]:
    """The locale's catalogs of ``docs``; a project's own must all exist, external ones where they do."""
    if config.external:
        from pipeline import external

        return [found.path for found in external.catalogs(config, code) if found.doc in docs]
    paths = [config.po_path(code, doc) for doc in docs]
    for path in paths:
        if not path.exists():
            raise CatalogError(
                "catalog missing", path=config.relative(path), hint=f"run 'l10n update --locale {code}' first"
            )
    return paths


def _compendium(config: Config, code: str) -> Path | None:
    """``[translate] compendium``; ``{locale}`` in it stands for the locale's code."""
    setting = config.translate.compendium
    if not setting:
        return None
    path = config.root / setting.replace("{locale}", code)
    if path.is_file():
        return path
    if "{locale}" in setting:
        return None
    raise ConfigError(
        f"compendium '{setting}' does not exist", path=config.root / "l10n.toml", hint="fix 'compendium' in [translate]"
    )


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _same_edges(msgid: str, text: str) -> str:
    """The msgid's leading and trailing line breaks on the translation too.

    Engines translate a text as one line; ``msgfmt --check`` refuses a msgstr
    that does not begin and end with ``\n`` where its msgid does, so a draft
    accepted as it is would break the build.
    """
    lead = msgid[: len(msgid) - len(msgid.lstrip("\n"))]
    trail = msgid[len(msgid.rstrip("\n")) :]
    return lead + text.strip("\n") + trail


def _via(engine: Engine, pair: Pair) -> str | None:
    from pipeline.engines.pivot import PivotEngine

    if isinstance(engine, PivotEngine):
        route = engine.route(pair)
        return route.via if route else None
    return None


def _next_size(size: int, seconds: float, target: float = BATCH_SECONDS) -> int:
    """The batch size that should take about ``target`` seconds, judging by the last batch."""
    per_segment = max(seconds, 1e-6) / size
    return max(FIRST_BATCH, min(MAX_BATCH, int(target / per_segment)))


@dataclass
class _Plan:
    """One locale's segments for the engine: cut into tasks, results applied as they come back."""

    job: _Job
    result: LocaleResult
    engine: Engine
    spec: EngineSpec
    pair: Pair
    made_by: str
    pending: dict[str, list[_Catalog]]
    work: list[tuple[str, Masked]]
    texts: dict[str, list[_Catalog]] = field(default_factory=dict)  # the forms plural entries need
    size: int = FIRST_BATCH
    cut: int = 0  # work[:cut] has been sent
    sent: int = 0
    translated: int = 0
    failed: int = 0
    unknown: int = 0
    problem: str | None = None

    def more(self) -> bool:
        return self.problem is None and self.cut < len(self.work)

    def next_batch(self, capacity: int) -> list[tuple[str, Masked]]:
        left = len(self.work) - self.cut
        # The last wave in even shares, so that no worker is left with a long task while the others wait;
        # not below FIRST_BATCH, or the fixed cost of a call and a save would dominate.
        size = self.job.options.batch_size or min(self.size, max(FIRST_BATCH, -(-left // capacity)))
        batch = self.work[self.cut : self.cut + size]
        self.cut += len(batch)
        return batch

    def apply(self, batch: list[tuple[str, Masked]], done: Done, target: float) -> None:
        for (msgid, masked), output in zip(batch, done.outputs, strict=True):
            change = self.job._restore(msgid, masked, output, self.made_by)
            count = self.job._record(self.pending.get(msgid, []), msgid, change)
            if change.kind == "machine":
                self.translated += count
            else:
                self.failed += count
            for cat in self.texts.get(msgid, []):
                cat.texts[msgid] = change
                cat.dirty = True
        self.sent += len(batch)
        self.unknown += done.unknown_words
        if self.job.options.batch_size is None:
            self.size = _next_size(len(batch), done.seconds, target)

    def finish(self) -> LocaleResult:
        done = sum(len(cat.plural_done) for cat in self.job.catalogs)
        made = _replace(
            self.result,
            sent=self.sent,
            translated=self.translated + done,
            masking_failed=self.failed + sum(len(cat.plural_failed) for cat in self.job.catalogs),
            unknown_words=self.unknown,
            problem=self.problem,
            plural_translated=done,
        )
        return self.job._done(made)


def _dispatch(plans: list[_Plan], executor: Executor, reporter: Reporter, options: Options) -> None:
    """Keep the executor busy with tasks of every plan, in locale order; apply and save each result on arrival.

    Results that arrive together (the next one already waiting while one is applied) are
    saved together, at least every SAVE_SECONDS: with several workers the one writer's
    saves, not the engines, would otherwise set the pace.
    """
    codes = [plan.job.code for plan in plans]
    label = f"{codes[0]} ({plans[0].made_by})" if len(plans) == 1 else f"{len(plans)} locales ({', '.join(codes)})"
    reporter.start(label, sum(len(plan.work) for plan in plans))
    numbers = itertools.count()
    flying: dict[int, tuple[_Plan, list[tuple[str, Masked]]]] = {}
    unsaved: set[int] = set()  # plans (by index) with applied results not yet written
    saved = time.monotonic()

    def save() -> None:
        nonlocal saved
        for index in sorted(unsaved):
            plans[index].job._save()
        unsaved.clear()
        saved = time.monotonic()

    try:
        while True:
            while len(flying) < executor.capacity:
                plan = next((p for p in plans if p.more()), None)
                if plan is None:
                    break
                batch = plan.next_batch(executor.capacity)
                task = Task(next(numbers), plan.spec, plan.pair, plan.made_by, tuple(m.text for _, m in batch))
                executor.submit(task, plan.engine)
                flying[task.number] = (plan, batch)
            if not flying:
                return
            number, outcome = executor.next_done()
            plan, batch = flying.pop(number)
            if isinstance(outcome, L10nError):
                plan.problem = plan.problem or str(outcome)  # no more tasks for it; those in flight still count
                continue
            plan.apply(batch, outcome, executor.task_seconds)
            unsaved.add(plans.index(plan))
            reporter.advance(len(batch) - outcome.reported)
            if not executor.ready() or time.monotonic() - saved >= SAVE_SECONDS:
                save()
    finally:
        save()  # on an interruption too: what arrived is kept
        reporter.finish()


def unknown_words(engine: Engine) -> int:
    """Words the last call could not translate, where the engine counts them (Apertium, pivots over it)."""
    counts = getattr(engine, "last_unknown_words", ())
    return sum(c for c in counts if isinstance(c, int))


def _replace(result: LocaleResult, **changes: Any) -> LocaleResult:
    return dataclasses.replace(result, **changes)
