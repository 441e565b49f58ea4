"""l10n.toml: every bad setting is one clear line naming file and line, exit 2."""

from __future__ import annotations

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
