"""The block walk of a saved page's story: lxml elements to :class:`Block` values.

The walk reads the tree the page was parsed into once, in place: it never
changes it, so :class:`Locator` can map its elements back to lines and
columns of the page for diagnostics.  :class:`BlockWalker` walks the container in
document order for paragraphs, sub-headings, list items, block quotes, and
the loose text of ``<div>``/``<span>``/table cells (split at ``<br>``), with
inline marks and safe links.  All walks use explicit stacks, so deeply
nested markup costs no recursion.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path
from typing import TypeAlias

from lxml.html import HtmlElement

from briefgen.diagnostics import Location
from briefgen.ingest.builder import BlockBuilder
from briefgen.ingest.normalize import HiddenCharacters, unsafe_link_message, unsafe_link_scheme
from briefgen.ingest.sourcemap import SourceMap
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
# Found inside a paragraph or item (a heading that holds a <p>, a <pre> in a
# <p> the parser kept open), these are blocks of their own, walked after it.
_NOT_INSIDE_PARAGRAPH = ("p", "pre", "ul", "ol", "blockquote", *_HEADINGS)
_NOT_INSIDE_ITEM = ("ul", "ol", "li")


class Locator:
    """Lines and columns in the page of the elements of its tree, for diagnostics.

    The source map is made on the first question only: most pages have
    nothing to report.  The tree must not be changed in between.
    """

    def __init__(self, path: Path, text: str, tree: HtmlElement) -> None:
        self.path = path
        self._text = text
        self._tree = tree
        self._sources: SourceMap | None = None

    def locate(self, element: HtmlElement) -> Location:
        if self._sources is None:
            self._sources = SourceMap(self._text, self._tree)
        offset = self._sources.offset(element)
        if offset is None:  # a tag the parser implied: its line, at least
            return Location(self.path, element.sourceline or 1, 1)
        return Location(self.path, *self._sources.line_col(offset))


Node: TypeAlias = "HtmlElement | str"
# Pushed on a walk's stack after an element's contents: a word break after it.
_AFTER = -1


def contents(element: HtmlElement, skipped: Collection[HtmlElement] = ()) -> list[Node]:
    """The text and child elements of ``element`` in document order.

    Comments, processing instructions and the ``skipped`` elements are left
    out; the text after them is kept.
    """
    items: list[Node] = []
    if element.text:
        items.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and child not in skipped:
            items.append(child)
        if child.tail:
            items.append(child.tail)
    return items


def holds(
    element: HtmlElement, names: Iterable[str], skipped: Collection[HtmlElement] = ()
) -> bool:
    """``element`` has a descendant named in ``names`` that is not in a skipped one."""
    if not len(element):
        return False
    for found in element.iterdescendants(*names):
        if found in skipped:
            continue
        if not skipped or not any(parent in skipped for parent in between(found, element)):
            return True
    return False


def between(element: HtmlElement, ancestor: HtmlElement) -> Iterable[HtmlElement]:
    """The ancestors of ``element`` below ``ancestor``."""
    return takewhile(lambda parent: parent is not ancestor, element.iterancestors())


def plain_text(element: HtmlElement) -> str:
    """The text of ``element`` as :meth:`BlockWalker._fill` would read it, unfolded."""
    pieces: list[str] = []
    stack: list[Node | int] = list(reversed(contents(element)))
    while stack:
        node = stack.pop()
        if isinstance(node, int):
            pieces.append(" ")
        elif isinstance(node, str):
            pieces.append(node)
        else:
            if node.tag in _NOT_INSIDE_PARAGRAPH or node.tag == "img":
                continue
            if node.tag in _BREAKS_WORDS:
                pieces.append(" ")
                stack.append(_AFTER)
            stack.extend(reversed(contents(node)))
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
    """Walks the body container in document order, emitting blocks.

    Elements in ``skipped`` (the chrome found in the container) are not
    entered, and do not count as holding blocks; the text after them is kept.
    """

    def __init__(
        self,
        locator: Locator,
        headline: str,
        hidden: HiddenCharacters,
        skipped: Collection[HtmlElement] = (),
    ) -> None:
        self.locator = locator
        self.headline = headline
        self.hidden = hidden
        self.skipped = skipped
        self.blocks: list[Block] = []
        self.groups = 0
        # Unsafe links, with the block they are in (None: a block with no text),
        # reported by the reader only for the blocks it keeps (so located then).
        self.unsafe_links: list[tuple[Block | None, str, HtmlElement]] = []
        self._pending: list[tuple[str, HtmlElement]] = []

    def walk(self, container: HtmlElement) -> None:
        stack: list[tuple[HtmlElement | _Emitted, _Context]] = []
        self._loose_text(stack, container, _Context())
        while stack:
            item, context = stack.pop()
            if isinstance(item, _Emitted):
                self.blocks.append(item.block)
                continue
            element = item
            name = element.tag
            if name in _HEADINGS:
                level = _HEADINGS[name]
                builder = BlockBuilder("heading", level=max(level, 2))
                separate = self._fill(builder, element, skip=_NOT_INSIDE_PARAGRAPH)
                block = self._build(builder)
                # the page's <h1> is the headline, also when the headline is the
                # longer <title> ("Pact denied | The Daily")
                repeated = level == 1 and block is not None and block.text in self.headline
                if block is not None and not repeated:
                    self.blocks.append(block)
                self._push_children(stack, separate, context)
            elif name in ("p", "pre"):
                builder = BlockBuilder("blockquote" if context.in_quote else "paragraph")
                separate = self._fill(
                    builder, element, code=name == "pre", skip=_NOT_INSIDE_PARAGRAPH
                )
                self._emit(builder)
                self._push_children(stack, separate, context)
            elif name in ("ul", "ol"):
                self.groups += 1
                inner = _Context(context.in_quote, self.groups, 1 if name == "ol" else 0)
                self._push_children(stack, contents(element, self.skipped), inner)
            elif name == "li":
                if not context.group:  # an item outside any list is a list of its own
                    self.groups += 1
                    context = _Context(context.in_quote, self.groups, 0)
                builder = BlockBuilder("list_item", level=context.level, group=context.group)
                nested = self._fill(builder, element, skip=_NOT_INSIDE_ITEM)
                self._emit(builder)
                self._push_children(stack, nested, context)
            elif name == "blockquote":
                quoted = _Context(True, context.group, context.level)
                if holds(element, _BLOCK_TAGS, self.skipped):
                    self._loose_text(stack, element, quoted)
                else:
                    builder = BlockBuilder("blockquote")
                    self._fill(builder, element)
                    self._emit(builder)
            elif name in _INLINE_TAGS and not holds(element, _HOLDS_BLOCKS, self.skipped):
                builder = BlockBuilder("blockquote" if context.in_quote else "paragraph")
                self._fill(builder, element)
                self._emit(builder)
            else:
                self._loose_text(stack, element, context)

    def _loose_text(
        self,
        stack: list[tuple[HtmlElement | _Emitted, _Context]],
        element: HtmlElement,
        context: _Context,
    ) -> None:
        """Text outside paragraphs (``<div>`` text with ``<br>``, table cells) becomes
        paragraphs, one for each run of text and inline elements between blocks and
        line breaks; the block children are walked in their turn."""
        kind: BlockKind = "blockquote" if context.in_quote else "paragraph"
        builder: BlockBuilder | None = None
        entries: list[tuple[HtmlElement | _Emitted, _Context]] = []
        for child in contents(element, self.skipped):
            if isinstance(child, str):
                if not child.strip():
                    if builder is not None:
                        builder.text(" ")
                    continue
                builder = builder or BlockBuilder(kind)
                builder.text(self.hidden.clean(child, lambda _: self.locator.locate(element)))
                continue
            if child.tag in _INLINE_TAGS and not holds(child, _HOLDS_BLOCKS, self.skipped):
                builder = builder or BlockBuilder(kind)
                self._fill_nodes(builder, [child], element)
                continue
            if builder is not None:
                self._emit_loose(builder, entries, context)
                builder = None
            if child.tag != "br":
                entries.append((child, context))
        if builder is not None:
            self._emit_loose(builder, entries, context)
        stack.extend(reversed(entries))

    def _emit_loose(
        self,
        builder: BlockBuilder,
        entries: list[tuple[HtmlElement | _Emitted, _Context]],
        context: _Context,
    ) -> None:
        """Emit a run of loose text in its place among the blocks still to walk."""
        block = self._build(builder)
        if block is not None:
            entries.append((_Emitted(block), context))

    @staticmethod
    def _push_children(
        stack: list[tuple[HtmlElement | _Emitted, _Context]],
        children: Iterable[Node],
        context: _Context,
    ) -> None:
        elements = [child for child in children if not isinstance(child, str)]
        stack.extend((element, context) for element in reversed(elements))

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
        self,
        builder: BlockBuilder,
        element: HtmlElement,
        *,
        code: bool = False,
        skip: tuple[str, ...] = (),
    ) -> list[HtmlElement]:
        """Feed the text and inline marks under ``element`` into ``builder``.

        Elements named in ``skip`` are not entered; they are returned, in
        document order (a list item's nested lists, walked after the item).
        """
        nodes = contents(element, self.skipped)
        return self._fill_nodes(builder, nodes, element, code=code, skip=skip)

    def _fill_nodes(
        self,
        builder: BlockBuilder,
        nodes: list[Node],
        where: HtmlElement,
        *,
        code: bool = False,
        skip: tuple[str, ...] = (),
    ) -> list[HtmlElement]:
        """Feed ``nodes`` and the text and marks under them into ``builder``.

        Hidden characters in the text are reported at ``where``.
        """
        skipped: list[HtmlElement] = []
        outer = builder.open_mark("code") if code else None
        # Entries: a node to visit, or an int handle of a mark to close (_AFTER: a word break).
        stack: list[Node | int] = list(reversed(nodes))
        while stack:
            node = stack.pop()
            if isinstance(node, int):
                if node >= 0:
                    builder.close_mark(node)
                else:
                    builder.text(" ")
            elif isinstance(node, str):
                builder.text(self.hidden.clean(node, lambda _: self.locator.locate(where)))
            else:
                name = node.tag
                if name in skip:
                    skipped.append(node)
                    continue
                if name == "img":
                    continue
                if name in _BREAKS_WORDS:
                    builder.text(" ")
                    stack.append(_AFTER)
                if name in _INLINE_MARKS:
                    stack.append(builder.open_mark(_INLINE_MARKS[name]))
                elif name == "a":
                    handle = self._link(builder, node)
                    if handle is not None:
                        stack.append(handle)
                stack.extend(reversed(contents(node, self.skipped)))
        if outer is not None:
            builder.close_mark(outer)
        return skipped

    def _link(self, builder: BlockBuilder, anchor: HtmlElement) -> int | None:
        """Open a link mark for a safe ``href``; warn about an unsafe one."""
        href = anchor.get("href")
        if not isinstance(href, str) or not href.strip():
            return None
        href = href.strip()
        scheme = unsafe_link_scheme(href)
        if scheme is None:
            return builder.open_mark("link", href)
        self._pending.append((unsafe_link_message(href, scheme), anchor))
        return None
