"""Saved web pages (``.html``/``.htm``): the article's text without the page around it.

Steps: read the metadata (``og:title``, published time, author); drop page
chrome (scripts, navigation, forms, ads, share and cookie boxes, comments);
find the headline (``<h1>`` of ``<article>``/``<main>``, else ``og:title``,
else ``<title>``); drop headers; pick the body container (``<article>``,
else ``<main>``, else the element holding the most paragraph text); and walk
it for paragraphs, sub-headings, list items and block quotes.  All walks use
explicit stacks, so deeply nested markup costs no recursion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from briefgen.diagnostics import DiagnosticList, Location
from briefgen.ingest.builder import BlockBuilder
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


def read_html_article(
    path: Path, text: str, diagnostics: DiagnosticList, hidden: HiddenCharacters
) -> Article:
    """The article of a saved web page; the headline is "" if the page has none."""
    soup = BeautifulSoup(text, "html.parser")
    meta = _meta_values(soup)
    _drop_chrome(soup)
    headline = _headline(soup, meta)
    for header in soup.find_all("header"):
        if not header.decomposed:
            header.decompose()
    container = _body_container(soup)
    walker = _BlockWalker(path, headline, diagnostics, hidden)
    walker.walk(container)
    byline = meta.get("author") or _unless_url(meta.get("article:author"))
    return Article(
        path=path,
        headline=headline,
        blocks=walker.blocks,
        date=meta.get("article:published_time") or None,
        byline=byline or None,
    )


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    """``<meta>`` contents by ``property`` or ``name`` (lower-cased), first one wins."""
    values: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str):
            values.setdefault(key.strip().lower(), fold_whitespace(content))
    return values


def _unless_url(value: str | None) -> str | None:
    """``article:author`` is often a profile URL, which is no byline."""
    if value and re.match(r"(?i)https?://", value):
        return None
    return value


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


def _drop_chrome(soup: BeautifulSoup) -> None:
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for tag in soup.find_all(CHROME_TAGS):
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all(_is_chrome_box):
        if not tag.decomposed:
            tag.decompose()


def _headline(soup: BeautifulSoup, meta: dict[str, str]) -> str:
    for container in [*soup.find_all("article"), *soup.find_all("main")]:
        h1 = container.find("h1")
        if isinstance(h1, Tag) and (text := fold_whitespace(h1.get_text())):
            return text
    if meta.get("og:title"):
        return meta["og:title"]
    title = soup.find("title")
    return fold_whitespace(title.get_text()) if isinstance(title, Tag) else ""


def _paragraph_text_length(tag: Tag) -> int:
    return sum(len(p.get_text()) for p in tag.find_all("p"))


def _body_container(soup: BeautifulSoup) -> Tag:
    """``<article>`` (the one with most paragraph text), else ``<main>``, else the
    element that directly contains the most paragraph text."""
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=_paragraph_text_length)
    main = soup.find("main")
    if isinstance(main, Tag):
        return main
    weights: dict[int, tuple[int, Tag]] = {}
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        if isinstance(parent, Tag):
            weight, _ = weights.get(id(parent), (0, parent))
            weights[id(parent)] = (weight + len(paragraph.get_text()), parent)
    if weights:
        # max() keeps the first of equal weights, i.e. the earliest in the page
        return max(weights.values(), key=lambda entry: entry[0])[1]
    body = soup.find("body")
    return body if isinstance(body, Tag) else soup


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
                self._fill(builder, tag)
                block = builder.build()
                if block is not None and not (level == 1 and block.text == self.headline):
                    self.blocks.append(block)
            elif name in ("p", "pre"):
                builder = BlockBuilder("blockquote" if context.in_quote else "paragraph")
                self._fill(builder, tag, code=name == "pre")
                self._emit(builder)
            elif name in ("ul", "ol"):
                self.groups += 1
                inner = _Context(context.in_quote, self.groups, 1 if name == "ol" else 0)
                self._push_children(stack, tag.contents, inner)
            elif name == "li":
                if not context.group:  # an item outside any list is a list of its own
                    self.groups += 1
                    context = _Context(context.in_quote, self.groups, 0)
                builder = BlockBuilder("list_item", level=context.level, group=context.group)
                self._fill(builder, tag, skip=("ul", "ol"))
                self._emit(builder)
                nested = [child for child in tag.find_all(("ul", "ol")) if _outermost(child, tag)]
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
    ) -> None:
        """Feed the text and inline marks under ``element`` into ``builder``."""
        location = Location(self.path, element.sourceline or 1, (element.sourcepos or 0) + 1)
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
                if name in skip or name == "img":
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

    def _link(self, builder: BlockBuilder, anchor: Tag) -> int | None:
        """Open a link mark for a safe ``href``; warn about an unsafe one."""
        href = anchor.get("href")
        if not isinstance(href, str) or not href.strip():
            return None
        href = href.strip()
        scheme = unsafe_link_scheme(href)
        if scheme is None:
            return builder.open_mark("link", href)
        location = Location(self.path, anchor.sourceline or 1, (anchor.sourcepos or 0) + 1)
        message = unsafe_link_message(href, scheme)
        self.diagnostics.warning("briefgen.unsafe-link", message, location)
        return None


def _outermost(nested: Tag, item: Tag) -> bool:
    """True if no other list lies between ``nested`` and the list item ``item``."""
    parent = nested.parent
    while parent is not None and parent is not item:
        if parent.name in ("ul", "ol"):
            return False
        parent = parent.parent
    return True
