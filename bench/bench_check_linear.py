"""Every check stays linear: pathological messages of growing size, and the time per doubling.

One entry whose translation (and, for a second run, source) is one shape repeated
to 64, 128, 256 and 512 KB, checked by every check through the runner. A
linear check takes about twice as long per doubling; a quadratic one four times.
The shapes are the ones that made checks quadratic before (``%(`` × 20,000 took
24 s, ``www.`` × 10,000 5.3 s) and their cousins: what each pattern starts on.
"""

from __future__ import annotations

import time

import polib

from pipeline.checks import check_entry

SHAPES = ("%(", "www.", "a.", "a@", "{", "<a ", "1,", "``a", ":a:", "`", "${", "Al-", "O'", "A ", "٣", "x y. ")
SIZES = (64 * 1024, 128 * 1024, 256 * 1024, 512 * 1024)
REPEATS = 3  # the fastest of three: the machine is shared, and a slow run is someone else's load
LIMIT = 2.3  # growth per doubling above which a check is called not linear


def _seconds(shape: str, size: int) -> float:
    """The slower of: the shape as the translation, and as the source."""
    text = shape * (size // len(shape.encode("utf-8")))
    slowest = 0.0
    for entry in (polib.POEntry(msgid="Some text " + shape, msgstr=text), polib.POEntry(msgid=text, msgstr="x")):
        fastest = float("inf")
        for _ in range(REPEATS):
            started = time.perf_counter()
            check_entry(entry, "fr")
            fastest = min(fastest, time.perf_counter() - started)
        slowest = max(slowest, fastest)
    return slowest


def run() -> str:
    lines = [
        "## Check: linear in the message's length",
        "",
        "One entry, the shape repeated to each size in its translation, then in its source; every check; "
        f"seconds for the slower of the two, each the fastest of {REPEATS} runs. Growth per doubling is the "
        f"geometric mean over the three doublings (2× is linear, 4× quadratic; ≤ {LIMIT} passes).",
        "",
        "| shape | " + " | ".join(f"{size // 1024} KB" for size in SIZES) + " | growth per doubling |",
        "|---|" + "---:|" * (len(SIZES) + 1),
    ]
    worst_all = 0.0
    for shape in SHAPES:
        times = [_seconds(shape, size) for size in SIZES]
        # Per doubling, over the three doublings (geometric mean): one noisy size does not decide it.
        growth = (times[-1] / times[0]) ** (1 / (len(times) - 1)) if times[0] > 0.001 else 1.0
        worst_all = max(worst_all, growth)
        shown = " | ".join(f"{t:.2f} s" for t in times)
        lines.append(f"| `{shape.strip() or repr(shape)}` | {shown} | {growth:.2f}× |")
    verdict = "linear" if worst_all <= LIMIT else "NOT linear"
    lines += ["", f"Worst growth per doubling over all shapes: {worst_all:.2f}× ({verdict})."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
