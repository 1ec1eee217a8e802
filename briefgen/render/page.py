"""The page records of :mod:`briefgen.model.page`, made from the checked site.

:func:`briefing_page` is what a briefing's page shows besides its body (and
what its structured data and annotation export are made of);
:func:`site_listings` is what the glossary and sources pages and the topic
feeds show.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from briefgen import markup
from briefgen.language import direction
from briefgen.model import Briefing, Site, Source
from briefgen.model.claims import RECORD_ORDER
from briefgen.model.page import (
    BriefingPage,
    BriefingRef,
    CitedClaim,
    ClaimView,
    NoteView,
    SettledView,
    SiteListings,
    SourceListing,
    SourceView,
    TermListing,
    TermView,
)

if TYPE_CHECKING:
    from briefgen.render.claims import ClaimsView


def own_language(briefing: Briefing, site: Site) -> str | None:
    """The briefing's language when it is not the site's (then pages say so), else None."""
    language = briefing.language or site.language
    return None if language == site.language else language


def source_view(source: Source) -> SourceView:
    return SourceView(
        id=source.id,
        name=source.name,
        kind=source.kind,
        reliability=source.reliability,
        reliability_words=source.reliability_words,
        anonymous=source.anonymous,
        url=source.url,
        shared=source.shared,
    )


def iso_date(date: dt.date | dt.datetime) -> str:
    return date.isoformat()


def briefing_page(
    briefing: Briefing, site: Site | None = None, view: ClaimsView | None = None
) -> BriefingPage:
    """The page record of one briefing (with ``site``, its language only if not the site's;
    with ``view``, what other briefings say of its claims and the claims it settles)."""
    language = own_language(briefing, site) if site is not None else briefing.language
    settled = view.settled if view is not None else {}
    return BriefingPage(
        title=briefing.title,
        date=iso_date(briefing.date),
        slug=briefing.slug,
        summary=briefing.summary,
        outlet=source_view(briefing.outlet),
        tags=tuple(briefing.tags),
        url=briefing.url,
        byline=briefing.byline,
        claims=tuple(
            ClaimView(
                key=claim.key,
                number=claim.number,
                quote=claim.quote,
                credibility=claim.credibility,
                credibility_words=claim.credibility_words,
                source=source_view(claim.source),
                note=claim.note,
                start=claim.span.start,
                end=claim.span.end,
                settled=settled.get(claim.key),
            )
            for claim in briefing.claims
        ),
        notes=tuple(
            NoteView(note.key, note.number, note.quote, note.text, note.span.start, note.span.end)
            for note in briefing.notes
        ),
        terms=tuple(
            TermView(
                id=term.id,
                term=term.term,
                definition=term.definition,
                expansion=term.expansion,
                shared=term.shared,
                start=match.span.start,
                end=match.span.end,
            )
            for term, match in briefing.terms
        ),
        language=language or None,
        dir=direction(language) if language else None,
        draft=briefing.draft,
        related=tuple(link.slug for link in briefing.related),
        follows=view.follows if view is not None else (),
        story=view.story if view is not None else (),
    )


def briefing_ref(briefing: Briefing, site: Site) -> BriefingRef:
    language = own_language(briefing, site)
    return BriefingRef(
        slug=briefing.slug,
        title=briefing.title,
        date=iso_date(briefing.date),
        language=language,
        dir=direction(language) if language else None,
    )


def site_listings(site: Site) -> SiteListings:
    """What the glossary and sources pages show, newest briefing first."""
    term_refs: dict[str, list[BriefingRef]] = {term_id: [] for term_id in site.glossary}
    cited: dict[str, list[CitedClaim]] = {source_id: [] for source_id in site.sources}
    outlet_of: dict[str, list[BriefingRef]] = {source_id: [] for source_id in site.sources}
    records = {source_id: dict.fromkeys(RECORD_ORDER, 0) for source_id in site.sources}
    refs = {briefing.slug: briefing_ref(briefing, site) for briefing in site.briefings}
    for briefing in site.briefings:  # already newest first
        ref = refs[briefing.slug]
        for term_id in briefing.term_ids:
            if term_id in term_refs:
                term_refs[term_id].append(ref)
        if briefing.outlet.id in outlet_of:
            outlet_of[briefing.outlet.id].append(ref)
        for claim in briefing.claims:
            if claim.source.shared and claim.source.id in cited:
                outcome = site.ledger.outcome(briefing.slug, claim.id)
                settlement = site.ledger.settlement(briefing.slug, claim.id)
                records[claim.source.id][outcome] += 1
                cited[claim.source.id].append(
                    CitedClaim(
                        briefing=ref,
                        key=claim.key,
                        anchor=markup.anchor_id(markup.CLAIM, claim.key),
                        quote=claim.quote,
                        credibility=claim.credibility,
                        credibility_words=claim.credibility_words,
                        note=claim.note,
                        outcome=outcome,
                        settled=None
                        if settlement is None
                        else SettledView(
                            settlement.outcome,
                            refs[settlement.slug],
                            markup.passage_id(markup.FOLLOW, settlement.key),
                        ),
                    )
                )
    return SiteListings(
        terms={
            term_id: TermListing(
                term=term.term,
                definition=term.definition,
                expansion=term.expansion,
                aliases=tuple(term.aliases),
                see_also=tuple(term.see_also),
                category=term.category,
                briefings=tuple(term_refs[term_id]),
            )
            for term_id, term in site.glossary.items()
        },
        sources={
            source_id: SourceListing(
                source=source_view(source),
                rationale=source.rationale,
                claims=tuple(cited[source_id]),
                outlet_of=tuple(outlet_of[source_id]),
                record=records[source_id],
            )
            for source_id, source in site.sources.items()
        },
    )
