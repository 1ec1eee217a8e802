"""What a briefing page shows of claims over time, from the site's ledger.

:func:`claims_views` gathers, for each briefing, everything its page shows
that comes from *other* briefings: how each of its settled claims was
settled (:class:`~briefgen.model.page.SettledView`), for each of its
follow-ups the earlier claim it settles
(:class:`~briefgen.model.page.FollowView`), and its story.  The page record
(:func:`briefgen.render.page.briefing_page`), the body's tips and the
template read only this; the render record keys a page by it too
(:func:`briefgen.render.render_key`), so a page is rendered again exactly
when what it shows of another briefing changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefgen import markup
from briefgen.model import Briefing, Ledger, Site
from briefgen.model.page import BriefingRef, EarlierClaimView, FollowView, SettledView
from briefgen.render.escape import Markdown, escape_text
from briefgen.render.page import briefing_ref


@dataclass(frozen=True)
class ClaimsView:
    settled: dict[str, SettledView] = field(default_factory=dict)  # by claim key ("c1")
    follows: tuple[FollowView, ...] = ()  # in reading order
    story: tuple[BriefingRef, ...] = ()  # oldest first; empty: in no story


def day_words(iso: str) -> str:
    """``12 March 2025`` for an ISO date or date-time (its calendar day as written)."""
    day = dt.date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def claims_views(site: Site) -> dict[str, ClaimsView]:
    """The view of every page of the site (its indexes made once, not once a page)."""
    refs = {b.slug: briefing_ref(b, site) for b in site.pages}
    published = {b.slug: b for b in site.briefings}
    drafts = {b.slug: b for b in site.drafts}
    return {b.slug: _view(b, site.ledger, refs, published, drafts) for b in site.pages}


def claims_view(briefing: Briefing, site: Site) -> ClaimsView:
    """The view of one page (:func:`claims_views` for many): the references it
    shows are made, not those of every page."""
    published = {b.slug: b for b in site.briefings}
    drafts = {b.slug: b for b in site.drafts}
    return _view(briefing, site.ledger, _References(site), published, drafts)


class _References(dict[str, BriefingRef]):
    """Each briefing's reference, made when first asked for."""

    def __init__(self, site: Site) -> None:
        super().__init__()
        self.site = site
        self.pages = {b.slug: b for b in site.pages}

    def __missing__(self, slug: str) -> BriefingRef:
        ref = self[slug] = briefing_ref(self.pages[slug], self.site)
        return ref


def _view(
    briefing: Briefing,
    book: Ledger,
    refs: dict[str, BriefingRef],
    published: dict[str, Briefing],
    drafts: dict[str, Briefing],
) -> ClaimsView:
    """See the module docstring.  A draft shows its own follow-ups; nothing else
    counts them (the ledger holds the published briefings' only)."""
    settled: dict[str, SettledView] = {}
    if not briefing.draft:
        for claim in briefing.claims:
            settlement = book.settlement(briefing.slug, claim.id)
            if settlement is not None:
                settled[claim.key] = SettledView(
                    settlement.outcome,
                    refs[settlement.slug],
                    markup.passage_id(markup.FOLLOW, settlement.key),
                )
    follows = []
    for follow in briefing.follows:
        earlier = published.get(follow.target.slug)
        folder = "briefings"
        if earlier is None and briefing.draft:
            earlier, folder = drafts.get(follow.target.slug), "drafts"
        if earlier is None:
            continue  # the check reported it; a site with errors is not published
        named = next((c for c in earlier.claims if c.id == follow.target.claim_id), None)
        if named is None:
            continue
        follows.append(
            FollowView(
                key=follow.key,
                number=follow.number,
                quote=follow.quote,
                outcome=follow.outcome,
                claim=EarlierClaimView(
                    briefing=refs[earlier.slug],
                    folder=folder,
                    claim_id=follow.target.claim_id,
                    key=named.key,
                    number=named.number,
                    quote=named.quote,
                    credibility=named.credibility,
                    credibility_words=named.credibility_words,
                    source_name=named.source.name,
                ),
                note=follow.note,
                start=follow.span.start,
                end=follow.span.end,
            )
        )
    story = () if briefing.draft else tuple(refs[s] for s in book.stories.get(briefing.slug, []))
    return ClaimsView(settled, tuple(follows), story)


def _link(href: str, text: str) -> str:
    return f'<a href="{markup.escape_html(href)}">{escape_text(text)}</a>'


def outcome_sentence(settled: SettledView) -> Markdown:
    """``**Later refuted**, 20 April 2025: Talks collapse`` (a link to the settling passage)."""
    href = f"{markup.BRIEFING_ROOT}briefings/{settled.briefing.slug}/#{settled.anchor}"
    heading = escape_text(markup.outcome_heading(settled.outcome))
    return Markdown(
        f"{markup.strong(heading)}, {day_words(settled.briefing.date)}: "
        f"{_link(href, settled.briefing.title)}."
    )


def settles_sentence(follow: FollowView) -> Markdown:
    """What a follow-up's tip and list entry say of the earlier claim, with a link to it."""
    claim = follow.claim
    href = (
        f"{markup.BRIEFING_ROOT}{claim.folder}/{claim.briefing.slug}/"
        f"#{markup.passage_id(markup.CLAIM, claim.key)}"
    )
    return Markdown(
        f"claim {claim.number} of {_link(href, claim.briefing.title)} "
        f"({day_words(claim.briefing.date)}): “{escape_text(claim.quote)}”, "
        f"{escape_text(markup.credibility_grade(claim.credibility))}, "
        f"according to {escape_text(claim.source_name)}."
    )


def settles_words(follow: FollowView) -> str:
    """``refutes``: what the follow-up does to the earlier claim."""
    return markup.SETTLES_WORDS[follow.outcome]
