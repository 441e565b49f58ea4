"""Stage 2: templates -> per-language catalogs, with msgmerge semantics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import catalog, merge, review
from pipeline.config import CONFIG_NAME, Config
from pipeline.errors import CatalogError, ConfigError


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


def update(config: Config, locales: tuple[str, ...] | None = None) -> list[Updated]:
    """Create or merge every catalog for every template and locale.

    A catalog with a syntax error stops the run before anything is written
    for it: its reviewer's work is never overwritten by a guess.
    """
    if not (locales or config.locales):
        raise ConfigError(
            "no locales to update: 'locales' in [project] is empty",
            path=config.relative(config.root / CONFIG_NAME),
            hint='list the languages to translate into, e.g. locales = ["fr", "es"]',
        )
    if config.external and not config.catalogs.template:
        from pipeline import external

        raise external.refusal(config, "update")
    results = []
    pots = templates(config)
    if not pots:
        raise CatalogError(
            "no templates to update from", path=config.relative(config.locales_dir), hint="run 'l10n extract' first"
        )
    for doc, pot_path in pots:
        pot = catalog.read(pot_path)
        for code in locales or config.locales:
            results.append(_update_one(doc, pot, code, config.po_path(code, doc)))
    return results


def _update_one(doc: str, pot: polib.POFile, code: str, po_path: Path) -> Updated:
    """Merge one catalog through :func:`pipeline.catalog.edit`: an editor's save meanwhile is merged, not lost."""
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
