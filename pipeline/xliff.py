"""XLIFF 2.0 and 1.2: catalogs out to a CAT tool (Trados, memoQ, OmegaT, Phrase) and back.

``export`` writes one file per document and locale; review states travel as
the formats' own states::

    l10n state     XLIFF 2.0 <segment state>                 XLIFF 1.2 <target state>
    untranslated   initial                                   new
    machine        translated, subState="l10n:machine"       translated, state-qualifier="mt-suggestion"
    needs review   translated, subState="l10n:needs-review"  needs-review-translation
    reviewed       final                                     signed-off (approved="yes")

with ``msgctxt``, the extracted and translator comments, the source references
and the machine provenance as notes and contexts. Each unit remembers, as a
short hash, what the catalog held when it was exported: ``import_files`` then
knows whether a reviewer changed the entry meanwhile, and never lets an older
or unreviewed translation replace a reviewed one (it lists a conflict and
exits 1). Units are matched back by context and source text, so a catalog
updated in between still takes what still applies.

Plural entries are a group (``type="l10n:plurals"`` / ``restype="x-gettext-plurals"``)
of one unit per form, as Translate Toolkit's po2xliff writes them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from pipeline import catalog
from pipeline.config import Config
from pipeline.errors import L10nError
from pipeline.review import MACHINE, PREFIX, State, provenance, set_comment, state
from pipeline.xmlread import iterparse, text_of

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
OURS = "urn:x-l10n:xliff"
FORMATS = ("xliff2", "xliff12")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class XliffError(L10nError):
    """An XLIFF file cannot be read: not XML, not XLIFF, a version l10n does not read."""


@dataclass(frozen=True)
class Unit:
    """One entry as read back from XLIFF."""

    context: str | None
    source: str
    source_plural: str | None
    targets: tuple[str, ...]  # one, or one per plural form
    state: State
    provenance: str | None
    base: str | None  # the catalog entry's fingerprint at export, if l10n wrote the file
    line: int


@dataclass(frozen=True)
class Parsed:
    path: Path
    version: str
    source_language: str
    target_language: str
    original: str  # the document (``<file original>``)
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Conflict:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return str(L10nError(self.message, path=self.path, line=self.line))


@dataclass(frozen=True)
class Imported:
    xliff: Path
    catalog: Path
    applied: int
    unchanged: int
    conflicts: tuple[Conflict, ...]
    written: bool


# -- export -----------------------------------------------------------------------------------


def fingerprint(entry: polib.POEntry) -> str:
    """What the catalog held for an entry: its translations and review state, hashed."""
    forms = [entry.msgstr] if not entry.msgid_plural else [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    text = "\x00".join([state(entry).value, *forms])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def render(po: polib.POFile, form: str, source_language: str, target_language: str, original: str) -> bytes:
    """The XLIFF (``xliff2`` or ``xliff12``) of a catalog's active entries."""
    from lxml import etree

    if form == "xliff2":
        root = etree.Element(f"{{{XLIFF2}}}xliff", nsmap={None: XLIFF2, "l10n": OURS})  # type: ignore[dict-item]
        root.set("version", "2.0")
        root.set("srcLang", source_language)
        root.set("trgLang", target_language)
        body = etree.SubElement(root, f"{{{XLIFF2}}}file", id="f1", original=original)
        for number, entry in enumerate(_entries(po), start=1):
            _unit2(body, number, entry)
    else:
        root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12})  # type: ignore[dict-item]
        root.set("version", "1.2")
        file = etree.SubElement(root, f"{{{XLIFF12}}}file", original=original, datatype="po")
        file.set("source-language", source_language)
        file.set("target-language", target_language)
        file.set("tool-id", "l10n")
        header = etree.SubElement(file, f"{{{XLIFF12}}}header")
        etree.SubElement(header, f"{{{XLIFF12}}}tool", {"tool-id": "l10n", "tool-name": "l10n"})
        body = etree.SubElement(file, f"{{{XLIFF12}}}body")
        for number, entry in enumerate(_entries(po), start=1):
            _unit12(body, number, entry)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _entries(po: polib.POFile) -> Iterator[polib.POEntry]:
    return (e for e in po if e.msgid and not e.obsolete)


def _forms(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) per form: the msgid for form 0, the plural for the others."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    count = len(entry.msgstr_plural) or 2  # Japanese has one form, Arabic six
    return [(entry.msgid if i == 0 else entry.msgid_plural, entry.msgstr_plural.get(i, "")) for i in range(count)]


_STATE2 = {
    State.UNTRANSLATED: ("initial", None),
    State.MACHINE: ("translated", "l10n:machine"),
    State.NEEDS_REVIEW: ("translated", "l10n:needs-review"),
    State.REVIEWED: ("final", None),
}
_STATE12 = {
    State.UNTRANSLATED: "new",
    State.MACHINE: "translated",
    State.NEEDS_REVIEW: "needs-review-translation",
    State.REVIEWED: "signed-off",
}


def _unit2(parent: Any, number: int, entry: polib.POEntry) -> None:
    from lxml import etree

    current = state(entry)
    plural = bool(entry.msgid_plural)
    holder = parent
    if plural:
        holder = etree.SubElement(parent, f"{{{XLIFF2}}}group", id=f"g{number}", type="l10n:plurals")
    for index, (source, target) in enumerate(_forms(entry)):
        unit = etree.SubElement(holder, f"{{{XLIFF2}}}unit", id=f"u{number}" + (f"-{index}" if plural else ""))
        if plural:
            unit.set("name", str(index))
        unit.set(f"{{{OURS}}}base", fingerprint(entry))
        unit.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")  # a CAT tool must keep edge spaces
        notes = [
            ("context", entry.msgctxt),
            ("developer", entry.comment),
            ("translator", _own_comment(entry)),
            ("location", " ".join(f"{p}:{n}" if n else p for p, n in entry.occurrences)),
            ("provenance", provenance(entry) if current is State.MACHINE else None),
            ("previous-source", entry.previous_msgid),
        ]
        if any(text for _, text in notes):
            holder_notes = etree.SubElement(unit, f"{{{XLIFF2}}}notes")
            for category, text in notes:
                if text:
                    etree.SubElement(holder_notes, f"{{{XLIFF2}}}note", category=category).text = text
        segment = etree.SubElement(unit, f"{{{XLIFF2}}}segment")
        value, sub = _STATE2[current]
        segment.set("state", value)
        if sub:
            segment.set("subState", sub)
        etree.SubElement(segment, f"{{{XLIFF2}}}source").text = source
        if target:
            etree.SubElement(segment, f"{{{XLIFF2}}}target").text = target


def _unit12(parent: Any, number: int, entry: polib.POEntry) -> None:
    from lxml import etree

    current = state(entry)
    plural = bool(entry.msgid_plural)
    holder = parent
    if plural:
        holder = etree.SubElement(parent, f"{{{XLIFF12}}}group", id=f"g{number}", restype="x-gettext-plurals")
    for index, (source, target) in enumerate(_forms(entry)):
        unit = etree.SubElement(holder, f"{{{XLIFF12}}}trans-unit", id=f"u{number}" + (f"[{index}]" if plural else ""))
        unit.set("extradata", f"l10n-base:{fingerprint(entry)}")
        if current is State.REVIEWED:
            unit.set("approved", "yes")
        unit.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        etree.SubElement(unit, f"{{{XLIFF12}}}source").text = source
        element = etree.SubElement(unit, f"{{{XLIFF12}}}target", state=_STATE12[current])
        element.text = target
        if current is State.MACHINE:
            element.set("state-qualifier", "mt-suggestion")
        if entry.msgctxt is not None:
            group = etree.SubElement(unit, f"{{{XLIFF12}}}context-group", name="po-entry", purpose="information")
            etree.SubElement(group, f"{{{XLIFF12}}}context", {"context-type": "x-po-msgctxt"}).text = entry.msgctxt
        for where, line in entry.occurrences:
            group = etree.SubElement(unit, f"{{{XLIFF12}}}context-group", name="po-reference", purpose="location")
            etree.SubElement(group, f"{{{XLIFF12}}}context", {"context-type": "sourcefile"}).text = where
            if line:
                etree.SubElement(group, f"{{{XLIFF12}}}context", {"context-type": "linenumber"}).text = line
        for origin, text in (
            ("developer", entry.comment),
            ("translator", _own_comment(entry)),
            ("l10n-provenance", provenance(entry) if current is State.MACHINE else None),
        ):
            if text:
                etree.SubElement(unit, f"{{{XLIFF12}}}note", {"from": origin}).text = text


def _own_comment(entry: polib.POEntry) -> str:
    """The translator comment without l10n's own bookkeeping lines."""
    return "\n".join(line for line in (entry.tcomment or "").splitlines() if not line.strip().startswith(PREFIX))


def export(
    config: Config, locales: tuple[str, ...], docs: tuple[str, ...], form: str, output: Path
) -> list[tuple[Path, int]]:
    """``output/<locale>/<doc>.xlf`` for every catalog of ``locales`` (and ``docs``): (path, units)."""
    from pipeline.atomic import write_atomic
    from pipeline.status import documents

    if form not in FORMATS:
        raise XliffError(f"no XLIFF format named '{form}' (one of {', '.join(FORMATS)})")
    known = documents(config)
    for doc in docs:
        if doc not in known:
            raise L10nError(f"no document named '{doc}'", hint=f"known documents: {', '.join(known)}")
    written = []
    for code in locales:
        for doc in docs or tuple(known):
            path = config.po_path(code, doc)
            if not path.is_file():
                continue
            po = catalog.read(path)
            target = output / code / f"{doc}.xlf"
            write_atomic(target, render(po, form, config.source_language, code, doc))
            written.append((target, sum(len(_forms(e)) for e in _entries(po))))
    return written


# -- import -----------------------------------------------------------------------------------


def read(path: Path) -> Parsed:
    """An XLIFF 2.x or 1.2 file, streamed; raises XliffError with a line for anything else."""
    roots = {f"{{{XLIFF2}}}xliff": "2", f"{{{XLIFF12}}}xliff": "1.2"}
    state_: dict[str, Any] = {"files": 0}
    units: list[Unit] = []
    group: list[tuple[int, str | None, list[tuple[Any, int]]]] = []  # plural groups being read
    version = source_language = target_language = original = ""
    wanted = tuple(f"{{{ns}}}{name}" for ns in (XLIFF2, XLIFF12) for name in ("file", "group", "unit", "trans-unit"))
    for event, element in iterparse(path, roots, XliffError, "an XLIFF file", wanted):
        tag = element.tag
        if event == "start":
            if tag in roots:
                version = _version(path, element, roots[tag])
                source_language = element.get("srcLang", "")
                target_language = element.get("trgLang", "")
            elif tag in (f"{{{XLIFF2}}}file", f"{{{XLIFF12}}}file"):
                state_["files"] += 1
                if state_["files"] > 1:
                    raise XliffError(
                        "holds more than one <file>", path=path, line=element.sourceline, hint="import one per document"
                    )
                original = element.get("original", "")
                source_language = element.get("source-language", source_language)
                target_language = element.get("target-language", target_language)
            elif tag in (f"{{{XLIFF2}}}group", f"{{{XLIFF12}}}group"):
                plural = element.get("type") == "l10n:plurals" or element.get("restype") == "x-gettext-plurals"
                group.append((element.sourceline, "plural" if plural else None, []))
            continue
        if tag in (f"{{{XLIFF2}}}unit", f"{{{XLIFF12}}}trans-unit"):
            if group and group[-1][1] == "plural":
                group[-1][2].append((_read_unit(path, element, version), element.sourceline))
            else:
                units.append(_read_unit(path, element, version))
            _forget(element)
        elif tag in (f"{{{XLIFF2}}}group", f"{{{XLIFF12}}}group"):
            line, kind, forms = group.pop()
            if kind == "plural" and forms:
                units.append(_plural(path, line, [u for u, _ in forms]))
            _forget(element)
    if not source_language:
        raise XliffError("no source language (srcLang / source-language)", path=path, line=1)
    return Parsed(path, version, source_language, target_language, original, tuple(units))


def _version(path: Path, root: Any, family: str) -> str:
    """The version the root says, checked against its namespace (a file must not lie about it)."""
    said = str(root.get("version", ""))
    allowed = ("2.0", "2.1", "2.2") if family == "2" else ("1.2",)
    if said not in allowed:
        other = "1.2" if family == "2" else "2.x"
        hint = f"its namespace is XLIFF {family if family == '1.2' else '2.x'}'s"
        if said in (("1.2",) if family == "2" else ("2.0", "2.1", "2.2")):
            message = f'says version="{said}" but uses the XLIFF {family if family == "1.2" else "2"} namespace'
            hint = f"a {other} file must use the XLIFF {other} namespace; re-export it"
        else:
            message = f'XLIFF version "{said}" is not one l10n reads (2.0-2.2 and 1.2)'
        raise XliffError(message, path=path, line=root.sourceline, hint=hint)
    return said


def _forget(element: Any) -> None:
    """Free what was read: a huge file is held one unit at a time."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _read_unit(path: Path, element: Any, version: str) -> Unit:
    ns = XLIFF12 if version == "1.2" else XLIFF2
    line = element.sourceline or 0
    try:
        if version == "1.2":
            return _read12(element, ns, line)
        return _read2(element, ns, line)
    except ValueError as problem:
        raise XliffError(
            f"unit '{element.get('id', '?')}': {problem}",
            path=path,
            line=line,
            hint="l10n reads plain-text sources and targets; remove the inline markup or re-export",
        ) from None


def _read2(element: Any, ns: str, line: int) -> Unit:
    segments = element.findall(f"{{{ns}}}segment")
    if len(segments) != 1:
        raise ValueError(f"{len(segments)} segments (l10n writes and reads one per unit)")
    segment = segments[0]
    source_el = segment.find(f"{{{ns}}}source")
    if source_el is None:
        raise ValueError("no <source>")
    target_el = segment.find(f"{{{ns}}}target")
    target = text_of(target_el) if target_el is not None else ""
    notes = {n.get("category"): text_of(n) for n in element.iterfind(f"{{{ns}}}notes/{{{ns}}}note")}
    value, sub = segment.get("state", "initial"), segment.get("subState")
    if not target:
        found = State.UNTRANSLATED
    elif value in ("final", "reviewed"):
        found = State.REVIEWED
    elif sub == "l10n:machine":
        found = State.MACHINE
    else:
        found = State.NEEDS_REVIEW
    return Unit(
        notes.get("context"),
        text_of(source_el),
        None,
        (target,),
        found,
        notes.get("provenance"),
        element.get(f"{{{OURS}}}base"),
        line,
    )


def _read12(element: Any, ns: str, line: int) -> Unit:
    source_el = element.find(f"{{{ns}}}source")
    if source_el is None:
        raise ValueError("no <source>")
    target_el = element.find(f"{{{ns}}}target")
    target = text_of(target_el) if target_el is not None else ""
    value = target_el.get("state", "") if target_el is not None else ""
    qualifier = target_el.get("state-qualifier", "") if target_el is not None else ""
    context = None
    for node in element.iterfind(f"{{{ns}}}context-group/{{{ns}}}context"):
        if node.get("context-type") == "x-po-msgctxt":
            context = text_of(node)
    notes = {n.get("from"): text_of(n) for n in element.iterfind(f"{{{ns}}}note")}
    if not target:
        found = State.UNTRANSLATED
    elif value in ("signed-off", "final") or (element.get("approved") == "yes" and not value):
        # The state decides where there is one: Translate Toolkit sets approved="yes" on any unit given a target.
        found = State.REVIEWED
    elif qualifier in ("mt-suggestion", "leveraged-mt"):
        found = State.MACHINE
    else:
        found = State.NEEDS_REVIEW
    extradata = element.get("extradata", "")
    base = extradata.removeprefix("l10n-base:") if extradata.startswith("l10n-base:") else None
    return Unit(context, text_of(source_el), None, (target,), found, notes.get("l10n-provenance"), base, line)


def _plural(path: Path, line: int, forms: list[Unit]) -> Unit:
    """One plural entry from its group of per-form units; the least reviewed form's state is the entry's."""
    order = (State.UNTRANSLATED, State.NEEDS_REVIEW, State.MACHINE, State.REVIEWED)
    targets = tuple(u.targets[0] for u in forms)
    lowest = min((u.state for u in forms), key=order.index)
    if not all(targets):  # a form left empty: the entry is not translated yet
        lowest = State.UNTRANSLATED
    first = forms[0]
    plural_source = forms[1].source if len(forms) > 1 else first.source
    return Unit(first.context, first.source, plural_source, targets, lowest, first.provenance, first.base, line)


@dataclass
class _Merge:
    """Applying one XLIFF file's units to one catalog."""

    parsed: Parsed
    path: Path
    applied: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    def conflict(self, unit: Unit, message: str) -> None:
        self.conflicts.append(Conflict(self.parsed.path, unit.line, message))

    def apply(self, po: polib.POFile) -> None:
        entries = {(e.msgctxt, e.msgid): e for e in po if e.msgid and not e.obsolete}
        for unit in self.parsed.units:
            entry = entries.get((unit.context, unit.source))
            if entry is None:
                self.conflict(unit, f"source {unit.source[:60]!r} is not in {self.path.name} (any more)")
                continue
            if not any(unit.targets) or unit.state is State.UNTRANSLATED:
                self.unchanged += 1
                continue
            if bool(entry.msgid_plural) != (unit.source_plural is not None):
                self.conflict(unit, "a plural entry in one file and not in the other")
                continue
            self._one(entry, unit)

    def _one(self, entry: polib.POEntry, unit: Unit) -> None:
        current = state(entry)
        ours = list(unit.targets)
        theirs = (
            [entry.msgstr] if not entry.msgid_plural else [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        )
        if ours == theirs and unit.state is current:
            self.unchanged += 1
            return
        changed_since = unit.base is None or unit.base != fingerprint(entry)
        if current is State.REVIEWED and unit.state is not State.REVIEWED:
            self.conflict(unit, f"{_short(entry)} is reviewed in the catalog; the file's is only {unit.state.value}")
            return
        if changed_since and current is not State.UNTRANSLATED and unit.state is not State.REVIEWED:
            self.conflict(unit, f"{_short(entry)} changed in the catalog since the export; not replaced")
            return
        if changed_since and current is State.REVIEWED and ours != theirs:
            self.conflict(unit, f"{_short(entry)} was reviewed in the catalog since the export, differently")
            return
        if unit.state is State.MACHINE and any(theirs) and ours != theirs:
            unit = dataclasses.replace(unit, state=State.NEEDS_REVIEW)  # a person edited the machine's text
        if entry.msgid_plural:
            if len(ours) != len(theirs):
                self.conflict(unit, f"{len(ours)} plural forms, the catalog has {len(theirs)}")
                return
            entry.msgstr_plural = dict(enumerate(ours))
        else:
            entry.msgstr = ours[0]
        _set_state(entry, unit, self.parsed.path.name)
        self.applied += 1


def _short(entry: polib.POEntry) -> str:
    text = entry.msgid if len(entry.msgid) <= 40 else entry.msgid[:39] + "…"
    return f"{text!r}"


def _set_state(entry: polib.POEntry, unit: Unit, origin: str) -> None:
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    lines = [line for line in (entry.tcomment or "").splitlines() if not line.strip().startswith(MACHINE)]
    entry.tcomment = "\n".join(lines)
    if unit.state is State.REVIEWED:
        entry.previous_msgid = None
        entry.previous_msgctxt = None
    else:
        entry.flags.insert(0, "fuzzy")
        if unit.state is State.MACHINE:
            set_comment(entry, "machine", unit.provenance or f"(from {origin})")


def import_files(config: Config | None, paths: list[Path], catalogs: dict[Path, Path] | None = None) -> list[Imported]:
    """Merge each XLIFF file into its catalog: the project's ``<locale>``/``<original>``, or ``catalogs[path]``.

    Every file is read whole before any catalog is touched; a file that cannot
    be read stops the run with nothing written.
    """
    parsed = [read(path) for path in paths]
    results = []
    for item in parsed:
        target = (catalogs or {}).get(item.path) or _catalog_for(config, item)
        merge = _Merge(item, target)

        def change(po: polib.POFile | None, merge: _Merge = merge) -> polib.POFile | None:
            assert po is not None  # edit() raises for a missing catalog
            merge.applied, merge.unchanged, merge.conflicts = 0, 0, []  # a retry starts from the file as it is now
            merge.apply(po)
            if not merge.applied:
                return None
            po.metadata["PO-Revision-Date"] = catalog.now()
            return po

        written = catalog.edit(target, change)
        results.append(Imported(item.path, target, merge.applied, merge.unchanged, tuple(merge.conflicts), written))
    return results


def _catalog_for(config: Config | None, item: Parsed) -> Path:
    if config is None:
        raise XliffError(
            "no project here to import into", path=item.path, hint="run it in the project folder (or -C DIR)"
        )
    code = next(
        (c for c in config.locales if c.replace("_", "-").lower() == item.target_language.replace("_", "-").lower()),
        None,
    )
    if code is None:
        raise XliffError(
            f"target language '{item.target_language}' is not one of the project's locales "
            f"({', '.join(config.locales)})",
            path=item.path,
            line=1,
        )
    path = config.po_path(code, item.original)
    if not item.original or not path.is_file():
        raise XliffError(
            f"no catalog for document '{item.original}' in {code}",
            path=item.path,
            line=1,
            hint="the <file original> names the document it was exported from",
        )
    return path
