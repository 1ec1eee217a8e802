"""The page record: one codec, round trips, and what render makes of a briefing."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.model.page import (
    BriefingPage,
    ClaimView,
    SiteListings,
    SourceView,
    dumps,
    from_plain,
    loads,
    to_plain,
)
from briefgen.render.page import briefing_page, site_listings
from tests.markup.harness import briefing_of, site_of

CASE = """\
article: |
  # Ankara and the YPG

  Turkey *says officials* said the YPG would act.
claims:
  - {quote: officials said the YPG would act, source: wire, credibility: 3, note: Single *source*.}
terms:
  - {id: ypg, quote: YPG, term: YPG, expansion: People's Protection Units,
     definition: Kurdish militia.}
"""

WIRE = SourceView("wire", "The Wire", "outlet", "B", "usually reliable")


@given(st.from_type(BriefingPage))
def test_every_briefing_page_survives_its_codec(page: BriefingPage) -> None:
    assert loads(BriefingPage, dumps(page)) == page
    assert from_plain(BriefingPage, to_plain(page)) == page


@given(st.from_type(SiteListings))
def test_every_site_listing_survives_its_codec(listings: SiteListings) -> None:
    assert loads(SiteListings, dumps(listings)) == listings


def test_render_makes_the_record_of_a_checked_briefing(tmp_path: Path) -> None:
    briefing = briefing_of(CASE, tmp_path)
    site = site_of(briefing)
    page = briefing_page(briefing, site)
    (claim,) = page.claims
    assert (claim.key, claim.number, claim.credibility) == ("c1", 1, 3)
    assert claim.note == "Single *source*."
    assert claim.source.name == "The Wire" and claim.source.reliability_words == "usually reliable"
    body = briefing.article.body_text
    assert body[claim.start : claim.end] == "officials said the YPG would act"
    (term,) = page.terms
    assert body[term.start : term.end] == "YPG" and term.expansion == "People's Protection Units"
    assert loads(BriefingPage, dumps(page)) == page
    listings = site_listings(site)
    assert loads(SiteListings, dumps(listings)) == listings
    (cited,) = listings.sources["wire"].claims
    assert (cited.briefing.slug, cited.anchor) == (briefing.slug, "bg-claim-c1")


def test_the_codec_writes_one_line_with_sorted_keys() -> None:
    outlet = WIRE
    page = BriefingPage("T", "2025-03-01", "t", "S", outlet, tags=("b", "a"))
    text = dumps(page)
    assert "\n" not in text and list(json.loads(text)) == sorted(json.loads(text))
    assert json.loads(text)["tags"] == ["b", "a"]


def test_a_field_added_with_a_default_reads_older_data() -> None:
    """Adding a field to a record touches its class only: data written before still reads."""
    outlet = WIRE
    claim = ClaimView("c1", 1, "q", 3, "possibly true", outlet)
    plain = to_plain(claim)
    del plain["note"], plain["start"]
    assert from_plain(ClaimView, plain) == dataclasses.replace(claim, note=None, start=0)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda plain: plain.pop("key"), ValueError),
        (lambda plain: plain.update(number="1"), TypeError),
        (lambda plain: plain.update(source=["wire"]), TypeError),
    ],
)
def test_data_of_the_wrong_shape_is_refused(change: object, error: type[Exception]) -> None:
    outlet = WIRE
    plain = to_plain(ClaimView("c1", 1, "q", 3, "possibly true", outlet))
    change(plain)  # type: ignore[operator]
    with pytest.raises(error):
        from_plain(ClaimView, plain)
