"""Long jobs: interruption loses at most one batch, a re-run continues, reviewers' edits survive.

Driven by the real pseudo engine behind small wrappers that interrupt the job
or play a reviewer saving the catalog while it runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from pipeline import catalog, config, engines
from pipeline.engines import Engine, Pair
from pipeline.engines import Progress as EngineProgress
from pipeline.review import State, state
from pipeline.translate import Options, translate
from tests.conftest import REPO
from tests.test_translate import Counting, entries, prepare, snapshot

SENTENCES = [
    f"Sentence number {word} is here."
    for word in ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
]
TEXT = " ".join(SENTENCES) + "\n"


class Hooked(Counting):
    """The real engine, with ``hook(call_number)`` run before each call."""

    def __init__(self, engine: Engine, hook: Callable[[int], None]) -> None:
        super().__init__(engine)
        self.hook, self.calls = hook, 0

    def translate(self, texts: Sequence[str], pair: Pair, progress: EngineProgress | None = None) -> list[str]:
        self.calls += 1
        self.hook(self.calls)
        return super().translate(texts, pair, progress)


def project(tmp_path: Path) -> config.Config:
    return prepare(tmp_path, {"a.txt": TEXT}, locales='["en-XA"]')


def done(cfg: config.Config) -> list[str]:
    return [msgid for msgid, e in entries(cfg, "en-XA", "a").items() if state(e) is not State.UNTRANSLATED]


def test_an_interrupted_job_keeps_finished_batches_and_a_rerun_sends_only_the_rest(tmp_path: Path) -> None:
    cfg = project(tmp_path)

    def interrupt(call: int) -> None:
        if call == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate(cfg, Options(batch_size=2), engine_for=lambda name: Hooked(engines.create(name), interrupt))
    assert done(cfg) == SENTENCES[:4]  # two batches of two were saved

    counting = Counting(engines.create("pseudo"))
    [result] = translate(cfg, Options(batch_size=2), engine_for=lambda name: counting).locales
    assert counting.sent == SENTENCES[4:]
    assert (result.pending, result.translated, result.remaining) == (5, 5, 0)
    assert done(cfg) == SENTENCES


def test_a_reviewer_edit_saved_during_the_job_is_kept(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    path = cfg.po_path("en-XA", "a")

    def reviewer(call: int) -> None:
        if call != 2:
            return
        po = catalog.read(path)
        first = po.find(SENTENCES[0])  # machine-translated by batch 1: the reviewer accepts a correction
        first.msgstr = "Reviewed one."
        first.flags.remove("fuzzy")
        po.find(SENTENCES[6]).msgstr = "Reviewed seven."  # still pending: must not be overwritten
        po.find(SENTENCES[6]).tcomment = "checked by Ana"
        catalog.save(po, path)

    translate(cfg, Options(batch_size=2), engine_for=lambda name: Hooked(engines.create(name), reviewer))
    got = entries(cfg, "en-XA", "a")
    assert got[SENTENCES[0]].msgstr == "Reviewed one."
    assert state(got[SENTENCES[0]]) is State.REVIEWED
    assert got[SENTENCES[6]].msgstr == "Reviewed seven."
    assert got[SENTENCES[6]].tcomment == "checked by Ana"
    assert state(got[SENTENCES[6]]) is State.REVIEWED
    for sentence in SENTENCES[1:6] + SENTENCES[7:]:
        assert state(got[sentence]) is State.MACHINE


def test_a_second_run_changes_no_file_bytes_or_dates(tmp_path: Path) -> None:
    cfg = prepare(tmp_path, {"a.txt": TEXT, "b.txt": "Another document.\n"}, locales='["en-XA", "ar-XB"]')
    first = translate(cfg)
    assert sum(len(r.written) for r in first.locales) == 4
    before = snapshot(tmp_path)
    counting = Counting(engines.create("pseudo"))
    second = translate(cfg, engine_for=lambda name: counting)
    assert counting.sent == []
    assert all(r.written == () for r in second.locales)
    assert snapshot(tmp_path) == before


def test_sigterm_stops_the_cli_like_ctrl_c_keeping_saved_batches(tmp_path: Path) -> None:
    """kill (SIGTERM) mid-job: a message, exit 130, no temporary file, the first batch kept."""
    cfg = prepare(tmp_path / "project", {"a.txt": TEXT})
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "apertium"  # lists eng-spa; copies its input, then hangs from its second call on
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-l" ]; then echo eng-spa; exit 0; fi\n'
        f'if [ -e "{tmp_path}/called" ]; then touch "{tmp_path}/hanging"; exec sleep 60; fi\n'
        f'touch "{tmp_path}/called"; exec cat\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(REPO)}
    job = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "-C", str(cfg.root), "translate", "-e", "apertium", "--batch-size", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not (tmp_path / "hanging").exists() and job.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    job.send_signal(signal.SIGTERM)
    _, err = job.communicate(timeout=60)
    assert job.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not list(cfg.root.rglob("*.tmp"))
    path = cfg.po_path("es", "a")
    assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], check=False).returncode == 0
    translated = [e.msgid for e in catalog.read(path) if state(e) is not State.UNTRANSLATED]
    assert translated == SENTENCES[:2]
