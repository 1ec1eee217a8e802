"""Story paragraphs beside the story's container: a lead before it, the story going on after it.

:mod:`.story` chooses one element as the story's container.  On some pages
the story does not fit in one element: the lead is a ``<p>`` just before the
body's ``<div>`` (a standfirst, a "chapô"), or the body is cut in two by a
box in the middle (a "most read" list, an advertisement), each half in an
element of its own.  trafilatura's fast text, the reader's guide, then
often has one part only.  :func:`story_beside` finds the others among
the container's siblings, as readability does, but narrowly:

- before the container, nearest first: ``<p>`` elements of prose (ten words
  or more outside links, an end of sentence), blocks of prose named for the
  lead ("lead", "intro", "standfirst", "chapo", "excerpt", ...), and
  elements that go on with the story (below);
- after it: such ``<p>`` elements and elements that go on with the story:
  mostly long prose, no heading, ``<header>`` or ``<hr>`` before their first
  paragraph (each of a list of stories opens with its headline; a rule ends
  the story), no ``<article>`` (a story of its own), no secondary matter
  (comments, a disclaimer), and either of the container's tag and class or,
  within the story's wrapper (not among the page's sections right under
  ``<body>``), mostly ``<p>`` text with a good part of the story's long
  prose (50 words, and a quarter).

On both sides lists of links and short boxes without a sentence (an
"Advertisement" label) are passed over; a heading (the headline, "About
the author"), an ``<hr>`` or any other element with text ends the search.

A container that is all its parent has of text is taken with its parent
first: a story cut in two wrapped halves is found too.

What is found is walked and filtered as the container's own blocks are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from lxml.html import HtmlElement

from briefgen.ingest.evidence import Candidate, secondary_kind
from briefgen.ingest.story import NOT_STORY, story_texts

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A paragraph beside the container needs this many words of prose and an end of sentence.
_PARAGRAPH_PROSE = 10
_SENTENCE_END = re.compile(r"\w[.!?…。]")
# An element like the container goes on with the story when at least this
# share of its words are long prose.
_CONTINUED_PROSE = 0.5
# An element of another kind goes on with the story with this much long prose,
# and this share of the story's.
_GOES_ON_WORDS = 50
_GOES_ON_SHARE = 0.25
_PAGE = frozenset({"body", "html"})
# Passed over after the container: mostly links, or short without a sentence.
_LINK_SHARE = 0.5
_SHORT_BOX = 10


# A block before the container named for the story's lead is its lead, with or
# without an end of sentence.
_LEAD_NAMES = frozenset(
    {"lead", "intro", "standfirst", "summary", "chapo", "chapeau", "abstract", "excerpt",
     "deck", "dek", "teaser", "kicker", "sapo"}
)  # fmt: skip
_LEAD_TAGS = frozenset({"p", "div", "h2", "h3"})
_NAME_PARTS = re.compile(r"[\s_-]+")


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
    @property
    def paragraphs(self) -> int: ...


def story_beside(
    container: HtmlElement, counts: Mapping[HtmlElement, Counted]
) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """The siblings of ``container`` before and after it (each in document order)
    that hold the story's lead or its continuation.

    A container that is all its parent has of text is taken with its parent,
    so that a story cut in two wrapped halves is found too.
    """
    own = counts.get(container)
    if own is None:
        return [], []
    anchor = container
    while (parent := anchor.getparent()) is not None and parent.tag not in _PAGE:
        count = counts.get(parent)
        if count is None or count.words != own.words:
            break
        anchor = parent
    before: list[HtmlElement] = []
    for sibling in anchor.itersiblings(preceding=True):
        if sibling.tag == "hr":
            break
        count = _count_of(sibling, counts)
        if count is None:
            continue
        if _is_paragraph(sibling, count, before=True) or _continues(sibling, count, anchor, own):
            before.append(sibling)
        elif not _passed_over(sibling, count):
            break
    after: list[HtmlElement] = []
    for sibling in anchor.itersiblings():
        if sibling.tag == "hr":
            break  # a thematic break: what follows is something else
        count = _count_of(sibling, counts)
        if count is None:
            continue
        if _is_paragraph(sibling, count) or _continues(sibling, count, anchor, own):
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


def _is_paragraph(element: HtmlElement, count: Counted, *, before: bool = False) -> bool:
    """A paragraph of prose; or, ``before`` the story, a block named for its lead."""
    if count.prose < _PARAGRAPH_PROSE or count.linked * 2 > count.words:
        return False
    if element.tag == "p" and _SENTENCE_END.search(_text(element)):
        return True
    return before and element.tag in _LEAD_TAGS and _named_lead(element)


def _named_lead(element: HtmlElement) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return any(part in _LEAD_NAMES for part in _NAME_PARTS.split(names))


def _continues(element: HtmlElement, count: Counted, anchor: HtmlElement, story: Counted) -> bool:
    """Mostly long prose, not opening with a heading or a rule, no ``<article>`` (each is a
    whole story) and no secondary matter; of the tag and class of the story's
    container, or, inside the same wrapper (not among the page's sections
    under ``<body>``), mostly paragraphs with a good part of the story's long
    prose."""
    if element.tag == "article" or count.long_prose < _CONTINUED_PROSE * count.words:
        return False
    if _opens_apart(element):
        return False
    alike = element.tag == anchor.tag and element.get("class") == anchor.get("class")
    if not alike and (
        _parent_tag(element) in _PAGE  # the page's sections, not parts of one story
        or count.long_prose < max(_GOES_ON_WORDS, _GOES_ON_SHARE * story.long_prose)
        or count.paragraphs < _CONTINUED_PROSE * count.words
    ):
        return False
    candidate = Candidate(element, count.prose, False, "", words=count.words, linked=count.linked)
    return secondary_kind(candidate) is None


def _parent_tag(element: HtmlElement) -> str:
    parent = element.getparent()
    return parent.tag if parent is not None else ""


def _opens_apart(element: HtmlElement) -> bool:
    """``element`` has a heading, a ``<header>`` or a thematic break (``<hr>``)
    before its first paragraph."""
    for node in element.iter(*_HEADINGS, "header", "hr", "p"):
        if node.tag != "p":
            return True
        if node.text_content().strip():
            return False
    return False


def _passed_over(element: HtmlElement, count: Counted) -> bool:
    """A list of links or a short box without a sentence, between parts of the
    story; never a heading (it opens something else)."""
    if element.tag in _HEADINGS:
        return False
    if count.linked >= _LINK_SHARE * count.words:
        return True
    return count.words < _SHORT_BOX and not _SENTENCE_END.search(_text(element))
