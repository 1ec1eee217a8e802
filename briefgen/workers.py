"""Forked worker processes, as every parallel step of the build uses them.

Checks, Markdown rendering, body HTML and glossary pages each split
independent work over the cores (perf, issue 5).  Workers are forked, so
they inherit what the building process has in memory (the site, the
glossary matcher, Pelican's context) instead of receiving it pickled.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import Pool
from typing import Any, TypeVar

MAX_WORKERS = 4
S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def worker_count() -> int:
    """How many worker processes a parallel step uses (1: do the work in this process)."""
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _end_quietly() -> None:
    # The building process turns SIGTERM into KeyboardInterrupt for its clean-up
    # and ends the pools itself; a worker just ends, and ignores Ctrl-C.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def fork_pool(workers: int) -> Pool:
    """A pool of ``workers`` forked processes."""
    return multiprocessing.get_context("fork").Pool(workers, _end_quietly)


# The function and shared value of the running map_in_order: forked workers
# inherit them, so neither is pickled (only the items and the results are).
_TASK: tuple[Callable[[Any, Any], Any], Any] | None = None


def _run_task(item: Any) -> Any:
    assert _TASK is not None
    function, shared = _TASK
    return function(shared, item)


def map_in_order(
    function: Callable[[S, T], R],
    shared: S,
    items: Sequence[T],
    *,
    parallel_from: int,
    chunksize: int = 16,
) -> Iterator[R]:
    """``function(shared, item)`` for each item, in order.

    In forked workers when there are at least ``parallel_from`` items (and
    more than one core); the results are the same either way.
    """
    global _TASK
    workers = worker_count()
    if len(items) < parallel_from or workers < 2:
        for item in items:
            yield function(shared, item)
        return
    _TASK = (function, shared)
    pool = fork_pool(workers)
    try:
        yield from pool.imap(_run_task, items, chunksize=chunksize)
    finally:
        pool.terminate()
        pool.join()
        _TASK = None
