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


def test_the_copy_ships_no_search_and_says_search_needs_the_hosted_site(
    browser: Any, offline_dir: Path, site_dir: Path
) -> None:
    # Chromium runs no module script and fetches nothing over file://: the
    # index would be dead weight.
    assert (site_dir / "pagefind").is_dir() and not (offline_dir / "pagefind").exists()
    context = browser.new_context()
    page = context.new_page()
    page.goto((offline_dir / "glossary" / "index.html").as_uri(), wait_until="load")
    assert not page.locator(".site-search").is_visible()
    note = page.locator(".site-search-offline")
    assert note.is_visible() and note.inner_text() == "Search needs the hosted site"
    page.goto((offline_dir / "search" / "index.html").as_uri() + "?q=YPG", wait_until="load")
    message = page.locator(".search-offline")
    assert message.is_visible()
    assert message.inner_text().startswith("Search needs the hosted site")
    assert not page.locator("[data-search-form]").is_visible()
    for link in message.locator("a").evaluate_all("links => links.map(a => a.href)"):
        assert _path(link).is_file(), link
    context.close()
