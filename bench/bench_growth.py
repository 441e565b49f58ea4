"""Growth per doubling of input: every stage must stay linear on pathological input.

Each shape is a document (or a msgstr) built at 1×, 2×, 4× and 8× a base size and fed
through the stage that choked on it: ``extract`` (split into segments + template),
``build`` (the split document rendered with every segment translated) and ``check``
(every check on one catalog entry). The figure is the growth factor of the time from one
size to the next: about 2 for a linear stage, about 4 for a quadratic one. The mean growth per
doubling (cube root of the 8× time over the 1×) above 2.3 is flagged: single steps
are noisy on a shared machine, the mean over three doublings much less so.

Shapes, from issue 9 and from attacking the formats: ``Wait... `` and ``"Go." ``
repeated (segmenter), one realistic paragraph of the sample press release's sentences
(no newline), HTML nested ``<div>``/``<ul><li>``/``<b>`` deep, an unclosed ``<p>`` run,
``%(`` and ``www.`` repeated in a msgstr (placeholder regexes), and Markdown with
emphasis delimiters and link brackets repeated (markdown-it's inline rules).

Base sizes are set so that the benchmark takes a few minutes on a shared 2-core machine
(the slowest stages run at 5-20 s per MB in Python); ``L10N_BENCH_GROWTH_SCALE=8`` runs
every shape at 8× (up to 8 MB of the fast ones). Each size runs in a child process with a
time budget: a quadratic stage does not hold the benchmark up - its shape stops there,
reported as over budget (flagged). Inputs are generated here; nothing is downloaded.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

KB = 1 << 10
FACTORS = (1, 2, 4, 8)
SCALE = float(os.environ.get("L10N_BENCH_GROWTH_SCALE", "1"))
BUDGET_S = float(os.environ.get("L10N_BENCH_GROWTH_BUDGET", "15"))
"""Seconds one measurement may take before its shape is stopped (and flagged)."""
LIMIT = 2.3
TINY = 0.1
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "interpol-european-regional-conference.txt"


@dataclass(frozen=True)
class Shape:
    name: str
    suffix: str  # the format it is read as; ".po" for a msgstr fed to check
    base: int  # bytes at 1×
    make: Callable[[int], str]  # size in bytes -> the input

    @property
    def stages(self) -> tuple[str, ...]:
        return ("check",) if self.suffix == ".po" else ("extract", "build")


def repeat(unit: str, before: str = "", after: str = "") -> Callable[[int], str]:
    return lambda size: before + unit * max(1, (size - len(before) - len(after)) // len(unit.encode("utf-8"))) + after


def nested(open_: str, close: str, middle: str = "Deep text.") -> Callable[[int], str]:
    def make(size: int) -> str:
        depth = max(1, (size - len(middle)) // (len(open_) + len(close)))
        return open_ * depth + middle + close * depth

    return make


def paragraph(size: int) -> str:
    """One paragraph of real sentences (the sample press release's), with no newline in it."""
    sentences = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    return (sentences + " ") * (size // (len(sentences) + 1) + 1)


SHAPES = (
    Shape("txt: 'Wait... ' ×N", ".txt", 128 * KB, repeat("Wait... ")),
    Shape("txt: '\"Go.\" ' ×N", ".txt", 128 * KB, repeat('"Go." ')),
    Shape("txt: one realistic paragraph", ".txt", 128 * KB, paragraph),
    Shape("html: <div> nested N deep", ".html", 64 * KB, nested("<div>", "</div>")),
    Shape("html: <ul><li> nested N deep", ".html", 64 * KB, nested("<ul><li>", "</li></ul>")),
    Shape("html: <p><b> nested N deep", ".html", 64 * KB, nested("<p><b>", "</b>")),
    Shape("html: '<p>x. ' ×N, never closed", ".html", 32 * KB, repeat("<p>x. ")),
    Shape("md: '*a_ ' ×N", ".md", 16 * KB, repeat("*a_ ")),
    Shape("md: '[a](' ×N", ".md", 16 * KB, repeat("[a](")),
    Shape("msgstr: '%(' ×N", ".po", 256 * KB, repeat("%(")),
    Shape("msgstr: 'www.' ×N", ".po", 256 * KB, repeat("www.")),
)


def _best(stage: Callable[[], object]) -> float:
    """CPU seconds, the least of a few runs (until a second is spent): small sizes are noisy."""
    times: list[float] = []
    while not times or (sum(times) < 1.0 and len(times) < 3):
        started = time.process_time()  # CPU seconds: other processes on the machine do not count
        stage()
        times.append(time.process_time() - started)
    return min(times)


def _measure(shape_index: int, size: int, queue: multiprocessing.Queue[tuple[str, float]]) -> None:
    """In the child: build the input, then time each stage on it, one message per stage."""
    from pipeline import catalog, formats
    from pipeline.model import Document, SplitOptions

    # The budget is CPU time, so a machine busy with other work does not stop a linear stage.
    resource.setrlimit(resource.RLIMIT_CPU, (int(BUDGET_S), int(BUDGET_S) + 1))
    shape = SHAPES[shape_index]
    text = shape.make(size)
    if shape.suffix == ".po":
        import polib

        from pipeline.checks import check_catalog

        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
        po.append(polib.POEntry(msgid="Hello %(name)s, see www.example.org.", msgstr=text, flags=["python-format"]))
        queue.put(("check", _best(lambda: check_catalog("locales/fr/LC_MESSAGES/doc.po", po, "fr"))))
        return
    # The shapes are text formats, none a Word or OpenDocument package.
    fmt = cast(formats.Format, formats.for_path(f"doc{shape.suffix}"))
    split: list[Document] = []

    def extract() -> None:
        document = fmt.split(text, f"source/doc{shape.suffix}", SplitOptions())
        catalog.template([catalog.Occurrence(s, document.path) for s in document.segments()], "bench")
        split[:] = [document]

    queue.put(("extract", _best(extract)))
    queue.put(("build", _best(lambda: fmt.render(split[0], lambda segment: segment.msgid.upper()))))


def measure(shape_index: int, size: int) -> dict[str, float]:
    """Seconds each stage took on ``size`` bytes of the shape; a stage over the budget is missing."""
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[tuple[str, float]] = context.Queue()
    child = context.Process(target=_measure, args=(shape_index, size, queue))
    child.start()
    child.join(BUDGET_S * 20)  # wall time: only a child that hangs without using the CPU gets here
    if child.is_alive():
        child.kill()
    child.join()
    found: dict[str, float] = {}
    while not queue.empty():
        stage, took = queue.get()
        found[stage] = took
    if child.exitcode not in (0, -signal.SIGKILL, -signal.SIGXCPU) and not found:
        raise RuntimeError(f"{SHAPES[shape_index].name} at {size} bytes failed (exit {child.exitcode})")
    return found


def _size(size: int) -> str:
    return f"{size / (1 << 20):.2g} MB" if size >= 1 << 20 else f"{size // KB} KB"


def run() -> str:
    growth = " | ".join(f"{a}→{b}×" for a, b in itertools.pairwise(FACTORS))
    rows = [
        f"| shape | stage | sizes | {' | '.join(f'{f}×' for f in FACTORS)} | {growth} | per doubling |",
        "|---|---|---|" + "---:|" * (2 * len(FACTORS) - 1) + "---|",
    ]
    flagged = []
    for index, shape in enumerate(SHAPES):
        base = int(shape.base * SCALE)
        times: dict[str, list[float | None]] = {stage: [] for stage in shape.stages}
        for factor in FACTORS:
            if any(t and t[-1] is None for t in times.values()):
                found: dict[str, float] = {}
            else:
                found = measure(index, base * factor)
            for stage in shape.stages:
                times[stage].append(found.get(stage))
        for stage in shape.stages:
            row = times[stage]
            pairs = list(itertools.pairwise(row))
            # Under TINY seconds a ratio is timer noise: not shown, never flagged.
            factors = [f"{b / a:.2f}×" if a and b is not None and b >= TINY else "–" for a, b in pairs]
            # The mean growth per doubling from the first size that takes TINY seconds to the last:
            # single steps are noisy on a shared machine, and a near-zero first time inflates any ratio.
            start = next((i for i, t in enumerate(row) if t is not None and t >= TINY), len(row) - 1)
            first, last = row[start], row[-1]
            steps = len(row) - 1 - start
            mean = (last / first) ** (1 / steps) if steps and first and last is not None else None
            if any(t is None for t in row):
                mark = "**over budget**"
            elif mean is not None and mean > LIMIT:
                mark = f"**{mean:.2f}×**"
            else:
                mark = f"{mean:.2f}×" if mean is not None else "tiny"
            if mark.startswith("**"):
                flagged.append(f"{shape.name} ({stage})")
            shown = " | ".join(f"{t:.2f} s" if t is not None else f"> {BUDGET_S:.0f} s" for t in row)
            sizes = f"{_size(base)}–{_size(base * FACTORS[-1])}"
            rows.append(f"| {shape.name} | {stage} | {sizes} | {shown} | {' | '.join(factors)} | {mark} |")
    summary = (
        f"Every shape grows at most {LIMIT}× per doubling."
        if not flagged
        else f"Not linear (over {LIMIT}× per doubling, or over the {BUDGET_S:.0f} s budget): "
        + "; ".join(flagged)
        + "."
    )
    return (
        "## growth\n\n"
        "CPU seconds per stage on 1×, 2×, 4× and 8× a base size of each pathological shape (generated), the\n"
        "growth factor of each doubling, and their mean (from the first size over 0.1 s to the 8×): about 2× is\n"
        f"linear, about 4× quadratic; a mean over {LIMIT}× is flagged. A size whose stages need over\n"
        f"{BUDGET_S:.0f} CPU seconds stops its shape (`L10N_BENCH_GROWTH_BUDGET`; the build of a shape whose\n"
        "extract is over budget is not measured either);\n"
        f"`L10N_BENCH_GROWTH_SCALE` multiplies the sizes (this run: {SCALE:g}).\n\n"
        + "\n".join(rows)
        + f"\n\n{summary}\n"
    )


if __name__ == "__main__":
    print(run())
