"""Live preview in Chromium: the open page follows each save without being reloaded by hand.

A real ``briefgen devserver`` (child process) serves a copy of the
repository's content; the test only edits files and waits for what the page
shows (Playwright's waits are driven by the page's own events).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.devserver_process import copy_seed_content, devserver

PAGE = "briefings/turkey-syria-defense-pact/"
WAIT_MS = 20_000  # a healthy devserver takes < 2 s


def test_open_page_follows_saves_and_shows_errors(browser: Any, tmp_path: Path) -> None:
    sidecar = copy_seed_content(tmp_path)
    good = sidecar.read_text(encoding="utf-8")
    with devserver(tmp_path) as server:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(server.url + PAGE, wait_until="load")
            page.evaluate("window.__notReloaded = true")
            assert "Live edit one" not in page.inner_text("body")

            edited = good.replace("summary: >-\n", "summary: >-\n  Live edit one.\n", 1)
            sidecar.write_text(edited, encoding="utf-8")
            page.get_by_text("Live edit one.").first.wait_for(timeout=WAIT_MS)
            # The devserver reloaded it: the test never did.
            assert page.evaluate("window.__notReloaded === undefined")

            sidecar.write_text(edited.replace("outlet: reuters", "outlet: [reuters", 1),
                               encoding="utf-8")
            overlay = page.locator("#briefgen-live-errors")
            overlay.wait_for(state="visible", timeout=WAIT_MS)
            error_line = server.wait_for(r": error: ")
            assert error_line in overlay.inner_text()
            assert "content/briefings/turkey-syria-defense-pact.yaml:" in error_line
            # The last good page is still what is shown under the overlay.
            assert "Live edit one." in page.inner_text("[data-article-body], main")

            sidecar.write_text(edited.replace("Live edit one.", "Live edit two.", 1),
                               encoding="utf-8")
            page.get_by_text("Live edit two.").first.wait_for(timeout=WAIT_MS)
            assert page.locator("#briefgen-live-errors").count() == 0
        finally:
            context.close()


def test_a_page_served_early_is_not_reloaded_when_its_build_lands(
    browser: Any, tmp_path: Path
) -> None:
    """A saved briefing's page is shown from memory at once (the open page reloads
    once); the build that follows publishes the same page, and the open page stays
    as it is, while a page the build changed (the index: the summary) reloads once,
    when the build lands."""
    sidecar = copy_seed_content(tmp_path)
    good = sidecar.read_text(encoding="utf-8")
    with devserver(tmp_path) as server:
        context = browser.new_context()
        try:
            page, index = context.new_page(), context.new_page()
            page.goto(server.url + PAGE, wait_until="load")
            index.goto(server.url, wait_until="load")
            index.evaluate("window.__notReloaded = true")
            index_loads: list[object] = []
            index.on("load", lambda loaded: index_loads.append(loaded))
            sidecar.write_text(good.replace("summary: >-\n", "summary: >-\n  Early words.\n", 1),
                               encoding="utf-8")
            page.get_by_text("Early words.").first.wait_for(timeout=WAIT_MS)
            page.evaluate("window.__notReloaded = true")
            assert "(page " in server.wait_rebuild()  # it was served early
            page.wait_for_function("document.documentElement.dataset.briefgenKept",
                                   timeout=WAIT_MS)
            assert page.evaluate("window.__notReloaded === true")
            index.get_by_text("Early words.").first.wait_for(timeout=WAIT_MS)
            assert index.evaluate("window.__notReloaded === undefined")
            assert len(index_loads) == 1  # when the build landed, not at the early page
        finally:
            context.close()
