"""``l10n update``'s merge beside GNU ``msgmerge --previous`` on every catalog Django ships.

Django is a dev dependency: its wheel's ``locale/*/LC_MESSAGES/*.po`` (about 1,200
catalogs, 5,000 plural entries, reviewed by Django's translators) are merged by
both tools with a template derived from each catalog, changed as templates change
(see ``bench/msgmerge_compare.py``); every entry of the results is compared.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.msgmerge_compare import MSGMERGE, Comparison, compare_one, django_catalogs


def run() -> str:
    catalogs = django_catalogs()
    if not catalogs or MSGMERGE is None:
        return "## msgmerge comparison\n\nSkipped: django (pip install -e '.[dev]') or GNU gettext is missing.\n"
    result = Comparison()
    work = Path(tempfile.mkdtemp(prefix="l10n-bench-msgmerge-"))
    started = time.perf_counter()
    try:
        for number, path in enumerate(catalogs):
            compare_one(path, work / str(number), result)
            shutil.rmtree(work / str(number), ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - started
    import django

    lines = [
        f"## msgmerge comparison (Django {django.__version__}'s catalogs)",
        "",
        "| catalogs compared | skipped (locale unknown to Babel) | entries compared | of them plural "
        "| differences | untranslated plural forms normalised |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {result.catalogs} | {len(result.skipped)} ({', '.join(sorted(set(result.skipped)))}) | "
        f"{result.entries:,} | {result.plural_entries:,} | {sum(result.differences.values())} | {result.normalised} |",
        "",
        f"Both tools merged each catalog with the same changed template ({took:.0f} s for both, all catalogs).",
        "*Normalised*: an untranslated plural entry whose old file had another number of empty forms than",
        "`nplurals` gets `nplurals` of them from l10n; msgmerge keeps the old number and msgfmt --check fails.",
    ]
    if result.differences:
        lines.append("")
        lines.extend(f"- {what}: {count}" for what, count in result.differences.most_common())
        lines.extend(f"- e.g. {example}" for example in result.examples)
    return "\n".join(lines) + "\n"
