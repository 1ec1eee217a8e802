"""``make serve``: the built site served as it is, by a real server on 127.0.0.1.

The test runs the Makefile's own ``serve`` rule in a fixture site (the
virtual environment running the tests stands in for the site's ``.venv``)
and reads pages over HTTP.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

WAIT_SECONDS = 60.0  # for the server's first line; it comes in well under a second


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT_SECONDS) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def make_serve(site: Callable[..., Run]) -> Iterator[Callable[[], tuple[str, str]]]:
    """Build a fixture site; ``start()`` runs ``make serve`` in it: (its first line, address)."""
    built = site({
        "content/briefings/talks.txt": "Talks in Ankara\n\nThe YPG met envoys.\n",
        "content/briefings/talks.yaml": "date: 2025-02-06\noutlet: wire\nsummary: Talks.\n",
    })
    assert built.status == 0, built.stderr
    processes: list[subprocess.Popen[str]] = []

    def start() -> tuple[str, str]:
        process = subprocess.Popen(
            # STAMP= : the tests' environment is installed already (no .venv made here).
            ["make", "--no-print-directory", "-f", str(REPO / "Makefile"), "serve", "PORT=0",
             "STAMP=", f"BIN={Path(sys.executable).parent}"],
            cwd=built.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
            # Ctrl-C as in a terminal, even when the tests were started in the background
            # (a shell without job control starts those with SIGINT ignored).
            preexec_fn=_default_interrupt,
        )
        processes.append(process)
        assert process.stdout is not None
        lines = []
        for line in process.stdout:  # make echoes the command first
            lines.append(line)
            if line.startswith(("serving ", "briefgen serve: error")):
                match = re.search(r"http://127\.0\.0\.1:\d+/", line)
                return line.rstrip("\n"), match.group() if match else ""
        raise AssertionError("make serve ended without serving:\n" + "".join(lines))

    yield start
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, as in the terminal
        assert process.wait(timeout=WAIT_SECONDS) in (0, 2, -signal.SIGINT)


def test_make_serve_serves_the_built_site(make_serve: Callable[[], tuple[str, str]],
                                          tmp_path: Path) -> None:
    line, site = make_serve()
    assert line == f"serving {tmp_path.resolve() / 'output'} on {site} (Ctrl-C to stop)"
    status, index = get(site)
    assert status == 200 and "Talks in Ankara" in index
    # The page exactly as built: no live-reload script added.
    built = (tmp_path / "output" / "briefings" / "talks" / "index.html").read_text("utf-8")
    assert get(site + "briefings/talks/") == (200, built)
    feed_status, feed = get(site + "feeds/all.atom.xml")
    assert feed_status == 200 and feed.startswith("<?xml")
    # A missing address gets the site's 404 page; a folder is never listed.
    not_found = (tmp_path / "output" / "404.html").read_text(encoding="utf-8")
    assert get(site + "briefings/nothing-here/") == (404, not_found)
    assert get(site + "theme/") == (404, not_found)


def test_make_serve_before_a_build_says_what_to_do(
    make_serve: Callable[[], tuple[str, str]], tmp_path: Path
) -> None:
    (tmp_path / "output").rename(tmp_path / "elsewhere")
    line, _site = make_serve()
    assert line == (f"briefgen serve: error: no site in {tmp_path.resolve() / 'output'}: "
                    "build it first (make html)")
