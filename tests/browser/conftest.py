"""Browser tests: the real site, built by ``briefgen build``, read in Chromium.

The site is the fixture content of ``tests/browser/site/content`` only (a
copy of the seed briefing with its glossary and register, a Markdown article
with links, a term inside a claim, a briefing-local term, two briefings
sharing terms and a tag), never the live ``content/``: an editor's
half-written briefing there is ``make check``'s business, not the tests'. It is
built once per session into a temporary folder, served on 127.0.0.1 by a
stdlib ``http.server`` in a thread, and read by one headless Chromium.

When Chromium, Java (for the Nu HTML checker) or the axe-core package is
missing, the tests that need it are skipped with the reason, except when the
environment variable ``CI`` is ``true``: then they fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURE_CONTENT = HERE / "site" / "content"
CHROMIUM = Path(os.environ.get("BRIEFGEN_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# One page of each type, as (name, path under the site root).
PAGE_TYPES = [
    ("index", ""),
    ("briefing", "briefings/turkey-syria-defense-pact/"),
    ("briefing-md", "briefings/kobani-truce/"),
    ("briefing-rtl", "briefings/ankara-defence-ar/"),
    ("glossary", "glossary/"),
    ("term", "glossary/ypg/"),
    ("sources", "sources/"),
    ("source", "sources/reuters/"),
    ("tags", "tags/"),
    ("tag", "tags/syria/"),
    ("search", "search/"),
    ("404", "404.html"),
]
WIDTHS = {"phone": 360, "tablet": 768, "desktop": 1280}
SCHEMES = ("light", "dark")


def require(condition: object, reason: str) -> None:
    """Skip the test with ``reason`` unless ``condition``; in CI, fail instead."""
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: a missing tool fails the run)")
    pytest.skip(reason)


def briefgen_command() -> list[str]:
    script = Path(sys.executable).parent / "briefgen"
    return [str(script)] if script.exists() else [sys.executable, "-m", "briefgen.cli"]


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published site, built from the fixture content alone."""
    root = tmp_path_factory.mktemp("browser-site")
    content = root / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    output = root / "output"
    result = subprocess.run(
        [*briefgen_command(), "build", "--root", str(root), "--content", str(content),
         "--output", str(output), "--settings", str(REPO / "pelicanconf.py"),
         "--offline", str(root / "offline")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert ": error: " not in result.stderr, result.stderr
    return output


@pytest.fixture(scope="session")
def offline_dir(site_dir: Path) -> Path:
    """The copy of the site for reading from disk (``build --offline``)."""
    return site_dir.parent / "offline"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """``directory`` served by a stdlib static server on an ephemeral 127.0.0.1 port."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The site served on an ephemeral 127.0.0.1 port."""
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (Debian's, never downloaded)."""
    require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        require(False, "playwright (Python) is not installed")
        raise
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Requests:
    """Every URL the pages of a test asked for."""

    urls: list[str] = field(default_factory=list)

    def foreign(self, base_url: str) -> list[str]:
        return [url for url in self.urls if not url.startswith(base_url)]


@pytest.fixture
def requests_seen(base_url: str) -> Iterator[Requests]:
    """Collects requests; after the test, asserts none of them left the site."""
    seen = Requests()
    yield seen
    assert seen.foreign(base_url) == [], "requests left the site"


@pytest.fixture
def open_page(
    browser: Any, base_url: str, requests_seen: Requests
) -> Iterator[Callable[..., Any]]:
    """Open a site path in a fresh context: ``open_page(path, width=..., **context)``."""
    contexts: list[Any] = []

    def opener(path: str, width: int = 1280, height: int = 800, **options: Any) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: requests_seen.urls.append(request.url))
        page.goto(base_url + path, wait_until="load")
        return page

    yield opener
    for context in contexts:
        context.close()
