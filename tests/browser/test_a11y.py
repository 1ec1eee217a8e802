"""Accessibility of every page type: axe-core, headings, skip link, focus, no-JS reading."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest

from .conftest import ARTIFACTS, AXE_JS, PAGE_TYPES, SCHEMES, require

pytestmark = pytest.mark.browser

BRIEFING = "briefings/turkey-syria-defense-pact/"

AXE_RUN = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                         'wcag22aa', 'best-practice']},
        resultTypes: ['violations'],
    });
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
    }));
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_serious_or_critical_violation(
    open_page: Callable[..., Any], scheme: str
) -> None:
    require(AXE_JS.exists(), f"axe-core not found at {AXE_JS}: npm ci --prefix tests/browser")
    report: dict[str, Any] = {}
    for name, path in PAGE_TYPES:
        page = open_page(path, color_scheme=scheme)
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(AXE_RUN)
        if name == "briefing":
            # Tips are hidden until opened, so axe checks them open too.
            for trigger in ('[data-term="nato"] .ann__trigger', '[data-claim="c3"] .ann__badge',
                            '[data-note="n1"] .ann__badge'):
                page.focus(trigger)
                violations += page.evaluate(AXE_RUN)
        if name == "briefing-md":
            page.focus('[data-follow="f1"] .ann__badge')  # a follow-up's tip, open
            violations += page.evaluate(AXE_RUN)
        report[name] = violations
        page.context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{scheme}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    serious = {
        name: [v for v in violations if v["impact"] in ("serious", "critical")]
        for name, violations in report.items()
    }
    assert {name: v for name, v in serious.items() if v} == {}


def test_headings_in_order_on_every_page(open_page: Callable[..., Any]) -> None:
    for name, path in PAGE_TYPES:
        page = open_page(path)
        levels = page.eval_on_selector_all(
            "h1, h2, h3, h4, h5, h6", "hs => hs.map(h => Number(h.tagName[1]))"
        )
        assert levels[0] == 1 and levels.count(1) == 1, (name, levels)
        for before, after in pairwise(levels):
            assert after <= before + 1, (name, levels)
        page.context.close()


def test_skip_link_is_first_and_moves_focus_to_main(open_page: Callable[..., Any]) -> None:
    page = open_page(BRIEFING)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0  # on screen while focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    # The next stop is inside the briefing, not the site navigation.
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_focus_is_visible(open_page: Callable[..., Any], scheme: str) -> None:
    page = open_page(BRIEFING, color_scheme=scheme)
    for selector in (".skip-link", ".site-nav a", '[data-term="nato"] .ann__trigger',
                     '[data-claim="c3"] .ann__badge'):
        page.keyboard.press("Tab") if selector == ".skip-link" else page.focus(selector)
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineWidth]; })()"
        )
        assert style == ["solid", "3px"], (selector, style)


def test_without_script_everything_is_reachable(open_page: Callable[..., Any]) -> None:
    page = open_page("briefings/kobani-truce/", java_script_enabled=False)
    assert page.evaluate("document.documentElement.classList.contains('js-tips')") is False
    # Shared terms link to their glossary page, local ones to the list on the page.
    assert page.get_attribute('[data-term="ypg"] .ann__trigger', "href") == "../../glossary/ypg/"
    assert page.get_attribute('[data-term="tishrin"] .ann__trigger', "href") == "#bg-term-tishrin"
    # Every in-page link (badges, local terms) has its target on the page.
    targets = page.eval_on_selector_all(
        "[data-article-body] a[href^='#']", "links => links.map(a => a.hash.slice(1))"
    )
    assert targets and all(page.locator(f"#{target}").count() == 1 for target in targets)
    page.click('[data-claim="c1"] .ann__badge')
    assert page.url.endswith("#bg-claim-c1")
    entry = page.locator("#bg-claims li", has=page.locator("#bg-claim-c1"))
    assert "possibly true (3)" in entry.inner_text()
    assert entry.is_visible()
    page.click('[data-term="ypg"] .ann__trigger')
    page.wait_for_url("**/glossary/ypg/")
    assert "Syrian Kurdish militia" in page.locator(".definition").inner_text()
