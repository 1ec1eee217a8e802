"""Programs started from a small process of their own, not from the build's.

Starting a program forks the process that starts it: until the child runs
the program, it is a copy of its parent, and counts as much memory as the
parent holds (the benchmark sums the memory of the build and every process
it started; at N=5,000 the build holds ~400 MB).  The search index runs
Pagefind once per shard (dozens of times), so each would be such a moment.
A :class:`Launcher` is a small Python process, started once, that starts
the programs it is asked to and reports how each ended: only its own start
copies the build.

The launcher's code is plain standard library, given on its command line
(it imports nothing of briefgen).  It ends when the build closes its input,
or the build ends; the programs it started are stopped then.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
from collections.abc import Callable

# The launcher: one JSON line per request on its input, ``[id, argv]`` to start
# a program (``argv`` None: stop program ``id``; ``id`` None: end), and one per
# program ended on its output, ``[id, returncode, output]`` (returncode None: it
# could not start).
_LAUNCHER = r"""
import json, os, signal, subprocess, sys, threading
# Ctrl-C is the build's to handle: it closes this process's input.
signal.signal(signal.SIGINT, signal.SIG_IGN)
lock = threading.Lock()
running, stopped = {}, set()

def end(signum, frame):
    # Told to end: what it started ends with it.
    for process in list(running.values()):
        process.kill()
    os._exit(1)

signal.signal(signal.SIGTERM, end)

def reply(message):
    with lock:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

def run(ident, argv):
    try:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, errors="replace")
    except OSError as error:
        reply([ident, None, str(error)])
        return
    with lock:
        running[ident] = process
        if ident in stopped:
            process.kill()
    said, _ = process.communicate()
    with lock:
        running.pop(ident, None)
    reply([ident, process.returncode, said])

for line in sys.stdin:
    ident, argv = json.loads(line)
    if ident is None:  # the build is done
        break
    if argv is None:
        with lock:
            stopped.add(ident)
            if ident in running:
                running[ident].kill()
    else:
        threading.Thread(target=run, args=(ident, argv), daemon=True).start()
with lock:
    for process in running.values():
        process.kill()
"""
# How often a waiting run asks whether to stop.
POLL_SECONDS = 0.05


class LauncherError(Exception):
    """The launcher could not start a program, or stopped; the message says why."""


class Launcher:
    """A small process that starts programs for this one; see the module docstring.
    Threads may call :meth:`run` at the same time.  :meth:`close` when done."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", _LAUNCHER], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, encoding="utf-8",
        )
        self.lock = threading.Lock()
        self.numbers = itertools.count()
        self.waiting: dict[int, tuple[threading.Event, list[tuple[int | None, str]]]] = {}
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def run(
        self, argv: list[str], cancelled: Callable[[], bool] | None = None
    ) -> tuple[int, str] | None:
        """Run ``argv`` to its end: its return code (negative: the signal that
        ended it) and its output; None if ``cancelled`` said to stop it first."""
        ident = next(self.numbers)
        ended = threading.Event()
        outcome: list[tuple[int | None, str]] = []
        with self.lock:
            self.waiting[ident] = (ended, outcome)
            self._send([ident, argv])
        while not ended.wait(POLL_SECONDS):
            if cancelled is not None and cancelled():
                with self.lock:
                    self._send([ident, None])
                ended.wait()
                return None
        returncode, said = outcome[0]
        if returncode is None:
            raise LauncherError(said)
        return returncode, said

    def close(self) -> None:
        """End the launcher (and anything it still runs)."""
        # Said, not only its input closed: a process forked from the build
        # meanwhile (a worker) holds the input open too.
        with self.lock:
            self._send([None, None])
        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.terminate()  # it stops what it runs, then ends
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join()

    def _send(self, message: list[object]) -> None:
        # Called holding the lock.
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        except (OSError, ValueError):
            pass  # the launcher is gone: the reader says so to whoever waits

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            ident, returncode, said = json.loads(line)
            with self.lock:
                ended, outcome = self.waiting.pop(ident)
            outcome.append((returncode, said))
            ended.set()
        with self.lock:
            for ended, outcome in self.waiting.values():
                outcome.append((None, "the process that starts Pagefind stopped"))
                ended.set()
            self.waiting.clear()
