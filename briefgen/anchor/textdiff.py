"""Diffs of two texts as aligned segments, to map offsets from the old one to the new.

The texts are diffed sentence by sentence, then, within each run of
replaced sentences, word by word (each word, run of space and mark is one
unit), then, within each run of replaced words, letter by letter;
:class:`Segments` turns the diff into rows of old and new offsets that
:meth:`Segments.map_span` walks.  :class:`BodyDiff` holds one article's old
and new folded body text and diffs them once, for all its annotations
(:mod:`briefgen.anchor.relocate`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

from briefgen.anchor.fold import FoldedText
from briefgen.anchor.quotes import Span

# Units of the text, coarse to fine; each level's units together are the whole text.
_SENTENCE = re.compile(r"[^.!?]*[.!?]+\s*|[^.!?]+")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_LEVELS = (_SENTENCE, _TOKEN)
_DIFF_TIMEOUT = 1.0  # seconds diff-match-patch may spend on one diff


def token_diff(dmp: diff_match_patch, old: str, new: str) -> list[tuple[int, str]]:
    """The diff of ``old`` and ``new`` as diff-match-patch gives it: ``(op, text)``, op
    -1 deleted, 0 kept, 1 inserted; by sentences, then words, then letters.

    Sentences and words are aligned as units (a longest common subsequence
    of them, rapidfuzz's ``Indel`` in C++): the diff of two articles is a
    few dozen units long instead of thousands of letters.  Each run of
    replaced sentences is then diffed by words, and each run of replaced
    words by letters (diff-match-patch), so that ``word`` -> ``words`` keeps
    ``word``.  No semantic clean-up of the whole: it would swallow a short
    unchanged stretch between two nearby edits.
    """
    return _diff_by(dmp, old, new, _LEVELS)


def _diff_by(
    dmp: diff_match_patch, old: str, new: str, levels: tuple[re.Pattern[str], ...]
) -> list[tuple[int, str]]:
    if not levels:
        # Only replaced words are compared letter by letter, and what they
        # share by chance (a letter here and there) is cleaned away.
        letters = dmp.diff_main(old, new, False)
        dmp.diff_cleanupSemantic(letters)
        return letters
    old_units, new_units = levels[0].findall(old), levels[0].findall(new)
    diffs: list[tuple[int, str]] = []
    deleted: list[str] = []  # the run of replaced units since the last kept one
    inserted: list[str] = []
    for op in Indel.opcodes(old_units, new_units):
        if op.tag != "equal":
            deleted.extend(old_units[op.src_start : op.src_end])
            inserted.extend(new_units[op.dest_start : op.dest_end])
            continue
        _replaced(dmp, "".join(deleted), "".join(inserted), levels[1:], diffs)
        deleted.clear()
        inserted.clear()
        diffs.append((0, "".join(old_units[op.src_start : op.src_end])))
    _replaced(dmp, "".join(deleted), "".join(inserted), levels[1:], diffs)
    return diffs


def _replaced(
    dmp: diff_match_patch,
    old: str,
    new: str,
    levels: tuple[re.Pattern[str], ...],
    diffs: list[tuple[int, str]],
) -> None:
    """Add a run of deleted ``old`` and inserted ``new`` units, diffed finer if both."""
    if old and new:
        diffs.extend(_diff_by(dmp, old, new, levels))
    elif old:
        diffs.append((-1, old))
    elif new:
        diffs.append((1, new))


class Segments:
    """A diff of two strings as aligned segments, for mapping offsets across."""

    def __init__(self, old: str, new: str) -> None:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = _DIFF_TIMEOUT
        diffs = token_diff(dmp, old, new)
        dmp.diff_cleanupMerge(diffs)
        # (op, old_start, old_end, new_start, new_end); op -1 delete, 0 equal, 1 insert
        self.rows: list[tuple[int, int, int, int, int]] = []
        old_at = new_at = 0
        for op, chunk in diffs:
            old_end = old_at + (len(chunk) if op <= 0 else 0)
            new_end = new_at + (len(chunk) if op >= 0 else 0)
            self.rows.append((op, old_at, old_end, new_at, new_end))
            old_at, new_at = old_end, new_end
        self._old_starts = [row[1] for row in self.rows if row[0] <= 0]
        self._old_rows = [i for i, row in enumerate(self.rows) if row[0] <= 0]
        self._equal_new = [row for row in self.rows if row[0] == 0]
        self._equal_new_starts = [row[3] for row in self._equal_new]

    def _row_of_old(self, position: int) -> int:
        index = bisect_right(self._old_starts, position) - 1
        return self._old_rows[max(index, 0)]

    def map_span(self, start: int, end: int) -> tuple[int, int, int]:
        """``(new_start, new_end, kept)`` of the old ``[start, end)``, ``end > start``.

        Insertions at the very edges stay out; replacements of the first or
        last characters come in.  ``kept`` counts the characters left equal.
        """
        first = self._row_of_old(start)
        op, old_start, _, new_start, _ = self.rows[first]
        new_from = new_start + (start - old_start) if op == 0 else new_start
        last = self._row_of_old(end - 1)
        op, old_start, _, new_start, _ = self.rows[last]
        if op == 0:
            new_to = new_start + (end - 1 - old_start) + 1
        else:
            following = self.rows[last + 1] if last + 1 < len(self.rows) else None
            new_to = following[4] if following is not None and following[0] == 1 else new_start
        kept = 0
        for row in self.rows[first : last + 1]:
            if row[0] == 0:
                kept += max(0, min(end, row[2]) - max(start, row[1]))
        return new_from, max(new_to, new_from), kept

    def unchanged_elsewhere(self, new_start: int, new_end: int, old_span: tuple[int, int]) -> float:
        """Share of new ``[new_start, new_end)`` that is old text from outside ``old_span``."""
        if new_end <= new_start:
            return 0.0
        index = max(bisect_right(self._equal_new_starts, new_start) - 1, 0)
        elsewhere = 0
        for row in self._equal_new[index:]:
            _, old_start, _, row_new_start, row_new_end = row
            if row_new_start >= new_end:
                break
            lo, hi = max(new_start, row_new_start), min(new_end, row_new_end)
            if hi <= lo:
                continue
            old_lo = old_start + (lo - row_new_start)
            old_hi = old_lo + (hi - lo)
            inside = max(0, min(old_hi, old_span[1]) - max(old_lo, old_span[0]))
            elsewhere += (hi - lo) - inside
        return elsewhere / (new_end - new_start)


class BodyDiff:
    """The old and new body of one article, diffed once for all its annotations."""

    def __init__(self, old: FoldedText, new: FoldedText) -> None:
        self.old = old
        self.new = new

    @cached_property
    def segments(self) -> Segments:
        return Segments(self.old.text, self.new.text)

    def old_folded(self, span: Span) -> tuple[int, int]:
        return self.old.to_folded(span.start), self.old.to_folded(span.end)
