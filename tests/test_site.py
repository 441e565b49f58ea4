"""HTML pages finished for their language, and the landing page (checked in headless Chromium)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest

from pipeline import catalog
from pipeline.decorate import Alternate, Page, decorate, mark
from pipeline.languages import bcp47, language
from pipeline.site import readable
from tests.conftest import CHROMIUM, chromium_flags
from tests.test_build import copy_case, html_errors, run

ALTERNATES = (
    Alternate("en", "../en/a.html", "English", False),
    Alternate("fr", "../fr/a.html", "français", False),
    Alternate("ar", "../ar/a.html", "العربية", True),
)
PAGE = """<!DOCTYPE html>
<html lang="en" class="doc">
<head>
<!-- not here: <body> </head> -->
<title>{title}</title>
<script>var s = "</head><body>";</script>
</head>
<body id="top">
<p title="{attr}">{text}</p>
</body>
</html>
"""


def page(code: str, draft: bool = False) -> Page:
    return Page(code, language(code).rtl, ALTERNATES, "../en/a.html", draft)


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("ar-XB", "rtl"), ("he", "rtl"), ("fr", "ltr")])
def test_html_tag_gets_lang_and_dir(code: str, direction: str) -> None:
    out = decorate(PAGE.format(title="T", attr="a", text="x"), page(code))
    assert f'<html class="doc" lang="{code}" dir="{direction}">' in out
    assert html_errors(out) == []


def test_alternates_and_switcher_go_where_a_parser_finds_head_and_body() -> None:
    out = decorate(PAGE.format(title="T", attr="a", text="x"), page("fr"))
    head, body = out.split("</head>\n<body", 1)
    assert '<!-- not here: <body> </head> -->\n<title>T</title>\n<script>var s = "</head><body>";</script>' in head
    for code in ("en", "fr", "ar"):
        assert f'<link rel="alternate" hreflang="{code}" href="../{code}/a.html">' in head
    assert '<link rel="alternate" hreflang="x-default" href="../en/a.html">' in head
    assert body.startswith(' id="top">\n<nav class="l10n-switcher"')
    assert '<span lang="fr" dir="ltr" aria-current="page">français</span>' in body
    assert '<a href="../ar/a.html" hreflang="ar" lang="ar" dir="rtl">العربية</a>' in body
    assert "noindex" not in out


def test_draft_segments_are_marked_in_text_and_dropped_in_attributes_and_title() -> None:
    source = PAGE.format(
        title=mark("Titre", "machine"), attr=mark("Bulle", "machine"), text=mark("Bonjour <b>x</b>", "needs-review")
    )
    out = decorate(source, page("fr", draft=True))
    assert "<title>Titre</title>" in out
    assert '<p title="Bulle"><span class="l10n-draft" data-state="needs-review">Bonjour <b>x</b></span></p>' in out
    assert '<meta name="robots" content="noindex">' in out
    assert 'class="l10n-draft-banner"' in out
    assert not any(ch in out for ch in "\ufdd0\ufdd1\ufdd2")
    assert html_errors(out) == []


def test_a_fragment_gets_what_a_browser_would_infer() -> None:
    out = decorate("<p>Hello</p>\n", page("ar"))
    assert out.startswith('<html lang="ar" dir="rtl"><link rel="alternate"')
    assert out.endswith("</nav>\n<p>Hello</p>\n")
    assert html_errors(out) == []


def test_one_language_only_has_no_switcher() -> None:
    alone = Page("en", False, ALTERNATES[:1], None, False)
    out = decorate(PAGE.format(title="T", attr="a", text="x"), alone)
    assert 'l10n-switcher"' not in out.split("<style>")[0] + out.split("</style>")[1]
    assert "hreflang" not in out


def test_landing_page_is_a_language_chooser_for_readers(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    result = run(root, "build")
    assert result.exit_code == 0
    index = (root / "dist/index.html").read_text(encoding="utf-8")
    assert html_errors(index) == []
    languages = re.findall(r'<li class="language" id="([^"]+)" lang="([^"]+)" dir="(\w+)">\s*<h2>([^<]+)</h2>', index)
    assert languages == [("en", "en", "ltr", "English"), ("fr", "fr", "ltr", "français")]  # Arabic is not published
    assert '<a href="fr/notice.txt" hreflang="fr">Bienvenue à la bibliothèque.</a>' in index  # its own first line
    assert '<a href="status.html">' in index
    assert "reviewed" not in index.split("<footer")[0]  # figures are for reviewers, in status.html
    assert "hreflang links are relative" not in result.output  # text documents have no <link hreflang>


def test_relative_hreflang_links_are_warned_about_until_a_base_url_is_set(tmp_path: Path) -> None:
    root = copy_case("html", tmp_path)
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    assert "l10n.toml: the pages' hreflang links are relative" in result.output and "base_url" in result.output
    config = root / "l10n.toml"
    text = config.read_text(encoding="utf-8").replace("[build]\n", '[build]\nbase_url = "https://example.org/docs/"\n')
    config.write_text(text, encoding="utf-8")
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    assert "hreflang links are relative" not in result.output
    assert '<link rel="alternate" hreflang="fr" href="https://example.org/docs/fr/visit.html">' in (
        root / "dist/en/visit.html"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("doc", "title"),
    [
        ("interpol-european-regional-conference", "Interpol european regional conference"),
        ("press/annual_2024", "Annual 2024"),
    ],
)
def test_a_document_without_a_title_is_named_readably(doc: str, title: str) -> None:
    assert readable(doc) == title


def test_status_page_lists_languages_with_native_names_and_direction(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build").exit_code == 0
    index = (root / "dist/status.html").read_text(encoding="utf-8")
    assert html_errors(index) == []
    assert '<span class="name" lang="ar" dir="rtl">العربية</span>' in index
    assert '<span class="name" lang="fr" dir="ltr">français</span>' in index
    assert '<a class="open" href="fr/notice.txt" hreflang="fr">' in index
    assert "Not published: 20% reviewed, needs 80%" in index


@pytest.mark.parametrize(
    ("code", "tag"),
    [("pt_BR", "pt-BR"), ("sr@latin", "sr-Latn"), ("zh-hant", "zh-Hant"), ("es_419", "es-419"), ("en-XA", "en-XA")],
)
def test_locale_codes_become_bcp47_tags(code: str, tag: str) -> None:
    assert bcp47(code) == tag


def test_gettext_style_locale_names_give_valid_lang_and_hreflang(tmp_path: Path) -> None:
    root = copy_case("html", tmp_path)
    config = root / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"fr"', '"fr_CA"'), encoding="utf-8")
    (root / "locales/fr").rename(root / "locales/fr_CA")
    assert run(root, "build", "--policy", "draft").exit_code == 0
    for page in (root / "dist/fr_CA/visit.html", root / "dist/en/visit.html", root / "dist/index.html"):
        text = page.read_text(encoding="utf-8")
        assert 'lang="fr-CA"' in text, page
        assert "fr_CA" not in " ".join(re.findall(r'(?:hreflang|lang)="([^"]*)"', text)), page
    assert '<link rel="alternate" hreflang="fr-CA" href="../fr_CA/visit.html">' in (
        root / "dist/en/visit.html"
    ).read_text(encoding="utf-8")


def test_links_to_a_document_whose_name_has_url_characters_reach_it(tmp_path: Path) -> None:
    root = copy_case("html", tmp_path)
    name = "visit #2?.html"
    (root / "source/visit.html").rename(root / "source" / name)
    (root / "locales/visit.pot").rename(root / "locales/visit #2?.pot")
    for po in root.glob("locales/*/LC_MESSAGES/visit.po"):
        po.rename(po.with_name("visit #2?.po"))
    assert run(root, "build", "--policy", "draft").exit_code == 0
    dist = root / "dist"
    for page in (dist / "index.html", dist / "fr" / name, dist / "en" / name):
        links = re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))
        local = [href for href in links if "visit" in href]
        assert local, page
        for href in local:
            assert "#" not in href and "?" not in href
            assert (page.parent / unquote(href)).is_file(), href


def png_rows(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the (filtered) scanlines of a PNG: enough to tell a blank page."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, _, colour = struct.unpack(">IIBB", body[:10])
            channels = {2: 3, 6: 4, 0: 1, 4: 2}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    return width, height, [raw[i : i + stride] for i in range(0, len(raw), stride)]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize(("page", "least"), [("index.html", 40), ("status.html", 150)])
def test_landing_pages_render_in_headless_chromium(tmp_path: Path, page: str, least: int) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    shot = tmp_path / "index.png"
    command = [
        CHROMIUM,
        *chromium_flags(tmp_path / "chromium", 1280, 900),
        f"--screenshot={shot}",
        (root / "dist" / page).as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    width, height, rows = png_rows(shot)
    assert (width, height) == (1280, 900)
    # A blank page has a handful of distinct scanlines; these have text (the report: bars and borders too).
    assert len(set(rows)) > least


def test_pseudo_locales_are_not_published_unless_asked(tmp_path: Path) -> None:
    root = copy_case("html", tmp_path)
    config = root / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("publish_pseudo = true", ""), encoding="utf-8")
    assert run(root, "build", "--policy", "draft").exit_code == 0
    dist = root / "dist"
    assert not (dist / "ar-XB").exists()
    assert (dist / "locale/ar_XB/LC_MESSAGES/visit.mo").is_file() or list(dist.glob("locale/ar*XB*/LC_MESSAGES/*.mo"))
    for page in (dist / "fr/visit.html", dist / "index.html", dist / "status.html"):
        text = page.read_text(encoding="utf-8")
        assert "ar-XB" not in text, page
    assert 'hreflang="ar"' in (dist / "fr/visit.html").read_text(encoding="utf-8")


def test_draft_banner_speaks_the_pages_language_once_the_site_catalog_is_translated(tmp_path: Path) -> None:
    root = copy_case("html", tmp_path)
    assert run(root, "site-strings").exit_code == 0
    assert run(root, "update").exit_code == 0
    po_path = root / "locales/fr/LC_MESSAGES/l10n-site.po"
    po = catalog.read(po_path)
    po.find("Draft translation.").msgstr = "Traduction provisoire."
    banner_text = po[1].msgid
    po.find(banner_text).msgstr = "Les passages surlignés ont été traduits automatiquement et pas encore relus."
    catalog.save(po, po_path)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    french = (root / "dist/fr/visit.html").read_text(encoding="utf-8")
    assert (
        '<p class="l10n-draft-banner" role="note" lang="fr" dir="ltr"><strong>Traduction provisoire.</strong>' in french
    )
    arabic = (root / "dist/ar/visit.html").read_text(encoding="utf-8")  # not translated yet: English, saying so
    assert '<p class="l10n-draft-banner" role="note" lang="en" dir="ltr"><strong>Draft translation.</strong>' in arabic
    assert "l10n-site" not in run(root, "extract").output  # not a lost document


def test_a_draft_text_keeps_its_title_and_gets_the_note_in_its_language(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "site-strings").exit_code == 0
    assert run(root, "update").exit_code == 0
    po_path = root / "locales/fr/LC_MESSAGES/l10n-site.po"
    po = catalog.read(po_path)
    note = "Draft translation: parts of this document have not been reviewed yet."
    po.find(note).msgstr = "Traduction provisoire : une partie du document n'a pas encore été relue."
    catalog.save(po, po_path)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    french = (root / "dist/fr/notice.txt").read_text(encoding="utf-8")
    assert french.startswith("[Traduction provisoire : une partie du document n'a pas encore été relue.]\n\n")
    index = (root / "dist/index.html").read_text(encoding="utf-8")
    assert '<a href="fr/notice.txt" hreflang="fr">Bienvenue à la bibliothèque.</a>' in index
