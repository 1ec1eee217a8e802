"""The "shares terms" ranking: the fast selection equals the plain definition."""

from __future__ import annotations

import heapq
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.check.related import RELATED_BY_TERMS, most_shared


def reference(shared: Counter[str], rank: dict[str, int]) -> list[str]:
    """Most shared terms first; among equals the newest (lowest rank)."""
    return heapq.nsmallest(
        RELATED_BY_TERMS, shared, key=lambda slug: (-shared[slug], rank[slug])
    )


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=6), max_size=60), st.randoms())
def testmost_shared_equals_reference(counts: list[int], random: object) -> None:
    slugs = [f"b{i}" for i in range(len(counts))]
    order = list(slugs)
    random.shuffle(order)  # type: ignore[attr-defined]
    rank = {slug: index for index, slug in enumerate(order)}
    shared = Counter(dict(zip(slugs, counts, strict=True)))
    assert most_shared(shared, rank) == reference(shared, rank)


def test_ties_go_to_the_newest() -> None:
    shared = Counter({"old": 2, "new": 2, "newer": 2, "top": 5, "a": 2, "b": 2, "c": 1})
    rank = {"newer": 0, "new": 1, "top": 2, "a": 3, "b": 4, "old": 5, "c": 6}
    assert most_shared(shared, rank) == ["top", "newer", "new", "a", "b"]
