"""Stage 2: templates -> per-language catalogs, with msgmerge semantics."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cache import Cache, digest, key
from pipeline.config import CONFIG_NAME, Config
from pipeline.errors import CatalogError, ConfigError
from pipeline.parallel import run_each, size_of

if TYPE_CHECKING:
    import polib


@dataclass(frozen=True)
class Updated:
    doc: str
    locale: str
    po: Path
    created: bool
    written: bool
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int


def templates(config: Config) -> list[tuple[str, Path]]:
    """(doc, pot path) for every template under ``locales/`` (or ``[catalogs] template``'s)."""
    if config.external:
        from pipeline import external

        return external.templates(config)
    found = []
    for pot in sorted(config.locales_dir.rglob("*.pot")):
        doc = pot.relative_to(config.locales_dir).with_suffix("").as_posix()
        found.append((doc, pot))
    return found


def update(
    config: Config, locales: tuple[str, ...] | None = None, *, jobs: int | None = None, cache: Cache | None = None
) -> list[Updated]:
    """Create or merge every catalog for every template and locale.

    A catalog with a syntax error stops the run before anything is written
    for it: its reviewer's work is never overwritten by a guess. A template and
    catalog that are as the last run left them are not read again: merging
    would change nothing. Templates are merged on ``jobs`` processes (default: every core).
    """
    store = cache if cache is not None else Cache(config.root)
    if not (locales or config.locales):
        raise ConfigError(
            "no locales to update: 'locales' in [project] is empty",
            path=config.relative(config.root / CONFIG_NAME),
            hint='list the languages to translate into, e.g. locales = ["fr", "es"]',
        )
    if config.external and not config.catalogs.template:
        from pipeline import external

        raise external.refusal(config, "update")
    pots = templates(config)
    if not pots:
        raise CatalogError(
            "no templates to update from", path=config.relative(config.locales_dir), hint="run 'l10n extract' first"
        )
    codes = tuple(locales or config.locales)
    merge_one = functools.partial(_update_template, codes, config, store)
    known = functools.partial(_known, codes, config, store)
    return [
        item
        for done in run_each(merge_one, pots, jobs, known=known, weight=lambda pot: size_of(pot[1]), warm=_imports)
        for item in done
    ]


def _imports() -> None:
    """What a merge imports, imported before the pool forks its workers."""
    from pipeline import catalog, merge, review  # noqa: F401


def _known(codes: tuple[str, ...], config: Config, store: Cache, template: tuple[str, Path]) -> list[Updated] | None:
    """The results of a template whose catalogs the last run settled, in every locale; else None."""
    doc, pot_path = template
    pot_bytes = pot_path.read_bytes()
    results = []
    for code in codes:
        po_path = config.po_path(code, doc)
        settled = store.get("updated", _settled(code, pot_bytes, po_path))
        if not (isinstance(settled, list) and len(settled) == 4 and all(isinstance(n, int) for n in settled)):
            return None
        results.append(Updated(doc, code, po_path, False, False, *settled))
    return results


def _update_template(codes: tuple[str, ...], config: Config, store: Cache, template: tuple[str, Path]) -> list[Updated]:
    """Merge one template into its catalog in every locale of ``codes``; a catalog the last run settled is skipped."""
    from pipeline import catalog  # polib and Babel: not imported by a run with nothing to do

    doc, pot_path = template
    results = []
    pot_bytes = pot_path.read_bytes()
    pot = None
    for code in codes:
        po_path = config.po_path(code, doc)
        settled = store.get("updated", _settled(code, pot_bytes, po_path))
        if isinstance(settled, list) and len(settled) == 4 and all(isinstance(n, int) for n in settled):
            results.append(Updated(doc, code, po_path, False, False, *settled))
            continue
        pot = pot if pot is not None else catalog.read(pot_path)
        done = _update_one(doc, pot, code, po_path)
        counts = [done.translated, done.fuzzy, done.untranslated, done.obsolete]
        store.put("updated", _settled(code, pot_bytes, po_path), counts)
        results.append(done)
    return results


def _settled(code: str, pot: bytes, po_path: Path) -> str:
    """The key of "merging this template into this catalog changes nothing" (a merge's output is a fixed point)."""
    try:
        po = digest(po_path.read_bytes())
    except OSError:
        po = ""
    return key("update", code, pot, po)


def _update_one(doc: str, pot: polib.POFile, code: str, po_path: Path) -> Updated:
    """Merge one catalog through :func:`pipeline.catalog.edit`: an editor's save meanwhile is merged, not lost."""
    from pipeline import catalog, merge, review

    made: list[tuple[polib.POFile | None, polib.POFile]] = []

    def merge_with(old: polib.POFile | None) -> polib.POFile:
        made[:] = [(old, merge.merge(old, pot, code, po_path))]
        return made[0][1]

    written = catalog.edit(po_path, merge_with, create=True)
    old, merged = made[0]
    counts = review.count(merged).entries  # a plural entry is one entry, in one state
    return Updated(
        doc=doc,
        locale=code,
        po=po_path,
        created=old is None,
        written=written,
        translated=counts.reviewed,
        fuzzy=counts.machine + counts.needs_review,
        untranslated=counts.untranslated,
        obsolete=sum(1 for e in merged if e.obsolete),
    )
