"""``site.json``: the site's listings, made again only when what they show changed.

The glossary and sources pages and the topic feeds read one
:class:`~briefgen.model.page.SiteListings` (:func:`briefgen.render.page.site_listings`),
made from every published briefing.  Most edits change nothing it shows (a
summary, a note, an article's words): :func:`write_listings` keys the file
by a digest of what the listings read of each briefing, kept in the build
state by the key of the briefing's inputs, so an unchanged briefing
contributes a stored digest and the listings are made and written only
when that key changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefgen.incremental.keys import digest
from briefgen.incremental.store import MARSHAL, TEXT, BuildState, Output
from briefgen.model import Briefing, Site
from briefgen.model import page as page_codec
from briefgen.render.page import iso_date, site_listings

# The key of a briefing's inputs -> the digest of what the listings read of it.
LISTED: Output[str] = Output("listing-digests", MARSHAL, preload=True)
# File name -> the key of the listings written to it.
LISTINGS: Output[str] = Output("listings-made", TEXT, preload=True)


def listed_digest(briefing: Briefing) -> str:
    """What :func:`~briefgen.render.page.site_listings` reads of one briefing itself."""
    parts = [
        briefing.slug,
        briefing.title,
        iso_date(briefing.date),
        briefing.language or "",
        briefing.outlet.id,
        "\x1f".join(briefing.term_ids),
    ]
    for claim in briefing.claims:
        source = claim.source
        parts.append(repr((source.id, source.shared, claim.key, claim.quote, claim.credibility,
                           claim.note, claim.id)))
    return digest(*parts)


def listings_key(site: Site, listed: list[str]) -> str:
    """The key of the listings of ``site`` whose published briefings gave ``listed``.

    Besides each briefing's own digest (in the site's order): the site's
    language, the registers, and how each claim was settled (the settling
    briefing's title and date are in its own digest).
    """
    latest = sorted(site.ledger.latest.items(), key=lambda item: item[0])
    return digest(site.language, repr(site.glossary), repr(site.sources), repr(latest), *listed)


def write_listings(
    site: Site, path: Path, state: BuildState, inputs_key: Callable[[Briefing], str | None]
) -> bool:
    """Write the site's listings to ``path`` unless its key is the one recorded; True if
    the file changed."""
    recorded = state.table(LISTED)
    listed = []
    for briefing in site.briefings:
        own = inputs_key(briefing)
        made = recorded.get(own) if own is not None else None
        if made is None:
            made = listed_digest(briefing)
            if own is not None:
                recorded.put(own, made)
        listed.append(made)
    key = listings_key(site, listed)
    keys = state.table(LISTINGS)
    changed = False
    if keys.get(path.name) != key or not path.is_file():
        data = page_codec.dumps(site_listings(site)).encode("utf-8")
        try:
            changed = path.read_bytes() != data
        except FileNotFoundError:
            changed = True
        if changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        keys.put(path.name, key)
    keys.keep(path.name)
    recorded.commit()
    keys.commit()
    return changed
