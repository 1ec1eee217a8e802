"""The devserver's watcher rebuilds on change, and its server serves the output."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

from briefgen.devserver import serve, watch


def test_watch_rebuilds_only_after_a_change(tmp_path: Path) -> None:
    watched = tmp_path / "content"
    watched.mkdir()
    (watched / "a.yaml").write_text("x: 1\n")
    calls: list[int] = []
    watch([watched], lambda: calls.append(1), interval=0.01, rounds=3)
    assert calls == []  # nothing changed

    def edit_later() -> None:
        time.sleep(0.1)
        (watched / "b.yaml").write_text("y: 2\n")

    editor = threading.Thread(target=edit_later)
    editor.start()
    watch([watched], lambda: calls.append(1), interval=0.02, rounds=25)
    editor.join()
    assert calls == [1]  # one rebuild for the one change


def test_server_serves_output(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hello</p>", encoding="utf-8")
    server = serve(tmp_path, 0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.read() == b"<p>hello</p>"
    finally:
        server.shutdown()
