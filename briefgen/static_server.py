"""The static file server of ``briefgen serve``: the output folder as a static host
serves it, with its ``404.html`` for an address that has no file and no listing
of a folder without an index."""

from __future__ import annotations

import http.server
import os
from pathlib import Path
from typing import Any


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the output folder; a missing one answers with the site's 404 page."""

    verbose = False

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or self.command != "GET" or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404)  # a static host lists no folder
        return None

    def log_message(self, format: str, *args: Any) -> None:
        if self.verbose:
            super().log_message(format, *args)


def make_server(output: Path, port: int, *, verbose: bool = False) -> http.server.HTTPServer:
    """A server of ``output`` bound to 127.0.0.1:``port`` (0: any free port), not yet serving."""

    class Bound(StaticHandler):
        pass

    Bound.verbose = verbose

    def handler(*args: Any) -> StaticHandler:
        return Bound(*args, directory=str(output))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server
