"""The briefing page as a careful reader sees it, in Chromium at 390 and 1280 px.

Claim highlights show their grade by more than colour; a claim's badge stays
on the line of the quote's last word and the punctuation after it; index
headlines use the column; article links look unlike glossary terms.
Screenshots go to ``test-artifacts/screenshots/reader-*.png``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

BRIEFING = "briefings/turkey-syria-defense-pact/"
MARKDOWN_BRIEFING = "briefings/kobani-truce/"

GRADE_LOOK = """(c) => {
    const claim = document.querySelector(`[data-claim="${c}"]`);
    const style = getComputedStyle(claim);
    const badge = claim.querySelector(':scope > .ann__ui .ann__badge');
    return {
        pattern: style.backgroundImage + ' / ' + style.backgroundSize,
        colour: style.getPropertyValue('--c').trim(),
        badge: badge.innerText + getComputedStyle(badge, '::after').content,
    };
}"""

# For each badge: is it on the line of the character before it (the quote's last
# character) and of the character after it (a full stop, a comma)?
BADGE_LINES = """() => {
    const lineOf = (node, offset) => {
        const range = document.createRange();
        range.setStart(node, offset); range.setEnd(node, offset + 1);
        const rects = range.getClientRects();
        return rects.length ? rects[rects.length - 1].bottom : null;
    };
    const textBefore = (element) => {
        const walker = document.createTreeWalker(document.querySelector('[data-article-body]'),
                                                 NodeFilter.SHOW_TEXT);
        let last = null, node;
        while ((node = walker.nextNode())) {
            if (element.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING
                    && !node.parentElement.closest('[data-ann]') && node.data.trim()) last = node;
        }
        return last;
    };
    const textAfter = (element) => {
        const walker = document.createTreeWalker(document.querySelector('[data-article-body]'),
                                                 NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            if (element.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING
                    && !node.parentElement.closest('[data-ann]') && node.data.trim()) return node;
        }
        return null;
    };
    return [...document.querySelectorAll('[data-article-body] .ann__badge')].map(badge => {
        const ui = badge.closest('.ann__ui');
        const rects = badge.getClientRects();
        const own = rects[rects.length - 1].bottom;
        const first = rects[0].bottom;
        const before = textBefore(ui);
        const after = textAfter(ui);
        const next = after && /^[.,;:!?)”’]/.test(after.data) ? lineOf(after, 0) : own;
        return {
            badge: badge.getAttribute('href'), lines: rects.length, first,
            widest: Math.max(...[...rects].map(r => r.width)),
            before: lineOf(before, before.data.trimEnd().length - 1), own, next,
        };
    });
}"""


def test_claim_highlights_show_the_grade_by_more_than_colour(
    open_page: Callable[..., Any],
) -> None:
    page = open_page(BRIEFING)
    looks = {c: page.evaluate(GRADE_LOOK, c) for c in ("c9", "c1", "c2")}  # grades 1, 2, 3
    for look in looks.values():
        assert "gradient" in look["pattern"], look
    # Each grade its own pattern of underline, not only its own colour ...
    assert len({look["pattern"] for look in looks.values()}) == 3, looks
    # ... and its words on the badge.
    assert "confirmed" in looks["c9"]["badge"].lower()
    assert "probably true" in looks["c1"]["badge"].lower()
    assert "possibly true" in looks["c2"]["badge"].lower()


@pytest.mark.parametrize("width", [320, 360, 390, 414, 768, 1280])
def test_a_badge_never_wraps_away_from_its_words(
    open_page: Callable[..., Any], width: int
) -> None:
    """The badge starts on the line of the quote's last word and the full stop
    after it is on the line where it ends; on a phone its grade words may take
    the next line (one break point, before them), so no unbreakable run of word,
    number and grade leaves a ragged gap."""
    wrapped = 0
    for path in (BRIEFING, MARKDOWN_BRIEFING):
        page = open_page(path, width=width)
        badges = page.evaluate(BADGE_LINES)
        assert len(badges) >= 3
        for badge in badges:
            assert badge["lines"] <= (2 if width <= 640 else 1), badge
            assert abs(badge["before"] - badge["first"]) < 8, badge
            assert abs(badge["next"] - badge["own"]) < 8, badge
            if badge["lines"] == 2:
                wrapped += 1
                # Each part is short: "CLAIM 3" / "· POSSIBLY TRUE".
                assert badge["widest"] < 140, badge
        page.context.close()
    if width > 640:
        assert wrapped == 0


@pytest.mark.parametrize("width", [360, 1280])
def test_a_badge_has_one_break_point_on_a_phone(open_page: Callable[..., Any], width: int) -> None:
    page = open_page(BRIEFING, width=width)
    # The same badge in a column too narrow for it: where may its line break?
    lines = page.evaluate("""() => {
        const ui = document.querySelector('[data-article-body] [data-claim="c2"] .ann__ui');
        const column = document.createElement('p');
        column.style.width = '1px';
        column.append(ui.cloneNode(true));
        document.querySelector('[data-article-body]').append(column);
        const badge = column.querySelector('.ann__badge');
        return [...badge.getClientRects()].length;
    }""")
    assert lines == (2 if width == 360 else 1)


def test_index_headlines_use_the_column(open_page: Callable[..., Any]) -> None:
    page = open_page("", width=1280)
    widths = page.evaluate("""() => [...document.querySelectorAll('.briefing-card__title a')]
        .map(a => {
            const range = document.createRange(); range.selectNodeContents(a);
            const rects = [...range.getClientRects()];
            const column = a.closest('.briefing-card').getBoundingClientRect().width;
            return {lines: new Set(rects.map(r => Math.round(r.top))).size,
                    first: rects[0].width, column};
        })""")
    wrapped = [w for w in widths if w["lines"] > 1]
    assert wrapped, widths  # the fixture has headlines longer than a line
    for w in wrapped:
        assert w["first"] >= 0.8 * w["column"], w


def test_article_links_look_unlike_glossary_terms(open_page: Callable[..., Any]) -> None:
    page = open_page(MARKDOWN_BRIEFING)
    look = """(selector) => {
        const a = document.querySelector(selector), s = getComputedStyle(a);
        const after = getComputedStyle(a, '::after').content;
        return [s.color, s.textDecorationStyle, s.backgroundColor, after];
    }"""
    link = page.evaluate(look, '[data-article-body] a[href^="https://"]')
    term = page.evaluate(look, '[data-article-body] [data-term] > a')
    assert link[0] != term[0] and link[1] != term[1], (link, term)
    assert "↗" in link[3]


@pytest.mark.parametrize("width", [390, 1280])
def test_reader_screenshots(open_page: Callable[..., Any], width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("briefing", BRIEFING), ("markdown", MARKDOWN_BRIEFING), ("index", "")):
        page = open_page(path, width=width, height=900)
        page.screenshot(path=str(SCREENSHOTS / f"reader-{name}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.context.close()
