"""TMX 1.4b translation memories: the project's reviewed work out, a CAT tool's memory in.

``export`` writes one ``<tu>`` per source text (and ``msgctxt``) with a
``<tuv>`` per locale, language codes in BCP 47 (``pt-BR``, ``sr-Latn``),
reviewed translations only unless asked for every translation. ``import_tmx``
turns a memory into a compendium per locale, ``tm/<locale>.po`` in the
project, which :mod:`pipeline.translate` consults (exact matches, before any
engine) like the project's own catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import polib

from pipeline import catalog
from pipeline.config import Config
from pipeline.errors import L10nError
from pipeline.review import State, state
from pipeline.xmlread import iterparse, text_of

_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TM_FOLDER = "tm"
_VERSIONS = ("1.1", "1.2", "1.3", "1.4")


class TmxError(L10nError):
    """A TMX file cannot be read: not XML, not TMX, or not a version l10n reads."""


@dataclass(frozen=True)
class Exported:
    path: Path
    units: int  # <tu> written
    translations: int  # <tuv> in the target languages
    plurals: int  # plural entries left out (TMX has no plural forms)


@dataclass(frozen=True)
class Imported:
    locale: str
    compendium: Path
    added: int
    unchanged: int


@dataclass(frozen=True)
class ImportReport:
    units: int  # <tu> read
    skipped: int  # without the source language, or with inline codes
    locales: tuple[Imported, ...]


def bcp47(code: str) -> str:
    """A gettext or Babel locale code as a BCP 47 tag: ``pt_BR`` -> ``pt-BR``, ``sr@latin`` -> ``sr-Latn``."""
    base, _, modifier = code.partition("@")
    tag = base.replace("_", "-")
    scripts = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "devanagari": "Deva"}
    if modifier in scripts:
        tag += "-" + scripts[modifier]
    elif modifier:
        tag += "-" + modifier if 5 <= len(modifier) <= 8 else "-x-" + modifier[:8]
    return tag


def same_language(tag: str, code: str) -> bool:
    """Whether a memory's ``tag`` is the project's ``code``: the same, or ``code`` is a bare language of it.

    A memory in ``en-US`` serves a project in ``en``, and ``es-ES`` one in ``es``;
    ``pt-PT`` never serves ``pt-BR``.
    """
    tag, code = bcp47(tag).lower(), bcp47(code).lower()
    return tag == code or ("-" not in code and tag.split("-")[0] == code)


def export(config: Config, locales: tuple[str, ...], path: Path, *, every_translation: bool = False) -> Exported:
    """Write the chosen locales' translations to ``path`` as TMX 1.4b."""
    from lxml import etree

    from pipeline.atomic import write_atomic
    from pipeline.status import documents

    wanted = {State.REVIEWED} | ({State.MACHINE, State.NEEDS_REVIEW} if every_translation else set())
    units: dict[tuple[str | None, str], dict[str, tuple[str, State]]] = {}
    plurals = 0
    for code in locales:
        for doc in documents(config):
            po_path = config.po_path(code, doc)
            if not po_path.is_file():
                continue
            for entry in catalog.read(po_path):
                if entry.obsolete or not entry.msgid:
                    continue
                found = state(entry)
                if found not in wanted:
                    continue
                if entry.msgid_plural:
                    plurals += 1
                    continue
                units.setdefault((entry.msgctxt, entry.msgid), {}).setdefault(code, (entry.msgstr, found))
    root = etree.Element("tmx", version="1.4")
    version = metadata.version("l10n")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": "l10n",
            "creationtoolversion": version,
            "segtype": "sentence",
            "o-tmf": "PO",
            "adminlang": "en",
            "srclang": bcp47(config.source_language),
            "datatype": "plaintext",
            "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        },
    )
    body = etree.SubElement(root, "body")
    translations = 0
    for (context, source), targets in units.items():
        tu = etree.SubElement(body, "tu")
        if context is not None:
            etree.SubElement(tu, "prop", type="x-context").text = context
        tuv = etree.SubElement(tu, "tuv", {_LANG: bcp47(config.source_language)})
        etree.SubElement(tuv, "seg").text = source
        for code, (text, found) in sorted(targets.items()):
            tuv = etree.SubElement(tu, "tuv", {_LANG: bcp47(code)})
            if found is not State.REVIEWED:
                etree.SubElement(tuv, "prop", type="x-l10n-state").text = found.value
            etree.SubElement(tuv, "seg").text = text
            translations += 1
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    write_atomic(path, bytes(data))
    return Exported(path, len(units), translations, plurals)


@dataclass(frozen=True)
class _Unit:
    context: str | None
    seg: dict[str, tuple[str, bool]]  # BCP 47 tag -> (text, reviewed)


def read(path: Path, source_language: str) -> tuple[list[_Unit], int]:
    """The translation units of a TMX file (streamed), and how many were skipped."""
    units: list[_Unit] = []
    skipped = 0
    version = ""
    source = bcp47(source_language)
    for event, element in iterparse(path, {"tmx": "tmx"}, TmxError, "a TMX file", ("header", "tu")):
        if event == "start":
            if element.tag == "tmx":
                version = _version(path, element)
            elif element.tag == "header":
                declared = element.get("srclang", "")
                if declared and declared != "*all*" and not same_language(declared, source):
                    raise TmxError(
                        f"the memory's source language is {declared}, the project's {source}",
                        path=path,
                        line=element.sourceline,
                        hint="import a memory made from the project's source language",
                    )
            continue
        if element.tag != "tu":
            continue
        try:
            unit = _unit(path, element, version)
        except ValueError:
            unit = None  # inline codes (<ph>, <bpt>…): an exact match for a plain-text msgid cannot come from it
        if unit is None or not any(same_language(tag, source) for tag in unit.seg):
            skipped += 1
        else:
            units.append(unit)
        element.clear()
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]
    return units, skipped


def _version(path: Path, root: Any) -> str:
    said = str(root.get("version", ""))
    if said not in _VERSIONS:
        raise TmxError(
            f'TMX version "{said}" is not one l10n reads (1.1 to 1.4b)',
            path=path,
            line=root.sourceline,
            hint='TMX 1.4b files say version="1.4"',
        )
    return said


def _unit(path: Path, element: Any, version: str) -> _Unit | None:
    context = None
    for prop in element.iterfind("prop"):
        if prop.get("type") == "x-context":
            context = text_of(prop)
    found: dict[str, tuple[str, bool]] = {}
    for tuv in element.iterfind("tuv"):
        lang = tuv.get(_LANG)
        if lang is None:
            lang = tuv.get("lang")
            if lang is not None and version == "1.4":
                raise TmxError(
                    'says version="1.4" but a <tuv> has TMX 1.1\'s lang attribute instead of xml:lang',
                    path=path,
                    line=tuv.sourceline,
                    hint="fix the version or the attribute; nothing was imported",
                )
        seg = tuv.find("seg")
        if lang is None or seg is None:
            raise TmxError("a <tuv> without xml:lang or <seg>", path=path, line=tuv.sourceline)
        reviewed = not any(p.get("type") == "x-l10n-state" for p in tuv.iterfind("prop"))
        found[lang] = (text_of(seg), reviewed)
    return _Unit(context, found)


def compendium_path(config: Config, code: str) -> Path:
    return config.root / TM_FOLDER / f"{bcp47(code)}.po"


def import_tmx(config: Config, path: Path) -> ImportReport:
    """Add a memory's translations into each project locale's compendium ``tm/<locale>.po``.

    The whole file is read before any compendium is written. A source text
    already in a compendium keeps its translation (the first one imported).
    """
    units, skipped = read(path, config.source_language)
    source = bcp47(config.source_language)
    results = []
    for code in config.locales:
        pairs: list[tuple[str | None, str, str, bool]] = []
        for unit in units:
            src = next(text for tag, (text, _) in unit.seg.items() if same_language(tag, source))
            target = next((value for tag, value in unit.seg.items() if same_language(tag, code)), None)
            if target is not None and target[0] and src:
                pairs.append((unit.context, src, target[0], target[1]))
        if not pairs:
            continue
        target_path = compendium_path(config, code)
        counts = {"added": 0, "unchanged": 0}

        def change(
            po: polib.POFile | None,
            pairs: list[tuple[str | None, str, str, bool]] = pairs,
            counts: dict[str, int] = counts,
            code: str = code,
        ) -> polib.POFile:
            counts["added"] = counts["unchanged"] = 0
            if po is None:
                po = polib.POFile(wrapwidth=catalog.WRAP_WIDTH)
                po.metadata = {
                    "Project-Id-Version": f"{config.name} translation memory",
                    "Language": code.replace("-", "_"),
                    "MIME-Version": "1.0",
                    "Content-Type": "text/plain; charset=UTF-8",
                    "Content-Transfer-Encoding": "8bit",
                }
            known = {(e.msgctxt, e.msgid) for e in po}
            for context, src, text, reviewed in pairs:
                if (context, src) in known:
                    counts["unchanged"] += 1
                    continue
                known.add((context, src))
                entry = polib.POEntry(msgid=src, msgstr=text, msgctxt=context, tcomment=f"l10n: tm {path.name}")
                if not reviewed:
                    entry.flags.append("fuzzy")
                    entry.tcomment += f"\nl10n: memory {path.name}"
                po.append(entry)
                counts["added"] += 1
            return po

        catalog.edit(target_path, change, create=True)
        results.append(Imported(code, target_path, counts["added"], counts["unchanged"]))
    return ImportReport(len(units) + skipped, skipped, tuple(results))
