"""Incremental translation: change one paragraph of a 200-document corpus, re-run the pipeline.

The whole corpus is translated once (pseudo en-XA, and Spanish by Apertium
where it is installed); then one paragraph of one document is rewritten and
extract + update + translate run again. The engines are wrapped to count
what they are sent: the re-run must send only the rewritten paragraph's
segments, once per locale, and no other document's catalog may change.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline import config, engines
from pipeline.engines import Engine, Pair, Progress
from pipeline.extract import extract
from pipeline.translate import translate
from pipeline.update import update

DOCUMENTS = 200
PARAGRAPHS = 5
SENTENCES = 3
CHANGED_DOC = 117
CHANGED_PARAGRAPH = 2

SUBJECTS = ["The agency", "Police officers", "The committee", "Member countries", "Investigators", "The secretariat"]
VERBS = ["reviewed", "published", "discussed", "approved", "examined", "shared"]
OBJECTS = ["the annual report", "new guidelines", "the border data", "a joint operation", "the training plan"]
PLACES = ["in Lyon", "in Vienna", "in Singapore", "at the regional office", "during the meeting"]


class Counting:
    """A real engine that counts the segments it is sent."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.name, self.sent = engine, engine.name, 0

    def available(self) -> bool:
        return self.engine.available()

    def pairs(self) -> set[Pair]:
        return self.engine.pairs()

    def provenance(self, pair: Pair) -> str:
        return self.engine.provenance(pair)

    def translate(self, texts: Sequence[str], pair: Pair, progress: Progress | None = None) -> list[str]:
        self.sent += len(texts)
        return self.engine.translate(texts, pair, progress)


def sentence(rng: random.Random, doc: int, index: int) -> str:
    words = (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(PLACES))
    return f"{' '.join(words)} (item {doc}-{index})."


def document(doc: int) -> str:
    rng = random.Random(doc)
    paragraphs = []
    for p in range(PARAGRAPHS):
        paragraphs.append(" ".join(sentence(rng, doc, p * SENTENCES + s) for s in range(SENTENCES)))
    paragraphs.append("All documents end with the same closing line.")  # shared: translated once per locale
    return "\n\n".join(paragraphs) + "\n"


def rewritten(doc: int) -> str:
    paragraphs = document(doc).split("\n\n")
    paragraphs[CHANGED_PARAGRAPH] = (
        "Quarterly budgets rose sharply. Auditors asked hard questions. Nobody had expected such a change."
    )
    return "\n\n".join(paragraphs)


def project(root: Path, locales: list[str]) -> config.Config:
    (root / "source").mkdir(parents=True)
    listed = ", ".join(f'"{code}"' for code in locales)
    (root / "l10n.toml").write_text(
        f'[project]\nname = "bench"\nsource_language = "en"\nlocales = [{listed}]\n', encoding="utf-8"
    )
    for doc in range(DOCUMENTS):
        (root / "source" / f"doc{doc:03d}.txt").write_text(document(doc), encoding="utf-8")
    return config.load(root)


def pipeline_run(cfg: config.Config, made: dict[str, Counting]) -> tuple[float, float]:
    """Seconds for extract + update + translate, and for translate alone."""
    start = time.perf_counter()
    extract(cfg)
    update(cfg)
    middle = time.perf_counter()
    summary = translate(cfg, engine_for=lambda name: made.setdefault(name, Counting(engines.create(name))))
    end = time.perf_counter()
    problems = [f"{r.locale}: {r.problem}" for r in summary.locales if r.problem]
    if problems:
        raise RuntimeError("; ".join(problems))
    return end - start, end - middle


def catalogs(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted((root / "locales").rglob("*.po"))}


def run() -> str:
    apertium = engines.create("apertium")
    locales = ["en-XA"] + (["es"] if apertium.available() and Pair("en", "es") in apertium.pairs() else [])
    root = Path(tempfile.mkdtemp(prefix="l10n-bench-incremental-"))
    try:
        cfg = project(root, locales)
        full_made: dict[str, Counting] = {}
        full, full_translate = pipeline_run(cfg, full_made)
        before = catalogs(root)

        (root / "source" / f"doc{CHANGED_DOC:03d}.txt").write_text(rewritten(CHANGED_DOC), encoding="utf-8")
        again_made: dict[str, Counting] = {}
        again, again_translate = pipeline_run(cfg, again_made)
        after = catalogs(root)
        changed = sorted(cfg.relative(path) for path in after if after[path] != before.get(path))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    segments = DOCUMENTS * (PARAGRAPHS * SENTENCES + 1)
    expected = 3 * len(locales)  # the rewritten paragraph's three new sentences, once per locale
    full_sent = sum(c.sent for c in full_made.values())
    again_sent = sum(c.sent for c in again_made.values())
    verdict = "yes" if again_sent == expected and len(changed) == len(locales) else "NO"
    rows = [
        ("full run", f"{full:.2f}", f"{full_translate:.2f}", str(full_sent)),
        ("one paragraph changed", f"{again:.2f}", f"{again_translate:.2f}", str(again_sent)),
        ("ratio (full / incremental)", f"{full / again:.1f}×", f"{full_translate / again_translate:.1f}×", ""),
    ]
    lines = [
        "## Incremental translation (200 documents, one paragraph changed)",
        "",
        f"{DOCUMENTS} text documents, {segments} segments ({DOCUMENTS} of them one shared closing line), "
        f"locales {', '.join(locales)} ({', '.join(sorted(full_made))} engines).",
        "",
        "| run | extract + update + translate (s) | translate (s) | segments sent to engines |",
        "|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in rows),
        "",
        f"Only the changed paragraph was sent again: {verdict} ({again_sent} sent, {expected} expected: "
        f"3 new sentences × {len(locales)} locales); catalogs rewritten: {', '.join(changed) or 'none'}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
