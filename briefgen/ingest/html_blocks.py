"""The block walk of a saved page's story: BeautifulSoup elements to :class:`Block` values.

:class:`Fragment` parses one stretch of the page's source (the story's
container, or its headline) and maps the positions of its tags back to the
whole page, for diagnostics.  :class:`BlockWalker` walks the container in
document order for paragraphs, sub-headings, list items, block quotes, and
the loose text of ``<div>``/``<span>``/table cells (split at ``<br>``), with
inline marks and safe links.  All walks use explicit stacks, so deeply
nested markup costs no recursion.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from briefgen.diagnostics import Location
from briefgen.ingest.builder import BlockBuilder
from briefgen.ingest.normalize import HiddenCharacters, unsafe_link_message, unsafe_link_scheme
from briefgen.model import Block, BlockKind, MarkKind

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
# Elements that run on inside a line of text; a <br> ends a run of loose text.
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "img",
     "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
     "var", "wbr", "strike", "tt", "big", "label"}
)  # fmt: skip
# An inline element holding one of these is walked as a container, not as a line.
_HOLDS_BLOCKS = [*_BLOCK_TAGS, "div", "section", "article", "table", "dl", "figure", "br"]
# html.parser does not close an open <p> or <li> where a browser would
# (``<p>one<p>two``, ``<li>a<li>b`` are valid HTML), so these found inside a
# paragraph or item are blocks of their own, walked after it.
_NOT_INSIDE_PARAGRAPH = ("p", "pre", "ul", "ol", "blockquote", *_HEADINGS)
_NOT_INSIDE_ITEM = ("ul", "ol", "li")


class Fragment:
    """The page's source from ``start`` to ``end``, parsed by BeautifulSoup.

    Its first element is the one that starts at ``start``; locations of its
    tags are mapped back to lines and columns of the whole page.
    """

    def __init__(self, path: Path, text: str, start: int, end: int) -> None:
        self.path = path
        self.line = text.count("\n", 0, start) + 1
        self.column = start - (text.rfind("\n", 0, start) + 1) + 1
        self.soup = BeautifulSoup(text[start:end], "html.parser")
        first = self.soup.find(True) if start else None
        body = self.soup.find("body")
        self.container: Tag = (
            first if isinstance(first, Tag) else body if isinstance(body, Tag) else self.soup
        )

    def locate(self, tag: Tag) -> Location:
        line, column = tag.sourceline or 1, (tag.sourcepos or 0) + 1
        if line == 1:
            return Location(self.path, self.line, self.column + column - 1)
        return Location(self.path, self.line + line - 1, column)


def plain_text(element: Tag) -> str:
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


@dataclass(frozen=True)
class _Emitted:
    """A block of loose text, waiting on the walk's stack for its turn."""

    block: Block


@dataclass(frozen=True)
class _Context:
    in_quote: bool = False
    group: int = 0  # of the innermost open list; 0 outside lists
    level: int = 0  # 0 for <ul>, 1 for <ol>


class BlockWalker:
    """Walks the body container in document order, emitting blocks."""

    def __init__(
        self,
        fragment: Fragment,
        headline: str,
        hidden: HiddenCharacters,
    ) -> None:
        self.fragment = fragment
        self.headline = headline
        self.hidden = hidden
        self.blocks: list[Block] = []
        self.groups = 0
        # Unsafe links, with the block they are in (None: a block with no text),
        # reported by the reader only for the blocks it keeps.
        self.unsafe_links: list[tuple[Block | None, str, Location]] = []
        self._pending: list[tuple[str, Location]] = []

    def walk(self, container: Tag) -> None:
        stack: list[tuple[Tag | _Emitted, _Context]] = []
        self._loose_text(stack, container, _Context())
        while stack:
            item, context = stack.pop()
            if isinstance(item, _Emitted):
                self.blocks.append(item.block)
                continue
            tag = item
            name = tag.name
            if name in _HEADINGS:
                level = _HEADINGS[name]
                builder = BlockBuilder("heading", level=max(level, 2))
                separate = self._fill(builder, tag, skip=_NOT_INSIDE_PARAGRAPH)
                block = self._build(builder)
                # the page's <h1> is the headline, also when the headline is the
                # longer <title> ("Pact denied | The Daily")
                repeated = level == 1 and block is not None and block.text in self.headline
                if block is not None and not repeated:
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
                    self._loose_text(stack, tag, quoted)
                else:
                    builder = BlockBuilder("blockquote")
                    self._fill(builder, tag)
                    self._emit(builder)
            elif name in _INLINE_TAGS and tag.find(_HOLDS_BLOCKS) is None:
                builder = BlockBuilder("blockquote" if context.in_quote else "paragraph")
                self._fill(builder, tag)
                self._emit(builder)
            else:
                self._loose_text(stack, tag, context)

    def _loose_text(
        self, stack: list[tuple[Tag | _Emitted, _Context]], tag: Tag, context: _Context
    ) -> None:
        """Text outside paragraphs (``<div>`` text with ``<br>``, table cells) becomes
        paragraphs, one for each run of text and inline elements between blocks and
        line breaks; the block children are walked in their turn."""
        kind: BlockKind = "blockquote" if context.in_quote else "paragraph"
        builder: BlockBuilder | None = None
        location = self.fragment.locate(tag)
        entries: list[tuple[Tag | _Emitted, _Context]] = []
        for child in tag.contents:
            if type(child) is NavigableString and builder is not None and not child.strip():
                builder.text(" ")
                continue
            inline = type(child) is NavigableString or (
                isinstance(child, Tag)
                and child.name in _INLINE_TAGS
                and child.find(_HOLDS_BLOCKS) is None
            )
            if inline and (type(child) is not NavigableString or child.strip()):
                builder = builder or BlockBuilder(kind)
                if isinstance(child, Tag):
                    self._fill_nodes(builder, [child], location)
                else:
                    builder.text(self.hidden.clean(str(child), lambda _: location))
                continue
            if builder is not None and (not inline):
                self._emit_loose(builder, entries, context)
                builder = None
            if isinstance(child, Tag) and child.name != "br":
                entries.append((child, context))
        if builder is not None:
            self._emit_loose(builder, entries, context)
        stack.extend(reversed(entries))

    def _emit_loose(
        self,
        builder: BlockBuilder,
        entries: list[tuple[Tag | _Emitted, _Context]],
        context: _Context,
    ) -> None:
        """Emit a run of loose text in its place among the blocks still to walk."""
        block = self._build(builder)
        if block is not None:
            entries.append((_Emitted(block), context))

    @staticmethod
    def _push_children(
        stack: list[tuple[Tag | _Emitted, _Context]], children: Iterable[object], context: _Context
    ) -> None:
        tags = [child for child in children if isinstance(child, Tag)]
        stack.extend((tag, context) for tag in reversed(tags))

    def _build(self, builder: BlockBuilder) -> Block | None:
        block = builder.build()
        self.unsafe_links.extend((block, message, where) for message, where in self._pending)
        self._pending.clear()
        return block

    def _emit(self, builder: BlockBuilder) -> None:
        block = self._build(builder)
        if block is not None:
            self.blocks.append(block)

    def _fill(
        self, builder: BlockBuilder, element: Tag, *, code: bool = False, skip: tuple[str, ...] = ()
    ) -> list[Tag]:
        """Feed the text and inline marks under ``element`` into ``builder``.

        Elements named in ``skip`` are not entered; they are returned, in
        document order (a list item's nested lists, walked after the item).
        """
        location = self.fragment.locate(element)
        return self._fill_nodes(builder, element.contents, location, code=code, skip=skip)

    def _fill_nodes(
        self,
        builder: BlockBuilder,
        nodes: list[PageElement],
        location: Location,
        *,
        code: bool = False,
        skip: tuple[str, ...] = (),
    ) -> list[Tag]:
        """Feed ``nodes`` and the text and marks under them into ``builder``."""
        skipped: list[Tag] = []
        outer = builder.open_mark("code") if code else None
        # Entries: a node to visit, or an int handle of a mark to close (-1: a word break).
        stack: list[object] = list(reversed(nodes))
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
        location = self.fragment.locate(anchor)
        message = unsafe_link_message(href, scheme)
        self._pending.append((message, location))
        return None
