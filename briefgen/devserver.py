"""``briefgen devserver``: rebuild when content, theme or settings change, and serve.

Polls modification times once a second (no extra dependency, works on every
file system) and serves the output folder on 127.0.0.1.  A failed rebuild
prints its diagnostics and leaves the last good site being served, since
``build`` only swaps the output in after a successful build.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path


def snapshot(paths: Iterable[Path]) -> dict[Path, int]:
    """Modification times of every file under ``paths``."""
    stamps: dict[Path, int] = {}
    for root in paths:
        if root.is_file():
            stamps[root] = root.stat().st_mtime_ns
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    stamps[path] = path.stat().st_mtime_ns
    return stamps


def serve(output: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(output)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(
    watched: list[Path],
    rebuild: Callable[[], object],
    *,
    interval: float = 1.0,
    rounds: int | None = None,
) -> None:
    """Call ``rebuild`` whenever a file under ``watched`` changes."""
    last = snapshot(watched)
    done = 0
    while rounds is None or done < rounds:
        time.sleep(interval)
        done += 1
        now = snapshot(watched)
        if now != last:
            last = now
            rebuild()
