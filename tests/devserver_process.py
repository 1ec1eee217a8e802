"""A real ``briefgen devserver`` in a child process, for the e2e and browser tests.

Its terminal lines are read by a thread into a queue, so a test waits for
the line it expects (an event) instead of sleeping.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import SETTINGS

WAIT_SECONDS = 60.0  # the longest a test waits for a line; a healthy run takes < 2 s


@dataclass
class Devserver:
    root: Path
    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)
    url: str = ""

    def wait_for(self, pattern: str, timeout: float = WAIT_SECONDS) -> str:
        """The next terminal line matching ``pattern``; every line read is kept in ``seen``."""
        regex = re.compile(pattern)
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(
                    f"no line matching {pattern!r}; lines so far:\n" + "\n".join(self.seen)
                ) from None
            self.seen.append(line)
            if regex.search(line):
                return line

    def wait_rebuild(self) -> str:
        """The line that ends the next rebuild (successful or not)."""
        return self.wait_for(r"^\d\d:\d\d:\d\d .*: rebuil")


FIXTURE_CONTENT = Path(__file__).parent / "browser" / "site" / "content"


def copy_seed_content(root: Path) -> Path:
    """The seed briefing with the registers, from the tests' own fixture site (not content/)."""
    shutil.copytree(FIXTURE_CONTENT, root / "content", ignore=shutil.ignore_patterns("extra"))
    return root / "content" / "briefings" / "turkey-syria-defense-pact.yaml"


@contextmanager
def devserver(root: Path, *extra: str) -> Iterator[Devserver]:
    """Start ``briefgen devserver --port 0`` on ``root``; stop it afterwards."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "devserver", "--root", str(root),
         "--settings", str(SETTINGS), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    server = Devserver(root, process)

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            server.lines.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    try:
        serving = server.wait_for(r"^serving ")
        match = re.search(r"http://127\.0\.0\.1:\d+/", serving)
        assert match, serving
        server.url = match.group()
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
