"""Worker processes: the one module of briefgen that makes them.

Checks, Markdown rendering, body HTML and glossary pages each split
independent work over the cores.  Workers are forked, so they inherit what
the building process has in memory (the site, the glossary matcher,
Pelican's context) instead of receiving it pickled; the function a step
passes may therefore be a closure over such values.

* :func:`ordered_map` - ``fn`` over items, results in the items' order;
* :class:`Lookahead` - ``fn`` over items in the background, each result
  taken when it is needed, at most ``ahead`` items computed beyond the last
  one taken (bounds the memory the results hold); :meth:`Lookahead.map_now`
  gives its workers other work at once (the site feed's prose).

How many workers and from how many items on is the caller's
:class:`briefgen.settings.Parallel`; below the threshold, or with one
worker, the work is done in the calling process, with the same results.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import signal
from collections.abc import Callable, Generator, Sequence
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# What the forked workers of each running map call, by job number: set before
# the fork, so that the workers inherit it (a closure cannot be pickled).
_JOBS: dict[int, Callable[[Any], Any]] = {}
_NUMBERS = itertools.count()


def _end_quietly() -> None:
    # The building process turns SIGTERM into KeyboardInterrupt for its clean-up
    # and ends the pools itself; a worker just ends, and ignores Ctrl-C.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _fork_pool(workers: int) -> Pool:
    return multiprocessing.get_context("fork").Pool(workers, _end_quietly)


def _call(job: int, items: Sequence[Any]) -> list[Any]:
    fn = _JOBS[job]
    return [fn(item) for item in items]


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def in_workers(count: int, workers: int, min_items: int) -> bool:
    """Whether ``count`` items are worth worker processes."""
    return workers >= 2 and count >= min_items


def ordered_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int,
    min_items: int,
    chunk: int = 16,
) -> Generator[R, None, None]:
    """``fn(item)`` for each item, in order; by forked workers from ``min_items`` on.

    A generator: the workers are made when the first result is asked for and
    ended when the last is given (or the generator is closed).
    """
    if not in_workers(len(items), workers, min_items):
        for item in items:
            yield fn(item)
        return
    job = next(_NUMBERS)
    _JOBS[job] = fn  # kept while the pool lives: a worker that died is forked again
    try:
        pool = _fork_pool(min(workers, len(items)))
        try:
            for results in pool.imap(functools.partial(_call, job), _chunks(items, chunk)):
                yield from results
        finally:
            pool.terminate()
            pool.join()
    finally:
        del _JOBS[job]


class Lookahead(Generic[T, R]):
    """``fn`` over ``items`` by forked workers, while the calling process does other work.

    :meth:`take` gives the result for the item at an index (waiting for it
    if need be), once; items are handed out in order, at most ``ahead``
    beyond the last one taken.  Call :meth:`close` when done.
    """

    def __init__(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        workers: int,
        ahead: int,
        chunk: int = 16,
    ) -> None:
        self.items, self.ahead, self.chunk, self.workers = items, ahead, chunk, workers
        self.results: dict[int, tuple[AsyncResult[list[Any]], int]] = {}
        self.submitted = 0
        self.job = next(_NUMBERS)
        _JOBS[self.job] = fn
        self.pool = _fork_pool(workers)
        self._top_up(ahead)

    def _top_up(self, upto: int) -> None:
        while self.submitted < min(upto, len(self.items)):
            part = self.items[self.submitted : self.submitted + self.chunk]
            result = self.pool.apply_async(_call, (self.job, part))
            for offset in range(len(part)):
                self.results[self.submitted + offset] = (result, offset)
            self.submitted += len(part)

    def take(self, index: int) -> R:
        """The result for ``items[index]``; each index may be taken once."""
        self._top_up(index + 1 + self.ahead)
        result, offset = self.results.pop(index)
        values = result.get()
        value: R = values[offset]
        values[offset] = None  # the caller owns it now
        return value

    def map_now(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``fn`` over ``items`` by the same workers, once they are through what
        they were given (``fn`` must be a module's function: it is sent to them
        by name)."""
        chunk = max(1, len(items) // (2 * self.workers))
        return self.pool.map(fn, items, chunk)

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()
        _JOBS.pop(self.job, None)

