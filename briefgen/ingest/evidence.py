"""Deciding between choices of a page's story on evidence they can all be judged by.

:mod:`.story` has two candidates for the story's container: the element
that agrees best with trafilatura's fast text (or the one the page marks as
its story), and the element whose words agree best with the page's own
long prose (blocks that are not mostly links).  Mostly they are the same
element, or one holds the other with about the same prose.  Where they
disagree strongly (:func:`disagree`: they share little prose, or one has a
small fraction of the other's), neither rule is trusted: trafilatura's full
extraction gives a second opinion, the element agreeing best with it is a
third candidate, and :func:`choose` weighs them all:

- agreement with the second opinion (F1 of words), and without one the
  prose itself;
- a container that reads as secondary matter counts a quarter, and never
  wins over a story :data:`MANY_TIMES` its prose: reader comments (its or
  an ancestor's class or id says so), a disclaimer (its or its parent's
  class or id, or a short text that says it is an affiliate notice), a
  teaser list (its or its parent's class or id, or mostly links);
- one the page marks as ``articleBody``, or that holds the page's
  headline, counts a little more.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml.html import HtmlElement

# Class and id words of reader comments: whole words, or words beginning
# "comment-"/"comments-" that do not describe something else ("comments-open"
# on a story's wrapper says only that comments are allowed).
_COMMENT_WORDS = frozenset(
    {"comment", "comments", "commentlist", "replies", "respond", "discussion", "disqus_thread",
     "kommentar", "kommentare", "commentaire", "commentaires", "komentarz", "komentarze",
     "comentarios"}
)  # fmt: skip
_COMMENT_PREFIXES = ("comment-", "comments-", "comment_", "comments_")
_NOT_COMMENTS = ("-open", "-closed", "-count", "-link", "-number", "-icon", "-button")
_COMMENT_DEPTH = 4  # a story is never inside comments: ancestors this far up count
# Parts of class and id words of disclaimers and of teaser lists: the element's
# own or its parent's only (layouts name wrappers "has-sidebar", "read-more").
_DISCLAIMER_PARTS = ("disclaimer", "affiliate", "disclosure", "haftungsausschluss")
_TEASER_PARTS = ("related", "recommend", "outbrain", "taboola", "more-stories", "most-popular",
                 "most-read")  # fmt: skip
_OWN_DEPTH = 2
# A container with this share of its words in links is a list of links.
TEASER_LINK_SHARE = 0.5
TEASER_WORDS = 20  # a shorter text with a link is no list
# A short text saying it is an affiliate notice or disclaimer.
_DISCLAIMER_TEXT = re.compile(
    r"affiliate|commission|provision|partnerlink|werbelink|liens? (affilié|sponsoris)"
    r"|disclaimer|we (may )?(earn|receive)|earn from qualifying",
    re.IGNORECASE,
)
DISCLAIMER_WORDS = 80  # only a text shorter than this reads as a notice
SECONDARY_WEIGHT = 0.25
MARKED_WEIGHT = 1.2
MANY_TIMES = 3
# Strong disagreement: the shared prose is less than this share of the smaller
# candidate's, or the smaller has less than the second share of the larger's.
OVERLAP_SHARE = 0.5
FRACTION = 0.33
# Without a second opinion, the densest element wins on this many times the prose.
OVERRULE = 2.0


@dataclass(frozen=True)
class Candidate:
    """A possible container of the story, with what is known of it."""

    element: HtmlElement
    prose: int  # words outside links of the blocks under it that are not mostly links
    marked: bool  # itemprop="articleBody", or it holds the page's headline
    text: str = ""  # its text when short (for the disclaimer cue), else ""
    agreement: float = 0.0  # F1 of its words against the second opinion's
    words: int = 0  # all its words
    linked: int = 0  # its words in links


def secondary_kind(candidate: Candidate) -> str | None:
    """What secondary matter the candidate reads as ("comments", ...), or None.

    Its own class and id and its ancestors' say so (for comments, a few
    levels up; for disclaimers and teasers, its own or its parent's); or its
    text, when short, says it is an affiliate notice; or most of its words
    are links.
    """
    for depth, node in enumerate((candidate.element, *candidate.element.iterancestors())):
        if node.tag in ("body", "html") or depth > _COMMENT_DEPTH:
            break
        words = f"{node.get('class') or ''} {node.get('id') or ''}".lower().split()
        if any(is_comment_word(word) for word in words):
            return "comments"
        if depth < _OWN_DEPTH:
            if any(part in word for word in words for part in _DISCLAIMER_PARTS):
                return "a disclaimer"
            if any(part in word for word in words for part in _TEASER_PARTS):
                return "a teaser list"
    short = candidate.text and candidate.prose < DISCLAIMER_WORDS
    if short and _DISCLAIMER_TEXT.search(candidate.text):
        return "a disclaimer"
    if candidate.words >= TEASER_WORDS and candidate.linked >= TEASER_LINK_SHARE * candidate.words:
        return "a teaser list"
    return None


def is_comment_word(word: str) -> bool:
    """A whole class or id word (lower case) naming reader comments."""
    if word in _COMMENT_WORDS:
        return True
    return word.startswith(_COMMENT_PREFIXES) and not word.endswith(_NOT_COMMENTS)


def inside(element: HtmlElement, ancestor: HtmlElement) -> bool:
    """``element`` is a descendant of ``ancestor``."""
    return any(node is ancestor for node in element.iterancestors())


def disagree(first: Candidate, second: Candidate) -> bool:
    """The two candidates share little of their prose, or one has a small fraction of it."""
    if first.element is second.element:
        return False
    if inside(second.element, first.element):
        shared = second.prose
    elif inside(first.element, second.element):
        shared = first.prose
    else:
        shared = 0
    smaller, larger = sorted((first.prose, second.prose))
    return shared < OVERLAP_SHARE * smaller or smaller < FRACTION * larger


def choose(candidates: Sequence[Candidate]) -> int:
    """The index of the candidate the evidence favours (the first on a tie).

    With agreement figures (a second opinion was read), the best agreement
    weighed as the module says; without, the first candidate unless another
    has :data:`OVERRULE` times its weighed prose.
    """
    kinds = [secondary_kind(candidate) for candidate in candidates]
    stories = [c.prose for c, kind in zip(candidates, kinds, strict=True) if kind is None]
    longest_story = max(stories, default=0)

    def score(index: int) -> float:
        candidate, kind = candidates[index], kinds[index]
        if kind is not None and longest_story >= MANY_TIMES * max(candidate.prose, 1):
            return -1.0  # secondary matter never wins over a story many times its length
        value = candidate.agreement if with_agreement else candidate.prose
        factor = (SECONDARY_WEIGHT if kind else 1.0) * (MARKED_WEIGHT if candidate.marked else 1.0)
        return value * factor

    with_agreement = any(candidate.agreement for candidate in candidates)
    scores = [score(index) for index in range(len(candidates))]
    if not with_agreement:
        best = max(range(len(candidates)), key=scores.__getitem__)
        if (best and scores[best] >= OVERRULE * max(scores[0], 1.0)) or scores[0] < 0:
            return best
        return 0
    return max(range(len(candidates)), key=scores.__getitem__)
