"""Deciding between two choices of a page's story on evidence both can be judged by.

:mod:`.story` has two candidates for the story's container: the element
that agrees best with trafilatura's text (or the one the page marks as its
story), and the element that holds the most prose of the page (the words of
paragraphs and loose text that are not mostly links, credited to the element
holding them and half to its parent, as readability does).  Mostly they are
the same element or one holds the other with about the same text.  Where
they disagree strongly (neither holds most of the other's prose, or one has
a small fraction of the other's), neither rule is trusted blindly: each is
weighed by its prose, a container that reads as secondary matter (reader
comments, a disclaimer, a teaser list: its own or an ancestor's class or id
says so, or a short text says it is an affiliate notice) counting a quarter,
one the page marks as ``articleBody`` or that holds the page's headline half
again.  The element holding the most prose then wins only when it weighs
:data:`OVERRULE` times as much (trafilatura's agreement is evidence too),
and never when it reads as secondary matter and the other does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

# Class and id words of the secondary matter of a page, by what it is.
_SECONDARY_NAMES = (
    (
        "comments",
        re.compile(
            r"(?<![a-z])(comments?|commentlist|comment[-_]?(list|body|content|text|area|s?section)"
            r"|kommentar\w*|commentaires?|komentarz\w*|replies|reply|respond|disqus|discussion)"
            r"(?![a-z])"
        ),
    ),
    (
        "a disclaimer",
        re.compile(r"disclaimer|affiliate|disclosure|haftungsausschluss|werbehinweis"),
    ),
    (
        "a teaser list",
        re.compile(
            r"teaser|related|recommend|more[-_]?(stories|articles|news)|most[-_]?(popular|read)"
            r"|trending|read[-_]?more|outbrain|taboola|sidebar|widget"
        ),
    ),
)
# A short text saying it is an affiliate notice or disclaimer.
_DISCLAIMER_TEXT = re.compile(
    r"affiliate|commission|provision|partnerlink|werbelink|lien[s]? (affilié|sponsoris)"
    r"|disclaimer|we (may )?(earn|receive)|earn from qualifying",
    re.IGNORECASE,
)
DISCLAIMER_WORDS = 80  # only a text shorter than this reads as a notice
SECONDARY_WEIGHT = 0.25
MARKED_WEIGHT = 1.5
OVERRULE = 2.0
# Strong disagreement: the shared prose is less than this share of the smaller
# candidate's, or the smaller has less than the second share of the larger's.
OVERLAP_SHARE = 0.5
FRACTION = 0.33


@dataclass(frozen=True)
class Candidate:
    """A possible container of the story, with what is known of it."""

    element: HtmlElement
    prose: int  # words outside links of the blocks under it that are not mostly links
    marked: bool  # itemprop="articleBody", or it holds the page's headline
    text: str = ""  # its text when short (for the disclaimer cue), else ""


def secondary_kind(element: HtmlElement, text: str = "", words: int = 0) -> str | None:
    """What secondary matter ``element`` reads as ("comments", ...), or None.

    Its own class and id and its ancestors' say so; or its text, when short,
    says it is an affiliate notice.
    """
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "html"):
            break
        names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if names.strip():
            for kind, pattern in _SECONDARY_NAMES:
                if pattern.search(names):
                    return kind
    if text and words < DISCLAIMER_WORDS and _DISCLAIMER_TEXT.search(text):
        return "a disclaimer"
    return None


def weight(candidate: Candidate, secondary: bool) -> float:
    factor = SECONDARY_WEIGHT if secondary else 1.0
    if candidate.marked:
        factor *= MARKED_WEIGHT
    return candidate.prose * factor


def disagree(agreeing: Candidate, dense: Candidate) -> bool:
    """The two candidates share little of their prose, or one has a small fraction of it."""
    if agreeing.element is dense.element:
        return False
    if any(node is agreeing.element for node in dense.element.iterancestors()):
        shared = dense.prose  # the agreeing one holds the dense one
    elif any(node is dense.element for node in agreeing.element.iterancestors()):
        shared = agreeing.prose
    else:
        shared = 0
    smaller, larger = sorted((agreeing.prose, dense.prose))
    return shared < OVERLAP_SHARE * smaller or smaller < FRACTION * larger


def prefer_dense(agreeing: Candidate, dense: Candidate) -> bool:
    """The element holding the most prose is the story, not the agreeing one."""
    if not disagree(agreeing, dense):
        return False
    first = secondary_kind(agreeing.element, agreeing.text, agreeing.prose) is not None
    second = secondary_kind(dense.element, dense.text, dense.prose) is not None
    if second and not first:
        return False  # secondary matter never overrules what may be the story
    return weight(dense, second) >= OVERRULE * max(weight(agreeing, first), 1.0)
