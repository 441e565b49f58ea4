"""Run a stage's work on every document (or catalog) in a pool of processes.

The stages hand over one pure function and the items in their order; results
come back in that same order, so a parallel run's output is byte for byte a
serial run's. One item, or ``jobs`` of 1, runs in this process: a pool costs
about 50 ms to start and is only worth it when there is work to share (and
``concurrent.futures`` is imported only then: a run with nothing to do starts faster).

Items are handed to the workers one at a time, the heaviest first (``weight``,
e.g. a file's size): a book's long chapters no longer end up in the last chunk
of one worker while the other waits.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_jobs() -> int:
    """The cores this process may use (a container's CPU set, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def size_of(path: Path) -> int:
    """A file's size in bytes (0 if it cannot be read): the weight of a document or catalog's work."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def run_each(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int | None = None,
    *,
    known: Callable[[Item], Result | None] | None = None,
    weight: Callable[[Item], int] | None = None,
    warm: Callable[[], None] | None = None,
) -> list[Result]:
    """``[function(item) for item in items]``, on up to ``jobs`` processes (default: every core).

    ``known(item)``, if given, is asked first in this process (a cache look-up): only the
    items it has no result for are sent to the pool, so a run with nothing to do starts none.
    ``weight(item)`` (how long it will take, roughly) orders the work in the pool, heaviest
    first; results come back in the items' order whatever it says. ``warm()`` is called in
    this process just before a pool starts: the stage's imports, done once for every
    worker (they are forked from this process) instead of once in each.
    The first item to fail (in order) raises its error, as a serial run would; items after
    it may already be done, the ones not started are not.
    """
    jobs = default_jobs() if jobs is None else jobs
    found: list[Result | None] = [known(item) for item in items] if known is not None else [None] * len(items)
    missing = [index for index, result in enumerate(found) if result is None]
    work = [items[index] for index in missing]
    if jobs <= 1 or len(work) <= 1:
        done = [function(item) for item in work]
    else:
        if warm is not None:
            warm()
        done = _pooled(function, work, min(jobs, len(work)), weight)
    for index, result in zip(missing, done, strict=True):
        found[index] = result
    return [result for result in found if result is not None]


def _pooled(
    function: Callable[[Item], Result], work: list[Item], workers: int, weight: Callable[[Item], int] | None
) -> list[Result]:
    from concurrent.futures import Future, ProcessPoolExecutor

    order = sorted(range(len(work)), key=lambda i: -weight(work[i])) if weight is not None else range(len(work))
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures: dict[int, Future[Result]] = {index: pool.submit(function, work[index]) for index in order}
        return [futures[index].result() for index in range(len(work))]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # after an error: the items not started are dropped
