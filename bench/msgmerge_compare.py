"""``l10n update``'s merge beside GNU ``msgmerge --previous``, entry by entry, on real catalogs.

For each catalog a template is derived from its own entries, changed the way
templates change: every 7th entry dropped (its translation must go obsolete),
every 5th plural entry's ``msgid_plural`` reworded (fuzzy, with the previous
strings), every 11th singular entry turned plural and every 13th plural one
singular (fuzzy, the translation spread over the forms or cut to msgstr[0]),
and three new entries added, one plural. Both tools merge the catalog with it;
every entry of the two results is compared: msgid_plural, msgstr and every
msgstr[N], the fuzzy flag, the previous msgid, and which entries went obsolete.
One difference is deliberate and counted apart (``normalised``): an untranslated
plural entry gets exactly ``nplurals`` empty forms, where msgmerge keeps as many
as the old file had (Django's ``pt`` catalog has 3 under ``nplurals=2``, and
``msgfmt --check`` refuses it).
Used by ``tests/test_msgmerge.py`` (a sample of Django's catalogs) and
``bench_msgmerge`` (all of them).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline import catalog
from pipeline.languages import language
from pipeline.merge import merge

MSGMERGE = shutil.which("msgmerge")


def django_catalogs() -> list[Path]:
    """Django's shipped ``locale/<code>/LC_MESSAGES/*.po`` (django is a dev dependency), sorted; [] without it."""
    spec = importlib.util.find_spec("django")
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    return sorted(root.rglob("locale/*/LC_MESSAGES/*.po"))


@dataclass
class Comparison:
    catalogs: int = 0
    skipped: list[str] = field(default_factory=list)  # locales Babel does not know (l10n cannot have them)
    entries: int = 0  # entries compared (active and obsolete)
    plural_entries: int = 0
    # Untranslated plural entries whose old file had another number of (empty) forms than nplurals:
    # msgmerge keeps that number, and msgfmt --check then fails; l10n writes nplurals empty forms.
    normalised: int = 0
    differences: Counter[str] = field(default_factory=Counter)  # what differed -> entries
    examples: list[str] = field(default_factory=list)


def template_of(po: polib.POFile) -> polib.POFile:
    """A template derived from ``po`` with the changes described in the module docstring."""
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {
        "Project-Id-Version": "compare",
        "POT-Creation-Date": "2025-01-01 00:00+0000",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    singular = plural = 0
    for number, entry in enumerate(e for e in po if e.msgid and not e.obsolete):
        if number % 7 == 6:
            continue
        ref = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgstr="", occurrences=[("x.py", str(number))])
        if entry.msgid_plural:
            plural += 1
            ref.msgid_plural = entry.msgid_plural
            if plural % 5 == 0:
                ref.msgid_plural = entry.msgid_plural + " (reworded)"
            if plural % 13 == 0:
                ref.msgid_plural = ""
        else:
            singular += 1
            if singular % 11 == 0:
                ref.msgid_plural = entry.msgid + " (plural)"
        if ref.msgid_plural:
            ref.msgstr_plural = {0: "", 1: ""}
        pot.append(ref)
    pot.append(polib.POEntry(msgid="Zq l10n comparison: brand new entry.", msgstr=""))
    pot.append(polib.POEntry(msgid="Zq l10n comparison: another one", msgstr="", msgctxt="zq context"))
    pot.append(
        polib.POEntry(
            msgid="Zq l10n comparison: %(n)d new thing",
            msgid_plural="Zq l10n comparison: %(n)d new things",
            msgstr_plural={0: "", 1: ""},
        )
    )
    return pot


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid


def _view(entry: polib.POEntry) -> dict[str, object]:
    return {
        "msgid_plural": entry.msgid_plural or "",
        "msgstr": entry.msgstr if not entry.msgid_plural else "",
        "msgstr[N]": sorted((int(k), v) for k, v in entry.msgstr_plural.items()) if entry.msgid_plural else [],
        "fuzzy": "fuzzy" in entry.flags,
        "previous msgid": (entry.previous_msgid or "") if "fuzzy" in entry.flags else "",
        "previous msgid_plural": (entry.previous_msgid_plural or "") if "fuzzy" in entry.flags else "",
    }


def compare_one(po_path: Path, work: Path, result: Comparison) -> None:
    """Merge ``po_path`` with its derived template by both tools; add what differs to ``result``."""
    assert MSGMERGE is not None
    code = _babel_code(po_path.parent.parent.name)
    try:
        language(code)
    except ValueError:
        result.skipped.append(code)
        return
    work.mkdir(parents=True, exist_ok=True)
    old = catalog.read(po_path)
    pot_path = work / "ref.pot"
    pot_path.write_text(str(template_of(old)), encoding="utf-8")
    expected_path = work / "msgmerge.po"
    subprocess.run(
        [MSGMERGE, "--quiet", "--previous", "-o", str(expected_path), str(po_path), str(pot_path)], check=True
    )
    ours = merge(old, catalog.read(pot_path), code, po_path)
    expected = polib.pofile(str(expected_path))
    theirs_by = {(e.obsolete, _key(e)): e for e in expected if e.msgid}
    ours_by = {(bool(e.obsolete), _key(e)): e for e in ours if e.msgid}
    result.catalogs += 1
    for key in sorted(set(theirs_by) | set(ours_by)):
        result.entries += 1
        mine, theirs = ours_by.get(key), theirs_by.get(key)
        if mine is None or theirs is None:
            what = "only in msgmerge's" if mine is None else "only in l10n's"
            result.differences[f"{what} ({'obsolete' if key[0] else 'active'})"] += 1
            _example(result, po_path, key[1], what)
            continue
        if mine.msgid_plural or theirs.msgid_plural:
            result.plural_entries += 1
        a, b = _view(mine), _view(theirs)
        forms = [text for _, text in mine.msgstr_plural.items()] + [text for _, text in theirs.msgstr_plural.items()]
        if a["msgstr[N]"] != b["msgstr[N]"] and not any(forms):
            result.normalised += 1
            a["msgstr[N]"] = b["msgstr[N]"]
        for name in a:
            if a[name] != b[name]:
                result.differences[name] += 1
                _example(result, po_path, key[1], f"{name}: l10n {a[name]!r} / msgmerge {b[name]!r}")


def _example(result: Comparison, path: Path, key: str, what: str) -> None:
    if len(result.examples) < 10:
        result.examples.append(f"{path.parent.parent.name}: {key[:60]!r}: {what[:200]}")


def _babel_code(code: str) -> str:
    """Django's folder names (``zh_Hans``, ``sr_Latn``, ``es_AR``) as l10n's locale codes."""
    return code.replace("_", "-")
