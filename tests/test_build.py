"""``l10n build``: golden outputs per format and policy, thresholds, .mo files, manifest, incremental writes."""

from __future__ import annotations

import difflib
import gettext
import hashlib
import json
import os
import shutil
from pathlib import Path

import html5lib
import polib
import pytest
from click.testing import CliRunner, Result

from pipeline import catalog, formats
from pipeline.build import select
from pipeline.cli import main
from pipeline.errors import SourceError
from pipeline.model import SplitOptions

DATA = Path(__file__).parent / "data" / "build"
CASES = sorted((case.name, policy.name) for case in DATA.iterdir() for policy in sorted((case / "expected").iterdir()))
NOT_DOCUMENTS = ("index.html", "status.html", "manifest.json")


def copy_case(name: str, tmp_path: Path) -> Path:
    """A writable copy of a case's project (without its expected outputs)."""
    root = tmp_path / name
    shutil.copytree(DATA / name, root, ignore=shutil.ignore_patterns("expected"))
    return root


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)


def documents(dist: Path) -> dict[str, bytes]:
    """The published documents in dist/ (not the landing page, manifest or .mo files)."""
    return {
        p.relative_to(dist).as_posix(): p.read_bytes()
        for p in sorted(dist.rglob("*"))
        if p.is_file() and p.name not in NOT_DOCUMENTS and p.relative_to(dist).parts[0] != "locale"
    }


def needs_formats(root: Path) -> None:
    for path in (root / "source").rglob("*.*"):
        try:
            formats.for_path(path)
        except SourceError:
            pytest.skip(f"no format for {path.suffix} yet")


def html_errors(text: str) -> list[str]:
    """What a conforming HTML parser objects to (a missing doctype is allowed in fragments)."""
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(text)
    return [f"{line}:{col} {code} {data}" for (line, col), code, data in parser.errors if "doctype" not in code]


@pytest.mark.parametrize(("case", "policy"), CASES)
def test_golden_outputs(case: str, policy: str, tmp_path: Path) -> None:
    root = copy_case(case, tmp_path)
    needs_formats(root)
    result = run(root, "build", "--policy", policy)
    assert result.exit_code == 0, result.output
    expected_dir = DATA / case / "expected" / policy
    got = documents(root / "dist")
    if os.environ.get("L10N_REGENERATE"):
        shutil.rmtree(expected_dir)
        for name, data in got.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes(data)
    expected = {p.relative_to(expected_dir).as_posix(): p.read_bytes() for p in expected_dir.rglob("*") if p.is_file()}
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name].decode() == expected[name].decode(), name


@pytest.mark.parametrize("case", sorted(p.name for p in DATA.iterdir()))
def test_every_html_output_parses_cleanly(case: str, tmp_path: Path) -> None:
    root = copy_case(case, tmp_path)
    needs_formats(root)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    pages = sorted((root / "dist").rglob("*.html"))
    assert pages
    for page in pages:
        assert html_errors(page.read_text(encoding="utf-8")) == [], page


@pytest.mark.parametrize("case", sorted(p.name for p in DATA.iterdir()))
def test_empty_catalogs_rebuild_the_source(case: str, tmp_path: Path) -> None:
    root = copy_case(case, tmp_path)
    needs_formats(root)
    shutil.rmtree(root / "locales")
    config = (root / "l10n.toml").read_text(encoding="utf-8").replace("min_reviewed = 80", "min_reviewed = 0")
    (root / "l10n.toml").write_text(config, encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    assert run(root, "build").exit_code == 0
    for source in sorted((root / "source").rglob("*.*")):
        rel = source.relative_to(root / "source")
        for code in ("en", "fr", "ar"):
            out = (root / "dist" / code / rel).read_text(encoding="utf-8")
            text = source.read_text(encoding="utf-8")
            if source.suffix != ".html":
                assert out == text, (code, rel)
                continue
            # HTML gains lang/dir on <html> and inserted alternates and switcher, nothing else.
            matcher = difflib.SequenceMatcher(None, text, out, autojunk=False)
            for op, i1, i2, _, _ in matcher.get_opcodes():
                assert op in ("equal", "insert") or "<html" in text[max(0, i1 - 60) : i2 + 5], (code, rel, op)


def test_below_threshold_not_published_says_so_and_removes_stale_output(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    assert (root / "dist/ar/notice.txt").exists()
    result = run(root, "build")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.startswith("ar:")]
    assert lines == [
        "ar: dist/ar/notice.txt not published: 20% of words reviewed, below 80% ([build] min_reviewed in l10n.toml)"
    ]
    assert not (root / "dist/ar").exists()
    assert (root / "dist/fr/notice.txt").exists()
    manifest = json.loads((root / "dist/manifest.json").read_text(encoding="utf-8"))
    assert "ar/notice.txt" not in {f["path"] for f in manifest["files"]}


def test_per_locale_threshold(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    with (root / "l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[locales.ar]\nmin_reviewed = 20\n\n[locales.fr]\nmin_reviewed = 90\n")
    result = run(root, "build")
    assert result.exit_code == 0
    assert (root / "dist/ar/notice.txt").read_text(encoding="utf-8").startswith("مرحبا بكم في المكتبة.")
    assert not (root / "dist/fr/notice.txt").exists()
    assert "fr: dist/fr/notice.txt not published: 85% of words reviewed, below 90% ([locales.fr]" in result.output


def test_draft_counts_machine_words_towards_the_threshold(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    result = run(root, "build", "--policy", "draft")
    assert "not published" not in result.output
    text = (root / "dist/ar/notice.txt").read_text(encoding="utf-8")
    assert text.startswith("[Draft translation:")


def test_incremental_build_rewrites_only_what_depends_on_the_changed_catalog(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build").exit_code == 0
    dist = root / "dist"
    old = 1_000_000_000
    for path in dist.rglob("*"):
        os.utime(path, (old, old))
    again = run(root, "build")
    assert "0 file(s) written" in again.output
    assert all(p.stat().st_mtime == old for p in dist.rglob("*") if p.is_file())

    po_path = root / "locales/fr/LC_MESSAGES/notice.po"
    po = catalog.read(po_path)
    po.find("Welcome to the library.").msgstr = "Bienvenue dans la bibliothèque."
    catalog.save(po, po_path)
    result = run(root, "build")
    changed = sorted(
        p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file() and p.stat().st_mtime != old
    )
    # That entry is the French version's title, which both landing pages show; nothing else changed.
    assert changed == ["fr/notice.txt", "index.html", "locale/fr/LC_MESSAGES/notice.mo", "manifest.json", "status.html"]
    assert "5 file(s) written" in result.output

    po.find("The reading room opens at nine.").msgstr = "La salle de lecture ouvre à 9 heures."
    catalog.save(po, po_path)
    for path in dist.rglob("*"):
        os.utime(path, (old, old))
    run(root, "build")
    changed = sorted(
        p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file() and p.stat().st_mtime != old
    )
    assert "index.html" not in changed and "status.html" not in changed  # not a title, same figures


def test_mo_files_compile_and_load_with_gettext(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build").exit_code == 0
    mo_path = root / "dist/locale/fr/LC_MESSAGES/notice.mo"
    with mo_path.open("rb") as handle:
        fr = gettext.GNUTranslations(handle)
    assert fr.gettext("Welcome to the library.") == "Bienvenue à la bibliothèque."
    assert fr.gettext("Please keep silent.") == "Please keep silent."  # machine: not under 'reviewed'
    assert run(root, "build", "--policy", "draft").exit_code == 0
    with mo_path.open("rb") as handle:
        fr = gettext.GNUTranslations(handle)
    assert fr.gettext("Please keep silent.") == "Veuillez garder le silence."


def test_mo_compile_error_is_reported_with_file_and_line(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    po_path = root / "locales/fr/LC_MESSAGES/notice.po"
    text = po_path.read_text(encoding="utf-8")
    text += '\n#, python-format\nmsgid "%(count)d books"\nmsgstr "%(nombre)d livres"\n'
    po_path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgid "%(count)d books"') + 1
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 1
    assert f"locales/fr/LC_MESSAGES/notice.po:{line}: cannot compile: unknown named placeholder 'nombre'" in (
        result.output
    )
    assert not (root / "dist/locale/fr/LC_MESSAGES/notice.mo").exists()
    assert (root / "dist/locale/ar/LC_MESSAGES/notice.mo").exists()


def test_wrong_number_of_plural_forms_is_a_compile_error(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    po_path = root / "locales/ar/LC_MESSAGES/notice.po"
    text = po_path.read_text(encoding="utf-8") + '\nmsgid "a book"\nmsgid_plural "books"\n'
    text += "".join(f'msgstr[{n}] "كتاب"\n' for n in range(8))
    po_path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 1
    assert "locales/ar/LC_MESSAGES/notice.po:" in result.output
    assert "cannot compile: Wrong number of plural forms (expected 6)" in result.output


def test_a_header_without_language_or_plural_forms_gets_the_locales_in_the_mo(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    po_path = root / "locales/ar/LC_MESSAGES/notice.po"
    lines = po_path.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith(('"Language:', '"Plural-Forms:')))
    text += '\nmsgid "one book"\nmsgid_plural "%d books"\n'
    text += "".join(f'msgstr[{n}] "%d كتاب {n}"\n' for n in range(6))
    po_path.write_text(text, encoding="utf-8")
    assert run(root, "build").exit_code == 0
    with (root / "dist/locale/ar/LC_MESSAGES/notice.mo").open("rb") as handle:
        ar = gettext.GNUTranslations(handle)
    assert ar.info()["language"] == "ar"
    assert [ar.ngettext("one book", "%d books", n) for n in (0, 1, 2, 5, 11, 100)] == [
        f"%d كتاب {form}" for form in range(6)
    ]


def test_markup_in_a_translation_falls_back_with_a_warning_naming_catalog_and_line(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    po_path = root / "locales/fr/LC_MESSAGES/notice.po"
    po = catalog.read(po_path)
    po.find("Welcome to the library.").msgstr = "Bienvenue <1>à la</1> bibliothèque."
    catalog.save(po, po_path)
    line = po_path.read_text(encoding="utf-8").splitlines().index('msgstr "Bienvenue <1>à la</1> bibliothèque."') + 1
    result = CliRunner().invoke(main, ["-C", str(root), "build", "--policy", "draft"])
    assert result.exit_code == 0
    assert f"warning: locales/fr/LC_MESSAGES/notice.po:{line}: translation's tags do not match the source" in (
        result.output
    )
    assert (root / "dist/fr/notice.txt").read_text(encoding="utf-8").split("\n\n")[1] == "Welcome to the library."


def test_a_whitespace_only_translation_keeps_the_source_text_with_a_warning(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    po_path = root / "locales/fr/LC_MESSAGES/notice.po"
    po = catalog.read(po_path)
    po.find("Welcome to the library.").msgstr = " "
    catalog.save(po, po_path)
    result = run(root, "build", "--policy", "draft")
    assert result.exit_code == 0
    assert "notice.po:" in result.output and "translation is only whitespace; the source text is used" in result.output
    assert "Welcome to the library." in (root / "dist/fr/notice.txt").read_text(encoding="utf-8")


def test_raw_markup_in_markup_formats_is_refused() -> None:
    document = formats.for_path("notice.txt").split("Read the notice.\n", "notice.txt", SplitOptions())
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Read the notice.", msgstr='Lisez <script>alert("x")</script> l\'avis.'))
    picked = select(document, po, "reviewed", Path("/nonexistent.po"), "fr.po", markup=True)
    assert picked.table == {}
    assert "markup the source does not have (<script" in picked.warnings[0].message
    assert picked.coverage.words.untranslated == 3
    plain = select(document, po, "reviewed", Path("/nonexistent.po"), "fr.po", markup=False)
    assert plain.warnings == ()


def test_manifest_lists_every_file_with_its_checksum_and_review_counts(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    dist = root / "dist"
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(listed) == on_disk
    for name, record in listed.items():
        assert record["sha256"] == hashlib.sha256((dist / name).read_bytes()).hexdigest()
    fr = listed["fr/notice.txt"]
    assert (fr["locale"], fr["document"], fr["completeness"], fr["draft"]) == ("fr", "notice", 85.0, True)
    assert fr["words"] == {"untranslated": 0, "machine": 3, "needs review": 0, "reviewed": 17}
    assert fr["segments"] == {"untranslated": 0, "machine": 1, "needs review": 0, "reviewed": 3}
    assert fr["engines"] == ["machine apertium eng-fra 1.0"]
    assert listed["en/notice.txt"]["completeness"] == 100.0
    assert listed["locale/fr/LC_MESSAGES/notice.mo"]["messages"] == 4


def test_partial_build_leaves_other_locales_alone(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    result = run(root, "build", "--locale", "fr")
    assert result.exit_code == 0
    assert (root / "dist/ar/notice.txt").exists()


def test_files_of_locales_a_partial_build_skipped_stay_listed_and_are_removed_later(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    dist = root / "dist"
    assert run(root, "build", "--policy", "draft").exit_code == 0
    assert run(root, "build", "--locale", "fr", "--policy", "draft").exit_code == 0
    listed = {f["path"] for f in json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert {"ar/notice.txt", "locale/ar/LC_MESSAGES/notice.mo"} <= listed
    (root / "locales/ar/LC_MESSAGES/notice.po").unlink()  # Arabic is no longer published
    assert run(root, "build", "--policy", "draft").exit_code == 0
    assert not (dist / "ar").exists() and not (dist / "locale/ar").exists()
    listed = {f["path"] for f in json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["files"]}
    on_disk = {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk


def test_a_locale_dropped_from_the_configuration_is_removed_from_dist(tmp_path: Path) -> None:
    root = copy_case("text", tmp_path)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    assert (root / "dist/ar/notice.txt").exists()
    config = root / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"fr", "ar"', '"fr"'), encoding="utf-8")
    result = run(root, "build", "--locale", "fr", "--policy", "draft")  # a partial build too
    assert result.exit_code == 0
    assert not (root / "dist/ar").exists() and not (root / "dist/locale/ar").exists()
    assert (root / "dist/fr/notice.txt").exists()


def test_right_to_left_pages_say_so(tmp_path: Path) -> None:
    root = copy_case("html", tmp_path)
    needs_formats(root)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    for code, direction in (("ar", "rtl"), ("ar-XB", "rtl"), ("fr", "ltr"), ("en", "ltr")):
        text = (root / "dist" / code / "visit.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}" dir="{direction}">' in text


def test_script_in_an_html_translation_falls_back_with_a_warning(tmp_path: Path) -> None:
    root = copy_case("html", tmp_path)
    needs_formats(root)
    po_path = root / "locales/fr/LC_MESSAGES/visit.po"
    po = catalog.read(po_path)
    attack = "Apportez <script>alert(1)</script> votre carte."
    po.find("Bring your card.").msgstr = attack
    po.find("Bring your card.").tcomment = "l10n: ignore html"  # past the review gate: the build still refuses it
    catalog.save(po, po_path)
    line = po_path.read_text(encoding="utf-8").splitlines().index(f'msgstr "{attack}"') + 1
    result = run(root, "build")
    assert result.exit_code == 0
    assert (
        f"warning: locales/fr/LC_MESSAGES/visit.po:{line}: translation contains markup the source does not have "
        "(<script…); the source text is used"
    ) in result.output
    page = (root / "dist/fr/visit.html").read_text(encoding="utf-8")
    assert '<li><span lang="en" dir="ltr">Bring your card.</span></li>' in page  # the source, saying so
    assert "<script" not in page


@pytest.mark.parametrize("fuzzy", [False, True], ids=["reviewed", "machine"])
def test_stray_draft_mark_characters_in_a_translation_keep_the_page_well_formed(tmp_path: Path, fuzzy: bool) -> None:
    root = copy_case("html", tmp_path)
    needs_formats(root)
    po_path = root / "locales/fr/LC_MESSAGES/visit.po"
    po = catalog.read(po_path)
    stray = (("Please keep silent.", "Silence \ufdd0 s'il vous plaît."), ("Bring your card.", "\ufdd2Carte."))
    for msgid, text in stray:
        entry = po.find(msgid)
        entry.msgstr = text
        entry.flags = ["fuzzy"] if fuzzy else []
    catalog.save(po, po_path)
    assert run(root, "build", "--policy", "draft").exit_code == 0
    page = (root / "dist/fr/visit.html").read_text(encoding="utf-8")
    assert html_errors(page) == []
    assert "Silence  s'il vous plaît." in page and "\ufdd0" not in page and "\ufdd2" not in page


def test_a_less_than_sign_in_a_translation_is_text_not_markup(tmp_path: Path) -> None:
    root = copy_case("html", tmp_path)
    needs_formats(root)
    po_path = root / "locales/fr/LC_MESSAGES/visit.po"
    po = catalog.read(po_path)
    entry = po.find("Please keep silent.")
    entry.msgstr, entry.flags = "Silence : bruit < seuil.", []
    catalog.save(po, po_path)
    result = run(root, "build")
    assert "visit.po" not in result.output  # not refused as markup
    assert "Silence : bruit &lt; seuil." in (root / "dist/fr/visit.html").read_text(encoding="utf-8")


def test_markdown_draft_note_goes_after_front_matter(tmp_path: Path) -> None:
    root = copy_case("markdown", tmp_path)
    needs_formats(root)
    source = root / "source/guide.md"
    source.write_text("---\ntitle: Borrowing\n---\n\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    assert run(root, "build", "--policy", "draft").exit_code == 0
    text = (root / "dist/ar/guide.md").read_text(encoding="utf-8")
    front, rest = text.split("---\n\n", 1)
    assert front.startswith("---\n") and "title:" in front
    assert rest.startswith("> **Draft translation: parts of this document have not been reviewed yet.**\n\n# ")


def test_base_url_makes_alternates_absolute(tmp_path: Path) -> None:
    root = copy_case("html", tmp_path)
    needs_formats(root)
    toml = root / "l10n.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("[build]\n", '[build]\nbase_url = "https://example.org/docs/"\n'),
        encoding="utf-8",
    )
    assert run(root, "build").exit_code == 0
    page = (root / "dist/fr/visit.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="https://example.org/docs/en/visit.html">' in page
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/docs/en/visit.html">' in page
