"""Re-anchoring: where a quote's passage went when its article changed.

Outlets correct their stories and editors paste the new text over the old
one; a quote copied from the old text may then no longer be an exact
passage.  For each annotation :func:`relocate` decides, on the folded text
the anchoring uses (:mod:`briefgen.anchor.fold`):

* :class:`Unchanged` - the quote still anchors where it did;
* :class:`Reanchored` - one passage of the new text is, with confidence,
  what the quote now stands for (its new wording and what the sidecar needs
  to pick it: ``occurrence``, ``prefix``/``suffix``);
* :class:`Orphaned` - none is (deleted, or rewritten beyond recognition),
  with the closest passage as a hint;
* :class:`Ambiguous` - two or more passages fit about equally well (all named;
  the sidecar's order may still tell, :mod:`briefgen.anchor.neighbours`).

How, in order of reliability:

1. with the old text and the old span (see :class:`BodyDiff`), map the span
   through a character diff of old and new text (diff-match-patch, as
   Hypothesis' re-anchoring does): inserted sentences, split or merged
   paragraphs and edits around the quote move it without doubt;
2. when that fails (the paragraph was moved, or edited too much where it
   was), look for the quote *with its old context* in the new text
   (rapidfuzz's approximate alignment) and map the span through a diff of
   that context and the passage found;
3. without the old text, the context is the quote's ``prefix``/``suffix``.

A passage is taken only when the words of the quote mostly survive in it
(:data:`MIN_SIMILARITY`), when no other passage fits nearly as well, and,
with the old text at hand, when it is not text that stood elsewhere in the
old article already (the same words in another place are another passage).
Anything less is an orphan: a silently misplaced claim is far worse.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from briefgen.anchor.closest import closest_passage
from briefgen.anchor.fold import FoldedText, fold, is_word_char, lower_same_length
from briefgen.anchor.quotes import Span, anchor_quote
from briefgen.anchor.relocated import (
    Ambiguous,
    OldAnchor,
    Orphaned,
    Outcome,
    Reanchored,
    Unchanged,
)
from briefgen.anchor.selection import select_passage
from briefgen.anchor.textdiff import BodyDiff, Segments

# Share of the quote that must survive in a new passage (a diff-based ratio,
# 2 * kept characters / (old length + new length)).  "12 people" -> "15
# people" keeps ~0.95, three words inserted into a six-word quote ~0.8, a
# sentence rewritten in other words < 0.5.
MIN_SIMILARITY = 0.7
# Share of the old quote's own characters that must be kept.
MIN_KEPT = 0.6
# Found by search (steps 2-3): the context must fit at least this well
# (rapidfuzz score, 0-100), and a second place within MARGIN of the best
# makes the result ambiguous.
MIN_CONTEXT_SCORE = 70.0
MARGIN = 8.0
CONTEXT_CHARS = 80  # old text taken on each side of the quote as its context
_SEARCH_PAD = 40  # new text taken on each side of a found context before diffing
_PRE_EXISTING = 0.5  # share of a candidate that, unchanged, stood elsewhere: not ours
_MASK = "\x00"
_CONTEXT_LEAD = 30.0  # points of prefix/suffix fit by which one of two like passages must lead
_TYPO_SCORE = 80.0  # rapidfuzz ratio of a word and its misspelling (one letter off)
_WORDS = re.compile(r"\w+")
_SEARCHES = 3  # places looked at: a rejected one may hide the right one
_WIDEN_WORDS = 2  # words a passage found by search may be widened by at each end
_MAX_PLACES = 5  # like passages collected without the old text (a quote repeated in a
# summary box and a pull quote is in three places)



__all__ = [
    "Ambiguous",
    "BodyDiff",
    "OldAnchor",
    "Orphaned",
    "Outcome",
    "Reanchored",
    "Unchanged",
    "current_span",
    "relocate",
    "settle",
]


@dataclass(frozen=True)
class _Candidate:
    start: int  # folded offsets into the new text
    end: int
    context: float  # how well the context fitted (100 for a diff of the whole text)


def relocate(
    anchor: OldAnchor,
    new: FoldedText,
    history: BodyDiff | None = None,
    old_span: Span | None = None,
) -> Outcome:
    """Decide where ``anchor`` stands in ``new``; see the module docstring.

    ``history`` and ``old_span`` (original offsets into ``history.old``) are
    the previous text and where the quote was anchored in it, when known.
    """
    if history is not None and old_span is None:
        old_span = current_span(history.old, anchor)
        if old_span is None:
            history = None  # the old text does not have it either: no context from it
    current = current_span(new, anchor)
    if history is None or old_span is None:
        if isinstance(current, Span):
            return Unchanged(current)
        return _without_history(anchor, new)

    old_start, old_end = history.old_folded(old_span)
    mapped = _mapped(history, old_start, old_end)
    if isinstance(current, Span):
        start, end = new.to_folded(current.start), new.to_folded(current.end)
        if mapped is not None and (mapped.start, mapped.end) == (start, end):
            return Unchanged(current)
        unchanged_there = mapped is not None and (
            new.text[mapped.start : mapped.end] == history.old.text[old_start:old_end]
        )
        # The quote now picks other words than its own, which are still where
        # they were (the same words were put in before them): its own win.
        moved_or_kept = (
            not unchanged_there
            and history.segments.unchanged_elsewhere(start, end, (old_start, old_end))
            < _PRE_EXISTING
        )
        if moved_or_kept:
            return Unchanged(current)
    if mapped is not None:
        return select_passage(anchor, new, mapped.start, mapped.end, "diff")
    window = _context_window(history.old, old_start, old_end)
    searched = _search(history.old.text, window, (old_start, old_end), new, history)
    if isinstance(searched, _Candidate):
        return select_passage(anchor, new, searched.start, searched.end, "search")
    if isinstance(searched, Ambiguous):
        return searched
    return _orphan(new, history.old.text[old_start:old_end])


def current_span(text: FoldedText, anchor: OldAnchor) -> Span | None:
    """The span of the quote in ``text`` as the check anchors it, or None.

    Checked for first: whether the words occur at all, so that a quote that
    does not is not searched for a closest passage only to be thrown away.
    """
    needle = fold(anchor.quote).text.strip(" ")
    if not needle or needle not in text.text:
        return None
    found = anchor_quote(
        text, anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix, occurrence=anchor.occurrence
    )
    return found if isinstance(found, Span) else None


def _without_history(anchor: OldAnchor, new: FoldedText) -> Outcome:
    """Only the quote and its prefix/suffix to go by: the closest passages, if one stands out."""
    needle = fold(anchor.quote).text.strip(" ")
    if not needle:
        return Orphaned(None)
    prefix = fold(anchor.prefix).text.strip(" ") if anchor.prefix else ""
    suffix = fold(anchor.suffix).text.strip(" ") if anchor.suffix else ""
    # The folded text as a text of its own: offsets found in it are folded offsets.
    text = FoldedText(new.text)
    found: list[_Candidate] = []
    for _ in range(_MAX_PLACES + 1):  # one more: whether there are more than named
        passage = closest_passage(text, needle)
        if passage is None:
            break
        start, end = _widened(lower_same_length(needle), text.lowered, *passage)
        similarity = fuzz.ratio(lower_same_length(needle), text.lowered[start:end]) / 100
        if similarity < MIN_SIMILARITY:
            break
        fit = _context_fit(text.lowered, start, end, prefix, suffix)
        found.append(_Candidate(start, end, fit))
        masked = text.text[:start] + _MASK * (end - start) + text.text[end:]
        text = FoldedText(masked)
    lowered = lower_same_length(new.text)
    if not found or not _same_edges(needle, lowered[found[0].start : found[0].end]):
        return _orphan(new, needle)
    if len(found) > 1:
        # Passages like the quote: here only its prefix/suffix can tell them
        # apart (its neighbours in the sidecar may, see .neighbours).
        found = _copies_of_best(found, lowered, prefix, suffix)
        best, other = sorted(found, key=lambda c: -c.context)[:2]
        if (prefix or suffix) and best.context - other.context >= _CONTEXT_LEAD:
            return select_passage(anchor, new, best.start, best.end, "search")
        return _ambiguous(new, found[:_MAX_PLACES], complete=len(found) <= _MAX_PLACES)
    return select_passage(anchor, new, found[0].start, found[0].end, "search")


def _widened(needle: str, lowered: str, start: int, end: int) -> tuple[int, int]:
    """The passage with the words next to it that the quote has more of than it.

    A word the quote has twice at an edge (``vode vode kote``) fits the
    passage either way, and the search may leave one out.
    """
    missing = Counter(_WORDS.findall(needle))
    missing.subtract(_WORDS.findall(lowered[start:end]))
    for _ in range(_WIDEN_WORDS):
        before = lowered.rfind(" ", 0, max(0, start - 1)) + 1
        words = _WORDS.findall(lowered[before:start])
        if before >= start - 1 or _MASK in lowered[before:start] or len(words) != 1:
            break
        if missing[words[0]] <= 0:
            break
        missing[words[0]] -= 1
        start = before
    for _ in range(_WIDEN_WORDS):
        after = lowered.find(" ", end + 1)
        after = len(lowered) if after == -1 else after
        words = _WORDS.findall(lowered[end:after])
        if after <= end + 1 or _MASK in lowered[end:after] or len(words) != 1:
            break
        if missing[words[0]] <= 0:
            break
        missing[words[0]] -= 1
        end = after
    return start, end


def _copies_of_best(
    found: list[_Candidate], lowered: str, prefix: str, suffix: str
) -> list[_Candidate]:
    """The places found, each made the very words of the best one where they stand there.

    An article repeats a passage word for word; the approximate search may
    start or end its copy a word off (a doubled word at the start fits
    either way), which, taken, would cut the quote short.
    """
    best = found[0]
    words = lowered[best.start : best.end]
    copies = []
    at = lowered.find(words)
    while at != -1:
        if _word_edge(lowered, at) and _word_edge(lowered, at + len(words)):
            copies.append(at)
        at = lowered.find(words, at + 1)
    result = [best]
    for candidate in found[1:]:
        for copy in copies:
            if copy < candidate.end and candidate.start < copy + len(words):
                fit = _context_fit(lowered, copy, copy + len(words), prefix, suffix)
                candidate = _Candidate(copy, copy + len(words), fit)
                break
        if not any(_overlap(candidate, other) for other in result):
            result.append(candidate)
    return result


def _ambiguous(new: FoldedText, found: list[_Candidate], *, complete: bool) -> Ambiguous:
    return Ambiguous(
        tuple(Span(*new.to_original(c.start, c.end)) for c in sorted(found, key=lambda c: c.start)),
        complete,
    )


def _same_edges(needle: str, passage: str) -> bool:
    """Whether the passage begins and ends with (a variant of) the quote's first and last words.

    An approximate search may trade a word at either end for a better score
    elsewhere; such a passage is not the quote's.  A number may change
    (``12 people`` -> ``15 people``), and a word by a typo.
    """
    quote_words = _WORDS.findall(lower_same_length(needle))
    passage_words = _WORDS.findall(passage)
    if not quote_words or not passage_words:
        return False
    return _variant(quote_words[0], passage_words[0]) and _variant(
        quote_words[-1], passage_words[-1]
    )


def _variant(first: str, second: str) -> bool:
    if first == second or (first.isdigit() and second.isdigit()):
        return True
    return min(len(first), len(second)) >= 4 and fuzz.ratio(first, second) >= _TYPO_SCORE


def _context_fit(lowered: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """0-100 points for how well the text around ``[start, end)`` matches prefix/suffix."""
    scores = []
    if prefix:
        before = lowered[max(0, start - len(prefix) - 1) : start].strip(" ")
        scores.append(fuzz.ratio(lower_same_length(prefix), before))
    if suffix:
        after = lowered[end : end + len(suffix) + 1].strip(" ")
        scores.append(fuzz.ratio(lower_same_length(suffix), after))
    return sum(scores) / len(scores) if scores else 0.0


def _mapped(history: BodyDiff, start: int, end: int) -> _Candidate | None:
    """The old folded span mapped through the whole-text diff, if confidently."""
    if end <= start:
        return None
    new_start, new_end, kept = history.segments.map_span(start, end)
    return _judge(history.old.text, start, end, history.new.text, new_start, new_end, kept, 100.0)


def _judge(
    old: str,
    start: int,
    end: int,
    new: str,
    new_start: int,
    new_end: int,
    kept: int,
    context: float,
) -> _Candidate | None:
    """The mapped passage, snapped to whole words, if enough of the quote survives in it."""
    new_start, new_end = _snap(old, start, end, new, new_start, new_end)
    if new_end <= new_start:
        return None
    old_length, new_length = end - start, new_end - new_start
    if kept < MIN_KEPT * old_length:
        return None
    similarity = 2 * kept / (old_length + new_length)
    if similarity < MIN_SIMILARITY:
        # The diff counts one way of keeping; the aligned ratio is the fairer
        # figure when the diff split a word.
        aligned = fuzz.ratio(
            lower_same_length(old[start:end]), lower_same_length(new[new_start:new_end])
        )
        if aligned / 100 < MIN_SIMILARITY:
            return None
    return _Candidate(new_start, new_end, context)


def _snap(
    old: str, start: int, end: int, new: str, new_start: int, new_end: int
) -> tuple[int, int]:
    """Widen a mapped span to whole words where the old quote began/ended on a word edge."""
    if _word_edge(old, start) and 0 < new_start < len(new):
        while new_start > 0 and is_word_char(new[new_start - 1]) and is_word_char(new[new_start]):
            new_start -= 1
    if _word_edge(old, end) and 0 < new_end < len(new):
        while new_end < len(new) and is_word_char(new[new_end - 1]) and is_word_char(new[new_end]):
            new_end += 1
    while new_start < new_end and new[new_start] == " ":
        new_start += 1
    while new_end > new_start and new[new_end - 1] == " ":
        new_end -= 1
    return new_start, new_end


def _word_edge(text: str, offset: int) -> bool:
    if offset <= 0 or offset >= len(text):
        return True
    return not (is_word_char(text[offset - 1]) and is_word_char(text[offset]))


def _search(
    old: str,
    window: tuple[int, int],
    quote: tuple[int, int],
    new: FoldedText,
    history: BodyDiff | None,
) -> _Candidate | Ambiguous | None:
    """Find ``old[window]`` in ``new`` and map the quote's ``old[quote]`` into it.

    The best place is taken if no other fits nearly as well (then both are
    named) and, with ``history``, if it is not old text from another place.
    """
    lo, hi = window
    needle = lower_same_length(old[lo:hi])
    haystack = new.lowered
    found: list[_Candidate] = []
    for _ in range(_SEARCHES):
        alignment = fuzz.partial_ratio_alignment(needle, haystack)
        if alignment is None or alignment.score < MIN_CONTEXT_SCORE:
            break
        if found and alignment.score < found[0].context - MARGIN:
            break
        region = (
            max(0, alignment.dest_start - _SEARCH_PAD),
            min(len(haystack), alignment.dest_end + _SEARCH_PAD),
        )
        candidate = _map_in_region(old, window, quote, new.text, region, alignment.score)
        if candidate is not None and not any(_overlap(candidate, other) for other in found):
            elsewhere = (
                history.segments.unchanged_elsewhere(candidate.start, candidate.end, quote)
                if history is not None
                else 0.0
            )
            if elsewhere < _PRE_EXISTING:
                found.append(candidate)
        if len(found) == 2:
            break
        masked_lo, masked_hi = alignment.dest_start, alignment.dest_end
        haystack = haystack[:masked_lo] + _MASK * (masked_hi - masked_lo) + haystack[masked_hi:]
    if not found:
        return None
    if len(found) > 1 and found[1].context >= found[0].context - MARGIN:
        return _ambiguous(new, found[:2], complete=False)  # the search stops at two
    return found[0]


def _overlap(first: _Candidate, second: _Candidate) -> bool:
    return first.start < second.end and second.start < first.end


def _map_in_region(
    old: str,
    window: tuple[int, int],
    quote: tuple[int, int],
    new: str,
    region: tuple[int, int],
    score: float,
) -> _Candidate | None:
    """Map the quote through a diff of its old context and a region of the new text."""
    lo, hi = window
    segments = Segments(old[lo:hi], new[region[0] : region[1]])
    new_start, new_end, kept = segments.map_span(quote[0] - lo, quote[1] - lo)
    return _judge(
        old, quote[0], quote[1], new, region[0] + new_start, region[0] + new_end, kept, score
    )


def _context_window(old: FoldedText, start: int, end: int) -> tuple[int, int]:
    """Folded ``[lo, hi)`` around the quote: some words either side, within its paragraph(s)."""
    paragraph_lo, _ = old.paragraph_bounds(old.offset_to_original(start))
    _, paragraph_hi = old.paragraph_bounds(old.offset_to_original(max(start, end - 1)))
    lo = max(old.to_folded(paragraph_lo), start - CONTEXT_CHARS)
    hi = min(old.to_folded(paragraph_hi), end + CONTEXT_CHARS)
    return _word_start(old.text, lo), _word_end(old.text, hi)


def _word_start(text: str, offset: int) -> int:
    while 0 < offset < len(text) and is_word_char(text[offset - 1]) and is_word_char(text[offset]):
        offset += 1
    return offset


def _word_end(text: str, offset: int) -> int:
    while 0 < offset < len(text) and is_word_char(text[offset - 1]) and is_word_char(text[offset]):
        offset -= 1
    return offset


def _orphan(new: FoldedText, needle: str) -> Orphaned:
    closest = closest_passage(new, needle)
    return Orphaned(Span(*closest) if closest is not None else None)


def settle(anchor: OldAnchor, new: FoldedText, span: Span, method: str) -> Outcome:
    """The sidecar values that make ``anchor`` select ``span`` of ``new`` and nothing else.

    For a passage chosen by other means (the quote's neighbours in the
    sidecar): a :class:`Reanchored`, or, if no values could select it, an
    :class:`Orphaned` naming it.
    """
    return select_passage(
        anchor, new, new.to_folded(span.start), new.to_folded(span.end), method
    )
