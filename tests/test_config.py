"""l10n.toml: every bad setting is one clear line naming file and line, exit 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import config
from pipeline.cli import main

BAD_CONFIGS = [
    # (l10n.toml text, the line the error names, words the message must contain)
    ('[project]\nlocales = ["fr"]\ncolour = "blue"\n', 3, "unknown key 'colour' in [project]"),
    ('[project]\nlocales = ["fr", "xx-YY"]\n', 2, "Babel does not know the locale 'xx-YY'"),
    ('[project]\nlocales = ["fr"]\nsource_dir = "nowhere"\n', 3, "source folder 'nowhere' does not exist"),
    ('[project]\nlocales = ["fr"]\n[translate]\nbeam_size = 0\n', 4, "'beam_size' in [translate] must be at least 1"),
    ('[project]\nlocales = ["fr"]\n[build]\npolicy = "everything"\n', 4, "'policy' in [build] must be one of"),
    ('[project]\nlocales = ["fr"]\n[build]\nmin_reviewed = 120\n', 4, "percentage from 0 to 100"),
    ('[project]\nlocales = ["fr"]\n[publish]\nx = 1\n', 3, "unknown section [publish]"),
    ('[project]\nlocales = "fr"\n', 2, "'locales' in [project] must be a list"),
    (
        '[project]\nlocales = ["fr"]\n[locales.de]\nengine = "x"\n',
        3,
        "[locales.de] is not one of the project's locales",
    ),
    ('[project]\nlocales = ["fr"]\n[locales.fr]\nengin = "x"\n', 4, "unknown key 'engin' in [locales.fr]"),
    ('[project]\nlocales = ["fr"\n', 2, "not valid TOML"),
    ('[project]\nsegmentation = "word"\nlocales = ["fr"]\n', 2, "'segmentation' must be one of sentence, paragraph"),
    ('[project]\nlocales = ["pt_BR", "pt-BR"]\n', 2, "'pt_BR' and 'pt-BR' in 'locales' are the same locale"),
    ('[project]\nlocales = ["fr", "fr-fr", "fr_FR"]\n', 2, "'fr-fr' and 'fr_FR' in 'locales' are the same locale"),
    ('[project]\nlocales = ["sr@latin", "sr-Latn"]\n', 2, "'sr@latin' and 'sr-Latn' in 'locales' are the same"),
    # Odd locale codes: each made a second hreflang="en", a lang="c", or a folder no other tool finds.
    ('[project]\nlocales = ["fr", "EN"]\n', 2, "'EN' is not written as a language code (write 'en')"),
    ('[project]\nlocales = ["fr", "FR"]\n', 2, "'FR' is not written as a language code (write 'fr')"),
    ('[project]\nlocales = ["C"]\n', 2, "'C' is not a language"),
    ('[project]\nlocales = ["C.UTF-8"]\n', 2, "'C.UTF-8' is not a language"),
    ('[project]\nlocales = ["POSIX"]\n', 2, "'POSIX' is not a language"),
    ('[project]\nlocales = ["root"]\n', 2, "'root' is not a language"),
    ('[project]\nlocales = ["und"]\n', 2, "'und' is not a language"),
    ('[project]\nlocales = ["fr@euro"]\n', 2, "'fr@euro' has a modifier '@euro' that is no script or variant"),
    ('[project]\nlocales = ["fr_FR.UTF-8"]\n', 2, "'fr_FR.UTF-8' names a character set (write 'fr_FR'"),
    ('[project]\nsource_language = "C"\nlocales = ["fr"]\n', 2, "'C' is not a language"),
    ('[project]\nlocales = ["fr", "en"]\n', 2, "'en' in 'locales' is the source language 'en'"),
    ('[project]\nsource_language = "en-US"\nlocales = ["en_US"]\n', 3, "is the source language"),
    ('[project]\nlocales = ["fr"]\n[translate]\nengines = ["apertiumm"]\n', 4, "unknown engine 'apertiumm'"),
    ('[project]\nlocales = ["fr"]\n[translate]\ncompute_type = "bogus"\n', 4, "unknown compute_type 'bogus'"),
    ('[project]\nlocales = ["fr"]\n[locales.fr]\nengine = "argoss"\n', 4, "unknown engine 'argoss' in [locales.fr]"),
    ('[project]\nlocales = ["fr"]\n[locales.fr]\npivot = "C"\n', 4, "'C' is not a language"),
    ('[project]\nlocales = ["fr"]\n[translate]\npivots = ["es", "fr_FR.UTF-8"]\n', 4, "names a character set"),
    ('[project]\nlocales = ["fr"]\nlocales_dir = "source"\n', 3, "'source_dir' and 'locales_dir' must be separate"),
    ('[project]\nlocales = ["fr"]\ndist_dir = "./source/"\n', 3, "'source_dir' and 'dist_dir' must be separate"),
    ('[project]\nlocales = ["fr"]\ndist_dir = "locales/out"\n', 3, "'locales_dir' and 'dist_dir' must be separate"),
    (
        '[project]\nlocales = ["fr"]\n[segmentation]\nabbreviations.de = ["Abg. Fr."]\n',
        4,
        "'Abg. Fr.' is not an abbreviation",
    ),
    ('[project]\nlocales = ["fr"]\n[segmentation]\nabbreviations.de = [".x"]\n', 4, "'.x' is not an abbreviation"),
    ('[project]\nlocales = ["fr"]\n[segmentation]\nabbreviations.de = [1]\n', 4, "must be a list of strings or a file"),
    ('[project]\nlocales = ["fr"]\n[segmentation]\nabbreviations.xx-YY = ["Abg."]\n', 4, "Babel does not know"),
    (
        '[project]\nlocales = ["fr"]\n[segmentation]\nabbreviations.de = "none.txt"\n',
        4,
        "cannot read the abbreviations",
    ),
    ('[project]\nlocales = ["fr"]\n[segmentation]\nunits = "word"\n', 4, "unknown key 'units' in [segmentation]"),
    ('[project]\nlocales = ["fr"]\n[segmentation]\nabbreviations.de = "../x.txt"\n', 4, "is outside the project"),
    ('[project]\nlocales = ["fr"]\n[segmentation]\nabbreviations.de = "/etc/passwd"\n', 4, "is outside the project"),
    ('[project]\nlocales = ["fr"]\n[segmentation]\nabbreviations.de = "source"\n', 4, "cannot read the abbreviations"),
    ('[project]\nlocales = ["fr"]\n[segmentation.abbreviations]\nen = ["a b"]\n', 4, "'a b' is not an abbreviation"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_CONFIGS)
def test_bad_setting_is_one_clear_line_and_exit_2(tmp_path: Path, text: str, line: int, message: str) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "l10n.toml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "extract"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1, result.output
    assert f"l10n.toml:{line}: " in result.output
    assert message in result.output


def test_a_config_saved_with_a_byte_order_mark_and_crlf_loads(tmp_path: Path) -> None:
    """Notepad's "UTF-8" has a BOM; tomllib refused it as 'Invalid statement' at line 1."""
    (tmp_path / "source").mkdir()
    (tmp_path / "l10n.toml").write_bytes(b'\xef\xbb\xbf[project]\r\nlocales = ["fr"]\r\n')
    assert config.load(tmp_path).locales == ("fr",)


def test_a_config_not_in_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "l10n.toml").write_bytes(b'[project]\nname = "caf\xe9"\nlocales = ["fr"]\n')
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "extract"])
    assert result.exit_code == 2
    assert "l10n.toml:2: configuration is not valid UTF-8 (byte 0xe9)" in result.output


def test_missing_config_says_how_to_start(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "extract"])
    assert result.exit_code == 2
    assert "l10n init" in result.output


def test_init_writes_a_starter_config_that_loads(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "docs")])
    assert result.exit_code == 0, result.output
    loaded = config.load(tmp_path / "docs")
    assert loaded.locales == ("fr", "es", "ar")
    assert (tmp_path / "docs" / "source").is_dir()
    again = CliRunner().invoke(main, ["init", str(tmp_path / "docs")])
    assert again.exit_code == 1 and "not overwritten" in again.output


def test_sample_config_is_valid() -> None:
    loaded = config.load(Path(__file__).resolve().parent.parent)
    assert loaded.locales == ("fr", "es", "ar", "en-XA", "ar-XB")
    assert loaded.locale("en-XA").engine == "pseudo"
    assert loaded.min_reviewed("fr") == 80.0


def test_catalogs_and_builds_inside_the_source_folder_are_not_read_as_documents(tmp_path: Path) -> None:
    """With dist_dir = "source/out", the second extract used to fail on the built .mo files."""
    root = tmp_path / "docs"
    (root / "source").mkdir(parents=True)
    (root / "source" / "page.txt").write_text("Hello there.\n", encoding="utf-8")
    (root / "l10n.toml").write_text(
        '[project]\nlocales = ["fr"]\nlocales_dir = "source/po"\ndist_dir = "source/out"\n', encoding="utf-8"
    )
    for command in (["extract"], ["update"], ["build", "--policy", "draft"], ["extract"]):
        result = CliRunner().invoke(main, ["-C", str(root), *command])
        assert result.exit_code == 0, result.output
    assert result.output == "source/po/page.pot: 1 entries from 1 segments (unchanged)\n"
    assert [p.name for p in config.load(root).documents()] == ["page.txt"]


def test_a_symlinked_source_is_referenced_by_its_own_path(tmp_path: Path) -> None:
    """Not by its target's: that was a machine-specific path for a file elsewhere in the project."""
    root = tmp_path / "docs"
    shared = root / "shared" / "intro.txt"
    shared.parent.mkdir(parents=True)
    shared.write_text("Hello from a shared file.\n", encoding="utf-8")
    (root / "source").mkdir(parents=True)
    (root / "source" / "intro.txt").symlink_to(shared)
    (root / "source" / "same.txt").symlink_to("intro.txt")
    (root / "l10n.toml").write_text('[project]\nlocales = ["fr"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "extract"])
    assert result.exit_code == 0, result.output
    assert "#: source/intro.txt:1\n" in (root / "locales" / "intro.pot").read_text(encoding="utf-8")
    assert "#: source/same.txt:1\n" in (root / "locales" / "same.pot").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "where", "message"),
    [
        (lambda root: (root / "file").write_text("x"), "file/docs", "cannot create the project folder"),
        (lambda root: ((root / "docs").mkdir(), (root / "docs" / "source").write_text("x")), "docs", "not a folder"),
    ],
)
def test_init_that_cannot_finish_is_one_error_line_and_writes_nothing(
    tmp_path: Path, make: Callable[[Path], object], where: str, message: str
) -> None:
    make(tmp_path)
    result = CliRunner().invoke(main, ["init", str(tmp_path / where)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not list(tmp_path.rglob("l10n.toml"))


@pytest.mark.parametrize("pattern", ["drafts", "drafts/", "drafts/*", "dra*"])
def test_an_exclude_pattern_naming_a_folder_leaves_out_all_of_it(tmp_path: Path, pattern: str) -> None:
    root = tmp_path / "docs"
    (root / "source" / "drafts" / "old").mkdir(parents=True)
    for name in ("page.md", "drafts/idea.md", "drafts/old/note.md"):
        (root / "source" / name).write_text("Hello.\n", encoding="utf-8")
    (root / "l10n.toml").write_text(f'[project]\nlocales = ["fr"]\nexclude = ["{pattern}"]\n', encoding="utf-8")
    assert [p.name for p in config.load(root).documents()] == ["page.md"]


def test_a_symlinked_folder_of_sources_is_read_and_a_link_loop_is_not_followed_forever(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    shared = root / "shared"
    shared.mkdir(parents=True)
    (shared / "common.md").write_text("Shared text.\n", encoding="utf-8")
    (root / "source").mkdir(parents=True)
    (root / "source" / "page.md").write_text("Hello.\n", encoding="utf-8")
    (root / "source" / "shared").symlink_to(shared)
    (root / "source" / "loop").symlink_to(".")
    (root / "l10n.toml").write_text('[project]\nlocales = ["fr"]\n', encoding="utf-8")
    loaded = config.load(root)
    assert [loaded.doc_name(p) for p in loaded.documents()] == ["page", "shared/common"]


def test_gettext_and_bcp47_spellings_of_real_locales_still_load(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    codes = ["pt_BR", "sr@latin", "zh-Hant", "ca@valencia", "es-419", "en-XA", "en-GB"]
    listed = ", ".join(f'"{code}"' for code in codes)
    text = f'[project]\nlocales = [{listed}]\n[locales.pt_BR]\nengine = "none"\n[translate]\ncompute_type = "int8"\n'
    (tmp_path / "l10n.toml").write_text(text, encoding="utf-8")
    loaded = config.load(tmp_path)
    assert loaded.locales == tuple(codes)
    assert loaded.locale("pt_BR").engine == "none" and loaded.translate.compute_type == "int8"


def test_an_unknown_engine_names_the_valid_ones(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "l10n.toml").write_text('[project]\nlocales = ["fr"]\n[translate]\nengines = ["apertiumm"]\n')
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "status"])
    assert result.exit_code == 2
    assert "l10n.toml:4: unknown engine 'apertiumm' in 'engines' (known: " in result.output
    assert all(name in result.output for name in ("argos", "apertium", "pivot", "pseudo"))
    assert "install an Argos package" not in result.output


def _german_project(tmp_path: Path, segmentation: str) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "rede.txt").write_text(
        "Es sprach Abg. Müller im Landtag. Danach sprach Ziff. Sieben nicht.\n", encoding="utf-8"
    )
    (tmp_path / "l10n.toml").write_text(
        f'[project]\nsource_language = "de"\nlocales = ["fr"]\nsegmentation = "sentence"\n{segmentation}',
        encoding="utf-8",
    )
    return tmp_path


def _msgids(project: Path) -> list[str]:
    import polib

    result = CliRunner().invoke(main, ["-C", str(project), "extract"])
    assert result.exit_code == 0, result.output
    return [entry.msgid for entry in polib.pofile(str(project / "locales" / "rede.pot"))]


def test_without_house_abbreviations_abg_ends_a_sentence(tmp_path: Path) -> None:
    assert _msgids(_german_project(tmp_path, ""))[:2] == ["Es sprach Abg.", "Müller im Landtag."]


@pytest.mark.parametrize("style", ["list", "file"])
def test_house_abbreviations_from_the_config_or_a_file_keep_the_sentence_whole(tmp_path: Path, style: str) -> None:
    if style == "list":
        table = '[segmentation]\nabbreviations.de = ["Abg.", "Ziff"]\n'
    else:
        table = '[segmentation]\nabbreviations.de = "house.txt"\n'
        (tmp_path / "house.txt").write_text("# our newsroom\nAbg.\n\nZiff.\n", encoding="utf-8")
    assert _msgids(_german_project(tmp_path, table)) == [
        "Es sprach Abg. Müller im Landtag.",
        "Danach sprach Ziff. Sieben nicht.",
    ]


def test_a_bad_line_in_an_abbreviations_file_is_named(tmp_path: Path) -> None:
    project = _german_project(tmp_path, '[segmentation]\nabbreviations.de = "house.txt"\n')
    (tmp_path / "house.txt").write_text("Abg.\nZiff. 7\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(project), "extract"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1, result.output
    assert "house.txt:2: 'Ziff. 7' is not an abbreviation" in result.output
    assert not (project / "locales" / "rede.pot").exists()


def test_build_cuts_the_source_as_extract_did(tmp_path: Path) -> None:
    """House abbreviations reach build too: it re-splits the source to find each entry."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "notes.txt").write_text("We heard Cllr. Jones speak. Then we left.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        '[project]\nlocales = ["en-XA"]\n[segmentation]\nabbreviations.en = ["Cllr."]\n'
        '[build]\npublish_pseudo = true\n[locales.en-XA]\nengine = "pseudo"\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    for command in (["extract"], ["update"], ["translate"], ["build", "--policy", "draft"]):
        result = runner.invoke(main, ["-C", str(tmp_path), *command])
        assert result.exit_code == 0, (command, result.output)
    import polib

    assert polib.pofile(str(tmp_path / "locales" / "notes.pot"))[0].msgid == "We heard Cllr. Jones speak."
    built = (tmp_path / "dist" / "en-XA" / "notes.txt").read_text(encoding="utf-8")
    assert "We heard" not in built  # the whole sentence was found in the catalog and translated
