"""Which element of a saved page holds the story, found on the whole page with lxml.

trafilatura reads the page and gives its text of the story (the
*reference*).  Every block of the page (an element's own text, inline
descendants included) is then marked as in the reference or not, and as
prose or not (mostly links), and the counts are summed up the tree.  Two
candidates come of them: the element whose text agrees best with the
reference (F1 of words in and out), weighed with what the format page and
schema.org say (``itemprop="articleBody"``, ``<article>``, ``<main>``), and
the smallest element holding almost all of the page's long prose.  Where
they disagree strongly, a second opinion is read and :mod:`.evidence`
decides.  The filter of the container's blocks is :mod:`.story_blocks`.

The page's tree is not changed: trafilatura reads a copy, and the parts that
are never the story are passed over in the counts.  Only the chosen element
is walked for blocks, so the page around it (its ancestors, whatever their
classes, a ``<form>`` wrapping the whole page) never removes the story.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from briefgen.ingest.evidence import (
    DISCLAIMER_WORDS,
    Candidate,
    choose,
    disagree,
    inside,
    secondary_kind,
)
from briefgen.ingest.normalize import HIDDEN_ANY

_TOKEN = re.compile(r"\w+")
# Hidden characters split words in one text and not in another: not counted.
_HIDDEN = re.compile(f"{HIDDEN_ANY.pattern}|\x00")
# Blocks, not containers: the story's container holds them.
_NOT_CONTAINER = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "td", "th", "tr",
     "dt", "dd", "caption"}
)  # fmt: skip
# Below this agreement with trafilatura's text, the format page's rules decide.
_LEAST_AGREEMENT = 0.3
# Never the story: removed from trafilatura's copy, passed over in the counts.
NOT_STORY = frozenset(
    {"script", "style", "noscript", "template", "nav", "aside", "footer", "iframe", "svg",
     "button", "input", "select", "textarea", "object", "embed", "figure", "figcaption"}
)  # fmt: skip
# Parts of the page whose lines, repeated in the story's container, are chrome.
_BOILERPLATE = ("nav", "header", "footer", "aside")
# What trafilatura's reading of the page leaves out: the parts never the story,
# and the <head>, which its text never comes from but its every step searches.
LEFT_OUT = " | ".join(f"//{tag}" for tag in ("head", *sorted(NOT_STORY)))
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "font", "i",
     "img", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
     "u", "var", "wbr", "label", "strike", "tt", "big"}
)  # fmt: skip
# A container the page marks as the story is taken when it agrees at least this
# well with trafilatura's text, relative to the best-agreeing element.
_MARKED_SHARE = 0.85
_ARTICLE_BODY = frozenset({"articleBody", "articlebody"})  # itemprop values
# A block with more of its words in links than this share is no prose; one with
# at least _LONG_PROSE words of prose is the kind of block a story is made of.
_PROSE_LINK_SHARE = 0.5
_LONG_PROSE = 10
# The densest element is the smallest whose agreement with the page's long prose
# is at least this share of the best.
_DENSE_TOLERANCE = 0.95


@dataclass(frozen=True)
class Story:
    """The story's container, and what found it."""

    element: HtmlElement
    reference: str  # trafilatura's text, as " "-joined lower-case words ("" if none)
    boilerplate: frozenset[str]  # words of navigation, header and footer blocks
    page_words: int  # words of the page outside navigation, scripts and the like
    # The prose of the page's densest text outside the container, when that is
    # more than the container's own (0 otherwise): a story left out?
    prose_outside: int = 0
    secondary: str | None = None  # what the container reads as, if not a story
    asked_second: bool = False  # the second opinion was read


def reference_words(text: str) -> str:
    """``text`` as its lower-case words joined by single spaces, with spaces at both ends."""
    return " " + " ".join(words_of(text)) + " "


def words_of(text: str) -> list[str]:
    return _TOKEN.findall(_HIDDEN.sub("", text).lower())


def find_story(
    tree: HtmlElement,
    read_reference: Callable[[HtmlElement], str],
    headline: HtmlElement | None = None,
    read_second: Callable[[HtmlElement], str] | None = None,
    *,
    ask_second: bool = False,
) -> Story | None:
    """The story of the page ``tree``, or None if none is found (see :class:`StoryFinder`)."""
    return StoryFinder(tree, read_reference, headline, read_second).find(ask_second=ask_second)


class StoryFinder:
    """The evidence of one page, read once, and the story chosen on it.

    ``read_reference`` gives trafilatura's text of the page it is given, read
    without the parts matched by :data:`LEFT_OUT`; it must not change the tree.
    ``read_second`` gives a second opinion the same way, asked only where the
    container agreeing with the first and the one holding the page's long
    prose disagree strongly, or when :meth:`find` is told to.  ``headline``
    is the page's headline element.  The page's counts, boilerplate and
    first candidates are made here, so that asking again costs only the
    second opinion.
    """

    def __init__(
        self,
        tree: HtmlElement,
        read_reference: Callable[[HtmlElement], str],
        headline: HtmlElement | None = None,
        read_second: Callable[[HtmlElement], str] | None = None,
    ) -> None:
        self.tree = tree
        self.headline = headline
        self.read_second = read_second
        self.boilerplate = frozenset(_boilerplate(tree))
        reference_text = read_reference(tree)
        self.reference = reference_words(reference_text) if reference_text.strip() else ""
        body = tree.find(".//body")
        self.root = body if body is not None else tree
        self.counts = _counts(self.root, self.reference)
        self.agreeing = _marked_container(self.root, self.counts, self.reference.count(" ") - 1)
        self.dense = _densest(self.counts, self.root)

    def find(self, *, ask_second: bool = False) -> Story | None:
        """The story, with the second opinion read if ``ask_second`` or the
        candidates disagree strongly."""
        agreeing, dense, counts, headline = self.agreeing, self.dense, self.counts, self.headline
        if agreeing is None and dense is None:
            return None
        chosen, reference, asked = agreeing, self.reference, False
        if dense is not None and (
            ask_second
            or agreeing is None
            or disagree(_candidate(agreeing, counts), _candidate(dense, counts))
        ):
            asked = self.read_second is not None
            second = self.read_second(self.tree) if self.read_second is not None else ""
            if second.strip():
                reference = reference_words(second)
                counts = _counts(self.root, reference)
                size = reference.count(" ") - 1
                found = _marked_container(self.root, counts, size)
                options = [e for e in (agreeing, dense, found) if e is not None]
                chosen = options[choose([_candidate(e, counts, headline, size) for e in options])]
            else:  # no text to agree with: the evidence of the page alone
                reference = ""
                options = [e for e in (agreeing, dense) if e is not None]
                chosen = options[choose([_candidate(e, counts, headline) for e in options])]
        assert chosen is not None
        outside = 0
        if dense is not None and chosen is not dense and not inside(dense, chosen):
            outside = max(counts[dense].prose - counts[chosen].prose, 0)
        judged = _candidate(chosen, counts, headline)
        total = counts.get(self.root) or _Count()
        return Story(
            chosen,
            reference,
            self.boilerplate,
            total.words,
            prose_outside=outside,
            secondary=secondary_kind(judged),
            asked_second=asked,
        )


def _densest(counts: dict[HtmlElement, _Count], root: HtmlElement) -> HtmlElement | None:
    """The smallest element whose words agree (almost) best with the page's long prose.

    The same measure as the agreement with trafilatura's text, with the
    words of the page's blocks of prose (not mostly links, at least
    :data:`_LONG_PROSE` words) as the reference.  Elements within
    :data:`_DENSE_TOLERANCE` of the best hold one another (two apart cannot
    both hold most of the prose): the innermost is the story's, not the
    page's wrapper around it.
    """
    total = counts.get(root)
    if total is None or not total.long_prose:
        return None
    scored: list[tuple[float, HtmlElement]] = []
    for element, count in counts.items():
        if not count.long_prose or element.tag in _NOT_CONTAINER:
            continue
        precision = count.long_prose / count.words
        recall = count.long_prose / total.long_prose
        scored.append((2 * precision * recall / (precision + recall), element))
    if not scored:
        return None
    floor = max(score for score, _ in scored) * _DENSE_TOLERANCE
    return min(
        (element for score, element in scored if score >= floor),
        key=lambda element: counts[element].words,
    )


def _candidate(
    element: HtmlElement,
    counts: dict[HtmlElement, _Count],
    headline: HtmlElement | None = None,
    size: int = 0,
) -> Candidate:
    """``element`` as a candidate for the story's container, with its evidence.

    ``size`` is the size of the reference ``counts`` were made with (its
    agreement is 0 without one).
    """
    count = counts.get(element) or _Count()
    marked = count.article_body or (headline is not None and inside(headline, element))
    sample = " ".join(story_texts(element)) if count.prose < DISCLAIMER_WORDS else ""
    agreement = _f1(count, size) if size > 0 else 0.0
    return Candidate(element, count.prose, marked, sample, agreement, count.words, count.linked)


def page_words(tree: HtmlElement) -> int:
    """The words of the page outside the parts that are never the story."""
    return len("".join(story_texts(tree)).split())


def story_texts(element: HtmlElement) -> Iterator[str]:
    """The text pieces under ``element`` (not its tail) as ``itertext`` gives them in
    trafilatura's copy (see :func:`_text_pieces`)."""
    for text, _ in _text_pieces(element, inline_only=False):
        yield text


def _text_pieces(element: HtmlElement, *, inline_only: bool) -> Iterator[tuple[str, bool]]:
    """The text pieces of ``element`` (not its tail) in document order, each with
    whether it is inside a link.

    Every descendant element is entered, or with ``inline_only`` only the
    inline ones: of the others only the text after them (their tail, which is
    their parent's text) is read.  The parts never the story
    (:data:`NOT_STORY`) are removed as in trafilatura's copy of the page: the
    text after one runs on from the text before it, with nothing between.
    """
    in_link = element.tag == "a"
    piece, piece_in_link = element.text or "", in_link
    # (the children still to read, inside a link, the text after them and its link state)
    stack: list[tuple[Iterator[HtmlElement], bool, tuple[str, bool] | None]] = [
        (iter(element), in_link, None)
    ]
    while stack:
        children, in_link, _ = stack[-1]
        for child in children:
            tag = child.tag
            if isinstance(tag, str):
                if tag in NOT_STORY:
                    piece += child.tail or ""
                    continue
                if not inline_only or tag in _INLINE:  # entered
                    yield piece, piece_in_link
                    piece, piece_in_link = child.text or "", in_link or tag == "a"
                    if len(child):
                        stack.append((iter(child), piece_in_link, (child.tail or "", in_link)))
                        break
            yield piece, piece_in_link
            piece, piece_in_link = child.tail or "", in_link
        else:
            after = stack.pop()[2]
            if after is not None:
                yield piece, piece_in_link
                piece, piece_in_link = after
    yield piece, piece_in_link


def _boilerplate(tree: HtmlElement) -> Iterator[str]:
    """The words of each link and line of the page's navigation, header and footer."""
    seen: set[str] = set()  # menus repeat in the header and the footer
    for element in tree.iter(*_BOILERPLATE):
        if any(parent.tag in _BOILERPLATE for parent in element.iterancestors()):
            continue  # read with the outer one
        for piece in element.itertext():
            if piece in seen or piece.isspace():
                continue
            seen.add(piece)
            words = reference_words(piece)
            if len(words) > 2:
                yield words


def _own_text(element: HtmlElement) -> tuple[str, str]:
    """The element's text without that of its block descendants, and the part in links.

    Its inline descendants' text is its own, down to the first block element
    (which has a count and a text of its own); the text after a block is
    its parent's again.
    """
    if not len(element):
        return element.text or "", ""
    texts: list[str] = []
    linked: list[str] = []
    for text, in_link in _text_pieces(element, inline_only=True):
        texts.append(text)
        if in_link:
            linked.append(text)
    return " ".join(texts), " ".join(linked)


@dataclass(slots=True)
class _Count:
    agree: int = 0  # words of blocks found in the reference
    other: int = 0  # words of blocks not found there
    paragraphs: int = 0  # words in <p> elements
    direct: int = 0  # words in the <p> elements whose nearest counted ancestor this is
    prose: int = 0  # words outside links of blocks that are not mostly links
    linked: int = 0  # words in links
    long_prose: int = 0  # the prose of blocks with at least _LONG_PROSE words of it
    article_body: bool = False  # the element itself has itemprop="articleBody"

    @property
    def words(self) -> int:
        return self.agree + self.other


def _counts(root: HtmlElement, reference: str) -> dict[HtmlElement, _Count]:
    """Per element that is not inline, the words under it that agree with the reference or not.

    Every element outside the parts never the story has a count but the
    inline ones, whose words are their nearest counted ancestor's own; a
    count is added to that ancestor's (also through inline elements: a
    ``<span>`` holding paragraphs is no wall).
    """
    counts: dict[HtmlElement, _Count] = {}
    open_counts: list[_Count | None] = []  # None: an open inline element
    counted: list[_Count] = []  # the open counted elements, innermost last
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        if not isinstance(tag, str) or tag in NOT_STORY:
            if event == "start":
                walk.skip_subtree()
            continue
        if event == "end":
            done = open_counts.pop()
            if done is not None:
                counted.pop()
                if counted:
                    parent = counted[-1]
                    parent.agree += done.agree
                    parent.other += done.other
                    parent.paragraphs += done.paragraphs
                    parent.prose += done.prose
                    parent.long_prose += done.long_prose
                    parent.linked += done.linked
            continue
        if tag in _INLINE:
            open_counts.append(None)
            continue
        count = _Count(article_body=element.get("itemprop") in _ARTICLE_BODY)
        text, linked = _own_text(element)
        words = words_of(text) if text and not text.isspace() else []
        if words:
            size = len(words)
            if _in_reference(words, reference):
                count.agree = size
            else:
                count.other = size
            if tag == "p":
                count.paragraphs = size
                if counted:
                    counted[-1].direct += size
            in_links = len(words_of(linked)) if linked else 0
            count.linked = in_links
            if in_links <= _PROSE_LINK_SHARE * size:
                count.prose = size - in_links
                if count.prose >= _LONG_PROSE:
                    count.long_prose = count.prose
        counts[element] = count
        open_counts.append(count)
        counted.append(count)
    return counts


@lru_cache(maxsize=4)
def runs_of_four(reference: str) -> frozenset[str]:
    """The runs of 4 words of a reference, for lookups that do not scan it."""
    return frozenset(word_runs(reference.split()))


def word_runs(words: list[str]) -> Iterator[str]:
    """Each run of 4 consecutive ``words``, joined by single spaces."""
    return map(" ".join, zip(words, words[1:], words[2:], words[3:], strict=False))


def _in_reference(words: list[str], reference: str) -> bool:
    """``words`` are a run of words of the reference."""
    if not reference:
        return False
    if len(words) >= 4 and " ".join(words[:4]) not in runs_of_four(reference):
        return False  # the common answer, without a scan of the reference
    return f" {' '.join(words)} " in reference


def _f1(count: _Count, reference_size: int) -> float:
    if not count.agree:
        return 0.0
    precision = count.agree / (count.agree + count.other)
    recall = min(count.agree / reference_size, 1.0)
    return 2 * precision * recall / (precision + recall)


def _by_agreement(counts: dict[HtmlElement, _Count], size: int) -> HtmlElement | None:
    """The innermost element whose words agree best with the reference."""
    best, best_score = None, _LEAST_AGREEMENT
    for element, count in counts.items():
        if not count.agree or element.tag in _NOT_CONTAINER:
            continue
        score = _f1(count, size)
        if score >= best_score:  # ">=": a descendant wins a tie
            best, best_score = element, score
    return best


def _marked_container(
    root: HtmlElement, counts: dict[HtmlElement, _Count], size: int
) -> HtmlElement | None:
    """The container the page marks as its story, when it agrees about as well with
    the reference (of ``size`` words) as the best-agreeing element; else that element.

    Without a reference: ``articleBody``, else the ``<article>`` with the most
    paragraph words, else such a ``<main>``, else the element directly holding
    the most paragraph words.
    """
    marked = [
        *(element for element, count in counts.items() if count.article_body),
        *sorted(root.iter("article"), key=lambda e: -_paragraphs(counts, e)),
        *sorted(root.iter("main"), key=lambda e: -_paragraphs(counts, e)),
    ]
    marked = [element for element in marked if _paragraphs(counts, element)]
    holders = [element for element, count in counts.items() if count.direct]
    if holders:  # the element directly holding the most paragraph words
        marked.append(max(holders, key=lambda element: counts[element].direct))
    found = _by_agreement(counts, size)
    if found is None:
        return marked[0] if marked else None
    floor = _f1(counts[found], size) * _MARKED_SHARE
    agreeing = [element for element in marked if _f1(counts[element], size) >= floor]
    return agreeing[0] if agreeing else found


def _paragraphs(counts: dict[HtmlElement, _Count], element: HtmlElement) -> int:
    """Words in ``<p>`` under ``element``; 0 inside a part that is never the story."""
    count = counts.get(element)
    return count.paragraphs if count is not None else 0


def agrees_with(text: str, reference: str) -> bool:
    """Most of the words of ``text`` are in runs of 4 that the reference has too."""
    words = words_of(text)
    if len(words) < 4:
        return f" {' '.join(words)} " in reference if words else False
    known = runs_of_four(reference)
    total = len(words) - 3
    needed = (total + 1) // 2  # at least half of the runs
    found = missed = 0
    for i in range(total):  # until the answer is certain
        if " ".join(words[i : i + 4]) in known:
            found += 1
            if found >= needed:
                return True
        else:
            missed += 1
            if missed > total - needed:
                return False
    return found >= needed
