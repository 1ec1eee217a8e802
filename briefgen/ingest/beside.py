"""Story paragraphs beside the story's container: a lead before it, the story going on after it.

:mod:`.story` chooses one element as the story's container.  On some pages
the story does not fit in one element: the lead is a ``<p>`` just before the
body's ``<div>`` (a standfirst, a "chapô"), or the body is cut in two by a
box in the middle (a "most read" list, an advertisement), each half in an
element of the same kind.  trafilatura's fast text, the reader's guide, then
often has the first part only.  :func:`story_beside` finds those parts among
the container's siblings, as readability does, but narrowly:

- before the container, nearest first: ``<p>`` elements of prose (ten words
  or more outside links, an end of sentence), up to the first other element
  with text (the headline, a date line); elements without words between them
  are passed over;
- after it: such ``<p>`` elements, and elements of the container's own tag
  and class that are mostly long prose and have no heading before their
  first paragraph (each of a list of stories opens with its headline; an
  ``<article>`` is a story of its own), up to the first other element with
  text; lists of links and short boxes without a sentence (an
  "Advertisement" label) between them are passed over.

What is found is walked and filtered as the container's own blocks are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from lxml.html import HtmlElement

from briefgen.ingest.story import NOT_STORY, story_texts

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A paragraph beside the container needs this many words of prose and an end of sentence.
_PARAGRAPH_PROSE = 10
_SENTENCE_END = re.compile(r"\w[.!?…。]")
# An element like the container goes on with the story when at least this
# share of its words are long prose.
_CONTINUED_PROSE = 0.5
# Passed over after the container: mostly links, or short without a sentence.
_LINK_SHARE = 0.5
_SHORT_BOX = 10


class Counted(Protocol):
    """What :mod:`.story` counted of an element."""

    @property
    def words(self) -> int: ...
    @property
    def prose(self) -> int: ...
    @property
    def linked(self) -> int: ...
    @property
    def long_prose(self) -> int: ...


def story_beside(
    container: HtmlElement, counts: Mapping[HtmlElement, Counted]
) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """The siblings of ``container`` before and after it (each in document order)
    that hold the story's lead or its continuation."""
    before: list[HtmlElement] = []
    for sibling in container.itersiblings(preceding=True):
        count = _count_of(sibling, counts)
        if count is None:
            continue
        if not _is_paragraph(sibling, count):
            break
        before.append(sibling)
    after: list[HtmlElement] = []
    for sibling in container.itersiblings():
        count = _count_of(sibling, counts)
        if count is None:
            continue
        if _is_paragraph(sibling, count) or _continues(sibling, count, container):
            after.append(sibling)
        elif not _passed_over(sibling, count):
            break
    return before[::-1], after


def _count_of(element: HtmlElement, counts: Mapping[HtmlElement, Counted]) -> Counted | None:
    """The element's count, or None for what has no words or is never the story."""
    if not isinstance(element.tag, str) or element.tag in NOT_STORY:
        return None
    count = counts.get(element)
    return count if count is not None and count.words else None


def _text(element: HtmlElement) -> str:
    return " ".join(story_texts(element))


def _is_paragraph(element: HtmlElement, count: Counted) -> bool:
    return (
        element.tag == "p"
        and count.prose >= _PARAGRAPH_PROSE
        and bool(_SENTENCE_END.search(_text(element)))
    )


def _continues(element: HtmlElement, count: Counted, container: HtmlElement) -> bool:
    """An element of the container's tag and class, mostly long prose, not
    opening with a heading; never an ``<article>`` (each is a whole story)."""
    return (
        element.tag == container.tag != "article"
        and element.get("class") == container.get("class")
        and count.long_prose >= _CONTINUED_PROSE * count.words
        and not _opens_with_heading(element)
    )


def _opens_with_heading(element: HtmlElement) -> bool:
    """``element`` has a heading (or a ``<header>``) before its first paragraph."""
    for node in element.iter(*_HEADINGS, "header", "p"):
        if node.tag != "p":
            return True
        if node.text_content().strip():
            return False
    return False


def _passed_over(element: HtmlElement, count: Counted) -> bool:
    """A list of links or a short box without a sentence, between parts of the story."""
    if count.linked >= _LINK_SHARE * count.words:
        return True
    return count.words < _SHORT_BOX and not _SENTENCE_END.search(_text(element))
