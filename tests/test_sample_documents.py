"""The demo's .docx and .srt of the press release: made from the .txt, the same bytes every time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import formats
from pipeline.formats.package import parts
from pipeline.model import SplitOptions
from tests.conftest import REPO
from tools import sample_documents

TXT = REPO / "source" / "interpol-european-regional-conference.txt"


@pytest.fixture
def made(tmp_path: Path) -> Path:
    source = tmp_path / TXT.name
    shutil.copy(TXT, source)
    assert sample_documents.main([str(source)]) == 0
    return tmp_path


def test_a_second_run_changes_no_file(made: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in made.iterdir()}
    assert sample_documents.main([str(made / TXT.name)]) == 0
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in made.iterdir()}
    assert after == before
    assert capsys.readouterr().out.count("unchanged") == 2


def test_the_word_file_holds_the_release(made: Path) -> None:
    path = made / "interpol-european-regional-conference-word.docx"
    fmt = formats.for_path(path)
    assert isinstance(fmt, formats.Package)
    segments = list(fmt.load(path.read_bytes(), path.name, SplitOptions()).segments())
    kinds = {s.kind for s in segments}
    assert {"heading", "paragraph", "footer", "document title", "document description"} <= kinds
    title = next(s.msgid for s in segments if s.kind == "document title")
    assert title == "INTERPOL European Regional Conference"
    txt = formats.for_path(TXT)
    assert not isinstance(txt, formats.Package)
    sentences = {s.msgid for s in txt.split(TXT.read_text(encoding="utf-8"), TXT.name, SplitOptions()).segments()}
    plain = {s.msgid for s in segments if not s.placeholders and s.kind == "paragraph"}
    assert len(plain & sentences) >= 10  # the release's own sentences, not something else


def test_the_subtitles_cut_sentences_across_cues(made: Path) -> None:
    path = made / "interpol-european-regional-conference-subtitles.srt"
    text = path.read_text(encoding="utf-8")
    fmt = formats.for_path(path)
    assert not isinstance(fmt, formats.Package)
    segments = list(fmt.split(text, path.name, SplitOptions()).segments())
    cues = text.strip().split("\n\n")
    assert len(cues) > len(segments) > 3  # sentences span cues, and are joined back
    assert segments[1].msgid.startswith("LYON, France – The conflict in Ukraine")


def test_the_landing_page_lists_the_word_file_and_the_subtitles(made: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.conftest import make_project

    extra = "[build]\nmin_reviewed = 0\npublish_pseudo = true\n"  # a pseudo-locale stands in for a real one
    project = make_project(made / "project", locales='["ar-XB"]', extra=extra)
    for path in made.iterdir():
        if path.is_file():
            shutil.copy(path, project / "source" / path.name)
    runner = CliRunner()
    for step in (["extract"], ["update"], ["translate"], ["build", "--policy", "draft"]):
        result = runner.invoke(main, ["--project", str(project), *step])
        assert result.exit_code == 0, result.output
    page = (project / "dist" / "index.html").read_text(encoding="utf-8")
    for name in (
        "interpol-european-regional-conference-word.docx",
        "interpol-european-regional-conference-subtitles.srt",
    ):
        assert f'href="ar-XB/{name}"' in page and f'href="en/{name}"' in page
    assert "INTERPOL European Regional Conference" in page  # the Word file's title, from its properties
    built = dict(
        parts((project / "dist" / "ar-XB" / "interpol-european-regional-conference-word.docx").read_bytes(), "", "")
    )
    assert b"<w:bidi/>" in built["word/document.xml"]  # a right-to-left locale
