"""Saved web pages (``.html``/``.htm``): the article's text without the page around it.

Steps: lxml parses the whole page once (fast), and everything after reads
that one tree without changing it: the date and byline come from its
metadata (:mod:`.metadata`); the headline is read (``<h1>`` of
``<article>``/``<main>``, else ``og:title``, else ``<title>``); the story's
container is found with trafilatura's text as a guide, and on the page's
evidence where that and the page's own prose disagree (:mod:`.story`,
:mod:`.evidence`), with the story's lead before it and its continuation
after a box in its middle (:mod:`.beside`); their chrome (scripts,
navigation, forms, figures and captions, ads, share and cookie boxes, reader
comments, headers without a lead) is passed over and their blocks walked
(:mod:`.html_blocks`); blocks left in
the container that read as lists of links, promotions or navigation are
dropped; if what is kept has little of trafilatura's text, the choice is
made again with its full extraction; and a warning says when the result
still looks wrong (:mod:`.suspect`).  Docs: ``docs/extraction.md``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from lxml.html import HtmlElement

from briefgen.diagnostics import DiagnosticList, Location
from briefgen.ingest.beside import story_beside
from briefgen.ingest.evidence import is_comment_word
from briefgen.ingest.html_blocks import BlockWalker, Locator, between, plain_text
from briefgen.ingest.html_parse import parse_page
from briefgen.ingest.metadata import read_article_facts
from briefgen.ingest.normalize import (
    HiddenCharacters,
    fold_whitespace,
)
from briefgen.ingest.story import (
    LEFT_OUT,
    Story,
    StoryFinder,
    agrees_with,
    page_words,
    story_texts,
)
from briefgen.ingest.story_blocks import keep_story_blocks, reference_coverage
from briefgen.ingest.suspect import extraction_doubts
from briefgen.model import Article

if TYPE_CHECKING:
    from trafilatura.settings import Extractor

# Never article text.  ``header`` is dropped later, after the headline is read.
# Captions are not paragraphs: a figure and its caption are passed over.
CHROME_TAGS = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "footer",
    "iframe", "svg", "button", "input", "select", "textarea", "object", "embed",
    "figure", "figcaption",
)  # fmt: skip
# Whole class or id tokens, or hyphen/underscore parts of them ("ad-slot",
# "share_buttons", "cookie-banner"), that mark a box which is not the story.
CHROME_WORDS = frozenset(
    {"ad", "ads", "advert", "promo", "share", "social", "newsletter", "cookie", "related",
     "subscribe", "caption", "credit", "credits"}
)  # fmt: skip
# Words of boxes that are mostly chrome but sometimes the story's (a "teaser" is
# the lead on some sites): chrome unless trafilatura's text has their words.
SOFT_CHROME_WORDS = frozenset({"author", "bio"})
# Parts of class or id words that mark such a box wherever they are in the word
# ("newsteaser", "articleteasers").
SOFT_CHROME_PARTS = ("teaser",)
# A box named for chrome with at least this many words of the story is no chrome.
_STORY_BOX_WORDS = 40
_SOFT_BOX_WORDS = 5
# Where the blocks kept have less than this share of trafilatura's fast text
# (of more than _CHECKED_REFERENCE characters), the story is chosen again.
_LEAST_COVERAGE = 0.5
_CHECKED_REFERENCE = 300
# A <header> in the story's container with this many words in trafilatura's
# text holds the story's lead (its headline is not repeated as a block).
_LEAD_WORDS = 20
# A chrome word as a whole class or id token, or a hyphen/underscore part of one.
_CHROME_NAME = re.compile(rf"(?:^|[\s_-])(?:{'|'.join(sorted(CHROME_WORDS))})(?=$|[\s_-])")
_SOFT_CHROME_NAME = re.compile(
    rf"(?:^|[\s_-])(?:{'|'.join(sorted(SOFT_CHROME_WORDS))})(?=$|[\s_-])"
    rf"|{'|'.join(SOFT_CHROME_PARTS)}"
)
# Every word naming reader comments (evidence.is_comment_word) has one of these.
_COMMENT_HINT = re.compile("comment|ommentar|omentar|repl|respond|discussion|disqus")
# Containers that a stray class such as "has-share" must never remove.
_PROTECTED = frozenset({"html", "body", "article", "main"})


def read_html_article(
    path: Path, text: str, diagnostics: DiagnosticList, hidden: HiddenCharacters
) -> Article:
    """The article of a saved web page; the headline is "" if the page has none."""
    page = parse_page(text)
    if page is None:
        return Article(path=path, headline="", blocks=[])
    tree = page.tree
    facts = read_article_facts(tree)
    locator = Locator(path, text, tree)
    heading = _headline_element(tree)
    headline = ""
    if heading is not None:
        headline = fold_whitespace(
            hidden.clean(plain_text(heading), lambda _: locator.locate(heading))
        )
    headline = headline or _clean(_og_title(tree), path, hidden)
    headline = headline or _clean(tree.findtext(".//title"), path, hidden)
    # trafilatura is not made for trees deeper than libxml2 reads: the rules alone decide
    landmark = heading if heading is not None else tree.find(".//h1")
    # the page's evidence is read once, also if the story is chosen again
    finder = None
    if page.complete:
        finder = StoryFinder(tree, _reference_text, landmark, _second_opinion)
    story = finder.find() if finder is not None else None
    walked = hidden.checkpoint()
    walker, lead = _walk_story(tree, story, finder, locator, headline, hidden)
    blocks = keep_story_blocks(walker.blocks, story, lead) if story is not None else walker.blocks
    if (
        finder is not None
        and story is not None
        and not story.asked_second
        and len(story.reference) > _CHECKED_REFERENCE
        and reference_coverage(blocks, story.reference) < _LEAST_COVERAGE
    ):
        # What is kept has little of trafilatura's text: the choice is made
        # again with its full extraction as the second opinion.
        story = finder.find(ask_second=True)
        assert story is not None
        walked()  # hidden characters are counted once, in the blocks walked last
        walker, lead = _walk_story(tree, story, finder, locator, headline, hidden)
        blocks = keep_story_blocks(walker.blocks, story, lead)
    kept = {id(block) for block in blocks}
    for block, message, anchor in walker.unsafe_links:
        if block is None or id(block) in kept:  # not for a share button that was dropped
            diagnostics.warning("briefgen.unsafe-link", message, locator.locate(anchor))
    if story is not None:
        doubts = extraction_doubts(
            blocks,
            story.page_words,
            story.boilerplate,
            prose_outside=story.prose_outside,
            secondary=story.secondary,
        )
    else:
        doubts = extraction_doubts(blocks, page_words(tree), frozenset())
    if doubts:
        diagnostics.warning(
            "briefgen.extraction-suspect",
            f"the text taken from this page may not be the article: {'; '.join(doubts)}; "
            f"check what was kept with `briefgen text {_shown(path)}`",
            locator.locate(story.element) if story is not None else Location(path, 1, 1),
        )
    return Article(
        path=path,
        headline=headline,
        blocks=blocks,
        date=facts.date.iso if facts.date else None,
        byline=_clean(facts.byline, path, hidden) or None,
        language=facts.language,
        url=facts.url,
    )


def _walk_story(
    tree: HtmlElement,
    story: Story | None,
    finder: StoryFinder | None,
    locator: Locator,
    headline: str,
    hidden: HiddenCharacters,
) -> tuple[BlockWalker, int]:
    """The blocks of the story's container and of the story's parts beside it
    (:mod:`.beside`), or of the whole body without a story; and how many of
    them are of its lead before the container."""
    body = tree.find(".//body")
    containers = [body if body is not None else tree]
    before: list[HtmlElement] = []
    if story is not None and finder is not None:
        before, after = story_beside(story.element, finder.counts)
        containers = [*before, story.element, *after]
    reference = story.reference if story else ""
    in_comments = story is not None and story.secondary == "comments"
    skipped: set[HtmlElement] = set()
    for container in containers:
        skipped |= _Survey(container, reference, in_comments=in_comments).skipped
    walker = BlockWalker(locator, headline, hidden, skipped)
    lead = 0
    for container in containers:
        walker.walk(container)
        if container in before:
            lead = len(walker.blocks)
    return walker, lead


def _shown(path: Path) -> Path:
    """``path`` as the editor would type it: relative to the current folder if inside it."""
    try:
        return path.absolute().relative_to(Path.cwd())
    except ValueError:
        return path


def _reference_text(tree: HtmlElement) -> str:
    """trafilatura's text of the story; it reads a copy of the page, ``tree`` is unchanged.

    Its fast mode, on a page without the parts that are never the story, is
    as good a guide to the container as its full run and several times faster.
    """
    from trafilatura import bare_extraction

    options = _reference_options()
    # Only the <body> is read (it copies less), unless its text comes out short:
    # then trafilatura's rescue, which looks for the <body> below the root, reads
    # the whole page.  Its text is taken as the page writes it: extract() would
    # also normalise it to NFC, then not match the blocks word for word.
    body = tree.find("body")
    for page in (tree,) if body is None else (body, tree):
        found = bare_extraction(page, options=options, prune_xpath=LEFT_OUT)
        text: str = getattr(found, "text", None) or ""
        if len(text) >= 2 * options.min_extracted_size:
            break
    return text


def _second_opinion(tree: HtmlElement) -> str:
    """trafilatura's full extraction of the story (its own fallbacks compared), from a copy.

    Several times slower than :func:`_reference_text`: asked only where the
    reader's candidates for the story disagree.
    """
    from trafilatura import bare_extraction

    found = bare_extraction(tree, options=_reference_options(fast=False), prune_xpath=LEFT_OUT)
    return getattr(found, "text", None) or ""


@cache
def _reference_options(fast: bool = True) -> Extractor:
    """trafilatura's settings for :func:`_reference_text`, made once (it reads its
    configuration file's values and the clock each time they are made)."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", fast=fast, comments=False)


def _og_title(tree: HtmlElement) -> str | None:
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:title":
            return meta.get("content")
    return None


def _clean(value: str | None, path: Path, hidden: HiddenCharacters) -> str:
    return fold_whitespace(hidden.clean(value, lambda _: Location(path, 1, 1))) if value else ""


def _headline_element(tree: HtmlElement) -> HtmlElement | None:
    """The first ``<h1>`` in an ``<article>``, else in ``<main>``, not inside chrome.

    Only the elements between the heading and its landmark count: what wraps
    the landmark ("ad" in a layout class, a page-wide ``<form>``) does not.
    """
    for name in ("article", "main"):
        for landmark in tree.iter(name):
            for heading in landmark.iter("h1"):
                if not any(_is_chrome(element) for element in between(heading, landmark)):
                    return heading
    return None


def _name(element: HtmlElement) -> str:
    """The element's class and id, lower case, space between them."""
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower()


def _is_chrome(element: HtmlElement) -> bool:
    """An lxml element that is page chrome: a chrome tag, or a box named for chrome."""
    if element.tag in CHROME_TAGS:
        return True
    if element.tag in _PROTECTED:
        return False
    name = _name(element)
    return bool(_CHROME_NAME.search(name) or _SOFT_CHROME_NAME.search(name))


def _is_chrome_box(element: HtmlElement, reference: str) -> bool:
    if element.tag in _PROTECTED:
        return False
    name = _name(element)
    if _CHROME_NAME.search(name):
        # "ad" in a wrapper's name ("ad_body") must not remove a story that
        # trafilatura found inside it; a short box is chrome all the same.
        return not _holds_story(element, reference, _STORY_BOX_WORDS)
    if _SOFT_CHROME_NAME.search(name):
        return not _holds_story(element, reference, _SOFT_BOX_WORDS)
    return False


def _named_for_comments(element: HtmlElement) -> bool:
    name = _name(element)
    return bool(_COMMENT_HINT.search(name)) and any(map(is_comment_word, name.split()))


def _holds_story(element: HtmlElement, reference: str, least_words: int) -> bool:
    """``element`` has at least ``least_words`` words, mostly in trafilatura's text."""
    if not reference:
        return False
    text = " ".join(story_texts(element))
    return len(text.split()) >= least_words and agrees_with(text, reference)


class _Survey:
    """One walk over the story's container: the chrome and headers to pass over.

    Chrome subtrees are recorded and not entered, so nothing inside them
    (an ``<h1>`` in a cookie box, a ``<p>`` in an ad) counts for anything.
    """

    def __init__(
        self, container: HtmlElement, reference: str, *, in_comments: bool = False
    ) -> None:
        self.reference = reference
        self.container = container
        self.in_comments = in_comments  # the container reads as comments: they stay
        self._container_words: int | None = None
        self.skipped: set[HtmlElement] = set()
        walk = etree.iterwalk(container, events=("start",))
        next(walk)  # the container itself is never skipped
        for _, element in walk:
            if isinstance(element.tag, str) and self._skip(element):
                walk.skip_subtree()

    def _skip(self, element: HtmlElement) -> bool:
        named = "class" in element.attrib or "id" in element.attrib
        if (
            element.tag in CHROME_TAGS
            or (element.tag == "header" and not _holds_story(element, self.reference, _LEAD_WORDS))
            or (named and (_is_chrome_box(element, self.reference) or self._comments(element)))
        ):
            self.skipped.add(element)
            return True
        return False

    def _comments(self, element: HtmlElement) -> bool:
        """A box of reader comments that is not most of the container (a page of
        comments keeps them, for the warning to name) nor in trafilatura's text."""
        if self.in_comments or not _named_for_comments(element):
            return False
        if self._container_words is None:
            self._container_words = len(" ".join(story_texts(self.container)).split())
        words = len(" ".join(story_texts(element)).split())
        if words * 2 > self._container_words:
            return False
        return not _holds_story(element, self.reference, _STORY_BOX_WORDS)
