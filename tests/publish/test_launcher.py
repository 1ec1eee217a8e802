"""The launcher that starts Pagefind for the build: outcomes, stopping, and its size."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.publish.outputs.launcher import Launcher, LauncherError


@pytest.fixture
def launcher() -> Iterator[Launcher]:
    started = Launcher()
    yield started
    started.close()


def test_a_program_s_return_code_and_output_come_back(launcher: Launcher) -> None:
    outcome = launcher.run([sys.executable, "-c", "print('indexed'); raise SystemExit(3)"])
    assert outcome == (3, "indexed\n")
    assert launcher.run([sys.executable, "-c", "pass"]) == (0, "")


def test_runs_from_several_threads_each_get_their_own_outcome(launcher: Launcher) -> None:
    outcomes: dict[int, object] = {}

    def run(number: int) -> None:
        outcomes[number] = launcher.run(
            [sys.executable, "-c", f"print({number}); raise SystemExit({number})"])

    threads = [threading.Thread(target=run, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == {n: (n, f"{n}\n") for n in range(6)}


def test_a_cancelled_run_is_stopped(launcher: Launcher, tmp_path: Path) -> None:
    started = tmp_path / "started"
    program = f"open({str(started)!r}, 'w').close(); import time; time.sleep(600)"
    assert launcher.run([sys.executable, "-c", program], cancelled=started.exists) is None
    # The launcher still serves.
    assert launcher.run([sys.executable, "-c", "pass"]) == (0, "")


def test_a_program_that_cannot_start_is_an_error(launcher: Launcher, tmp_path: Path) -> None:
    with pytest.raises(LauncherError, match="No such file"):
        launcher.run([str(tmp_path / "no-such-program")])


def test_the_launcher_does_not_hold_a_copy_of_the_build(tmp_path: Path) -> None:
    """Its memory is its own, whatever the process that started it holds."""
    held = bytearray(300 * 2**20)
    held[:: 4096] = b"\1" * len(held[:: 4096])  # resident
    launcher = Launcher()
    try:
        assert launcher.run([sys.executable, "-c", "pass"]) == (0, "")
        pages = int(Path(f"/proc/{launcher.process.pid}/statm").read_text().split()[1])
        assert pages * 4096 < 100 * 2**20
    finally:
        launcher.close()
    assert launcher.process.returncode == 0
    del held


def test_closing_ends_the_launcher_even_if_a_fork_holds_its_input(tmp_path: Path) -> None:
    """A worker forked from the build after the launcher started holds its input
    open: the launcher still ends when the build closes it, and stops what it runs."""
    import os
    import signal

    launcher = Launcher()
    started = tmp_path / "started"
    program = f"open({str(started)!r}, 'w').close(); import time; time.sleep(600)"
    waiting = threading.Thread(target=lambda: _ignore_errors(launcher, program))
    waiting.start()
    worker = os.fork()
    if worker == 0:  # holds every inherited descriptor, the launcher's input too
        signal.pause()
        os._exit(0)
    try:
        while not started.exists():
            waiting.join(0.01)
        launcher.close()
        assert launcher.process.returncode == 0
        waiting.join()
    finally:
        os.kill(worker, signal.SIGKILL)
        os.waitpid(worker, 0)


def _ignore_errors(launcher: Launcher, program: str) -> None:
    # The launcher is closed under it: what the test wants.
    with contextlib.suppress(LauncherError):
        launcher.run([sys.executable, "-c", program])


def test_a_launcher_told_to_end_stops_what_it_runs(tmp_path: Path) -> None:
    launcher = Launcher()
    started = tmp_path / "started"
    program = f"import os; open({str(started)!r}, 'w').write(str(os.getpid())); " \
        "import time; time.sleep(600)"
    waiting = threading.Thread(target=lambda: _ignore_errors(launcher, program))
    waiting.start()
    try:
        while not started.exists() or not started.read_text():
            waiting.join(0.01)
        launcher.process.terminate()
        waiting.join()  # the launcher ended: the run hears so
        launcher.close()
        pid = int(started.read_text())
        deadline = time.monotonic() + 10
        while not _ended(pid):  # SIGKILL takes effect at once, but not synchronously
            assert time.monotonic() < deadline, "the program outlived its launcher"
            time.sleep(0.01)
    finally:
        launcher.close()


def _ended(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status
