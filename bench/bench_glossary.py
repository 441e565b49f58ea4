"""Masking and glossary enforcement against glossary size: does a 10,000-term glossary slow translation?

Per segment, the translate job masks the source (every glossary term becomes a
token) and, after the engine, puts each preferred term in place
(``Glossary.enforce``). Figures: segments per second for glossaries of 0, 100
and 10,000 terms (half do-not-translate, half with a Spanish preferred term),
beside a naive one-alternative-per-term regex, which is what masking compiled
before the terms were put in a trie.
"""

from __future__ import annotations

import functools
import random
import re
import string
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline import glossary
from pipeline.mask import mask

SEGMENTS = 2000
SIZES = (0, 100, 10_000)
SOURCE = "The police arrested two suspects in Lyon on Monday at 10:30 with %(count)d others."
TRANSLATION = "La policía detuvo a dos sospechosos en Lyon el lunes a las 10:30 con %(count)d otros."


def make_glossary(size: int, folder: Path) -> glossary.Glossary:
    rng = random.Random(size)
    rows = ["term,es,note", "police,policía,"]
    for n in range(size):
        word = "".join(rng.choices(string.ascii_letters, k=rng.randint(4, 12))) + str(n)
        rows.append(f"{word},{word}-es," if n % 2 else f"{word},,")
    path = folder / f"glossary-{size}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return glossary.load(path)


def rate(work: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        work()
    return count / (time.perf_counter() - start)


def naive_rate(terms: tuple[str, ...], count: int) -> float:
    words = sorted(set(terms), key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in words))
    return rate(lambda: pattern.findall(SOURCE), count)


def run() -> str:
    lines = [
        "## Glossary size: masking and enforcement\n\n",
        f"{SEGMENTS} segments of {len(SOURCE)} characters each, Spanish view of the glossary.\n\n",
        "| terms | mask, segments/s | enforce, segments/s | naive regex, finding terms only, segments/s |\n",
        "|---:|---:|---:|---:|\n",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            terms_of = make_glossary(size, Path(folder))
            terms = terms_of.masked_terms("es")
            mask(SOURCE, terms)  # compile once, as the job does
            masking = rate(functools.partial(mask, SOURCE, terms), SEGMENTS)
            enforcing = rate(functools.partial(terms_of.enforce, SOURCE, TRANSLATION, "es"), SEGMENTS)
            naive = naive_rate(terms, max(20, SEGMENTS // max(1, size // 100)))
            lines.append(f"| {size + 1:,} | {masking:,.0f} | {enforcing:,.0f} | {naive:,.0f} |\n")
    lines.append("\nApertium translates about 700 segments/s: masking must stay well above that.\n")
    return "".join(lines)


if __name__ == "__main__":
    print(run())
