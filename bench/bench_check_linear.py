"""Every check stays linear: pathological messages of growing size, and the time per doubling.

One entry whose translation (and, for a second run, source) is one shape repeated
to 256 KB, 512 KB, 1 MB and 2 MB, checked by every check through the runner. A
linear check takes about twice as long per doubling; a quadratic one four times.
The shapes are the ones that made checks quadratic before (``%(`` × 20,000 took
24 s, ``www.`` × 10,000 5.3 s) and their cousins: what each pattern starts on.
"""

from __future__ import annotations

import itertools
import time

import polib

from pipeline.checks import check_entry

SHAPES = ("%(", "www.", "a.", "a@", "{", "<a ", "1,", "``a", ":a:", "`", "${", "Al-", "O'", "A ", "٣", "x y. ")
SIZES = (256 * 1024, 512 * 1024, 1024 * 1024, 2048 * 1024)
LIMIT = 2.3  # growth per doubling above which a check is called not linear


def _seconds(shape: str, size: int) -> float:
    """The slower of: the shape as the translation, and as the source."""
    text = shape * (size // len(shape.encode("utf-8")))
    slowest = 0.0
    for entry in (polib.POEntry(msgid="Some text " + shape, msgstr=text), polib.POEntry(msgid=text, msgstr="x")):
        started = time.perf_counter()
        check_entry(entry, "fr")
        slowest = max(slowest, time.perf_counter() - started)
    return slowest


def run() -> str:
    lines = [
        "## Check: linear in the message's length",
        "",
        "One entry, the shape repeated to each size in its translation, then in its source; every check; "
        f"seconds for the slower of the two. Growth is the time ratio per doubling (≤ {LIMIT} is linear).",
        "",
        "| shape | " + " | ".join(f"{size // 1024} KB" for size in SIZES) + " | worst growth per doubling |",
        "|---|" + "---:|" * (len(SIZES) + 1),
    ]
    worst_all = 0.0
    for shape in SHAPES:
        times = [_seconds(shape, size) for size in SIZES]
        growth = max(b / a for a, b in itertools.pairwise(times) if a > 0.01) if times[-1] > 0.02 else 1.0
        worst_all = max(worst_all, growth)
        shown = " | ".join(f"{t:.2f} s" for t in times)
        lines.append(f"| `{shape.strip() or repr(shape)}` | {shown} | {growth:.2f}× |")
    verdict = "linear" if worst_all <= LIMIT else "NOT linear"
    lines += ["", f"Worst growth per doubling over all shapes: {worst_all:.2f}× ({verdict})."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
