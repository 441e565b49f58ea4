"""The Apertium engine against real Apertium (Debian), plus plumbing with a fake command."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pipeline.engines import Pair, apertium, create
from pipeline.engines.apertium import INSTALL, ApertiumEngine, Pipeline
from pipeline.errors import EngineError

EN_ES = Pair("en", "es")


real = pytest.mark.skipif(
    not {EN_ES} <= ApertiumEngine().pairs(), reason=f"Apertium eng-spa is not installed ({INSTALL})"
)


@real
@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("Hello world.", ["Hola", "undo"]),
        ("The police arrested the suspect.", ["policía", "sospechoso"]),
        (
            "Some 120 senior policing officials from 50 countries are attending the INTERPOL European Regional "
            "Conference.",
            ["120", "50", "países", "Conferencia Regional"],
        ),
        ("Other crimes linked to the conflict include an increase in financial crimes.", ["delitos", "conflicto"]),
        ("Europe will always find a secure, neutral gateway for police.", ["Europa", "siempre", "policía"]),
    ],
)
def test_english_becomes_spanish(source: str, words: list[str]) -> None:
    [result] = create("apertium").translate([source], EN_ES)
    for word in words:
        assert word in result


def pipelines_started(spawned: list[list[str]]) -> int:
    """How many Apertium translation pipelines (the stages that load transducers) were started."""
    return sum(1 for args in spawned if any("automorf.bin" in a or a == "eng-spa" for a in args))


@real
def test_a_thousand_segments_go_through_one_pipeline_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create("apertium")
    engine.pairs()  # listing the modes is not translating
    spawned: list[list[str]] = []
    original = subprocess.Popen

    def counting(args: Any, *rest: Any, **kwargs: Any) -> Any:
        spawned.append(list(args))
        return original(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting)
    texts = [f"The police arrived in room {number}." for number in range(1000)]
    done: list[int] = []
    results = engine.translate(texts[:500], EN_ES, done.append) + engine.translate(texts[500:], EN_ES, done.append)
    assert len(results) == 1000
    for number, result in enumerate(results):
        assert result.endswith(f" {number}."), result
        assert "policía" in result
    assert pipelines_started(spawned) == 1  # kept between the two calls, not started again
    assert sum(done) == 1000


VARIED = [
    "Hello world.",
    "The frobnicator glimpsed the zorbulous cat.",
    "Follow #hashtag for 'single' news, see *note and @home.",
    "It runs at 3.5GHz over 100ml with 4x4 cars in 24h.",
    "A [bracket], a ^caret$, a / slash and a \\ backslash.",
    "The police\narrived.",
    "",
    "Send ZQ1Q files to ZQ2Q.",
    "“Quotes” — dashes… and ¿questions? Yes!",
] + [f"The committee approved the annual report on day {n} of the year." for n in range(300)]


@real
def test_the_kept_pipeline_translates_as_one_apertium_call_per_batch() -> None:
    kept, once = ApertiumEngine(), ApertiumEngine(persistent=False)
    for pair in (EN_ES, Pair("fr", "es")):
        for start in (0, 150):
            batch = VARIED[start : start + 160]
            assert kept.translate(batch, pair) == once.translate(batch, pair)
            assert kept.last_unknown_words == once.last_unknown_words
    kept.close()


def kept(engine: ApertiumEngine, part: int = -1) -> list[Pipeline]:
    """The idle kept pipelines of one part of eng-spa (the parts on either side of the tagger; default the last)."""
    keys = sorted(key for key in engine._idle if key.startswith("eng-spa#"))
    return engine._idle[keys[part]]


def stages(engine: ApertiumEngine, part: int = -1) -> list[int]:
    """The process ids of one kept part of eng-spa (default: the transfer part): its shell and every stage."""
    sessions = {pipeline.process.pid for pipeline in kept(engine, part)}
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) in sessions:  # the session id, after state, ppid, pgrp
                found.append(int(entry.name))
    return sorted(found)


@real
def test_a_translation_does_not_depend_on_what_the_engine_translated_before() -> None:
    """apertium-tagger keeps state across batches: kept, it made "npm install" come out two ways (--jobs-dependent)."""
    before = (
        "Even if you never publish your package, you can still get a lot of benefits of using npm if you just "
        "want to write a node program (a), and perhaps if you also want to be able to easily install it elsewhere "
        "after packing it up into a tarball (b)."
    )
    engine = ApertiumEngine()
    texts = ["npm install", *VARIED[:60]]
    fresh = engine.translate(texts, EN_ES)
    for other in ([before], VARIED[100:160], texts[::-1]):
        engine.translate(other, EN_ES)
        assert engine.translate(texts, EN_ES) == fresh
        assert [engine.translate([text], EN_ES)[0] for text in texts[:5]] == [
            ApertiumEngine(persistent=False).translate([text], EN_ES)[0] for text in texts[:5]
        ]
    engine.close()


@real
@pytest.mark.parametrize("how", ["killed", "hung"])
def test_a_killed_or_hung_pipeline_is_started_again_for_the_same_batch(how: str) -> None:
    engine = ApertiumEngine()
    engine.hang_seconds = 2.0  # how long silence means hung: shorter than a user's minute, for the test
    texts = VARIED[:40]
    first = engine.translate(texts, EN_ES)
    before = stages(engine)
    assert len(before) > 5  # bash and the ten stages after the tagger
    victim = before[len(before) // 2]  # a stage in the middle of the pipeline
    os.kill(victim, signal.SIGKILL if how == "killed" else signal.SIGSTOP)
    assert engine.translate(texts, EN_ES) == first
    assert engine.restarts == 1
    after = stages(engine)
    assert not set(after) & set(before)  # the old pipeline is gone, every stage of it
    engine.close()
    assert not [pid for pid in after if Path(f"/proc/{pid}").exists()]  # stopped, and reaped


@real
def test_a_pipeline_that_fails_again_after_its_restart_is_an_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = ApertiumEngine()
    engine.translate(["Hello."], EN_ES)

    def dies(*_: Any) -> bytes:
        raise apertium.PipelineFailed("it exited: Error: transducer gone")

    monkeypatch.setattr(apertium.Pipeline, "exchange", dies)
    with pytest.raises(EngineError, match="apertium eng-spa failed: it exited: Error: transducer gone"):
        engine.translate(["Hello."], EN_ES)
    assert engine.restarts == 1


@real
def test_unknown_words_are_unmarked_and_counted() -> None:
    engine = ApertiumEngine()
    results = engine.translate(["The frobnicator glimpsed the zorbulous cat.", "The police arrived."], EN_ES)
    assert "*" not in results[0] and "frobnicator" in results[0] and "zorbulous" in results[0]
    assert engine.last_unknown_words == (2, 0)
    engine.translate(["A zorbulous cat."], EN_ES)
    assert engine.unknown_words == 3


@real
def test_unknown_words_glued_to_a_number_are_unmarked_too() -> None:
    engine = ApertiumEngine()
    [result] = engine.translate(["It runs at 3.5GHz over 100ml with 4x4 cars in 24h."], EN_ES)
    assert "*" not in result
    assert "3.5GHz" in result and "100ml" in result and "4x4" in result and "24h" in result
    assert engine.last_unknown_words == (4,)


@real
def test_a_marked_word_of_the_source_loses_only_apertiums_mark() -> None:
    engine = ApertiumEngine()
    [result] = engine.translate(["Follow #hashtag for 'single' news."], EN_ES)  # Apertium: "#*hashtag", " *ingle'"
    assert "#hashtag" in result and "*" not in result
    assert engine.last_unknown_words == (2,)


@real
def test_mask_tokens_are_not_unknown_words() -> None:
    engine = ApertiumEngine()
    [result] = engine.translate(["Send ZQ1Q files to ZQ2Q."], EN_ES)
    assert "ZQ1Q" in result and "ZQ2Q" in result
    assert engine.last_unknown_words == (0,)


@real
def test_blank_texts_stay_blank_and_line_breaks_become_spaces() -> None:
    results = create("apertium").translate(["", "The police\narrived.", "   "], EN_ES)
    assert results[0] == "" and results[2] == ""
    assert "\n" not in results[1] and "policía" in results[1]
    assert create("apertium").translate([], EN_ES) == []


@real
def test_pairs_and_provenance_name_the_debian_package_version() -> None:
    engine = create("apertium")
    assert engine.available()
    assert {EN_ES, Pair("es", "fr")} <= engine.pairs()
    version = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "apertium-eng-spa"], capture_output=True, text=True
    ).stdout
    assert engine.provenance(EN_ES) == f"apertium eng-spa {version}"


@real
def test_a_pair_apertium_lacks_says_how_to_look_for_one() -> None:
    with pytest.raises(EngineError, match="no Apertium pair for en→ar") as raised:
        create("apertium").translate(["Hello"], Pair("en", "ar"))
    assert "apt-cache search apertium-eng-ara" in str(raised.value)


def test_missing_apertium_says_how_to_install_it(tmp_path: Path) -> None:
    engine = ApertiumEngine(command=str(tmp_path / "no-apertium"))
    assert not engine.available()
    assert engine.pairs() == set()
    with pytest.raises(EngineError, match="Apertium is not installed") as raised:
        engine.translate(["Hello"], EN_ES)
    assert "apt-get install apertium apertium-eng-spa apertium-fr-es" in str(raised.value)


def fake_apertium(tmp_path: Path, body: str) -> str:
    """A stand-in ``apertium`` whose translation is the shell pipeline ``body``."""
    script = tmp_path / "apertium"
    script.write_text(f'#!/bin/sh\nif [ "$1" = "-l" ]; then echo "  eng-spa"; exit 0; fi\n{body}\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def test_whitespace_and_marks_are_cleaned(tmp_path: Path) -> None:
    command = fake_apertium(tmp_path, "sed -e 's/^/  /' -e 's/ ,/  ,/g' -e 's/cat/*gato #perro @ave/'")
    engine = ApertiumEngine(command=command)
    assert engine.translate(["the cat , ( x ) ¿y ?"], EN_ES) == ["the gato perro ave, (x) ¿y?"]
    assert engine.last_unknown_words == (1,)


def test_marks_in_the_source_are_kept(tmp_path: Path) -> None:
    engine = ApertiumEngine(command=fake_apertium(tmp_path, "cat"))
    assert engine.translate(["see *note and #tag"], EN_ES) == ["see *note and #tag"]
    assert engine.last_unknown_words == (0,)


def test_output_that_does_not_split_back_is_retried_in_halves(tmp_path: Path) -> None:
    # Merges paragraphs whenever it sees "merge": the batch must be split until each text is alone.
    command = fake_apertium(
        tmp_path, "python3 -c \"import sys; t=sys.stdin.read(); print(t.replace('merge\\n\\n', 'merge '))\""
    )
    engine = ApertiumEngine(command=command)
    assert engine.translate(["one", "merge", "two", "three"], EN_ES) == ["one", "merge", "two", "three"]


def test_a_failing_apertium_is_an_engine_error(tmp_path: Path) -> None:
    engine = ApertiumEngine(command=fake_apertium(tmp_path, "echo 'Error: mode broken' >&2; exit 3"))
    with pytest.raises(EngineError, match="apertium eng-spa failed: Error: mode broken"):
        engine.translate(["Hello"], EN_ES)


def _translate_in_child(texts: list[str], out: Any, leave: Any) -> None:
    out.put((ApertiumEngine().translate(texts, EN_ES), os.getpid()))  # a pool process makes its own engine
    leave.wait(60)  # alive, with its copies of the parent's descriptors, until the parent has closed its engine


@real
def test_a_forked_pool_process_does_not_hold_the_parents_pipeline_open() -> None:
    import multiprocessing

    engine = ApertiumEngine()
    texts = VARIED[:30]
    first = engine.translate(texts, EN_ES)
    [parents] = kept(engine)
    context = multiprocessing.get_context("fork")  # how a local pool starts its processes on Linux
    results, leave = context.Queue(), context.Event()
    child = context.Process(target=_translate_in_child, args=(texts, results, leave))
    child.start()
    translated, pid = results.get(timeout=120)
    assert translated == first and pid == child.pid
    assert engine.translate(texts, EN_ES) == first
    assert kept(engine) == [parents] and engine.restarts == 0
    engine.close()  # while the child still lives: its copies of the pipes must not keep the pipeline open
    assert parents.process.returncode == 0  # it ended on end of input, not killed after a wait
    leave.set()
    child.join(timeout=60)
    assert child.exitcode == 0


@real
def test_threads_sharing_one_engine_each_get_their_own_pipeline_and_counts() -> None:
    from concurrent.futures import ThreadPoolExecutor

    engine, alone = ApertiumEngine(), ApertiumEngine()
    batches = [
        [f"The zorbulous committee met on day {n}." for n in range(200)],  # one unknown word per text
        [f"The police arrived on day {n}." for n in range(200)],
    ]
    expected = [(alone.translate(batch, EN_ES), alone.last_unknown_words) for batch in batches]

    def run(batch: list[str]) -> tuple[list[str], tuple[int, ...]]:
        return engine.translate(batch, EN_ES), engine.last_unknown_words

    with ThreadPoolExecutor(2) as threads:  # a Dask worker with --nthreads 2 runs tasks so
        for _ in range(3):
            assert list(threads.map(run, batches)) == expected
    assert 1 <= len(kept(engine)) <= 2 and engine.restarts == 0
    assert engine.unknown_words == 3 * 200
    engine.close()
