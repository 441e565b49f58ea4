"""Run the benchmarks named on the command line (default: all) and write bench/results.md.

Each module's section sits between markers in results.md, so running one benchmark
replaces its own section and keeps the others' last figures.
"""

from __future__ import annotations

import importlib
import os
import platform
import re
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
_SECTION = re.compile(r"<!-- bench:(?P<name>\w+) -->\n(?P<body>.*?)<!-- /bench:(?P=name) -->\n", re.S)


def available() -> list[str]:
    """Topic names of every bench/bench_<topic>.py, sorted."""
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def header() -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "# Benchmark results\n\n"
        f"Written by `python -m bench` on {now}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}.\n"
        "Sections of benchmarks not run that time keep the figures of their last run.\n\n"
    )


def run_one(topic: str) -> str:
    """One benchmark's section; a crash becomes a section saying so, so the others still report."""
    started = time.perf_counter()
    try:
        section = importlib.import_module(f"bench.bench_{topic}").run()
    except Exception:
        last = traceback.format_exc().strip().splitlines()[-1]
        section = f"## {topic}\n\nThe benchmark failed: `{last}`\n"
    took = time.perf_counter() - started
    return f"{section.rstrip()}\n\n_({topic}: {took:.0f} s in all)_\n"


def merge(old: str, sections: dict[str, str]) -> str:
    """results.md with ``sections`` replaced or added, in topic order."""
    kept = {m.group("name"): m.group("body") for m in _SECTION.finditer(old)}
    kept.update(sections)
    body = "".join(f"<!-- bench:{name} -->\n{kept[name]}<!-- /bench:{name} -->\n" for name in sorted(kept))
    return header() + body


def main(argv: list[str]) -> int:
    known = available()
    wanted = [a.removeprefix("bench_").removesuffix(".py") for a in argv] or known
    unknown = [w for w in wanted if w not in known]
    if unknown:
        print(f"bench: no benchmark named {', '.join(unknown)}; known: {', '.join(known)}", file=sys.stderr)
        return 2
    sections = {}
    for topic in wanted:
        print(f"bench: running {topic}…", file=sys.stderr, flush=True)
        sections[topic] = run_one(topic)
        print(sections[topic], flush=True)
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    RESULTS.write_text(merge(old, sections), encoding="utf-8")
    print(f"bench: wrote {RESULTS.relative_to(HERE.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
