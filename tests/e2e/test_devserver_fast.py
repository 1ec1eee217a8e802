"""The devserver's early page: one saved briefing's page served before the rebuild lands.

A real devserver child on 127.0.0.1 (see :mod:`tests.devserver_process`);
each test saves a file and waits for the events an open page gets.  A save
the early page applies to gives two events: the first (the new page served
from memory), then the rebuild's, which names the page as left the way it
was served; the page fetched after the first is, byte for byte, the file
the rebuild then publishes.  Any other save gives one event, as before.
"""

from __future__ import annotations

import http.client
import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import run_briefgen
from tests.devserver_process import (
    FIXTURE_CONTENT,
    WAIT_SECONDS,
    Devserver,
    copy_seed_content,
    devserver,
)

SLUG = "turkey-syria-defense-pact"
PAGE = f"/briefings/{SLUG}/"


def _site(root: Path) -> Path:
    """The seed briefing and the fixture's other briefings (related links, shared terms)."""
    sidecar = copy_seed_content(root)
    for extra in (FIXTURE_CONTENT / "briefings" / "extra").iterdir():
        shutil.copy(extra, root / "content" / "briefings" / extra.name)
    return sidecar


class Events:
    """The event stream an open page listens to."""

    def __init__(self, url: str) -> None:
        host = url.removeprefix("http://").rstrip("/")
        self.connection = http.client.HTTPConnection(host, timeout=WAIT_SECONDS)
        self.connection.request("GET", "/__briefgen/events")
        self.response = self.connection.getresponse()
        self.current = self.next()  # the state at connection

    def next(self) -> dict[str, object]:
        """The next state (keep-alive comments skipped), within WAIT_SECONDS."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            line = self.response.readline().decode()
            if not line:
                raise AssertionError("the devserver closed the event stream")
            if line.startswith("data: "):
                event: dict[str, object] = json.loads(line[len("data: "):])
                return event
        raise AssertionError(f"no event in {WAIT_SECONDS} s")


@contextmanager
def _listening(root: Path) -> Iterator[tuple[Devserver, Events]]:
    with devserver(root) as server:
        events = Events(server.url)
        try:
            yield server, events
        finally:
            events.connection.close()


def _get(server: Devserver, address: str) -> bytes:
    connection = http.client.HTTPConnection(
        server.url.removeprefix("http://").rstrip("/"), timeout=WAIT_SECONDS
    )
    try:
        connection.request("GET", address)
        return connection.getresponse().read()
    finally:
        connection.close()


def _without_script(page: bytes, build: object) -> bytes:
    tag = f'<script src="/__briefgen/live.js" data-build="{build}"></script>'.encode()
    assert page.count(tag) == 1, page[-300:]
    return page.replace(tag, b"")


def _published(root: Path) -> bytes:
    return (root / "output" / "briefings" / SLUG / "index.html").read_bytes()


def _saved_early(server: Devserver, events: Events, root: Path, words: bytes) -> bytes:
    """After a save: the early event, the page then served, the rebuild's event naming
    that page as the same; return the page (as published)."""
    early = events.next()
    assert early["ok"] is True and "same" not in early, early
    assert early["only"] == [f"{PAGE}index.html", PAGE], early  # other pages wait
    page = _without_script(_get(server, PAGE), early["build"])
    assert words in page
    landed = events.next()
    assert landed["ok"] is True and landed["since"] == early["build"], landed
    assert PAGE in landed["same"] and f"{PAGE}index.html" in landed["same"], landed  # type: ignore[operator]
    line = server.wait_rebuild()
    assert "rebuilt in" in line and "(page " in line, line
    # The build published exactly the bytes served from memory.
    assert _published(root) == page
    return page


def test_a_saved_sidecar_is_served_at_once_and_is_the_page_the_build_publishes(
    tmp_path: Path,
) -> None:
    sidecar = _site(tmp_path)
    with _listening(tmp_path) as (server, events):
        text = sidecar.read_text(encoding="utf-8")
        sidecar.write_text(
            text.replace("summary: >-\n", "summary: >-\n  Quokka words.\n", 1)
            .replace("A caution about", "A quokka-checked caution about", 1),
            encoding="utf-8",
        )
        page = _saved_early(server, events, tmp_path, b"Quokka words.")
        assert b"quokka-checked" in page


def test_a_saved_article_is_served_at_once_and_is_the_page_the_build_publishes(
    tmp_path: Path,
) -> None:
    article = _site(tmp_path).with_suffix(".txt")
    with _listening(tmp_path) as (server, events):
        article.write_text(
            article.read_text(encoding="utf-8") + "\nA closing word: zanzibarine.\n",
            encoding="utf-8",
        )
        _saved_early(server, events, tmp_path, b"zanzibarine")
        # A second save in a row uses what that rebuild kept.
        article.write_text(
            article.read_text(encoding="utf-8").replace("zanzibarine", "quagga"),
            encoding="utf-8",
        )
        page = _saved_early(server, events, tmp_path, b"quagga")
        assert b"zanzibarine" not in page


def test_a_saved_draft_is_served_at_once_and_is_the_page_the_build_publishes(
    tmp_path: Path,
) -> None:
    _site(tmp_path)
    briefings = tmp_path / "content" / "briefings"
    (briefings / "draft-talks.txt").write_text("Draft talks\n\nEnvoys met.\n", encoding="utf-8")
    draft = briefings / "draft-talks.yaml"
    draft.write_text(
        "date: 2025-02-06\noutlet: reuters\nstatus: draft\nsummary: Not yet.\n", encoding="utf-8"
    )
    with _listening(tmp_path) as (server, events):
        draft.write_text(draft.read_text(encoding="utf-8").replace("Not yet.", "Nearly."),
                         encoding="utf-8")
        early = events.next()
        assert "same" not in early
        address = "/drafts/draft-talks/"
        page = _without_script(_get(server, address), early["build"])
        assert b"Nearly." in page
        landed = events.next()
        assert address in landed["same"], landed  # type: ignore[operator]
        server.wait_rebuild()
        assert (tmp_path / "output" / "drafts" / "draft-talks" / "index.html").read_bytes() \
            == page


def _rebuilt_once(server: Devserver, events: Events) -> dict[str, object]:
    """The one event of a save the early page does not apply to."""
    event = events.next()
    assert "same" not in event and "only" not in event, event
    line = server.wait_rebuild()
    assert "(page " not in line, line
    return event


def test_saves_that_change_other_pages_or_fail_are_rebuilt_as_before(tmp_path: Path) -> None:
    sidecar = _site(tmp_path)
    glossary = tmp_path / "content" / "glossary" / "syria.yaml"
    with _listening(tmp_path) as (server, events):
        # A new tag: its tag page, linked from the briefing, is made by the build.
        text = sidecar.read_text(encoding="utf-8")
        sidecar.write_text(text.replace("Kurds]", "Kurds, Quokkas]", 1), encoding="utf-8")
        assert _rebuilt_once(server, events)["ok"] is True
        assert b"Quokkas" in _get(server, PAGE)
        assert b"Quokkas" in (tmp_path / "output" / "tags" / "quokkas" / "index.html").read_bytes()
        # The glossary: every page using a term may change.
        glossary.write_text(glossary.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert _rebuilt_once(server, events)["ok"] is True
        # An error: reported as before, the last good page still served.
        before = _published(tmp_path)
        sidecar.write_text(text.replace("outlet: reuters", "outlet: nosuchoutlet", 1),
                           encoding="utf-8")
        failed = _rebuilt_once(server, events)
        assert failed["ok"] is False and any(
            "nosuchoutlet" in line for line in failed["errors"]  # type: ignore[attr-defined]
        ), failed
        assert _published(tmp_path) == before
        assert _without_script(_get(server, PAGE), failed["build"]) == before
        # Fixed: the next save is served early again (what the failed build kept is none).
        sidecar.write_text(text.replace("summary: >-\n", "summary: >-\n  Mended.\n", 1),
                           encoding="utf-8")
        _rebuilt_once(server, events)
        sidecar.write_text(text.replace("summary: >-\n", "summary: >-\n  Mended twice.\n", 1),
                           encoding="utf-8")
        _saved_early(server, events, tmp_path, b"Mended twice.")


def test_the_first_save_after_starting_on_a_built_site_is_served_at_once(tmp_path: Path) -> None:
    """The devserver's first build runs Pelican even when the output is up to date
    (``make html`` just before), so that what the first save needs is kept."""
    sidecar = _site(tmp_path)
    assert run_briefgen(tmp_path, "build").status == 0
    with _listening(tmp_path) as (server, events):
        text = sidecar.read_text(encoding="utf-8")
        sidecar.write_text(text.replace("summary: >-\n", "summary: >-\n  First save.\n", 1),
                           encoding="utf-8")
        _saved_early(server, events, tmp_path, b"First save.")


def test_the_build_waits_until_the_open_pages_heard_of_the_early_page_and_fetched_it(
    tmp_path: Path,
) -> None:
    """``LiveState.settle``: the build would hold the interpreter; the event and the
    early page go out first (the server alone, on 127.0.0.1)."""
    import threading

    from briefgen.devserver.server import LiveState, serve

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(b"<html><body>old</body></html>")
    live = LiveState()
    server = serve(tmp_path, 0, live)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        events = Events(url)
        live.publish(True, pages={"a/index.html": b"<html><body>early</body></html>"})
        settled = threading.Event()
        threading.Thread(target=lambda: (live.settle(WAIT_SECONDS), settled.set()),
                         daemon=True).start()
        assert events.next()["only"] == ["/a/index.html", "/a/"]
        assert not settled.is_set()  # told, but the page is not fetched yet
        connection = http.client.HTTPConnection(url.removeprefix("http://").rstrip("/"))
        connection.request("GET", "/a/")
        assert b"early" in connection.getresponse().read()
        connection.close()
        assert settled.wait(WAIT_SECONDS)
        events.connection.close()
    finally:
        live.close()
        server.shutdown()
        server.server_close()
