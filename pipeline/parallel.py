"""Run a stage's work on every document (or catalog) in a pool of processes.

The stages hand over one pure function and the items in their order; results
come back in that same order, so a parallel run's output is byte for byte a
serial run's. One item, or ``jobs`` of 1, runs in this process: a pool costs
about 50 ms to start and is only worth it when there is work to share.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_jobs() -> int:
    """The cores this process may use (a container's CPU set, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def run_each(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int | None = None,
    *,
    known: Callable[[Item], Result | None] | None = None,
) -> list[Result]:
    """``[function(item) for item in items]``, on up to ``jobs`` processes (default: every core).

    ``known(item)``, if given, is asked first in this process (a cache look-up): only the
    items it has no result for are sent to the pool, so a run with nothing to do starts none.
    The first item to fail (in order) raises its error, as a serial run would; items after
    it may already be done.
    """
    jobs = default_jobs() if jobs is None else jobs
    found: list[Result | None] = [known(item) for item in items] if known is not None else [None] * len(items)
    missing = [index for index, result in enumerate(found) if result is None]
    work = [items[index] for index in missing]
    if jobs <= 1 or len(work) <= 1:
        done = [function(item) for item in work]
    else:
        workers = min(jobs, len(work))
        chunk = max(1, len(work) // (workers * 4))  # a few chunks each: balanced, and little messaging
        with ProcessPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(function, work, chunksize=chunk))
    for index, result in zip(missing, done, strict=True):
        found[index] = result
    return [result for result in found if result is not None]
