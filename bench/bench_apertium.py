"""Apertium: the engine's one-process batch against one process per segment and a raw call.

Same 1,000 segments, same mode (eng-spa), one run:

- ``engine``: ``ApertiumEngine.translate`` (masked text in, one ``apertium`` process,
  split back, marks dropped and counted, whitespace normalised);
- ``raw``: one ``apertium -f txt eng-spa`` call over the same texts joined by blank
  lines, output discarded: the floor the engine can approach (target: within 15%);
- ``per segment``: one ``apertium eng-spa`` process per segment, as a naive wrapper
  does (target: the engine at least 50× faster). It runs on the first PER_SEGMENT
  segments only and is extrapolated per segment to all of them; the table says so.

The segments are the sample press release's msgids (``locales/*.pot``) followed by
generated sentences in the same register, masked as the translate job masks them.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

from pipeline import catalog, glossary
from pipeline.engines import Pair
from pipeline.engines.apertium import INSTALL, ApertiumEngine
from pipeline.mask import mask

ROOT = Path(__file__).resolve().parent.parent
SEGMENTS = 1000
PER_SEGMENT = 40
ROUNDS = 6
EN_ES = Pair("en", "es")

SUBJECTS = ["The police", "INTERPOL", "The officers", "Our analysts", "The European region", "Member countries",
            "The new centre", "Criminal networks", "The delegates", "Frontex", "The Secretary General"]  # fmt: skip
VERBS = ["will discuss", "reported", "are investigating", "have arrested", "continue to support", "launched",
         "examined", "warned about", "shared", "recovered", "intercepted"]  # fmt: skip
OBJECTS = ["the financial crimes", "a new operation", "the stolen vehicles", "online scams", "the security situation",
           "human trafficking cases", "the latest trends", "fuel theft", "counterfeit medicines",
           "{count} suspicious payments", "the report at https://www.interpol.int/News"]  # fmt: skip
ENDINGS = ["in Lyon.", "across Europe.", "this year.", "with partners in Africa.", "since 2019.",
           "at the conference.", "for 50 countries.", "in the coming months.", "with <1>the public</1>."]  # fmt: skip


def segments() -> list[str]:
    """The sample's msgids, then generated sentences, to SEGMENTS in all."""
    found: list[str] = []
    for pot in sorted((ROOT / "locales").glob("*.pot")):
        found.extend(entry.msgid for entry in catalog.read(pot) if entry.msgid)
    rng = random.Random(2026)
    while len(found) < SEGMENTS:
        parts = (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(ENDINGS))
        found.append(" ".join(parts))
    return found[:SEGMENTS]


def run() -> str:
    heading = "## Apertium: one process per batch (eng-spa)\n\n"
    engine = ApertiumEngine()
    if EN_ES not in engine.pairs():
        return heading + f"Skipped: Apertium eng-spa is not installed ({INSTALL}).\n"
    terms = glossary.for_project(ROOT).masked_terms("es")
    texts = [mask(text, terms).text for text in segments()]
    engine.translate(texts[:20], EN_ES)  # warm the page cache and the mode and version look-ups

    apertium = shutil.which("apertium") or "apertium"
    joined = "\n\n".join(texts)
    engine_times: list[float] = []
    raw_times: list[float] = []

    def through_engine() -> None:
        start = time.perf_counter()
        assert len(engine.translate(texts, EN_ES)) == len(texts)
        engine_times.append(time.perf_counter() - start)

    def raw_call() -> None:
        start = time.perf_counter()
        subprocess.run([apertium, "-f", "txt", "eng-spa"], input=joined, capture_output=True, text=True, check=True)
        raw_times.append(time.perf_counter() - start)

    for round_ in range(ROUNDS):  # interleaved, alternating who goes first, best of ROUNDS: the machine is shared
        for variant in (through_engine, raw_call) if round_ % 2 == 0 else (raw_call, through_engine):
            variant()
    engine_seconds, raw_seconds = min(engine_times), min(raw_times)
    unknown = sum(engine.last_unknown_words)

    start = time.perf_counter()
    for text in texts[:PER_SEGMENT]:
        subprocess.run([apertium, "-f", "txt", "eng-spa"], input=text, capture_output=True, text=True, check=True)
    per_segment_seconds = (time.perf_counter() - start) / PER_SEGMENT * len(texts)

    rows = [
        ("engine (`ApertiumEngine.translate`, one process)", engine_seconds),
        ("raw `apertium eng-spa`, one call over the joined text", raw_seconds),
        (f"one `apertium eng-spa` process per segment (measured on {PER_SEGMENT}, extrapolated)", per_segment_seconds),
    ]
    lines = [
        heading,
        f"{len(texts)} segments ({sum(len(t) for t in texts):,} characters: the sample's msgids plus generated "
        f"sentences, masked), {os.cpu_count()} cores, {engine.provenance(EN_ES)}; "
        f"unknown words counted: {unknown:,}. Engine and raw call: best of {ROUNDS} interleaved runs "
        f"(load average {os.getloadavg()[0]:.1f} when done).\n\n",
        "| variant | seconds | segments/s | engine is faster by |\n|---|---:|---:|---:|\n",
    ]
    for name, seconds in rows:
        lines.append(f"| {name} | {seconds:.2f} | {len(texts) / seconds:,.0f} | {seconds / engine_seconds:.2f}× |\n")
    overhead = (engine_seconds / raw_seconds - 1) * 100
    speedup = per_segment_seconds / engine_seconds
    lines.append(
        f"\nEngine vs raw call: {overhead:+.1f}% (target: within 15%). "
        f"Engine vs one process per segment: {speedup:.0f}× faster (target: at least 50×).\n"
    )
    return "".join(lines)


if __name__ == "__main__":
    print(run())
