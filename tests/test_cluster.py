"""Translation on a real Dask cluster (a scheduler and two workers on 127.0.0.1) and on a local process pool.

The fixtures start ``dask scheduler`` and ``dask worker`` processes and stop them
(bounded waits). The catalogs a cluster run writes are compared with those of
an in-process run over the same batches, never with fixed model outputs.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline import catalog, config, dispatch, engines, merge
from pipeline.cli import main
from pipeline.dispatch import EngineSpec, Task
from pipeline.engines import EngineOptions, Pair
from pipeline.errors import EngineError
from pipeline.review import State, state
from pipeline.translate import Options, translate
from tests.conftest import REPO, make_project

pytest.importorskip("distributed")

ARGOS_FIXTURE = REPO / "tests" / "data" / "argos" / "translate-en_es-tiny.argosmodel"
DASK = Path(sys.executable).parent / "dask"
HAS_APERTIUM = (
    Pair("en", "es") in engines.create("apertium").pairs() and Pair("en", "ca") in engines.create("apertium").pairs()
)
needs_apertium = pytest.mark.skipif(not HAS_APERTIUM, reason="needs apertium-eng-spa and apertium-eng-cat")
FIXED_DATE = "2024-01-02 03:04+0000"

SUBJECTS = ["The police", "The committee", "Our partners", "The office", "Young officers", "The secretary"]
VERBS = ["opened", "closed", "visited", "described", "supported", "reviewed"]
OBJECTS = ["the new building", "a small school", "the old bridge", "the city park", "a long road"]


def sentences(count: int) -> list[str]:
    made = []
    for number in range(count):
        subject, verb = SUBJECTS[number % 6], VERBS[number // 6 % 6]
        made.append(f"{subject} {verb} {OBJECTS[number // 36 % 5]} on day {number}.")
    return made


def new_project(root: Path, count: int, locales: str = '["ca", "en-XA"]', extra: str = "") -> Path:
    make_project(root, locales, extra)
    lines = sentences(count)
    for part in range(2):
        text = "\n\n".join(lines[part::2]) + "\n\nThe same closing line.\n"
        (root / "source" / f"part{part}.txt").write_text(text, encoding="utf-8")
    for step in (["extract"], ["update"]):
        result = CliRunner().invoke(main, ["-C", str(root), *step])
        assert result.exit_code == 0, result.output
    return root


def catalogs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "locales").rglob("*.po"))}


def untranslated(root: Path) -> set[str]:
    left = set()
    for path in (root / "locales").rglob("*.po"):
        left |= {e.msgid for e in polib.pofile(str(path)) if e.msgid and state(e) is State.UNTRANSLATED}
    return left


def first_batch_saved(root: Path, client: subprocess.Popen[bytes]) -> None:
    """Wait (up to 2 minutes) until the job in ``client`` has saved its first Catalan batch, or has ended."""
    po = root / "locales" / "ca" / "LC_MESSAGES"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and client.poll() is None:
        if any(b"l10n: machine" in path.read_bytes() for path in po.glob("*.po")):
            return
        time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]

    def kill_worker(self, index: int) -> None:
        self.workers[index].send_signal(signal.SIGKILL)
        self.workers[index].wait(timeout=30)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextmanager
def dask_cluster(folder: Path, worker_envs: list[dict[str, str]]) -> Iterator[Cluster]:
    """A scheduler and one worker per environment (one thread each, no nanny: a killed worker stays dead)."""
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    folder.mkdir(parents=True, exist_ok=True)
    logs = [open(folder / f"log{n}.txt", "wb") for n in range(len(worker_envs) + 1)]  # noqa: SIM115
    scheduler = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=logs[0],
        stderr=subprocess.STDOUT,
        cwd=folder,
    )
    workers: list[subprocess.Popen[bytes]] = []
    try:
        for number, extra in enumerate(worker_envs, start=1):
            command = [str(DASK), "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard"]
            command += ["--name", f"worker{number}", "--local-directory", str(folder / f"w{number}")]
            env = {**os.environ, **extra}
            workers.append(
                subprocess.Popen(command, stdout=logs[number], stderr=subprocess.STDOUT, cwd=folder, env=env)
            )
        with Client(address, timeout=60) as client:
            client.wait_for_workers(len(worker_envs), timeout=120)
        yield Cluster(address, scheduler, workers)
    finally:
        for process in [*workers, scheduler]:
            _stop(process)
        for log in logs:
            log.close()


def argos_folder(folder: Path) -> Path:
    """An Argos packages folder with the tiny en→es fixture installed (by l10n, in a process of its own)."""
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(folder)}
    command = [sys.executable, "-m", "pipeline", "models", "install", str(ARGOS_FIXTURE)]
    subprocess.run(command, check=True, capture_output=True, env=env, timeout=120)
    return folder


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    base = tmp_path_factory.mktemp("dask")
    models = argos_folder(base / "argos")
    with dask_cluster(base / "cluster", [{"ARGOS_PACKAGES_DIR": str(models)}] * 2) as started:
        yield started


@pytest.fixture
def fixed_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "now", lambda: FIXED_DATE)
    monkeypatch.setattr(merge, "now", lambda: FIXED_DATE)  # update's merge holds its own reference


@needs_apertium
@pytest.mark.usefixtures("fixed_dates")
def test_a_cluster_writes_the_catalogs_a_local_run_writes(
    cluster: Cluster, tmp_path: Path, argos_packages: Path
) -> None:
    argos_folder(argos_packages)  # the local run's Argos: the same model as the workers'
    engines_by_locale = '\n[locales.es]\nengine = "argos"\n[locales.ca]\nengine = "apertium"\n'
    local = new_project(tmp_path / "local", 60, '["es", "ca", "en-XA"]', engines_by_locale)
    shutil.copytree(local, tmp_path / "remote")
    remote = tmp_path / "remote"
    here = translate(config.load(local), Options(batch_size=7))
    there = translate(config.load(remote), Options(batch_size=7, cluster=cluster.address))
    assert [r.problem for r in there.locales] == [None, None, None]
    assert [r.made_by for r in there.locales] == [r.made_by for r in here.locales]
    assert [r.sent for r in there.locales] == [r.sent for r in here.locales] == [61, 61, 61]
    assert untranslated(remote) == untranslated(local)  # the tiny model loses some masked tokens: the same ones
    assert catalogs(remote) == catalogs(local)


@needs_apertium
@pytest.mark.usefixtures("fixed_dates")
def test_the_cluster_setting_in_l10n_toml_and_a_re_run_with_nothing_left(cluster: Cluster, tmp_path: Path) -> None:
    root = new_project(tmp_path / "p", 20, extra=f'\n[translate]\ncluster = "{cluster.address}"\n')
    first = CliRunner().invoke(main, ["-C", str(root), "translate"])
    assert first.exit_code == 0, first.output
    assert "ca: 22 entries by apertium eng-cat" in first.output and "(21 segments sent)" in first.output
    again = CliRunner().invoke(main, ["-C", str(root), "translate"])
    assert again.exit_code == 0 and "ca: nothing to translate" in again.output


@needs_apertium
@pytest.mark.usefixtures("fixed_dates")
def test_a_killed_worker_s_tasks_are_run_again_elsewhere(tmp_path: Path) -> None:
    local = new_project(tmp_path / "local", 120)
    shutil.copytree(local, tmp_path / "remote")
    remote = tmp_path / "remote"
    translate(config.load(local), Options(batch_size=6))

    with dask_cluster(tmp_path / "cluster", [{}, {}]) as started:

        class KillOnFirstResult:
            killed = False

            def start(self, label: str, total: int) -> None:
                pass

            def advance(self, done: int) -> None:
                if not self.killed:
                    self.killed = True
                    started.kill_worker(0)

            def finish(self) -> None:
                pass

        killer = KillOnFirstResult()
        summary = translate(config.load(remote), Options(batch_size=6, cluster=started.address), reporter=killer)
        assert killer.killed and started.workers[0].poll() is not None
    assert [r.problem for r in summary.locales] == [None, None]
    assert catalogs(remote) == catalogs(local)


@needs_apertium
def test_a_killed_client_re_run_sends_only_what_was_not_saved(cluster: Cluster, tmp_path: Path) -> None:
    root = new_project(tmp_path / "p", 400, locales='["ca"]')
    command = [sys.executable, "-m", "pipeline", "-C", str(root), "translate", "--cluster", cluster.address]
    client = subprocess.Popen([*command, "--batch-size", "8"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    po = root / "locales" / "ca" / "LC_MESSAGES"
    try:
        first_batch_saved(root, client)
        assert client.poll() is None, "the job ended before it could be killed"
    finally:
        client.send_signal(signal.SIGKILL)
        client.wait(timeout=30)
    saved = {
        (path.name, e.msgid): e.msgstr
        for path in po.glob("*.po")
        for e in polib.pofile(str(path))
        if e.msgid and state(e) is not State.UNTRANSLATED
    }
    left = untranslated(root)
    assert saved and left
    summary = translate(config.load(root), Options(cluster=cluster.address))
    [result] = summary.locales
    assert result.problem is None
    assert result.sent == len(left)  # nothing saved was sent again
    assert not untranslated(root)
    for path in po.glob("*.po"):
        for entry in polib.pofile(str(path)):
            if (path.name, entry.msgid) in saved:
                assert entry.msgstr == saved[(path.name, entry.msgid)]


@pytest.mark.usefixtures("fixed_dates")
def test_a_worker_without_the_model_refuses_its_tasks_with_a_clear_error(tmp_path: Path) -> None:
    models = argos_folder(tmp_path / "argos")
    empty = tmp_path / "no-argos"
    empty.mkdir()
    root = new_project(tmp_path / "p", 40, locales='["es"]')
    envs = [{"ARGOS_PACKAGES_DIR": str(models)}, {"ARGOS_PACKAGES_DIR": str(empty)}]
    with dask_cluster(tmp_path / "cluster", envs) as started:
        summary = translate(config.load(root), Options(engine="argos", batch_size=2, cluster=started.address))
    [result] = summary.locales
    assert result.problem is not None
    assert "refuses the task: engine argos does not translate en→es there" in result.problem
    assert "install the same engine and model on every worker" in result.problem
    assert summary.exit_code == 1


def test_a_worker_with_another_model_version_refuses() -> None:
    spec = EngineSpec("pseudo", EngineOptions())
    made_by = dispatch.make_engine(spec).provenance(Pair("en", "en-XA"))
    good = Task(1, spec, Pair("en", "en-XA"), made_by, ("Hello.",))
    assert dispatch.run_task(good).outputs[0] != "Hello."
    with pytest.raises(EngineError, match=r"refuses the task: it has 'pseudo en-XA 1', the job uses 'pseudo en-XA 2'"):
        dispatch.run_task(Task(2, spec, Pair("en", "en-XA"), "pseudo en-XA 2", ("Hello.",)))


@needs_apertium
@pytest.mark.usefixtures("fixed_dates")
def test_two_local_processes_write_what_one_writes(tmp_path: Path) -> None:
    one = new_project(tmp_path / "one", 50)
    shutil.copytree(one, tmp_path / "two")
    two = tmp_path / "two"
    translate(config.load(one), Options(batch_size=5))
    summary = translate(config.load(two), Options(batch_size=5, jobs=2))
    assert [r.sent for r in summary.locales] == [51, 51]
    assert catalogs(two) == catalogs(one)


def descendants(root: int) -> set[int]:
    """Every live process under ``root`` (pool processes, their Apertium pipelines and stages), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    found, todo = set(), [root]
    while todo:
        above = todo.pop()
        below = [pid for pid, parent in parents.items() if parent == above]
        found.update(below)
        todo += below
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@needs_apertium
def test_a_killed_client_leaves_no_pool_process_or_apertium_pipeline_behind(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p", 400, locales='["ca"]')
    command = [sys.executable, "-m", "pipeline", "-C", str(root), "translate", "--jobs", "2", "--batch-size", "8"]
    client = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first_batch_saved(root, client)
        below = descendants(client.pid)
        assert client.poll() is None, "the job ended before it could be killed"
    finally:
        client.send_signal(signal.SIGKILL)
        client.wait(timeout=30)
    assert any(b"lt-proc" in Path(f"/proc/{pid}/cmdline").read_bytes() for pid in below if alive(pid))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(alive(pid) for pid in below):
        time.sleep(0.1)
    assert not [pid for pid in below if alive(pid)]  # the pool processes left, and their pipelines with them
    summary = translate(config.load(root), Options(jobs=2))
    assert summary.locales[0].problem is None and not untranslated(root)


def test_no_scheduler_there_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dispatch, "CONNECT_SECONDS", 2.0)
    root = new_project(tmp_path / "p", 4, locales='["en-XA"]')
    result = CliRunner().invoke(main, ["-C", str(root), "translate", "--cluster", f"tcp://127.0.0.1:{free_port()}"])
    assert result.exit_code == 1
    assert result.output.startswith("l10n: error: cannot reach the Dask scheduler at tcp://127.0.0.1:")
    assert "dask scheduler" in result.output and "Traceback" not in result.output
    assert untranslated(root)  # nothing was written


def test_without_dask_installed_cluster_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = new_project(tmp_path / "p", 4, locales='["en-XA"]')
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(main, ["-C", str(root), "translate", "--cluster", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 1
    assert "pip install 'l10n[cluster]'" in result.output


def _started(root: Path, *extra: str, group: bool = False) -> subprocess.Popen[bytes]:
    """``l10n translate --jobs 2`` in the background, returned once its first batch is saved."""
    command = [sys.executable, "-m", "pipeline", "-C", str(root), "translate", "--jobs", "2", "--batch-size", "8"]
    client = subprocess.Popen(
        [*command, *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=group
    )
    first_batch_saved(root, client)
    assert client.poll() is None, "the job ended before it could be stopped"
    return client


@needs_apertium
def test_a_killed_pool_process_is_one_error_line_and_never_a_hang(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p", 400, locales='["ca"]')
    client = _started(root)
    workers = [pid for pid in descendants(client.pid) if b"pipeline" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    os.kill(workers[0], signal.SIGKILL)
    output, _ = client.communicate(timeout=60)  # a hang fails here
    assert client.returncode == 1
    assert b"Traceback" not in output
    assert b"a translation process died" in output
    summary = translate(config.load(root), Options(jobs=2))  # saved work is kept, the rest is sent
    assert summary.locales[0].problem is None and not untranslated(root)


@needs_apertium
def test_ctrl_c_stops_a_pool_run_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p", 400, locales='["ca"]')
    client = _started(root, group=True)
    os.killpg(client.pid, signal.SIGINT)  # as a terminal does: to every process of the job
    output, _ = client.communicate(timeout=60)
    assert client.returncode == 130
    assert b"Traceback" not in output
    assert b"interrupted" in output
