"""Claims over time: follow-ups, outcomes, stories and track records.

A briefing grades a claim when it is published; a later briefing settles it
with a ``follows`` entry (:class:`FollowUp`).  A claim's *outcome* is that
of its latest follow-up by briefing date (:func:`latest_follow_ups`);
``unresolved`` keeps it open, and a claim no briefing follows is open.
Briefings joined by follow-ups, in either direction and transitively, form a
*story* (:func:`stories`).  A source's *track record* counts how its claims
turned out (:func:`track_record`).

Everything here is a pure function of the checked briefings: it reads no
file, and the order the briefings come in changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.model.article import Span
from briefgen.model.dates import sortable_date

if TYPE_CHECKING:
    from briefgen.diagnostics import Location
    from briefgen.model.briefing import Briefing, Claim

OUTCOMES = ("confirmed", "refuted", "partly", "unresolved")
"""What a follow-up may say of the claim it settles."""

OPEN = "open"
"""The outcome of a claim no follow-up settles (or whose latest says ``unresolved``)."""

RECORD_ORDER = ("confirmed", "partly", "refuted", OPEN)
"""The groups of a track record, in the order pages list them."""

OUTCOME_WORDS = {
    "confirmed": "later confirmed",
    "refuted": "later refuted",
    "partly": "later partly confirmed",
    "unresolved": "still unresolved",
    OPEN: "not yet settled",
}
"""What a reader sees next to a claim's grade (words, never colour alone)."""

SETTLES_WORDS = {
    "confirmed": "confirms",
    "refuted": "refutes",
    "partly": "partly confirms",
    "unresolved": "leaves unresolved",
}
"""What the settling passage of a later briefing does to the earlier claim."""


@dataclass(frozen=True, order=True)
class ClaimRef:
    """A claim of the site by its briefing's slug and its own ``id``."""

    slug: str
    claim_id: str

    def __str__(self) -> str:
        return f"{self.slug}#{self.claim_id}"

    @classmethod
    def parse(cls, text: str) -> ClaimRef:
        """``"slug#id"`` (already checked by the sidecar schema)."""
        slug, _, claim_id = text.partition("#")
        return cls(slug, claim_id)


@dataclass(frozen=True)
class FollowUp:
    """One ``follows`` entry of a briefing: the passage that settles an earlier claim."""

    number: int  # 1, 2... in reading order of the article
    span: Span
    quote: str  # the passage as the article has it
    target: ClaimRef
    outcome: str  # one of OUTCOMES
    note: str | None = None  # inline Markdown
    location: Location | None = None  # where the sidecar names the claim

    @property
    def key(self) -> str:
        """Its id among the briefing's annotations: "f1", "f2"..."""
        return f"f{self.number}"


@dataclass(frozen=True)
class Settlement:
    """A follow-up as it counts towards a claim's outcome: what, when, by which briefing."""

    target: ClaimRef
    outcome: str
    date: dt.date | dt.datetime  # the settling briefing's date
    slug: str  # the settling briefing
    key: str  # the follow-up's key in it ("f1")
    title: str = ""

    @property
    def day(self) -> str:
        """The calendar day (UTC for a date-time), as ``YYYY-MM-DD``."""
        return sortable_date(self.date)[:10]

    @property
    def order(self) -> tuple[str, str, str, str]:
        """Later follow-ups sort last; ties broken by slug and key, never by reading order."""
        return (self.day, sortable_date(self.date), self.slug, self.key)

    @property
    def settled(self) -> bool:
        return self.outcome != "unresolved"


def settlements_of(briefings: Iterable[Briefing]) -> list[Settlement]:
    """Every follow-up of these briefings as a :class:`Settlement`."""
    return [
        Settlement(f.target, f.outcome, b.date, b.slug, f.key, b.title)
        for b in briefings
        for f in b.follows
    ]


def latest_follow_ups(settlements: Iterable[Settlement]) -> dict[ClaimRef, Settlement]:
    """Each claim's latest follow-up by briefing date: what decides its outcome.

    Whatever order ``settlements`` come in, the result is the same.
    """
    latest: dict[ClaimRef, Settlement] = {}
    for settlement in settlements:
        current = latest.get(settlement.target)
        if current is None or settlement.order > current.order:
            latest[settlement.target] = settlement
    return latest


def outcome_of(latest: Settlement | None) -> str:
    """``confirmed``, ``refuted`` or ``partly``; ``open`` when nothing settled it."""
    if latest is None or not latest.settled:
        return OPEN
    return latest.outcome


@dataclass
class Ledger:
    """The site's follow-ups, resolved: outcomes, each claim's history, stories.

    Made by the check step from the published briefings only (a draft's
    follow-ups count only on its own preview page).
    """

    latest: dict[ClaimRef, Settlement] = field(default_factory=dict)
    history: dict[ClaimRef, list[Settlement]] = field(default_factory=dict)  # oldest first
    stories: dict[str, list[str]] = field(default_factory=dict)  # slug -> story, oldest first

    def outcome(self, slug: str, claim_id: str | None) -> str:
        if claim_id is None:
            return OPEN
        return outcome_of(self.latest.get(ClaimRef(slug, claim_id)))

    def settlement(self, slug: str, claim_id: str | None) -> Settlement | None:
        """The follow-up that decides the claim's outcome, when one settles it."""
        if claim_id is None:
            return None
        latest = self.latest.get(ClaimRef(slug, claim_id))
        return latest if latest is not None and latest.settled else None


def ledger(briefings: Sequence[Briefing]) -> Ledger:
    """The ledger of these (published, checked) briefings."""
    settlements = settlements_of(briefings)
    history: dict[ClaimRef, list[Settlement]] = defaultdict(list)
    for settlement in sorted(settlements, key=lambda s: s.order):
        history[settlement.target].append(settlement)
    return Ledger(latest_follow_ups(settlements), dict(history), stories(briefings))


def stories(briefings: Sequence[Briefing]) -> dict[str, list[str]]:
    """Each briefing joined to another by a follow-up: its story's slugs in date order.

    A story is a connected group of briefings (follow-ups join both ways,
    transitively); briefings that follow nothing and that nothing follows
    are in no story.
    """
    known = {b.slug: b for b in briefings}
    parent = {slug: slug for slug in known}

    def root(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    joined: set[str] = set()
    for briefing in briefings:
        for follow in briefing.follows:
            if follow.target.slug in known and follow.target.slug != briefing.slug:
                a, b = sorted((root(briefing.slug), root(follow.target.slug)))
                parent[b] = a
                joined.update((briefing.slug, follow.target.slug))
    groups: dict[str, list[str]] = defaultdict(list)
    for slug in joined:
        groups[root(slug)].append(slug)
    result: dict[str, list[str]] = {}
    for members in groups.values():
        ordered = sorted(members, key=lambda s: (sortable_date(known[s].date), s))
        for slug in ordered:
            result[slug] = ordered
    return result


@dataclass(frozen=True)
class RecordEntry:
    """One claim of a source's track record."""

    briefing: Briefing
    claim: Claim
    outcome: str  # confirmed, partly, refuted or open
    settlement: Settlement | None


def track_records(
    briefings: Iterable[Briefing], book: Ledger
) -> dict[str, dict[str, list[RecordEntry]]]:
    """Every source's claims grouped by outcome (:data:`RECORD_ORDER`), in one pass
    over the briefings, in their order."""
    records: dict[str, dict[str, list[RecordEntry]]] = {}
    for briefing in briefings:
        for claim in briefing.claims:
            groups = records.get(claim.source.id)
            if groups is None:
                groups = records[claim.source.id] = {outcome: [] for outcome in RECORD_ORDER}
            outcome = book.outcome(briefing.slug, claim.id)
            settlement = book.settlement(briefing.slug, claim.id)
            groups[outcome].append(RecordEntry(briefing, claim, outcome, settlement))
    return records


def record_counts(briefings: Iterable[Briefing], book: Ledger) -> dict[str, dict[str, int]]:
    """How many claims of each source turned out each way (:data:`RECORD_ORDER`): the
    sizes of :func:`track_records`' groups, without making its entries."""
    counts: dict[str, dict[str, int]] = {}
    for briefing in briefings:
        for claim in briefing.claims:
            groups = counts.get(claim.source.id)
            if groups is None:
                groups = counts[claim.source.id] = dict.fromkeys(RECORD_ORDER, 0)
            groups[book.outcome(briefing.slug, claim.id)] += 1
    return counts


def track_record(
    briefings: Iterable[Briefing], book: Ledger, source_id: str
) -> dict[str, list[RecordEntry]]:
    """One source's claims grouped by outcome (:data:`RECORD_ORDER`), in the briefings' order."""
    empty: dict[str, list[RecordEntry]] = {outcome: [] for outcome in RECORD_ORDER}
    return track_records(briefings, book).get(source_id, empty)


def record_contradicts(reliability: str, counts: dict[str, int]) -> str | None:
    """What a track record shows when it clearly contradicts the register's grade, or None.

    The rule of the format: at least 5 settled claims, and graded A or B with
    more than a third refuted, or graded D or E with more than two thirds
    confirmed.
    """
    settled = sum(counts.get(o, 0) for o in ("confirmed", "partly", "refuted"))
    if settled < 5:
        return None
    refuted, confirmed = counts.get("refuted", 0), counts.get("confirmed", 0)
    if reliability in ("A", "B") and refuted * 3 > settled:
        return f"{refuted} of its {settled} settled claims were refuted"
    if reliability in ("D", "E") and confirmed * 3 > settled * 2:
        return f"{confirmed} of its {settled} settled claims were confirmed"
    return None
