"""A saved page's metadata fills the url, title, date and byline a sidecar leaves out."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import Run

PAGE = """\
<html><head><title>Pact denied | The Daily</title>
<link rel="canonical" href="https://daily.example/world/pact">
<script type="application/ld+json">
{"@type": "NewsArticle", "datePublished": "2025-02-06T23:30:00-05:00",
 "author": {"@type": "Person", "name": "Ali Veli"}}
</script></head>
<body><p>Ankara plays down the report of a defence pact with Damascus.</p></body></html>
"""


def test_page_metadata_fills_what_the_sidecar_leaves_out(site: Callable[..., Run]) -> None:
    run = site(
        {
            "content/briefings/pact.html": PAGE,
            "content/briefings/pact.yaml": "outlet: wire\nsummary: S.\n",
        }
    )
    assert run.status == 0, run.stderr
    page = run.page("briefings/pact/index.html")
    original = page.select_one("a[href='https://daily.example/world/pact']")
    assert original is not None and original.get_text() == "original article"
    assert page.select_one("h1").get_text() == "Pact denied | The Daily"
    assert "Ali Veli" in page.get_text()
    assert page.select_one("time")["datetime"].startswith("2025-02-06T23:30:00-05:00")


def test_the_sidecar_wins_over_the_page(site: Callable[..., Run]) -> None:
    run = site(
        {
            "content/briefings/pact.html": PAGE,
            "content/briefings/pact.yaml": (
                "outlet: wire\nsummary: S.\ntitle: Our title\nbyline: Desk\n"
                "date: 2025-03-01\nurl: https://mirror.example/pact\n"
            ),
        }
    )
    assert run.status == 0, run.stderr
    page = run.page("briefings/pact/index.html")
    assert page.select_one("a[href='https://mirror.example/pact']") is not None
    assert page.select_one("a[href='https://daily.example/world/pact']") is None
    assert page.select_one("h1").get_text() == "Our title"
    assert "Ali Veli" not in page.get_text() and "Desk" in page.get_text()
    assert page.select_one("time")["datetime"].startswith("2025-03-01")
