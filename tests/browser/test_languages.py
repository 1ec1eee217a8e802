"""An Arabic article in Chromium: laid out right to left, marked as Arabic, in an
English site whose chrome and analysts' text stay English and left to right.
Screenshots at 390 and 1280 px go to ``test-artifacts/screenshots/rtl-*.png``;
axe and the HTML checker see the page with every other page type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

ARABIC = "briefings/ankara-defence-ar/"
LOOK = """(selector) => {
    const element = document.querySelector(selector);
    return [element.closest('[lang]').lang, getComputedStyle(element).direction];
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_arabic_article_reads_right_to_left(open_page: Callable[..., Any], width: int) -> None:
    page = open_page(ARABIC, width=width, height=900)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"rtl-briefing-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate(LOOK, "[data-article-body] p") == ["ar", "rtl"]
    assert page.evaluate(LOOK, "h1") == ["ar", "rtl"]
    # The quote in the claims list; the analysts' words around it stay English.
    assert page.evaluate(LOOK, "#bg-claims li [lang]") == ["ar", "rtl"]
    assert page.evaluate(LOOK, "#bg-claims li") == ["en", "ltr"]
    # Tips and badges inside the Arabic body are the site's.
    assert page.evaluate(LOOK, "[data-claim] .ann__badge") == ["en", "ltr"]
    assert page.evaluate(LOOK, "[data-term] .ann__tip") == ["en", "ltr"]
    # The chrome is unchanged.
    assert page.evaluate(LOOK, ".site-nav") == ["en", "ltr"]
    assert page.evaluate(LOOK, ".briefing-summary p") == ["en", "ltr"]
    # Right to left: the first paragraph's first word is at the right edge of the column.
    edges = page.evaluate("""() => {
        const p = document.querySelector('[data-article-body] p');
        const range = document.createRange();
        range.setStart(p.firstChild, 0); range.setEnd(p.firstChild, 1);
        return [range.getBoundingClientRect().right, p.getBoundingClientRect().right];
    }""")
    assert abs(edges[0] - edges[1]) < 4, edges
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_arabic_headline_in_lists(open_page: Callable[..., Any]) -> None:
    page = open_page("")
    link = page.locator('.briefing-card__title a[lang="ar"]')
    assert link.count() == 1
    assert link.evaluate("a => getComputedStyle(a).direction") == "rtl"
