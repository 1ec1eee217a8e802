"""Running Pagefind: one process per shard of the search index, from background threads.

:func:`run_pagefind` runs Pagefind's binary (shipped in the ``pagefind_bin``
wheel, never downloaded) over one folder of pages.  :class:`ShardRuns` runs
it over many shards, a few at a time, in threads of the building process:
Pagefind is a process of its own, so a shard is indexed on one core while
the building process goes on with its own work on the other.  That is what
lets a build start the shards of the briefings as soon as Pelican has
written their pages (see :mod:`briefgen.publish.outputs.search`), while
Pelican still writes the glossary and sources pages and the feeds, and the
annotations are exported.

A run's bundle is written into a folder of the runs' own and moved into the
index when it is taken; a run whose shard turned out different when the
index was made (its key changed) is not taken, and goes with the folder.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from briefgen.publish.outputs.launcher import Launcher, LauncherError

# What Pagefind writes that the theme's search page never loads.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
EXCLUDED = "[data-ann]"
# How often a cancellable run asks whether to stop.
CANCEL_POLL_SECONDS = 0.05

# A shard's pages as a folder for Pagefind (made when its run starts, removed after).
View = Callable[[], AbstractContextManager[Path]]


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why."""


def pagefind_executable() -> Path:
    """The binary shipped in the ``pagefind_bin`` wheel (never downloaded)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise SearchIndexError(
            "the search index needs Pagefind's binary: pip install 'pagefind[bin]'"
        ) from error
    return Path(get_executable())


def pagefind_version() -> str:
    """The version of Pagefind's binary (every shard's key holds it)."""
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return str(pagefind_executable())


def pagefind_command(site: Path, bundle: Path, language: str) -> list[str]:
    """Pagefind over the pages of ``site``, into ``bundle``, in ``language``."""
    return [
        str(pagefind_executable()),
        "--site", str(site),
        "--output-path", str(bundle),
        "--force-language", language,
        "--exclude-selectors", EXCLUDED,
        "--silent",
    ]


def run_pagefind(
    site: Path,
    bundle: Path,
    language: str,
    cancelled: Callable[[], bool] | None = None,
    launcher: Launcher | None = None,
) -> bool:
    """Run Pagefind over ``site`` into ``bundle`` (started by ``launcher`` if given);
    False if ``cancelled`` stopped it."""
    command = pagefind_command(site, bundle, language)
    if launcher is not None:
        try:
            outcome = launcher.run(command, cancelled)
        except LauncherError as error:
            raise SearchIndexError(f"cannot run Pagefind: {error}") from error
        if outcome is None:
            return False
        _check_ended(*outcome)
        return True
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
    except OSError as error:
        raise SearchIndexError(f"cannot run Pagefind: {error}") from error
    with process:
        if cancelled is not None:
            while process.poll() is None:
                if cancelled():
                    process.kill()
                    return False
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=CANCEL_POLL_SECONDS)
        said, _ = process.communicate()
    _check_ended(process.returncode, said)
    return True


def _check_ended(returncode: int, said: str) -> None:
    """Raise :class:`SearchIndexError` unless Pagefind ended well."""
    if returncode < 0:  # killed: a full disk or a file size limit (SIGXFSZ), say
        name = signal.Signals(-returncode).name
        raise SearchIndexError(f"cannot write the search index: Pagefind was stopped by {name}")
    if returncode != 0:
        lines = said.strip().splitlines()
        raise SearchIndexError(
            f"cannot write the search index: Pagefind failed (exit {returncode}): "
            f"{lines[-1] if lines else 'no message'}"
        )


@dataclass(eq=False)
class _Run:
    folder: str
    language: str
    key: str
    view: View
    into: Path  # where Pagefind writes the bundle
    done: threading.Event = field(default_factory=threading.Event)
    made: bool = False
    error: BaseException | None = None


class ShardRuns:
    """Pagefind over shards in background threads, ``width`` at a time (see the module
    docstring); :meth:`close` when done, whatever happened."""

    def __init__(
        self,
        beside: Path,
        width: int,
        cancelled: Callable[[], bool] | None = None,
        launcher: Launcher | None = None,
    ) -> None:
        # Pagefind is started by a small process (see .launcher): the caller's,
        # or one of these runs' own.
        self.launcher = launcher if launcher is not None else Launcher()
        self.own_launcher = launcher is None
        beside.parent.mkdir(parents=True, exist_ok=True)
        self.top = Path(tempfile.mkdtemp(prefix=f"{beside.name}.shards-", dir=beside.parent))
        self.width = max(1, width)
        self.cancelled = cancelled
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.queue: deque[_Run] = deque()
        self.runs: dict[str, _Run] = {}  # the latest of each folder
        self.started: list[_Run] = []
        self.threads: list[threading.Thread] = []
        self.active = 0  # threads taking runs from the queue

    def widen(self, width: int) -> None:
        """Run up to ``width`` shards at a time from now on."""
        with self.lock:
            self.width = max(self.width, width)
            self._spawn()

    def submit(self, folder: str, language: str, key: str, view: View) -> None:
        """Index the pages ``view`` gives into a bundle for ``folder``, once a thread is free."""
        with self.lock:
            earlier = self.runs.get(folder)
            if earlier is not None and earlier in self.queue:
                self.queue.remove(earlier)  # never started: not needed any more
            run = _Run(folder, language, key, view, self.top / str(len(self.started)))
            self.started.append(run)
            self.runs[folder] = run
            self.queue.append(run)
            self._spawn()

    def has(self, folder: str, key: str) -> bool:
        """Whether the bundle of ``folder`` with this ``key`` is being (or was) made here."""
        run = self.runs.get(folder)
        return run is not None and run.key == key

    def take(self, folder: str, target: Path) -> bool:
        """Wait for the run of ``folder`` and move its bundle to ``target``; False if
        it was stopped (cancelled, or another run failed).  Raises what the run raised."""
        run = self.runs[folder]
        while not run.done.wait(CANCEL_POLL_SECONDS):
            if self._stopped():
                self.stop.set()
                with self.lock:
                    if run in self.queue:  # never started
                        return False
        if run.error is not None:
            self.stop.set()
            raise run.error
        # A small shard can be done before the first look at ``cancelled``:
        # cancelled then still means nothing is taken.
        if not run.made or self._stopped():
            self.stop.set()
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(run.into, target)  # a rename on the same file system
        return True

    def close(self) -> None:
        """Stop what still runs, wait for the threads and remove what was not taken."""
        self.stop.set()
        for thread in self.threads:
            thread.join()
        if self.own_launcher:
            self.launcher.close()
        shutil.rmtree(self.top, ignore_errors=True)

    def _spawn(self) -> None:
        # Called holding the lock.
        while self.active < min(self.width, len(self.queue)) and not self.stop.is_set():
            self.active += 1
            thread = threading.Thread(target=self._work, daemon=True)
            self.threads.append(thread)
            thread.start()

    def _stopped(self) -> bool:
        return self.stop.is_set() or bool(self.cancelled is not None and self.cancelled())

    def _work(self) -> None:
        while True:
            with self.lock:
                if not self.queue or self.stop.is_set():
                    self.active -= 1
                    return
                run = self.queue.popleft()
            try:
                with run.view() as pages:
                    run.made = run_pagefind(pages, run.into, run.language, self._stopped,
                                            self.launcher)
                if run.made:
                    for name in UNUSED:
                        (run.into / name).unlink(missing_ok=True)
                else:
                    self.stop.set()
            except BaseException as error:  # handed to the thread that takes the run
                run.error = error
                self.stop.set()
            finally:
                run.done.set()
