"""Translation tasks, and the executors that run them: this process, a local process pool, or a Dask cluster.

``l10n translate`` cuts the distinct segments it must send into tasks of a few
seconds each (:class:`Task`: which engine, which pair, which model it expects,
the masked texts). An executor runs them wherever it runs them and hands back
each :class:`Done` as it finishes; the client alone applies results and saves
the catalogs, so there is one writer however many machines translate. The
dispatch loop in :mod:`pipeline.translate` is the same for every executor:

- :class:`InProcess` (``--jobs 1``; without ``--jobs``, unless the run is
  a large Apertium one): the engine the client made;
- :class:`LocalPool` (``--jobs N``; without ``--jobs``, one per core for 1,000
  Apertium segments or more): N processes of this machine, each making its own
  engine once (N kept Apertium pipelines, or N CTranslate2 models sharing the
  cores), two tasks each in flight; they leave if the client is killed;
- :class:`DaskCluster` (``--cluster tcp://host:8786``): the workers of an
  existing ``dask.distributed`` scheduler, each with l10n and the engine
  installed. Dask re-runs the tasks of a worker that dies.

A worker checks it has the engine, pair and exact model the client chose (the
provenance written into the catalogs) and refuses the task with a clear error
otherwise: a catalog never mixes two models under one comment. Dask is an
optional extra (``pip install 'l10n[cluster]'``), imported only here, only
when ``--cluster`` is given.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from pipeline import engines
from pipeline.engines import Engine, EngineOptions, Pair, Progress
from pipeline.errors import EngineError, L10nError


@dataclass(frozen=True)
class EngineSpec:
    """How to make an engine anywhere: its name and settings (pivots: for the pivot engine)."""

    name: str
    options: EngineOptions
    pivots: tuple[str, ...] = ()
    engines: tuple[str, ...] = ()  # the pivot engine's candidates for each hop


@dataclass(frozen=True)
class Task:
    number: int
    spec: EngineSpec
    pair: Pair
    made_by: str  # the provenance the client chose; a worker with another model refuses
    texts: tuple[str, ...]  # masked


@dataclass(frozen=True)
class Done:
    number: int
    outputs: tuple[str, ...]
    unknown_words: int
    seconds: float  # the engine's time, on the worker: what the next task's size is judged by
    worker: str
    reported: int = 0  # segments already told to the progress bar while running


Outcome = Done | L10nError


class Executor(Protocol):
    capacity: int  # tasks worth having in flight at once
    task_seconds: float  # how long a task should take

    def submit(self, task: Task, engine: Engine) -> None:
        """Start ``task`` (``engine``: the client's own, used only by :class:`InProcess`)."""
        ...

    def next_done(self) -> tuple[int, Outcome]:
        """Wait for a task to finish: its number and its result or error."""
        ...

    def ready(self) -> bool:
        """Whether another finished task is already waiting (then the client saves after it)."""
        ...

    def close(self) -> None:
        """Stop what is still running; nothing of it is applied."""
        ...


CONNECT_SECONDS = 20.0
"""How long to try reaching the scheduler, and to wait for a first worker."""
_MADE: dict[EngineSpec, Engine] = {}


def make_engine(spec: EngineSpec) -> Engine:
    """The engine of ``spec`` in this process, made once (loading a model is the slow part)."""
    if spec not in _MADE:
        if spec.name == "pivot":
            from pipeline.engines.pivot import PivotEngine

            _MADE[spec] = PivotEngine(spec.options, spec.pivots, spec.engines)
        else:
            _MADE[spec] = engines.create(spec.name, spec.options)
    return _MADE[spec]


def where() -> str:
    return f"{socket.gethostname()} pid {os.getpid()}"


def run_task(task: Task) -> Done:
    """A task, run by a worker with the engine installed there (a pool process or a Dask worker)."""
    return run_on(make_engine(task.spec), task, where())


def run_on(engine: Engine, task: Task, worker: str, progress: Progress | None = None) -> Done:
    arrow = f"{task.pair.source}→{task.pair.target}"
    hint = "install the same engine and model on every worker (l10n models list), or stop this worker"
    refuses = f"worker {worker} refuses the task"
    if not engine.available() or task.pair not in engine.pairs():
        raise EngineError(f"{refuses}: engine {task.spec.name} does not translate {arrow} there", hint=hint)
    found = engine.provenance(task.pair)
    if found != task.made_by:
        raise EngineError(f"{refuses}: it has {found!r}, the job uses {task.made_by!r}", hint=hint)
    told = 0

    def tell(done: int) -> None:
        nonlocal told
        told += done
        if progress is not None:
            progress(done)

    began = time.perf_counter()
    outputs = engine.translate(list(task.texts), task.pair, tell)
    seconds = time.perf_counter() - began
    if len(outputs) != len(task.texts):
        raise EngineError(f"engine {engine.name} returned {len(outputs)} translations for {len(task.texts)} segments")
    counts = getattr(engine, "last_unknown_words", ())
    unknown = sum(c for c in counts if isinstance(c, int))
    return Done(task.number, tuple(outputs), unknown, seconds, worker, told if progress is not None else 0)


Facts = tuple[bool, list[tuple[str, str]], dict[str, str]]


def describe(spec: EngineSpec) -> Facts:
    """What a worker has of an engine: installed, its pairs, and each pair's provenance ("src tgt" keys)."""
    try:
        engine = make_engine(spec)
        available = engine.available()
        pairs = sorted((p.source, p.target) for p in engine.pairs()) if available else []
        made_by = {f"{s} {t}": engine.provenance(Pair(s, t)) for s, t in pairs}
    except L10nError:
        return False, [], {}
    return available, pairs, made_by


class InProcess:
    """Tasks one at a time in this process, with the client's engine (and live progress inside a task)."""

    capacity = 1

    def __init__(self, progress: Progress, task_seconds: float) -> None:
        self.progress = progress
        self.task_seconds = task_seconds
        self.queue: deque[tuple[Task, Engine]] = deque()

    def submit(self, task: Task, engine: Engine) -> None:
        self.queue.append((task, engine))

    def next_done(self) -> tuple[int, Outcome]:
        task, engine = self.queue.popleft()
        try:
            return task.number, run_on(engine, task, "this process", self.progress)
        except L10nError as error:
            return task.number, error

    def ready(self) -> bool:
        return False  # the next task runs only when asked for

    def close(self) -> None:
        self.queue.clear()


class _Futures:
    """Task numbers of futures in flight, shared by the pool and the cluster."""

    def __init__(self) -> None:
        self.numbers: dict[Any, int] = {}

    def add(self, future: Any, number: int) -> None:
        self.numbers[future] = number

    def take(self, future: Any) -> int:
        return self.numbers.pop(future)


CLOSE_SECONDS = 5.0
"""How long closing a local pool waits for tasks still running (a task is a few seconds)."""


class LocalPool:
    """``jobs`` processes of this machine; each makes its engine on its first task."""

    def __init__(self, jobs: int, task_seconds: float) -> None:
        self.capacity = 2 * jobs  # as on a cluster: the next task waits in the pool while a result is applied
        self.task_seconds = task_seconds
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_watch_client, initargs=(os.getpid(),))
        self.flying = _Futures()

    def submit(self, task: Task, engine: Engine) -> None:
        try:
            self.flying.add(self.pool.submit(run_task, task), task.number)
        except BrokenProcessPool:
            raise _died() from None

    def next_done(self) -> tuple[int, Outcome]:
        done, _ = wait(list(self.flying.numbers), return_when=FIRST_COMPLETED)
        future: Future[Done] = done.pop()
        number = self.flying.take(future)
        try:
            return number, future.result()
        except L10nError as error:
            return number, error
        except BrokenProcessPool:
            raise _died() from None

    def ready(self) -> bool:
        return any(future.done() for future in self.flying.numbers)

    def close(self, grace: float = CLOSE_SECONDS) -> None:
        """Cancel what has not started; give running tasks ``grace`` seconds, then kill their processes.

        Never waits for ever: after a pool process died (``kill -9``), another one can
        be stuck sending a result nobody reads any more.
        """
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + grace
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(5)


def _died() -> EngineError:
    died = "a translation process died (killed, or out of memory?)"
    return EngineError(died, hint="re-run: saved work is kept, only the rest is sent")


def _watch_client(client: int) -> None:
    """In a pool process: leave once the client is gone (``kill -9`` of l10n) instead of waiting forever for tasks.

    Its Apertium pipelines then see end of input and stop too. Ctrl-C is the client's
    to handle (a terminal sends it to every process of the job): the pool process
    ignores it, and the client closes the pool. SIGTERM (how the pool stops its
    processes when one died) ends it quietly, not through the client's handler.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def watch() -> None:
        while os.getppid() == client:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="l10n-client-watch", daemon=True).start()


class DaskCluster:
    """The workers of a running ``dask.distributed`` scheduler."""

    def __init__(self, address: str, task_seconds: float, timeout: float | None = None) -> None:
        timeout = CONNECT_SECONDS if timeout is None else timeout
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise EngineError(
                "--cluster needs Dask, which is not installed", hint="pip install 'l10n[cluster]'"
            ) from None
        self.address = address
        self.task_seconds = task_seconds
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise EngineError(
                f"cannot reach the Dask scheduler at {address}: {error}",
                hint="start one with 'dask scheduler' and workers with 'dask worker <address>', "
                "or fix --cluster / [translate] cluster",
            ) from None
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as error:
            self.client.close()
            hint = f"start some: dask worker {address}"
            raise EngineError(f"the Dask scheduler at {address} has no workers ({error})", hint=hint) from None
        # Two tasks per worker thread: the next one is there when a result travels back.
        self.capacity = max(1, 2 * sum(self.client.nthreads().values()))
        self.flying = _Futures()
        self.completed = as_completed(loop=self.client.loop)
        self.run = uuid.uuid4().hex[:12]

    def describe(self, spec: EngineSpec) -> RemoteEngine:
        """The engine as the workers have it (asked of every worker at once)."""
        facts = self.client.run(describe, spec)
        return RemoteEngine(spec.name, list(facts.values()), len(facts))

    def submit(self, task: Task, engine: Engine) -> None:
        key = f"l10n-translate-{self.run}-{task.number}"
        future = self.client.submit(run_task, task, key=key, pure=False)
        self.flying.add(future, task.number)
        self.completed.add(future)

    def next_done(self) -> tuple[int, Outcome]:
        future = next(self.completed)
        number = self.flying.take(future)
        try:
            return number, future.result()
        except L10nError as error:
            return number, error
        except Exception as error:  # KilledWorker, a lost connection: Dask's own, named for the user
            failed = f"the Dask cluster at {self.address} failed task {number}: {type(error).__name__}: {error}"
            raise EngineError(failed, hint="re-run: saved work is kept, only the rest is sent") from None

    def ready(self) -> bool:
        return bool(self.completed.has_ready())

    def close(self) -> None:
        futures = list(self.flying.numbers)
        if futures:
            self.client.cancel(futures)
        self.client.close()


class RemoteEngine:
    """What the client knows of an engine that only the workers run: pairs and provenance, as they said."""

    def __init__(self, name: str, facts: Sequence[Facts], workers: int) -> None:
        self.name = name
        self.workers = workers
        self._available = any(available for available, _, _ in facts)
        self._pairs = {Pair(s, t) for _, pairs, _ in facts for s, t in pairs}
        self._made_by: dict[Pair, Counter[str]] = {}
        for _, _, made_by in facts:
            for text, provenance in made_by.items():
                source, target = text.split(" ")
                self._made_by.setdefault(Pair(source, target), Counter())[provenance] += 1

    def available(self) -> bool:
        return self._available

    def pairs(self) -> set[Pair]:
        return set(self._pairs)

    def provenance(self, pair: Pair) -> str:
        """The model most workers have (those with another one refuse its tasks)."""
        return self._made_by[pair].most_common(1)[0][0]

    def why_not(self, pair: Pair) -> str:
        return f"none of the {self.workers} workers of the cluster has it"

    def translate(self, texts: Sequence[str], pair: Pair, progress: Progress | None = None) -> list[str]:
        raise EngineError(f"engine {self.name} runs on the cluster's workers, not here")
