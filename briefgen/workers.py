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
from multiprocessing.pool import Pool

MAX_WORKERS = 4


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
