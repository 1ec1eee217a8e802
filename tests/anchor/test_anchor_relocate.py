"""Re-anchoring quotes after the article changed (briefgen.anchor.relocate).

The fixture cases (relocate_cases.py) are old/new pairs made from article
texts of real shape with the expected passage known by construction.  Each is run
twice: with the old text and span (what the last build or git gives) and
with the quote alone.  Misplacing a quote is the failure that matters: a
quote re-anchored to any passage but the expected one (or re-anchored at all
when its passage is gone) fails the test, whatever the share re-anchored.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from relocate_cases import Case, all_cases

from briefgen.anchor import Span, fold
from briefgen.anchor.relocate import (
    Ambiguous,
    BodyDiff,
    OldAnchor,
    Orphaned,
    Outcome,
    Reanchored,
    Unchanged,
    relocate,
)


@cache
def _cases() -> list[Case]:
    return all_cases()


def _run(case: Case, with_history: bool) -> Outcome:
    new = fold(case.new)
    if with_history:
        return relocate(
            OldAnchor(case.quote), new, BodyDiff(fold(case.old), new), Span(*case.old_span)
        )
    return relocate(OldAnchor(case.quote), new)


def verdict(case: Case, outcome: Outcome) -> str:
    """correct / orphaned (no passage taken) / misplaced (any other passage taken)."""
    if isinstance(outcome, Unchanged | Reanchored):
        span = (outcome.span.start, outcome.span.end)
        return "correct" if span == case.expect else "misplaced"
    return "orphaned"


def tally(with_history: bool) -> tuple[Counter[str], list[str]]:
    counts: Counter[str] = Counter()
    wrong = []
    for case in _cases():
        outcome = _run(case, with_history)
        result = verdict(case, outcome)
        counts[result] += 1
        if case.expect is None:
            counts["expected orphans"] += 1
        if result == "misplaced":
            wrong.append(f"{case.name}: {case.quote!r} -> {outcome}")
    return counts, wrong


def test_the_fixtures_cover_every_kind_of_edit() -> None:
    kinds = Counter(case.kind for case in _cases())
    assert len(_cases()) >= 500
    for kind in (
        "typo-fixed", "word-changed", "words-inserted", "word-removed", "typography",
        "typography+word", "paragraph-split+word", "paragraph-merged+word",
        "sentence-inserted-before+word", "paragraphs-inserted-before+word",
        "paragraph-moved+word", "paragraph-moved (quote as it was)", "same-words-elsewhere",
        "same-words-inserted-before",
        "edited-elsewhere", "deleted", "rewritten",
    ):  # fmt: skip
        assert kinds[kind] >= 25, kind


@pytest.mark.parametrize("with_history", [True, False], ids=["old-text", "quote-only"])
def test_no_quote_is_misplaced(with_history: bool) -> None:
    counts, wrong = tally(with_history)
    assert wrong == []
    # Every quote whose passage is gone is an orphan ...
    assert counts["orphaned"] >= counts["expected orphans"]
    # ... and most of the others are found.
    found_share = counts["correct"] / (len(_cases()) - counts["expected orphans"])
    assert found_share >= (0.97 if with_history else 0.75), counts


def test_an_unchanged_quote_stays_as_it_is() -> None:
    old = "The army said 12 people died. Rescue work went on."
    new = "Officials spoke on Monday. The army said 12 people died. Rescue work went on."
    outcome = relocate(OldAnchor("12 people died"), fold(new), BodyDiff(fold(old), fold(new)))
    assert outcome == Unchanged(Span(new.index("12"), new.index(" died") + 5))


def test_a_changed_number_is_reanchored_with_the_new_words() -> None:
    old = "The army said 12 people died in the strike. Rescue work went on."
    new = "The army said 15 people died in the strike. Rescue work went on."
    outcome = relocate(OldAnchor("said 12 people died"), fold(new), BodyDiff(fold(old), fold(new)))
    assert isinstance(outcome, Reanchored)
    assert (outcome.quote, outcome.method) == ("said 15 people died", "diff")


def test_the_original_context_wins_and_the_occurrence_is_set() -> None:
    old = "Rain fell. The minister said the talks had failed. Later, markets rose."
    new = (
        "Rain fell. Reporters said the talks have failed. "
        "The minister said the talks have failed. Later, markets rose."
    )
    outcome = relocate(
        OldAnchor("said the talks had failed"), fold(new), BodyDiff(fold(old), fold(new))
    )
    assert isinstance(outcome, Reanchored)
    second = new.index("said the talks have failed", new.index("minister"))
    assert outcome.span == Span(second, second + len("said the talks have failed"))
    assert outcome.occurrence == 2


def test_the_same_words_twice_without_context_is_ambiguous_naming_both() -> None:
    new = "Reporters said the talks have failed. The minister said the talks have failed."
    outcome = relocate(OldAnchor("said the talks had failed"), fold(new))
    first = new.index("said the talks have failed")
    second = new.index("said the talks have failed", first + 1)
    assert isinstance(outcome, Ambiguous)
    assert [place.start for place in outcome.places] == [first, second]


def test_a_prefix_tells_like_passages_apart_and_is_kept() -> None:
    new = "Reporters said the talks have failed. The minister said the talks have failed."
    outcome = relocate(OldAnchor("said the talks had failed", prefix="The minister"), fold(new))
    assert isinstance(outcome, Reanchored)
    assert outcome.span.start == new.rindex("said the talks")
    assert (outcome.prefix, outcome.occurrence) == ("The minister", None)


def test_a_prefix_that_no_longer_stands_there_is_replaced() -> None:
    old = "The minister said the talks had failed. Markets fell."
    new = "The minister told reporters the talks have failed. Markets fell."
    outcome = relocate(
        OldAnchor("the talks had failed", prefix="minister said"),
        fold(new),
        BodyDiff(fold(old), fold(new)),
    )
    assert isinstance(outcome, Reanchored)
    assert (outcome.quote, outcome.prefix) == ("the talks have failed", "told reporters")


def test_a_deleted_passage_is_an_orphan_with_the_closest_passage() -> None:
    old = "The army said 12 people died. Rescue work went on through the night."
    new = "Rescue work went on through the night."
    outcome = relocate(
        OldAnchor("The army said 12 people died"), fold(new), BodyDiff(fold(old), fold(new))
    )
    assert isinstance(outcome, Orphaned)
