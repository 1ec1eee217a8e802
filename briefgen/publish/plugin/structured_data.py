"""Structured data for a briefing page: schema.org JSON-LD.

One ``<script type="application/ld+json">`` per briefing holds a graph of
an ``AnalysisNewsArticle`` (the briefing: headline, dates, author and
publisher, ``isBasedOn`` the original article) and one ``ClaimReview`` per
graded claim: ``claimReviewed`` the quoted words, ``itemReviewed`` a
``Claim`` whose author is the source (with its Admiralty reliability; a
``Person`` when the source is unnamed), which appeared first in the original
article (``appearance``, ``firstAppearance``: its address and outlet when
known) on the briefing's date, and ``reviewRating`` the credibility.  With an
absolute ``SITEURL`` the article has the site's picture (``SITE_IMAGE``, as
``og:image``) and the publisher its logo (``SITE_LOGO``).

The Admiralty credibility scale runs from 1 (confirmed) to 5 (improbable),
with 6 for "cannot be judged", which is not a point on that scale.  As a
``Rating`` it is turned round so that higher is better, as schema.org
assumes: ``ratingValue`` = 6 - credibility, ``bestRating`` 5 (confirmed),
``worstRating`` 1 (improbable), ``alternateName`` the words.  A claim graded
6 has no ``ratingValue``: only ``alternateName`` "cannot be judged".

A briefing that settles earlier claims (format 1.2, ``follows:``) carries a
``ClaimReview`` of each of them too, rated by its outcome
(:func:`outcome_rating`: confirmed 5 "true", partly 3 "partly true", refuted
1 "false"; unresolved has no value), its ``itemReviewed`` the claim on the
earlier briefing's page.

The JSON is editor text inside an HTML ``<script>`` element: ``<``, ``>``
and ``&`` (and the JavaScript line separators) are written as ``\\u`` escapes,
which JSON reads back as the same characters, so no text can close the
element or open a comment.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from briefgen.admiralty import CREDIBILITY_WORDS, RELIABILITY_WORDS
from briefgen.markup import CLAIM, FOLLOW, anchor_id
from briefgen.model.page import BriefingPage

BEST, WORST, UNRATED = 5, 1, 6
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(value: Any) -> str:
    """``value`` as JSON that can stand inside an HTML ``<script>`` element as it is."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.translate(_SCRIPT_SAFE)


def rating(credibility: int) -> dict[str, Any]:
    """The schema.org Rating for an Admiralty credibility grade (see the module docstring)."""
    value: dict[str, Any] = {"@type": "Rating"}
    if credibility != UNRATED:
        value["ratingValue"] = UNRATED - credibility
    value.update(
        bestRating=BEST, worstRating=WORST, alternateName=CREDIBILITY_WORDS[credibility]
    )
    return value


OUTCOME_RATINGS = {"confirmed": (5, "true"), "partly": (3, "partly true"),
                   "refuted": (1, "false"), "unresolved": (None, "unresolved")}


def outcome_rating(outcome: str) -> dict[str, Any]:
    """The schema.org Rating of a follow-up's outcome (see the module docstring)."""
    value, words = OUTCOME_RATINGS[outcome]
    rated: dict[str, Any] = {"@type": "Rating"}
    if value is not None:
        rated["ratingValue"] = value
    rated.update(bestRating=BEST, worstRating=WORST, alternateName=words)
    return rated


def briefing_graph(
    article: Any, page_address: str, site_name: str, desk: str,
    image: str = "", logo: str = "",
) -> dict[str, Any]:
    """The JSON-LD document of a briefing page (``page_address`` may be "" for a
    preview); ``image`` and ``logo`` are the site's picture and logo, absolute
    addresses ("" for a preview: schema.org wants them absolute)."""
    page: BriefingPage = article.briefing
    date = article.date.isoformat()
    page_id = page_address or ""
    desk_node = {"@type": "Organization", "name": desk or site_name}
    publisher: dict[str, Any] = {"@type": "Organization", "name": site_name}
    if logo:
        publisher["logo"] = {"@type": "ImageObject", "url": logo}
    briefing: dict[str, Any] = {
        "@type": "AnalysisNewsArticle",
        "@id": f"{page_id}#briefing",
        "headline": page.title,
        "datePublished": date,
        "author": desk_node,
        "publisher": publisher,
        "inLanguage": page.language or None,
        "keywords": list(page.tags) or None,
        "image": image or None,
    }
    if page_address:
        briefing["url"] = page_address
        briefing["mainEntityOfPage"] = page_address
    original: dict[str, Any] = {
        "@type": "NewsArticle",
        "publisher": {"@type": "Organization", "name": page.outlet.name},
    }
    if page.url:
        original["url"] = page.url
    if page.byline:
        original["author"] = {"@type": "Person", "name": page.byline}
    briefing["isBasedOn"] = original
    graph = [{k: v for k, v in briefing.items() if v is not None}]
    for claim in page.claims:
        grade = claim.source.reliability
        claim_author = {
            # An unnamed source (anonymous-official...) is a person the desk
            # cannot name; named sources are outlets, agencies, bodies.
            "@type": "Person" if claim.source.anonymous else "Organization",
            "name": claim.source.name or claim.source.id,
            "description": f"Admiralty source reliability {grade}: {RELIABILITY_WORDS[grade]}"
            if grade in RELIABILITY_WORDS else None,
        }
        # The claim was made in the original article, on the briefing's date.
        item: dict[str, Any] = {
            "@type": "Claim",
            "author": {k: v for k, v in claim_author.items() if v is not None},
            "datePublished": date,
            "appearance": original,
            "firstAppearance": original,
        }
        graph.append(
            _review(page_address, anchor_id(CLAIM, claim.key), claim.quote, item,
                    rating(claim.credibility), desk_node, date)
        )
    site_root = page_address.rsplit("briefings/", 1)[0] if page_address else ""
    for follow in page.follows:
        earlier = follow.claim
        item = {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": earlier.source_name},
        }
        if site_root:
            item["url"] = (
                f"{site_root}{earlier.folder}/{earlier.briefing.slug}/"
                f"#{anchor_id(CLAIM, earlier.key)}"
            )
        graph.append(
            _review(page_address, anchor_id(FOLLOW, follow.key), earlier.quote, item,
                    outcome_rating(follow.outcome), desk_node, date)
        )
    return {"@context": "https://schema.org", "@graph": graph}


def _review(
    page_address: str,
    anchor: str,
    quote: str,
    item: dict[str, Any],
    rated: dict[str, Any],
    desk: dict[str, Any],
    date: str,
) -> dict[str, Any]:
    """A ClaimReview of ``quote`` (``item``), at ``anchor`` on the page."""
    review = {
        "@type": "ClaimReview",
        "@id": f"{page_address}#{anchor}",
        "claimReviewed": quote,
        "itemReviewed": item,
        "reviewRating": rated,
        "author": desk,
        "datePublished": date,
    }
    if page_address:
        review["url"] = f"{page_address}#{anchor}"
    return review


def briefing_jsonld(
    article: Any, site_address: str, output_file: str, site_name: str, desk: str,
    image: str = "", logo: str = "",
) -> Markup:
    """The ``<script type="application/ld+json">`` element of a briefing page.

    ``site_address`` is the site's absolute address ("" for a preview),
    ``output_file`` the page's file as Pelican names it, ``image`` and ``logo``
    the site's picture and logo from the site's root (``theme/images/logo.png``).
    """
    from briefgen.publish.plugin.filters import page_path

    address = site_address + page_path(output_file) if site_address else ""
    image = site_address + image if site_address and image else ""
    logo = site_address + logo if site_address and logo else ""
    graph = briefing_graph(article, address, site_name, desk, image, logo)
    return Markup('<script type="application/ld+json">{}</script>').format(
        Markup(script_json(graph))
    )
