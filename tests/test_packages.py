"""Word and OpenDocument files: what is translated, what survives a translation, what is refused."""
# ruff: noqa: E501 - the XML fixtures read better one element run per line

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline import formats
from pipeline.cli import main
from pipeline.formats.package import parts
from pipeline.model import Segment, SplitOptions
from tests.conftest import make_project

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}
DECLARE = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
WORD = f'xmlns:w="{W_NS}" xmlns:r="{NS["r"]}"'
BODY = (
    # Spell-check marks and a revision cut one sentence into four runs of the same formatting.
    '<w:p><w:r><w:t>The commit</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>tee</w:t></w:r>'
    '<w:proofErr w:type="spellEnd"/><w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve"> met </w:t></w:r></w:ins>'
    '<w:r><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t>today.</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Budget</w:t></w:r></w:p>'
    '<w:p><w:bookmarkStart w:id="0" w:name="read"/><w:r><w:t xml:space="preserve">Read </w:t></w:r>'
    "<w:r><w:rPr><w:b/></w:rPr><w:t>the guide</w:t></w:r>"
    '<w:r><w:t xml:space="preserve"> on </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
    '</w:rPr><w:t>our site</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve">, page </w:t></w:r>'
    '<w:fldSimple w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple><w:r><w:t>.</w:t></w:r>'
    '<w:r><w:footnoteReference w:id="1"/></w:r><w:bookmarkEnd w:id="0"/></w:p>'
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell text.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>First item.</w:t></w:r></w:p>'
    '<w:p><w:r><w:t xml:space="preserve">Box: </w:t></w:r><w:r><w:drawing><wp:inline xmlns:wp="urn:wp">'
    "<w:txbxContent><w:p><w:r><w:t>Inside the box.</w:t></w:r></w:p></w:txbxContent></wp:inline></w:drawing></w:r></w:p>"
    '<w:p><w:r><w:t xml:space="preserve">Total: </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:t>4</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> pages.</w:t></w:r></w:p>'
)


def _zip(members: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()


def docx(body: str = BODY) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": DECLARE + '<Types xmlns="urn:ct"/>',
            "word/document.xml": f"{DECLARE}<w:document {WORD}><w:body>{body}</w:body></w:document>",
            "word/styles.xml": f'{DECLARE}<w:styles {WORD}><w:style w:styleId="Normal"/></w:styles>',
            "word/header1.xml": f"{DECLARE}<w:hdr {WORD}><w:p><w:r><w:t>Press office</w:t></w:r></w:p></w:hdr>",
            "word/footer1.xml": f"{DECLARE}<w:ftr {WORD}><w:p><w:r><w:t>Not for sale</w:t></w:r></w:p></w:ftr>",
            "word/footnotes.xml": f'{DECLARE}<w:footnotes {WORD}><w:footnote w:id="1"><w:p><w:r><w:t>A note.</w:t>'
            "</w:r></w:p></w:footnote></w:footnotes>",
            "word/endnotes.xml": f'{DECLARE}<w:endnotes {WORD}><w:endnote w:id="1"><w:p><w:r><w:t>An end note.</w:t>'
            "</w:r></w:p></w:endnote></w:endnotes>",
            "word/comments.xml": f'{DECLARE}<w:comments {WORD}><w:comment w:id="0"><w:p><w:r><w:t>Check this.</w:t>'
            "</w:r></w:p></w:comment></w:comments>",
            "word/media/image1.png": b"\x89PNG\r\n\x1a\nnot really",
            "docProps/core.xml": f'{DECLARE}<cp:coreProperties xmlns:cp="urn:cp" xmlns:dc="{NS["dc"]}">'
            "<dc:title>Annual report</dc:title><dc:description>What we did.</dc:description></cp:coreProperties>",
        }
    )


ODT_BODY = (
    '<text:h text:outline-level="1">Budget</text:h>'
    '<text:p>Read <text:span text:style-name="T1">the guide</text:span> on <text:a xlink:href="https://example.org/">'
    'our site</text:a>, page <text:page-number>2</text:page-number>.<text:note text:note-class="footnote">'
    "<text:note-citation>1</text:note-citation><text:note-body><text:p>A note.</text:p></text:note-body></text:note></text:p>"
    '<text:p>The <text:span text:style-name="T1">commit</text:span><text:span text:style-name="T1">tee</text:span>'
    " met<text:s/>today.<office:annotation><dc:creator>A</dc:creator><text:p>Check this.</text:p></office:annotation></text:p>"
    "<table:table><table:table-row><table:table-cell><text:p>Cell text.</text:p></table:table-cell></table:table-row>"
    "</table:table>"
    "<text:list><text:list-item><text:p>First item.</text:p></text:list-item></text:list>"
    "<text:p>Box: <draw:frame><draw:text-box><text:p>Inside the box.</text:p></draw:text-box></draw:frame></text:p>"
)
ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)


def odt(body: str = ODT_BODY, mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    return _zip(
        {
            "mimetype": mimetype,
            "content.xml": f"{DECLARE}<office:document-content {ODF}><office:body><office:text>{body}</office:text>"
            "</office:body></office:document-content>",
            "styles.xml": f'{DECLARE}<office:document-styles {ODF}><office:styles><style:default-style style:family="paragraph">'
            '<style:text-properties fo:language="en" fo:country="GB"/></style:default-style></office:styles>'
            '<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Press office</text:p>'
            "</style:header><style:footer><text:p>Not for sale</text:p></style:footer></style:master-page>"
            "</office:master-styles></office:document-styles>",
            "meta.xml": f"{DECLARE}<office:document-meta {ODF}><office:meta><dc:title>Annual report</dc:title>"
            "<dc:description>What we did.</dc:description></office:meta></office:document-meta>",
            "Pictures/image1.png": b"\x89PNG\r\n\x1a\nnot really",
        }
    )


def _load(data: bytes, name: str) -> tuple[formats.Package, list[Segment]]:
    fmt = formats.for_path(name)
    assert isinstance(fmt, formats.Package)
    return fmt, list(fmt.load(data, name, SplitOptions()).segments())


EXPECTED = {
    "The committee met today.": "paragraph",
    "Budget": "heading",
    "Read <1>the guide</1> on <2>our site</2>, page <3/>.<4/>": "paragraph",
    "Cell text.": "table cell",
    "First item.": "list item",
    "Box: <1/>": "paragraph",
    "Inside the box.": "text box",
    "Press office": "header",
    "Not for sale": "footer",
    "A note.": "footnote",
    "Annual report": "document title",
    "What we did.": "document description",
}


def test_word_paragraphs_in_every_part_are_segments() -> None:
    _, segments = _load(docx(), "a.docx")
    found = {s.msgid: s.kind for s in segments}
    assert {k: found.get(k) for k in EXPECTED} == EXPECTED
    assert found["Total: <1/> pages."] == "paragraph"  # a fldChar field, begin to end, is one tag
    assert found["An end note."] == "endnote"
    assert "Check this." not in found  # comments are left alone
    (read,) = [s for s in segments if s.msgid.startswith("Read")]
    assert [p.kind for p in read.placeholders] == ["formatting", "link", "field", "footnote reference"]
    assert read.placeholders[0].describe() == "<1>…</1> = formatting [bold]…[/formatting]"


def test_opendocument_paragraphs_in_every_part_are_segments() -> None:
    _, segments = _load(odt(), "a.odt")
    found = {s.msgid: s.kind for s in segments}
    want = dict(EXPECTED)
    want["Read <1>the guide</1> on <2>our site</2>, page <3/>.<4/>"] = "paragraph"
    want["The <1>committee</1> met today."] = want.pop("The committee met today.")  # two spans, one style: one tag
    assert {k: found.get(k) for k in want} == want
    assert "Check this." not in found


@pytest.mark.parametrize(("name", "make"), [("a.docx", docx), ("a.odt", odt)])
def test_an_untranslated_build_is_the_source_part_for_part(name: str, make: Callable[[], bytes]) -> None:
    source = make()
    fmt = formats.for_path(name)
    assert isinstance(fmt, formats.Package)
    document = fmt.load(source, name, SplitOptions())
    built = fmt.build(document, lambda segment: None, None)
    assert dict(parts(built, name, "")) == dict(parts(source, name, ""))
    assert [i.filename for i in zipfile.ZipFile(io.BytesIO(built)).infolist()] == [
        i.filename for i in zipfile.ZipFile(io.BytesIO(source)).infolist()
    ]


SPANISH = {
    "The committee met today.": "El comité se reunió hoy.",
    "The <1>committee</1> met today.": "El <1>comité</1> se reunió hoy.",
    "Read <1>the guide</1> on <2>our site</2>, page <3/>.<4/>": "Lea <1>la guía</1> en <2>nuestro sitio</2>, página <3/>.<4/>",
    "Inside the box.": "Dentro del cuadro.",
    "Box: <1/>": "Cuadro: <1/>",
    "Press office": "Oficina de prensa",
    "Annual report": "Informe anual",
    "A note.": "Una nota.",
    "Total: <1/> pages.": "Total: <1/> páginas.",
    "Budget": "<1>Presupuesto</1>",  # tags the source does not have: refused, the source is kept
}


def _built(name: str, data: bytes, code: str, rtl: bool = False) -> dict[str, etree._Element]:
    fmt = formats.for_path(name)
    assert isinstance(fmt, formats.Package)
    document = fmt.load(data, name, SplitOptions())
    built = fmt.build(document, lambda s: SPANISH.get(s.msgid), code, rtl)
    return {k: etree.fromstring(v) for k, v in parts(built, name, "") if k.endswith(".xml")}


def _text(element: etree._Element, path: str) -> str:
    return "".join(str(t) for t in element.xpath(path, namespaces=NS))


def test_a_translated_word_file_keeps_its_formatting_links_fields_and_notes() -> None:
    source = dict(parts(docx(), "a.docx", ""))
    got = _built("a.docx", docx(), "es")
    body = got["word/document.xml"]
    paragraphs = body.findall(".//w:body/w:p", NS)
    assert _text(paragraphs[0], ".//w:t/text()") == "El comité se reunió hoy."
    assert _text(paragraphs[1], ".//w:t/text()") == "Budget"  # refused translation: the source stays
    read = paragraphs[2]
    assert _text(read, ".//w:r[w:rPr/w:b]/w:t/text()") == "la guía"
    assert _text(read, ".//w:hyperlink[@r:id='rId9']//w:t/text()") == "nuestro sitio"
    assert read.find(".//w:fldSimple[@w:instr=' PAGE ']", NS) is not None
    assert read.find(".//w:footnoteReference[@w:id='1']", NS) is not None
    assert read.find("w:bookmarkStart[@w:name='read']", NS) is not None
    assert _text(read, ".//w:t/text()") == "Lea la guía en nuestro sitio, página 2."
    assert _text(body, ".//w:txbxContent//w:t/text()") == "Dentro del cuadro."
    assert _text(paragraphs[-1], ".//w:instrText/text()") == " NUMPAGES "
    assert _text(paragraphs[-1], ".//w:t/text()") == "Total: 4 páginas."
    assert _text(got["word/header1.xml"], "//w:t/text()") == "Oficina de prensa"
    assert _text(got["word/footnotes.xml"], "//w:t/text()") == "Una nota."
    assert _text(got["docProps/core.xml"], "//dc:title/text()") == "Informe anual"
    assert _text(got["docProps/core.xml"], "//dc:language/text()") == "es"
    assert _text(got["word/styles.xml"], "//w:docDefaults//w:lang/@w:val") == "es"
    assert set(body.xpath("//w:lang/@w:val", namespaces=NS)) <= {"es"}  # no run still says en-US
    built = dict(parts(_zip_of(got, source), "a.docx", ""))
    assert built["word/comments.xml"] == source["word/comments.xml"]


def _zip_of(got: dict[str, etree._Element], source: dict[str, bytes]) -> bytes:
    return _zip({k: etree.tostring(got[k]) if k in got and k != "word/comments.xml" else v for k, v in source.items()})


def test_untranslated_parts_are_copied_byte_for_byte() -> None:
    fmt = formats.for_path("a.docx")
    assert isinstance(fmt, formats.Package)
    source = docx()
    built = fmt.build(fmt.load(source, "a.docx", SplitOptions()), lambda s: SPANISH.get(s.msgid), "es")
    before, after = dict(parts(source, "a.docx", "")), dict(parts(built, "a.docx", ""))
    for name in ("word/comments.xml", "word/media/image1.png", "[Content_Types].xml", "word/endnotes.xml"):
        assert after[name] == before[name], name


def test_arabic_output_is_right_to_left() -> None:
    got = _built("a.docx", docx(), "ar", rtl=True)
    body = got["word/document.xml"]
    translated = body.findall(".//w:body/w:p", NS)[0]
    assert translated.find("w:pPr/w:bidi", NS) is not None
    assert all(r.find("w:rPr/w:rtl", NS) is not None for r in translated.findall("w:r", NS))
    assert _text(got["word/styles.xml"], "//w:docDefaults//w:lang/@w:bidi") == "ar"
    odf = _built("a.odt", odt(), "ar", rtl=True)
    default = "//style:default-style[@style:family='paragraph']"
    assert _text(odf["styles.xml"], default + "/style:paragraph-properties/@style:writing-mode") == "rl-tb"
    assert _text(odf["styles.xml"], default + "/style:text-properties/@style:language-complex") == "ar"


def test_a_translated_opendocument_keeps_its_spans_links_fields_and_notes() -> None:
    got = _built("a.odt", odt(), "es")
    content = got["content.xml"]
    read = content.findall(".//office:text/text:p", NS)[0]
    assert _text(read, "text:span[@text:style-name='T1']/text()") == "la guía"
    link = read.find("text:a", NS)
    assert link is not None and link.get("{http://www.w3.org/1999/xlink}href") == "https://example.org/"
    assert link.text == "nuestro sitio"
    assert read.find("text:page-number", NS) is not None
    assert _text(read, ".//text:note-body/text:p/text()") == "Una nota."
    assert "".join(read.itertext()).startswith("Lea la guía en nuestro sitio, página 2.")
    committee = content.findall(".//office:text/text:p", NS)[1]
    assert committee.find("office:annotation", NS) is not None  # the comment stays, with its text
    assert _text(committee, "office:annotation/text:p/text()") == "Check this."
    assert _text(content, "//draw:text-box/text:p/text()") == "Dentro del cuadro."
    assert _text(got["styles.xml"], "//style:header/text:p/text()") == "Oficina de prensa"
    assert _text(got["styles.xml"], "//style:default-style/style:text-properties/@fo:language") == "es"
    assert _text(got["meta.xml"], "//dc:title/text()") == "Informe anual"


def _extract_error(tmp_path: Path, name: str, data: bytes) -> str:
    project = make_project(tmp_path)
    (project / "source" / name).write_bytes(data)
    result = CliRunner().invoke(main, ["--project", str(project), "extract"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not list((project / "locales").rglob("*.pot")) if (project / "locales").exists() else True
    (line,) = [row for row in result.output.splitlines() if row.strip()]
    return line


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (20 * 1024 * 1024))
    return out.getvalue()


def _entities() -> bytes:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
    )
    return _zip({"word/document.xml": laughs})


def _external() -> bytes:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>'
    )
    return _zip({"word/document.xml": xxe})


def _encrypted() -> bytes:
    """The "encrypted" flag set on every entry, as a password-protected zip has it."""
    data = bytearray(docx())
    for signature, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        index = data.find(signature)
        while index >= 0:
            data[index + at] |= 1
            index = data.find(signature, index + 4)
    return bytes(data)


def _corrupt() -> bytes:
    """Garbage in the middle of word/document.xml's compressed bytes."""
    data = bytearray(docx())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(10, 40):
        data[start + offset] ^= 0x5A
    return bytes(data)


HOSTILE = [
    ("a.docx", b"Just some text saved with the wrong name.\n", "not a Word document: not a zip archive"),
    ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old binary Office file (.doc)"),
    ("a.docx", docx()[:300], "not a Word document: broken zip archive"),
    ("a.docx", odt(), "not a Word document: this is an OpenDocument file"),
    ("a.odt", docx(), "not an OpenDocument text: this is a Word document"),
    ("a.odt", odt(mimetype="application/vnd.oasis.opendocument.spreadsheet"), "its mimetype is"),
    ("a.docx", _zip({"hello.txt": "hi"}), "the archive has no word/document.xml"),
    ("a.docx", _bomb(), "compression ratio"),
    ("a.docx", _entities(), "declares a DOCTYPE or entities"),
    ("a.docx", _external(), "declares a DOCTYPE or entities"),
    ("a.docx", _zip({"word/document.xml": "<w:document><w:body>"}), "part 'word/document.xml' line 1: broken XML"),
    ("a.docx", _encrypted(), "is encrypted"),
    ("a.docx", _corrupt(), "cannot unpack 'word/document.xml': broken archive"),
]


@pytest.mark.parametrize(("name", "data", "message"), HOSTILE, ids=[m for _, _, m in HOSTILE])
def test_hostile_packages_are_one_clear_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    line = _extract_error(tmp_path, name, data)
    assert line.startswith(f"l10n: error: source/{name}: ")
    assert message in line


def test_a_word_file_through_the_whole_pipeline(tmp_path: Path) -> None:
    project = make_project(tmp_path, locales='["es"]')
    source = docx()
    (project / "source" / "report.docx").write_bytes(source)
    runner = CliRunner()
    assert runner.invoke(main, ["--project", str(project), "extract"]).exit_code == 0
    assert runner.invoke(main, ["--project", str(project), "update"]).exit_code == 0
    po_path = project / "locales" / "es" / "LC_MESSAGES" / "report.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = SPANISH.get(entry.msgid, entry.msgid)
    po.save(str(po_path))
    result = runner.invoke(main, ["--project", str(project), "build", "--policy", "draft"])
    assert result.exit_code == 0, result.output
    assert (project / "dist" / "en" / "report.docx").read_bytes() == source
    built = dict(parts((project / "dist" / "es" / "report.docx").read_bytes(), "report.docx", ""))
    assert "Informe anual" in built["docProps/core.xml"].decode()
    manifest = (project / "dist" / "manifest.json").read_text(encoding="utf-8")
    assert '"title": "Informe anual"' in manifest


def test_the_main_part_is_found_where_the_relationships_say() -> None:
    rels = (
        f'{DECLARE}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
        ' Target="/word/document2.xml"/></Relationships>'
    )
    body = f"{DECLARE}<w:document {WORD}><w:body><w:p><w:r><w:t>Hello there.</w:t></w:r></w:p></w:body></w:document>"
    data = _zip({"_rels/.rels": rels, "word/document2.xml": body})
    fmt, segments = _load(data, "a.docx")
    assert [s.msgid for s in segments] == ["Hello there."]
    document = fmt.load(data, "a.docx", SplitOptions())
    built = dict(parts(fmt.build(document, lambda s: "Hola.", "es"), "a.docx", ""))
    assert b"Hola." in built["word/document2.xml"]


def test_hyphen_elements_survive_a_translation() -> None:
    body = (
        "<w:p><w:r><w:t>An e</w:t></w:r><w:r><w:noBreakHyphen/></w:r><w:r><w:t>mail and a hy</w:t></w:r>"
        "<w:r><w:softHyphen/></w:r><w:r><w:t>phen.</w:t></w:r></w:p>"
    )
    fmt, segments = _load(docx(body), "a.docx")
    assert segments[0].msgid == "An e\u2011mail and a hy\u00adphen."  # one word each, for the engine
    document = fmt.load(docx(body), "a.docx", SplitOptions())
    built = etree.fromstring(
        dict(parts(fmt.build(document, lambda s: s.msgid.upper(), "es"), "a.docx", ""))["word/document.xml"]
    )
    paragraph = built.find(".//w:p", NS)
    assert paragraph is not None
    assert len(paragraph.findall(".//w:noBreakHyphen", NS)) == len(paragraph.findall(".//w:softHyphen", NS)) == 1
    assert _text(paragraph, ".//w:t/text()") == "AN EMAIL AND A HYPHEN."


def test_untranslated_word_paragraphs_keep_their_language() -> None:
    body = (
        '<w:p><w:r><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t>Translated.</w:t></w:r></w:p>'
        '<w:p><w:r><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t>Left alone.</w:t></w:r></w:p>'
    )
    SPANISH["Translated."] = "Traducido."
    try:
        got = _built("a.docx", docx(body), "es")
    finally:
        del SPANISH["Translated."]
    first, second = got["word/document.xml"].findall(".//w:p", NS)
    assert _text(first, ".//w:t/text()") == "Traducido." and first.find(".//w:lang", NS) is None  # takes the default
    assert _text(second, ".//w:lang/@w:val") == "en-US"
    assert _text(got["word/styles.xml"], "//w:docDefaults//w:lang/@w:val") == "es"


def test_the_text_of_a_hyperlink_field_is_translated_inside_its_field() -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        '<w:t>the site</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p>'
    )
    fmt, segments = _load(docx(body), "a.docx")
    assert [(s.msgid, s.placeholders[0].describe()) for s in segments[:1]] == [
        ("See <1>the site</1>.", "<1>…</1> = link [link https://example.org/]…[/link]")
    ]
    document = fmt.load(docx(body), "a.docx", SplitOptions())
    built = fmt.build(document, lambda s: "Vea <1>el sitio</1>." if s.msgid.startswith("See") else None, "es")
    paragraph = etree.fromstring(dict(parts(built, "a.docx", ""))["word/document.xml"]).find(".//w:p", NS)
    assert paragraph is not None
    kinds = [f.get(f"{{{W_NS}}}fldCharType") for f in paragraph.iter(f"{{{W_NS}}}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    shown = paragraph.xpath(
        "w:r[preceding-sibling::w:r/w:fldChar/@w:fldCharType='separate']"
        "[following-sibling::w:r/w:fldChar/@w:fldCharType='end']",
        namespaces=NS,
    )
    assert ["".join(r.xpath("w:t/text()", namespaces=NS)) for r in shown] == ["el sitio"]
    assert shown[0].find("w:rPr/w:rStyle", NS) is not None
    assert _text(paragraph, ".//w:t/text()") == "Vea el sitio."
