"""Search in Chromium: the box on every page, the search page, Pagefind's index,
served by a plain static server at the root and under a sub-path."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefgen.publish.outputs.search import page_view, plan_shards, run_pagefind
from briefgen.publish.outputs.search_words import (
    shard_words,
    vocabulary_pages,
    vocabulary_view,
)

from .conftest import AXE_JS, Requests, require, serving
from .test_a11y import AXE_RUN

pytestmark = pytest.mark.browser

BRIEFING = "briefings/turkey-syria-defense-pact/"


def results(page: Any) -> list[str]:
    page.wait_for_selector(".search-result a")
    return page.eval_on_selector_all(".search-result a", "links => links.map(a => a.href)")


def test_the_header_box_finds_a_briefing(
    open_page: Callable[..., Any], base_url: str, requests_seen: Requests
) -> None:
    page = open_page("glossary/")
    page.fill("#site-search-q", "airbases")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=airbases")
    found = results(page)
    assert base_url + BRIEFING in found
    result = page.locator(f'.search-result:has(a[href$="/{BRIEFING}"])')
    assert "Briefing" in result.locator(".kicker").inner_text()
    assert "February 2025" in result.locator(".kicker").inner_text()
    assert "airbases" in result.locator("mark").first.inner_text().lower()
    result.locator("a").click()
    page.wait_for_url(base_url + BRIEFING)
    assert any("/pagefind/" in url for url in requests_seen.urls)


ARABIC = "briefings/ankara-defence-ar/"


def test_briefings_are_found_in_their_own_language_from_english_pages(
    open_page: Callable[..., Any], base_url: str, requests_seen: Requests
) -> None:
    page = open_page("glossary/")
    assert page.evaluate("document.documentElement.lang") == "en"
    # "The talks", as the Arabic article writes it, and "talks" without the
    # article: found only if the Arabic index and query are both stemmed as Arabic.
    for words in ("المحادثات", "محادثات"):
        page.fill("#site-search-q", words)
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/search/?q=**")
        assert results(page) == [base_url + ARABIC], words
        link = page.locator(f'.search-result a[href$="/{ARABIC}"]')
        assert (link.get_attribute("lang"), link.get_attribute("dir")) == ("ar", "rtl")
        excerpt = page.locator(".search-result__excerpt")
        assert excerpt.evaluate("p => [p.lang, getComputedStyle(p).direction]") == ["ar", "rtl"]
        assert page.locator(".search-result mark").count() > 0
        page.go_back()
    # An English word finds the English briefing, shown as the site's language.
    page = open_page("search/?q=airbases")
    assert base_url + BRIEFING in results(page)
    english = page.locator(f'.search-result a[href$="/{BRIEFING}"]')
    assert english.get_attribute("lang") is None
    assert english.evaluate("a => a.closest('[lang]').lang") == "en"
    loaded = {url.removeprefix(base_url).split("?")[0] for url in requests_seen.urls}
    # English: the first shard opened, the others merged into it; Arabic its own.
    assert {"pagefind/en/2025-01/pagefind.js", "pagefind/ar/2025-02/pagefind.js",
            "pagefind/ar/2025-02/wasm.ar.pagefind", "pagefind/en/2025-01/wasm.en.pagefind",
            "pagefind/en/2025-02/pagefind-entry.json",
            "pagefind/en/glossary/pagefind-entry.json"} <= loaded


def test_results_in_two_languages_pass_axe(open_page: Callable[..., Any], base_url: str) -> None:
    require(AXE_JS.exists(), f"axe-core not found at {AXE_JS}: npm ci --prefix tests/browser")
    page = open_page("search/?q=Ankara")
    found = results(page)
    assert base_url + ARABIC in found and base_url + BRIEFING in found
    page.add_script_tag(path=str(AXE_JS))
    assert page.evaluate(AXE_RUN) == []


def test_glossary_terms_and_sources_are_found_and_filters_narrow(
    open_page: Callable[..., Any], base_url: str
) -> None:
    page = open_page("search/?q=YPG")
    assert base_url + "glossary/ypg/" in results(page)
    page.select_option("#search-kind", "Briefing")
    page.wait_for_url("**kind=Briefing**")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.search-result .kicker')]"
        ".every(k => k.textContent.startsWith('Briefing'))"
        " && document.querySelectorAll('.search-result').length > 0")
    assert all("/briefings/" in href for href in results(page))
    page.select_option("#search-kind", "")
    page.select_option("#search-tag", "Kurds")
    page.wait_for_url("**tag=Kurds**")
    page.wait_for_function(
        "() => document.querySelectorAll('.search-result').length > 0"
        " && !document.querySelector('[data-search-status]').textContent.startsWith('Search')")
    tagged = results(page)
    assert tagged and all("/briefings/" in href for href in tagged)
    page = open_page("search/?q=reuters")
    assert base_url + "sources/reuters/" in results(page)


def finished(page: Any) -> str:
    """The status line once the search is done."""
    page.wait_for_function(
        "() => /results?|No results/.test("
        "document.querySelector('[data-search-status]').textContent)")
    return str(page.locator("[data-search-status]").inner_text())


@pytest.mark.parametrize("words", ["advert", "Antalya", "Kobani advert"])
def test_a_word_that_is_not_on_any_page_finds_nothing(
    open_page: Callable[..., Any], words: str
) -> None:
    # Pagefind alone answers these with the longest start of the word that
    # is indexed ("a", "an") highlighted on many pages.
    page = open_page(f"search/?q={words}")
    assert finished(page).startswith("No results"), words
    assert page.locator(".search-result").count() == 0


def test_forms_of_a_word_and_a_word_being_typed_are_still_found(
    open_page: Callable[..., Any], base_url: str
) -> None:
    for words in ("airbase", "airbases", "airba", "pacts"):
        page = open_page(f"search/?q={words}")
        assert base_url + BRIEFING in results(page), words


def test_list_pages_are_found_by_their_own_words_not_by_what_they_list(
    open_page: Callable[..., Any], base_url: str
) -> None:
    # "pact" is in the briefing's headline and in a claim attributed to Reuters:
    # the YPG term page and the Reuters source page list them, but do not say it.
    page = open_page("search/?q=pact")
    assert results(page) == [base_url + BRIEFING]
    assert finished(page).startswith("1 result")


def test_excerpts_start_with_the_pages_words_not_its_furniture(
    open_page: Callable[..., Any], base_url: str
) -> None:
    page = open_page("search/?q=YPG")
    results(page)
    excerpts = page.locator(".search-result__excerpt").all_inner_texts()
    assert excerpts
    for excerpt in excerpts:
        assert not excerpt.startswith(("Glossary", "Briefing", "Sources")), excerpt
        for furniture in ("Bottom line", "Terms in this briefing", "Related briefings",
                          "Briefings that mention it", "W3C"):
            assert furniture not in excerpt, excerpt
    term = page.locator('.search-result:has(a[href$="/glossary/ypg/"]) .search-result__excerpt')
    assert term.inner_text().startswith("YPG")


def test_excerpts_of_annotated_passages_hold_no_badge_or_tip_text(
    open_page: Callable[..., Any], base_url: str
) -> None:
    # "airbases" is in claim 3's passage, whose badge and tip follow it on the page.
    page = open_page("search/?q=airbases")
    results(page)
    excerpt = page.locator(
        f'.search-result:has(a[href$="/{BRIEFING}"]) .search-result__excerpt').inner_text()
    assert "airbases" in excerpt.lower()
    for chrome in ("claim 3", "possibly true", "Source:", "usually reliable"):
        assert chrome not in excerpt, excerpt


def test_a_right_to_left_result_is_aligned_like_its_excerpt(
    open_page: Callable[..., Any], base_url: str
) -> None:
    page = open_page("search/?q=المحادثات")
    results(page)
    result = page.locator(f'.search-result:has(a[href$="/{ARABIC}"])')
    align = "e => getComputedStyle(e).direction + ' ' + e.getBoundingClientRect().right"
    heading = result.locator("h2").evaluate(align).split()
    excerpt = result.locator(".search-result__excerpt").evaluate(align).split()
    assert heading[0] == excerpt[0] == "rtl"
    link = result.locator("h2 a").evaluate("a => a.getBoundingClientRect().right")
    # The title ends at the right edge, where the excerpt's lines start.
    assert abs(float(link) - float(excerpt[1])) < 2
@pytest.fixture(scope="module")
def one_index_url(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the site whose index is one bundle per language (as before the
    index was split in shards), with the same search page, served on its own."""
    copy = tmp_path_factory.mktemp("one-index") / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns("pagefind"))
    shards = plan_shards(copy, "en")
    assert len([shard for shard in shards.values() if shard.language == "en"]) > 2
    bundle = copy / "pagefind"
    languages = {}
    for language in sorted({shard.language for shard in shards.values()}):
        pages = [page for shard in shards.values() if shard.language == language
                 for page in shard.pages]
        with page_view(copy, pages) as view:
            assert run_pagefind(view, bundle / language / "all", language)
        words = {f"{language}/all/": shard_words(bundle / language / "all", "")}
        with vocabulary_view(copy, language, words) as view:
            assert run_pagefind(view, bundle / language / "_words", language)
        languages[language] = {"shards": [f"{language}/all/"], "words": f"{language}/_words/",
                               "pages": vocabulary_pages(bundle / language / "_words")}
    (bundle / "languages.json").write_text(json.dumps(languages), encoding="utf-8")
    with serving(copy) as url:
        yield url


@pytest.mark.parametrize("query", ["Syria", "YPG", "Kurdish", "truce", "airbases", "Turkey",
                                   "government", "reuters", "دمشق", "Kurdish forces", "pact",
                                   "advert"])
def test_the_shards_find_the_pages_one_index_finds(
    browser: Any, open_page: Callable[..., Any], base_url: str, one_index_url: str, query: str
) -> None:
    def found(page: Any, url: str) -> list[str]:
        finished(page)
        links = page.eval_on_selector_all(".search-result a", "as => as.map(a => a.href)")
        return sorted(link.removeprefix(url) for link in links)

    sharded = found(open_page(f"search/?q={query}"), base_url)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{one_index_url}search/?q={query}", wait_until="load")
        whole = found(page, one_index_url)
    finally:
        context.close()
    assert sharded == whole
    assert len(sharded) < 20  # all shown: the page shows 20 at most


def test_the_search_bundle_loads_only_when_a_search_starts(
    open_page: Callable[..., Any], requests_seen: Requests
) -> None:
    open_page(BRIEFING).wait_for_load_state("networkidle")
    page = open_page("search/")
    page.wait_for_load_state("networkidle")
    assert not any("/pagefind/" in url for url in requests_seen.urls)
    page.fill("#search-q", "Syria")
    results(page)
    assert any(url.endswith("/pagefind/en/2025-01/pagefind.js") for url in requests_seen.urls)


def test_without_javascript_the_search_page_says_so_and_links_elsewhere(
    open_page: Callable[..., Any], base_url: str
) -> None:
    page = open_page("search/", java_script_enabled=False)
    message = page.locator(".search-nojs")
    assert message.is_visible()
    assert "needs JavaScript" in message.inner_text()
    hrefs = message.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [base_url, base_url + "glossary/"]
    assert not page.locator("[data-search-form]").is_visible()


@pytest.fixture(scope="module")
def sub_path_url(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site served by a static server under /news/briefs/."""
    top = tmp_path_factory.mktemp("sub-path")
    (top / "news").mkdir()
    (top / "news" / "briefs").symlink_to(site_dir, target_is_directory=True)
    with serving(top) as url:
        yield url + "news/briefs/"


def test_search_works_under_a_sub_path(browser: Any, sub_path_url: str) -> None:
    context = browser.new_context()
    seen: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: seen.append(request.url))
        page.goto(sub_path_url + "tags/", wait_until="load")
        page.fill("#site-search-q", "airbases")
        page.press("#site-search-q", "Enter")
        assert sub_path_url + BRIEFING in results(page)
        page.fill("#search-q", "دمشق")
        page.wait_for_function(f"() => document.querySelector('.search-result a')?.href"
                               f" === {sub_path_url + ARABIC!r}")
    finally:
        context.close()
    assert seen and all(url.startswith(sub_path_url) for url in seen), seen
