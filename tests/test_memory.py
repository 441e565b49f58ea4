"""Translation memory: which earlier translations are reused, and from where."""

from __future__ import annotations

from pathlib import Path

import polib

from pipeline import engines, memory
from pipeline.review import State, provenance, state
from pipeline.translate import Options, translate
from tests.test_translate import Counting, entries, needs_eng_spa, prepare


def po(*items: polib.POEntry) -> polib.POFile:
    file = polib.POFile()
    for item in items:
        file.append(item)
    return file


def machine(msgid: str, msgstr: str, made_by: str = "machine apertium eng-spa 0.8.1-2") -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"], tcomment=f"l10n: {made_by}")


def test_reviewed_beats_machine_whatever_the_order() -> None:
    tm = memory.build(
        [
            ("a.po", po(machine("Hello.", "Hola (máquina)."))),
            ("b.po", po(polib.POEntry(msgid="Hello.", msgstr="Hola."))),
        ]
    )
    match = tm.lookup("Hello.")
    assert match is not None
    assert (match.msgstr, match.origin, match.reviewed) == ("Hola.", "b.po", True)
    assert match.describe() == "b.po (reviewed)"


def test_among_equals_the_first_file_and_live_entries_win() -> None:
    obsolete = polib.POEntry(msgid="Hello.", msgstr="Hola (viejo).", obsolete=True)
    tm = memory.build([("a.po", po(obsolete)), ("b.po", po(polib.POEntry(msgid="Hello.", msgstr="Hola.")))])
    assert tm.lookup("Hello.") == memory.Match("Hola.", "b.po", True, None)
    tm = memory.build([("a.po", po(machine("Hi.", "Uno."))), ("b.po", po(machine("Hi.", "Dos.")))])
    match = tm.lookup("Hi.")
    assert match is not None and match.msgstr == "Uno."
    assert match.describe() == "a.po (machine apertium eng-spa 0.8.1-2)"


def test_untranslated_and_source_changed_entries_are_not_memory() -> None:
    changed = polib.POEntry(msgid="New text.", msgstr="Texto viejo.", flags=["fuzzy"], previous_msgid="Old text.")
    unknown_fuzzy = polib.POEntry(msgid="Odd.", msgstr="Raro.", flags=["fuzzy"])
    tm = memory.build([("a.po", po(changed, unknown_fuzzy, polib.POEntry(msgid="Empty.", msgstr="")))])
    assert len(tm) == 0


def test_a_memory_copy_keeps_naming_the_engine_that_made_it() -> None:
    copied = machine("Hi.", "Hola.", made_by="memory a.po (machine apertium eng-spa 0.8.1-2)")
    match = memory.build([("b.po", po(copied))]).lookup("Hi.")
    assert match is not None and match.describe() == "b.po (machine apertium eng-spa 0.8.1-2)"


@needs_eng_spa
def test_two_documents_sharing_a_sentence_call_the_engine_once_for_it(tmp_path: Path) -> None:
    shared = "The conference opened in Vienna today."
    cfg = prepare(tmp_path, {"a.txt": f"{shared} Police met.\n", "b.txt": f"{shared} Judges met.\n"})
    counting = Counting(engines.create("apertium"))
    [result] = translate(cfg, engine_for=lambda name: counting).locales
    assert sorted(counting.sent) == sorted([shared, "Police met.", "Judges met."])
    assert result.translated == 4 and result.sent == 3
    a, b = entries(cfg, "es", "a")[shared], entries(cfg, "es", "b")[shared]
    assert a.msgstr == b.msgstr and a.msgstr

    # A new document with the same sentence: reused from memory, the engine is not asked again.
    (tmp_path / "source" / "c.txt").write_text(f"{shared}\n", encoding="utf-8")
    from pipeline.extract import extract
    from pipeline.update import update

    extract(cfg)
    update(cfg)
    counting = Counting(engines.create("apertium"))
    [result] = translate(cfg, Options(docs=("c",)), engine_for=lambda name: counting).locales
    assert counting.sent == []
    assert result.from_memory == 1
    entry = entries(cfg, "es", "c")[shared]
    assert entry.msgstr == a.msgstr
    assert state(entry) is State.MACHINE
    made_by = provenance(entry)
    assert made_by is not None and made_by.startswith("memory locales/es/LC_MESSAGES/a.po (machine apertium eng-spa ")
