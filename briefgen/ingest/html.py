"""Saved web pages (``.html``/``.htm``): the article's text without the page around it.

Steps: lxml parses the whole page (fast); the date and byline come from its
metadata (:mod:`.metadata`); the headline is read (``<h1>`` of
``<article>``/``<main>``, else ``og:title``, else ``<title>``); the story's
container is found with trafilatura's text as a guide (:mod:`.story`); only
that container's source is parsed by BeautifulSoup, its chrome (scripts,
navigation, forms, ads, share and cookie boxes, comments, headers) dropped
and its blocks walked (:mod:`.html_blocks`); blocks left in the container
that are links or navigation are dropped, and a warning says when the result
still looks wrong (:mod:`.suspect`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy
from itertools import takewhile
from pathlib import Path

from bs4 import Comment, PageElement, Tag
from lxml.etree import ParserError
from lxml.html import HtmlElement, document_fromstring

from briefgen.diagnostics import DiagnosticList, Location
from briefgen.ingest.html_blocks import BlockWalker, Fragment, plain_text
from briefgen.ingest.metadata import ArticleFacts, read_article_facts
from briefgen.ingest.normalize import (
    HiddenCharacters,
    fold_whitespace,
)
from briefgen.ingest.sourcemap import SourceMap
from briefgen.ingest.story import Story, agrees_with, find_story, keep_story_blocks
from briefgen.ingest.suspect import extraction_doubts
from briefgen.model import Article

# Never article text.  ``header`` is dropped later, after the headline is read.
CHROME_TAGS = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "footer",
    "iframe", "svg", "button", "input", "select", "textarea", "object", "embed",
)  # fmt: skip
# Whole class or id tokens, or hyphen/underscore parts of them ("ad-slot",
# "share_buttons", "cookie-banner"), that mark a box which is not the story.
CHROME_WORDS = frozenset(
    {"ad", "ads", "advert", "promo", "share", "social", "newsletter", "cookie", "related",
     "subscribe"}
)  # fmt: skip
# A box named for chrome with at least this many words of the story is no chrome.
_STORY_BOX_WORDS = 40
_WORD_SEPARATORS = re.compile(r"[\s_-]+")
# Containers that a stray class such as "has-share" must never remove.
_PROTECTED = frozenset({"html", "body", "article", "main"})


def read_html_article(
    path: Path, text: str, diagnostics: DiagnosticList, hidden: HiddenCharacters
) -> Article:
    """The article of a saved web page; the headline is "" if the page has none."""
    tree = _parse(text)
    facts = read_article_facts(tree) if tree is not None else ArticleFacts(None, None, None)
    story: Story | None = None
    headline = ""
    if tree is not None:
        sources = SourceMap(text, tree)
        heading = _headline_element(tree)
        if heading is not None:
            headline = _headline_text(path, text, heading, sources, hidden)
        headline = headline or _clean(_og_title(tree), path, hidden)
        headline = headline or _clean(tree.findtext(".//title"), path, hidden)
        story = find_story(text, tree, sources, _reference_text)

    if story is not None:
        fragment = Fragment(path, text, story.start, story.end)
    else:
        fragment = Fragment(path, text, 0, len(text))
    container = fragment.container
    survey = _Survey(container, story.reference if story else "")
    _drop(survey.chrome)
    _drop(survey.headers)
    walker = BlockWalker(fragment, headline, hidden)
    walker.walk(container)
    blocks = walker.blocks
    if story is not None:
        blocks = keep_story_blocks(blocks, story)
    kept = {id(block) for block in blocks}
    for block, message, where in walker.unsafe_links:
        if block is None or id(block) in kept:  # not for a share button that was dropped
            diagnostics.warning("briefgen.unsafe-link", message, where)
    if story is not None:
        doubts = extraction_doubts(blocks, story.page_words, story.boilerplate)
    else:
        page_words = len(tree.text_content().split()) if tree is not None else 0
        doubts = extraction_doubts(blocks, page_words, frozenset())
    if doubts:
        diagnostics.warning(
            "briefgen.extraction-suspect",
            f"the text taken from this page may not be the article: {'; '.join(doubts)}; "
            f"check what was kept with `briefgen text {_shown(path)}`",
            fragment.locate(container) if story is not None else Location(path, 1, 1),
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


def _shown(path: Path) -> Path:
    """``path`` as the editor would type it: relative to the current folder if inside it."""
    try:
        return path.absolute().relative_to(Path.cwd())
    except ValueError:
        return path


def _parse(text: str) -> HtmlElement | None:
    try:
        return document_fromstring(text)
    except (ParserError, ValueError):  # an empty or markup-free document
        return None


def _reference_text(tree: HtmlElement) -> str:
    """trafilatura's text of the story (it changes the tree it reads, so a copy).

    Its fast mode, on a page without the parts that are never the story, is
    as good a guide to the container as its full run and several times faster.
    """
    from trafilatura import extract

    return extract(deepcopy(tree), include_comments=False, fast=True) or ""


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
                if not any(_is_chrome(element) for element in _between(heading, landmark)):
                    return heading
    return None


def _between(element: HtmlElement, ancestor: HtmlElement) -> Iterable[HtmlElement]:
    """The ancestors of ``element`` below ``ancestor``."""
    return takewhile(lambda parent: parent is not ancestor, element.iterancestors())


def _headline_text(
    path: Path, text: str, heading: HtmlElement, sources: SourceMap, hidden: HiddenCharacters
) -> str:
    start = sources.offset(heading)
    if start is None:
        return fold_whitespace(heading.text_content())
    fragment = Fragment(path, text, start, sources.end_of(heading, len(text)))
    tag = fragment.container
    return fold_whitespace(hidden.clean(plain_text(tag), lambda _: fragment.locate(tag)))


def _drop(nodes: Iterable[PageElement]) -> None:
    for node in nodes:
        if isinstance(node, Tag):
            if not node.decomposed:  # a header inside a header is gone already
                node.decompose()
        else:
            node.extract()


def _chrome_words(classes: Iterable[str], ident: str) -> bool:
    words: list[str] = []
    for value in [*classes, ident]:
        lowered = value.lower()
        words.append(lowered)
        words.extend(_WORD_SEPARATORS.split(lowered))
    return not CHROME_WORDS.isdisjoint(words)


def _is_chrome(element: HtmlElement) -> bool:
    """An lxml element that is page chrome: a chrome tag, or a box named for chrome."""
    if element.tag in CHROME_TAGS:
        return True
    if element.tag in _PROTECTED:
        return False
    return _chrome_words((element.get("class") or "").split(), element.get("id") or "")


def _is_chrome_box(tag: Tag, reference: str) -> bool:
    if tag.name in _PROTECTED:
        return False
    classes = tag.get("class")
    values = [classes] if isinstance(classes, str) else list(classes or ())
    if not _chrome_words(values, str(tag.get("id") or "")):
        return False
    # "ad" in a wrapper's name ("ad_body") must not remove a story that
    # trafilatura found inside it; a short box is chrome all the same.
    text = tag.get_text(" ")
    long_enough = len(text.split()) >= _STORY_BOX_WORDS
    return not (reference and long_enough and agrees_with(text, reference))


class _Survey:
    """One walk over the story's container: the chrome to drop and the headers.

    Chrome subtrees are recorded and not entered, so nothing inside them
    (an ``<h1>`` in a cookie box, a ``<p>`` in an ad) counts for anything.
    """

    def __init__(self, container: Tag, reference: str) -> None:
        self.reference = reference
        self.chrome: list[PageElement] = []
        self.headers: list[Tag] = []
        stack: list[Tag] = [container]
        while stack:
            tag = stack.pop()
            children: list[Tag] = []
            for child in tag.contents:
                if isinstance(child, Comment):
                    self.chrome.append(child)
                elif isinstance(child, Tag) and self._enter(child):
                    children.append(child)
            stack.extend(reversed(children))

    def _enter(self, tag: Tag) -> bool:
        if tag.name in CHROME_TAGS or _is_chrome_box(tag, self.reference):
            self.chrome.append(tag)
            return False
        if tag.name == "header":
            self.headers.append(tag)
        return True
