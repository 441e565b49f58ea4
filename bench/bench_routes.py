"""`l10n engines evaluate` on human translations nobody here wrote: which route wins per locale.

References are the reviewed French and Spanish entries of the Django and Sphinx wheels'
catalogs (fetched by ``bench_checks.corpus()`` into ``.bench-cache/po/``), keeping
sentence-like ones (6 to 40 words, no reStructuredText markup). Each route translates
the same 300 of them per locale through the real ``l10n engines evaluate`` command, in a
throw-away project; the table is the command's own.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

from bench.bench_checks import corpus

SAMPLE = 300
LOCALES = ("fr", "es")


def references(files: Path, code: str, out: Path) -> int:
    """One .po of the corpus' reviewed, sentence-like entries for ``code``; how many."""
    merged = polib.POFile()
    merged.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    seen: set[str] = set()
    for path in sorted(files.rglob(f"locale/{code}/LC_MESSAGES/*.po")):
        for entry in polib.pofile(str(path)):
            text = entry.msgid
            if entry.obsolete or entry.fuzzy or not entry.msgstr or entry.msgid_plural or text in seen:
                continue
            if not 6 <= len(text.split()) <= 40 or any(mark in text for mark in ("`", "::", "\n")):
                continue
            seen.add(text)
            merged.append(polib.POEntry(msgid=text, msgstr=entry.msgstr))
    merged.save(str(out))
    return len(merged)


def run() -> str:
    files = corpus()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "source").mkdir()
        locales = ", ".join(f'"{code}"' for code in LOCALES)
        (root / "l10n.toml").write_text(f'[project]\nname = "bench"\nlocales = [{locales}]\n', encoding="utf-8")
        counts = {code: references(files, code, root / f"ref-{code}.po") for code in LOCALES}
        began = time.perf_counter()
        command = [sys.executable, "-m", "pipeline", "-C", str(root), "engines", "evaluate"]
        done = subprocess.run(
            [*command, "--reference", "ref-{locale}.po", "--sample", str(SAMPLE)],
            capture_output=True,
            text=True,
            check=False,
        )
        took = time.perf_counter() - began
    said = ", ".join(f"{code} {count}" for code, count in counts.items())
    return (
        "## routes: `l10n engines evaluate` on Django and Sphinx catalogs\n\n"
        f"References: reviewed, sentence-like entries of the Django and Sphinx wheels' catalogs ({said}); "
        f"{SAMPLE} per locale through every route, {took:.0f} s in all (exit {done.returncode}).\n\n"
        f"```text\n{done.stdout.strip() or done.stderr.strip()}\n```\n"
    )
