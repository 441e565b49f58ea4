"""Scale: a book-sized cycle (cold, serial, parallel, no-op) beside po4a; translation on 1 and 2 processes and workers.

Part 1 — extract + update + build of book-sized Markdown, one locale, as a user types the
three commands, in this order in one run: po4a cold, l10n cold on one process
(``--jobs 1 --no-cache``: what l10n did before the cache and the pool), l10n cold on
every core (default), then the no-op re-runs of both tools (the three commands again,
nothing changed). Best of :data:`CYCLE_ROUNDS` interleaved rounds (the machine is shared).
Two corpora:

- about 3 MB of real Markdown (the docs shipped in npm and PyPI packages,
  :mod:`bench.corpus`: npm's manual, ESLint plugins' rule pages, markdownlint's, Black's,
  FastAPI's docs...), fetched by the registries' clients;
- a book: the Markdown files under the folder ``L10N_BENCH_BOOK`` names, e.g. the Rust
  book's ``src/`` (112 chapters, 2.6 MB)::

      git clone --depth 1 https://github.com/rust-lang/book /tmp/rust-book
      L10N_BENCH_BOOK=/tmp/rust-book/src .venv/bin/python -m bench scale

  Without the variable the book is skipped, with a line saying how to get it.

The l10n commands run with their bytecode cached (``PYTHONPYCACHEPREFIX`` in a temporary
folder, warmed by an untimed run first), as an installed l10n runs, even when the
environment sets ``PYTHONDONTWRITEBYTECODE``.

Part 2 — ``l10n translate`` of 5,000 distinct generated sentences into Spanish with
Apertium (eng-spa), the same tasks (``--batch-size``) on: this process, 1 and 2 local
process pools (``--jobs``), a Dask cluster of 1 and 2 workers on 127.0.0.1 (started here
with ``dask scheduler`` / ``dask worker``). Per-task overhead: the pseudo engine (no
real work) on 200 one-segment tasks, each executor's time minus this process's, per task.

CPU seconds are those of the whole process tree (this process, pool processes, Dask
scheduler and workers, and every Apertium stage under them, read from ``/proc``): an
Apertium pipeline is a dozen processes, so one job can use more than one core, and the
CPU/wall column shows how much of the second core a single job already takes.

Part 3 — the capacity model the README quotes, computed from these figures.

``L10N_BENCH_SCALE=cycle`` runs part 1 only; ``L10N_BENCH_SCALE=translation`` runs parts
2 and 3 only (each takes minutes).
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import corpus
from bench.bench_formats import LOCALE, _Clock, _copy, _screen, po4a_project, run_po4a
from pipeline import config
from pipeline.dispatch import LocalPool
from pipeline.engines import Pair, create
from pipeline.translate import TASK_SECONDS, Options, translate

SEGMENTS = 5000
TASK = 250  # segments per task for the speed-up runs: 20 tasks
OVERHEAD_TASKS = 200
ROUNDS = 3
DASK = Path(sys.executable).parent / "dask"

SUBJECTS = ["The police", "The committee", "Our partners", "The office", "Young officers", "The secretary",
            "Member countries", "The delegates", "Local schools", "The new centre"]  # fmt: skip
VERBS = ["opened", "closed", "visited", "described", "supported", "reviewed", "discussed", "approved"]
OBJECTS = ["the new building", "a small school", "the old bridge", "the city park", "a long road",
           "the annual report", "the border data", "a joint operation"]  # fmt: skip


def run() -> str:
    parts = ["## Scale: incremental and parallel stages, translation on processes and a Dask cluster", ""]
    only = os.environ.get("L10N_BENCH_SCALE", "all")
    if only != "translation":
        with tempfile.TemporaryDirectory(prefix="bench-scale-pyc-") as pycache:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPYCACHEPREFIX"] = pycache
            parts += _packages(env)
            parts += _book(env)
    if only == "cycle":
        return "\n".join(parts) + "\n"
    translated = _translation()
    parts += translated[0]
    parts += _capacity(translated[1])
    return "\n".join(parts) + "\n"


# Part 1 ---------------------------------------------------------------------------------------------------------

CYCLE_ROUNDS = 2
BOOK = "L10N_BENCH_BOOK"


def _packages(env: dict[str, str]) -> list[str]:
    missing: list[str] = []
    files = corpus.markdown_files(missing=missing)
    if not files:
        return ["No corpus: " + "; ".join(missing), ""]
    root = corpus.CACHE / "files"
    names, _ = _screen(files, [f.relative_to(root).as_posix() for f in files])
    title = "Real Markdown from npm and PyPI packages (`bench/corpus.py`)"
    return _cycle(title, root, names, env)


def _book(env: dict[str, str]) -> list[str]:
    folder = os.environ.get(BOOK)
    if not folder:
        return [
            f"### A book: skipped, `{BOOK}` is not set",
            "",
            "Set it to a folder of Markdown chapters, e.g. the Rust book's: "
            f"`git clone --depth 1 https://github.com/rust-lang/book /tmp/rust-book` then "
            f"`{BOOK}=/tmp/rust-book/src python -m bench scale` (`L10N_BENCH_SCALE=cycle`: this part only).",
            "",
        ]
    root = Path(folder).resolve()
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md") if p.is_file())
    if not names:
        return [f"### A book: no Markdown files under {root} (`{BOOK}`)", ""]
    return _cycle(f"A book: the Markdown files of `{root}` (`{BOOK}`)", root, names, env)


def _cycle(title: str, root: Path, names: list[str], env: dict[str, str]) -> list[str]:
    size = sum((root / n).stat().st_size for n in names)
    cold = f"l10n cold, {os.cpu_count()} processes"
    serial = "l10n cold, 1 process, no cache"
    best: dict[str, tuple[float, float]] = {}

    def keep(name: str, measured: tuple[float, float]) -> None:
        best[name] = min(best.get(name, measured), measured)

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        base = Path(tmp)
        _l10n(root, names[:1], base / "warm", env=env)  # compiles l10n's bytecode into the cache folder
        for round_ in range(CYCLE_ROUNDS):
            run = base / str(round_)
            if shutil.which("po4a"):
                keep("po4a cold", _po4a(root, names, run / "po4a"))
                keep("po4a no-op", _po4a(root, names, run / "po4a", copy=False))
            keep(serial, _l10n(root, names, run / "serial", "--jobs", "1", "--no-cache", env=env))
            keep(cold, _l10n(root, names, run / "parallel", env=env))
            keep("l10n no-op", _l10n(root, names, run / "parallel", copy=False, env=env))
        same = _same_tree(base / "0" / "serial" / "dist", base / "0" / "parallel" / "dist")
    (cold_wall, cold_cpu), (noop_wall, noop_cpu) = best[cold], best["l10n no-op"]
    lines = [
        f"### {len(names)} Markdown files, {size / 1e6:.1f} MB, one locale",
        "",
        f"{title}; extract + update + build --policy draft as three CLI commands, po4a as one run over the same "
        f"files (`-o markdown`, `--keep 0`). Best of {CYCLE_ROUNDS} interleaved rounds. Load average at the end: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (machine shared: CPU seconds are the steadier figure).",
        "",
        "| run | wall s | CPU s | wall vs l10n cold |",
        "|---|---:|---:|---:|",
    ]
    for name, (wall, cpu) in best.items():
        lines.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {wall / cold_wall:.2f}× |")
    lines.append("")
    said = ""
    if "po4a cold" in best:
        po4a = best["po4a cold"]
        said = (
            f"Cold: l10n {cold_wall:.2f} s vs po4a {po4a[0]:.2f} s ({po4a[0] / cold_wall:.2f}×, above 1: l10n faster; "
        )
        said += f"CPU {cold_cpu:.2f} s vs {po4a[1]:.2f} s). "
    lines.append(
        f"**{said}{os.cpu_count()} processes vs 1: {best[serial][0] / cold_wall:.2f}× (target ≥ 1.7×); "
        f"no-op {100 * noop_wall / cold_wall:.0f}% of cold wall, {100 * noop_cpu / cold_cpu:.0f}% of its CPU "
        "(target ≤ 10%).**"
    )
    lines.append(
        f"Serial and parallel builds byte-identical (documents and landing page): {'yes' if same else 'NO'}; "
        "the `.mo` files and manifest differ only by the catalogs' creation dates (the test suite fixes the clock "
        "and compares every file)."
    )
    lines.append("")
    return lines


def _l10n(
    root: Path, names: list[str], project: Path, *options: str, copy: bool = True, env: dict[str, str] | None = None
) -> tuple[float, float]:
    if copy:
        _copy(root, names, project)
        (project / "l10n.toml").write_text(
            f'[project]\nname = "bench"\nsource_language = "en"\nlocales = ["{LOCALE}"]\n\n[build]\nmin_reviewed = 0\n',
            encoding="utf-8",
        )
    clock = _Clock()
    for step in (["extract"], ["update"], ["build", "--policy", "draft"]):
        command = [sys.executable, "-m", "pipeline", "-C", str(project), *step, *options]
        subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return clock.read()


def _po4a(root: Path, names: list[str], project: Path, *, copy: bool = True) -> tuple[float, float]:
    if copy:
        po4a_project(root, names, project)
    return run_po4a(project)


def _same_tree(one: Path, two: Path) -> bool:
    """The built documents and landing page (.mo files and the manifest carry the catalogs' creation dates)."""

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".mo" and p.name != "manifest.json"
        }

    return files(one) == files(two)


# Part 2 ---------------------------------------------------------------------------------------------------------


def sentences(count: int) -> list[str]:
    rng = random.Random(13)
    return [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} on day {n} of the year."
        for n in range(count)
    ]


def _project(root: Path, count: int, locale: str, engine: str) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text(
        f'[project]\nname = "bench"\nsource_language = "en"\nlocales = ["{locale}"]\nsegmentation = "paragraph"\n'
        f'\n[locales.{locale}]\nengine = "{engine}"\n',
        encoding="utf-8",
    )
    lines = sentences(count)
    for part in range(10):
        (root / "source" / f"part{part}.txt").write_text("\n\n".join(lines[part::10]) + "\n", encoding="utf-8")
    from pipeline.extract import extract
    from pipeline.update import update

    cfg = config.load(root)
    extract(cfg, jobs=1)
    update(cfg, jobs=1)
    return root


def _timed(template: Path, work: Path, options: Options, pool: int = 0) -> tuple[float, float, float]:
    """Wall and CPU seconds (the whole process tree's) of one translate run, and the client's own CPU seconds."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(template, work)
    cfg = config.load(work)
    cpu = tree_cpu()
    own = time.process_time()
    start = time.perf_counter()
    summary = translate(cfg, options, executor=LocalPool(pool, TASK_SECONDS) if pool else None)
    took = time.perf_counter() - start
    own = time.process_time() - own
    gc.collect()  # the client's engine, and with it a kept Apertium pipeline, is let go of: its CPU is counted
    cpu = tree_cpu() - cpu
    problems = [r.problem for r in summary.locales if r.problem]
    if problems or not summary.locales[0].sent:
        raise RuntimeError(f"translate failed: {problems}")
    return took, cpu, own


@contextmanager
def _confined() -> Iterator[None]:
    """This process, and every process it starts meanwhile (pool, Apertium stages), on the first allowed core only."""
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


def _can_confine() -> bool:
    return hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1


def tree_cpu() -> float:
    """CPU seconds of this process and every process under it, live or reaped, from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}  # pid: (parent, own + reaped children's CPU)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        # After the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt, then utime stime
        # cutime cstime (fields 11-14)
        stats[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / tick)
    if os.getpid() not in stats:  # no /proc: this process and its reaped children only
        times = os.times()
        return times.user + times.system + times.children_user + times.children_system
    total, todo = 0.0, [os.getpid()]
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    while todo:
        pid = todo.pop()
        total += stats[pid][1]
        todo += children.get(pid, [])
    return total


@contextmanager
def _cluster(folder: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    log = open(folder / "dask.log", "wb")  # noqa: SIM115
    scheduler = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    workers: list[subprocess.Popen[bytes]] = []
    try:
        yield address, workers
    finally:
        for process in [*workers, scheduler]:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def _add_worker(address: str, workers: list[subprocess.Popen[bytes]], folder: Path) -> None:
    from distributed import Client

    command = [str(DASK), "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard"]
    command += ["--local-directory", str(folder / f"worker{len(workers)}")]
    workers.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    with Client(address, timeout=60) as client:
        client.wait_for_workers(len(workers), timeout=120)


def _translation() -> tuple[list[str], dict[str, float]]:
    if Pair("en", "es") not in create("apertium").pairs():
        return ["### Translation\n\nSkipped: Apertium eng-spa is not installed.", ""], {}
    measured: dict[str, float] = {}
    cpu: dict[str, float] = {}  # CPU seconds of the run whose wall time is kept
    client: dict[str, float] = {}  # of which the client process's own (masking, applying, saving)
    with tempfile.TemporaryDirectory(prefix="bench-scale-mt-") as tmp:
        base = Path(tmp)
        job = _project(base / "job", SEGMENTS, "es", "apertium")
        light = _project(base / "light", OVERHEAD_TASKS, "en-XA", "pseudo")
        warm = _project(base / "warm", 40, "es", "apertium")
        work = base / "work"
        batch = Options(batch_size=TASK)
        single = Options(batch_size=1)
        _timed(warm, work, Options())

        def best(name: str, template: Path, options: Options, pool: int = 0) -> None:
            took, used, own = _timed(template, work, options, pool)
            if took < measured.get(name, float("inf")):
                measured[name], cpu[name], client[name] = took, used, own

        for _ in range(ROUNDS):  # interleaved, best of ROUNDS: the machine is shared
            best("in-process", job, batch)
            best("1 local process(es)", job, batch, pool=1)
            best("2 local process(es)", job, batch, pool=2)
            if _can_confine():
                with _confined():
                    best("1 local process(es), 1 core", job, batch, pool=1)
            best("overhead in-process", light, single)
            best("overhead pool", light, single, pool=1)
        try:
            import distributed
        except ImportError:
            distributed = None
        if distributed is not None:
            with _cluster(base) as (address, workers):
                _add_worker(address, workers, base)
                _timed(warm, work, Options(cluster=address))
                for _ in range(ROUNDS):
                    best("1 Dask worker", job, Options(batch_size=TASK, cluster=address))
                    best("overhead Dask", light, Options(batch_size=1, cluster=address))
                _add_worker(address, workers, base)
                _timed(warm, work, Options(batch_size=20, cluster=address))  # the new worker's first engine
                for _ in range(ROUNDS):
                    best("2 Dask workers", job, Options(batch_size=TASK, cluster=address))
        measured["apply ms/task"] = 1000 * measured["overhead in-process"] / OVERHEAD_TASKS
    tasks = -(-SEGMENTS // TASK)
    rows = [
        ("this process (--jobs 1)", "in-process"),
        ("1 local process (pool), everything confined to 1 core", "1 local process(es), 1 core"),
        ("1 local process (pool)", "1 local process(es)"),
        ("2 local processes (--jobs 2)", "2 local process(es)"),
        ("1 Dask worker", "1 Dask worker"),
        ("2 Dask workers", "2 Dask workers"),
    ]
    lines = [
        f"### Translation: {SEGMENTS:,} distinct sentences → es, Apertium eng-spa, {tasks} tasks of {TASK}",
        "",
        f"Best of {ROUNDS} interleaved runs each; load average at the end {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores. The client applies and saves every result itself (the one writer).",
        "",
        "| executor | wall s | CPU s | CPU / wall | segments/s | segments per CPU s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for shown, name in rows:
        if name in measured:
            wall, used = measured[name], cpu[name]
            lines.append(
                f"| {shown} | {wall:.2f} | {used:.2f} | {used / wall:.2f} | {SEGMENTS / wall:,.0f} "
                f"| {SEGMENTS / used:,.0f} |"
            )
    lines.append("")
    pool = measured["1 local process(es)"] / measured["2 local process(es)"]
    said = f"**Speed-up 1 → 2: local processes {pool:.2f}×"
    if "2 Dask workers" in measured:
        dask = measured["1 Dask worker"] / measured["2 Dask workers"]
        said += f", Dask workers {dask:.2f}×"
        measured["dask speedup"] = dask
    measured["pool speedup"] = pool
    lines.append(said + " (target ≥ 1.7× on 2 cores).**")
    if "1 local process(es), 1 core" in measured:
        per_core = measured["1 local process(es), 1 core"] / measured["2 local process(es)"]
        measured["core speedup"] = per_core
        lines.append(
            f"**1 core → {os.cpu_count()} cores (the same job confined to one core with `sched_setaffinity`, client "
            f"and Apertium stages included, against 2 local processes free on every core): {per_core:.2f}×.** "
            "This is how the job scales with the hardware it is given; the 1 → 2 processes figure above also "
            "depends on how much of the second core a single job's streaming stages already take."
        )
    one = cpu["1 local process(es)"] / measured["1 local process(es)"]
    measured["one job cores"] = one
    stages, heaviest = _stages()
    lines.append(
        f"Where one job's CPU goes (a kept eng-spa pipeline, the same {SEGMENTS:,} sentences in tasks of {TASK}, "
        "CPU seconds of each stage, not affected by the machine's load): "
        + ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages[:5])
        + f"; the heaviest stage is {100 * heaviest:.0f}% of it, so one job can keep up to {1 / heaviest:.1f} cores "
        "busy while its stages stream."
    )
    measured["segments per cpu s"] = SEGMENTS / cpu["2 local process(es)"]
    measured["client ms/segment"] = 1000 * client["2 local process(es)"] / SEGMENTS
    measured["engine segments per cpu s"] = SEGMENTS / (cpu["2 local process(es)"] - client["2 local process(es)"])
    cores = os.cpu_count() or 1
    lines.append(
        f"Measured here, one job alone kept {one:.2f} cores busy (load average {os.getloadavg()[0]:.1f}); "
        + (
            f"on {cores} cores two jobs can then be at most {cores / one:.2f}× one. "
            if one > 1
            else "the other work on the machine left it less than a core, so the wall times above measure that load "
            "more than l10n. "
        )
        + "Segments per CPU second is the figure that does not depend on the load. "
        f"The client's own share (masking, applying, saving; the one writer): {client['2 local process(es)']:.2f} "
        f"CPU s with 2 local processes, {measured['client ms/segment']:.2f} ms per segment."
    )
    lines.append("")
    base_ms = measured["apply ms/task"]
    pool_ms = 1000 * (measured["overhead pool"] - measured["overhead in-process"]) / OVERHEAD_TASKS
    measured["pool overhead ms"] = pool_ms
    lines.append(
        f"Per-task overhead ({OVERHEAD_TASKS} one-segment tasks of the pseudo engine, which does no real work): "
        f"in-process {base_ms:.1f} ms/task (applying and saving the result: the client's share, the same on every "
        f"executor); a local process pool adds {pool_ms:.1f} ms/task"
        + (
            f"; Dask adds {1000 * (measured['overhead Dask'] - measured['overhead in-process']) / OVERHEAD_TASKS:.1f}"
            " ms/task (submit, schedule, run on the worker, send back)."
            if "overhead Dask" in measured
            else "; Dask not installed."
        )
    )
    if "overhead Dask" in measured:
        measured["dask overhead ms"] = (
            1000 * (measured["overhead Dask"] - measured["overhead in-process"]) / OVERHEAD_TASKS
        )
    lines.append("")
    return lines, measured


def _stages() -> tuple[list[tuple[str, float]], float]:
    """CPU seconds of each stage of a kept Apertium pipeline over the benchmark's sentences, heaviest first."""
    from pipeline.engines.apertium import ApertiumEngine

    engine = ApertiumEngine()
    lines = sentences(SEGMENTS)
    before = os.times()
    for start in range(0, SEGMENTS, TASK):
        engine.translate(lines[start : start + TASK], Pair("en", "es"))
    after = os.times()
    # The benchmark looks inside: each kept part's stages run in a session of their own.
    sessions = {p.process.pid for key, kept in engine._idle.items() if key.startswith("eng-spa#") for p in kept}
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, float] = {
        # started per batch and reaped: the deformatter, the tagger (it keeps state, so it is not kept), the reformatter
        "per-batch programs (destxt, apertium-tagger, retxt)": (after.children_user - before.children_user)
        + (after.children_system - before.children_system)
    }
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            name = Path((entry / "cmdline").read_bytes().split(b"\0")[0].decode()).name
        except OSError:
            continue
        if int(fields[3]) in sessions:
            found[f"{name} {entry.name}"] = sum(int(f) for f in fields[11:13]) / tick
    engine.close()
    total = sum(found.values()) or 1.0
    ranked = sorted(
        ((name.rsplit(" ", 1)[0] if name[-1].isdigit() else name, seconds) for name, seconds in found.items()),
        key=lambda x: -x[1],
    )
    return ranked, ranked[0][1] / total if ranked else 1.0


# Part 3 ---------------------------------------------------------------------------------------------------------

ARGOS_SEGMENTS_PER_CORE = 13.0  # bench_argos: 26.9 segments/s on 2 cores, beam 4, int8 (a random-weight base model)
MODEL_LOAD_SECONDS = 2.0  # a 100 MB int8 CTranslate2 model from a local disk, per worker process and locale
TOTAL = 1_000_000 * 10
CORES = 8


def _capacity(measured: dict[str, float]) -> list[str]:
    if "dask overhead ms" not in measured:
        return ["### Capacity model", "", "Needs the Dask figures above.", ""]
    dask_s = max(measured["dask overhead ms"], 0.0) / 1000
    apply_s = measured["apply ms/task"] / 1000
    segment_s = measured.get("client ms/segment", 0.0) / 1000  # the writer's work per segment, beyond per task
    per_worker = ARGOS_SEGMENTS_PER_CORE * CORES  # one Dask worker per machine, CTranslate2 on all its cores
    task_segments = TASK_SECONDS * per_worker
    tasks = TOTAL / task_segments
    floor = 20 * (dask_s + apply_s)  # overhead under 5% of a task even if none of it overlapped
    lines = [
        "### Capacity model: 1 million segments × 10 locales, Argos beam 4, workers of 8 cores",
        "",
        f"Inputs: Dask per-task overhead {dask_s * 1000:.1f} ms and client apply + save {apply_s * 1000:.1f} ms/task "
        f"plus {segment_s * 1000:.2f} ms per segment (measured above); "
        f"Argos {ARGOS_SEGMENTS_PER_CORE:.0f} segments/s per core (bench_argos: 26.9/s on 2 cores); "
        f"model load {MODEL_LOAD_SECONDS:.0f} s per worker and locale (assumed, 100 MB int8 model from local disk). "
        f"One worker per machine (`--nthreads 1`; CTranslate2 uses its 8 cores): {per_worker:.0f} segments/s each, "
        f"so a {TASK_SECONDS:.0f} s task is {task_segments:.0f} segments and the job is {tasks:,.0f} tasks.",
        "",
        "| workers | engine time | tasks/s the client applies | scheduler + client time (overlapped) "
        "| model loading | estimated total |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for workers in (1, 10, 100):
        engine = TOTAL / (per_worker * workers)
        rate = workers / TASK_SECONDS
        client = tasks * apply_s + TOTAL * segment_s  # one writer: overlaps the workers' unless it is the slower
        scheduler = tasks * dask_s / workers  # per worker: the round trip, hidden by a second task in flight
        loading = 10 * MODEL_LOAD_SECONDS
        total = max(engine + scheduler, client) + loading
        lines.append(
            f"| {workers} | {_hours(engine)} | {rate:.1f} (limit {1 / apply_s:,.0f}) | {_hours(scheduler)} per worker, "
            f"client {_hours(client)} | {loading:.0f} s per worker | {_hours(total)} |"
        )
    lines += [
        "",
        f"Overhead stays under 5% with tasks of at least {floor:.2f} s even if none of it overlapped "
        f"({floor * per_worker:.0f} segments on an 8-core worker); l10n's {TASK_SECONDS:.0f} s tasks are "
        f"{100 * (dask_s + apply_s) / TASK_SECONDS:.1f}% overhead. The one writer saturates at "
        f"{1 / apply_s:,.0f} tasks/s, i.e. {1 / apply_s * TASK_SECONDS:,.0f} busy workers with 3 s tasks.",
        "",
    ]
    return lines + _capacity_apertium(measured, apply_s)


def _capacity_apertium(measured: dict[str, float], apply_s: float) -> list[str]:
    """The same job with Apertium: its measured segments per CPU second, one kept pipeline per worker thread."""
    if "engine segments per cpu s" not in measured:
        return []
    rate = measured["engine segments per cpu s"]  # 2 local processes, without the client's own share
    segment_s = measured.get("client ms/segment", 0.0) / 1000
    per_worker = rate * CORES  # --nthreads 8: 8 pipelines
    task = TASK_SECONDS * rate  # one thread's task
    lines = [
        f"With Apertium instead (one worker of `--nthreads {CORES}` per machine, a kept pipeline per thread): "
        f"{rate:,.0f} segments per CPU second of the pool processes and their pipelines (measured above), "
        f"so {per_worker:,.0f} segments/s per 8-core worker "
        f"and {task:,.0f} segments per {TASK_SECONDS:.0f} s task.",
        "",
        "| workers | engine time | tasks/s to apply | the one writer's time | estimated total |",
        "|---:|---:|---:|---:|---:|",
    ]
    writer = TOTAL / task * apply_s + TOTAL * segment_s  # the client applying every task, one after the other
    for workers in (1, 10, 100):
        engine = TOTAL / (per_worker * workers)
        wanted = workers * CORES / TASK_SECONDS
        lines.append(
            f"| {workers} | {_hours(engine)} | {wanted:,.1f} | {_hours(writer)} of work "
            f"| {_hours(max(engine, writer))}{' (writer-bound)' if writer > engine else ''} |"
        )
    limit = 1 / (segment_s + apply_s / task)
    lines += [
        "",
        f"The one writer applies at most {limit:,.0f} segments/s (its CPU per segment and per task, measured above), "
        f"about {limit / per_worker:.1f} Apertium workers' worth: beyond that, run one `l10n translate --locale X` per "
        "locale (each locale's catalogs have their own writer) against the same cluster.",
        "",
    ]
    return lines


def _hours(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 60:
        return f"{seconds / 60:.1f} min"
    return f"{seconds:.1f} s"


if __name__ == "__main__":
    print(run())
