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

from pipeline.decorate import Alternate, Page, decorate, mark
from pipeline.languages import bcp47, language
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


def test_landing_page_lists_languages_with_native_names_and_direction(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build").exit_code == 0
    index = (root / "dist/index.html").read_text(encoding="utf-8")
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
def test_landing_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    shot = tmp_path / "index.png"
    command = [
        CHROMIUM,
        *chromium_flags(tmp_path / "chromium", 1280, 900),
        f"--screenshot={shot}",
        (root / "dist/index.html").as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    width, height, rows = png_rows(shot)
    assert (width, height) == (1280, 900)
    # A blank page has a handful of distinct scanlines; this one has text, bars and borders.
    assert len(set(rows)) > 150
