"""What re-anchoring decides for one annotation (see :mod:`briefgen.anchor.relocate`).

An annotation as the sidecar has it (:class:`OldAnchor`) comes out as one of
four outcomes: :class:`Unchanged`, :class:`Reanchored` (with the sidecar
values that select the new passage), :class:`Orphaned` or :class:`Ambiguous`.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.model import Span


@dataclass(frozen=True)
class OldAnchor:
    """An annotation as the sidecar has it."""

    quote: str
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = None


@dataclass(frozen=True)
class Unchanged:
    """The quote anchors as before; nothing to do."""

    span: Span


@dataclass(frozen=True)
class Reanchored:
    """A confident new passage, and the sidecar values that select it.

    ``prefix``/``suffix``/``occurrence`` are the values the annotation must
    have (``None``: the key must be absent); ``method`` says how it was found
    (``"diff"``, ``"search"``, or ``"order"``: of the passages that fit, the
    one between its neighbours in the sidecar; see :mod:`.neighbours`).
    """

    span: Span
    quote: str
    prefix: str | None
    suffix: str | None
    occurrence: int | None
    method: str


@dataclass(frozen=True)
class Orphaned:
    """No passage is confidently the quote's; ``closest`` is only a hint."""

    closest: Span | None


@dataclass(frozen=True)
class Ambiguous:
    """Two or more passages fit about equally well; none is taken.

    ``places`` are in reading order; ``complete`` is False when more may fit
    than are named (then no other means may choose among them).
    """

    places: tuple[Span, ...]
    complete: bool = True


Outcome = Unchanged | Reanchored | Orphaned | Ambiguous
