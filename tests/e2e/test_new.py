"""``briefgen new``: real pages from a real HTTP server on 127.0.0.1, and files.

The server is started in the test; it serves saved news pages (made up for
the tests in :mod:`tests.e2e.saved_pages`: the parts and metadata of real
pages, not their text) and the answers that must fail: 404, slow, not HTML,
a redirect loop.  A refused connection is a port that was
just closed.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from ruamel.yaml import YAML

from briefgen.cli import main
from briefgen.new import NewError, Request, new_briefing
from briefgen.new.fetch import Limits
from tests.conftest import BASE_FILES, SETTINGS, run_briefgen, write_files
from tests.e2e.saved_pages import (
    OPINION,
    OPINION_REGISTER,
    OPINION_URL,
    REPORT,
    REPORT_CANONICAL,
)

PAGES = {
    "opinion": OPINION.html(),
    # Its canonical address as a path of the site it is served from.
    "relative": OPINION.html().replace(OPINION_URL.encode(), b"/2019/11/19/harbour-tolls"),
    # No canonical link, no og:url: the address it was fetched at stands.
    "plain": OPINION.html()
    .replace(f'<link rel="canonical" href="{OPINION_URL}">'.encode(), b"")
    .replace(f'<meta property="og:url" content="{OPINION_URL}">'.encode(), b""),
}


class _Pages(http.server.BaseHTTPRequestHandler):
    release: threading.Event

    def do_GET(self) -> None:
        path = urlsplit(self.path).path  # the query (tracking parameters) does not matter
        if path.startswith("/page/") and path[len("/page/"):] in PAGES:
            self._answer(200, "text/html; charset=utf-8", PAGES[path[len("/page/"):]])
        elif self.path == "/moved":
            self._redirect("/page/opinion")
        elif self.path == "/loop":
            self._redirect("/loop")
        elif self.path == "/json":
            self._answer(200, "application/json", b'{"not": "a page"}')
        elif self.path == "/slow":
            self.release.wait(30)  # until the test is over: the client must give up first
            self._answer(200, "text/html", b"<p>too late</p>")
        else:
            self._answer(404, "text/html", b"<h1>Not found</h1>")

    def _answer(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    release = threading.Event()
    handler = type("Pages", (_Pages,), {"release": release})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    write_files(tmp_path, {**BASE_FILES, "content/sources/papers.yaml": OPINION_REGISTER})
    (tmp_path / "content" / "briefings").mkdir()
    return tmp_path


def run_new(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(["new", *args, "--root", str(root)])
    return status, out.getvalue(), err.getvalue()


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_downloaded_page_and_its_prefilled_sidecar(server: str, site_root: Path) -> None:
    before = tree(site_root / "content")
    status, out, err = run_new(site_root, f"{server}/moved")
    assert (status, err) == (0, "")
    briefings = site_root / "content" / "briefings"
    slug = "the-harbour-tolls-are-sinking-the-port"
    assert sorted(set(tree(site_root / "content")) - set(before)) == [
        f"briefings/{slug}.html", f"briefings/{slug}.yaml"
    ]
    assert f"wrote {briefings / (slug + '.html')}" in out
    assert (briefings / f"{slug}.html").read_bytes() == PAGES["opinion"]  # byte for byte
    sidecar = (briefings / f"{slug}.yaml").read_text(encoding="utf-8")
    lines = sidecar.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../.briefgen/sidecar.schema.json"
    assert "date: 2019-11-19  # from the page" in sidecar
    assert 'byline: "Ada Quill"' in lines
    assert f'url: "{OPINION_URL}"' in lines  # the page's canonical address
    assert "outlet: courier" in lines  # the register entry whose url has the page's domain
    # What to do with the draft status is said on its line: removing it removes both.
    assert "status: draft  # remove this line to publish the briefing" in lines
    assert sum("status: draft" in line for line in lines) == 1
    assert 'summary: "TODO: the bottom line, in two or three sentences."' in lines

    check = run_briefgen(site_root, "check")
    assert check.status == 0, check.stderr
    codes = {line.rsplit("[", 1)[1] for line in check.diagnostics}
    assert "briefgen.placeholder]" in codes
    assert not any(": error: " in line for line in check.diagnostics)
    assert "briefgen.anonymous-claim]" not in codes


def test_a_file_with_anonymous_sources_acronyms_and_a_new_outlet(
    site_root: Path, tmp_path: Path
) -> None:
    article = tmp_path / "saved.txt"
    article.write_text(
        "Talks resume in Geneva\n\n"
        "The UN envoy met both sides. Officials said the talks would resume on Monday. "
        "The YPG was not invited.\n\n"
        "A person familiar with the talks said the draft was ready. Officials said the talks "
        "would resume on Monday.\n",
        encoding="utf-8",
    )
    status, _out, err = run_new(site_root, str(article), "--slug", "geneva-talks")
    assert (status, err) == (0, "")
    briefings = site_root / "content" / "briefings"
    assert (briefings / "geneva-talks.txt").read_bytes() == article.read_bytes()
    sidecar = (briefings / "geneva-talks.yaml").read_text(encoding="utf-8")
    # The shared term in a comment, the uncovered acronym as a stub, one claim per flagged
    # sentence (the repeated one with its occurrence), a local outlet to grade.
    assert "#   ypg" in sidecar
    assert '  - id: un\n    term: "UN"\n    definition: "TODO:' in sidecar
    assert sidecar.count("  - quote: ") == 3
    assert '  - quote: "Officials said the talks would resume on Monday."\n    occurrence: 2' \
        in sidecar
    assert "outlet: unknown-outlet" in sidecar and "  - id: unknown-outlet" in sidecar
    check = run_briefgen(site_root, "check")
    assert check.status == 0, check.stderr
    warnings = " ".join(check.diagnostics)
    assert "anonymous-claim" not in warnings and "uncovered-acronym" not in warnings
    # the date (a .txt has none), summary, the UN definition, the outlet note, the unnamed
    # source label, 3 claim notes
    assert warnings.count("[briefgen.placeholder]") == 8


def test_a_saved_page_file_takes_its_address_and_outlet_from_the_page(
    site_root: Path, tmp_path: Path
) -> None:
    page = tmp_path / "auditor.html"
    page.write_bytes(REPORT.html())
    status, _out, err = run_new(site_root, str(page), "--outlet", "wire")
    assert (status, err) == (0, "")
    [sidecar] = (site_root / "content" / "briefings").glob("*.yaml")
    text = sidecar.read_text(encoding="utf-8")
    assert f'url: "{REPORT_CANONICAL}"' in text  # the canonical link, not og:url's host
    assert "date: 2019-11-19T04:58:46+00:00" in text  # the instant and offset kept
    assert 'byline: "Min Okafor"' in text and "outlet: wire" in text
    assert run_briefgen(site_root, "check").status == 0


def test_never_overwrites_and_refuses_a_used_slug(
    server: str, site_root: Path, tmp_path: Path
) -> None:
    assert run_new(site_root, f"{server}/page/opinion")[0] == 0
    before = tree(site_root / "content")
    status, out, err = run_new(site_root, f"{server}/page/opinion")
    existing = site_root / "content/briefings/the-harbour-tolls-are-sinking-the-port.html"
    assert (status, out) == (1, "")
    assert err == (
        f"briefgen new: error: slug 'the-harbour-tolls-are-sinking-the-port' is already "
        f"used by {existing}; pass --slug\n"
    )
    # A slug given by a sidecar's slug: in a sub-folder is taken too.
    write_files(site_root, {"content/briefings/2024/x.yaml": "slug: geneva\n"})
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nBody text.\n", encoding="utf-8")
    status, _out, err = run_new(site_root, str(article), "--slug", "geneva")
    assert status == 1 and "briefings/2024/x.yaml (its slug:)" in err
    assert {k: v for k, v in tree(site_root / "content").items() if "2024" not in k} == before


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/json", "not a web page: the server sent 'application/json', expected text/html"),
        ("/loop", "more than 10 redirects (a redirect loop?)"),
    ],
)
def test_a_failed_download_is_one_line_and_writes_nothing(
    server: str, site_root: Path, path: str, message: str
) -> None:
    before = tree(site_root)
    status, out, err = run_new(site_root, server + path)
    assert (status, out) == (1, "")
    assert err == f"briefgen new: error: {server}{path}: {message}\n"
    assert tree(site_root) == before


def test_timeout_refused_bad_url_and_unreadable_file(
    server: str, site_root: Path, tmp_path: Path
) -> None:
    before = tree(site_root)
    content = site_root / "content"
    with pytest.raises(NewError, match=r"/slow: no answer within 0.5 seconds \(timeout\)$"):
        new_briefing(Request(f"{server}/slow", content, site_root, limits=Limits(timeout=0.5)))
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status, _out, err = run_new(site_root, f"http://127.0.0.1:{port}/")
    assert (status, err) == (1, f"briefgen new: error: http://127.0.0.1:{port}/: cannot "
                                "connect: connection refused\n")
    for source, message in (
        ("ftp://example.org/x", "bad URL 'ftp://example.org/x': expected an http:// or https://"),
        (str(tmp_path / "gone.txt"), "cannot read the file: No such file or directory"),
        (str(tmp_path / "notes.pdf"), "expected a .txt, .md or .html file or an http(s) URL"),
    ):
        status, out, err = run_new(site_root, source)
        assert status == 1 and out == "" and err.count("\n") == 1, err
        assert message in err
    assert tree(site_root) == before


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        # The canonical link wins over the address fetched, tracking and all.
        ("/page/opinion?utm_source=newsletter&utm_medium=email&fbclid=x1", OPINION_URL),
        # A relative canonical link is read against the address fetched.
        ("/page/relative?utm_campaign=winter", "{server}/2019/11/19/harbour-tolls"),
        # No canonical address: the one fetched, without its tracking parameters.
        ("/page/plain?id=7&utm_source=feed&gclid=abc&page=2", "{server}/page/plain?id=7&page=2"),
    ],
)
def test_url_is_the_canonical_address(
    server: str, site_root: Path, address: str, expected: str
) -> None:
    status, _out, err = run_new(site_root, server + address, "--slug", "tolls")
    assert (status, err) == (0, "")
    sidecar = (site_root / "content/briefings/tolls.yaml").read_text(encoding="utf-8")
    urls = [line for line in sidecar.splitlines() if line.startswith("url: ")]
    assert urls == [f'url: "{expected.format(server=server)}"']


def _publishing_settings(root: Path) -> Path:
    """A settings file that publishes, as publishconf.py does (make publish)."""
    path = root / "publish.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(SETTINGS.parent)!r})\n"
        "from pelicanconf import *\n"
        "SITEURL = 'https://example.org/briefings'\n"
        "BRIEFGEN = {**BRIEFGEN, 'publish': True}\n",
        encoding="utf-8",
    )
    return path


def test_an_article_without_a_date_gets_a_placeholder_date(
    site_root: Path, tmp_path: Path
) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("Talks resume\n\nThe envoy met both sides on Monday.\n", encoding="utf-8")
    status, _out, err = run_new(site_root, str(article), "--slug", "undated")
    assert (status, err) == (0, "")
    sidecar_path = site_root / "content/briefings/undated.yaml"
    sidecar = sidecar_path.read_text(encoding="utf-8")
    [date_line] = [line for line in sidecar.splitlines() if line.startswith("date:")]
    assert re.fullmatch(r"date: TODO \d{4}-\d{2}-\d{2}  # .*", date_line), date_line

    # A preview builds it (a draft), and says the date is a placeholder, where it is.
    check = run_briefgen(site_root, "check")
    assert check.status == 0, check.stderr
    assert f"{sidecar_path}:4:7: warning: the date is still a placeholder; write it (and "\
        "remove 'TODO') [briefgen.placeholder]" in check.diagnostics

    # Published (no longer a draft) under make publish's settings: every placeholder,
    # the date among them, is an error; a draft is only warned about.
    publish = _publishing_settings(site_root)
    published = sidecar.replace("status: draft  # remove this line to publish the briefing\n", "")
    assert published != sidecar
    sidecar_path.write_text(published, encoding="utf-8")
    err_out = io.StringIO()
    with redirect_stderr(err_out):
        status = main(["check", "--root", str(site_root), "--settings", str(publish)])
    lines = err_out.getvalue().splitlines()
    assert status == 1
    placeholders = [line for line in lines if "[briefgen.placeholder]" in line]
    # the date, the summary, the note of the outlet to grade
    assert len(placeholders) == 3, lines
    assert all(": error: " in line and "a published briefing cannot keep one" in line
               for line in placeholders)
    assert any(":4:7: error: the date is still a placeholder" in line for line in placeholders)
    sidecar_path.write_text(sidecar, encoding="utf-8")  # a draft again
    with redirect_stderr(io.StringIO()):
        assert main(["check", "--root", str(site_root), "--settings", str(publish)]) == 0


def test_the_schema_line_works_before_the_first_build(site_root: Path, tmp_path: Path) -> None:
    """The schema the first line names exists at once, and the new sidecar is valid by it."""
    jsonschema = pytest.importorskip("jsonschema")
    article = tmp_path / "saved.txt"
    article.write_text(
        "Talks resume\n\nThe UN envoy met both sides. Officials said talks would resume.\n",
        encoding="utf-8",
    )
    schema_path = site_root / ".briefgen" / "sidecar.schema.json"
    assert not schema_path.exists()
    status, out, err = run_new(site_root, str(article), "--slug", "talks")
    assert (status, err) == (0, "")
    assert f"wrote {schema_path}" in out
    sidecar_path = site_root / "content/briefings/talks.yaml"
    text = sidecar_path.read_text(encoding="utf-8")
    modeline = text.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert (sidecar_path.parent / modeline).resolve() == schema_path.resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert schema["properties"]["outlet"]["examples"][0] == "courier"  # the site's ids
    data = YAML(typ="safe", pure=True).load(text)
    jsonschema.validate(data, schema)
    # An invalid value is caught by the same schema: it is no schema that accepts anything.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "status": "later"}, schema)
    # A second briefing leaves the schema alone (the build keeps it from then on).
    before = schema_path.read_bytes()
    schema_path.write_text(before.decode() + "\n", encoding="utf-8")
    status, out, _err = run_new(site_root, str(article), "--slug", "talks-again")
    assert status == 0 and str(schema_path) not in out
    assert schema_path.read_bytes() == before + b"\n"
