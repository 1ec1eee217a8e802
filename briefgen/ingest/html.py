"""Saved web pages (``.html``/``.htm``): the article's text without the page around it.

Steps: one survey pass reads the metadata (``og:title``, published time,
author) and the landmarks, and finds the page chrome (scripts, navigation,
forms, ads, share and cookie boxes, comments), which is dropped; then the
headline is read (``<h1>`` of ``<article>``/``<main>``, else ``og:title``,
else ``<title>``), headers are dropped, the body container is picked
(``<article>``, else ``<main>``, else the element holding the most paragraph
text) and walked for paragraphs, sub-headings, list items and block quotes.
All walks use explicit stacks, so deeply nested markup costs no recursion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

from briefgen.diagnostics import DiagnosticList, Location
from briefgen.ingest.builder import BlockBuilder
from briefgen.ingest.metadata import read_page_metadata
from briefgen.ingest.normalize import (
    HiddenCharacters,
    fold_whitespace,
    unsafe_link_message,
    unsafe_link_scheme,
)
from briefgen.model import Article, Block, MarkKind

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
_WORD_SEPARATORS = re.compile(r"[\s_-]+")
# Containers that a stray class such as "has-share" must never remove.
_PROTECTED = frozenset({"html", "body", "article", "main"})

_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_INLINE_MARKS: dict[str, MarkKind] = {
    "em": "em", "i": "em", "strong": "strong", "b": "strong",
    "code": "code", "kbd": "code", "samp": "code", "tt": "code",
}  # fmt: skip
# Elements whose edges separate words even without white space in the source.
_BREAKS_WORDS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "section", "article",
     "main", "header", "table", "tr", "td", "th", "figure", "figcaption", "hr", "address",
     "h1", "h2", "h3", "h4", "h5", "h6", "br"}
)  # fmt: skip
_BLOCK_TAGS = frozenset({"p", "pre", "li", "blockquote", "ul", "ol", *_HEADINGS})
# html.parser does not close an open <p> or <li> where a browser would
# (``<p>one<p>two``, ``<li>a<li>b`` are valid HTML), so these found inside a
# paragraph or item are blocks of their own, walked after it.
_NOT_INSIDE_PARAGRAPH = ("p", "pre", "ul", "ol", "blockquote", *_HEADINGS)
_NOT_INSIDE_ITEM = ("ul", "ol", "li")


def read_html_article(
    path: Path, text: str, diagnostics: DiagnosticList, hidden: HiddenCharacters
) -> Article:
    """The article of a saved web page; the headline is "" if the page has none."""
    soup = BeautifulSoup(text, "html.parser")
    page = _PageSurvey(soup)
    _drop(page.chrome)

    def clean(value: str, tag: Tag) -> str:
        return fold_whitespace(hidden.clean(value, lambda _: _location(path, tag)))

    def meta(key: str) -> str:
        value, tag = page.meta.get(key, ("", None))
        return clean(value, tag) if tag is not None else ""

    # <h1> of <article>, else of <main>, else og:title, else <title>; read
    # before the headers go, as the <h1> is often in the article's <header>.
    headline = ""
    for tag in (page.article_h1, page.main_h1):
        if tag is not None and not headline:
            headline = clean(_plain_text(tag), tag)
    headline = headline or meta("og:title")
    if not headline and page.title is not None:
        headline = clean(page.title.get_text(), page.title)
    _drop(page.headers)

    walker = _BlockWalker(path, headline, diagnostics, hidden)
    walker.walk(page.body_container(soup))
    metadata = read_page_metadata(text)
    head = soup.find("head")
    where = _location(path, head) if isinstance(head, Tag) else Location(path, 1, 1)
    # The format page promises bylines from metadata, not guesses from the markup.
    byline = metadata.byline if metadata.byline_source != "page text" else None
    byline = hidden.clean(byline, lambda _: where) if byline else None
    return Article(
        path=path,
        headline=headline,
        blocks=walker.blocks,
        date=metadata.date.iso if metadata.date else None,
        byline=byline or None,
        language=metadata.language,
    )


def _location(path: Path, tag: Tag) -> Location:
    return Location(path, tag.sourceline or 1, (tag.sourcepos or 0) + 1)


def _drop(nodes: Iterable[PageElement]) -> None:
    for node in nodes:
        if isinstance(node, Tag):
            if not node.decomposed:  # a header inside a header is gone already
                node.decompose()
        else:
            node.extract()


def _plain_text(element: Tag) -> str:
    """The text of ``element`` as :meth:`_BlockWalker._fill` would read it, unfolded."""
    pieces: list[str] = []
    stack: list[PageElement | str] = list(reversed(element.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            pieces.append(node)  # a word break pushed below
        elif isinstance(node, Tag):
            if node.name in _NOT_INSIDE_PARAGRAPH or node.name == "img":
                continue
            if node.name in _BREAKS_WORDS:
                pieces.append(" ")
                stack.append(" ")
            stack.extend(reversed(node.contents))
        elif type(node) is NavigableString:
            pieces.append(str(node))
    return "".join(pieces)


def _unless_url(value: str) -> str:
    """``article:author`` is often a profile URL, which is no byline."""
    return "" if re.match(r"(?i)https?://", value) else value


def _is_chrome_box(tag: Tag) -> bool:
    if tag.name in _PROTECTED:
        return False
    words: list[str] = []
    classes = tag.get("class")
    values = [classes] if isinstance(classes, str) else list(classes or ())
    for value in [*values, str(tag.get("id") or "")]:
        lowered = value.lower()
        words.append(lowered)
        words.extend(_WORD_SEPARATORS.split(lowered))
    return not CHROME_WORDS.isdisjoint(words)


@dataclass(frozen=True)
class _Where:
    """What encloses a node during the survey."""

    article: Tag | None = None  # the nearest <article>
    in_main: bool = False
    in_header: bool = False
    in_paragraph: bool = False


class _PageSurvey:
    """One walk over the parsed page: metadata, chrome to drop, and landmarks.

    Chrome subtrees are recorded and not entered, so nothing inside them
    (an ``<h1>`` in a cookie box, a ``<p>`` in an ad) counts for anything.
    """

    def __init__(self, soup: BeautifulSoup) -> None:
        # content and tag by lower-cased property or name; the first one wins
        self.meta: dict[str, tuple[str, Tag]] = {}
        self.chrome: list[PageElement] = []
        self.headers: list[Tag] = []
        self.articles: list[Tag] = []
        self.main: Tag | None = None
        self.body: Tag | None = None
        self.title: Tag | None = None
        self.article_h1: Tag | None = None  # the first <h1> inside an <article>
        self.main_h1: Tag | None = None  # the first <h1> inside <main>
        self.article_weight: dict[int, int] = {}  # paragraph text per <article>
        self.parent_weight: dict[int, tuple[int, Tag]] = {}  # paragraph text per parent
        self._walk(soup)

    def _walk(self, soup: BeautifulSoup) -> None:
        stack: list[tuple[Tag, _Where]] = [(soup, _Where())]
        while stack:
            tag, where = stack.pop()
            children: list[tuple[Tag, _Where]] = []
            for child in tag.contents:
                if isinstance(child, Comment):
                    self.chrome.append(child)
                elif isinstance(child, Tag):
                    inner = self._visit(child, where)
                    if inner is not None:
                        children.append((child, inner))
            stack.extend(reversed(children))

    def _visit(self, tag: Tag, where: _Where) -> _Where | None:
        """Record ``tag``; the context for its children, or None not to enter it."""
        name = tag.name
        if name == "meta":
            self._meta(tag)
        if name in CHROME_TAGS or _is_chrome_box(tag):
            self.chrome.append(tag)
            return None
        if name == "header":
            self.headers.append(tag)
            return replace(where, in_header=True)
        if name == "article":
            self.articles.append(tag)
            return replace(where, article=tag)
        if name == "main":
            self.main = self.main or tag
            return replace(where, in_main=True)
        if name == "body":
            self.body = self.body or tag
        elif name == "title":
            self.title = self.title or tag
        elif name == "h1":
            self._h1(tag, where)
        elif name == "p" and not where.in_header and not where.in_paragraph:
            self._paragraph(tag, where)
            return replace(where, in_paragraph=True)
        return where

    def _meta(self, tag: Tag) -> None:
        key = tag.get("property") or tag.get("name")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str):
            self.meta.setdefault(key.strip().lower(), (content, tag))

    def _h1(self, tag: Tag, where: _Where) -> None:
        if where.article is not None and self.article_h1 is None:
            self.article_h1 = tag
        elif where.in_main and self.main_h1 is None:
            self.main_h1 = tag

    def _paragraph(self, tag: Tag, where: _Where) -> None:
        length = len(tag.get_text())
        if where.article is not None:
            key = id(where.article)
            self.article_weight[key] = self.article_weight.get(key, 0) + length
        parent = tag.parent
        if isinstance(parent, Tag):
            weight, _ = self.parent_weight.get(id(parent), (0, parent))
            self.parent_weight[id(parent)] = (weight + length, parent)

    def body_container(self, soup: BeautifulSoup) -> Tag:
        """``<article>`` (the one with most paragraph text), else ``<main>``, else the
        element that directly contains the most paragraph text, else ``<body>``.

        ``max()`` keeps the first of equal weights, the earliest in the page.
        """
        if self.articles:
            return max(self.articles, key=lambda tag: self.article_weight.get(id(tag), 0))
        if self.main is not None:
            return self.main
        if self.parent_weight:
            return max(self.parent_weight.values(), key=lambda entry: entry[0])[1]
        return self.body or soup


@dataclass(frozen=True)
class _Context:
    in_quote: bool = False
    group: int = 0  # of the innermost open list; 0 outside lists
    level: int = 0  # 0 for <ul>, 1 for <ol>


class _BlockWalker:
    """Walks the body container in document order, emitting blocks."""

    def __init__(
        self, path: Path, headline: str, diagnostics: DiagnosticList, hidden: HiddenCharacters
    ) -> None:
        self.path = path
        self.headline = headline
        self.diagnostics = diagnostics
        self.hidden = hidden
        self.blocks: list[Block] = []
        self.groups = 0

    def walk(self, container: Tag) -> None:
        stack: list[tuple[Tag, _Context]] = []
        self._push_children(stack, container.contents, _Context())
        while stack:
            tag, context = stack.pop()
            name = tag.name
            if name in _HEADINGS:
                level = _HEADINGS[name]
                builder = BlockBuilder("heading", level=max(level, 2))
                separate = self._fill(builder, tag, skip=_NOT_INSIDE_PARAGRAPH)
                block = builder.build()
                if block is not None and not (level == 1 and block.text == self.headline):
                    self.blocks.append(block)
                self._push_children(stack, separate, context)
            elif name in ("p", "pre"):
                builder = BlockBuilder("blockquote" if context.in_quote else "paragraph")
                separate = self._fill(builder, tag, code=name == "pre", skip=_NOT_INSIDE_PARAGRAPH)
                self._emit(builder)
                self._push_children(stack, separate, context)
            elif name in ("ul", "ol"):
                self.groups += 1
                inner = _Context(context.in_quote, self.groups, 1 if name == "ol" else 0)
                self._push_children(stack, tag.contents, inner)
            elif name == "li":
                if not context.group:  # an item outside any list is a list of its own
                    self.groups += 1
                    context = _Context(context.in_quote, self.groups, 0)
                builder = BlockBuilder("list_item", level=context.level, group=context.group)
                nested = self._fill(builder, tag, skip=_NOT_INSIDE_ITEM)
                self._emit(builder)
                self._push_children(stack, nested, context)
            elif name == "blockquote":
                quoted = _Context(True, context.group, context.level)
                if tag.find(_BLOCK_TAGS) is not None:
                    self._push_children(stack, tag.contents, quoted)
                else:
                    builder = BlockBuilder("blockquote")
                    self._fill(builder, tag)
                    self._emit(builder)
            else:
                self._push_children(stack, tag.contents, context)

    @staticmethod
    def _push_children(
        stack: list[tuple[Tag, _Context]], children: Iterable[object], context: _Context
    ) -> None:
        tags = [child for child in children if isinstance(child, Tag)]
        stack.extend((tag, context) for tag in reversed(tags))

    def _emit(self, builder: BlockBuilder) -> None:
        block = builder.build()
        if block is not None:
            self.blocks.append(block)

    def _fill(
        self, builder: BlockBuilder, element: Tag, *, code: bool = False, skip: tuple[str, ...] = ()
    ) -> list[Tag]:
        """Feed the text and inline marks under ``element`` into ``builder``.

        Elements named in ``skip`` are not entered; they are returned, in
        document order (a list item's nested lists, walked after the item).
        """
        skipped: list[Tag] = []
        location = _location(self.path, element)
        outer = builder.open_mark("code") if code else None
        # Entries: a node to visit, or an int handle of a mark to close (-1: a word break).
        stack: list[object] = list(reversed(element.contents))
        while stack:
            node = stack.pop()
            if isinstance(node, int):
                if node >= 0:
                    builder.close_mark(node)
                else:
                    builder.text(" ")
            elif isinstance(node, Tag):
                name = node.name
                if name in skip:
                    skipped.append(node)
                    continue
                if name == "img":
                    continue
                if name in _BREAKS_WORDS:
                    builder.text(" ")
                    stack.append(-1)
                if name in _INLINE_MARKS:
                    stack.append(builder.open_mark(_INLINE_MARKS[name]))
                elif name == "a":
                    handle = self._link(builder, node)
                    if handle is not None:
                        stack.append(handle)
                stack.extend(reversed(node.contents))
            elif type(node) is NavigableString:  # not a comment, doctype or CDATA
                builder.text(self.hidden.clean(str(node), lambda _: location))
        if outer is not None:
            builder.close_mark(outer)
        return skipped

    def _link(self, builder: BlockBuilder, anchor: Tag) -> int | None:
        """Open a link mark for a safe ``href``; warn about an unsafe one."""
        href = anchor.get("href")
        if not isinstance(href, str) or not href.strip():
            return None
        href = href.strip()
        scheme = unsafe_link_scheme(href)
        if scheme is None:
            return builder.open_mark("link", href)
        location = _location(self.path, anchor)
        message = unsafe_link_message(href, scheme)
        self.diagnostics.warning("briefgen.unsafe-link", message, location)
        return None
