"""Regenerate pipeline/data/abbreviations.json from the pySBD wheel and CLDR.

Usage (from the repository root):

    pip download pysbd==0.3.4 --no-deps -d /tmp/pysbd
    apt-get download unicode-cldr-core && dpkg -x unicode-cldr-core_*.deb /tmp/cldr
    python scripts/make_abbreviations.py /tmp/pysbd/pysbd-0.3.4-py3-none-any.whl \
        /tmp/cldr/usr/share/unicode/cldr/common/segments "from Debian unicode-cldr-core 41"

Sources, both free to redistribute with attribution:
- pySBD 0.3.4 (MIT, Nipun Sadvilkar): each language's ``Abbreviation`` class.
  ``PREPOSITIVE_ABBREVIATIONS`` (titles: never end a sentence) become ``always``;
  ``NUMBER_ABBREVIATIONS`` and the general ``ABBREVIATIONS`` become
  ``before_number`` (no end before a digit; before a capital the usual rules
  decide, as in pySBD). Languages that only inherit pySBD's English default list
  are left out: that list is not theirs.
- Unicode CLDR (Unicode licence), ``common/segments/<lang>.xml``: the sentence-break
  suppressions, as ``before_number`` entries.

Only single-word entries are kept (letters, inner dots, apostrophes, hyphens):
the splitter looks at the one word before a full stop.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "abbreviations.json"
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?")


def _clean(entries: list[str]) -> list[str]:
    kept = set()
    for entry in entries:
        word = entry.strip().lower().removesuffix(".")
        if _WORD.fullmatch(word) and len(word) <= 30:
            kept.add(word)
    return sorted(kept)


def from_pysbd(wheel: Path) -> tuple[str, dict[str, dict[str, list[str]]]]:
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(wheel).extractall(tmp)
        sys.path.insert(0, tmp)
        import pysbd  # type: ignore[import-not-found]
        from pysbd.languages import LANGUAGE_CODES  # type: ignore[import-not-found]

        default = LANGUAGE_CODES["en"].Abbreviation
        found: dict[str, dict[str, list[str]]] = {}
        for code, lang in LANGUAGE_CODES.items():
            table = lang.Abbreviation
            if code != "en" and table.ABBREVIATIONS == default.ABBREVIATIONS:
                continue  # inherits the English default, not the language's own list
            found[code] = {
                "always": _clean(table.PREPOSITIVE_ABBREVIATIONS),
                "before_number": _clean([*table.NUMBER_ABBREVIATIONS, *table.ABBREVIATIONS]),
            }
        return f"pySBD {pysbd.__version__} (MIT)", found


def from_cldr(folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.xml")):
        entries = [s.text or "" for s in ElementTree.parse(path).getroot().iter("suppression")]
        if entries and "_" not in path.stem:
            found[path.stem] = _clean(entries)
    return found


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    pysbd_source, pysbd = from_pysbd(Path(argv[0]))
    cldr = from_cldr(Path(argv[1]))
    cldr_source = f"Unicode CLDR common/segments suppressions {argv[2] if len(argv) == 3 else ''}".strip()
    languages: dict[str, dict[str, list[str]]] = {}
    for code in sorted(set(pysbd) | set(cldr)):
        own = pysbd.get(code, {"always": [], "before_number": []})
        before = sorted(set(own["before_number"]) | set(cldr.get(code, [])))
        languages[code] = {"always": own["always"], "before_number": before}
    data = {
        "generated_by": "scripts/make_abbreviations.py",
        "sources": [pysbd_source, f"{cldr_source} (Unicode licence)"],
        "languages": languages,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(
        f"wrote {OUT}: " + ", ".join(f"{c} {len(v['always'])}+{len(v['before_number'])}" for c, v in languages.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
