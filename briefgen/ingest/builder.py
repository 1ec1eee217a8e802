"""Assembling one :class:`~briefgen.model.Block` from text pieces and inline marks.

The Markdown and HTML readers walk their trees and feed a :class:`BlockBuilder`
raw text (with the source's line breaks and indentation) and the start and
end of each mark.  :meth:`BlockBuilder.build` folds the white space once and
maps the mark offsets from the raw text to the folded text with a binary
search over the white space runs, so there is no per-character work in Python.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

from briefgen.ingest.normalize import WHITESPACE_RUN, fold_whitespace
from briefgen.model import Block, BlockKind, InlineMark, MarkKind


class BlockBuilder:
    """Collects the raw text and marks of one block."""

    def __init__(self, kind: BlockKind, *, level: int = 0, group: int = 0) -> None:
        self.kind: BlockKind = kind
        self.level = level
        self.group = group
        self._pieces: list[str] = []
        self._length = 0
        # [start, end or -1 while open, kind, href] in raw offsets
        self._marks: list[tuple[int, int, MarkKind, str | None]] = []
        self._open: dict[int, tuple[int, MarkKind, str | None]] = {}
        self._next_handle = 0

    def text(self, piece: str) -> None:
        if piece:
            self._pieces.append(piece)
            self._length += len(piece)

    def open_mark(self, kind: MarkKind, href: str | None = None) -> int:
        """Start a mark here; returns a handle for :meth:`close_mark`."""
        handle = self._next_handle
        self._next_handle += 1
        self._open[handle] = (self._length, kind, href)
        return handle

    def close_mark(self, handle: int) -> None:
        start, kind, href = self._open.pop(handle)
        self._marks.append((start, self._length, kind, href))

    def build(self) -> Block | None:
        """The folded block, or None if it has no text."""
        for handle in list(self._open):  # a mark never closed runs to the end
            self.close_mark(handle)
        raw = "".join(self._pieces)
        text = fold_whitespace(raw)
        if not text:
            return None
        marks: tuple[InlineMark, ...] = ()
        if self._marks:
            marks = self._fold_marks(raw, text)
        return Block(self.kind, text, marks, level=self.level, group=self.group)

    def _fold_marks(self, raw: str, text: str) -> tuple[InlineMark, ...]:
        runs = [match.span() for match in WHITESPACE_RUN.finditer(raw)]
        starts = [start for start, _ in runs]
        # removed[i]: characters dropped by the runs before run i (each run keeps one)
        removed = [0, *accumulate(end - start - 1 for start, end in runs)]
        leading = 1 if runs and runs[0][0] == 0 else 0

        def folded(position: int) -> int:
            index = bisect_left(starts, position) - 1  # last run starting before position
            if index < 0:
                result = position
            else:
                run_start, run_end = runs[index]
                if position < run_end:  # inside the run: just after its one space
                    result = run_start - removed[index] + 1
                else:
                    result = position - removed[index + 1]
            return min(max(result - leading, 0), len(text))

        marks: list[InlineMark] = []
        for raw_start, raw_end, kind, href in self._marks:
            start, end = folded(raw_start), folded(raw_end)
            # A mark never begins or ends on the folded space between words.
            if start < end and text[start] == " ":
                start += 1
            if start < end and text[end - 1] == " ":
                end -= 1
            if start < end:
                marks.append(InlineMark(start, end, kind, href))
        marks.sort(key=lambda mark: (mark.start, -mark.end))
        return tuple(dict.fromkeys(marks))
