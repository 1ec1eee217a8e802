"""Outcomes, stories and track records (briefgen.model.claims), against simple references."""

from __future__ import annotations

import datetime as dt
import random as random_module
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefgen.model import Article, Briefing, Claim, ClaimRef, FollowUp, Source, Span
from briefgen.model.claims import (
    OPEN,
    Ledger,
    Settlement,
    latest_follow_ups,
    ledger,
    outcome_of,
    record_contradicts,
    record_counts,
    stories,
    track_record,
    track_records,
)

CLAIMS = [ClaimRef("a", "x"), ClaimRef("a", "y"), ClaimRef("b", "x")]
DAYS = [dt.date(2025, 3, d) for d in range(1, 6)]
MOMENTS = DAYS + [dt.datetime(2025, 3, d, h, tzinfo=dt.UTC) for d in (1, 3) for h in (6, 18)]

SLUGS = ["c", "d", "e", "g"]


@st.composite
def settlement_lists(draw: st.DrawFn) -> list[Settlement]:
    """Follow-ups as a site has them: one date per briefing, one outcome per follow-up."""
    dates = {slug: draw(st.sampled_from(MOMENTS)) for slug in SLUGS}
    follow_ups = draw(
        st.lists(
            st.tuples(st.sampled_from(SLUGS), st.sampled_from(["f1", "f2", "f3"])),
            unique=True,
            max_size=12,
        )
    )
    return [
        Settlement(
            target=draw(st.sampled_from(CLAIMS)),
            outcome=draw(st.sampled_from(["confirmed", "refuted", "partly", "unresolved"])),
            date=dates[slug],
            slug=slug,
            key=key,
        )
        for slug, key in follow_ups
    ]


def reference_outcomes(settlements: list[Settlement]) -> dict[ClaimRef, str]:
    """The format page's rule, read literally: sort everything by date, the last one counts."""
    ordered = sorted(settlements, key=lambda s: (s.day, s.order))
    result: dict[ClaimRef, str] = {}
    for settlement in ordered:
        result[settlement.target] = (
            settlement.outcome if settlement.outcome != "unresolved" else OPEN
        )
    return result


@given(settlement_lists(), st.randoms())
def test_outcome_does_not_depend_on_the_order_files_are_read(
    settlements: list[Settlement], random: random_module.Random
) -> None:
    shuffled = list(settlements)
    random.shuffle(shuffled)
    first = latest_follow_ups(settlements)
    again = latest_follow_ups(shuffled)
    assert first == again
    assert {ref: outcome_of(s) for ref, s in first.items()} == reference_outcomes(settlements)


def test_latest_by_date_wins_and_unresolved_reopens() -> None:
    ref = CLAIMS[0]
    old = Settlement(ref, "confirmed", dt.date(2025, 3, 1), "c", "f1")
    new = Settlement(ref, "refuted", dt.date(2025, 3, 9), "b", "f1")
    assert latest_follow_ups([new, old])[ref] == new
    reopened = Settlement(ref, "unresolved", dt.date(2025, 4, 1), "d", "f1")
    assert outcome_of(latest_follow_ups([old, new, reopened])[ref]) == OPEN
    assert outcome_of(None) == OPEN


def _briefing(
    slug: str, day: int, claims: Sequence[Claim] = (), follows: Sequence[str] = ()
) -> Briefing:
    source = Source("wire", "The Wire", "outlet", "B")
    return Briefing(
        slug=slug,
        article=Article(Path(f"{slug}.txt"), "H", []),
        sidecar_path=Path(f"{slug}.yaml"),
        title=slug.upper(),
        date=dt.date(2025, 1, day),
        outlet=source,
        summary="S.",
        url=None,
        byline=None,
        tags=[],
        sources=[source],
        claims=list(claims),
        notes=[],
        terms=[],
        listed_related=[],
        follows=[
            FollowUp(n, Span(0, 1), "q", ClaimRef.parse(ref), outcome)
            for n, (ref, outcome) in enumerate((f.split(" ") for f in follows), start=1)
        ],
    )


def _claim(number: int, claim_id: str, reliability: str = "B") -> Claim:
    source = Source("wire", "The Wire", "outlet", reliability)
    return Claim(number, Span(0, 1), "q", source, 3, None, id=claim_id)


def test_stories_join_both_ways_transitively_in_date_order() -> None:
    a = _briefing("a", 1, [_claim(1, "x")])
    b = _briefing("b", 5, [_claim(1, "y")], ["a#x confirmed"])
    c = _briefing("c", 9, follows=["b#y refuted"])
    lone = _briefing("lone", 3)
    d = _briefing("d", 2, [_claim(1, "z")])
    e = _briefing("e", 4, follows=["d#z partly"])
    found = stories([c, lone, e, a, d, b])
    assert found["a"] == found["b"] == found["c"] == ["a", "b", "c"]
    assert found["d"] == found["e"] == ["d", "e"]
    assert "lone" not in found


def test_track_record_groups_claims_by_outcome() -> None:
    a = _briefing("a", 1, [_claim(1, "x"), _claim(2, "y"), _claim(3, "z"), _claim(4, "w")])
    b = _briefing("b", 5, follows=["a#x confirmed", "a#y refuted", "a#w unresolved"])
    book = ledger([a, b])
    groups = track_record([a, b], book, "wire")
    assert {k: [e.claim.id for e in v] for k, v in groups.items()} == {
        "confirmed": ["x"], "partly": [], "refuted": ["y"], "open": ["z", "w"]
    }
    assert groups["confirmed"][0].settlement is not None
    assert groups["confirmed"][0].settlement.slug == "b"
    nothing_settled = track_record([a, b], Ledger(), "wire")
    assert [e.claim.id for e in nothing_settled["open"]] == ["x", "y", "z", "w"]


def test_record_counts_are_the_sizes_of_the_track_record_groups() -> None:
    a = _briefing("a", 1, [_claim(1, "x"), _claim(2, "y"), _claim(3, "z"), _claim(4, "w")])
    b = _briefing("b", 5, [_claim(1, "v", "D")],
                  ["a#x confirmed", "a#y refuted", "a#w unresolved"])
    c = _briefing("c", 9, follows=["b#v partly", "a#z refuted"])
    book = ledger([a, b, c])
    counts = record_counts([c, a, b], book)
    assert counts == {
        source: {outcome: len(entries) for outcome, entries in groups.items()}
        for source, groups in track_records([a, b, c], book).items()
    }
    assert counts["wire"] == {"confirmed": 1, "partly": 1, "refuted": 2, "open": 1}


def test_record_warning_threshold() -> None:
    # At least 5 settled; A/B: more than a third refuted; D/E: more than two thirds confirmed.
    assert record_contradicts("B", {"confirmed": 2, "refuted": 2}) is None  # only 4 settled
    assert record_contradicts("B", {"confirmed": 3, "refuted": 2}) == (
        "2 of its 5 settled claims were refuted"
    )
    assert record_contradicts("A", {"confirmed": 4, "partly": 2, "refuted": 2}) is None  # 2/8
    assert record_contradicts("A", {"confirmed": 4, "partly": 2, "refuted": 3}) is None  # 3/9
    assert record_contradicts("A", {"confirmed": 3, "partly": 2, "refuted": 3}) is not None
    assert record_contradicts("E", {"confirmed": 4, "refuted": 2}) is None  # 4/6 = 2/3
    assert record_contradicts("D", {"confirmed": 5, "refuted": 2}) == (
        "5 of its 7 settled claims were confirmed"
    )
    assert record_contradicts("C", {"refuted": 9}) is None
    assert record_contradicts("F", {"confirmed": 9}) is None
    assert record_contradicts("B", {"refuted": 4, OPEN: 10}) is None  # open claims do not count
