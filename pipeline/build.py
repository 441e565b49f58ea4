"""Stage 4: source structure + catalog -> ``dist/<lang>/<doc>.<ext>``.

Each document is re-parsed and every segment replaced by its translation; an
untranslated segment, or one the build policy does not accept, keeps the
source text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import catalog, formats
from pipeline.atomic import write_atomic
from pipeline.config import Config
from pipeline.extract import load
from pipeline.model import Segment


@dataclass(frozen=True)
class Built:
    doc: str
    locale: str
    output: Path
    written: bool


def translations(po: polib.POFile, policy: str) -> dict[str, str]:
    """msgid -> msgstr for the entries the policy accepts."""
    found = {}
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        if entry.fuzzy and policy != "draft":
            continue
        found[entry.msgid] = entry.msgstr
    return found


def lookup_from(table: dict[str, str]) -> Callable[[Segment], str | None]:
    return lambda segment: table.get(segment.msgid)


def build(config: Config, locales: tuple[str, ...] | None = None, policy: str | None = None) -> list[Built]:
    results = []
    for path in config.documents():
        document = load(config, path)
        doc = config.doc_name(path)
        fmt = formats.for_path(path)
        for code in locales or config.locales:
            po_path = config.po_path(code, doc)
            table = translations(catalog.read(po_path), policy or config.build.policy) if po_path.exists() else {}
            text = fmt.render(document, lookup_from(table))
            output = config.dist_dir / code / path.relative_to(config.source_dir)
            old = output.read_text(encoding="utf-8") if output.exists() else None
            written = old != text
            if written:
                write_atomic(output, text)
            results.append(Built(doc, code, output, written))
    return results
