"""A checked briefing's compact row: what the site-wide steps read of it.

An incremental build still links every briefing to the others (slugs,
related links, follow-ups, stories, track records, the glossary and sources
pages), but reads only a few fields of each: its slug, title, date, status,
claims, follow-ups, listed links and the ids of the terms it marks.  Those
are kept as a row of plain values (:func:`row_of`) beside the pickled
briefing in the check step's record; the row of an unchanged briefing is
turned back into a :class:`RecordedBriefing` (:func:`briefing_of`), several
times cheaper than unpickling the whole briefing.  Its bulky fields (the
article, its sources, notes and marked terms) are unpickled from the record
the first time something reads them: only for the briefings a build renders
or exports again.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefgen.diagnostics import Location
from briefgen.model import Briefing, Claim, ClaimRef, FollowUp, RelatedLink, Source, Span

# The fields a row leaves out, read from the whole briefing on first use.
BULKY = ("article", "sources", "notes", "terms")

Row = tuple[Any, ...]  # plain values only: the record stores rows with marshal


class RecordedBriefing(Briefing):
    """A briefing made from its row; :data:`BULKY` fields load on first use.

    It is a :class:`~briefgen.model.Briefing` in every respect: reading
    ``article`` (or another bulky field) unpickles the whole briefing once
    and keeps those fields.  Pickled, it becomes a plain ``Briefing``.
    """

    def __init__(
        self, load: Callable[[], Briefing], article_path: str, term_ids: list[str],
        **fields: Any,
    ) -> None:
        # No dataclass __init__: the bulky fields stay unset until read.
        self.__dict__.update(fields)
        self._load = load
        self._article_path = article_path
        self._term_ids = term_ids

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not set: the bulky fields, before first use.
        if name not in BULKY:
            raise AttributeError(name)
        whole = self._load()
        for bulky in BULKY:
            self.__dict__[bulky] = getattr(whole, bulky)
        return self.__dict__[name]

    @property
    def term_ids(self) -> list[str]:
        if "terms" in self.__dict__:
            return [term.id for term, _ in self.terms]
        return list(self._term_ids)

    @property
    def article_path(self) -> Path:
        return Path(self._article_path)

    def __reduce__(self) -> tuple[Any, ...]:
        names = [f.name for f in dataclasses.fields(Briefing)]
        return (_plain_briefing, (names, [getattr(self, name) for name in names]))


def _plain_briefing(names: list[str], values: list[Any]) -> Briefing:
    return Briefing(**dict(zip(names, values, strict=True)))


def row_of(briefing: Briefing) -> Row:
    """The row of a briefing just checked (see the module docstring)."""
    here = str(briefing.sidecar_path)
    return (
        briefing.slug,
        str(briefing.article.path),
        here,
        briefing.title,
        pickle.dumps(briefing.date, pickle.HIGHEST_PROTOCOL),
        _source(briefing.outlet),
        briefing.summary,
        briefing.url,
        briefing.byline,
        list(briefing.tags),
        [_claim(claim, here) for claim in briefing.claims],
        [
            (link.slug, link.reason, link.note, _location(link.location, here))
            for link in briefing.listed_related
        ],
        briefing.language,
        briefing.draft,
        [_follow(follow, here) for follow in briefing.follows],
        briefing.term_ids,
    )


def briefing_of(row: Row, load: Callable[[], Briefing]) -> RecordedBriefing:
    """The briefing of a row; ``load`` gives the whole briefing when a bulky field is read."""
    (slug, article, sidecar, title, date, outlet, summary, url, byline, tags, claims,
     listed, language, draft, follows, term_ids) = row
    here = Path(sidecar)
    sources: dict[tuple[Any, ...], Source] = {}  # one object per distinct source
    return RecordedBriefing(
        load,
        article,
        term_ids,
        slug=slug,
        sidecar_path=here,
        title=title,
        date=pickle.loads(date),
        outlet=_source_of(outlet, sources),
        summary=summary,
        url=url,
        byline=byline,
        tags=list(tags),
        claims=[
            Claim(number, Span(start, end), quote, _source_of(source, sources), credibility,
                  note, claim_id, _location_of(where, here))
            for number, start, end, quote, source, credibility, note, claim_id, where in claims
        ],
        listed_related=[
            RelatedLink(link_slug, reason, note, _location_of(where, here))
            for link_slug, reason, note, where in listed
        ],
        related=[],
        language=language,
        draft=draft,
        follows=[
            FollowUp(number, Span(start, end), quote, ClaimRef(target_slug, claim_id), outcome,
                     note, _location_of(where, here))
            for number, start, end, quote, target_slug, claim_id, outcome, note, where in follows
        ],
    )


def _source(source: Source) -> tuple[Any, ...]:
    return (source.id, source.name, source.kind, source.reliability, source.rationale,
            source.note, source.url, source.shared)


def _source_of(fields: list[Any] | tuple[Any, ...], made: dict[tuple[Any, ...], Source]) -> Source:
    key = tuple(fields)
    source = made.get(key)
    if source is None:
        source = made[key] = Source(*key)
    return source


def _claim(claim: Claim, here: str) -> tuple[Any, ...]:
    return (claim.number, claim.span.start, claim.span.end, claim.quote, _source(claim.source),
            claim.credibility, claim.note, claim.id, _location(claim.id_location, here))


def _follow(follow: FollowUp, here: str) -> tuple[Any, ...]:
    return (follow.number, follow.span.start, follow.span.end, follow.quote,
            follow.target.slug, follow.target.claim_id, follow.outcome, follow.note,
            _location(follow.location, here))


def _location(location: Location | None, here: str) -> tuple[Any, ...] | None:
    """A location as plain values; its path left out when it is the sidecar's (most are)."""
    if location is None:
        return None
    path = str(location.path)
    return (None if path == here else path, location.line, location.col)


def _location_of(fields: Any, here: Path) -> Location | None:
    if fields is None:
        return None
    path, line, col = fields
    return Location(here if path is None else Path(path), line, col)
