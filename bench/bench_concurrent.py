"""A reviewer's editor saving a catalog every 5 ms while l10n translates and updates it: saves lost, catalogs wiped.

The editor (``bench/editor.py``) is a separate process that takes no lock, as a
PO editor does: it saves in place (truncate, then write) and by rename,
alternately, each save giving one more entry a reviewed translation. l10n runs
rounds of extract + update + translate (batches of 8, so it writes often)
until the editor is done: once with the pseudo engine, and once with Apertium
(en→es) where it is installed. Afterwards every one of the editor's
translations must be in the catalog, and no catalog may ever have been seen
wiped (fewer entries than the template, or unreadable when whole).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.editor import Figures, stress
from pipeline import engines
from pipeline.engines import Pair

SAVES = 1000


def run() -> str:
    runs: list[tuple[str, Figures]] = []
    apertium = engines.create("apertium")
    plans = [("pseudo (en-XA)", "pseudo", "en-XA")]
    if apertium.available() and Pair("en", "es") in apertium.pairs():
        plans.append(("apertium (en→es)", "apertium", "es"))
    for label, engine, locale in plans:
        root = Path(tempfile.mkdtemp(prefix="l10n-bench-concurrent-"))
        try:
            runs.append((label, stress(root / "project", saves=SAVES, engine=engine, locale=locale)))
        finally:
            shutil.rmtree(root, ignore_errors=True)
    lines = [
        f"## Concurrent editor ({SAVES:,} saves, one every 5 ms, in place and by rename)",
        "",
        "| engine | editor saves | lost | wiped | l10n writes | l10n retries | runs refused | rounds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, f in runs:
        lines.append(
            f"| {label} | {f.saves} | {f.lost} | {f.wiped} | {f.l10n_writes} | {f.retries} | {f.refused} | {f.rounds} |"
        )
    lines.append("")
    lines.append(
        "*lost*: the editor's translations missing at the end; *wiped*: a catalog seen with fewer entries than "
        "its template or unreadable; *retries*: l10n writes started over because the editor saved first; "
        "*runs refused*: stage runs that stopped with an error line (nothing written) after 40 tries."
    )
    errors = sorted({e for _, f in runs for e in f.errors})
    if errors:
        lines.append("")
        lines.extend(f"- refused: `{e}`" for e in errors)
    return "\n".join(lines) + "\n"
