"""Progress of long jobs: a live bar on a terminal, plain periodic lines in CI.

click.progressbar shows a position and a time left but no rate, and assumes it
owns the loop; a job here is driven by engine callbacks, so this small reporter
is pushed to instead. It writes to stderr so that stdout stays the report.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Protocol, TextIO


class Reporter(Protocol):
    """What a job tells about its progress; the job never formats anything."""

    def start(self, label: str, total: int) -> None: ...

    def advance(self, done: int) -> None:
        """``done`` more segments finished."""
        ...

    def finish(self) -> None: ...


class Silent:
    """The reporter of library calls and tests: says nothing."""

    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, done: int) -> None:
        pass

    def finish(self) -> None:
        pass


class Progress:
    """Segments (or another ``unit``: "catalogs") done/total, rate and time left.

    ``live`` (default: whether ``stream`` is a terminal) redraws one line in
    place at most ten times a second; otherwise one plain line is written every
    ``every`` seconds, and one at the end if any was, so CI logs stay short.
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        live: bool | None = None,
        every: float = 10.0,
        width: int = 24,
        clock: Callable[[], float] = time.monotonic,
        columns: Callable[[], int] | None = None,
        unit: str = "segments",
    ) -> None:
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.every = every
        self.width = width
        self.clock = clock
        self.columns = columns or (lambda: shutil.get_terminal_size().columns)
        self.label = ""
        self.total = 0
        self.done = 0
        self._started = 0.0
        self._shown = 0.0
        self._active = False

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self._started = self._shown = self.clock()
        self._active = True
        if self.live:
            self._draw()

    def advance(self, done: int) -> None:
        if not self._active:
            return
        self.done = min(self.total, self.done + done)
        now = self.clock()
        if now - self._shown >= (0.1 if self.live else self.every):
            self._shown = now
            self._draw()

    def finish(self) -> None:
        if not self._active:
            return
        self._active = False
        if self.live:
            self._draw()
            self.stream.write("\n")
        elif self._shown > self._started:
            self._draw()  # a CI log gets a closing line only if the job was long enough to show one
        self.stream.flush()

    def line(self) -> str:
        """The current state as one line of text."""
        elapsed = max(self.clock() - self._started, 1e-9)
        rate = self.done / elapsed
        if self.done >= self.total:
            left = f"done in {_duration(elapsed)}"
        elif rate > 0:
            left = f"{_duration((self.total - self.done) / rate)} left"
        else:
            left = "time left unknown"
        counts = f"{self.done}/{self.total} {self.unit}, {rate:.1f}/s, {left}"
        if not self.live:
            return f"{self.label}: {counts}"
        filled = self.width * self.done // self.total if self.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        return f"{self.label} [{bar}] {counts}"

    def _fit(self, line: str) -> str:
        return _fit_label(line, self.label, self.columns())

    def _draw(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K" + self._fit(self.line()))
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()


def _fit_label(line: str, label: str, columns: int) -> str:
    """``line`` within ``columns - 1`` characters, shortening its label: a wrapped line cannot be redrawn."""
    room = columns - 1
    if len(line) <= room or not label:
        return line
    keep = max(0, len(label) - (len(line) - room) - 1)
    return (label[:keep] + "…" + line[len(label) :])[:room]


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Within, SIGTERM stops the job as Ctrl-C does.

    ``kill``, a CI timeout or a service manager sends SIGTERM, whose default
    action ends Python at once: no message, and a catalog being written could
    leave its temporary file behind. Raised as KeyboardInterrupt instead, it
    unwinds like Ctrl-C: the batch in flight is dropped, temporary files are
    removed, and the command says how to continue.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
