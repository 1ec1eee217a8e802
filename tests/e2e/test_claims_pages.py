"""Claims over time on the published pages (BeautifulSoup on a real build of tests/story_site.py).

The browser tests (tests/browser/test_claims.py) read the same things as a
reader does; these check every place an outcome goes, in the HTML and files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Run
from tests.story_site import STORY_FILES
from tests.web.test_search_index import fragments


@pytest.fixture
def story(site: Callable[..., Run]) -> Run:
    run = site(STORY_FILES)
    assert run.status == 0, run.stderr
    return run


def text(run: Run, page: str, selector: str) -> str:
    found = run.page(page).select_one(selector)
    assert found is not None, f"{selector} not on {page}"
    return " ".join(found.get_text(" ", strip=True).split())


def test_the_earlier_briefing_says_how_each_claim_turned_out(story: Run) -> None:
    page = story.page("briefings/talks-announced/index.html")
    march = page.select_one('[data-claim="c1"]')
    assert march is not None and march["data-outcome"] == "confirmed"
    assert "later confirmed" in march.select_one(".ann__badge").get_text()
    venue = page.select_one('[data-claim="c2"]')
    # The draft's later "refuted" counts only on the draft's own page.
    assert venue is not None and venue["data-outcome"] == "partly"
    assert page.select_one('[data-claim="c3"]').get("data-outcome") is None
    claims = text(story, "briefings/talks-announced/index.html", "#bg-claims")
    assert "Later confirmed , 12 March 2025: Talks begin" in claims
    assert "Later partly confirmed , 20 April 2025: Talks collapse" in claims
    link = page.select_one("#bg-claims li").find("a", string="Talks begin")
    assert link["href"] == "../../briefings/talks-begin/#bg-follow-f1-text"


def test_the_settling_passage_is_marked_with_a_link_back(story: Run) -> None:
    page = story.page("briefings/talks-collapse/index.html")
    marks = page.select("[data-follow]")
    assert [(m["data-settles"], m["data-outcome"]) for m in marks] == [
        ("talks-begin#ceasefire", "refuted"), ("talks-announced#venue", "partly")
    ]
    assert marks[0]["id"] == "bg-follow-f1-text"
    assert marks[0].select_one(".ann__badge").get_text(" ", strip=True) == "follow-up 1 · refutes"
    back = page.select_one("#bg-follows li").find("a", href=re.compile("talks-begin"))
    assert back["href"] == "../../briefings/talks-begin/#bg-claim-c1-text"
    # The marks are annotations: without them the body is the article, word for word.
    body = page.select_one("[data-article-body]")
    for ann in body.select("[data-ann]"):
        ann.decompose()
    assert " ".join(body.get_text().split()) == (
        "After six weeks no ceasefire was agreed. The talks had moved to Vienna after a "
        "first session in Geneva."
    )


def test_each_briefing_of_a_story_lists_it_in_date_order(story: Run) -> None:
    expected = ["Talks announced", "Talks begin", "Talks collapse"]
    for slug in ("talks-announced", "talks-begin", "talks-collapse"):
        items = story.page(f"briefings/{slug}/index.html").select("#bg-story li")
        assert [li.get_text(" ", strip=True).split(" , ")[0].split(" (this")[0]
                for li in items] == expected
        current = [li for li in items if "(this briefing)" in li.get_text()]
        assert len(current) == 1 and current[0].find("a") is None
    assert story.page("briefings/weather/index.html").select_one("#bg-story") is None


def test_source_pages_and_the_index_give_track_records(story: Run) -> None:
    agency = text(story, "sources/agency/index.html", ".track-record")
    assert "0 confirmed, 1 partly confirmed, 1 refuted, 0 open" in agency
    headings = [h.get_text() for h in story.page("sources/agency/index.html").select(
        ".track-record h4")]
    assert headings == ["Later partly confirmed (1)", "Later refuted (1)"]
    rows = {
        row.th.get_text(strip=True): row.find_all("td")[-1].get_text(strip=True)
        for row in story.page("sources/index.html").select("tbody tr")
    }
    assert rows == {
        "The Agency": "0 confirmed, 1 partly confirmed, 1 refuted, 0 open",
        "The Wire": "1 confirmed, 0 partly confirmed, 0 refuted, 2 open",
    }


def test_structured_data_annotations_search_and_feeds(story: Run) -> None:
    page = story.page("briefings/talks-collapse/index.html")
    script = page.find("script", type="application/ld+json")
    graph = json.loads(script.string)["@graph"]
    reviews = [g for g in graph if g["@id"].endswith(("#bg-follow-f1", "#bg-follow-f2"))]
    assert [(r["claimReviewed"], r["reviewRating"]["alternateName"]) for r in reviews] == [
        ("a ceasefire within weeks", "false"), ("they will be held in Geneva", "partly true")
    ]
    earlier: dict[str, Any] = json.loads(
        (story.root / "output/annotations/talks-begin.jsonld").read_text(encoding="utf-8")
    )
    bodies = [item["body"] for item in earlier["first"]["items"]]
    claim = next(b for b in bodies if isinstance(b, dict) and b["value"].startswith("Claim"))
    assert "Later refuted, 20 April 2025" in claim["value"]
    follow = next(b for b in bodies if isinstance(b, list))
    assert follow[1]["purpose"] == "linking"
    # Search: a briefing whose claims are all settled has no open ones.
    metas = {
        slug: [
            tag["data-pagefind-meta"]
            for tag in story.page(f"briefings/{slug}/index.html").select("[data-pagefind-meta]")
            if tag["data-pagefind-meta"].startswith("claims:")
        ]
        for slug in ("talks-begin", "weather")
    }
    assert metas == {"talks-begin": [], "weather": ["claims:open"]}
    indexed = fragments(story.root / "output")
    assert indexed["/briefings/weather/"]["meta"].get("claims") == "open"
    assert "claims" not in indexed["/briefings/talks-begin/"]["meta"]
    feed = (story.root / "output/feeds/sources/agency.atom.xml").read_text(encoding="utf-8")
    titles = re.findall(r"<title>([^<]*)</title>", feed)[1:]
    assert titles == ["Talks collapse", "Talks begin", "Talks announced"]
