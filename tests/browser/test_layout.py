"""Layout at 360, 768 and 1280 px in both colour schemes, screenshots, print."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import PAGE_TYPES, SCHEMES, SCREENSHOTS, WIDTHS

pytestmark = pytest.mark.browser

BRIEFING = "briefings/turkey-syria-defense-pact/"

# Characters per line of the article body: readable between these bounds.
MEASURE = {360: (30, 60), 768: (55, 85), 1280: (55, 85)}

CHARS_PER_LINE = """() => {
    const p = document.querySelector('[data-article-body] p');
    const probe = document.createElement('span');
    probe.textContent = 'abcdefghijklmnopqrstuvwxyz';
    p.appendChild(probe);
    const perChar = probe.getBoundingClientRect().width / 26;
    probe.remove();
    return Math.round(p.getBoundingClientRect().width / perChar);
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("device", WIDTHS)
def test_screenshots_and_measure(
    open_page: Callable[..., Any], device: str, scheme: str
) -> None:
    width = WIDTHS[device]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGE_TYPES:
        page = open_page(path, width=width, height=900, color_scheme=scheme)
        # Nothing is wider than the screen: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, device)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{device}-{scheme}.png"), full_page=True)
        if name == "briefing":
            low, high = MEASURE[width]
            assert low <= page.evaluate(CHARS_PER_LINE) <= high
            # And with a tip open, as a reader sees it.
            page.locator('[data-claim="c3"] .ann__badge').hover()
            page.locator("#bg-tip-claim-c3").wait_for(state="visible")
            page.screenshot(path=str(SCREENSHOTS / f"tip-{device}-{scheme}.png"))
        page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_colour_scheme_follows_the_system(open_page: Callable[..., Any], scheme: str) -> None:
    page = open_page(BRIEFING, color_scheme=scheme)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == {"light": "rgb(253, 252, 249)", "dark": "rgb(22, 23, 26)"}[scheme]


def test_print_turns_annotations_into_endnotes(open_page: Callable[..., Any]) -> None:
    page = open_page(BRIEFING)
    page.emulate_media(media="print")
    assert page.locator(".ann__badge").first.is_hidden()
    assert page.locator(".site-nav").is_hidden()
    page.focus('[data-term="nato"] .ann__trigger')
    assert page.locator("#bg-tip-term-nato").is_hidden()
    for section in ("#bg-terms", "#bg-claims", "#bg-notes", "#bg-sources"):
        assert page.locator(section).is_visible()
    marker = page.evaluate(
        "getComputedStyle(document.querySelector('[data-claim=\"c3\"]'), '::after').content"
    )
    assert marker == '"[c3]"'
    entry = page.evaluate(
        "getComputedStyle(document.querySelector('#bg-claims li:nth-child(3)'), '::before')"
        ".content"
    )
    assert entry == '"[c" counter(list-item) "] "'
    link = page.evaluate(
        "getComputedStyle(document.querySelector('#bg-sources a[href^=\"http\"]'), '::after')"
        ".content"
    )
    assert link == '" <https://www.thomsonreuters.com/en/about-us/trust-principles.html>"'
    page.pdf(path=str(SCREENSHOTS.parent / "briefing-print.pdf"))
