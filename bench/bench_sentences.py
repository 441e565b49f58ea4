"""Sentence splitting: l10n's rules beside pySBD, for speed and on the English Golden Rules.

Same text for both: the paragraphs of the docstrings of Python's standard library
(public English prose with code names, versions and abbreviations; the first
PARAGRAPHS of them, in a fixed order) and the sample press release. Speed is
characters per second over the whole text, each paragraph split on its own, as
extract does block by block. The Golden Rules are the 48 cases of
tests/test_golden_rules.py (published with the Pragmatic Segmenter, pySBD's own
benchmark). pySBD runs with ``clean=False`` so that both see the text as written.
"""

from __future__ import annotations

import ast
import re
import sysconfig
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.sentences import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPHS = 3000


def corpus() -> list[str]:
    """Docstring paragraphs of the standard library, then the sample press release's."""
    found: list[str] = []
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(stdlib.glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
                doc = ast.get_docstring(node)
                if doc:
                    found += [" ".join(p.split()) for p in re.split(r"\n\s*\n", doc) if len(p) > 40]
        if len(found) >= PARAGRAPHS:
            break
    sample = (ROOT / "source" / "interpol-european-regional-conference.txt").read_text(encoding="utf-8")
    return found[:PARAGRAPHS] + [p for p in sample.split("\n\n") if p.strip()]


def ours(text: str) -> list[str]:
    return [text[s:e].strip() for s, e in sentence_spans(text, "en") if text[s:e].strip()]


def timed(split: Callable[[str], list[str]], paragraphs: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    count = sum(len(split(p)) for p in paragraphs)
    return time.perf_counter() - start, count


def run() -> str:
    import pysbd  # a dev dependency: only the benchmark needs it

    from tests.test_golden_rules import GOLDEN_RULES

    segmenter = pysbd.Segmenter(language="en", clean=False)

    def theirs(text: str) -> list[str]:
        return [s.strip() for s in segmenter.segment(text) if s.strip()]

    paragraphs = corpus()
    size = sum(len(p) for p in paragraphs)
    our_time, our_count = timed(ours, paragraphs)
    their_time, their_count = timed(theirs, paragraphs)
    our_rules = sum(ours(text) == expected for _, _, text, expected in GOLDEN_RULES)
    their_rules = sum(theirs(text) == expected for _, _, text, expected in GOLDEN_RULES)
    failed = [str(n) for n, _, text, expected in GOLDEN_RULES if ours(text) != expected]
    return (
        "## Sentence splitting: l10n beside pySBD\n\n"
        f"{len(paragraphs)} paragraphs, {size / 1000:.0f} KB: Python {sysconfig.get_python_version()} standard "
        "library docstrings and the sample press release, each split on its own.\n\n"
        "| splitter | time | KB/s | sentences | English Golden Rules |\n|---|---:|---:|---:|---:|\n"
        f"| l10n `sentence_spans` | {our_time:.2f} s | {size / 1000 / our_time:.0f} | {our_count} | "
        f"{our_rules}/{len(GOLDEN_RULES)} |\n"
        f"| pySBD {pysbd.__version__} (`clean=False`) | {their_time:.2f} s | {size / 1000 / their_time:.0f} | "
        f"{their_count} | {their_rules}/{len(GOLDEN_RULES)} |\n\n"
        f"l10n is **{their_time / our_time:.1f}×** pySBD's speed on the same text."
        + (f" Golden Rules missed: {', '.join(failed)}." if failed else "")
        + "\n"
    )
