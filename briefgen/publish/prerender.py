"""Render briefings' body HTML in worker processes while Pelican runs (perf, issue 5).

Turning a briefing's Markdown into HTML is the largest single cost of a
full build, and each briefing is independent.  :class:`Prerender` hands the
rendered Markdown files to a pool of forked workers, which run exactly
:func:`briefgen.publish.reader.render_body` on them, while the main process
goes on with Pelican (reading every file, then writing pages).  When the
writer needs a page's HTML, :func:`briefgen.publish.reader.ensure_content`
takes the worker's result (waiting for it if need be); a briefing the pool
was not given is rendered in the main process as before.  The HTML is the
same either way, and so are the published bytes.

Only so many briefings are handed out ahead of the one the writer is at,
so the HTML waiting in memory stays bounded at any N.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from multiprocessing.pool import AsyncResult
from typing import Any

from briefgen.publish import reader
from briefgen.publish.reader import render_body
from briefgen.workers import fork_pool, worker_count

MIN_BRIEFINGS = 200  # below this the pool costs more than it saves
CHUNK = 16  # briefings per task
AHEAD = 800  # briefings handed out beyond the one last taken


def _render_many(paths: Sequence[str]) -> list[str]:
    return [render_body(path) for path in paths]


def _key(path: str) -> str:
    return os.path.abspath(path)


class Prerender:
    """Body HTML of the given rendered briefings, computed by a process pool."""

    def __init__(self, paths: Sequence[str], workers: int) -> None:
        self.paths = [_key(path) for path in paths]
        self.position = {path: index for index, path in enumerate(self.paths)}
        self.results: dict[str, tuple[AsyncResult[list[str]], int]] = {}
        self.submitted = 0
        self.pool: Any = fork_pool(workers)
        self._top_up(AHEAD)

    def _top_up(self, upto: int) -> None:
        while self.submitted < min(upto, len(self.paths)):
            part = self.paths[self.submitted : self.submitted + CHUNK]
            result = self.pool.apply_async(_render_many, (part,))
            for index, path in enumerate(part):
                self.results[path] = (result, index)
            self.submitted += len(part)

    def take(self, source_path: str) -> str | None:
        """The HTML of a briefing's body, once; None if the pool was not given it."""
        path = _key(source_path)
        position = self.position.pop(path, None)
        if position is None:
            return None
        self._top_up(position + 1 + AHEAD)
        result, index = self.results.pop(path)
        htmls = result.get()
        html, htmls[index] = htmls[index], ""  # release it: the page owns it now
        return html

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


ACTIVE: Prerender | None = None


def start(paths: Sequence[str]) -> Prerender | None:
    """Start rendering ``paths`` in the background if there are enough to pay."""
    global ACTIVE
    workers = worker_count()
    if len(paths) < MIN_BRIEFINGS or workers < 2:
        return None
    ACTIVE = Prerender(paths, workers)
    reader.PRERENDERED = ACTIVE.take
    return ACTIVE


def stop() -> None:
    global ACTIVE
    reader.PRERENDERED = None
    if ACTIVE is not None:
        ACTIVE.close()
        ACTIVE = None
