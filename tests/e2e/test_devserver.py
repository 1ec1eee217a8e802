"""The devserver: watcher, live-reload server, terminal lines (a real child process).

Nothing here sleeps for a fixed time: each test waits for the event it
expects (a batch from the watcher, a line in the terminal, an event on the
stream), with a generous timeout that only a broken devserver reaches.
"""

from __future__ import annotations

import http.client
import json
import shutil
import urllib.request
from pathlib import Path

from briefgen.devserver import Watcher
from briefgen.devserver.rebuild import Outcome, Terminal
from briefgen.devserver.server import SCRIPT, LiveState, inject, serve
from tests.conftest import run_briefgen
from tests.devserver_process import copy_seed_content, devserver


def _wait_until_watching(watcher: Watcher, folder: Path) -> None:
    """Touch a probe file until the watcher reports it (it watches from its own thread)."""
    probe = folder / "probe.txt"
    for attempt in range(100):
        probe.write_text(str(attempt), encoding="utf-8")
        if watcher.next_batch(timeout=0.2):
            break
    else:
        raise AssertionError("the watcher never reported a change")
    while watcher.next_batch(timeout=0.3):  # the rest of the probe's burst
        pass


def test_watcher_reports_each_saved_file_once(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    watcher = Watcher([content])
    try:
        _wait_until_watching(watcher, content)
        (content / "a.yaml").write_text("x: 1\n", encoding="utf-8")
        assert watcher.next_batch(timeout=10) == {content / "a.yaml"}
        # A temporary file made and removed within one save is not a change.
        scratch = content / ".a.yaml.tmp"
        scratch.write_text("x: 2\n", encoding="utf-8")
        scratch.replace(content / "a.yaml")
        assert watcher.next_batch(timeout=10) == {content / "a.yaml"}
    finally:
        watcher.close()


def test_inject_puts_the_script_before_the_last_body_end() -> None:
    page = b"<html><body><p>&lt;/body&gt;</p></BODY></html>"
    injected = inject(page, 7)
    assert injected == (
        b'<html><body><p>&lt;/body&gt;</p><script src="/__briefgen/live.js" data-build="7">'
        b"</script></BODY></html>"
    )
    assert inject(b"<p>no body</p>", 1).endswith(b'data-build="1"></script>')


def test_server_injects_the_script_and_streams_each_build(tmp_path: Path) -> None:
    page = b"<html><body><p>hello</p></body></html>"
    (tmp_path / "index.html").write_bytes(page)
    (tmp_path / "style.css").write_bytes(b"p{}")
    live = LiveState()
    server = serve(tmp_path, 0, live)
    base = f"127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(f"http://{base}/") as response:
            served = response.read()
            assert response.headers["Cache-Control"] == "no-store"
        assert served == inject(page, 0)
        assert (tmp_path / "index.html").read_bytes() == page  # the output is never touched
        with urllib.request.urlopen(f"http://{base}/style.css") as response:
            assert response.read() == b"p{}"
        with urllib.request.urlopen(f"http://{base}{SCRIPT}") as response:
            assert b"EventSource" in response.read()

        stream = http.client.HTTPConnection(base, timeout=10)
        stream.request("GET", "/__briefgen/events")
        events = stream.getresponse()
        assert events.headers["Content-Type"] == "text/event-stream"
        assert _next_event(events) == {"build": 0, "ok": True, "errors": []}
        live.publish(False, ("content/x.yaml:3:1: error: bad [briefgen.yaml-syntax]",))
        assert _next_event(events) == {
            "build": 1,
            "ok": False,
            "errors": ["content/x.yaml:3:1: error: bad [briefgen.yaml-syntax]"],
        }
        live.publish(True)
        assert _next_event(events) == {"build": 2, "ok": True, "errors": []}
        stream.close()
    finally:
        live.close()
        server.shutdown()
        server.server_close()


def _next_event(response: http.client.HTTPResponse) -> object:
    while True:
        line = response.readline().decode()
        if line.startswith("data: "):
            return json.loads(line[len("data: "):])


def _outcome(warnings: tuple[str, ...], ok: bool = True) -> Outcome:
    errors = () if ok else ("x.yaml:1:1: error: bad [briefgen.yaml-syntax]",)
    return Outcome(ok, errors, warnings, None if ok else "the content has errors", 3, 1, 0.25,
                   {"check": 0.1})


def test_terminal_prints_a_warning_once_until_it_changes() -> None:
    terminal = Terminal()
    first = terminal.lines(_outcome(("w1",)), "first build")
    assert first[0] == "w1" and len(first) == 2
    assert "first build: rebuilt in 0.25s (check 0.10s); 3 briefings, 1 rendered page, " \
        "0 errors, 1 warning" in first[1]
    again = terminal.lines(_outcome(("w1",)), "briefings/a.yaml")
    assert len(again) == 1 and again[0].endswith("0 errors, 1 warning")
    changed = terminal.lines(_outcome(("w1", "w2")), "briefings/a.yaml")
    assert changed[0] == "w2" and len(changed) == 2
    failed = terminal.lines(_outcome(("w1", "w2"), ok=False), "briefings/a.yaml")
    assert failed[0].startswith("x.yaml:1:1: error:") and "rebuild FAILED" in failed[1]
    assert len(terminal.lines(_outcome(("w1", "w2"), ok=False), "briefings/a.yaml")) == 2


def test_devserver_one_line_per_rebuild_warnings_once_no_request_log(tmp_path: Path) -> None:
    sidecar = copy_seed_content(tmp_path)
    text = sidecar.read_text(encoding="utf-8")
    # A briefing-local term that never occurs: one warning on every build.
    sidecar.write_text(
        text + "\nglossary:\n  - id: zqx\n    term: Zqxwv\n    definition: Not in the text.\n",
        encoding="utf-8",
    )
    with devserver(tmp_path) as server:
        first = [line for line in server.seen if "warning:" in line]
        assert len(first) == 1 and "zqx" in first[0].lower(), server.seen
        with urllib.request.urlopen(server.url) as response:
            assert b"/__briefgen/live.js" in response.read()
        seen_before = len(server.seen)
        for n in (1, 2):
            text = sidecar.read_text(encoding="utf-8")
            sidecar.write_text(text.replace("summary: >-\n", f"summary: >-\n  Edit {n}.\n", 1)
                               if n == 1 else text.replace("Edit 1.", "Edit 2.", 1),
                               encoding="utf-8")
            line = server.wait_rebuild()
            assert "content/briefings/turkey-syria-defense-pact.yaml: rebuilt in" in line
            assert "1 briefing, 1 rendered page, 0 errors, 1 warning" in line
        after = server.seen[seen_before:]
        assert len(after) == 2, after  # one line per rebuild: no warning again, no GET log
        sidecar.write_text("date: [\n", encoding="utf-8")
        server.wait_rebuild()
        failed = server.seen[-2:]
        assert ": error: " in failed[0] and "rebuild FAILED" in failed[1], failed
    built = (tmp_path / "output" / "index.html").read_text(encoding="utf-8")
    assert "__briefgen" not in built and "Edit 2." in (
        tmp_path / "output" / "briefings" / "turkey-syria-defense-pact" / "index.html"
    ).read_text(encoding="utf-8")


def test_devserver_banner_lists_the_drafts_addresses(tmp_path: Path) -> None:
    copy_seed_content(tmp_path)
    briefings = tmp_path / "content" / "briefings"
    (briefings / "draft-talks.txt").write_text("Draft talks\n\nEnvoys met.\n", encoding="utf-8")
    (briefings / "draft-talks.yaml").write_text(
        "date: 2025-02-06\noutlet: reuters\nstatus: draft\nsummary: Not yet.\n",
        encoding="utf-8",
    )
    with devserver(tmp_path) as server:
        assert server.wait_for(r"^drafts") == (
            "drafts (this preview only; make publish leaves them out):"
        )
        listed = [server.wait_for(r"^  "), server.wait_for(r"^  ")]
        assert listed == [f"  {server.url}drafts/", f"  {server.url}drafts/draft-talks/"]
        with urllib.request.urlopen(listed[0].strip()) as response:
            assert b"Draft talks" in response.read()
        with urllib.request.urlopen(listed[1].strip()) as response:
            assert b"Envoys met." in response.read()
        # A draft started while it runs is announced once its page is there.
        (briefings / "second.yaml").write_text(
            "date: 2025-02-07\noutlet: reuters\nstatus: draft\nsummary: Later.\n",
            encoding="utf-8",
        )
        (briefings / "second.txt").write_text("Second\n\nMore talks.\n", encoding="utf-8")
        line = server.wait_for(r"^new draft: ")
        assert line == f"new draft: {server.url}drafts/second/"
        with urllib.request.urlopen(server.url + "drafts/second/") as response:
            assert b"More talks." in response.read()


def test_devserver_banner_without_drafts_is_one_line(tmp_path: Path) -> None:
    copy_seed_content(tmp_path)
    sidecar = tmp_path / "content" / "briefings" / "turkey-syria-defense-pact.yaml"
    with devserver(tmp_path) as server:
        sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        server.wait_rebuild()
        assert not any("drafts" in line for line in server.seen), server.seen


def test_devserver_logs_requests_when_verbose(tmp_path: Path) -> None:
    copy_seed_content(tmp_path)
    with devserver(tmp_path, "--verbose") as server:
        with urllib.request.urlopen(server.url + "glossary/") as response:
            assert response.status == 200
        assert "GET /glossary/ HTTP/1.1" in server.wait_for(r"GET /glossary/")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_devserver_makes_the_search_index_after_the_pages_and_gets_it_right(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    sidecar = copy_seed_content(root)
    article = sidecar.with_suffix(".txt")
    with devserver(root, "--verbose") as server:
        server.wait_for(r"search index updated in")  # after the first build
        article.write_text(
            article.read_text(encoding="utf-8") + "\nA closing word: zanzibarine.\n",
            encoding="utf-8",
        )
        assert "rebuilt in" in server.wait_rebuild()
        server.wait_for(r"search index updated in")  # the lines come in order: after it
    # What the devserver left is what a build from scratch makes.
    clean = tmp_path / "clean"
    shutil.copytree(root / "content", clean / "content")
    assert run_briefgen(clean, "build", "--full").status == 0
    assert _files(root / "output" / "pagefind") == _files(clean / "output" / "pagefind")
    assert b"zanzibarine" in (root / "output" / "briefings" / "turkey-syria-defense-pact"
                              / "index.html").read_bytes()


def test_devserver_places_a_warning_on_the_line_it_is_on_after_an_edit(tmp_path: Path) -> None:
    """A long-lived devserver reads the article's lines again after an edit: a warning
    moved down by two lines is reported on its new line, not the one of the first build."""
    copy_seed_content(tmp_path)
    article = tmp_path / "content" / "briefings" / "turkey-syria-defense-pact.txt"
    headline, rest = article.read_text(encoding="utf-8").split("\n\n", 1)
    # An acronym no glossary explains: one warning, pointing at the word.
    article.write_text(f"{headline}\n\nThe ZQXW said so.\n\n{rest}", encoding="utf-8")
    name = "turkey-syria-defense-pact.txt"
    with devserver(tmp_path) as server:
        first = [line for line in server.seen if "ZQXW" in line]
        assert len(first) == 1 and f"{name}:3:5: warning:" in first[0], server.seen
        article.write_text(
            f"{headline}\n\nA new first paragraph.\n\nThe ZQXW said so.\n\n{rest}",
            encoding="utf-8",
        )
        server.wait_rebuild()
        moved = [line for line in server.seen if "ZQXW" in line][1:]
        assert len(moved) == 1 and f"{name}:5:5: warning:" in moved[0], server.seen
