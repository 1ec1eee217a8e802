"""Save-to-reload latency of ``briefgen devserver`` after one sidecar edit.

A devserver runs in a child process on the benchmark site; this process
listens to its event stream as an open page does, saves one sidecar, and
times (from just before the save) the reload event and the fetch of the
reloaded page.  The devserver's own line for that rebuild says where the
time went (check, render, publish); the rest is the watcher's wait for the
save to settle, the event, and the page fetch.  The search index is made
after the reload: ``search_s`` is the time from the save until the new
index is in (the devserver's ``--verbose`` line says so).
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from briefgen.bench import measure

PAGE = "briefings/{slug}/"
_PHASE = re.compile(r"(\w+) (\d+\.\d+)s")


@dataclass(frozen=True)
class Reload:
    event_s: float  # save -> the reload event reached the page
    reload_s: float  # save -> the reloaded page fetched
    rebuild_s: float  # the devserver's rebuild, as it reports it
    search_s: float  # save -> the new search index in
    phases: dict[str, float]


class _Child:
    """The devserver child, its terminal lines in a queue."""

    def __init__(self, root: Path, settings: Path) -> None:
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONUNBUFFERED="1")
        if measure.CODE is not None:
            env["PYTHONPATH"] = str(measure.CODE)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "devserver", "--root", str(root),
             "--settings", str(settings), "--port", "0", "--verbose"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 600) -> str:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            if regex.search(line):
                return line

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="utf-8")
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else 0.0

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _next_event(response: http.client.HTTPResponse) -> dict[str, object]:
    while True:
        line = response.readline().decode()
        if not line:
            raise ConnectionError("the devserver closed the event stream")
        if line.startswith("data: "):
            event: dict[str, object] = json.loads(line[len("data: "):])
            return event


def measure_reloads(
    root: Path, settings: Path, sidecar: Path, edits: int
) -> tuple[list[Reload], float]:
    """Time ``edits`` saves of ``sidecar``; also return the devserver's peak RSS (MB)."""
    child = _Child(root, settings)
    try:
        serving = child.wait_for(r"^serving ")
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", serving).group(1))  # type: ignore[union-attr]
        stream = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        stream.request("GET", "/__briefgen/events")
        events = stream.getresponse()
        _next_event(events)  # the state the page was served with
        page = PAGE.format(slug=sidecar.stem)
        reloads = []
        for edit in range(edits):
            text = sidecar.read_text(encoding="utf-8")
            edited = re.sub(
                r"summary: \"(Live \d+\. )?", f'summary: "Live {edit}. ', text, count=1
            )
            started = time.perf_counter()
            sidecar.write_text(edited, encoding="utf-8")
            event = _next_event(events)
            event_s = time.perf_counter() - started
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
            reloads.append(
                Reload(event_s, reload_s, float(total.group(1)) if total else 0.0, search_s,
                       phases)
            )
        stream.close()
        return reloads, child.peak_rss_mb()
    finally:
        child.stop()
