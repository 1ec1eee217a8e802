"""The 404 page as a host serves it: at whatever address was missing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefgen.static_server import make_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def host(site_dir: Path) -> Iterator[str]:
    """The site as ``briefgen serve`` serves it: a missing address gets 404.html."""
    server = make_server(site_dir, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("missing", ["briefings/old-slug/", "a/b/c/d.html", "nope"])
def test_the_404_page_looks_and_works_right_at_any_missing_address(
    browser: Any, host: str, missing: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = page.goto(host + missing, wait_until="load")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    # The site's style applies (the header is a flex row, the body in the theme's serif).
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header .wrap')).display"
                         ) == "flex"
    assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily")
    # The page asked for nothing that is missing but itself.
    assert failed == [host + missing]
    # Every link leads to a page of the site.
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        if "#" in href:
            continue
        assert href.startswith(host), href
        target = context.new_page()
        assert target.goto(href).status == 200, href
        target.close()
    page.get_by_role("link", name="Latest briefings").click()
    page.wait_for_url(host)
    assert page.locator(".briefing-card").count() > 0
    context.close()
