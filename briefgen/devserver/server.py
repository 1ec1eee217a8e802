"""The devserver's HTTP side: the output folder, plus live reload.

Every HTML page it serves gets one ``<script>`` tag, added on the way out
(the files in the output folder are never touched, so nothing of it reaches
a normal build).  The script listens to ``/__briefgen/events``, a stream of
Server-Sent Events that says, after each rebuild, which build is current and
what its errors are: the page reloads after a successful rebuild and shows
the errors in an overlay after a failed one, while the last good site stays
served.

Between a save and the end of its rebuild, the saved briefing's page may be
served from memory (:class:`LiveState` ``pages``, made by
:mod:`briefgen.devserver.fastpage`): the pages are told at once, and the
build that lands then names the pages it left as they were served
(``same``), which an open page showing them does not reload.
"""

from __future__ import annotations

import collections
import http.server
import json
import os
import re
import threading
import urllib.parse
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
    # Addresses whose page is byte for byte the one served at build ``since``.
    same: tuple[str, ...] = ()
    since: int | None = None
    # The only addresses this state changes (pages served early): other pages
    # wait for the build that follows.
    only: tuple[str, ...] = ()

    def event(self) -> bytes:
        state: dict[str, object] = {"build": self.build, "ok": self.ok, "errors": list(self.errors)}
        if self.same:
            state.update(same=list(self.same), since=self.since)
        if self.only:
            state.update(only=list(self.only))
        return f"data: {json.dumps(state)}\n\n".encode()


def addresses(file: str) -> tuple[str, ...]:
    """The addresses that serve an output file: ``/a/index.html`` and ``/a/``."""
    address = urllib.parse.quote("/" + file.replace(os.sep, "/"))
    if address.endswith("/index.html"):
        return (address, address[: -len("index.html")])
    return (address,)


class LiveState:
    """The latest :class:`BuildState`, with a condition the event streams wait on."""

    def __init__(self) -> None:
        self._state = BuildState(0, True)
        # The latest states, so that a stream sends each one (an early page's
        # state and its build's can follow each other within milliseconds).
        self._recent: collections.deque[BuildState] = collections.deque([self._state], maxlen=16)
        self._pages: dict[str, bytes] = {}  # output file -> page served instead of the file
        self._early_fetches = 0  # how many times one of those pages was sent
        self._sent: dict[int, int] = {}  # each open event stream -> the last build it sent
        self._changed = threading.Condition()
        self.closed = False

    @property
    def current(self) -> BuildState:
        with self._changed:
            return self._state

    def publish(
        self,
        ok: bool,
        errors: tuple[str, ...] = (),
        *,
        pages: dict[str, bytes] | None = None,
        same: tuple[str, ...] = (),
    ) -> BuildState:
        """A new build state; ``pages`` (output file -> bytes) are served from memory
        until the next state (and only their addresses are told to reload),
        ``same`` are the addresses served as they were."""
        with self._changed:
            number = self._state.build
            only = tuple(a for file in sorted(pages or {}) for a in addresses(file))
            self._state = BuildState(number + 1, ok, errors, same, number if same else None, only)
            self._recent.append(self._state)
            self._pages = dict(pages or {})
            self._early_fetches = 0
            self._changed.notify_all()
            return self._state

    def served(self, file: str) -> tuple[int, bytes | None]:
        """The current build and, if it is served from memory, the page for output ``file``."""
        with self._changed:
            return self._state.build, self._pages.get(file)

    def early_page_sent(self) -> None:
        """A page served from memory was sent (see :meth:`settle`)."""
        with self._changed:
            self._early_fetches += 1
            self._changed.notify_all()

    def stream_sent(self, stream: int, build: int | None) -> None:
        """Stream ``stream`` sent ``build`` (None: it is closed)."""
        with self._changed:
            if build is None:
                self._sent.pop(stream, None)
            else:
                self._sent[stream] = build
            self._changed.notify_all()

    def settle(self, timeout: float) -> None:
        """Wait (at most ``timeout``) until every open page was sent the current state
        and, if pages are open, a page served from memory was fetched.

        The build that follows holds the interpreter for long stretches; the
        threads that tell the pages and send the early page go first.
        """
        with self._changed:
            build = self._state.build
            self._changed.wait_for(
                lambda: self.closed or (
                    all(sent >= build for sent in self._sent.values())
                    and (not self._sent or not self._pages or self._early_fetches > 0)
                ),
                timeout=timeout,
            )

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_after(self, build: int, timeout: float) -> list[BuildState]:
        """The states newer than ``build``, in order, once there is one (or none after
        ``timeout``); only the current one if the others are no longer kept."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.closed or self._state.build != build, timeout=timeout
            )
            newer = [state for state in self._recent if state.build > build]
            if newer and newer[0].build != build + 1:
                return [self._state]
            return newer


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
            build, early = self.live.served(os.path.relpath(page, self.directory))
            body = early
            if body is None:
                try:
                    body = page.read_bytes()
                except OSError:  # swapped out between the look and the read
                    self.send_error(404)
                    return
            self._send(inject(body, build), "text/html; charset=utf-8")
            if early is not None:
                self.live.early_page_sent()
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
        stream = id(self)
        self.live.stream_sent(stream, -1)  # open before the page can read a state
        try:
            self.wfile.write(state.event())
            self.wfile.flush()
            self.live.stream_sent(stream, state.build)
            while not self.live.closed:
                newer = self.live.wait_after(state.build, KEEPALIVE_SECONDS)
                if self.live.closed:
                    break
                # A comment line keeps proxies and the browser from timing out.
                self.wfile.write(b"".join(s.event() for s in newer) or b": keep-alive\n\n")
                self.wfile.flush()
                state = newer[-1] if newer else state
                self.live.stream_sent(stream, state.build)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded
        finally:
            self.live.stream_sent(stream, None)
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
