"""Run one command in a child process; report its wall time, CPU time and memory.

Memory is the peak of the *summed* resident memory of the child and every
process it starts (worker processes, Pagefind), sampled from ``/proc``
every few milliseconds while it runs: ``wait4``'s peak RSS is that of one
process only.  Forked workers share pages with their parent, so the sum
counts shared pages more than once: it is an upper bound, the figure a
machine's memory must hold in the worst case.  CPU time is the child's and
its waited-for descendants' (user + system), from ``wait4``: on a machine
shared with other work, wall time depends on the load and CPU time much
less.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.01
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_rss_mb: float  # summed over the process tree
    returncode: int
    cpu_seconds: float = 0.0


CODE: Path | None = None  # a snapshot of the code to run, see briefgen.bench.__main__


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as file:
                found.extend(int(p) for p in file.read().split())
        except OSError:
            continue
    return found


def tree_rss_bytes(pid: int) -> int:
    """The summed resident memory of ``pid`` and all its descendants, now."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm", encoding="ascii") as file:
                total += int(file.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(_children(current))
    return total


class TreeMemory:
    """Samples the summed RSS of a process tree in a thread until stopped."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def child_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONHASHSEED="0")
    if CODE is not None:
        env["PYTHONPATH"] = str(CODE)
    return env


def child_cwd() -> Path | None:
    """Where a child runs: in the snapshot, if there is one (``python -m`` looks in
    the current folder first, so a child started in the working tree would run
    the code there, not the snapshot)."""
    return CODE


def run_child(args: list[str], cwd: Path | None = None) -> Sample:
    """Run ``python args...`` and measure it alone."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd or child_cwd(),
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    memory = TreeMemory(process.pid)
    assert process.stderr is not None
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    peak_mb = memory.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.stderr.write(errors.decode("utf-8", "replace")[-2000:])
    # ru_maxrss (kilobytes on Linux): the child alone, if sampling missed a short run.
    peak_mb = max(peak_mb, usage.ru_maxrss / 1024)
    return Sample(seconds, peak_mb, process.returncode, usage.ru_utime + usage.ru_stime)
