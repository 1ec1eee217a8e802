"""The offline copy (``briefgen build --offline DIR``) opened from disk in Chromium.

Starting at ``index.html`` over ``file://``, every link of every page is
followed: each reaches a file, each page is a page (not a folder listing),
each fragment names an element of its page, and nothing is requested from
anywhere but the disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

LINKS = "[...document.querySelectorAll('a[href], link[href]')].map(a => a.href)"
IDS = "[...document.querySelectorAll('[id]')].map(e => e.id)"


def _path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def test_every_link_reaches_a_page_from_disk(browser: Any, offline_dir: Path) -> None:
    context = browser.new_context()
    requested: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    todo = [(offline_dir / "index.html").as_uri()]
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []  # (from page, to page, fragment)
    followed = 0
    while todo:
        url = todo.pop()
        if url in ids:
            continue
        page.goto(url, wait_until="load")
        # A page of the site, not Chromium's listing of a folder.
        assert page.locator("main h1").count() == 1, url
        ids[url] = set(page.evaluate(IDS))
        for link in page.evaluate(LINKS):
            if not link.startswith("file://"):
                continue  # another site: never requested (asserted below)
            target, _, fragment = link.partition("#")
            assert _path(target).is_file(), f"{url} links to {link}, which is not a file"
            followed += 1
            if fragment:
                fragments.append((url, target, fragment))
            if target.endswith(".html"):
                todo.append(target)
    context.close()
    for origin, target, fragment in fragments:
        assert fragment in ids[target], f"{origin} links to #{fragment}, not on {target}"
    pages = {p.as_uri() for p in offline_dir.rglob("index.html")}
    briefings = {u for u in pages if "/briefings/" in u}
    assert briefings and briefings <= set(ids), "a briefing page is not reachable by links"
    assert len(ids) >= 20 and followed > 200
    assert [u for u in requested if not u.startswith("file://")] == []


def test_a_click_on_a_headline_opens_the_briefing(browser: Any, offline_dir: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto((offline_dir / "index.html").as_uri(), wait_until="load")
    headline = page.locator(".briefing-card__title a").first
    title = headline.inner_text()
    headline.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html")
    assert page.locator("h1").inner_text() == title
    context.close()
