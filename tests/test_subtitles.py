"""SubRip and WebVTT: cues joined into sentences, shared back out, timings and blocks untouched."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import formats
from pipeline.checks import check_entry
from pipeline.cli import main
from pipeline.model import Segment, SplitOptions
from tests.conftest import make_project

SRT = """1
00:00:01,000 --> 00:00:03,000
The committee met on Monday

2
00:00:03,100 --> 00:00:05,000
to discuss the <i>new budget
for the schools</i> of the city.

3
00:00:06,000 --> 00:00:07,000
It agreed.
"""

TIMING = re.compile(r"^.*-->.*$", re.M)


def _split(text: str, name: str = "a.srt") -> tuple[formats.Format, list[Segment]]:
    fmt = formats.for_path(name)
    return fmt, list(fmt.split(text, name, SplitOptions()).segments())


def test_a_sentence_cut_across_cues_is_one_segment() -> None:
    _, segments = _split(SRT)
    assert [s.msgid for s in segments] == [
        "The committee met on Monday to discuss the <1>new budget for the schools</1> of the city.",
        "It agreed.",
    ]
    assert segments[0].line == 3  # where its text starts
    assert segments[0].kind == "subtitle: 3.90 s, 4 lines"


@pytest.mark.parametrize(
    "translation",
    [
        "El comité se reunió el lunes para debatir el <1>nuevo presupuesto de las escuelas</1> de la ciudad.",
        "<1>Presupuesto</1> nuevo.",
        "El comité se reunió el lunes para debatir con mucha calma y durante horas el <1>nuevo presupuesto "
        "para las escuelas públicas y privadas</1> de toda la ciudad y de sus alrededores.",
    ],
)
def test_a_translation_is_shared_out_over_the_same_cues(translation: str) -> None:
    fmt, segments = _split(SRT)
    document = fmt.split(SRT, "a.srt", SplitOptions())
    got = fmt.render(document, lambda s: translation if s.msgid == segments[0].msgid else None)
    assert TIMING.findall(got) == TIMING.findall(SRT)
    cues = [block.split("\n", 2)[2] for block in got.strip().split("\n\n")]
    assert all(cue.strip() for cue in cues)  # every cue keeps some text
    assert " ".join(" ".join(cues[:2]).split()).replace("</i> <i>", " ").replace("</i>\n<i>", " ") == " ".join(
        translation.replace("<1>", "<i>").replace("</1>", "</i>").split()
    )
    for cue in cues[:2]:  # italics cut by a cue boundary are closed and reopened
        assert cue.count("<i>") == cue.count("</i>")
    assert cues[2] == "It agreed."


def test_longer_text_goes_to_the_cue_that_had_more() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nAnd so\n\n"
        "2\n00:00:02,000 --> 00:00:06,000\nwe walked all the way home in the rain.\n"
    )
    fmt = formats.for_path("a.srt")
    document = fmt.split(text, "a.srt", SplitOptions())
    got = fmt.render(document, lambda s: "Y así volvimos andando a casa bajo la lluvia.")
    first, second = (block.split("\n", 2)[2] for block in got.strip().split("\n\n"))
    assert len(first) < len(second)
    assert "Y así" in first


def test_two_speakers_keep_a_line_each() -> None:
    text = "1\n00:00:01,000 --> 00:00:03,000\n- Where is it?\n- Not here yet.\n"
    fmt = formats.for_path("a.srt")
    document = fmt.split(text, "a.srt", SplitOptions())
    got = fmt.render(document, lambda s: "- ¿Dónde está? - Todavía no ha llegado, espera un poco.")
    assert got.endswith("- ¿Dónde está?\n- Todavía no ha llegado, espera un poco.\n")


def test_webvtt_blocks_and_settings_are_kept(tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\nSTYLE\n::cue { color: lime }\n\nREGION\nid:r\nwidth:40%\n\nNOTE keep this\n\n"
        "one\n00:00:01.000 --> 00:00:02.000 align:start region:r\nHello world.\n"
    )
    fmt = formats.for_path("a.vtt")
    document = fmt.split(text, "a.vtt", SplitOptions())
    assert [s.msgid for s in document.segments()] == ["Hello world."]
    got = fmt.render(document, lambda s: "Hola mundo.")
    assert got == text.replace("Hello world.", "Hola mundo.")


BROKEN = [
    ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:03,000 -> 00:00:04,000\nYo.\n", 6, "broken timing"),
    ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:03:000 --> 00:00:04,000\nYo.\n", 6, "broken timing"),
    ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\nno timing here\n", 6, "broken timing"),
    ("a.srt", "<html><body>not subtitles</body></html>\n", 1, "expected a cue"),
    ("a.vtt", "1\n00:00:01,000 --> 00:00:02,000\nHi.\n", 1, "not a WebVTT file"),
    ("a.srt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n", 1, "not a SubRip file: this is WebVTT"),
    ("a.vtt", "WEBVTT\n\n00:01.000 --> 00:xx.000\nHi.\n", 3, "broken timing"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), BROKEN)
def test_a_broken_file_is_one_error_at_its_line(tmp_path: Path, name: str, text: str, line: int, message: str) -> None:
    project = make_project(tmp_path)
    (project / "source" / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project), "extract"])
    assert result.exit_code == 1
    (shown,) = [row for row in result.output.splitlines() if row.strip()]
    assert shown.startswith(f"l10n: error: source/{name}:{line}: {message}")
    assert "Traceback" not in result.output
    assert not (project / "locales").exists() or not list((project / "locales").rglob("*.pot"))


def _entry(msgid: str, msgstr: str, seconds: float, lines: int) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, comment=f"subtitle: {seconds:.2f} s, {lines} lines")


def test_the_subtitles_check_reports_reading_speed() -> None:
    fast = _entry("Go.", "Vete ahora mismo de aquí, rápido, sin mirar atrás.", 1.0, 2)
    assert "subtitles" in [f.check for f in check_entry(fast, "es")]
    (finding,) = [f for f in check_entry(fast, "es") if f.check == "subtitles"]
    assert "characters a second" in finding.message
    calm = _entry("Go.", "Vete.", 1.0, 2)
    assert [f.check for f in check_entry(calm, "es") if f.check == "subtitles"] == []


def test_the_subtitles_check_reports_lines_that_cannot_fit() -> None:
    words = "palabra " * 20
    entry = _entry("A long line of text.", words.strip(), 60.0, 2)
    (finding,) = [f for f in check_entry(entry, "es") if f.check == "subtitles"]
    assert finding.message == "needs 4 lines of 42 characters, its cues hold 2"


def test_the_subtitles_check_ignores_other_documents() -> None:
    entry = polib.POEntry(msgid="Go.", msgstr="Vete ahora mismo de aquí, rápido, sin mirar atrás.", comment="paragraph")
    assert "subtitles" not in [f.check for f in check_entry(entry, "es")]


def _built(project: Path, name: str, text: str, translation: str, fuzzy: bool) -> bytes:
    (project / "source" / name).write_bytes(text.encode("utf-8"))
    runner = CliRunner()
    assert runner.invoke(main, ["--project", str(project), "extract"]).exit_code == 0
    assert runner.invoke(main, ["--project", str(project), "update"]).exit_code == 0
    po_path = project / "locales" / "es" / "LC_MESSAGES" / f"{Path(name).stem}.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = translation
        entry.flags = ["fuzzy"] if fuzzy else []
    po.save(str(po_path))
    result = runner.invoke(main, ["--project", str(project), "build", "--policy", "draft", "--locale", "es"])
    assert result.exit_code == 0, result.output
    assert (project / "dist" / "en" / name).read_bytes() == text.encode("utf-8")  # the source, as it is
    return (project / "dist" / "es" / name).read_bytes()


def test_a_build_keeps_windows_line_ends_and_timings(tmp_path: Path) -> None:
    project = make_project(tmp_path, locales='["es"]')
    text = "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nHello.\r\n"
    got = _built(project, "clip.srt", text, "Hola.", fuzzy=False)
    assert got == "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nHola.\r\n".encode()


def test_a_draft_subtitle_file_stays_a_valid_file(tmp_path: Path) -> None:
    project = make_project(tmp_path, locales='["es"]')
    srt = _built(project, "clip.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello.\n", "Hola.", fuzzy=True)
    assert srt == b"1\n00:00:01,000 --> 00:00:02,000\nHola.\n"  # SubRip has no comments: no note
    vtt = _built(project, "talk.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHello.\n", "Hola.", fuzzy=True)
    assert vtt.decode().startswith("WEBVTT\n\nNOTE Draft translation")
    assert vtt.decode().endswith("\n\n00:01.000 --> 00:02.000\nHola.\n")


def test_cues_without_a_blank_line_between_them_are_still_cues() -> None:
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nyeah\n00:02.000 --> 00:03.000 align:start\nwhat is this.\n\n"
        "00:04.000 --> 00:05.000\n00:04.000 --> 00:05.500\nDone.\n"
    )
    fmt = formats.for_path("a.vtt")
    document = fmt.split(text, "a.vtt", SplitOptions())
    assert [s.msgid for s in document.segments()] == ["yeah what is this.", "Done."]
    got = fmt.render(document, lambda s: s.msgid.upper())
    assert got == text.replace("yeah", "YEAH").replace("what is this.", "WHAT IS THIS.").replace("Done.", "DONE.")


def test_a_translation_of_the_same_length_is_cut_where_the_source_was() -> None:
    text = "27\n00:00:50,501 --> 00:00:52,500\ntext 2\n\n28\n00:00:52,501 --> 00:00:54,500\nHide these tags now.\n"
    fmt = formats.for_path("a.srt")
    got = fmt.render(fmt.split(text, "a.srt", SplitOptions()), lambda s: s.msgid.upper())
    assert got == text.replace("text 2", "TEXT 2").replace("Hide these tags now.", "HIDE THESE TAGS NOW.")


_WORDS = [
    "we",
    "went",
    "Home.",
    "and",
    "<i>then</i>",
    "- Yes?",
    "No!",
    "it's",
    "<b>very</b>",
    "late,",
    "♪",
    "3.5",
    "{\\an8}",
]


@st.composite
def _subtitle_files(draw: st.DrawFn) -> str:
    cues = []
    for number in range(draw(st.integers(1, 8))):
        lines = draw(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6), min_size=1, max_size=3))
        start = number * 3
        timing = f"00:00:{start:02d},000 --> 00:00:{start + 2:02d},500"
        cues.append(f"{number + 1}\n{timing}\n" + "\n".join(" ".join(line) for line in lines) + "\n")
    return "\n".join(cues)


@settings(max_examples=60, deadline=None)
@given(_subtitle_files())
def test_any_subtitle_file_round_trips_and_keeps_its_timings_and_words(text: str) -> None:
    fmt = formats.for_path("a.srt")
    document = fmt.split(text, "a.srt", SplitOptions())
    assert fmt.render(document, lambda s: None) == text
    upper = fmt.render(document, lambda s: s.msgid.upper())
    assert TIMING.findall(upper) == TIMING.findall(text)
    assert len(upper.split("\n\n")) == len(text.split("\n\n"))

    def words(body: str) -> str:
        kept = "\n".join(line for line in body.split("\n") if "-->" not in line and not line.isdigit())
        return "".join(re.sub(r"<[^>]*>", "", kept).upper().split())

    assert words(upper) == words(text)
