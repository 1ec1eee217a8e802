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
    assert page.locator(".site-nav").is_hidden()
    page.focus('[data-term="nato"] .ann__trigger')
    assert page.locator("#bg-tip-term-nato").is_hidden()
    for section in ("#bg-terms", "#bg-claims", "#bg-notes", "#bg-sources"):
        assert page.locator(section).is_visible()
    # A claim reads as text with its grade after it: "[claim 3 · possibly true]" ...
    badge = page.locator('[data-claim="c3"] .ann__badge')
    assert badge.is_visible()
    look = badge.evaluate("""b => [getComputedStyle(b, '::before').content, b.innerText,
        getComputedStyle(b, '::after').content, getComputedStyle(b).borderTopStyle]""")
    assert look == ['" ["', "claim 3 · possibly true", '"]"', "none"], look
    assert page.locator('[data-claim="c3"] .ann__tip').is_hidden()
    # ... and its entry in the list after the article has the same number.
    entry = page.evaluate(
        "getComputedStyle(document.querySelector('#bg-claims li:nth-child(3)'), '::before')"
        ".content"
    )
    assert entry == '"[claim " counter(list-item) "] "'
    link = page.evaluate(
        "getComputedStyle(document.querySelector('#bg-sources a[href^=\"http\"]'), '::after')"
        ".content"
    )
    assert link == '" <https://www.thomsonreuters.com/en/about-us/trust-principles.html>"'
    page.pdf(path=str(SCREENSHOTS.parent / "briefing-print.pdf"), print_background=True)


def test_printed_with_background_graphics_claims_are_underlined_text(
    open_page: Callable[..., Any],
) -> None:
    """On screen a claim's underline is a background pattern; printed with
    "background graphics" on, the pattern must not tile the passage."""
    page = open_page(BRIEFING)
    page.emulate_media(media="print")
    looks = page.evaluate("""() => [...document.querySelectorAll('[data-article-body] .ann--claim')]
        .map(c => { const s = getComputedStyle(c);
            return [c.dataset.credibility, s.backgroundImage, s.backgroundColor,
                    s.textDecorationLine]; })""")
    assert {look[0] for look in looks} >= {"2", "3"}
    for credibility, image, colour, line in looks:
        assert image == "none", (credibility, image)
        assert colour in ("rgba(0, 0, 0, 0)", "transparent"), (credibility, colour)
        assert "underline" in line
