"""XLIFF export and import speed on real catalogs, beside Translate Toolkit's po2xliff and XLIFF reader.

The catalogs are Sphinx's, from the pinned wheel that ``bench_checks`` downloads into
``.bench-cache/po/`` (70 catalogs, about 60,000 entries in 70 languages, written by
sphinx-intl/Transifex). Each is read once with polib (not timed), then:

- export: ``pipeline.xliff.render`` (XLIFF 2.0 and 1.2) beside Translate Toolkit's
  ``po2xliff().convertstore`` (XLIFF 1.2) on the same catalog;
- import: ``pipeline.xliff.read`` (streamed, hostile-input checks) beside Translate
  Toolkit's ``xlifffile.parsestring`` (whole tree) on the same XLIFF 1.2 file.

In-process, one pass each, so start-up costs are left out.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.bench_checks import corpus
from pipeline import catalog, xliff
from pipeline.checks import catalog_locale
from pipeline.errors import CatalogError


def run() -> str:
    from translate.convert.po2xliff import po2xliff
    from translate.storage import po as tt_po
    from translate.storage.xliff import xlifffile

    files = sorted(p for p in (corpus() / "sphinx").rglob("*.po"))
    loaded = []
    for path in files:
        try:
            loaded.append((path, catalog.read(path)))
        except CatalogError:
            continue
    entries = sum(1 for _, po in loaded for e in po if e.msgid and not e.obsolete)
    timings = {"ours2": 0.0, "ours12": 0.0, "tt12": 0.0, "read_ours": 0.0, "read_tt": 0.0}
    units = 0
    with tempfile.TemporaryDirectory() as folder:
        for index, (path, po) in enumerate(loaded):
            code = catalog_locale(po, path) or "und"
            started = time.perf_counter()
            xliff.render(po, "xliff2", "en", code.replace("_", "-"), "sphinx")
            timings["ours2"] += time.perf_counter() - started
            started = time.perf_counter()
            data = xliff.render(po, "xliff12", "en", code.replace("_", "-"), "sphinx")
            timings["ours12"] += time.perf_counter() - started
            store = tt_po.pofile.parsestring(path.read_bytes())
            started = time.perf_counter()
            bytes(po2xliff().convertstore(store))
            timings["tt12"] += time.perf_counter() - started
            target = Path(folder) / f"{index}.xlf"
            target.write_bytes(data)
            started = time.perf_counter()
            units += len(xliff.read(target).units)
            timings["read_ours"] += time.perf_counter() - started
            started = time.perf_counter()
            xlifffile.parsestring(data)
            timings["read_tt"] += time.perf_counter() - started

    def rate(seconds: float) -> str:
        return f"{entries / seconds:,.0f}" if seconds else "-"

    rows = [
        ("export XLIFF 2.0", "l10n export", timings["ours2"], None),
        ("export XLIFF 1.2", "l10n export --format xliff12", timings["ours12"], timings["tt12"]),
        ("read XLIFF 1.2", "l10n import (reading)", timings["read_ours"], timings["read_tt"]),
    ]
    lines = [
        "## exchange: XLIFF export and import",
        "",
        f"{len(loaded)} Sphinx catalogs, {entries:,} entries ({units:,} units read back).",
        "",
        "| step | l10n | s | entries/s | Translate Toolkit s | ratio (TT / l10n) |",
        "|---|---|---|---|---|---|",
    ]
    for step, what, ours, theirs in rows:
        ratio = f"{theirs / ours:.1f}x" if theirs and ours else "-"
        tt = f"{theirs:.2f}" if theirs is not None else "-"
        lines.append(f"| {step} | `{what}` | {ours:.2f} | {rate(ours)} | {tt} | {ratio} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
