"""Word documents (``.docx``, Office Open XML), read with zipfile and lxml.

Translated: the paragraphs of the body, tables, text boxes, headers, footers,
footnotes and endnotes, and the document's title and description
(``docProps/core.xml``). Comments, settings, images and every other part are
copied as they are.

A Word paragraph is a row of runs, each with its own formatting; spell-check
marks (``w:proofErr``), revision marks (``w:ins``) and editing sessions cut one
sentence into many runs. Runs with the same formatting are read as one piece
of text. The formatting most of the paragraph's text has is the paragraph's
own; runs formatted otherwise (bold, italic, another style) become paired tags
``<1>…</1>``, links (``w:hyperlink``, a ``HYPERLINK`` field) paired tags around
their text; other fields (page numbers, dates, ``w:fldSimple`` and ``w:fldChar`` … ``end``), tabs,
breaks, pictures, text boxes and note references standalone tags ``<2/>``.
Deleted text (``w:del``) is left out of the translation: a translated
paragraph shows the text as accepted. Bookmarks and comment anchors inside a
translated paragraph move to its start.
"""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING, cast

from pipeline.errors import SourceError
from pipeline.formats import register
from pipeline.formats.package import (
    Inline,
    Node,
    PackageFormat,
    Table,
    parse_xml,
    plain_text,
    read_member,
)

if TYPE_CHECKING:
    from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAIN = "word/document.xml"
CORE = "docProps/core.xml"
_PARTS = re.compile(r"^(?:.*/)?(header\d*|footer\d*|footnotes|endnotes)\.xml$")
OFFICE_DOCUMENT = "/officeDocument"  # the end of the main part's relationship type
TRANSPARENT = {"ins", "moveTo", "customXml", "smartTag", "dir", "bdo"}
DROPPED = {"del", "moveFrom", "proofErr", "lastRenderedPageBreak"}
MARKERS = {
    "bookmarkStart",
    "bookmarkEnd",
    "commentRangeStart",
    "commentRangeEnd",
    "permStart",
    "permEnd",
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
}
# Run properties that say nothing about how text looks: not a reason for a tag.
_NEUTRAL = {"lang", "noProof", "rtl", "cs", "webHidden", "specVanish"}
_RUN_PIECES = {
    "tab": "tab",
    "br": "line break",
    "cr": "line break",
    "sym": "symbol",
    "drawing": "picture or shape",
    "pict": "picture or shape",
    "AlternateContent": "picture or shape",
    "object": "embedded object",
    "footnoteReference": "footnote reference",
    "endnoteReference": "endnote reference",
    "commentReference": "comment anchor",
    "sdt": "content control",
    "oMath": "equation",
    "oMathPara": "equation",
}
_FORMATTING = {
    "b": "bold",
    "i": "italic",
    "u": "underline",
    "strike": "strikethrough",
    "dstrike": "strikethrough",
    "caps": "capitals",
    "smallCaps": "small capitals",
    "color": "colour",
    "highlight": "highlight",
    "sz": "size",
    "rFonts": "font",
    "vertAlign": "superscript/subscript",
    "rStyle": "style",
    "shd": "shading",
}


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _key(rpr: etree._Element | None) -> str:
    """The formatting a run's properties give, ignoring language and proofing."""
    if rpr is None:
        return ""
    from lxml import etree

    kept = [child for child in rpr if _local(child) not in _NEUTRAL and _local(child) != "rPrChange"]
    return "".join(sorted(etree.tostring(child, encoding="unicode") for child in kept))


def _describe(rpr: etree._Element | None) -> str:
    if rpr is None:
        return "plain"
    found = []
    for child in rpr:
        name = _local(child)
        if name == "rStyle":
            found.append(f"style {child.get(W + 'val')}")
        elif name in _FORMATTING and child.get(W + "val") not in ("0", "false", "none"):
            found.append(_FORMATTING[name])
    return ", ".join(dict.fromkeys(found)) or "formatting"


class _Walk:
    """A paragraph's inline content as items, in document order."""

    def __init__(self) -> None:
        self.items: list[Inline] = []
        self.field: list[etree._Element] | None = None
        self.depth = 0

    def container(self, element: etree._Element) -> None:
        base = _key(_dominant(element))
        for child in element:
            self.child(child, base)
        self._end_field()

    def child(self, child: etree._Element, base: str) -> None:
        name = _local(child)
        if name in ("pPr", "rPr") or not name:
            return
        if self.field is not None and name == "r":
            self._field_run(child)
        elif name == "r":
            self.run(child, base)
        elif name == "hyperlink":
            self._end_field()
            target = child.get(R + "id") or child.get(W + "anchor") or ""
            inner = _dominant(child)
            self.items.append(Inline("open", kind="link", element=child, extra=inner, detail=f"link {target}".strip()))
            inner_key = _key(inner)
            for grandchild in child:
                self.child(grandchild, inner_key)
            self._end_field()
            self.items.append(Inline("close"))
        elif name in TRANSPARENT:
            for grandchild in child:
                self.child(grandchild, base)
        elif name in DROPPED:
            self.items.append(Inline("drop", element=child))
        elif name in MARKERS:
            self.items.append(Inline("marker", element=child))
        else:
            self._end_field()
            detail = _field_code(child) if name == "fldSimple" else f"w:{name}"
            kind = "field" if name == "fldSimple" else _RUN_PIECES.get(name, name)
            self.items.append(Inline("empty", kind=kind, element=child, detail=detail))

    def run(self, run: etree._Element, base: str) -> None:
        if run.find(f"{W}fldChar[@{W}fldCharType='begin']") is not None:
            # A field starts here: this run and the ones to its end are one standalone tag.
            self._end_field()
            self.field, self.depth = [], 0
            self._field_run(run)
            return
        rpr = run.find(W + "rPr")
        key = _key(rpr)
        wrapped = key != base
        if wrapped:
            self.items.append(Inline("open", kind="formatting", element=rpr, extra=key, detail=_describe(rpr)))
        for piece in run:
            name = _local(piece)
            if name in ("rPr", "lastRenderedPageBreak", "proofErr"):
                continue
            if name == "t":
                self.items.append(Inline("text", piece.text or ""))
            elif name == "noBreakHyphen":
                self.items.append(Inline("text", "\u2011"))
            elif name == "softHyphen":
                self.items.append(Inline("text", "\u00ad"))
            else:
                kind = _RUN_PIECES.get(name, name)
                self.items.append(Inline("empty", kind=kind, element=piece, extra=("run", rpr), detail=f"w:{name}"))
        if wrapped:
            self.items.append(Inline("close", extra=key))

    def _field_run(self, run: etree._Element) -> None:
        assert self.field is not None
        self.field.append(run)
        for piece in run:
            self._count(piece)
            if self.field is None:
                break

    def _count(self, piece: etree._Element) -> None:
        if _local(piece) == "fldChar":
            kind = piece.get(W + "fldCharType")
            self.depth += 1 if kind == "begin" else -1 if kind == "end" else 0
            if self.depth == 0:
                self._end_field()

    def _end_field(self) -> None:
        if self.field is not None:
            runs = self.field
            self.field = None
            code = " ".join("".join(t.text or "" for t in r.iter(W + "instrText")) for r in runs).split()
            parts = _link_field(runs, code)
            if parts is None:
                self.items.append(Inline("empty", kind="field", element=runs, detail=" ".join(code[:2]) or "field"))
                return
            # A HYPERLINK field: its shown text is read like a w:hyperlink's, the field code around it a tag.
            opening, shown, closing = parts
            base = _dominant_of(shown)
            target = code[-1].strip('"') if len(code) > 1 else ""
            self.items.append(
                Inline("open", kind="link", element=(opening, closing), extra=base, detail=f"link {target}".strip())
            )
            for run in shown:
                self.run(run, _key(base))
            self.items.append(Inline("close"))


def _link_field(
    runs: list[etree._Element], code: list[str]
) -> tuple[list[etree._Element], list[etree._Element], list[etree._Element]] | None:
    """A simple HYPERLINK field (begin, code, separate, shown runs, end) cut in three; None for any other field."""
    if not code or code[0].upper() != "HYPERLINK":
        return None
    marks = [[f.get(W + "fldCharType") for f in run.iter(W + "fldChar")] for run in runs]
    separate = [i for i, found in enumerate(marks) if found == ["separate"]]
    if (
        len(separate) != 1
        or marks[0] != ["begin"]
        or marks[-1] != ["end"]
        or any(found for found in marks[1 : separate[0]])
        or any(found for found in marks[separate[0] + 1 : -1])
        or separate[0] + 1 >= len(runs) - 1
    ):
        return None
    return runs[: separate[0] + 1], runs[separate[0] + 1 : -1], runs[-1:]


def _field_code(element: etree._Element) -> str:
    return " ".join((element.get(W + "instr") or "field").split()[:2])


def _dominant_of(runs: list[etree._Element]) -> etree._Element | None:
    """The run properties most of these runs' text has."""
    totals: dict[str, int] = {}
    first: dict[str, etree._Element | None] = {}
    for run in runs:
        rpr = run.find(W + "rPr")
        key = _key(rpr)
        totals[key] = totals.get(key, 0) + sum(len(t.text or "") for t in run.findall(W + "t"))
        first.setdefault(key, rpr)
    return first[max(totals, key=lambda k: totals[k])] if totals else None


def _dominant(container: etree._Element) -> etree._Element | None:
    """The run properties most of the container's own text has (not counting text inside links and fields)."""
    totals: dict[str, int] = {}
    first: dict[str, etree._Element | None] = {}
    stack = list(container)
    depth = 0  # inside a field (fldChar begin ... end): its shown text is a link's or generated
    while stack:
        child = stack.pop(0)
        name = _local(child)
        if name == "r":
            marks = [f.get(W + "fldCharType") for f in child.iter(W + "fldChar")]
            inside = depth > 0 or "begin" in marks
            depth = max(0, depth + marks.count("begin") - marks.count("end"))
            if inside:
                continue
            rpr = child.find(W + "rPr")
            key = _key(rpr)
            totals[key] = totals.get(key, 0) + sum(len(t.text or "") for t in child.findall(W + "t"))
            first.setdefault(key, rpr)
        elif name in TRANSPARENT:
            stack[:0] = list(child)
    if not totals:
        return None
    best = max(totals, key=lambda k: (totals[k], -list(totals).index(k)))
    return first[best]


def _merge(items: list[Inline]) -> list[Inline]:
    """A formatting tag closed and opened again at once (same formatting, split runs) is one tag."""
    out: list[Inline] = []
    for item in items:
        if (
            item.role == "open"
            and item.kind == "formatting"
            and out
            and out[-1].role == "close"
            and out[-1].extra is not None
            and out[-1].extra == item.extra
        ):
            out.pop()
            continue
        out.append(item)
    return out


class DocxDialect:
    name = "docx"
    what = "Word document"

    def identify(self, archive: zipfile.ZipFile, path: str) -> None:
        names = set(archive.namelist())
        if _main(archive, path) in names:
            return
        if "content.xml" in names or "mimetype" in names:
            raise SourceError(
                "not a Word document: this is an OpenDocument file",
                path=path,
                hint="rename it with its own suffix (.odt)",
            )
        raise SourceError(f"not a Word document: the archive has no {MAIN}", path=path)

    def members(self, archive: zipfile.ZipFile, path: str) -> list[str]:
        names = archive.namelist()
        main = _main(archive, path)
        folder = main.rpartition("/")[0]
        found = [main, *sorted(n for n in names if n.rpartition("/")[0] == folder and _PARTS.match(n))]
        found += [n for n in (CORE, f"{folder}/styles.xml", f"{folder}/settings.xml") if n in names]
        return found

    def paragraphs(self, member: str, root: etree._Element) -> list[tuple[etree._Element, str]]:
        if member == CORE:
            return [(e, f"document {_local(e)}") for e in root if e.tag in (DC + "title", DC + "description")]
        if member.endswith(("/styles.xml", "/settings.xml")):
            return []
        part = _PARTS.match(member)
        where = re.sub(r"\d+$", "", part.group(1)).rstrip("s") if part else ""
        found = []
        for paragraph in root.iter(W + "p"):
            found.append((paragraph, _kind(paragraph, where)))
        return found

    def inline(self, paragraph: etree._Element) -> list[Inline]:
        if paragraph.tag != W + "p":
            return [Inline("text", paragraph.text or "")]
        walk = _Walk()
        walk.container(paragraph)
        return _merge(walk.items)

    def rebuild(
        self, paragraph: etree._Element, items: list[Inline], nodes: list[Node], table: Table, rtl: bool
    ) -> None:
        if paragraph.tag != W + "p":
            paragraph.text = "".join(plain_text(nodes, table))
            return
        base = _dominant(paragraph)
        markers = [item.element for item in items if item.role == "marker"]
        ppr = paragraph.find(W + "pPr")
        for child in list(paragraph):
            if child is not ppr:
                paragraph.remove(child)
        if rtl:
            ppr = _ensure(paragraph, ppr, "pPr", 0)
            if ppr.find(W + "bidi") is None:
                ppr.append(paragraph.makeelement(W + "bidi", {}))
        for marker in markers:
            paragraph.append(_element(marker))
        _emit(paragraph, nodes, base, table, rtl)

    def set_language(self, member: str, root: etree._Element, code: str, rtl: bool) -> bool:
        """``w:lang`` (and ``w:bidi`` for right-to-left scripts) of the defaults and styles, and ``dc:language``.

        Runs of the body are left alone: a translated run has no ``w:lang`` of
        its own (it takes the default), an untranslated one keeps its source
        language, so a spelling checker does not read English as Spanish.
        """
        changed = False
        if not member.endswith(("/styles.xml", "/settings.xml")) and member != CORE:
            return False
        if member == CORE:
            language = root.find(DC + "language")
            if language is None:
                language = root.makeelement(DC + "language", {})
                root.append(language)
            language.text = code
            return True
        if member.endswith("/styles.xml"):
            defaults = root.find(f"{W}docDefaults")
            if defaults is None:
                defaults = root.makeelement(W + "docDefaults", {})
                root.insert(0, defaults)
            rpr_default = _child(defaults, "rPrDefault", 0)
            rpr = _child(rpr_default, "rPr", 0)
            _child(rpr, "lang", len(rpr))
            changed = True
        for lang in root.iter(W + "lang", W + "themeFontLang"):
            lang.set(W + "val", code)
            if rtl:
                lang.set(W + "bidi", code)
            changed = True
        return changed


def _main(archive: zipfile.ZipFile, path: str) -> str:
    """The main document part: where the package's relationships say it is (``word/document.xml`` nearly always)."""
    names = set(archive.namelist())
    if MAIN in names or "_rels/.rels" not in names:
        return MAIN
    relationships = parse_xml(read_member(archive, "_rels/.rels", path), "_rels/.rels", path)
    for relationship in relationships:
        if (relationship.get("Type") or "").endswith(OFFICE_DOCUMENT):
            target = (relationship.get("Target") or "").lstrip("/")
            if target in names:
                return target
    return MAIN


def _child(parent: etree._Element, name: str, at: int) -> etree._Element:
    found = parent.find(W + name)
    if found is None:
        found = parent.makeelement(W + name, {})
        parent.insert(at, found)
    return found


def _ensure(paragraph: etree._Element, ppr: etree._Element | None, name: str, at: int) -> etree._Element:
    return ppr if ppr is not None else _child(paragraph, name, at)


def _kind(paragraph: etree._Element, where: str) -> str:
    ancestors = {_local(a) for a in paragraph.iterancestors()}
    if "txbxContent" in ancestors:
        return "text box"
    if where in ("footnote", "endnote", "header", "footer"):
        return where
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    name = (style.get(W + "val") or "") if style is not None else ""
    if "tc" in ancestors:
        return "table cell"
    if name.lower().startswith("heading"):
        return "heading"
    if name.lower() in ("title", "subtitle"):
        return name.lower()
    if paragraph.find(f"{W}pPr/{W}numPr") is not None or name.lower().startswith("list"):
        return "list item"
    return "paragraph"


def _run(parent: etree._Element, rpr: etree._Element | None, rtl: bool) -> etree._Element:
    from copy import deepcopy

    run = parent.makeelement(W + "r", {})
    if rpr is not None:
        copied = deepcopy(rpr)
        for lang in copied.findall(W + "lang"):
            copied.remove(lang)  # the source's language: the translation takes the document's default
        run.append(copied)
    if rtl:
        props = run.find(W + "rPr")
        if props is None:
            props = run.makeelement(W + "rPr", {})
            run.insert(0, props)
        if props.find(W + "rtl") is None:
            props.append(run.makeelement(W + "rtl", {}))
    parent.append(run)
    return run


_HYPHENS = {"\u2011": "noBreakHyphen", "\u00ad": "softHyphen"}


def _text(parent: etree._Element, text: str, rpr: etree._Element | None, rtl: bool) -> None:
    """A run of text; non-breaking and soft hyphens (read as characters) become Word's elements again."""
    if not text:
        return
    run = _run(parent, rpr, rtl)
    for piece in re.split("([\u2011\u00ad])", text):
        if piece in _HYPHENS:
            run.append(run.makeelement(W + _HYPHENS[piece], {}))
        elif piece:
            t = run.makeelement(W + "t", {})
            t.text = piece
            if piece != piece.strip() or "  " in piece:
                t.set(XML_SPACE, "preserve")
            run.append(t)


def _emit(parent: etree._Element, nodes: list[Node], rpr: etree._Element | None, table: Table, rtl: bool) -> None:
    for node in nodes:
        if node.number == 0:
            _text(parent, node.text, rpr, rtl)
            continue
        item = table.get(node.number)
        if isinstance(item, str) or item is None:
            _text(parent, item or "", rpr, rtl)
        elif item.role == "open" and item.kind == "formatting":
            _emit(parent, node.children, _optional(item.element), table, rtl)
        elif item.role == "open" and isinstance(item.element, tuple):  # a HYPERLINK field around its text
            opening, closing = item.element
            parent.extend(opening)
            _emit(parent, node.children, _optional(item.extra), table, rtl)
            parent.extend(closing)
        elif item.role == "open":
            element = _element(item.element)
            shell = element.makeelement(element.tag, {str(k): str(v) for k, v in element.attrib.items()})
            parent.append(shell)
            _emit(shell, node.children, _optional(item.extra), table, rtl)
        elif isinstance(item.element, list):
            for run in item.element:
                parent.append(_element(run))
        elif isinstance(item.extra, tuple):
            _run(parent, _optional(item.extra[1]), rtl).append(_element(item.element))
        else:
            parent.append(_element(item.element))


def _element(value: object) -> etree._Element:
    return cast("etree._Element", value)


def _optional(value: object) -> etree._Element | None:
    return None if value is None else _element(value)


class DocxFormat(PackageFormat):
    name = "docx"
    suffixes: tuple[str, ...] = (".docx",)
    dialect = DocxDialect()


register(DocxFormat())
