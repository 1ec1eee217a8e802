"""Where an element parsed by lxml starts in the page's text.

lxml (libxml2) is fast enough to read a whole page on every build, but it
only tells the line on which an element's start tag ends.  The start tags of
the text are found with one regular expression (outside comments, scripts,
styles and other raw text, where a ``<div`` is no tag) and matched
to the elements with the same name whose start tag ends on the same line, in
order.  Where the counts differ (a tag the parser implied, or one it
dropped), that line and name are not mapped: :meth:`SourceMap.offset` says
None rather than guess.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

from lxml import etree
from lxml.html import HtmlElement

# Where comments and raw-text elements open; inside them "<name" is no tag.
_RAW_OPEN = re.compile(r"<!--|<(script|style|textarea|title|xmp|noscript)\b", re.IGNORECASE)
_START_TAG = re.compile(r"""<([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")


# How many lines before its end a start tag may begin (attributes over many lines).
_TAG_LINES = 40


class SourceMap:
    """Offsets in ``text`` of the elements of ``tree`` (parsed from ``text``).

    Elements are indexed by line and name once; the text is searched for
    start tags only on the lines asked about.
    """

    def __init__(self, text: str, tree: HtmlElement) -> None:
        self._text = text
        self._raw_starts: list[int] = []
        self._raw_ends: list[int] = []
        self._find_raw_text(text)
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self._elements: dict[tuple[int, str], list[HtmlElement]] = defaultdict(list)
        for element in tree.iter(etree.Element):  # lxml.html names are lower-case
            self._elements[(element.sourceline, element.tag)].append(element)
        self._offsets: dict[HtmlElement, int] = {}
        self._done: set[tuple[int, str]] = set()

    def _find_raw_text(self, text: str) -> None:
        lowered = text.lower()
        position = 0
        while (match := _RAW_OPEN.search(text, position)) is not None:
            name = match.group(1)
            close = "-->" if name is None else f"</{name.lower()}"
            end = lowered.find(close, match.end())
            position = len(text) if end < 0 else end + len(close)
            self._raw_starts.append(match.start())
            self._raw_ends.append(position)

    def _line_of(self, offset: int) -> int:
        return bisect_right(self._line_starts, offset)

    def _in_raw_text(self, offset: int) -> bool:
        index = bisect_right(self._raw_starts, offset) - 1
        return index >= 0 and offset < self._raw_ends[index]

    def _map(self, line: int, name: str) -> None:
        """Match the start tags named ``name`` that end on ``line`` to the elements."""
        self._done.add((line, name))
        if line > len(self._line_starts):
            return
        first = self._line_starts[max(line - _TAG_LINES, 1) - 1]
        last = self._line_starts[line] if line < len(self._line_starts) else len(self._text)
        written = [
            match.start()
            for match in _START_TAG.finditer(self._text, first, last)
            if match.group(1).lower() == name
            and self._line_of(match.end() - 1) == line
            and not self._in_raw_text(match.start())
        ]
        found = self._elements.get((line, name), [])
        if len(written) == len(found):
            self._offsets.update(zip(found, written, strict=True))

    def offset(self, element: HtmlElement) -> int | None:
        """Where ``element``'s start tag begins, or None if that is not certain."""
        if not isinstance(element.tag, str) or not element.sourceline:
            return None
        key = (element.sourceline, element.tag.lower())
        if key not in self._done:
            self._map(*key)
        return self._offsets.get(element)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        line = self._line_of(offset)
        return line, offset - self._line_starts[line - 1] + 1
