"""Which element of a saved page holds the story, found on the whole page with lxml.

trafilatura reads the page and gives its text of the story (the
*reference*).  Every block of the page (an element's own text, inline
children included) is then marked as in the reference or not, the counts
are summed up the tree, and the container is the element whose text agrees
best with the reference (F1 of words in and out), weighed with what the
format page and schema.org say: ``itemprop="articleBody"``, ``<article>``,
``<main>``.  Where trafilatura finds nothing, those rules alone decide.

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

from briefgen.ingest.normalize import HIDDEN_ANY
from briefgen.model import Block

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
# A block this short that trafilatura's text does not have is a label or a caption.
_SHORT_BLOCK_WORDS = 15
# Blocks with this share of their characters in links, or short ones with the
# second share, are link lists and labels whatever trafilatura kept.
_LINK_SHARE = 0.5
_SHORT_LINK_SHARE = 0.3
# Keeping less than this share of the words would leave no story: keep them all.
_LEAST_KEPT = 0.2
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


@dataclass(frozen=True)
class Story:
    """The story's container, and what found it."""

    element: HtmlElement
    reference: str  # trafilatura's text, as " "-joined lower-case words ("" if none)
    boilerplate: frozenset[str]  # words of navigation, header and footer blocks
    page_words: int  # words of the page outside navigation, scripts and the like


def reference_words(text: str) -> str:
    """``text`` as its lower-case words joined by single spaces, with spaces at both ends."""
    return " " + " ".join(_words(text)) + " "


def _words(text: str) -> list[str]:
    return _TOKEN.findall(_HIDDEN.sub("", text).lower())


def find_story(tree: HtmlElement, read_reference: Callable[[HtmlElement], str]) -> Story | None:
    """The story of the page ``tree``, or None if none is found.

    ``read_reference`` gives trafilatura's text of the page it is given, read
    without the parts matched by :data:`LEFT_OUT`; it must not change the tree.
    """
    boilerplate = frozenset(_boilerplate(tree))
    reference_text = read_reference(tree)
    reference = reference_words(reference_text) if reference_text.strip() else ""
    body = tree.find(".//body")
    root = body if body is not None else tree
    counts = _counts(root, reference)
    size = reference.count(" ") - 1
    container = _marked_container(root, counts, size, _by_agreement(counts, size))
    if container is None:
        return None
    total = counts[root]
    return Story(container, reference, boilerplate, total.agree + total.other)


def page_words(tree: HtmlElement) -> int:
    """The words of the page outside the parts that are never the story."""
    return len("".join(story_texts(tree)).split())


def story_texts(element: HtmlElement) -> Iterator[str]:
    """The text pieces under ``element`` (not its tail) as ``itertext`` gives them in
    trafilatura's copy: without the parts never the story, the text after such
    a part running on from the text before it."""
    stack: list[HtmlElement | str] = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
            continue
        if not isinstance(node.tag, str):
            continue  # a comment: its text is no text of the page
        first = node.text or ""
        after: list[HtmlElement | str] = []
        for child in node:
            if isinstance(child.tag, str) and child.tag in NOT_STORY:
                if after:
                    after[-1] = f"{after[-1]}{child.tail or ''}"
                else:
                    first += child.tail or ""
                continue
            after.extend((child, child.tail or ""))
        yield first
        stack.extend(reversed(after))


def _boilerplate(tree: HtmlElement) -> Iterator[str]:
    """The words of each link and line of the page's navigation, header and footer."""
    for element in tree.iter(*_BOILERPLATE):
        if any(parent.tag in _BOILERPLATE for parent in element.iterancestors()):
            continue  # read with the outer one
        for piece in element.itertext():
            if not piece.isspace():
                words = reference_words(piece)
                if len(words) > 2:
                    yield words


def _own_text(element: HtmlElement) -> str:
    """The element's text without that of its block children (inline children included).

    The text after a part that is never the story runs on from the text
    before it, as it does in trafilatura's copy, where such parts are removed.
    """
    if not len(element):
        return element.text or ""
    pieces = [element.text or ""]
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag in NOT_STORY:
            pieces[-1] += child.tail or ""
            continue
        if isinstance(tag, str) and tag in _INLINE:
            if len(child):
                pieces.extend(story_texts(child))
            else:
                pieces.append(child.text or "")
        pieces.append(child.tail or "")
    return " ".join(pieces)


@dataclass(slots=True)
class _Count:
    agree: int = 0  # words of blocks found in the reference
    other: int = 0  # words of blocks not found there
    paragraphs: int = 0  # words in <p> elements
    article_body: bool = False  # the element itself has itemprop="articleBody"


def _counts(root: HtmlElement, reference: str) -> dict[HtmlElement, _Count]:
    """Per block element, the words under it that agree with the reference or not.

    An element's count is added to its parent's when the parent is a block
    element too (not when it is inside an inline one).
    """
    counts: dict[HtmlElement, _Count] = {}
    open_counts: list[_Count | None] = []  # None: an open inline element
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        if not isinstance(tag, str) or tag in NOT_STORY:
            if event == "start":
                walk.skip_subtree()
            continue
        if event == "end":
            done = open_counts.pop()
            parent = open_counts[-1] if open_counts else None
            if done is not None and parent is not None:
                parent.agree += done.agree
                parent.other += done.other
                parent.paragraphs += done.paragraphs
            continue
        if tag in _INLINE:
            open_counts.append(None)
            continue
        count = _Count(article_body=element.get("itemprop") in _ARTICLE_BODY)
        text = _own_text(element)
        words = _words(text) if text and not text.isspace() else []
        if words:
            if _in_reference(words, reference):
                count.agree = len(words)
            else:
                count.other = len(words)
            if tag == "p":
                count.paragraphs = len(words)
        counts[element] = count
        open_counts.append(count)
    return counts


@lru_cache(maxsize=4)
def _runs(reference: str) -> frozenset[str]:
    """The runs of 4 words of a reference, for lookups that do not scan it."""
    words = reference.split()
    return frozenset(map(" ".join, zip(words, words[1:], words[2:], words[3:], strict=False)))


def _in_reference(words: list[str], reference: str) -> bool:
    """``words`` are a run of words of the reference."""
    if not reference:
        return False
    if len(words) >= 4 and " ".join(words[:4]) not in _runs(reference):
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
    root: HtmlElement, counts: dict[HtmlElement, _Count], size: int, found: HtmlElement | None
) -> HtmlElement | None:
    """The container the page marks as its story, when it agrees about as well as ``found``.

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
    weights: dict[HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None and _paragraphs(counts, paragraph):
            weights[parent] = weights.get(parent, 0) + counts[paragraph].paragraphs
    if weights:  # the element directly holding the most paragraph words
        marked.append(max(weights, key=weights.__getitem__))
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
    words = _words(text)
    if len(words) < 4:
        return f" {' '.join(words)} " in reference if words else False
    known = _runs(reference)
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


def keep_story_blocks(blocks: list[Block], story: Story) -> list[Block]:
    """``blocks`` without the chrome left in the story's container.

    A block that is mostly links (a related-stories list, tag labels) is
    dropped; so is one trafilatura's text does not have when it is short or
    repeats a line of the page's navigation, header or footer.
    """
    kept = []
    words_kept = words_all = 0
    for block in blocks:
        words = len(block.text.split())
        words_all += words
        short = words < _SHORT_BLOCK_WORDS
        links = _link_share(block)
        if links > _LINK_SHARE or (short and links >= _SHORT_LINK_SHARE):
            continue  # a list of links, a "Tags:" line, a "Read more" line
        if (story.reference and agrees_with(block.text, story.reference)) or not (
            (story.reference and short) or reference_words(block.text) in story.boilerplate
        ):
            kept.append(block)
            words_kept += words
    # A page that is all links (an index page) keeps them, for the editor to see
    # and the extraction warning to name, rather than coming out empty.
    if words_kept < _LEAST_KEPT * words_all:
        return blocks
    return kept


def _link_share(block: Block) -> float:
    linked = sum(mark.end - mark.start for mark in block.marks if mark.kind == "link")
    return linked / len(block.text) if block.text else 0.0
