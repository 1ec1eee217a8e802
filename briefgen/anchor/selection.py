"""The sidecar values that select one passage of a changed article.

Once re-anchoring has decided where a quote now stands (by the diff, by
search, or by the sidecar's order), the editor needs values that the check's
:func:`~briefgen.anchor.quotes.anchor_quote` resolves to that passage and to
no other: this module finds them.
"""

from __future__ import annotations

from briefgen.anchor.fold import FoldedText
from briefgen.anchor.quotes import Span, anchor_quote
from briefgen.anchor.relocated import OldAnchor, Orphaned, Outcome, Reanchored


def select_passage(
    anchor: OldAnchor, new: FoldedText, start: int, end: int, method: str
) -> Outcome:
    """The passage at folded ``start``-``end`` of ``new`` as sidecar values that
    anchor to it and nowhere else: the quote as it now reads, with the editor's
    prefix/suffix where they still select it, else the words now around it,
    else an occurrence number."""
    span = Span(*new.to_original(start, end))
    quote = new.original[span.start : span.end]
    prefix, suffix = anchor.prefix, anchor.suffix
    for attempt in range(2):
        found = anchor_quote(new, quote, prefix=prefix, suffix=suffix)
        if found == span:
            return Reanchored(span, quote, prefix, suffix, None, method)
        if not isinstance(found, Span) and found.code == "briefgen.quote-ambiguous":
            occurrence = _occurrence_of(new, quote, prefix, suffix, span)
            if occurrence is not None:
                return Reanchored(span, quote, prefix, suffix, occurrence, method)
        if attempt == 0:
            # The old prefix/suffix no longer stand around the passage: take
            # the words that do now, as many as the editor wrote.
            prefix = _words_before(new, start, anchor.prefix) if prefix else None
            suffix = _words_after(new, end, anchor.suffix) if suffix else None
    occurrence = _occurrence_of(new, quote, None, None, span)
    if occurrence is not None:
        return Reanchored(span, quote, None, None, occurrence, method)
    return Orphaned(span)  # cannot be selected: never reached with a consistent anchor_quote


def _occurrence_of(
    new: FoldedText, quote: str, prefix: str | None, suffix: str | None, span: Span
) -> int | None:
    for occurrence in range(1, 1000):
        found = anchor_quote(new, quote, prefix=prefix, suffix=suffix, occurrence=occurrence)
        if not isinstance(found, Span):
            return None
        if found == span:
            return occurrence
    return None


def _words_before(new: FoldedText, start: int, like: str | None) -> str | None:
    """As many words as ``like`` has, just before folded ``start`` (one line)."""
    before = new.text[:start].rstrip(" ")
    taken = " ".join(before.split(" ")[-len((like or "x").split()) :])
    lo, hi = new.to_original(len(before) - len(taken), len(before))
    return " ".join(new.original[lo:hi].split()) or None


def _words_after(new: FoldedText, end: int, like: str | None) -> str | None:
    """As many words as ``like`` has, just after folded ``end`` (one line)."""
    after = new.text[end:]
    skipped = len(after) - len(after.lstrip(" "))
    taken = " ".join(after[skipped:].split(" ")[: len((like or "x").split())])
    lo, hi = new.to_original(end + skipped, end + skipped + len(taken))
    return " ".join(new.original[lo:hi].split()) or None
