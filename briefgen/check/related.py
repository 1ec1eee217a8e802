"""Links between briefings: unique slugs, listed links, backlinks, shared terms."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import takewhile
from typing import Any

from briefgen.diagnostics import DiagnosticList, Location, suggest
from briefgen.model import Briefing, RelatedLink, sortable_date

RELATED_BY_TERMS = 5  # how many "shares terms with" links a briefing page shows
TERM_USERS_RANKED = 200  # a term counts for "shares terms" among its newest 200 users only


def check_slugs(briefings: list[Briefing], diagnostics: DiagnosticList) -> None:
    """Report and drop every briefing whose slug an earlier one already has."""
    seen: dict[str, Briefing] = {}
    for briefing in list(briefings):
        first = seen.setdefault(briefing.slug, briefing)
        if first is not briefing:
            diagnostics.error(
                "briefgen.duplicate-slug",
                f"slug '{briefing.slug}' is already used by {first.sidecar_path.name}",
                Location(briefing.sidecar_path, 1, 1),
            )
            briefings.remove(briefing)


def link_related(
    briefings: list[Briefing],
    diagnostics: DiagnosticList,
    cache: Any = None,
    failed_slugs: Iterable[str] = (),
    *,
    drafts: Sequence[Briefing] = (),
    failed_links: Sequence[RelatedLink] = (),
) -> None:
    """Explicit related links, backlinks, and briefings that share terms.

    ``failed_slugs`` are briefings that have errors of their own: they are
    left out of the site, but a link to one is not "unknown".

    The "shares terms" ranking depends on every briefing's slug, date, terms
    and listed links only; ``cache`` (a BriefingCache) keeps the last one, so
    a build in which none of those changed (most rebuilds) reuses it.

    ``briefings`` are the published ones.  A draft links to them like any
    briefing, but nothing links to a draft: a listed link to one is left out
    with a warning until it is published, and it is never a backlink or a
    briefing that shares terms.

    ``failed_links`` are the links listed by briefings with errors: they are
    checked like the others (an unknown slug is reported in the same run as
    the errors that keep its briefing out), then dropped.
    """
    by_slug = {b.slug: b for b in briefings}
    failed = set(failed_slugs)
    draft_slugs = {b.slug for b in drafts}
    _listed(failed_links, by_slug, draft_slugs, failed, diagnostics)
    backlinks: dict[str, list[str]] = defaultdict(list)
    for briefing in briefings:
        for link in _listed(briefing.listed_related, by_slug, draft_slugs, failed, diagnostics):
            backlinks[link.slug].append(briefing.slug)
    listed: dict[str, list[RelatedLink]] = {}
    shown: dict[str, set[str]] = {}
    for briefing in briefings:
        links = [link for link in briefing.listed_related if link.slug in by_slug]
        seen = {briefing.slug} | {link.slug for link in links}
        for slug in sorted(backlinks.get(briefing.slug, [])):
            if slug not in seen:
                links.append(RelatedLink(slug, "links here"))
                seen.add(slug)
        listed[briefing.slug], shown[briefing.slug] = links, seen
    key = ranking_key(briefings, shown)
    ranked = cache.ranking(key) if cache is not None else None
    if ranked is None:
        ranked = rank_by_shared_terms(by_slug, shown)
        if cache is not None:
            cache.remember_ranking(key, ranked)
    for briefing in briefings:
        briefing.related = listed[briefing.slug] + [
            RelatedLink(slug, "shares terms") for slug in ranked[briefing.slug]
        ]
    if drafts:
        users, rank = term_users(by_slug)
        for draft in drafts:
            links = _listed(draft.listed_related, by_slug, draft_slugs, failed, diagnostics)
            seen = {draft.slug} | {link.slug for link in links}
            shared: Counter[str] = Counter()
            for term_id in draft.term_ids:
                shared.update(users.get(term_id, ()))
            for other in seen:
                shared.pop(other, None)
            draft.related = links + [
                RelatedLink(slug, "shares terms") for slug in most_shared(shared, rank)
            ]


def _listed(
    listed: Iterable[RelatedLink],
    by_slug: dict[str, Briefing],
    draft_slugs: set[str],
    failed: set[str],
    diagnostics: DiagnosticList,
) -> list[RelatedLink]:
    """The listed links to published briefings; the others reported.

    A link to a briefing that has errors of its own (``failed``) is left out
    without a second error: its own errors say what to fix.
    """
    links = []
    for link in listed:
        if link.slug in by_slug:
            links.append(link)
        elif link.slug in failed:
            continue
        elif link.slug in draft_slugs:
            diagnostics.warning(
                "briefgen.related-draft",
                f"related briefing '{link.slug}' is a draft: the link is left out until it "
                "is published",
                link.location,
            )
        else:
            closest = suggest(link.slug, [*by_slug, *draft_slugs, *failed])
            diagnostics.error(
                "briefgen.unknown-related",
                f"unknown briefing slug '{link.slug}' in related" + closest.words,
                link.location,
                closest.fix,
            )
    return links


def ranking_key(briefings: list[Briefing], shown: dict[str, set[str]]) -> str:
    """Digest of everything :func:`rank_by_shared_terms` reads."""
    hasher = hashlib.blake2b(f"{RELATED_BY_TERMS} {TERM_USERS_RANKED}".encode(), digest_size=16)
    for briefing in sorted(briefings, key=lambda b: b.slug):
        fields = (
            briefing.slug,
            sortable_date(briefing.date),
            "\x1f".join(briefing.term_ids),
            "\x1f".join(sorted(shown[briefing.slug])),
        )
        hasher.update("\x1e".join(fields).encode() + b"\x1d")
    return hasher.hexdigest()


def rank_by_shared_terms(
    by_slug: dict[str, Briefing], shown: dict[str, set[str]]
) -> dict[str, list[str]]:
    """For each briefing, the briefings not already shown that share most terms with it."""
    users, rank = term_users(by_slug)
    ranked: dict[str, list[str]] = {}
    for slug, briefing in by_slug.items():
        shared: Counter[str] = Counter()
        for term_id in briefing.term_ids:
            shared.update(users[term_id])
        for other in shown[slug]:
            shared.pop(other, None)
        ranked[slug] = most_shared(shared, rank)
    return ranked


def term_users(
    by_slug: dict[str, Briefing],
) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Each term's users that count for the ranking, and each briefing's rank by date."""
    # Newest first, then by slug: the order among briefings sharing as many terms
    # (a stable sort keeps the slug order among equal dates, reversed or not).
    dates = {slug: sortable_date(b.date) for slug, b in by_slug.items()}
    order = sorted(sorted(by_slug), key=dates.__getitem__, reverse=True)
    rank = {slug: index for index, slug in enumerate(order)}
    by_term: dict[str, list[str]] = defaultdict(list)
    for slug in order:
        for term_id in by_slug[slug].term_ids:
            by_term[term_id].append(slug)
    # A term that most briefings use says little about which are related, and
    # counting all its users makes the ranking grow with N squared: such a term
    # counts only for its newest users.
    users = {term_id: slugs[:TERM_USERS_RANKED] for term_id, slugs in by_term.items()}
    return users, rank


def most_shared(shared: Counter[str], rank: dict[str, int]) -> list[str]:
    """The RELATED_BY_TERMS slugs that share the most terms, newest first among equals.

    Only candidates sharing at least as many terms as the last one shown can
    be shown, so those are found first by count alone (a sort in C) and only
    they are ranked in Python.
    """
    by_count = shared.most_common()
    if len(by_count) > RELATED_BY_TERMS:
        least = by_count[RELATED_BY_TERMS - 1][1]
        by_count = list(takewhile(lambda item: item[1] >= least, by_count))
    ranked = sorted(by_count, key=lambda item: (-item[1], rank[item[0]]))
    return [slug for slug, _count in ranked[:RELATED_BY_TERMS]]
