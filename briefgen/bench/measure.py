"""Run one command in a child process; report its wall time and peak RSS."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_rss_mb: float
    returncode: int


CODE: Path | None = None  # a snapshot of the code to run, see briefgen.bench.__main__


def run_child(args: list[str], cwd: Path | None = None) -> Sample:
    """Run ``python args...`` and measure it alone (``wait4`` gives the child's rusage)."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if CODE is not None:
        env["PYTHONPATH"] = str(CODE)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.stderr.write(errors.decode("utf-8", "replace")[-2000:])
    # ru_maxrss is in kilobytes on Linux.
    return Sample(seconds, usage.ru_maxrss / 1024, process.returncode)
