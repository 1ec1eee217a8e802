"""The devserver's HTTP side: the output folder, plus live reload.

Every HTML page it serves gets one ``<script>`` tag, added on the way out
(the files in the output folder are never touched, so nothing of it reaches
a normal build).  The script listens to ``/__briefgen/events``, a stream of
Server-Sent Events that says, after each rebuild, which build is current and
what its errors are: the page reloads after a successful rebuild and shows
the errors in an overlay after a failed one, while the last good site stays
served.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

PREFIX = "/__briefgen/"
EVENTS = PREFIX + "events"
SCRIPT = PREFIX + "live.js"
KEEPALIVE_SECONDS = 15.0
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class BuildState:
    """What the pages are told: the current build and, if it failed, why."""

    build: int
    ok: bool
    errors: tuple[str, ...] = ()

    def event(self) -> bytes:
        data = json.dumps({"build": self.build, "ok": self.ok, "errors": list(self.errors)})
        return f"data: {data}\n\n".encode()


class LiveState:
    """The latest :class:`BuildState`, with a condition the event streams wait on."""

    def __init__(self) -> None:
        self._state = BuildState(0, True)
        self._changed = threading.Condition()
        self.closed = False

    @property
    def current(self) -> BuildState:
        with self._changed:
            return self._state

    def publish(self, ok: bool, errors: tuple[str, ...] = ()) -> BuildState:
        with self._changed:
            self._state = BuildState(self._state.build + 1, ok, errors)
            self._changed.notify_all()
            return self._state

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_after(self, build: int, timeout: float) -> BuildState:
        """The state once it is newer than ``build`` (or as it is after ``timeout``)."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.closed or self._state.build != build, timeout=timeout
            )
            return self._state


def inject(page: bytes, build: int) -> bytes:
    """``page`` with the live-reload script tag before ``</body>`` (or at the end)."""
    tag = f'<script src="{SCRIPT}" data-build="{build}"></script>'.encode()
    matches = list(_BODY_END.finditer(page))
    if not matches:
        return page + tag
    at = matches[-1].start()
    return page[:at] + tag + page[at:]


def _script() -> bytes:
    return resources.files("briefgen.devserver").joinpath("live.js").read_bytes()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files from the output folder, HTML with the script, and the event stream."""

    live: LiveState
    verbose: bool = False

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            self._stream()
        elif path == SCRIPT:
            self._send(_script(), "text/javascript; charset=utf-8")
        elif (page := self._html_file(path)) is not None:
            try:
                body = page.read_bytes()
            except OSError:  # swapped out between the look and the read
                self.send_error(404)
                return
            self._send(inject(body, self.live.current.build), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def end_headers(self) -> None:
        # Pages change with every rebuild: the browser must ask again after a reload.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        if self.verbose:
            super().log_message(format, *args)

    def _html_file(self, url_path: str) -> Path | None:
        """The HTML file a GET of ``url_path`` would send, if it sends one."""
        target = Path(self.translate_path(url_path))
        if target.is_dir():
            if not url_path.endswith("/"):
                return None  # the parent class redirects to the folder address
            target = target / "index.html"
        return target if target.suffix == ".html" and target.is_file() else None

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        """Send the current state at once, then every new one, until the page goes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        state = self.live.current
        try:
            self.wfile.write(state.event())
            self.wfile.flush()
            while not self.live.closed:
                newer = self.live.wait_after(state.build, KEEPALIVE_SECONDS)
                if self.live.closed:
                    break
                # A comment line keeps proxies and the browser from timing out.
                self.wfile.write(b": keep-alive\n\n" if newer == state else newer.event())
                self.wfile.flush()
                state = newer
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded
        self.close_connection = True


def serve(output: Path, port: int, live: LiveState, *, verbose: bool = False) -> Any:
    """Serve ``output`` on 127.0.0.1:``port`` (0: any free port) in a thread."""

    class Bound(Handler):
        pass

    Bound.live = live
    Bound.verbose = verbose

    def handler(*args: Any) -> Handler:
        return Bound(*args, directory=str(output))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
