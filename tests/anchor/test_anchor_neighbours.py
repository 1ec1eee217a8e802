"""Repeated passages told apart by the sidecar's order (briefgen.anchor.neighbours).

Three kinds of test: the fixture cases (fixtures/neighbours.yaml: articles
with pull quotes and summary boxes, no old text); ``places_by_order``
against a simple reference that tries every choice of places; and whole
texts with repeats, where a quote in a sidecar written in reading order is
never put anywhere but where it stands.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pytest
from anchor_cases import cases, span_of
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.anchor import Span, anchor_quote, fold
from briefgen.anchor.neighbours import Annotation, places_by_order, relocate_annotations
from briefgen.anchor.relocate import Ambiguous, OldAnchor, Orphaned, Reanchored, Unchanged


@pytest.mark.parametrize("case", cases("neighbours.yaml"))
def test_neighbours_fixture(case: dict[str, Any]) -> None:
    body = str(case["body"])
    new = fold(body)
    annotations = [
        Annotation(item["sequence"], OldAnchor(item["quote"], prefix=item.get("prefix")))
        for item in case["annotations"]
    ]
    outcomes = relocate_annotations(annotations, new)
    for item, outcome in zip(case["annotations"], outcomes, strict=True):
        expect = item["expect"]
        label = item["quote"]
        if expect == "unchanged":
            assert isinstance(outcome, Unchanged), (label, outcome)
        elif "ambiguous" in expect:
            assert isinstance(outcome, Ambiguous), (label, outcome)
            assert len(outcome.places) == expect["ambiguous"], (label, outcome)
            assert outcome.complete == expect.get("complete", True), (label, outcome)
        else:
            assert isinstance(outcome, Unchanged | Reanchored), (label, outcome)
            assert outcome.span == span_of(body, expect), (label, outcome)
            if expect.get("unchanged"):
                assert isinstance(outcome, Unchanged), (label, outcome)
            if "method" in expect:
                assert isinstance(outcome, Reanchored) and outcome.method == expect["method"]
            if isinstance(outcome, Reanchored):
                assert outcome.quote == expect.get("quote", item["quote"])
                # What the sidecar will say selects that passage and no other.
                found = anchor_quote(
                    new,
                    outcome.quote,
                    prefix=outcome.prefix,
                    suffix=outcome.suffix,
                    occurrence=outcome.occurrence,
                )
                assert found == outcome.span


# --- places_by_order against trying every choice ------------------------------------


def reference_places_by_order(places: Sequence[Sequence[Span]]) -> dict[int, Span]:
    """Try every choice of places; an annotation gets the place every choice in
    reading order gives it (none if no choice is in reading order, or if
    nothing is placed for certain)."""
    present = [index for index, spans in enumerate(places) if spans]
    placed = [places[index][0].start for index in present if len(places[index]) == 1]
    if not placed or placed != sorted(placed):
        return {}
    in_order = [
        choice
        for choice in itertools.product(*(places[index] for index in present))
        if all(first.start <= second.start for first, second in itertools.pairwise(choice))
    ]
    chosen = {}
    for position, index in enumerate(present):
        taken = {choice[position] for choice in in_order}
        if len(places[index]) > 1 and len(taken) == 1:
            chosen[index] = taken.pop()
    return chosen


_SPANS = st.integers(0, 40).map(lambda start: Span(start * 10, start * 10 + 5))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_SPANS, max_size=3, unique=True), max_size=7))
def test_places_by_order_is_what_every_choice_in_reading_order_agrees_on(
    places: list[list[Span]],
) -> None:
    assert places_by_order(places) == reference_places_by_order(places)


def test_an_annotation_between_two_placed_neighbours_takes_the_place_between() -> None:
    places = [[Span(10, 15)], [Span(0, 5), Span(20, 25)], [Span(30, 35)]]
    assert places_by_order(places) == {1: Span(20, 25)}


def test_placed_annotations_out_of_order_decide_nothing() -> None:
    places = [[Span(30, 35)], [Span(0, 5), Span(20, 25)], [Span(10, 15)]]
    assert places_by_order(places) == {}


# --- whole texts with repeats -------------------------------------------------------

WORDS = [f"{stem}{n}" for n in range(80) for stem in ("mora", "tesi", "luvo")]


@st.composite
def repeated_passages(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, Span]]]:
    """An article whose quoted passages are partly repeated elsewhere (pull quotes,
    a summary box), and its annotations in reading order per sequence:
    ``(sequence, quote, where it stands)``."""
    words = draw(st.permutations(WORDS))
    paragraphs = [" ".join(words[i : i + 12]) + "." for i in range(0, 12 * 10, 12)]
    quoted = sorted(draw(st.lists(st.integers(0, 9), min_size=2, max_size=7, unique=True)))
    # One passage of 4 words per quoted paragraph, at a drawn word.
    passages = {}
    for index in quoted:
        first = draw(st.integers(0, 8))
        passages[index] = " ".join(paragraphs[index].rstrip(".").split(" ")[first : first + 4])
    repeats = draw(st.lists(st.sampled_from(quoted), max_size=3))
    inserted: list[tuple[int, str]] = [
        (draw(st.integers(0, 10)), f"“{passages[index]}”") for index in repeats
    ]
    if draw(st.booleans()):
        boxed = draw(st.lists(st.sampled_from(quoted), min_size=1, max_size=2, unique=True))
        inserted.append((0, "In brief: " + "; ".join(passages[i] for i in boxed) + "."))
    marked = [f"\x01{index}\x02" + text for index, text in enumerate(paragraphs)]
    for position, text in sorted(inserted, key=lambda item: -item[0]):
        marked.insert(position, text)
    body = "\n\n".join(part.split("\x02")[-1] for part in marked)
    offsets, offset = {}, 0
    for part in marked:
        if part.startswith("\x01"):
            offsets[int(part[1 : part.index("\x02")])] = offset
        offset += len(part.split("\x02")[-1]) + 2
    sequences = draw(st.lists(st.sampled_from(["claims", "notes"]), min_size=len(quoted)))
    annotations = []
    for index, sequence in zip(quoted, sequences, strict=False):
        start = offsets[index] + paragraphs[index].index(passages[index])
        annotations.append((sequence, passages[index], Span(start, start + len(passages[index]))))
    return body, annotations


@settings(max_examples=150, deadline=None)
@given(repeated_passages())
def test_a_sidecar_in_reading_order_never_has_a_quote_misplaced(
    case: tuple[str, list[tuple[str, str, Span]]],
) -> None:
    body, items = case
    outcomes = relocate_annotations(
        [Annotation(sequence, OldAnchor(quote)) for sequence, quote, _ in items], fold(body)
    )
    for (_, quote, where), outcome in zip(items, outcomes, strict=True):
        if isinstance(outcome, Unchanged | Reanchored):
            assert outcome.span == where, (quote, outcome)
        else:
            assert isinstance(outcome, Ambiguous | Orphaned)
            if isinstance(outcome, Ambiguous) and outcome.complete:
                assert where in outcome.places, (quote, outcome)
