"""Which of a repeated passage is the quote's: the one between its neighbours.

An article may repeat a passage (a pull quote, a summary box at the top), so
that a quote fits two places equally well.  The previous text of the article
tells which one the quote stood for (:mod:`.relocate`); without it, the
sidecar itself still does: editors write claims in reading order (and
notes, each list on its own), so the place that lies between where the
quote's neighbours now stand is the quote's.  (Follow-ups name earlier
claims, in whatever order those had: their list tells nothing.)

That is a likelihood, not a certainty, so it is used only where the sidecar
shows it:

* the annotations that have one place stand in reading order, each at or
  after the one before it (a sequence written in another order tells
  nothing);
* of the quote's places, exactly one lets the others be given places in
  reading order around it (after those before it in the sidecar, before
  those after it; the start and the end of the article bound the first and
  the last).

The places must be copies of one passage (the same words), and all of them
known (:attr:`Ambiguous.complete`).  The neighbours need not be placed
themselves: two quotes of one summary box bound each other.  Anything else
stays :class:`Ambiguous`, its places named.

What it cannot see is an annotation out of order (one added at the end
about an earlier passage) whose own passage is repeated where the order
would have it: the repeat is taken.  The bench measures how often
(``python -m briefgen.bench.corrections``, a setting with one claim of
every sidecar moved to the end); asking that the choice hold without any
one of the others, or leaving the first and the last undecided, would
avoid most of it at the cost of much of what the order tells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.anchor.fold import FoldedText, fold
from briefgen.anchor.quotes import Span
from briefgen.anchor.relocate import (
    Ambiguous,
    BodyDiff,
    OldAnchor,
    Orphaned,
    Outcome,
    Reanchored,
    Unchanged,
    relocate,
    settle,
)

__all__ = ["Annotation", "places_by_order", "relocate_annotations"]


@dataclass(frozen=True)
class Annotation:
    """One quote of a sidecar, in the order the sidecar has it."""

    # The list it is in ("claims", "notes"), each taken to be in reading order;
    # None: its list tells nothing of where it stands.
    sequence: str | None
    anchor: OldAnchor
    old_span: Span | None = None  # where it stood in the previous text, if known


def relocate_annotations(
    annotations: Sequence[Annotation], new: FoldedText, history: BodyDiff | None = None
) -> list[Outcome]:
    """:func:`~briefgen.anchor.relocate.relocate` each annotation, then let the
    order of each sequence settle the ambiguous ones it can (see the module docstring)."""
    outcomes = [relocate(item.anchor, new, history, item.old_span) for item in annotations]
    for sequence in dict.fromkeys(item.sequence for item in annotations if item.sequence):
        members = [i for i, item in enumerate(annotations) if item.sequence == sequence]
        chosen = places_by_order([_places(outcomes[i], new) for i in members])
        for position, span in chosen.items():
            index = members[position]
            outcomes[index] = settle(annotations[index].anchor, new, span, "order")
    return outcomes


def _places(outcome: Outcome, new: FoldedText) -> tuple[Span, ...]:
    """Where the annotation may stand: every place, when they are copies of one passage."""
    if isinstance(outcome, Unchanged | Reanchored):
        return (outcome.span,)
    if isinstance(outcome, Ambiguous) and outcome.complete:
        texts = {fold(new.original[span.start : span.end]).lowered for span in outcome.places}
        if len(texts) == 1:  # else which words the quote now has is in doubt too
            return outcome.places
    assert isinstance(outcome, Orphaned | Ambiguous)
    return ()  # nowhere known for certain: no bound for the others either


def places_by_order(places: Sequence[Sequence[Span]]) -> dict[int, Span]:
    """For annotations with several places, the one the sequence's order leaves (by index).

    ``places`` has, for each annotation of one sequence in sidecar order, the
    places it may stand: one (placed), several (undecided) or none (unknown;
    left out).  A place fits if the others can be given places that put the
    whole sequence in reading order (each at or after the one before); an
    annotation whose places leave exactly one that fits gets it.
    """
    present = [index for index, spans in enumerate(places) if spans]
    placed = [places[index][0].start for index in present if len(places[index]) == 1]
    if not placed or placed != sorted(placed):
        return {}  # nothing certain, or what is certain is already out of reading order
    chosen: dict[int, Span] = {}
    for index in present:
        if len(places[index]) < 2:
            continue
        fitting = _fitting(places, present, index)
        if len(fitting) != 1:
            continue
        chosen[index] = fitting[0]
    return chosen


def _fitting(places: Sequence[Sequence[Span]], present: list[int], index: int) -> list[Span]:
    """The places of ``index`` that the others of ``present`` leave in reading order."""
    # The earliest start the last one before can have, the latest the first one after can.
    low, high = 0, _END
    for other in (other for other in present if other < index):
        starts = [span.start for span in places[other] if span.start >= low]
        if not starts:
            return []
        low = min(starts)
    for other in (other for other in reversed(present) if other > index):
        starts = [span.start for span in places[other] if span.start <= high]
        if not starts:
            return []
        high = max(starts)
    return [span for span in places[index] if low <= span.start <= high]


_END = 1 << 62  # beyond any offset
