"""Save-to-reload latency of ``briefgen devserver`` after one sidecar or article edit.

A devserver runs in a child process on the benchmark site; this process
listens to its event stream as an open page does, saves one sidecar (or
one article: a sentence added at its end), and times (from just before the
save) the reload event and the fetch of the reloaded page.  The
devserver's own line for that rebuild says where the time went (check,
render, publish); the rest is the watcher's wait for the save to settle,
the event, and the page fetch.  The search index is made
after the reload: ``search_s`` is the time from the save until the new
index is in (the devserver's ``--verbose`` line says so).

When the devserver serves the saved briefing's page before its rebuild
lands (see :mod:`briefgen.devserver.fastpage`), a save gives two events:
the page's, then the rebuild's; the time is taken at the first, and the
page fetched then must hold the new words all the same.  The rebuild's line
then has a ``page`` phase (the early page) before check, render, publish.
"""

from __future__ import annotations

import http.client
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefgen.bench import measure
from briefgen.bench.measure import TreeMemory

PAGE = "briefings/{slug}/"
_PHASE = re.compile(r"(\w+) (\d+\.\d+)s")


@dataclass(frozen=True)
class Edit:
    """One kind of save: ``change(text, n)`` is the file's text with the n-th edit
    made, which puts the words ``Live n.`` in the page."""

    kind: str
    path: Path
    change: Callable[[str, int], str]


def sidecar_edit(path: Path) -> Edit:
    return Edit("sidecar", path, lambda text, n: re.sub(
        r"summary: \"(Live \d+\. )?", f'summary: "Live {n}. ', text, count=1))


def article_edit(path: Path) -> Edit:
    return Edit("article", path, lambda text, n: re.sub(
        r"( Live \d+\.)?\n*$", f" Live {n}.\n", text, count=1))


@dataclass(frozen=True)
class Reload:
    kind: str
    event_s: float  # save -> the reload event reached the page
    reload_s: float  # save -> the reloaded page fetched
    rebuild_s: float  # the devserver's rebuild, as it reports it
    search_s: float  # save -> the new search index in
    phases: dict[str, float]


class _Child:
    """The devserver child, its terminal lines in a queue."""

    def __init__(self, root: Path, settings: Path) -> None:
        env = dict(measure.child_env(), PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "devserver", "--root", str(root),
             "--settings", str(settings), "--port", "0", "--verbose"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
            cwd=measure.child_cwd(),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.memory = TreeMemory(self.process.pid)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 600) -> str:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"the devserver did not say {pattern!r} in {timeout} s")\
                    from None
            if regex.search(line):
                return line

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _Events:
    """The devserver's event stream as an open page gets it, read by a thread;
    each event with the time it came."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.connection.request("GET", "/__briefgen/events")
        self.response = self.connection.getresponse()
        self.events: queue.Queue[tuple[float, dict[str, object]] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            while line := self.response.readline().decode():
                if line.startswith("data: "):
                    self.events.put((time.perf_counter(), json.loads(line[len("data: "):])))
        except OSError:
            pass
        self.events.put(None)

    def first_after(self, started: float, timeout: float = 600) -> tuple[float, dict[str, object]]:
        """The first event that came after ``started`` (those before are the last save's)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                item = self.events.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"no event from the devserver in {timeout} s") from None
            if item is None:
                raise ConnectionError("the devserver closed the event stream")
            if item[0] >= started:
                return item

    def close(self) -> None:
        self.connection.close()


def measure_reloads(
    root: Path, settings: Path, edits: list[Edit], repeat: int
) -> tuple[list[Reload], float]:
    """Time ``repeat`` saves of each edit, in turns; also return the peak summed RSS
    (MB) of the devserver and the processes it started."""
    child = _Child(root, settings)
    peak = 0.0
    try:
        serving = child.wait_for(r"^serving ")
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", serving).group(1))  # type: ignore[union-attr]
        events = _Events(port)
        events.first_after(0.0)  # the state the page was served with
        reloads = []
        for number, what in ((n, e) for n in range(repeat) for e in edits):
            page = PAGE.format(slug=what.path.stem)
            edit = number * len(edits) + edits.index(what)
            edited = what.change(what.path.read_text(encoding="utf-8"), edit)
            started = time.perf_counter()
            what.path.write_text(edited, encoding="utf-8")
            came, event = events.first_after(started)
            event_s = came - started
            fetch = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            fetch.request("GET", "/" + page)
            body = fetch.getresponse().read()
            reload_s = time.perf_counter() - started
            fetch.close()
            line = child.wait_for(r": rebuil")
            if not event.get("ok") or f"Live {edit}.".encode() not in body:
                raise RuntimeError(f"the edit did not reach the page: {line}")
            child.wait_for(r"search index updated in")
            search_s = time.perf_counter() - started
            total = re.search(r"rebuilt in (\d+\.\d+)s", line)
            timings = line.split("(", 1)[-1].split(")", 1)[0]
            phases = {name: float(s) for name, s in _PHASE.findall(timings)}
            rebuild_s = float(total.group(1)) if total else 0.0
            reloads.append(Reload(what.kind, event_s, reload_s, rebuild_s, search_s, phases))
        events.close()
    finally:
        peak = child.memory.stop()
        child.stop()
    return reloads, peak
