"""The progress display: shown on a terminal, silent otherwise."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from briefgen.bench.synth import generate_site
from tests.conftest import REPO, SETTINGS


def build_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "briefgen", "build", "--root", str(root),
            "--settings", str(SETTINGS), "--full"]


def run_on_a_terminal(command: list[str]) -> str:
    """Run ``command`` with a pseudo-terminal as its stdout and stderr; what it printed."""
    main, child = pty.openpty()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=child, stderr=child,
                               cwd=REPO)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed (EIO) once the process ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_is_shown_on_a_terminal_only(tmp_path: Path) -> None:
    root = generate_site(tmp_path / "site", 12).parent
    on_terminal = run_on_a_terminal(build_command(root))
    assert "briefings rendered" in on_terminal
    assert "pages written" in on_terminal
    assert "12/12" in on_terminal  # the count reached the total
    piped = subprocess.run(build_command(root), capture_output=True, text=True, cwd=REPO,
                           timeout=120, check=True)
    assert "rendered" not in piped.stderr and "\x1b[" not in piped.stderr
    assert piped.stderr.startswith("briefgen: built 12 briefings")
