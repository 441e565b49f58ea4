"""``l10n.toml``: read, validate every setting, and locate the project's files.

An unknown key, a locale Babel does not know or a missing source folder is one
clear error line naming the file and line, and exit code 2.
"""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.abbreviations import base_language
from pipeline.errors import ConfigError, L10nError, SourceError
from pipeline.languages import SCRIPT_MODIFIERS, bcp47, known_locale, language
from pipeline.model import SplitOptions
from pipeline.textfile import decode_utf8, read_bytes

SITE_CATALOG = "l10n-site"
"""The catalog of the published site's own words (``locales/<code>/LC_MESSAGES/l10n-site.po``: the draft note)."""

CONFIG_NAME = "l10n.toml"
SEGMENTATIONS = ("sentence", "paragraph")
POLICIES = ("reviewed", "draft")


@dataclass(frozen=True)
class LocaleSettings:
    """Per-locale options from a ``[locales.<code>]`` table."""

    code: str
    engine: str | None = None  # None: the first engine that has the pair
    pivot: str | None = None  # pivot language for the "pivot" engine
    min_reviewed: float | None = None  # overrides [build] min_reviewed
    checks_disabled: tuple[str, ...] = ()


@dataclass(frozen=True)
class TranslateSettings:
    engines: tuple[str, ...] = ("argos", "apertium", "pivot")
    pivots: tuple[str, ...] = ("es", "en")
    beam_size: int = 4
    threads: int = 0  # 0: all cores
    max_batch_tokens: int = 1024
    compute_type: str = "auto"
    glossary: str | None = None  # default: glossary.csv or glossary.tbx if present
    compendium: str | None = None
    cluster: str | None = None  # a Dask scheduler's address (tcp://host:8786): translate on its workers


@dataclass(frozen=True)
class EvaluateSettings:
    """``[evaluate]``: what ``l10n engines evaluate`` measures routes with."""

    reference: str | None = None  # extra reference translations (.po or .tmx); {locale} stands for the code
    sample: int = 200  # reference entries translated per route


@dataclass(frozen=True)
class BuildSettings:
    policy: str = "reviewed"
    min_reviewed: float = 80.0
    base_url: str = ""
    publish_pseudo: bool = False  # pseudo-locales (en-XA, ar-XB) are for testing; published only on request


@dataclass(frozen=True)
class CatalogSettings:
    """``[catalogs]``: catalogs another tool made (sphinx-intl, makemessages, pybabel), used in place."""

    paths: tuple[str, ...] = ()  # globs relative to the project, "{locale}" standing for the locale's folder
    template: str | None = None  # glob of their templates (.pot), if the project has them


@dataclass(frozen=True)
class Config:
    root: Path
    name: str
    source_language: str
    locales: tuple[str, ...]
    source_dir: Path
    locales_dir: Path
    dist_dir: Path
    segmentation: str
    exclude: tuple[str, ...]
    translate: TranslateSettings
    build: BuildSettings
    checks_disabled: tuple[str, ...]
    locale_settings: Mapping[str, LocaleSettings] = field(default_factory=dict)
    evaluate: EvaluateSettings = EvaluateSettings()
    # [segmentation] abbreviations.<lang>: the project's own, per language code as written.
    abbreviations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    catalogs: CatalogSettings = CatalogSettings()

    def split_options(self) -> SplitOptions:
        """How extract and build cut the source documents: the same options for both."""
        own = self.abbreviations.get(self.source_language)
        if own is None:  # "de" entries serve a "de-AT" source, and the other way round
            base = base_language(self.source_language)
            own = tuple(a for code, items in self.abbreviations.items() if base_language(code) == base for a in items)
        return SplitOptions(language=self.source_language, segmentation=self.segmentation, abbreviations=own)

    @property
    def external(self) -> bool:
        """Whether the catalogs are declared in ``[catalogs]`` rather than made by ``l10n update``."""
        return bool(self.catalogs.paths)

    def locale(self, code: str) -> LocaleSettings:
        return self.locale_settings.get(code) or LocaleSettings(code)

    def min_reviewed(self, code: str) -> float:
        own = self.locale(code).min_reviewed
        return self.build.min_reviewed if own is None else own

    def documents(self) -> list[Path]:
        """Source files in a stable order, excluded patterns and dotfiles left out.

        Catalogs and built documents are never sources, even when their
        folders sit inside the source folder. A link leading out of the
        project (``source/notes.txt -> /etc/passwd``) is refused, not read: a
        cloned project could otherwise publish the files of whoever builds it.
        """
        found = []
        # Real paths as strings, each file's worked out once: a book has hundreds of files to place.
        root = os.path.realpath(self.root)
        outputs = tuple(os.path.realpath(folder) + os.sep for folder in (self.locales_dir, self.dist_dir))
        for path in sorted(_walk(self.source_dir, self.root)):
            rel = path.relative_to(self.source_dir).as_posix()
            if any(part.startswith(".") for part in rel.split("/")) or self.excluded(rel):
                continue
            real = os.path.realpath(path)
            if real != root and not real.startswith(root + os.sep):
                raise SourceError(
                    f"links to {real}, outside the project; it is not read",
                    path=self.relative(path),
                    hint="copy the file into the project, or add it to 'exclude'",
                )
            if not path.is_file():
                continue
            if real.startswith(outputs):
                continue
            found.append(path)
        return found

    def inside(self, path: Path) -> bool:
        """Whether ``path``, every link on the way followed, is in the project folder."""
        real, root = Path(os.path.realpath(path)), Path(os.path.realpath(self.root))
        return real == root or root in real.parents

    def check_outputs(self) -> None:
        """Refuse a link leading out of the project: ``source/`` itself, or in or as ``locales/`` or ``dist/``.

        Every stage writes into these folders; through such a link it would
        overwrite files anywhere the user can write.
        """
        if not self.inside(self.source_dir):
            raise SourceError(
                f"links to {os.path.realpath(self.source_dir)}, outside the project; it is not read",
                path=self.relative(self.source_dir),
                hint="copy the documents into the project",
            )
        for folder in (self.locales_dir, self.dist_dir):
            for path in _links(folder):
                if not self.inside(path):
                    raise L10nError(
                        f"links to {os.path.realpath(path)}, outside the project; l10n does not write through it",
                        path=self.relative(path),
                        hint="replace the link with a folder or file of the project",
                    )

    def excluded(self, rel: str) -> bool:
        """Whether an ``exclude`` pattern matches the path under ``source/`` or a folder it is in.

        ``drafts`` and ``drafts/`` leave out the whole folder, as in a .gitignore;
        before, only ``drafts/*`` did and the other two silently matched nothing.
        """
        candidates = [rel, *(p.as_posix() for p in Path(rel).parents if p != Path("."))]
        return any(fnmatch.fnmatch(c, p.rstrip("/")) for p in self.exclude for c in candidates)

    def doc_name(self, source: Path) -> str:
        """``<doc>``: the path under ``source/`` without its suffix."""
        return source.relative_to(self.source_dir).with_suffix("").as_posix()

    def pot_path(self, doc: str) -> Path:
        if self.external:
            from pipeline import external

            return external.pot_path(self, doc)
        return self.locales_dir / f"{doc}.pot"

    def po_path(self, code: str, doc: str) -> Path:
        if self.external:
            from pipeline import external

            return external.po_path(self, code, doc)
        return self.locales_dir / code / "LC_MESSAGES" / f"{doc}.po"

    def relative(self, path: Path) -> str:
        """A path as written in catalogs and messages: relative to the project root.

        Symbolic links are not followed first: ``source/intro.md`` linking to a
        shared file elsewhere is still ``source/intro.md``, not the target's path.
        """
        # Resolved (links followed) only when the plain path is not under the root: resolving
        # costs a system call per folder, and build names every output through here.
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def _walk(folder: Path, root: Path) -> list[Path]:
    """Every file under ``folder``, through symlinked folders too, each real folder once.

    ``Path.rglob`` does not enter a symlinked folder, so a shared docs folder
    linked into ``source/`` was silently left out; a link back up the tree
    (``source/loop -> .``) is walked once, not forever. A linked folder that
    leads out of ``root`` is listed itself, not entered, for the caller to refuse.
    """
    files: list[Path] = []
    seen: set[str] = set()
    real_root = os.path.realpath(root)
    for top, folders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            folders.clear()
            continue
        seen.add(real)
        kept = []
        for name in folders:
            if name.startswith("."):
                continue
            target = os.path.realpath(os.path.join(top, name))
            if target != real_root and not target.startswith(real_root + os.sep):
                files.append(Path(top) / name)
            else:
                kept.append(name)
        folders[:] = kept
        files.extend(Path(top) / name for name in names)
    return files


def _links(folder: Path) -> list[Path]:
    """``folder`` if it is a link, and every link under it (not followed).

    Hidden names are left out: l10n writes none through a link (its temporary files
    are new; its lock files are opened without following links).
    """
    if folder.is_symlink():
        return [folder]
    # os.scandir's entries know whether they are links without a system call each: every
    # command runs this over locales/ and dist/, hundreds of files per locale.
    found = []
    folders = [str(folder)]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                found.append(Path(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
    return sorted(found)


_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "project": {
        "name": str,
        "source_language": str,
        "locales": list,
        "source_dir": str,
        "locales_dir": str,
        "dist_dir": str,
        "segmentation": str,
        "exclude": list,
    },
    "translate": {
        "engines": list,
        "pivots": list,
        "beam_size": int,
        "threads": int,
        "max_batch_tokens": int,
        "compute_type": str,
        "glossary": str,
        "compendium": str,
        "cluster": str,
    },
    "build": {"policy": str, "min_reviewed": (int, float), "base_url": str, "publish_pseudo": bool},
    "evaluate": {"reference": str, "sample": int},
    "checks": {"disable": list},
    "segmentation": {"abbreviations": dict},
    "catalogs": {"paths": list, "template": str},
    "locales": {},
}
_LOCALE_KEYS: dict[str, type | tuple[type, ...]] = {
    "engine": str,
    "pivot": str,
    "min_reviewed": (int, float),
    "checks_disabled": list,
}


def standalone(root: Path, source_language: str = "en") -> Config:
    """The settings for catalogs handled outside any project (``l10n translate FILE.po``): the defaults."""
    try:
        language(source_language)
    except ValueError:
        raise ConfigError(
            f"Babel does not know the locale '{source_language}'", hint="use a code such as en, fr or pt-BR"
        ) from None
    return Config(
        root=root,
        name=root.resolve().name,
        source_language=source_language,
        locales=(),
        source_dir=root,
        locales_dir=root,
        dist_dir=root / "dist",
        segmentation=SEGMENTATIONS[0],
        exclude=(),
        translate=TranslateSettings(),
        build=BuildSettings(),
        checks_disabled=(),
    )


def find_root(start: Path) -> Path:
    """The nearest folder, from ``start`` up, holding ``l10n.toml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_NAME} here or in any parent folder",
        path=start,
        hint="run 'l10n init' to start a project",
    )


def load(root: Path | None = None) -> Config:
    """Read and validate ``l10n.toml`` from ``root`` (default: found from the cwd)."""
    root = find_root(Path.cwd()) if root is None else root
    path = root / CONFIG_NAME
    if not path.exists():
        raise ConfigError("file not found", path=path, hint="run 'l10n init' to start a project")
    # Windows editors save UTF-8 with a byte-order mark, which TOML does not allow.
    raw = read_bytes(path, ConfigError, "configuration")
    text = decode_utf8(raw, path, ConfigError, "configuration").removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = re.search(r"\(at line (\d+)", str(error))
        # "at end of document" has no line: the error is on the last one.
        line = int(position.group(1)) if position else max(1, len(text.splitlines()))
        message = re.sub(r" \(at (line \d+, column \d+|end of document)\)", "", str(error))
        raise ConfigError(f"not valid TOML: {message}", path=path, line=line) from None
    config = _validate(data, text, root, path)
    config.check_outputs()
    return config


def _validate(data: dict[str, Any], text: str, root: Path, path: Path) -> Config:
    def fail(message: str, section: str | None, key: str | None = None, hint: str | None = None) -> ConfigError:
        return ConfigError(message, path=path, line=_line_of(text, section, key), hint=hint)

    for section, value in data.items():
        if section not in _SCHEMA:
            known = ", ".join(f"[{s}]" for s in _SCHEMA)
            raise fail(f"unknown section [{section}]", section, hint=f"known sections: {known}")
        if not isinstance(value, dict):
            raise fail(f"'{section}' must be a table: [{section}]", None, section)
        if section == "locales":
            continue
        for key, item in value.items():
            expected = _SCHEMA[section].get(key)
            if expected is None:
                known = ", ".join(_SCHEMA[section])
                raise fail(f"unknown key '{key}' in [{section}]", section, key, hint=f"known keys: {known}")
            if not isinstance(item, expected) or (isinstance(item, bool) and expected is not bool):
                raise fail(f"'{key}' in [{section}] must be {_describe(expected)}", section, key)

    project = data.get("project", {})
    translate = data.get("translate", {})
    build = data.get("build", {})
    checks = data.get("checks", {})
    catalogs = data.get("catalogs", {})

    def strings(section: str, key: str, items: list[Any]) -> tuple[str, ...]:
        if not all(isinstance(i, str) for i in items):
            raise fail(f"'{key}' in [{section}] must be a list of strings", section, key)
        return tuple(items)

    def locale_code(code: str, section: str, key: str) -> str:
        problem = odd_locale(code)
        if problem is not None:
            raise fail(problem[0], section, key, hint=problem[1])
        try:
            known_locale(code)
        except ValueError:
            raise fail(
                f"Babel does not know the locale '{code}'", section, key, hint="use a code such as fr, pt-BR or zh-Hant"
            ) from None
        return code

    source_language = locale_code(project.get("source_language", "en"), "project", "source_language")
    locales = strings("project", "locales", project.get("locales", []))
    for code in locales:
        locale_code(code, "project", "locales")
    if len(set(locales)) != len(locales):
        raise fail("a locale is listed twice in 'locales'", "project", "locales")
    spelled: dict[str, str] = {}
    for code in locales:
        if bcp47(code).lower() == bcp47(source_language).lower():
            raise fail(
                f"'{code}' in 'locales' is the source language '{source_language}'",
                "project",
                "locales",
                hint="list only the languages to translate into",
            )
        first = spelled.setdefault(bcp47(code).lower(), code)
        if first != code:
            # Two folders, two catalogs, one "Language:" header: a reviewer's work split in two.
            raise fail(
                f"'{first}' and '{code}' in 'locales' are the same locale", "project", "locales", hint="keep one"
            )
    segmentation = project.get("segmentation", "sentence")
    if segmentation not in SEGMENTATIONS:
        raise fail(f"'segmentation' must be one of {', '.join(SEGMENTATIONS)}", "project", "segmentation")
    catalog_paths = strings("catalogs", "paths", catalogs.get("paths", []))
    for pattern in catalog_paths:
        problem = _catalog_pattern_problem(pattern, ".po", locale=True)
        if problem:
            raise fail(f"'{pattern}' in [catalogs] paths {problem}", "catalogs", "paths", hint=_PATTERN_HINT)
    template_glob = catalogs.get("template")
    if template_glob is not None:
        problem = _catalog_pattern_problem(template_glob, ".pot", locale=False)
        if problem:
            message = f"'{template_glob}' in [catalogs] template {problem}"
            raise fail(message, "catalogs", "template", hint=_PATTERN_HINT)
        if not catalog_paths:
            raise fail("[catalogs] template needs 'paths' too", "catalogs", "template", hint=_PATTERN_HINT)
    source_dir = root / project.get("source_dir", "source")
    if not source_dir.is_dir() and not (catalog_paths and "source_dir" not in project):
        raise fail(
            f"source folder '{project.get('source_dir', 'source')}' does not exist",
            "project",
            "source_dir" if "source_dir" in project else None,
            hint="create it and put the documents to translate in it",
        )

    folders = {"source_dir": source_dir}
    folders.update({key: root / project.get(key, key.removesuffix("_dir")) for key in ("locales_dir", "dist_dir")})
    real_root = Path(os.path.realpath(root))
    for key, folder in folders.items():
        real = Path(os.path.realpath(folder))
        if key in project and real != real_root and real_root not in real.parents:  # a link: check_outputs
            raise fail(
                f"'{key}' leads outside the project folder (to {real})",
                "project",
                key if key in project else None,
                hint="l10n reads and writes only inside the folder holding l10n.toml; move or copy the folder in",
            )
    for index, (key, folder) in enumerate(folders.items()):
        for other, other_folder in list(folders.items())[index + 1 :]:
            a, b = folder.resolve(), other_folder.resolve()
            nested = "locales_dir" in (key, other) and "dist_dir" in (key, other) and (a in b.parents or b in a.parents)
            if a == b or nested:
                shown = other if other in project else key if key in project else None
                raise fail(
                    f"'{key}' and '{other}' must be separate folders",
                    "project",
                    shown,
                    hint="sources, catalogs and built documents each need their own folder",
                )

    engines = strings("translate", "engines", translate.get("engines", list(TranslateSettings.engines)))
    from pipeline.engines import COMPUTE_TYPES, NO_ENGINE
    from pipeline.engines import names as engine_names

    known_engines = engine_names()
    for name in engines:
        if name not in known_engines:
            raise fail(
                f"unknown engine '{name}' in 'engines'",
                "translate",
                "engines",
                hint=f"known: {', '.join(known_engines)}",
            )
    compute_type = translate.get("compute_type", TranslateSettings.compute_type)
    if compute_type not in COMPUTE_TYPES:
        raise fail(
            f"unknown compute_type '{compute_type}' in [translate]",
            "translate",
            "compute_type",
            hint=f"one of: {', '.join(COMPUTE_TYPES)}",
        )
    pivots = strings("translate", "pivots", translate.get("pivots", list(TranslateSettings.pivots)))
    from pipeline.engines import ANY_LANGUAGE as ANY

    for code in pivots:
        if code != ANY:  # "*": any installed language
            locale_code(code, "translate", "pivots")
    for key in ("beam_size", "max_batch_tokens"):
        if key in translate and translate[key] < 1:
            raise fail(f"'{key}' in [translate] must be at least 1", "translate", key)
    if translate.get("threads", 0) < 0:
        raise fail("'threads' in [translate] must be 0 (all cores) or more", "translate", "threads")

    evaluate = data.get("evaluate", {})
    if evaluate.get("sample", 1) < 1:
        raise fail("'sample' in [evaluate] must be at least 1", "evaluate", "sample")

    policy = build.get("policy", "reviewed")
    if policy not in POLICIES:
        raise fail(f"'policy' in [build] must be one of {', '.join(POLICIES)}", "build", "policy")
    min_reviewed = float(build.get("min_reviewed", 80.0))
    if not 0 <= min_reviewed <= 100:
        raise fail("'min_reviewed' in [build] must be a percentage from 0 to 100", "build", "min_reviewed")

    locale_settings: dict[str, LocaleSettings] = {}
    for code, table in data.get("locales", {}).items():
        section = f"locales.{code}"
        if code not in locales:
            raise fail(
                f"[{section}] is not one of the project's locales", section, hint="add it to 'locales' in [project]"
            )
        if not isinstance(table, dict):
            raise fail(f"[{section}] must be a table", section)
        for key, item in table.items():
            expected = _LOCALE_KEYS.get(key)
            if expected is None:
                raise fail(
                    f"unknown key '{key}' in [{section}]", section, key, hint=f"known keys: {', '.join(_LOCALE_KEYS)}"
                )
            if not isinstance(item, expected) or isinstance(item, bool):
                raise fail(f"'{key}' in [{section}] must be {_describe(expected)}", section, key)
        engine = table.get("engine")
        if engine is not None and engine not in (*known_engines, NO_ENGINE):
            raise fail(
                f"unknown engine '{engine}' in [{section}]",
                section,
                "engine",
                hint=f'known: {", ".join(known_engines)}, or "{NO_ENGINE}" for no machine translation',
            )
        own_min = table.get("min_reviewed")
        if own_min is not None and not 0 <= own_min <= 100:
            raise fail(f"'min_reviewed' in [{section}] must be a percentage from 0 to 100", section, "min_reviewed")
        locale_settings[code] = LocaleSettings(
            code=code,
            engine=engine,
            pivot=locale_code(table["pivot"], section, "pivot") if "pivot" in table else None,
            min_reviewed=float(own_min) if own_min is not None else None,
            checks_disabled=strings(section, "checks_disabled", table.get("checks_disabled", [])),
        )

    abbreviations = _abbreviations(data.get("segmentation", {}).get("abbreviations", {}), text, root, path, locale_code)

    return Config(
        root=root,
        name=project.get("name", root.resolve().name),
        source_language=source_language,
        locales=locales,
        source_dir=source_dir,
        locales_dir=folders["locales_dir"],
        dist_dir=folders["dist_dir"],
        segmentation=segmentation,
        exclude=strings("project", "exclude", project.get("exclude", [])),
        translate=TranslateSettings(
            engines=engines,
            pivots=pivots,
            beam_size=translate.get("beam_size", TranslateSettings.beam_size),
            threads=translate.get("threads", TranslateSettings.threads),
            max_batch_tokens=translate.get("max_batch_tokens", TranslateSettings.max_batch_tokens),
            compute_type=compute_type,
            glossary=translate.get("glossary"),
            compendium=translate.get("compendium"),
            cluster=translate.get("cluster") or None,
        ),
        build=BuildSettings(
            policy=policy,
            min_reviewed=min_reviewed,
            base_url=build.get("base_url", ""),
            publish_pseudo=build.get("publish_pseudo", False),
        ),
        checks_disabled=strings("checks", "disable", checks.get("disable", [])),
        locale_settings=locale_settings,
        abbreviations=abbreviations,
        evaluate=EvaluateSettings(
            reference=evaluate.get("reference"), sample=evaluate.get("sample", EvaluateSettings.sample)
        ),
        catalogs=CatalogSettings(paths=catalog_paths, template=template_glob),
    )


_NOT_LANGUAGES = {"c", "posix", "root", "und", "mul", "zxx", "mis"}


def odd_locale(code: str) -> tuple[str, str] | None:
    """Why ``code`` is no language code for a catalog folder, and what to write: or None.

    Babel reads "C" and "POSIX" as en_US_POSIX and "und" as en_US, and takes
    "fr_FR.UTF-8" and "fr@euro" from a shell's $LANG: each then made a second
    ``hreflang="en"``, ``lang="c"``, or a folder no other tool would find.
    """
    base, at, modifier = code.partition("@")
    first = re.split("[-_.]", base)[0]
    if code.lower().split(".")[0] in _NOT_LANGUAGES or first.lower() in _NOT_LANGUAGES:
        return f"'{code}' is not a language", "name a language, such as en, fr or pt-BR"
    if "." in base:
        plain = base.split(".")[0]
        return f"'{code}' names a character set", f"write '{plain}': catalogs are always UTF-8"
    if at and modifier.lower() not in SCRIPT_MODIFIERS and not (5 <= len(modifier) <= 8 and modifier.isalnum()):
        return f"'{code}' has a modifier '@{modifier}' that is no script or variant", f"write '{base}'"
    if first != first.lower():
        return f"'{code}' is not written as a language code", f"write '{first.lower()}{code[len(first) :]}'"
    return None


# One abbreviation as written before its full stop: "Abg", "Abg.", "z.B.", "Dipl.-Ing.".
_ABBREVIATION = re.compile(r"[^\W\d_][\w'’.-]{0,29}")


def _abbreviations(
    table: dict[str, Any], text: str, root: Path, path: Path, locale_code: Callable[[str, str, str], str]
) -> dict[str, tuple[str, ...]]:
    """``[segmentation] abbreviations.<lang>``: a list of words, or the name of a file of them, one a line."""
    found: dict[str, tuple[str, ...]] = {}
    for code, value in table.items():
        key = f"abbreviations.{code}"
        line = _line_of(text, "segmentation", key) or _line_of(text, "segmentation.abbreviations", code)

        def fail(message: str, hint: str, where: Path = path, at: int | None = line) -> ConfigError:
            return ConfigError(message, path=where, line=at, hint=hint)

        locale_code(code, "segmentation", key)
        if isinstance(value, str):
            listed = root / value
            if not listed.resolve().is_relative_to(root.resolve()):
                # A cloned project must not read files from elsewhere on the machine.
                raise fail(
                    f"the abbreviations file '{value}' is outside the project",
                    "keep it beside l10n.toml or in a folder below it",
                )
            try:
                raw = listed.read_bytes()
            except OSError as error:
                raise fail(
                    f"cannot read the abbreviations file '{value}': {error.strerror}",
                    "give a text file, relative to l10n.toml, with one abbreviation a line",
                ) from None
            body = decode_utf8(raw, listed, ConfigError, "abbreviations file").removeprefix("\ufeff")
            entries: list[tuple[int | None, str]] = [
                (number, entry.strip())
                for number, entry in enumerate(body.splitlines(), start=1)
                if entry.strip() and not entry.lstrip().startswith("#")
            ]
            where = listed
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            entries = [(line, item.strip()) for item in value]
            where = path
        else:
            raise fail(
                f"'{key}' in [segmentation] must be a list of strings or a file name",
                'write abbreviations.de = ["Abg.", "Ziff."] or abbreviations.de = "abbreviations-de.txt"',
            )
        words = []
        for at, entry in entries:
            if not _ABBREVIATION.fullmatch(entry):
                raise fail(
                    f"'{entry}' is not an abbreviation l10n can use ({key})",
                    'one word as written before its full stop, starting with a letter, such as "Abg." or "z.B."',
                    where,
                    at,
                )
            words.append(entry)
        found[code] = tuple(words)
    return found


_PATTERN_HINT = 'e.g. paths = ["docs/locales/{locale}/LC_MESSAGES/*.po"], template = "docs/_build/gettext/*.pot"'


def _catalog_pattern_problem(pattern: str, suffix: str, *, locale: bool) -> str | None:
    """Why a ``[catalogs]`` glob cannot name a project's catalogs, or None."""
    if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        return "must be relative to the project folder, inside it"
    if not pattern.endswith(suffix):
        return f"must end in {suffix}"
    if locale and pattern.count("{locale}") != 1:
        return "must hold '{locale}' once, where the locale's folder name goes"
    if not locale and "{locale}" in pattern:
        return "names templates, which have no locale: drop '{locale}'"
    if locale and "**" in pattern.split("{locale}")[0]:
        return "must not have '**' before '{locale}'"
    return None


def start(folder: Path) -> Path:
    """``l10n init``: a starter ``l10n.toml`` and empty source and locales folders in ``folder``.

    Everything that could stop it is checked before anything is written, so a
    failed init leaves no half-made project behind.
    """
    from pipeline.atomic import write_atomic

    target = folder / CONFIG_NAME
    if target.exists():
        raise L10nError("already exists; not overwritten", path=target)
    for sub in ("source", "locales"):
        if (folder / sub).exists() and not (folder / sub).is_dir():
            raise L10nError("exists and is not a folder", path=folder / sub, hint="rename or move it, then re-run")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise L10nError(f"cannot create the project folder: {error.strerror}", path=folder) from None
    write_atomic(target, STARTER.format(name=folder.resolve().name))
    for sub in ("source", "locales"):
        (folder / sub).mkdir(exist_ok=True)
    return target


def with_locale_settings(text: str, changes: Mapping[str, Mapping[str, str | None]]) -> str:
    """``l10n.toml``'s text with keys of ``[locales.<code>]`` set (None: removed), comments kept.

    Used by ``l10n engines evaluate --apply``, so the change is a small,
    reviewable diff of the file the user wrote, not a rewrite of it.
    """
    import tomlkit

    document = tomlkit.parse(text.removeprefix("\ufeff"))
    if "locales" not in document:
        document.add(tomlkit.nl())
        document.add("locales", tomlkit.table(is_super_table=True))
    tables = document["locales"]
    assert isinstance(tables, dict)
    for code, keys in changes.items():
        fresh = code not in tables
        if fresh:
            tables[code] = tomlkit.table()
        table = tables[code]
        for key, value in keys.items():
            if value is None:
                table.pop(key, None)
            else:
                table[key] = value
        if fresh:
            table.add(tomlkit.nl())
    return tomlkit.dumps(document)


def _describe(expected: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        list: "a list",
        int: "a whole number",
        float: "a number",
        dict: "a table",
        bool: "true or false",
    }
    if isinstance(expected, tuple):
        return "a number"
    return names.get(expected, expected.__name__)


def _line_of(text: str, section: str | None, key: str | None) -> int | None:
    """1-based line of ``key`` in ``[section]`` (or of the section header)."""
    lines = text.splitlines()
    current: str | None = None
    header_line = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        header = re.match(r"^\[\s*([^\]]+?)\s*\]", stripped)
        if header:
            current = header.group(1).replace('"', "")
            if current == section:
                header_line = number
            continue
        if key is not None and current == section and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
        if key is not None and section is None and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return header_line


STARTER = """\
# l10n project configuration. Every key is optional unless marked.
# Documentation: the README's "Configuration" section.

[project]
name = "{name}"
# The language the documents in source_dir are written in (a Babel/CLDR code).
source_language = "en"
# The languages to translate into. en-XA and ar-XB are pseudo-locales for
# layout testing (accented and longer; right-to-left).
locales = ["fr", "es", "ar"]
source_dir = "source"      # documents to translate: .txt, .md, .html, .docx, .odt, .srt, .vtt
locales_dir = "locales"    # <doc>.pot and <lang>/LC_MESSAGES/<doc>.po
dist_dir = "dist"          # built, localised documents
# "sentence": one catalog entry per sentence; "paragraph": one per block.
segmentation = "sentence"
# Glob patterns (relative to source_dir) of files or folders that are not documents.
exclude = []

[translate]
# Engines tried in this order for each language pair; the first that has it wins.
engines = ["argos", "apertium", "pivot"]
# Languages the "pivot" engine may go through when no engine has a pair;
# "*" stands for any other installed language. 'l10n engines evaluate' measures them all.
pivots = ["es", "en"]
beam_size = 4              # 1 is several times faster, a little worse
threads = 0                # 0: all cores
# glossary = "glossary.csv" # do-not-translate and preferred terms
# compendium = "compendium.po"  # translation memory reused before MT
# cluster = "tcp://scheduler:8786"  # translate on a Dask cluster's workers (pip install 'l10n[cluster]')

[build]
# "reviewed": publish only reviewed translations; "draft": machine ones too.
policy = "reviewed"
# Percentage of words reviewed below which a document is not published.
min_reviewed = 80
# base_url = "https://docs.example.org/"  # absolute hreflang links, as search engines want
# publish_pseudo = false    # pseudo-locales (en-XA, ar-XB) are for testing, not published

[checks]
# Check ids to switch off everywhere ('l10n check --list' shows them).
disable = []

[segmentation]
# The documents' own abbreviations, which never end a sentence: a list, or a
# file with one a line. Built-in rules per language: see the README.
# abbreviations.en = ["Approx.", "Cllr."]
# abbreviations.de = "abbreviations-de.txt"

# Catalogs another tool made (sphinx-intl, Django, pybabel), used in place
# instead of source_dir; {{locale}} is each locale's folder name:
# [catalogs]
# paths = ["docs/locales/{{locale}}/LC_MESSAGES/**/*.po"]
# template = "docs/_build/gettext/**/*.pot"

# Per-locale options:
# [locales.fr]
# engine = "pivot"         # argos, apertium, pivot, pseudo, or "none"
# pivot = "es"
# min_reviewed = 50
# checks_disabled = ["length"]
"""
