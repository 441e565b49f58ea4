"""A reviewer's editor saving a catalog every 5 ms while l10n translates and updates it: saves lost, catalogs wiped.

The editor (``bench/editor.py``) is a separate process that takes no lock, as a
PO editor does: it saves in place (truncate, then write) and by rename,
alternately, each save giving one more entry a reviewed translation. l10n runs
rounds of extract + update + translate (batches of 8, so it writes often)
until the editor is done: once with the pseudo engine, and once with Apertium
(en→es) where it is installed. None of the editor's translations may go
missing, and no catalog may ever be seen wiped (fewer entries than the
template, or unreadable when whole).

The control row runs the same with l10n's check before the rename switched off
(a plain atomic rename, as l10n did before ``catalog.edit``): it shows the
run would catch the losses.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.editor import Figures, stress
from pipeline import atomic, engines
from pipeline.engines import Pair

SAVES = 1000
ENTRIES = 200  # the editor edits them in turn


def _run(engine: str, locale: str) -> Figures:
    root = Path(tempfile.mkdtemp(prefix="l10n-bench-concurrent-"))
    try:
        return stress(root / "project", saves=SAVES, entries=ENTRIES, engine=engine, locale=locale)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _unchecked(path: Path, seen: object, data: bytes, error: type[Exception] = Exception) -> bool:
    atomic.write_atomic(path, data)
    return True


def run() -> str:
    runs: list[tuple[str, Figures]] = []
    apertium = engines.create("apertium")
    plans = [("pseudo (en-XA)", "pseudo", "en-XA")]
    if apertium.available() and Pair("en", "es") in apertium.pairs():
        plans.append(("apertium (en→es)", "apertium", "es"))
    for label, engine, locale in plans:
        runs.append((label, _run(engine, locale)))
    checked = atomic.replace_unchanged
    atomic.replace_unchanged = _unchecked  # type: ignore[assignment]
    try:
        runs.append(("control: pseudo, rename without the check", _run("pseudo", "en-XA")))
    finally:
        atomic.replace_unchanged = checked  # type: ignore[assignment]
    lines = [
        f"## Concurrent editor ({SAVES:,} saves over {ENTRIES} entries, one every 5 ms, in place and by rename)",
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
