"""Progress reporting: what a terminal and a CI log show, driven by a fake clock."""

from __future__ import annotations

import io

from pipeline.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_in_ci_show_count_rate_and_time_left() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, live=False, every=10, clock=clock)
    progress.start("es (apertium)", 1000)
    clock.now += 5
    progress.advance(100)  # too soon for a line
    assert stream.getvalue() == ""
    clock.now += 5
    progress.advance(100)
    assert stream.getvalue() == "es (apertium): 200/1000 segments, 20.0/s, 0:40 left\n"
    clock.now += 40
    progress.advance(800)
    progress.finish()
    assert stream.getvalue().splitlines()[-1] == "es (apertium): 1000/1000 segments, 20.0/s, done in 0:50"
    assert "\r" not in stream.getvalue()


def test_a_short_job_leaves_no_line_in_a_ci_log() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, live=False, every=10, clock=clock)
    progress.start("fr", 20)
    clock.now += 1
    progress.advance(20)
    progress.finish()
    assert stream.getvalue() == ""


def test_a_terminal_gets_one_line_redrawn_in_place_with_a_bar() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, live=True, width=10, clock=clock)
    progress.start("fr", 4)
    clock.now += 2
    progress.advance(1)
    clock.now += 2
    progress.advance(1)
    assert progress.line() == "fr [#####-----] 2/4 segments, 0.5/s, 0:04 left"
    progress.finish()
    output = stream.getvalue()
    assert output.count("\n") == 1 and output.endswith("\n")
    assert output.count("\r\x1b[K") == 4  # start, two advances, finish


def test_time_left_before_any_progress_and_over_an_hour() -> None:
    clock = Clock()
    progress = Progress(io.StringIO(), live=False, clock=clock)
    progress.start("ar", 10_000)
    assert progress.line().endswith("time left unknown")
    clock.now += 10
    progress.advance(1)
    assert progress.line() == "ar: 1/10000 segments, 0.1/s, 27:46:30 left"


def test_a_live_line_wider_than_the_terminal_shortens_its_label_so_it_can_be_redrawn() -> None:
    stream, clock = io.StringIO(), Clock()
    label = "fr (pivot en→es→fr: apertium eng-spa 0.8.1-2 + apertium es-fr 0.9.4-1)"
    progress = Progress(stream, live=True, width=10, clock=clock, columns=lambda: 60)
    progress.start(label, 4)
    clock.now += 2
    progress.advance(2)
    drawn = stream.getvalue().split("\r\x1b[K")[-1]
    assert drawn == "fr (pivot en→e… [#####-----] 2/4 segments, 1.0/s, 0:02 left"
    tiny = io.StringIO()
    Progress(tiny, live=True, clock=clock, columns=lambda: 20).start(label, 4)
    assert len(tiny.getvalue().split("\r\x1b[K")[-1]) == 19


def test_check_counts_catalogs_not_segments() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, live=False, every=10, clock=clock, unit="catalogs")
    progress.start("check", 1377)
    clock.now += 10
    progress.advance(500)
    assert stream.getvalue() == "check: 500/1377 catalogs, 50.0/s, 0:18 left\n"
