"""Golden cases for every format, mdpo style.

Each folder in tests/data/formats/ holds ``input.<suffix>``, the
``expected.pot`` that ``l10n extract`` writes for it, and optionally a
``translated.po`` with the ``expected.<suffix>`` that a build with it gives
(for Word and OpenDocument files, ``expected/`` holds each translated XML part
at its path in the zip, built into Spanish). A case is extracted in paragraph mode unless its ``project.toml``
says otherwise (lines added to the ``[project]`` table).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline import formats
from pipeline.cli import main
from pipeline.formats.package import parts
from pipeline.model import Segment, SplitOptions
from tests.conftest import REPO, make_project

DATA = Path(__file__).parent / "data" / "formats"
CASES = sorted(p for p in DATA.iterdir() if p.is_dir())
_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.M)


def _input(case: Path) -> Path:
    (found,) = [p for p in case.iterdir() if p.stem == "input"]
    return found


def _extract(case: Path, root: Path) -> str:
    """The template ``l10n extract`` writes for the case."""
    extra = (case / "project.toml").read_text(encoding="utf-8") if (case / "project.toml").exists() else ""
    if "segmentation" not in extra:
        extra += 'segmentation = "paragraph"\n'
    project = make_project(root, extra=extra)
    source = _input(case)
    shutil.copy(source, project / "source" / source.name)
    result = CliRunner().invoke(main, ["--project", str(project), "extract"])
    assert result.exit_code == 0, result.output
    return (project / "locales" / "input.pot").read_text(encoding="utf-8")


def test_there_are_enough_cases() -> None:
    suffixes = [_input(case).suffix for case in CASES]
    assert suffixes.count(".md") >= 10
    assert suffixes.count(".html") >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_extract_writes_the_expected_template(case: Path, tmp_path: Path) -> None:
    got = _extract(case, tmp_path)
    want = (case / "expected.pot").read_text(encoding="utf-8")
    assert _DATE.sub("", got) == _DATE.sub("", want)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_template_passes_msgfmt_check(case: Path, tmp_path: Path) -> None:
    pot = tmp_path / "case.pot"
    pot.write_text(_extract(case, tmp_path / "project"), encoding="utf-8")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(pot)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def _round_trip(path: Path, options: SplitOptions) -> tuple[str | bytes, str | bytes]:
    fmt = formats.for_path(path)
    if isinstance(fmt, formats.Package):  # Word, OpenDocument: the file itself
        data = path.read_bytes()
        return fmt.build(fmt.load(data, path.name, options), lambda segment: None, None), data
    text = path.read_text(encoding="utf-8")
    return fmt.render(fmt.split(text, path.name, options), lambda segment: None), text


@pytest.mark.parametrize("segmentation", ["sentence", "paragraph"])
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_an_empty_catalog_rebuilds_the_source_exactly(case: Path, segmentation: str) -> None:
    got, want = _round_trip(_input(case), SplitOptions(segmentation=segmentation))
    assert got == want


@pytest.mark.parametrize("path", sorted((REPO / "source").iterdir()), ids=lambda p: p.name)
def test_the_repository_sources_rebuild_exactly(path: Path) -> None:
    got, want = _round_trip(path, SplitOptions())
    assert got == want


TRANSLATED = [case for case in CASES if (case / "translated.po").exists()]


@pytest.mark.parametrize("case", TRANSLATED, ids=lambda p: p.name)
def test_a_translated_build_gives_the_expected_document(case: Path) -> None:
    source = _input(case)
    extra = (case / "project.toml").read_text(encoding="utf-8") if (case / "project.toml").exists() else ""
    options = SplitOptions(segmentation="sentence" if 'segmentation = "sentence"' in extra else "paragraph")
    table = {e.msgid: e.msgstr for e in polib.pofile(str(case / "translated.po")) if e.msgstr and not e.fuzzy}
    warnings: list[str] = []

    def warn(segment: Segment, problem: str) -> None:
        warnings.append(f"{segment.msgid}: {problem}")

    fmt = formats.for_path(source)
    if isinstance(fmt, formats.Package):
        # Word, OpenDocument: expected/ holds every translated part at its path in the zip.
        document = fmt.load(source.read_bytes(), source.name, options)
        built = dict(parts(fmt.build(document, lambda segment: table.get(segment.msgid), "es"), source.name, ""))
        expected = sorted(p for p in (case / "expected").rglob("*") if p.is_file())
        assert expected
        for part in expected:
            assert built[part.relative_to(case / "expected").as_posix()] == part.read_bytes(), part.name
        return
    document = fmt.split(source.read_text(encoding="utf-8"), source.name, options)
    got = fmt.render(document, lambda segment: table.get(segment.msgid), warn=warn)  # type: ignore[call-arg]
    want = (case / f"expected{source.suffix}").read_text(encoding="utf-8")
    assert got == want
    expected_warnings = case / "expected-warnings.txt"
    if expected_warnings.exists():
        assert warnings == expected_warnings.read_text(encoding="utf-8").splitlines()
    else:
        assert warnings == []
