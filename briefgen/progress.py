"""A progress display for long builds, on standard error, only on a terminal.

It is redrawn by the build itself (at most ten times a second), not by a
thread of rich's: the build forks worker processes, and a thread that holds
a lock (stderr's, rich's) while the process forks leaves that lock held
forever in the child.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any


class BuildProgress:
    """Counts of briefings rendered and pages written; silent unless stderr is a TTY."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress: Any = None
        self._task: Any = None
        self._drawn = 0.0  # when the display was last redrawn (time.monotonic)

    def __enter__(self) -> BuildProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,
            )
            self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, description: str, total: int | None) -> None:
        """Begin a new count (``total`` None when it is not known in advance)."""
        if self._progress is not None:
            if self._task is not None:
                self._redraw(force=True)  # the count the last stage reached
                self._progress.update(self._task, visible=False)
            self._task = self._progress.add_task(description, total=total)
            self._redraw(force=True)

    def advance(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)
            self._redraw()

    def _redraw(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._drawn >= 0.1:
            self._drawn = now
            self._progress.refresh()
