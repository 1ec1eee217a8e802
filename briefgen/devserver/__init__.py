"""``briefgen devserver``: rebuild on every change, serve, and update the open pages.

``watchfiles`` (inotify and its kin, polling where there is none) reports
changes under the content folder, the theme folder and the settings file;
each batch of changes is one in-process rebuild (:mod:`.rebuild`), one line
in the terminal, and one event to the open pages (:mod:`.server`), which
reload after a successful rebuild and show the errors of a failed one.
When a save touches one briefing's article or sidecar, that briefing's page
is made first from what the last build kept (:mod:`.fastpage`), served from
memory and the pages told at once; the rebuild then publishes the whole
site as before (the same bytes for that page), and the page is served from
the output again.
The search index is made after the pages are told (it is the slowest part
of a build), unless the next change comes first; until then the previous
index is served.
``build`` swaps the output in only after a successful build, so a failed
rebuild leaves the last good site being served.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from briefgen.devserver.fastpage import Declined, FastPage, FastPages
from briefgen.devserver.rebuild import (
    Options,
    Outcome,
    Terminal,
    describe_changes,
    rebuild,
    settings_for,
)
from briefgen.devserver.server import LiveState, addresses, serve
from briefgen.diagnostics import DiagnosticList
from briefgen.errors import BuildError
from briefgen.publish.outputs.search import SearchIndexError
from briefgen.publish.outputs.staging import PendingSearch

__all__ = ["Options", "changes", "run"]

# Editors save in bursts (a temporary file, a rename, a backup): wait this
# long for the burst to end, but never longer than DEBOUNCE_MS in all.
STEP_MS = 30
DEBOUNCE_MS = 400
# How long the build waits for the open pages to hear of the early page and fetch it.
SETTLE_SECONDS = 0.3


def changes(watched: list[Path], stop: threading.Event | None = None) -> Iterator[set[Path]]:
    """Each batch of changed files under ``watched`` (those that exist), until ``stop``.

    A file made and removed within one batch (an editor's or ``sed -i``'s
    temporary file) is left out; a batch of only such files is not reported.
    """
    from watchfiles import Change, watch

    roots = [path for path in watched if path.exists()]
    for batch in watch(
        *roots, debounce=DEBOUNCE_MS, step=STEP_MS, stop_event=stop, raise_interrupt=False
    ):
        added = {path for change, path in batch if change == Change.added}
        paths = {Path(p) for _change, p in batch if p not in added or Path(p).exists()}
        if paths:
            yield paths


class Watcher:
    """Watches from the moment it is made, in a thread; batches wait in a queue.

    Started before the first build, it cannot miss a save made while the
    build or the server were starting; saves made during a rebuild are
    merged into the next one.
    """

    def __init__(self, watched: list[Path]) -> None:
        self.stop = threading.Event()
        self._batches: queue.Queue[set[Path]] = queue.Queue()
        self._thread = threading.Thread(target=self._watch, args=(watched,), daemon=True)
        self._thread.start()

    def _watch(self, watched: list[Path]) -> None:
        for batch in changes(watched, self.stop):
            self._batches.put(batch)

    def has_changes(self) -> bool:
        """Whether a batch of changes waits."""
        return not self._batches.empty()

    def next_batch(self, timeout: float = 0.5) -> set[Path] | None:
        """Every change since the last call, waiting up to ``timeout`` for one."""
        try:
            batch = set(self._batches.get(timeout=timeout))
        except queue.Empty:
            return None
        while not self._batches.empty():
            batch |= self._batches.get_nowait()
        return batch

    def close(self) -> None:
        self.stop.set()
        self._thread.join()


def run(
    options: Options,
    *,
    stop: threading.Event | None = None,
    say: Callable[[str], None] | None = None,
) -> int:
    """Build, serve and rebuild on change until Ctrl-C (or ``stop``)."""
    emit = say or _print
    terminal = Terminal()
    live = LiveState()
    pending: list[PendingSearch] = []  # the search index still to be made, if any
    fast = FastPages()

    def once(changed: str, batch: set[Path] | None = None) -> Outcome:
        shown = early_page(fast, batch, emit) if batch else None
        if isinstance(shown, FastPage):
            live.publish(True, pages={shown.file: shown.html})
            live.settle(SETTLE_SECONDS)
        # With nothing kept (the first build, or after a failed one) Pelican runs
        # even if the output is up to date, so that the next save has it.
        kept = fast.kept is not None
        fast.release()  # the build makes its own
        outcome = rebuild(options, run_pelican=not kept)
        fast.adopt(outcome.settings, outcome.site, outcome.ok)
        if isinstance(shown, FastPage):
            outcome = replace(outcome, phases={"page": sum(shown.phases.values()),
                                               **outcome.phases})
        for line in terminal.lines(outcome, changed):
            emit(line)
        same: tuple[str, ...] = ()
        if isinstance(shown, FastPage) and outcome.ok and outcome.settings is not None:
            if shown.matches(outcome.settings.output):
                same = addresses(shown.file)
            else:
                emit(f"devserver: the page shown early differs from the published {shown.file}")
        live.publish(outcome.ok, outcome.overlay_lines, same=same)
        if outcome.pending_search is not None:
            pending[:] = [outcome.pending_search]
        # What the build checked lives on in ``fast`` only (released before the next build).
        return replace(outcome, site=None)

    def index_unless_changed() -> None:
        """Make the pending search index, unless a change comes first (then the
        rebuild it causes comes first, and the index after it)."""
        def cancelled() -> bool:
            return watcher.has_changes() or (stop is not None and stop.is_set())

        started = time.perf_counter()
        try:
            if pending[0].run(cancelled):
                pending.clear()
                if options.verbose:
                    seconds = time.perf_counter() - started
                    emit(f"{time.strftime('%H:%M:%S')} search index updated in {seconds:.2f}s")
        except (BuildError, SearchIndexError, OSError) as error:
            pending.clear()
            emit(f"search index not updated: {error}")

    settings = settings_for(options, DiagnosticList())
    theme = settings.pelican.get("THEME")
    watched = [settings.content, Path(theme) if theme else options.root / "themes"]
    if settings.settings_file is not None:
        watched.append(settings.settings_file)
    watcher = Watcher(watched)
    stack = ExitStack()
    server = None
    try:
        stack.enter_context(fast.watching())
        first = once("first build")
        server = serve(settings.output, options.port, live, verbose=options.verbose)
        site = f"http://127.0.0.1:{server.server_address[1]}/"
        for line in banner(settings.output, site, first.drafts):
            emit(line)
        announced = set(first.drafts)
        while stop is None or not stop.is_set():
            batch = watcher.next_batch(timeout=0 if pending else 0.5)
            if batch:
                outcome = once(describe_changes(batch, options.root), batch)
                # A draft made while the devserver runs (briefgen new): where to see it.
                for address in outcome.drafts:
                    if address not in announced:
                        emit(f"new draft: {site}{address}")
                announced.update(outcome.drafts)
            elif pending:
                index_unless_changed()
    finally:
        stack.close()
        live.close()
        watcher.close()
        if server is not None:
            server.shutdown()
            server.server_close()
    return 0


def early_page(
    fast: FastPages, batch: set[Path], emit: Callable[[str], None]
) -> FastPage | Declined:
    """The saved briefing's page made early, if it can be; a failure of that is
    reported in one line and the build goes on as if it had declined."""
    try:
        return fast.page(batch)
    except Exception as error:  # the build that follows reports the content's problems
        fast.release()
        emit(f"devserver: the early page failed ({type(error).__name__}: {error}); rebuilding")
        return Declined(str(error))


def banner(output: Path, site: str, drafts: tuple[str, ...]) -> list[str]:
    """What is served where: the site, then the list of drafts and each draft's page."""
    lines = [f"serving {output} on {site} (Ctrl-C to stop)"]
    if drafts:
        lines.append("drafts (this preview only; make publish leaves them out):")
        lines += [f"  {site}{address}" for address in drafts]
    return lines


def _print(line: str) -> None:
    print(line, flush=True)
