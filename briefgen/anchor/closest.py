"""The passage of an article closest to a quote that is not in it.

When an article is updated, the quotes in its sidecar stop matching.  The
editor needs the new wording of the same passage, to paste into the sidecar,
so the search is word based and tolerant of changed, inserted and removed
words:

1. slide a window of the quote's length (in words) over the body and count
   the quote's words in it (as a multiset): linear in the body, so a 500 KB
   body stays cheap;
2. around each of the few best windows, find the passage with the smallest
   word edit distance to the whole quote (a "fitting" alignment: the passage
   may start and end anywhere, the quote must be used whole; a word replaced
   by a similar spelling, ``defence``/``defense``, costs less);
3. widen each passage to the punctuation that the quote has at its ends,
   and keep the one most like the quote character by character (so that
   ``airbases`` and ``air bases`` count as nearly equal).

Comparison is on the folded, lower-cased text; the result is a span of the
original body, starting and ending on whole words.

A passage is offered only when it is like the quote (:func:`is_like`): it
holds most of the quote's meaningful words, or is the quote misspelt.
Sharing a word or two ("the", "talk") makes no passage the one the editor is
looking for, and pasting it would anchor a claim to unrelated words.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from briefgen.anchor.fold import FoldedText, is_word_char, lower_same_length

_WORD = re.compile(r"\w+")
_LEADING_PUNCTUATION = re.compile(r"^[^\w\s]+")
_TRAILING_PUNCTUATION = re.compile(r"[^\w\s]+$")

# Edit costs of the alignment.  Leaving a quote word out costs a little more
# than replacing it, so a changed first or last word is part of the passage
# (the editor wants the new word) rather than cut off.
_MATCH, _SIMILAR, _SUBSTITUTE, _INSERT, _DELETE = 0, 4, 10, 10, 11
_REGIONS = 5  # best windows of step 1 refined by step 2 (1 for long quotes)
_LONG_QUOTE_WORDS = 60
_LONG_QUOTE_CHARS = 1000  # beyond this, skip the quadratic character comparison
# A passage worth showing holds at least this share of the quote's words that
# carry meaning (of four letters or more, or numbers; "the", "is", "a" do not
# count): a word changed or two ("army" -> "military", "12" -> "15") keeps half
# or more; a passage sharing "talk" with a nine-word quote, a quarter.
MIN_WORD_SHARE = 0.5
# ... or is this like the quote letter for letter (a misspelt quote).
MIN_SPELLING = 0.8
_MEANINGFUL = 4


def closest_passage(body: FoldedText, folded_quote: str) -> tuple[int, int] | None:
    """Original ``(start, end)`` of the passage most like ``folded_quote``, or None.

    None when the quote or the body has no words, or no passage is like the
    quote (:func:`is_like`).
    """
    quote_words = _WORD.findall(lower_same_length(folded_quote))
    matches = list(_WORD.finditer(body.lowered))
    if not quote_words or not matches:
        return None
    words = [m.group() for m in matches]
    text = body.text
    lowered_quote = lower_same_length(folded_quote)
    best: tuple[float, int, int, int] | None = None  # (-similarity, cost, start, end)
    for region_start, region_end in _candidate_regions(words, quote_words):
        aligned = _fitting_alignment(quote_words, words, region_start, region_end)
        if aligned is None:
            continue
        cost, first, last = aligned
        start, end = matches[first].start(), matches[last - 1].end()
        start, end = _widen_to_punctuation(text, folded_quote, start, end)
        similarity = 0.0
        if len(lowered_quote) <= _LONG_QUOTE_CHARS:
            passage = body.lowered[start:end]
            similarity = SequenceMatcher(None, passage, lowered_quote, autojunk=False).ratio()
        candidate = (-similarity, cost, start, end)
        if best is None or candidate < best:
            best = candidate
    if best is None:
        return None
    _, _, start, end = best
    if not is_like(lowered_quote, body.lowered[start:end], -best[0]):
        return None
    return body.to_original(start, end)


def is_like(lowered_quote: str, lowered_passage: str, spelling: float | None = None) -> bool:
    """Whether a passage is like the quote: it holds most of the quote's meaningful
    words (a spelling variant counts), or it is the quote misspelt.

    ``spelling`` is their character similarity if known (difflib's ratio);
    quotes longer than a thousand characters are judged by their words alone.
    """
    quote_words = _WORD.findall(lowered_quote)
    meaningful = [w for w in quote_words if len(w) >= _MEANINGFUL or w.isdigit()] or quote_words
    passage_words = Counter(_WORD.findall(lowered_passage))
    held = 0
    for word in meaningful:
        match = word if passage_words[word] else None
        if match is None:
            # A number that changed ("12 people" -> "15 people"), a spelling variant.
            match = next(
                (
                    w
                    for w in passage_words
                    if passage_words[w]
                    and ((w.isdigit() and word.isdigit()) or _similar(w, word))
                ),
                None,
            )
        if match is not None:
            passage_words[match] -= 1
            held += 1
    if meaningful and held >= MIN_WORD_SHARE * len(meaningful):
        return True
    if spelling is None:
        spelling = 0.0
        if len(lowered_quote) <= _LONG_QUOTE_CHARS:
            matcher = SequenceMatcher(None, lowered_passage, lowered_quote, autojunk=False)
            spelling = matcher.ratio()
    return spelling >= MIN_SPELLING


def _candidate_regions(words: list[str], quote_words: list[str]) -> list[tuple[int, int]]:
    """Word ranges around the windows sharing most words with the quote."""
    length = min(len(quote_words), len(words))
    wanted = Counter(quote_words)
    # Only the quote's own words change a window's count; the others are None.
    marks = [word if word in wanted else None for word in words]
    window = dict.fromkeys(wanted, 0)
    shared = 0
    for word in marks[:length]:
        if word is not None:
            if window[word] < wanted[word]:
                shared += 1
            window[word] += 1
    scores = [shared]
    for index in range(length, len(words)):
        added, dropped = marks[index], marks[index - length]
        if added is not None:
            if window[added] < wanted[added]:
                shared += 1
            window[added] += 1
        if dropped is not None:
            window[dropped] -= 1
            if window[dropped] < wanted[dropped]:
                shared -= 1
        scores.append(shared)

    limit = 1 if len(quote_words) > _LONG_QUOTE_WORDS else _REGIONS
    margin = min(length // 2, 10) + 2
    chosen: list[int] = []
    # Best first, and of equal ones the earliest first (the sort is stable).
    for start in sorted(range(len(scores)), key=scores.__getitem__, reverse=True):
        if scores[start] == 0 or len(chosen) == limit:
            break
        if all(abs(start - other) > length // 2 for other in chosen):
            chosen.append(start)
    return [(max(0, start - margin), min(len(words), start + length + margin)) for start in chosen]


def _fitting_alignment(
    quote: list[str], words: list[str], region_start: int, region_end: int
) -> tuple[int, int, int] | None:
    """Cheapest ``(cost, first, end)``: ``words[first:end]`` aligned to all of ``quote``.

    Dynamic programming over the region, with a free start and a free end in
    the region; ties go to the earliest passage.
    """
    region = words[region_start:region_end]
    width = len(region)
    substitution: dict[tuple[str, str], int] = {}
    # cost[j] / origin[j]: best cost of aligning the quote so far with a
    # passage ending before region[j], and where that passage starts.
    cost = [0] * (width + 1)
    origin = list(range(width + 1))
    for quote_word in quote:
        new_cost = [cost[0] + _DELETE] + [0] * width
        new_origin = [origin[0]] + [0] * width
        for j in range(1, width + 1):
            word = region[j - 1]
            if word == quote_word:
                diagonal = cost[j - 1] + _MATCH
            else:
                pair = (word, quote_word)
                if pair not in substitution:
                    substitution[pair] = _SIMILAR if _similar(word, quote_word) else _SUBSTITUTE
                diagonal = cost[j - 1] + substitution[pair]
            best, start = diagonal, origin[j - 1]
            if cost[j] + _DELETE < best:
                best, start = cost[j] + _DELETE, origin[j]
            if new_cost[j - 1] + _INSERT < best:
                best, start = new_cost[j - 1] + _INSERT, new_origin[j - 1]
            new_cost[j], new_origin[j] = best, start
        cost, origin = new_cost, new_origin
    best_end = min(range(width + 1), key=lambda j: (cost[j], origin[j], j))
    if origin[best_end] == best_end:  # every quote word deleted: nothing shared
        return None
    return cost[best_end], region_start + origin[best_end], region_start + best_end


def _similar(first: str, second: str) -> bool:
    """Spelling variants and inflections: ``defence``/``defense``, ``establish(ing)``.

    At least four letters, and all but one of the shorter word's letters are
    a common beginning plus a common ending.
    """
    shortest = min(len(first), len(second))
    if shortest < 4 or (first[0] != second[0] and first[-1] != second[-1]):
        return False  # neither a first nor a last letter in common: head + tail is 0
    head = 0
    while head < shortest and first[head] == second[head]:
        head += 1
    tail = 0
    while tail < shortest - head and first[-1 - tail] == second[-1 - tail]:
        tail += 1
    return head + tail >= shortest - 1


def _widen_to_punctuation(text: str, quote: str, start: int, end: int) -> tuple[int, int]:
    """Take in the body's punctuation where the quote has some at that end.

    ``"Such stories ... caution.`` should be found with its opening quote
    mark and its full stop (or whatever the body now has there).
    """
    leading = _LEADING_PUNCTUATION.search(quote)
    if leading:
        limit = start - len(leading.group())
        while start > max(limit, 0) and not _is_word_or_space(text[start - 1]):
            start -= 1
    trailing = _TRAILING_PUNCTUATION.search(quote)
    if trailing:
        limit = end + len(trailing.group())
        while end < min(limit, len(text)) and not _is_word_or_space(text[end]):
            end += 1
    return start, end


def _is_word_or_space(char: str) -> bool:
    return is_word_char(char) or char.isspace()
