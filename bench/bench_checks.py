"""False alarms and speed of `l10n check`, beside Translate Toolkit's pofilter, on human-reviewed catalogs.

The catalogs are the ``.po`` files shipped inside two pinned PyPI wheels, Django and
Sphinx (about 1,300 catalogs, 90,000 reviewed entries in 100+ languages), fetched with
``pip download`` into ``.bench-cache/po/`` (gitignored; about 12 MB once). Their
entries were written and reviewed by people, so a finding on them is mostly a false
alarm: the figure to keep low is findings per reviewed (translated, not fuzzy) entry.

Both tools see the same reviewed entries: fuzzy ones are left out (pofilter
``--nofuzzy``), untranslated ones are not checked. Speed is one run of each command
over the same folder, as a user would run it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

from pipeline import catalog
from pipeline.checks import CHECKS, ERROR, catalog_locale, check_catalog
from pipeline.errors import CatalogError

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache" / "po"
WHEELS = ("django==5.2.19", "sphinx==9.0.4")
# Translate Toolkit marks these tests @critical (translate/filters/checks.py).
POFILTER_CRITICAL = frozenset(
    {"escapes", "newlines", "tabs", "printf", "pythonbraceformat", "variables", "xmltags", "validxml", "nplurals"}
)
_POFILTER_NOTE = re.compile(r"^# \(pofilter\) (\w+):", re.M)


def corpus() -> Path:
    """The catalogs, downloaded and unpacked on the first run."""
    files = CACHE / "files"
    if files.is_dir() and any(files.rglob("*.po")):
        return files
    wheels = CACHE / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
    subprocess.run([*command, "--dest", str(wheels), *WHEELS], check=True)
    for wheel in sorted(wheels.glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(".po"):
                    archive.extract(name, files / wheel.name.split("-")[0])
    return files


def ours(files: list[Path]) -> tuple[int, Counter[str], Counter[str], dict[str, list[str]], float]:
    """Reviewed entries, findings per check, entries flagged per check, examples, seconds (in-process)."""
    reviewed = 0
    findings: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    started = time.perf_counter()
    for path in files:
        try:
            po = catalog.read(path)
        except CatalogError:
            continue
        for entry in po:
            if entry.fuzzy:
                entry.obsolete = True  # reviewed entries only, as pofilter --nofuzzy
            elif entry.msgid and not entry.obsolete and entry.translated():
                reviewed += 1
        locale = catalog_locale(po, path)
        seen: set[tuple[str, int]] = set()
        for finding in check_catalog(path.relative_to(path.parents[4]).as_posix(), po, locale):
            findings[finding.check] += 1
            if (finding.check, finding.line) not in seen:
                seen.add((finding.check, finding.line))
                flagged[finding.check] += 1
            shown = examples.setdefault(finding.check, [])
            if len(shown) < 2 and not any(e.startswith(f"{locale}:") for e in shown):
                shown.append(f"{locale}: {finding.message} — “{_short(finding.msgid)}”")
    return reviewed, findings, flagged, examples, time.perf_counter() - started


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def pofilter(folder: Path) -> tuple[Counter[str], int, float]:
    """pofilter's findings per test and entries flagged, and its wall time."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run(
            ["pofilter", "--progress=none", "--nofuzzy", "--excludefilter=untranslated", "-i", str(folder), "-o", out],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
        tests: Counter[str] = Counter()
        entries = 0
        for path in Path(out).rglob("*.po"):
            text = path.read_text(encoding="utf-8", errors="replace")
            tests.update(_POFILTER_NOTE.findall(text))
            entries += len(re.findall(r"^msgid ", text, re.M)) - 1  # less the header
    return tests, entries, seconds


def ours_command(folder: Path) -> float:
    """Wall time of `l10n check` over the folder (all entries, fuzzy ones too), from outside any project."""
    with tempfile.TemporaryDirectory() as elsewhere:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pipeline", "check", "--format", "json", str(folder)],
            cwd=elsewhere,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        return time.perf_counter() - started


def run() -> str:
    if shutil.which("pofilter") is None:
        return "## Checks\n\npofilter (Debian package translate-toolkit) is not installed; nothing measured.\n"
    folder = corpus()
    files = sorted(folder.rglob("*.po"))
    reviewed, findings, flagged, examples, in_process = ours(files)
    theirs, their_entries, their_seconds = pofilter(folder)
    our_seconds = ours_command(folder)
    per_k = 1000 / reviewed

    our_errors = sum(n for c, n in findings.items() if c in {k.id for k in CHECKS if k.severity == ERROR})
    our_total = sum(findings.values())
    their_critical = sum(n for t, n in theirs.items() if t in POFILTER_CRITICAL)
    their_total = sum(theirs.values())
    our_entries = sum(flagged.values())

    lines = [
        "## Checks: false alarms on human-reviewed catalogs, and speed",
        "",
        f"{len(files)} catalogs from the Django 5.2.19 and Sphinx 9.0.4 wheels, {reviewed:,} reviewed entries "
        "(translated, not fuzzy). Reviewed by people, so nearly every finding is a false alarm or a "
        "cosmetic slip; errors should be real problems.",
        "",
        "| | l10n check | pofilter |",
        "|---|---:|---:|",
        f"| findings per 1,000 reviewed entries | {our_total * per_k:.1f} | {their_total * per_k:.1f} |",
        f"| errors (ours) / critical (pofilter) per 1,000 | {our_errors * per_k:.2f} | {their_critical * per_k:.2f} |",
        f"| entries flagged per 1,000 (check × entry) | {our_entries * per_k:.1f} | {their_entries * per_k:.1f} |",
        f"| wall time over the folder, one run | {our_seconds:.1f} s | {their_seconds:.1f} s |",
        f"| speed ratio (pofilter time / ours) | {their_seconds / our_seconds:.1f}× | 1× |",
        "",
        f"Ours in-process (parse + all checks, reviewed entries): {in_process:.1f} s. The command also checks "
        "fuzzy entries; pofilter skips them (`--nofuzzy`).",
        "",
        "### Ours, per check",
        "",
        "| check | severity | findings | per 1,000 | examples |",
        "|---|---|---:|---:|---|",
    ]
    for check in CHECKS:
        shown = "<br>".join(e.replace("|", "\\|") for e in examples.get(check.id, []))
        count = findings[check.id]
        lines.append(f"| `{check.id}` | {check.severity} | {count} | {count * per_k:.2f} | {shown} |")
    lines += ["", "### pofilter, per test", "", "| test | critical | findings | per 1,000 |", "|---|---|---:|---:|"]
    for test, count in theirs.most_common():
        critical = "yes" if test in POFILTER_CRITICAL else ""
        lines.append(f"| {test} | {critical} | {count} | {count * per_k:.2f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
