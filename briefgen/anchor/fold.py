"""Folding: the comparison form of article text, with a way back.

Editors copy quotes from a browser, a PDF or a word processor, so the same
passage may reach us with curly or straight quotes, an en dash or a hyphen,
a line break or a space.  The format page therefore compares text *folded*:

* every run of white space (including NBSP and the other Unicode spaces) is
  one ASCII space;
* typographic and straight single quotes / apostrophes are ``'``, double
  quotes (and guillemets) are ``"``;
* every dash and the minus sign is ``-``.

Only the white space step changes lengths, so :class:`FoldedText` keeps the
positions of the collapsed runs and maps folded offsets back to offsets in
the original text with a binary search.  Fold each body once and reuse it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property

from briefgen.model import BLOCK_SEPARATOR

# Exactly the characters for which ``str.isspace()`` is true (a test checks
# the whole code space), i.e. what ``\s`` matches in a ``str`` pattern.
WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
SINGLE_QUOTES = "‘’‚‛‹›′'"
DOUBLE_QUOTES = '“”„‟«»″"'
DASHES = "‐‑‒–—―−"

_FOLD_TABLE = str.maketrans(
    {
        **dict.fromkeys(WHITE_SPACE, " "),
        **dict.fromkeys(SINGLE_QUOTES, "'"),
        **dict.fromkeys(DOUBLE_QUOTES, '"'),
        **dict.fromkeys(DASHES, "-"),
    }
)
# Two or more spaces.  Spelt as two spaces and then any more, so that ``re``
# sees a literal prefix of two spaces and jumps from one to the next; written
# `` {2,}`` it tried every position, five times slower.
_SPACE_RUN = re.compile("   *")
_BLOCK_SEPARATOR = re.compile(re.escape(BLOCK_SEPARATOR))


def fold_chars(text: str) -> str:
    """Fold quotes, dashes and white space characters, one for one (no collapsing)."""
    return text.translate(_FOLD_TABLE)


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` keeping every character at its offset.

    ``str.lower`` turns ``İ`` into two characters and picks a final sigma by
    context; neither suits offset-preserving, context-free comparison, so
    both are normalised (``İ`` -> ``i``, ``ς`` -> ``σ``).
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # only U+0130 lower-cases to two characters
        lowered = text.replace("\u0130", "i").lower()
    return lowered.replace("ς", "σ")


def is_word_char(char: str) -> bool:
    """Whether ``char`` is what ``\\w`` matches in a ``str`` pattern."""
    return char.isalnum() or char == "_"


class FoldedText:
    """A text and its folded form, with offsets mapped back to the original.

    ``text`` is the folded form; ``original`` the text as given.  Offsets of
    ``text`` become offsets of ``original`` with :meth:`to_original`.
    """

    def __init__(self, original: str) -> None:
        self.original = original
        translated = fold_chars(original)
        pieces: list[str] = []
        positions: list[int] = []  # folded offset of each collapsed space
        shifts: list[int] = []  # characters removed up to and including that run
        removed = 0
        last = 0
        for run in _SPACE_RUN.finditer(translated):
            pieces.append(translated[last : run.start() + 1])
            positions.append(run.start() - removed)
            removed += run.end() - run.start() - 1
            shifts.append(removed)
            last = run.end()
        pieces.append(translated[last:])
        self.text = "".join(pieces)
        self._run_positions = positions
        self._run_shifts = shifts
        # Original offset of the folded character after each collapsed run.
        self._run_resumes = [p + 1 + s for p, s in zip(positions, shifts, strict=True)]

    def __repr__(self) -> str:
        return f"FoldedText({self.original!r})"

    def offset_to_original(self, offset: int) -> int:
        """The original offset of the folded character at ``offset``.

        A collapsed space maps to the first character of its run.
        """
        runs_before = bisect_left(self._run_positions, offset)
        return offset + (self._run_shifts[runs_before - 1] if runs_before else 0)

    def to_folded(self, original: int) -> int:
        """The folded offset of an original offset: the first folded character at or
        after it (``len(text) + 1`` past the end), as :meth:`offset_to_original` inverted.
        """
        runs_before = bisect_right(self._run_resumes, original)
        folded = original - (self._run_shifts[runs_before - 1] if runs_before else 0)
        if runs_before < len(self._run_positions):
            # Within the next run's removed spaces: the character after the run.
            folded = min(folded, self._run_positions[runs_before] + 1)
        return min(folded, len(self.text) + 1)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the folded span ``[start, end)`` to the original text.

        A span that ends in a collapsed space takes only the first character
        of that run, so the result never swallows the rest of a white space run.
        """
        original_start = self.offset_to_original(start)
        if end <= start:
            return original_start, original_start
        return original_start, self.offset_to_original(end - 1) + 1

    @cached_property
    def lowered(self) -> str:
        """``text`` lower-cased, offset for offset (for case-insensitive search)."""
        return lower_same_length(self.text)

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [0] + [m.end() for m in _BLOCK_SEPARATOR.finditer(self.original)]

    def paragraph_of(self, original_offset: int) -> int:
        """The 1-based block number of an original offset (blocks end at ``\\n\\n``)."""
        return bisect_right(self._paragraph_starts, original_offset)

    def paragraph_bounds(self, original_offset: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the block holding ``original_offset``."""
        starts = self._paragraph_starts
        index = bisect_right(starts, original_offset) - 1
        end = (
            starts[index + 1] - len(BLOCK_SEPARATOR)
            if index + 1 < len(starts)
            else len(self.original)
        )
        return starts[index], end


def fold(text: str) -> FoldedText:
    """Fold ``text`` for comparison; see the module docstring."""
    return FoldedText(text)
