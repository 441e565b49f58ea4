"""Make the sample press release's Word (``.docx``) and subtitle (``.srt``) versions from its ``.txt``.

``make demo`` runs this before ``l10n extract``, so ``source/`` holds the
release in three formats. The output depends on the ``.txt`` alone (fixed zip
dates, fixed order), and a file whose bytes would not change is not written:
a second run changes nothing.

The Word file has what press offices' files have: the document title and
description in its properties, headings, the release's paragraphs with the
conference's name in bold, a quotation in italics, a link, and a footer with
a page-number field. The subtitle file reads the release out at 15
characters a second, sentences cut across cues as subtitlers cut them.

    python -m tools.sample_documents source/interpol-european-regional-conference.txt
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.atomic import write_atomic
from pipeline.formats import text as text_format
from pipeline.model import SplitOptions
from pipeline.segment import has_letters
from pipeline.sentences import sentence_spans

_DATE = (2024, 1, 1, 0, 0, 0)
_BOLD = "INTERPOL European Regional Conference"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/word/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
<Override PartName="/word/footer1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/>\
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" \
Target="footer1.xml"/>\
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" \
Target="https://www.interpol.int/News-and-Events" TargetMode="External"/>\
</Relationships>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" \
w:cs="Liberation Serif"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>\
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="0"/></w:pPr>\
<w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>\
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
<w:pPr><w:keepNext/><w:spacing w:before="200" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr>\
<w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>\
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>\
<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>\
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>\
<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>\
</w:styles>"""


def _runs(text: str) -> str:
    """A paragraph's runs: the conference's name in bold, a quotation in italics."""
    out = []
    quoted = text[:1] in '"“'
    pieces = re.split(f"({re.escape(_BOLD)})", text, flags=re.I)
    for piece in pieces:
        if not piece:
            continue
        # Each with its complex-script twin, which right-to-left text (Arabic) is drawn with.
        props = "<w:b/><w:bCs/>" if piece.lower() == _BOLD.lower() else ""
        props += "<w:i/><w:iCs/>" if quoted else ""
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return "".join(out)


_HEADING_END = re.compile(r"[.!?…:;,\"”’)]$")


def blocks(text: str) -> list[tuple[str, str]]:
    """The release as (style, text): a Word file has no glued text, so sentences glued by the
    scrape get their space back and glued headings ("Financial crimesDelegates…") a paragraph of
    their own."""
    found: list[tuple[str, str]] = []
    for paragraph in paragraphs(text):
        body: list[str] = []
        for start, end in sentence_spans(paragraph):
            sentence = paragraph[start:end].strip()
            if not _HEADING_END.search(sentence) and len(sentence.split()) <= 5:
                if body:
                    found.append(("", " ".join(body)))
                    body = []
                found.append(("Heading2", sentence))
            else:
                body.append(sentence)
        if body:
            found.append(("", " ".join(body)))
    return found


def paragraphs(text: str) -> list[str]:
    """The release's paragraphs, whitespace tidied, page counters ("1 / 4") left out."""
    document = text_format.TextFormat().split(text, "release.txt", SplitOptions(segmentation="paragraph"))
    found = []
    for block in document.blocks():
        joined = " ".join(block.source.split())
        if has_letters(joined):
            found.append(joined)
    return found


def title_of(path: Path) -> str:
    words = path.stem.replace("-", " ").split()
    return " ".join(w.upper() if w.lower() == "interpol" else w.capitalize() for w in words)


def docx(text: str, title: str) -> bytes:
    body = [
        f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{escape(title)}</w:t></w:r></w:p>',
        *(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{_runs(p)}</w:p>' if style else f"<w:p>{_runs(p)}</w:p>"
            for style, p in blocks(text)
        ),
        '<w:p><w:r><w:t xml:space="preserve">More news from the Organization: </w:t></w:r>'
        '<w:hyperlink r:id="rId3"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        "<w:t>INTERPOL news and events</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>",
    ]
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" xmlns:r="{R}">'
        f'<w:body>{"".join(body)}<w:sectPr><w:footerReference w:type="default" r:id="rId2"/>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
        'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    footer = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W}" xmlns:r="{R}">'
        '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        '<w:r><w:t xml:space="preserve">INTERPOL press release, page </w:t></w:r>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>'
    )
    description = sentence_spans(paragraphs(text)[0])[0]
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title>"
        f"<dc:description>{escape(paragraphs(text)[0][description[0] : description[1]])}</dc:description>"
        "<dc:language>en-GB</dc:language></cp:coreProperties>"
    )
    members = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/document.xml", document),
        ("word/styles.xml", STYLES),
        ("word/footer1.xml", footer),
        ("docProps/core.xml", core),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, _DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8"))
    return out.getvalue()


def _clock(seconds: float) -> str:
    millis = round(seconds * 1000)
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d},{millis % 1000:03d}"


def _cues(sentence: str, limit: int = 64) -> list[str]:
    """A sentence cut into cues of up to ``limit`` characters, at spaces."""
    cues: list[str] = []
    for word in sentence.split():
        if cues and len(cues[-1]) + 1 + len(word) <= limit:
            cues[-1] += " " + word
        else:
            cues.append(word)
    return cues


def _lines(cue: str) -> str:
    if len(cue) <= 42:
        return cue
    words = cue.split()
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def srt(text: str, title: str, paragraphs_wanted: int = 5) -> bytes:
    sentences = [title + "."]
    for _, paragraph in blocks(text)[:paragraphs_wanted]:
        sentences += [paragraph[s:e] for s, e in sentence_spans(paragraph)]
    out: list[str] = []
    clock = 1.0
    for cue in (c for sentence in sentences for c in _cues(sentence)):
        length = max(1.5, len(cue) / 15)
        out.append(f"{len(out) + 1}\n{_clock(clock)} --> {_clock(clock + length)}\n{_lines(cue)}\n")
        clock += length + 0.2
    return "\n".join(out).encode("utf-8")


def write(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds it."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    source = Path(argv[0])
    text = source.read_text(encoding="utf-8").replace("\r\n", "\n")
    title = title_of(source)
    # Names of their own: each document has its own catalog, named after the file without its suffix.
    for name, data in (("-word.docx", docx(text, title)), ("-subtitles.srt", srt(text, title))):
        target = source.with_name(source.stem + name)
        print(f"{target}: {'written' if write(target, data) else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
