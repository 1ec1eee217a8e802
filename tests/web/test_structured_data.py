"""A briefing page's JSON-LD, read as a consumer reads it (extruct) and checked
against schema.org's vocabulary and the properties the issue asks for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import extruct
import pytest

from briefgen.publish.plugin.structured_data import script_json
from tests.conftest import Run
from tests.web.schema_vocabulary import problems


def json_ld(run: Run, page: str) -> list[dict[str, Any]]:
    html = (run.root / "output" / page).read_text(encoding="utf-8")
    return extruct.extract(html, syntaxes=["json-ld"], uniform=False)["json-ld"]


def graph(run: Run, page: str) -> list[dict[str, Any]]:
    documents = json_ld(run, page)
    assert len(documents) == 1, documents
    assert documents[0]["@context"] == "https://schema.org"
    return documents[0]["@graph"]


def test_a_briefing_page_has_one_analysis_article_and_a_claim_review_per_claim(
    web_site: Callable[..., Run],
) -> None:
    run = web_site("SITEURL = 'https://example.org/briefs'\n")
    assert run.status == 0, run.stderr
    soup = run.page("briefings/ankara/index.html")
    assert len(soup.select('script[type="application/ld+json"]')) == 1
    nodes = graph(run, "briefings/ankara/index.html")
    for index, node in enumerate(nodes):
        assert problems(node, f"@graph[{index}]") == []
    article, *reviews = nodes
    address = "https://example.org/briefs/briefings/ankara/"
    assert article["@type"] == "AnalysisNewsArticle"
    assert article["headline"] == "Ankara and the YPG"
    assert article["datePublished"].startswith("2025-02-06")
    assert article["url"] == address
    assert article["author"]["name"] == "Briefing desk"
    assert article["publisher"]["name"] == "Briefings"
    assert article["isBasedOn"]["url"] == "https://news.example.com/ankara-ypg"
    assert article["isBasedOn"]["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert article["isBasedOn"]["publisher"]["name"] == "The Wire"

    assert [r["@type"] for r in reviews] == ["ClaimReview", "ClaimReview"]
    first, second = reviews
    assert first["claimReviewed"] == "Officials said the militia would be targeted"
    assert first["url"] == address + "#bg-claim-c1"
    assert first["itemReviewed"]["@type"] == "Claim"
    assert first["itemReviewed"]["author"]["name"] == "Unnamed official"
    # An unnamed official is a person; the Wire an organization.
    assert first["itemReviewed"]["author"]["@type"] == "Person"
    assert reviews[1]["itemReviewed"]["author"]["@type"] == "Organization"
    # The claim was made in the original article, on its date.
    claim = first["itemReviewed"]
    assert claim["datePublished"].startswith("2025-02-06")
    for where in ("appearance", "firstAppearance"):
        assert claim[where]["@type"] == "NewsArticle"
        assert claim[where]["url"] == "https://news.example.com/ankara-ypg"
        assert claim[where]["publisher"]["name"] == "The Wire"
    # The site's picture and the publisher's logo, set once in the settings.
    assert article["image"] == "https://example.org/briefs/theme/images/share.png"
    assert article["publisher"]["logo"] == {
        "@type": "ImageObject", "url": "https://example.org/briefs/theme/images/logo.png"}
    for image in ("share.png", "logo.png"):
        assert (run.root / "output/theme/images" / image).is_file()
    assert "reliability C: fairly reliable" in first["itemReviewed"]["author"]["description"]
    assert first["reviewRating"] == {"@type": "Rating", "ratingValue": 3, "bestRating": 5,
                                     "worstRating": 1, "alternateName": "possibly true"}
    # 6 "cannot be judged" is not a point on the scale: words, no value.
    assert second["claimReviewed"] == "the Wire reported talks on airbases"
    assert second["itemReviewed"]["author"]["name"] == "The Wire"
    assert second["reviewRating"] == {"@type": "Rating", "bestRating": 5, "worstRating": 1,
                                      "alternateName": "cannot be judged"}
    # Every claim of the page has its review (the page marks them with data-claim).
    assert len(soup.select("[data-claim]")) == len(reviews)


def test_other_pages_have_no_structured_data_and_previews_have_no_addresses(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    for page in ("index.html", "glossary/ypg/index.html", "sources/wire/index.html"):
        assert json_ld(run, page) == [], page
    article, first, _second = graph(run, "briefings/ankara/index.html")
    assert "url" not in article and "url" not in first
    assert "image" not in article and "logo" not in article["publisher"]
    assert first["reviewRating"]["ratingValue"] == 3


@pytest.mark.parametrize("credibility, value", [(1, 5), (2, 4), (3, 3), (4, 2), (5, 1)])
def test_the_admiralty_scale_turns_round_onto_the_rating(credibility: int, value: int) -> None:
    from briefgen.publish.plugin.structured_data import rating

    assert rating(credibility)["ratingValue"] == value


@pytest.mark.parametrize("text", [
    "</script><script>alert(1)</script>", "<!-- <script>", "a\u2028b\u2029c", "&amp; </SCRIPT >",
])
def test_json_for_a_script_element_cannot_break_out_and_reads_back_the_same(text: str) -> None:
    import json

    encoded = script_json({"headline": text})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert "\u2028" not in encoded and "\u2029" not in encoded
    assert json.loads(encoded) == {"headline": text}


def test_the_vocabulary_check_finds_what_schema_org_does_not_define() -> None:
    assert problems({"@type": "ClaimReview", "claimReviewed": "x"}) == []
    assert problems({"@type": "ClaimRevue"}) == ["$: unknown type 'ClaimRevue'"]
    assert problems({"@type": "Claim", "claimReviewed": "x"}) == [
        "$.claimReviewed: does not apply to Claim"]
    assert problems({"@type": "Rating", "ratingValu": 3}) == [
        "$.ratingValu: not a schema.org property"]
    assert problems({"@type": "ClaimReview", "itemReviewed": {"@type": "Rating"},
                     "reviewRating": {"@type": "Claim"}}) == [
        "$.reviewRating[0]: a Claim where ['Rating'] is expected"]
