"""Term, claim and note tips: hover, focus, tap, Escape, hoverable, on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

BRIEFING = "briefings/turkey-syria-defense-pact/"
NESTED = "briefings/kobani-truce/"  # the YPG term sits inside claim c1
TERM = '[data-term="nato"]'
CLAIM = '[data-claim="c3"]'


def tip_of(page: Any, annotation: str) -> Any:
    """The tip that belongs to an annotation, found through aria-describedby."""
    tip_id = page.locator(f"{annotation} .ann__trigger").first.get_attribute("aria-describedby")
    return page.locator(f"#{tip_id}")


def visible_tips(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(
        ".ann__tip", "tips => tips.filter(t => t.checkVisibility()).map(t => t.id)"
    ))


def test_tips_are_tooltips_described_by_their_trigger(open_page: Callable[..., Any]) -> None:
    page = open_page(BRIEFING)
    triggers = page.locator("[data-article-body] .ann__trigger")
    assert triggers.count() == 21  # 8 terms, 9 claims, 4 notes
    for index in range(triggers.count()):
        trigger = triggers.nth(index)
        tip = page.locator(f"#{trigger.get_attribute('aria-describedby')}")
        assert tip.get_attribute("role") == "tooltip"
        assert tip.is_hidden()
    assert page.locator(f"{CLAIM} .ann__badge").get_attribute("aria-label") == (
        "Claim 3, possibly true (3)"
    )
    assert visible_tips(page) == []


def test_hover_opens_and_tip_is_hoverable(open_page: Callable[..., Any]) -> None:
    page = open_page(BRIEFING)
    for annotation in (TERM, f"{CLAIM} .ann__badge"):
        target = annotation.split(" ")[0]
        tip = tip_of(page, target)
        page.hover(annotation)
        tip.wait_for(state="visible")
        # Move the pointer in steps across the gap onto the tip: it stays open.
        box = tip.bounding_box()
        page.mouse.move(box["x"] + 12, box["y"] + box["height"] / 2, steps=8)
        page.wait_for_timeout(450)
        assert tip.is_visible()
        # Leave both: it closes.
        page.mouse.move(2, 2, steps=4)
        tip.wait_for(state="hidden")


def test_focus_opens_escape_closes_blur_closes(open_page: Callable[..., Any]) -> None:
    page = open_page(BRIEFING)
    tip = tip_of(page, TERM)
    page.focus(f"{TERM} .ann__trigger")
    assert tip.is_visible()
    assert visible_tips(page) == ["bg-tip-term-nato"]
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    # Focus stays on the term; the next Tab moves on and opens the next tip.
    assert page.evaluate("document.activeElement.closest('[data-term]').dataset.term") == "nato"
    page.keyboard.press("Tab")
    assert visible_tips(page) == ["bg-tip-note-n2"]
    page.keyboard.press("Tab")
    assert visible_tips(page) == ["bg-tip-term-assad"]
    page.evaluate("document.activeElement.blur()")
    assert visible_tips(page) == []


def test_escape_closes_hovered_tip_until_pointer_leaves(open_page: Callable[..., Any]) -> None:
    page = open_page(BRIEFING)
    tip = tip_of(page, CLAIM)
    page.hover(f"{CLAIM} .ann__badge")
    tip.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    page.mouse.move(*_centre(page, f"{CLAIM} .ann__badge", dx=3))  # still on it: stays closed
    assert tip.is_hidden()
    page.mouse.move(2, 2)
    page.hover(f"{CLAIM} .ann__badge")
    tip.wait_for(state="visible")


def test_only_the_innermost_tip_shows(open_page: Callable[..., Any]) -> None:
    page = open_page(NESTED)
    page.hover('[data-claim="c1"] [data-term="ypg"] .ann__trigger')
    page.wait_for_timeout(50)
    assert visible_tips(page) == ["bg-tip-term-ypg"]
    page.hover('[data-claim="c1"] .ann__badge')
    page.wait_for_timeout(50)
    assert visible_tips(page) == ["bg-tip-claim-c1"]


def test_innermost_tip_without_script(open_page: Callable[..., Any]) -> None:
    page = open_page(NESTED, java_script_enabled=False)
    page.hover('[data-claim="c1"] [data-term="ypg"] .ann__trigger')
    assert visible_tips(page) == ["bg-tip-term-ypg"]
    page.hover('[data-claim="c1"] .ann__badge')
    assert visible_tips(page) == ["bg-tip-claim-c1"]
    page.focus('[data-term="sdf"] .ann__trigger')
    page.mouse.move(2, 2)
    assert visible_tips(page) == ["bg-tip-term-sdf"]


def test_tap_opens_then_second_tap_follows_link(open_page: Callable[..., Any]) -> None:
    page = open_page(BRIEFING, width=360, height=740, has_touch=True, is_mobile=True)
    trigger = page.locator(f"{TERM} .ann__trigger")
    trigger.tap()
    assert visible_tips(page) == ["bg-tip-term-nato"]
    assert page.url.endswith(BRIEFING)
    # Tapping elsewhere closes it.
    page.locator("h1").tap()
    assert visible_tips(page) == []
    page.locator(f"{CLAIM} .ann__badge").tap()
    assert visible_tips(page) == ["bg-tip-claim-c3"]
    page.locator(f"{CLAIM} .ann__badge").tap()
    page.wait_for_url("**#bg-claim-c3")
    trigger.tap()
    trigger.tap()
    page.wait_for_url("**/glossary/nato/")


@pytest.mark.parametrize("path", [BRIEFING, NESTED])
@pytest.mark.parametrize("script", [True, False], ids=["js", "nojs"])
def test_every_tip_stays_on_a_360px_screen(
    open_page: Callable[..., Any], path: str, script: bool
) -> None:
    page = open_page(path, width=360, height=640, java_script_enabled=script)
    triggers = page.locator("[data-article-body] .ann__trigger")
    assert triggers.count() > 0
    for index in range(triggers.count()):
        trigger = triggers.nth(index)
        trigger.focus()
        tip = page.locator(f"#{trigger.get_attribute('aria-describedby')}")
        assert tip.is_visible()
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (tip.get_attribute("id"), box)
        if script:  # flipped above when there is no room below
            assert box["y"] >= 0 and box["y"] + box["height"] <= 640, (tip.get_attribute("id"), box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("width", [768, 1280])
def test_tip_near_right_edge_is_shifted(open_page: Callable[..., Any], width: int) -> None:
    page = open_page(BRIEFING, width=width)
    overflow = page.evaluate("""() => {
        const tips = [...document.querySelectorAll('[data-article-body] .ann__trigger')];
        const worst = [];
        for (const trigger of tips) {
            trigger.focus();
            const tip = document.getElementById(trigger.getAttribute('aria-describedby'));
            const box = tip.getBoundingClientRect();
            if (box.right > innerWidth || box.left < 0) worst.push(tip.id);
        }
        return worst;
    }""")
    assert overflow == []


def _centre(page: Any, selector: str, dx: float = 0) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2


def test_a_tip_tapped_near_the_bottom_opens_below_its_badge_not_over_the_passage(
    open_page: Callable[..., Any],
) -> None:
    page = open_page(BRIEFING, width=360, height=640, has_touch=True, is_mobile=True)
    badge = page.locator(f"{CLAIM} .ann__badge")
    # The badge on the last line of the screen: no room below for its tip.
    page.evaluate("""(selector) => {
        const badge = document.querySelector(selector);
        window.scrollBy(0, badge.getBoundingClientRect().bottom - (innerHeight - 12));
    }""", f"{CLAIM} .ann__badge")
    box = badge.bounding_box()
    assert page.evaluate("innerHeight") - (box["y"] + box["height"]) < 40
    badge.tap()
    assert visible_tips(page) == ["bg-tip-claim-c3"]
    tip = page.locator("#bg-tip-claim-c3").bounding_box()
    below = badge.bounding_box()
    # Below the badge (so off the passage, which ends at the badge), and on screen.
    assert tip["y"] >= below["y"] + below["height"] - 1, (tip, below)
    assert tip["y"] + tip["height"] <= 640 and below["y"] >= 0
