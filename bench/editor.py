"""A reviewer's PO editor saving a catalog while l10n stages change it: does any save get lost?

The editor is another process, outside l10n: it takes no lock. Every save it
reads the catalog, checks that all its earlier translations are still there,
gives the next entry (in turn) a reviewed translation of its own (``EDIT <n>``),
and writes the file back: in place
(truncate, then write in two parts, as many editors and scripts do) or by
rename (a temporary file renamed over it), alternately. Meanwhile l10n runs
``update`` (the template gains entries every round, so it writes) and
``translate`` (small batches, so it writes often) until the editor is done.

An earlier translation missing when the editor reads, or at the end, was
*lost*; no catalog the editor or l10n read may have been
wiped (fewer entries than the template had, or unreadable when whole).
Used by ``tests/test_concurrent.py`` (a short count) and ``bench_concurrent``
(about 1,000 saves).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

from pipeline import atomic
from pipeline import config as project_config
from pipeline.errors import L10nError
from pipeline.extract import extract
from pipeline.translate import Options, translate
from pipeline.update import update

EDIT = "EDIT "


@dataclass(frozen=True)
class Figures:
    saves: int  # the editor's saves
    lost: int  # its translations missing from the final catalog
    wiped: int  # times a catalog was seen with fewer entries than the template had, or unreadable
    l10n_writes: int  # catalog writes l10n made meanwhile (update, translate's batches)
    retries: int  # l10n writes started over because the editor saved first
    refused: int  # l10n stage runs that stopped with an error (nothing written) instead
    rounds: int  # update + translate rounds run meanwhile
    errors: tuple[str, ...]  # the distinct error lines of refused runs


def make_project(root: Path, sentences: int, locale: str) -> Path:
    """A project with one text document of ``sentences`` distinct sentences, extracted and updated."""
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text(
        f'[project]\nname = "stress"\nsource_language = "en"\nlocales = ["{locale}"]\n', encoding="utf-8"
    )
    text = "\n\n".join(f"Sentence number {i} talks about item {i * 7} today." for i in range(sentences))
    (root / "source" / "doc.txt").write_text(text + "\n", encoding="utf-8")
    cfg = project_config.load(root)
    extract(cfg)
    update(cfg)
    return cfg.po_path(locale, "doc")


def edit_loop(path: str, saves: int, every: float, entries: int, out: str) -> None:
    """The editor (run in its own process): ``saves`` saves, one every ``every`` seconds, over ``entries`` entries.

    Before each save it checks that every translation it saved before is still
    in the file (the latest one per entry): one missing was lost by someone.
    """
    latest: dict[str, tuple[int, str]] = {}  # msgid -> (save number, text) the editor last gave it
    lost: set[int] = set()
    made = wiped = 0
    for number in range(saves):
        data = Path(path).read_bytes()
        try:
            po = polib.pofile(data.decode("utf-8"), wrapwidth=79)
        except (OSError, ValueError, UnicodeDecodeError):
            wiped += 1
            continue
        active = [e for e in po if e.msgid and not e.obsolete]
        if len(active) < entries:
            wiped += 1
            continue
        now = {e.msgid: e.msgstr for e in active}
        lost.update(save for msgid, (save, text) in latest.items() if now.get(msgid) != text)
        entry = active[number % entries]
        entry.msgstr = f"{EDIT}{number}"
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        latest[entry.msgid] = (number, entry.msgstr)
        made += 1
        text = str(po).encode("utf-8")
        if number % 2:
            tmp = f"{path}.editor-{number}"
            with open(tmp, "wb") as handle:
                handle.write(text)
            os.replace(tmp, path)
        else:
            with open(path, "wb") as handle:  # truncates: the file is empty for a moment
                half = len(text) // 2
                handle.write(text[:half])
                handle.flush()
                time.sleep(0.0002)  # then half written
                handle.write(text[half:])
        time.sleep(every)
    result = {"made": made, "latest": latest, "lost": sorted(lost), "wiped": wiped}
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def stress(
    root: Path, *, saves: int, entries: int = 200, every: float = 0.005, engine: str = "pseudo", locale: str = "en-XA"
) -> Figures:
    """Run the editor against update + translate rounds; count lost and wiped."""
    sentences = entries + 20
    path = make_project(root, sentences, locale)
    cfg = project_config.load(root)
    log = root / "editor.json"
    editor = multiprocessing.get_context("spawn").Process(
        target=edit_loop, args=(str(path), saves, every, entries, str(log)), daemon=True
    )
    editor.start()
    rounds = wiped = 0
    outcomes: list[bool] = []
    real = atomic.replace_unchanged

    def counted(*args: Any, **kwargs: Any) -> bool:
        outcomes.append(real(*args, **kwargs))
        return outcomes[-1]

    atomic.replace_unchanged = counted  # type: ignore[assignment]
    errors: list[str] = []
    try:
        while editor.is_alive() and rounds < 10 * saves:
            rounds += 1
            _round(cfg, root, rounds, engine, errors)
            wiped += _wiped(path, sentences)
        editor.join(timeout=600)
        # One last round with the editor gone: it must write (the template grew) and keep every edit.
        rounds += 1
        _round(cfg, root, rounds, engine, errors)
        wiped += _wiped(path, sentences)
    finally:
        atomic.replace_unchanged = real  # type: ignore[assignment]
        if editor.is_alive():
            editor.kill()
    result = json.loads(log.read_text(encoding="utf-8"))
    final = {e.msgid: e.msgstr for e in polib.pofile(path.read_text(encoding="utf-8")) if not e.obsolete}
    lost = set(result["lost"]) | {save for msgid, (save, text) in result["latest"].items() if final.get(msgid) != text}
    return Figures(
        saves=result["made"],
        lost=len(lost),
        wiped=wiped + result["wiped"] + _wiped(path, sentences),
        l10n_writes=sum(outcomes),
        retries=len(outcomes) - sum(outcomes),
        refused=len(errors),
        rounds=rounds,
        errors=tuple(sorted(set(errors))),
    )


def _round(cfg: project_config.Config, root: Path, number: int, engine: str, errors: list[str]) -> None:
    """One round: the document gains a sentence, then extract, update and translate; errors are collected."""
    with (root / "source" / "doc.txt").open("a", encoding="utf-8") as handle:
        handle.write(f"\nAn added sentence for round {number}.\n")
    for stage in ("extract", "update", "translate"):
        try:
            if stage == "extract":
                extract(cfg)
            elif stage == "update":
                update(cfg)
            else:
                translate(cfg, Options(engine=engine, batch_size=8))
        except L10nError as error:
            errors.append(str(error))


def _wiped(path: Path, sentences: int) -> int:
    """1 if the catalog (which only l10n writes by rename at this moment... or the editor) lacks entries."""
    for _ in range(50):
        try:
            po = polib.pofile(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            time.sleep(0.001)  # the editor may be mid-save (in place): look again
            continue
        active = [e for e in po if e.msgid and not e.obsolete]
        if len(active) >= sentences:
            return 0
        time.sleep(0.001)
    return 1
