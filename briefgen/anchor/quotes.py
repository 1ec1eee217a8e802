"""Anchoring claim and note quotes to the article body.

A quote is an exact passage of the body, compared folded (see
:mod:`briefgen.anchor.fold`).  When it occurs more than once, ``prefix`` /
``suffix`` (text just before / after it) and ``occurrence: N`` pick one.
Problems come back as :class:`QuoteProblem` values (code and message); the
caller knows where the quote is in the sidecar and makes the diagnostic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.anchor.closest import closest_passage
from briefgen.anchor.fold import FoldedText, fold
from briefgen.model.article import Span

QUOTE_NOT_FOUND = "briefgen.quote-not-found"
QUOTE_AMBIGUOUS = "briefgen.quote-ambiguous"
BAD_OCCURRENCE = "briefgen.bad-occurrence"

_CONTEXT_WORDS = 5  # words shown on each side of an occurrence
_LISTED_OCCURRENCES = 10  # occurrences listed in one message
_NON_SPACE = re.compile(r"\S+")
_WHITE_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class QuoteProblem:
    """Why a quote could not be anchored: a ``briefgen.*`` code and a message.

    ``absent``: the quote occurs nowhere in the body (not merely never with
    its prefix or suffix), so its new wording may be worth looking for.
    """

    code: str
    message: str
    absent: bool = False


def anchor_quote(
    body: FoldedText,
    quote: str,
    *,
    occurrence: int | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
) -> Span | QuoteProblem:
    """The span of ``quote`` in ``body``, or the problem that prevents it."""
    needle = fold(quote).text.strip(" ")
    if not needle:
        return QuoteProblem(QUOTE_NOT_FOUND, "quote is empty")
    if occurrence is not None and occurrence < 1:
        return QuoteProblem(
            BAD_OCCURRENCE, f"expected occurrence to be 1 or more but got {occurrence}"
        )

    everywhere = _occurrences(body.text, needle)
    if not everywhere:
        return _not_found(body, needle)
    fold_prefix = fold(prefix).text.strip(" ") if prefix else ""
    fold_suffix = fold(suffix).text.strip(" ") if suffix else ""
    candidates = [
        start
        for start in everywhere
        if _has_prefix(body.text, start, fold_prefix)
        and _has_suffix(body.text, start + len(needle), fold_suffix)
    ]
    spans = [Span(*body.to_original(start, start + len(needle))) for start in candidates]
    condition = _condition(fold_prefix, fold_suffix)

    if not spans:
        spans_everywhere = [Span(*body.to_original(s, s + len(needle))) for s in everywhere]
        return QuoteProblem(
            QUOTE_NOT_FOUND,
            f"quote occurs {_times(len(everywhere))} but never {condition}: "
            + _listing(body, spans_everywhere),
        )
    if occurrence is not None:
        if occurrence > len(spans):
            qualifier = f" {condition}" if condition else ""
            return QuoteProblem(
                BAD_OCCURRENCE,
                f"occurrence {occurrence} but the quote occurs {_times(len(spans))}{qualifier}",
            )
        return spans[occurrence - 1]
    if len(spans) > 1:
        qualifier = f" {condition}" if condition else ""
        return QuoteProblem(
            QUOTE_AMBIGUOUS,
            f"quote occurs {_times(len(spans))}{qualifier}: {_listing(body, spans)}; "
            "add occurrence: N or prefix:/suffix:",
        )
    return spans[0]


def partial_overlaps(spans: Sequence[Span]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of spans that overlap without nesting.

    Disjoint spans, spans that touch, and a span wholly inside another (or
    equal to it) are fine.  Quadratic, which is fine for the few claims and
    notes of one briefing.
    """
    pairs = []
    for i, first in enumerate(spans):
        for j in range(i + 1, len(spans)):
            second = spans[j]
            overlap = first.start < second.end and second.start < first.end
            nested = (first.start <= second.start and second.end <= first.end) or (
                second.start <= first.start and first.end <= second.end
            )
            if overlap and not nested:
                pairs.append((i, j))
    return pairs


def _occurrences(text: str, needle: str) -> list[int]:
    """Every start of ``needle`` in ``text``, overlapping ones included."""
    starts = []
    start = text.find(needle)
    while start != -1:
        starts.append(start)
        start = text.find(needle, start + 1)
    return starts


def _has_prefix(text: str, start: int, prefix: str) -> bool:
    if not prefix:
        return True
    return text.endswith(prefix, 0, start) or text.endswith(prefix + " ", 0, start)


def _has_suffix(text: str, end: int, suffix: str) -> bool:
    if not suffix:
        return True
    return text.startswith(suffix, end) or text.startswith(" " + suffix, end)


def _condition(prefix: str, suffix: str) -> str:
    if prefix and suffix:
        return f'between prefix "{prefix}" and suffix "{suffix}"'
    if prefix:
        return f'after prefix "{prefix}"'
    if suffix:
        return f'before suffix "{suffix}"'
    return ""


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _not_found(body: FoldedText, needle: str) -> QuoteProblem:
    passage = closest_passage(body, needle)
    if passage is None:
        return QuoteProblem(
            QUOTE_NOT_FOUND,
            "quote not found in the article, and no passage is much like it",
            absent=True,
        )
    start, end = passage
    return QuoteProblem(
        QUOTE_NOT_FOUND,
        f"quote not found in the article; closest passage (paragraph "
        f'{body.paragraph_of(start)}): "{_one_line(body.original[start:end])}"',
        absent=True,
    )


def _listing(body: FoldedText, spans: Sequence[Span]) -> str:
    """``paragraph 2 ("…context…"), paragraph 5 (…)`` for the first few spans."""
    shown = [
        f'paragraph {body.paragraph_of(span.start)} ("{_in_context(body, span)}")'
        for span in spans[:_LISTED_OCCURRENCES]
    ]
    hidden = len(spans) - len(shown)
    return ", ".join(shown) + (f" and {hidden} more" if hidden else "")


def _in_context(body: FoldedText, span: Span) -> str:
    """The occurrence with a few words either side, within its paragraph(s)."""
    paragraph_start, _ = body.paragraph_bounds(span.start)
    _, paragraph_end = body.paragraph_bounds(max(span.start, span.end - 1))
    before = body.original[paragraph_start : span.start]
    after = body.original[span.end : paragraph_end]
    before_words = [m.start() for m in _NON_SPACE.finditer(before)]
    after_words = [m.end() for m in _NON_SPACE.finditer(after)]
    lead = trail = ""
    if len(before_words) > _CONTEXT_WORDS:
        before, lead = before[before_words[-_CONTEXT_WORDS] :], "…"
    if len(after_words) > _CONTEXT_WORDS:
        after, trail = after[: after_words[_CONTEXT_WORDS - 1]], "…"
    return _one_line(lead + before + body.original[span.start : span.end] + after + trail)


def _one_line(text: str) -> str:
    """Diagnostics are one line: any white space run (a paragraph break) is a space."""
    return _WHITE_SPACE.sub(" ", text).strip()
