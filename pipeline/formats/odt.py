"""OpenDocument text (``.odt``), read with zipfile and lxml.

Translated: paragraphs and headings (``text:p``, ``text:h``) of the body,
lists, tables, text boxes, footnotes and endnotes (``content.xml``), of the
page headers and footers (``styles.xml``), and the document's title and
description (``meta.xml``). Comments (``office:annotation``) and tracked
changes' deleted text are left alone.

Inside a paragraph, ``text:span`` (a character style) and ``text:a`` (a link)
become paired tags ``<1>…</1>``; tabs, line breaks, runs of spaces, notes,
frames and fields (page numbers, dates…) standalone tags ``<2/>``.
Bookmarks, reference marks and comment anchors inside a translated paragraph
move to its start. LibreOffice does not split a sentence into many spans
the way Word splits runs, but two neighbouring spans of the same style are
still read as one.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING, cast

from pipeline.errors import SourceError
from pipeline.formats import register
from pipeline.formats.package import Inline, Node, PackageFormat, Table, plain_text, read_member

if TYPE_CHECKING:
    from lxml import etree

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
DC = "{http://purl.org/dc/elements/1.1/}"
MIMETYPE = "application/vnd.oasis.opendocument.text"
MARKERS = {
    "bookmark",
    "bookmark-start",
    "bookmark-end",
    "reference-mark",
    "reference-mark-start",
    "reference-mark-end",
    "annotation",
    "annotation-end",
    "change",
    "change-start",
    "change-end",
    "toc-mark",
    "toc-mark-start",
    "toc-mark-end",
    "alphabetical-index-mark",
    "alphabetical-index-mark-start",
    "alphabetical-index-mark-end",
    "soft-page-break",
}
KINDS = {"tab": "tab", "line-break": "line break", "s": "spaces", "note": "note", "frame": "frame or picture"}
_SKIPPED = {OFFICE + "annotation", TEXT + "tracked-changes"}


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _element(value: object) -> etree._Element:
    return cast("etree._Element", value)


class OdtDialect:
    name = "odt"
    what = "OpenDocument text"

    def identify(self, archive: zipfile.ZipFile, path: str) -> None:
        names = set(archive.namelist())
        if "word/document.xml" in names:
            raise SourceError(
                "not an OpenDocument text: this is a Word document",
                path=path,
                hint="rename it with its own suffix (.docx)",
            )
        if "content.xml" not in names:
            raise SourceError("not an OpenDocument text: the archive has no content.xml", path=path)
        if "mimetype" in names:
            kind = read_member(archive, "mimetype", path)[:100].decode("ascii", "replace").strip()
            if kind != MIMETYPE:
                raise SourceError(
                    f"not an OpenDocument text: its mimetype is '{kind}'",
                    path=path,
                    hint="only text documents (.odt) are read, not spreadsheets or presentations",
                )

    def members(self, archive: zipfile.ZipFile, path: str) -> list[str]:
        names = set(archive.namelist())
        return [n for n in ("content.xml", "styles.xml", "meta.xml") if n in names]

    def paragraphs(self, member: str, root: etree._Element) -> list[tuple[etree._Element, str]]:
        if member == "meta.xml":
            meta = root.find(OFFICE + "meta")
            if meta is None:
                return []
            return [(e, f"document {_local(e)}") for e in meta if e.tag in (DC + "title", DC + "description")]
        scope = root.find(OFFICE + "body" if member == "content.xml" else OFFICE + "master-styles")
        if scope is None:
            return []
        found = []
        for paragraph in scope.iter(TEXT + "p", TEXT + "h"):
            ancestors = list(paragraph.iterancestors())
            if any(a.tag in _SKIPPED for a in ancestors):
                continue
            found.append((paragraph, _kind(paragraph, ancestors)))
        return found

    def inline(self, paragraph: etree._Element) -> list[Inline]:
        if paragraph.tag not in (TEXT + "p", TEXT + "h"):
            return [Inline("text", paragraph.text or "")]
        items: list[Inline] = []
        _walk(paragraph, items, top=True)
        return _merge(items)

    def rebuild(
        self, paragraph: etree._Element, items: list[Inline], nodes: list[Node], table: Table, rtl: bool
    ) -> None:
        if paragraph.tag not in (TEXT + "p", TEXT + "h"):
            paragraph.text = "".join(plain_text(nodes, table))
            return
        markers = [_element(item.element) for item in items if item.role == "marker"]
        paragraph.text = None
        for child in list(paragraph):
            paragraph.remove(child)
        for marker in markers:
            marker.tail = None
            paragraph.append(marker)
        _emit(paragraph, nodes, table)

    def set_language(self, member: str, root: etree._Element, code: str, rtl: bool) -> bool:
        """``fo:language``/``fo:country`` (``style:language-complex`` for Arabic script) and the writing mode."""
        language, _, country = code.replace("_", "-").partition("-")
        if member == "meta.xml":
            meta = root.find(OFFICE + "meta")
            if meta is None:
                return False
            found = meta.find(DC + "language")
            if found is None:
                found = meta.makeelement(DC + "language", {})
                meta.append(found)
            found.text = code
            return True
        changed = False
        if member == "styles.xml":
            styles = root.find(OFFICE + "styles")
            if styles is not None:
                default = next(
                    (s for s in styles.findall(STYLE + "default-style") if s.get(STYLE + "family") == "paragraph"), None
                )
                if default is None:
                    default = styles.makeelement(STYLE + "default-style", {STYLE + "family": "paragraph"})
                    styles.insert(0, default)
                if default.find(STYLE + "text-properties") is None:
                    default.append(default.makeelement(STYLE + "text-properties", {}))
                if rtl:
                    props = default.find(STYLE + "paragraph-properties")
                    if props is None:
                        props = default.makeelement(STYLE + "paragraph-properties", {})
                        default.insert(0, props)
                    props.set(STYLE + "writing-mode", "rl-tb")
                changed = True
        for props in root.iter(STYLE + "text-properties"):
            if props.get(FO + "language") is None and not _is_default(props):
                continue
            target = (
                (STYLE + "language-complex", STYLE + "country-complex") if rtl else (FO + "language", FO + "country")
            )
            props.set(target[0], language)
            if country:
                props.set(target[1], country.upper())
            elif props.get(target[1]) is not None:
                del props.attrib[target[1]]
            if rtl:
                props.set(FO + "language", language)
            changed = True
        return changed


def _is_default(props: etree._Element) -> bool:
    parent = props.getparent()
    return parent is not None and parent.tag == STYLE + "default-style"


def _kind(paragraph: etree._Element, ancestors: list[etree._Element]) -> str:
    names = [_local(a) for a in ancestors]
    for name in names:
        if name == "text-box":
            return "text box"
        if name == "note":
            note = ancestors[names.index("note")]
            return "endnote" if note.get(TEXT + "note-class") == "endnote" else "footnote"
        if name.startswith(("header", "footer")):
            return name.split("-")[0]
        if name == "table-cell":
            return "table cell"
        if name == "list-item":
            return "list item"
    return "heading" if paragraph.tag == TEXT + "h" else "paragraph"


def _walk(element: etree._Element, items: list[Inline], top: bool = False) -> None:
    if element.text:
        items.append(Inline("text", element.text))
    for index, child in enumerate(element):
        name = _local(child)
        if child.tag == TEXT + "span":
            style = child.get(TEXT + "style-name") or ""
            items.append(Inline("open", kind="formatting", element=child, extra=style, detail=f"style {style}"))
            _walk(child, items)
            items.append(Inline("close", extra=style))
        elif child.tag == TEXT + "a":
            items.append(Inline("open", kind="link", element=child, detail=f"link {child.get(XLINK + 'href', '')}"))
            _walk(child, items)
            items.append(Inline("close"))
        elif name in MARKERS and child.tag.startswith((TEXT, OFFICE)):
            items.append(Inline("marker", element=child))
        elif child.tag == TEXT + "s" and int(child.get(TEXT + "c", "1") or 1) == 1 and not (top and index == 0):
            items.append(Inline("text", " ", element=child))
        else:
            kind = KINDS.get(name) or (f"{name.replace('-', ' ')} field" if child.tag.startswith(TEXT) else name)
            items.append(
                Inline("empty", kind=kind, element=child, detail=f"{child.prefix}:{name}" if child.prefix else name)
            )
        if child.tail:
            items.append(Inline("text", child.tail))


def _merge(items: list[Inline]) -> list[Inline]:
    """Two neighbouring spans of the same style are one tag."""
    out: list[Inline] = []
    for item in items:
        joins = item.role == "open" and item.kind == "formatting" and out and out[-1].role == "close"
        if joins and out[-1].extra is not None and out[-1].extra == item.extra:
            out.pop()
            continue
        out.append(item)
    return out


def _add_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _emit(parent: etree._Element, nodes: list[Node], table: Table) -> None:
    for node in nodes:
        item = table.get(node.number) if node.number else None
        if node.number == 0 or item is None:
            _add_text(parent, node.text)
        elif isinstance(item, str):
            _add_text(parent, item)
        elif item.role == "open":
            element = _element(item.element)
            shell = element.makeelement(element.tag, {str(k): str(v) for k, v in element.attrib.items()})
            parent.append(shell)
            _emit(shell, node.children, table)
        else:
            element = _element(item.element)
            element.tail = None
            parent.append(element)


class OdtFormat(PackageFormat):
    name = "odt"
    suffixes: tuple[str, ...] = (".odt",)
    dialect = OdtDialect()


register(OdtFormat())
