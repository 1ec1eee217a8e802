"""Claims over time in the browser: outcomes visible, links both ways, stories in order.

In the fixture site ``hts-government`` (15 January) claims that every faction
must join the army or disarm (``disarm``); ``ankara-defence-ar`` (7 February,
in Arabic) partly confirms it and ``kobani-truce`` (10 February) refutes it,
so its outcome is "later refuted" (the latest follow-up), and the three are
one story.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

EARLIER = "briefings/hts-government/"
LATER = "briefings/kobani-truce/"
STORY = [
    ("Interim government names new defence minister", EARLIER),
    ("أنقرة: من المبكر الحديث عن اتفاق دفاعي مع سوريا", "briefings/ankara-defence-ar/"),
    ("Kurdish-led forces and Turkish-backed factions agree a truce around Kobani", LATER),
]


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_a_settled_claim_shows_its_outcome_in_words(
    open_page: Callable[..., Any], script: bool
) -> None:
    page = open_page(EARLIER, java_script_enabled=script)
    claim = page.locator('[data-claim="c1"]')
    assert claim.get_attribute("data-outcome") == "refuted"
    badge = claim.locator(".ann__badge")
    assert badge.is_visible()
    assert "later refuted" in badge.inner_text().lower()
    assert badge.get_attribute("aria-label") == (
        "Claim 1, probably true (2), later refuted"
    )
    entry = page.locator("#bg-claims li").first
    assert entry.is_visible()
    assert "Later refuted, 10 February 2025" in entry.inner_text()


def test_links_go_from_the_claim_to_the_settling_passage_and_back(
    open_page: Callable[..., Any]
) -> None:
    page = open_page(EARLIER)
    page.locator("#bg-claims li").first.get_by_role(
        "link", name="Kurdish-led forces and Turkish-backed factions agree a truce around Kobani"
    ).click()
    page.wait_for_url("**/briefings/kobani-truce/#bg-follow-f1-text")
    passage = page.locator("#bg-follow-f1-text")
    assert passage.is_visible()
    assert passage.get_attribute("data-settles") == "hts-government#disarm"
    assert "the truce did not change its position on" in passage.inner_text()
    badge = passage.locator(".ann__badge--follow")
    assert "refutes" in badge.inner_text().lower()
    # Back from the list of settled claims to the earlier claim's passage.
    page.locator("#bg-follows li").first.get_by_role(
        "link", name="Interim government names new defence minister"
    ).click()
    page.wait_for_url("**/briefings/hts-government/#bg-claim-c1-text")
    assert page.locator("#bg-claim-c1-text").is_visible()


@pytest.mark.parametrize("current", [path for _title, path in STORY])
def test_each_briefing_of_the_story_lists_it_in_date_order(
    open_page: Callable[..., Any], current: str
) -> None:
    page = open_page(current, java_script_enabled=False)
    items = page.locator("#bg-story li")
    assert items.count() == len(STORY)
    for index, (title, path) in enumerate(STORY):
        item = items.nth(index)
        text = item.inner_text()
        assert title in text
        if path == current:
            assert "(this briefing)" in text
            assert item.get_by_role("link").count() == 0
        else:
            assert "(this briefing)" not in text
            assert item.get_by_role("link", name=title).get_attribute("href").endswith(
                path.removeprefix("briefings")
            )


def test_the_source_page_shows_the_track_record_by_outcome(
    open_page: Callable[..., Any]
) -> None:
    page = open_page("sources/afp/", java_script_enabled=False)
    record = page.locator(".track-record")
    assert "0 confirmed, 0 partly confirmed, 1 refuted" in record.inner_text()
    assert page.locator("#bg-record-refuted").inner_text() == "Later refuted (1)"
    refuted = page.locator('.claim-list[data-outcome="refuted"] li')
    assert refuted.count() == 1
    assert "Later refuted" in refuted.inner_text()
