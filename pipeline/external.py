"""Catalogs another tool made (sphinx-intl, Django's makemessages, pybabel, xgettext), used in place.

A project declares them in ``l10n.toml``::

    [catalogs]
    paths = ["docs/locales/{locale}/LC_MESSAGES/*.po"]
    template = "docs/_build/gettext/*.pot"   # optional

``{locale}`` stands for the locale's folder (``pt_BR`` or ``pt-BR``, whichever
exists; gettext's spelling for a new one). A catalog's document name is its
path with the locale folder and ``LC_MESSAGES`` taken out, less the folders
before the first wildcard, less ``.po``: ``docs/locales/fr/LC_MESSAGES/usage/
quickstart.po`` is ``usage/quickstart`` in every locale, and its template
``docs/_build/gettext/usage/quickstart.pot`` is the same document.

l10n never extracts into or moves such catalogs: translate, check, status and
serve edit them where they are, ``l10n update`` merges the templates into them
(as msgmerge and sphinx-intl update do; only with ``template``), and ``l10n
build`` compiles each into a ``.mo`` beside it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline import catalog, mo
from pipeline.atomic import write_atomic
from pipeline.config import CONFIG_NAME, Config
from pipeline.errors import CatalogError, ConfigError

_WILD = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Found:
    """One catalog found by a ``[catalogs] paths`` pattern."""

    doc: str
    path: Path
    pattern: str
    locale_part: int  # index of the path part holding the locale


def folders(code: str) -> tuple[str, ...]:
    """The folder names a locale may have: as configured, then gettext's spelling (``pt_BR``)."""
    return tuple(dict.fromkeys((code, code.replace("-", "_"))))


def _fixed(parts: tuple[str, ...]) -> int:
    """How many leading parts hold neither a wildcard nor the locale."""
    for index, part in enumerate(parts):
        if _WILD.search(part) or "{locale}" in part:
            return index
    return len(parts) - 1


def _doc(pattern: str, rel: PurePosixPath, folder: str) -> tuple[str, int]:
    pattern_parts = PurePosixPath(pattern).parts
    locale_part = next(i for i, part in enumerate(pattern_parts) if "{locale}" in part)
    fixed = _fixed(pattern_parts)
    kept: list[str] = []
    for index, part in enumerate(rel.parts):
        if index < fixed or part == "LC_MESSAGES":
            continue
        if index == locale_part:
            rest = pattern_parts[locale_part].replace("{locale}", "")
            if not rest or index < len(rel.parts) - 1:
                continue  # a folder of its own: docs/locales/fr/…, or fr-docs/…
            # po/fr.po, po/app-fr.po: the file is named after the locale
            stem = part.removesuffix(".po").replace(folder, "", 1).strip("-_.")
            if not stem:
                continue
            part = stem + ".po"
        kept.append(part)
    if not kept:  # po/{locale}.po: one catalog, named after its folder
        kept = [pattern_parts[max(0, locale_part - 1)]] if locale_part else ["messages"]
    name = "/".join(kept)
    return (name[: -len(".po")] if name.endswith(".po") else name), locale_part


_SEEN: dict[tuple[Path, tuple[str, ...], str], tuple[float, list[Found]]] = {}
FRESH_SECONDS = 2.0
"""How long a glob's result is reused: one command asks for every locale × document's catalog
(300 documents in 10 locales: 3,000 globs of a 300-file tree, four minutes, before this);
a long-running review page sees a new catalog within this time."""


def catalogs(config: Config, code: str) -> list[Found]:
    """The catalogs of ``code``, in path order; two with one document name are an error."""
    key = (config.root.resolve(), config.catalogs.paths, code)
    seen = _SEEN.get(key)
    now = time.monotonic()
    if seen is not None and now - seen[0] < FRESH_SECONDS:
        return seen[1]
    result = _glob(config, code)
    if len(_SEEN) > 512:
        _SEEN.clear()
    _SEEN[key] = (now, result)
    return result


def _glob(config: Config, code: str) -> list[Found]:
    found: dict[str, Found] = {}
    for pattern in config.catalogs.paths:
        for folder in folders(code):
            for path in sorted(config.root.glob(pattern.replace("{locale}", folder))):
                if not path.is_file():
                    continue
                rel = PurePosixPath(path.relative_to(config.root).as_posix())
                doc, locale_part = _doc(pattern, rel, folder)
                other = found.get(doc)
                if other is not None and other.path != path:
                    raise CatalogError(
                        f"two {code} catalogs are the same document '{doc}' (also {config.relative(other.path)})",
                        path=config.relative(path),
                        hint="narrow the globs in [catalogs] paths so each catalog is matched once",
                    )
                found[doc] = Found(doc, path, pattern, locale_part)
    return sorted(found.values(), key=lambda f: f.doc)


def templates(config: Config) -> list[tuple[str, Path]]:
    """(document, template) for every file the ``[catalogs] template`` glob matches."""
    pattern = config.catalogs.template
    if not pattern:
        return []
    fixed = _fixed(PurePosixPath(pattern).parts)
    found = []
    for path in sorted(config.root.glob(pattern)):
        if path.is_file():
            parts = PurePosixPath(path.relative_to(config.root).as_posix()).parts[fixed:]
            found.append(("/".join(parts)[: -len(".pot")], path))
    return found


def documents(config: Config) -> list[str]:
    """Every document with a catalog in some locale, or a template."""
    names = {found.doc for code in config.locales for found in catalogs(config, code)}
    return sorted(names | {doc for doc, _ in templates(config)})


def po_path(config: Config, code: str, doc: str) -> Path:
    """Where ``code``'s catalog of ``doc`` is, or would be: beside the other locales' ones."""
    for found in catalogs(config, code):
        if found.doc == doc:
            return found.path
    for other in config.locales:
        for found in catalogs(config, other) if other != code else ():
            if found.doc == doc:
                parts = list(PurePosixPath(found.path.relative_to(config.root).as_posix()).parts)
                own = PurePosixPath(found.pattern).parts[found.locale_part]
                parts[found.locale_part] = own.replace("{locale}", code.replace("-", "_"))
                return config.root.joinpath(*parts)
    pattern = config.catalogs.paths[0].replace("{locale}", code.replace("-", "_"))
    head = PurePosixPath(pattern).parts
    return config.root.joinpath(*head[: _fixed(head) + 1]).parent / f"{doc}.po"


def pot_path(config: Config, doc: str) -> Path:
    """``doc``'s template; a path that does not exist when the project has none."""
    for name, path in templates(config):
        if name == doc:
            return path
    return config.root / ".no-template" / f"{doc}.pot"


def refusal(config: Config, stage: str) -> ConfigError:
    """Why ``extract`` (or ``update`` without templates) does not run on catalogs another tool makes."""
    if stage == "update":
        return ConfigError(
            "'l10n update' needs the templates: set 'template' in [catalogs] (the .pot files the tool extracts)",
            path=config.relative(config.root / CONFIG_NAME),
            hint='e.g. template = "docs/_build/gettext/**/*.pot"; or update them with that tool '
            "(sphinx-intl update, django-admin makemessages, pybabel update)",
        )
    return ConfigError(
        f"'l10n {stage}' does not run here: this project's catalogs are made by another tool ([catalogs])",
        path=config.relative(config.root / CONFIG_NAME),
        hint="extract with that tool (sphinx-build -b gettext, django-admin makemessages, pybabel extract); "
        "update, translate, check, status, serve and build work on its catalogs in place",
    )


@dataclass(frozen=True)
class CompiledCatalog:
    """One catalog compiled beside itself: ``django.po`` -> ``django.mo``."""

    locale: str
    po: Path
    mo: Path
    messages: int  # translations in the .mo
    written: bool  # False: the .mo already held exactly this


def compile_in_place(
    config: Config, locales: tuple[str, ...], policy: str
) -> tuple[list[CompiledCatalog], list[mo.CompileError]]:
    """A ``.mo`` beside every catalog of ``locales``, where gettext, Sphinx and Django look for it.

    ``reviewed`` compiles reviewed translations only (as msgfmt does without
    ``--use-fuzzy``), ``draft`` machine ones too. A catalog that does not
    compile is reported and its old ``.mo`` is left as it was.
    """
    done: list[CompiledCatalog] = []
    errors: list[mo.CompileError] = []
    for code in locales:
        for found in catalogs(config, code):
            po = catalog.read(found.path)
            compiled = mo.compile_catalog(
                po, found.path, config.relative(found.path), use_fuzzy=policy == "draft", code=code
            )
            if compiled.errors:
                errors.extend(compiled.errors)
                continue
            target = found.path.with_suffix(".mo")
            written = not target.is_file() or target.read_bytes() != compiled.data
            if written:
                write_atomic(target, compiled.data)
            done.append(CompiledCatalog(code, found.path, target, compiled.messages, written))
    return done, errors
