"""Markdown articles (``.md``): CommonMark with markdown-it-py, raw HTML kept as text.

The parser's flat token stream is walked once with an explicit stack of
containers (lists, list items, block quotes), so nesting depth costs no
recursion.  The headline is the first top-level ``#`` heading; later level-1
headings become level 2.  Nested lists are flattened: every item is one
block, and the items of one list share a ``group`` number.

markdown-it-py is pure Python: its block parser costs 10-70 microseconds per
line and its inline parser several microseconds per character of ``[`` or
``*``.  Two budgets keep a pathological file to about a second: past
:data:`LINE_BUDGET` lines the rest of the file is read as plain paragraphs,
and past :data:`INLINE_MARKUP_BUDGET` markup characters a block's inline
Markdown is not parsed.  Either way its text is kept as written and a
``briefgen.markdown-too-complex`` warning says where.  Real articles are far
below both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_OPEN_CLOSE_TAG_STR
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from briefgen.diagnostics import DiagnosticList, Location, line_col
from briefgen.ingest.builder import BlockBuilder
from briefgen.ingest.normalize import (
    HiddenCharacters,
    fold_whitespace,
    unix_line_breaks,
    unsafe_link_message,
    unsafe_link_scheme,
)
from briefgen.ingest.text import plain_paragraphs
from briefgen.model import Article, Block, BlockKind, MarkKind

# Characters that can start inline markup; their count estimates parsing cost.
_MARKUP_CHARACTERS = "*_[]!`<&\\"
_DELETE_MARKUP = str.maketrans("", "", _MARKUP_CHARACTERS)
# About a second of inline parsing on the worst inputs; a long real article
# uses a few hundred.
INLINE_MARKUP_BUDGET = 100_000
# At the worst per-line cost (nested list markers) about 1.5 s; a long
# hard-wrapped article has a few thousand lines.
LINE_BUDGET = 20_000
# How far back from the line budget to look for a blank line to cut at.
_CUT_SEARCH = 1_000

# An HTML start or end tag as CommonMark reads one (markdown-it's own pattern,
# not anchored): raw HTML, which the site publishes as text.
_HTML_TAG = re.compile(HTML_OPEN_CLOSE_TAG_STR.removeprefix("^"))
_MARK_OPENERS: dict[str, MarkKind] = {"em_open": "em", "strong_open": "strong"}
_MARK_CLOSERS = frozenset({"em_close", "strong_close", "link_close"})


def _markdown_parser() -> MarkdownIt:
    """CommonMark; raw HTML is not recognised, so it stays in the text as written.

    Link targets are not filtered by the parser (it would silently leave
    ``[x](javascript:...)`` as literal text): the walker checks each scheme
    and warns.
    """
    parser = MarkdownIt("commonmark", {"html": False})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.core.ruler.at("inline", _inline_within_budget)
    return parser


def _inline_within_budget(state: StateCore) -> None:
    """The core ``inline`` rule, skipping blocks once the markup budget is spent."""
    spent = state.env.setdefault("briefgen_markup_spent", 0)
    for token in state.tokens:
        if token.type != "inline":
            continue
        cost = len(token.content) - len(token.content.translate(_DELETE_MARKUP))
        if spent + cost > INLINE_MARKUP_BUDGET:
            literal = Token("text", "", 0)
            literal.content = token.content
            token.children = [literal]
            state.env.setdefault("briefgen_unparsed", []).append(token.map)
            continue
        spent += cost
        token.children = []
        state.md.inline.parse(token.content, state.md, state.env, token.children)
    state.env["briefgen_markup_spent"] = spent


_PARSER = _markdown_parser()


@dataclass
class _Container:
    """An open list item or block quote around the current token."""

    kind: BlockKind  # "list_item" or "blockquote"
    key: int = 0  # list items: identity, so that an item's paragraphs join
    level: int = 0
    group: int = 0


class _Walker:
    """Turns the token stream into the headline and blocks."""

    def __init__(
        self, path: Path, lines: list[str], diagnostics: DiagnosticList, hidden: HiddenCharacters
    ) -> None:
        self.path = path
        self.lines = lines
        self.diagnostics = diagnostics
        self.hidden = hidden
        self.headline: str | None = None
        self.blocks: list[Block] = []
        self.containers: list[_Container] = []
        self.lists: list[tuple[int, int]] = []  # (group, level) of open lists
        self.groups = 0
        self.items = 0
        self.heading_level = 0
        self.current: BlockBuilder | None = None
        self.current_key: object = None
        # (line, col) of the first reference definition with each unsafe scheme
        self.definition_positions: dict[str, tuple[int, int] | None] = {}

    def walk(self, tokens: list[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                self.flush()
                self.groups += 1
                self.lists.append((self.groups, 1 if kind == "ordered_list_open" else 0))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.flush()
                self.lists.pop()
            elif kind == "list_item_open":
                self.flush()
                self.items += 1
                group, level = self.lists[-1]
                self.containers.append(_Container("list_item", self.items, level, group))
            elif kind == "blockquote_open":
                self.flush()
                self.containers.append(_Container("blockquote"))
            elif kind in ("list_item_close", "blockquote_close"):
                self.flush()
                self.containers.pop()
            elif kind == "heading_open":
                self.flush()
                self.heading_level = int(token.tag[1:])
            elif kind == "heading_close":
                self.finish_heading()
                self.heading_level = 0
            elif kind == "inline":
                self.inline(token)
            elif kind in ("fence", "code_block"):
                self.code_block(token)
        self.flush()

    # -- blocks -------------------------------------------------------------------

    def builder_for(self, token: Token) -> BlockBuilder:
        """The builder that text at ``token`` goes into, starting a block if needed."""
        container = self.containers[-1] if self.containers else None
        if self.heading_level:
            key: object = token  # every heading is a block of its own
            level = max(self.heading_level, 2)
            new = BlockBuilder("heading", level=level)
        elif container is not None and container.kind == "list_item":
            key = ("item", container.key)  # paragraphs of one item join
            new = BlockBuilder("list_item", level=container.level, group=container.group)
        else:
            key = token
            new = BlockBuilder("blockquote" if container is not None else "paragraph")
        if self.current is not None and key == self.current_key:
            self.current.text(" ")
            return self.current
        self.flush()
        self.current, self.current_key = new, key
        return new

    def flush(self) -> None:
        if self.current is not None:
            block = self.current.build()
            if block is not None:
                self.blocks.append(block)
        self.current, self.current_key = None, None

    def finish_heading(self) -> None:
        """The first top-level ``#`` heading is the headline, not a block."""
        if (
            self.heading_level == 1
            and self.headline is None
            and not self.containers
            and self.current is not None
        ):
            block = self.current.build()
            self.current, self.current_key = None, None
            if block is not None:
                self.headline = block.text
                return
        self.flush()

    def code_block(self, token: Token) -> None:
        builder = self.builder_for(token)
        handle = builder.open_mark("code")
        builder.text(self.clean(token.content, token))
        builder.close_mark(handle)
        if builder.kind != "list_item":
            self.flush()

    # -- inline -------------------------------------------------------------------

    def inline(self, token: Token) -> None:
        builder = self.builder_for(token)
        handles: list[int | None] = []
        search_from = 0  # where the next unsafe link is looked for in the source
        children = token.children or []
        for index, child in enumerate(children):
            kind = child.type
            if kind in ("text", "html_inline"):
                builder.text(self.clean(child.content, token))
            elif kind in ("softbreak", "hardbreak"):
                builder.text(" ")
            elif kind == "code_inline":
                handle = builder.open_mark("code")
                builder.text(self.clean(child.content, token))
                builder.close_mark(handle)
            elif kind in _MARK_OPENERS:
                handles.append(builder.open_mark(_MARK_OPENERS[kind]))
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                scheme = unsafe_link_scheme(href)
                if scheme is None:
                    handles.append(builder.open_mark("link", href))
                else:
                    handles.append(None)
                    text = _link_text(children, index)
                    search_from = self.warn_unsafe_link(
                        token, href, scheme, text, child.markup == "autolink", search_from
                    )
            elif kind in _MARK_CLOSERS:
                closing = handles.pop()
                if closing is not None:
                    builder.close_mark(closing)
            # images are dropped with their alt text; nothing else carries text
        self.warn_raw_html(token, "".join(c.content for c in children if c.type == "text"))

    def clean(self, text: str, token: Token) -> str:
        return self.hidden.clean(text, lambda _: self.block_location(token))

    def block_location(self, token: Token) -> Location:
        line = token.map[0] + 1 if token.map else 1
        return Location(self.path, line, 1)

    def warn_unsafe_link(
        self, token: Token, href: str, scheme: str, text: str, autolink: bool, search_from: int
    ) -> int:
        """Warn at the link's target in the source; returns where to search next.

        In order: an inline link ``[text](`` or autolink ``<scheme:`` in the
        block (the column of its target); a reference definition with that
        scheme (a reference link's target is there); the scheme anywhere in
        the block; the start of the block.
        """
        first, last = token.map or (0, 0)
        block = "\n".join(self.lines[first:last])
        needle, skip = ("<", 1) if autolink else (f"[{text}](", len(text) + 3)
        found = _find_position(block, needle.lower(), search_from, shift=skip)
        if found is None and not autolink and scheme not in self.definition_positions:
            self.definition_positions[scheme] = self.find_definition(scheme)
        if found is not None:
            line, col, search_from = found
            location = Location(self.path, first + line, col)
        elif (position := self.definition_positions.get(scheme)) is not None:
            location = Location(self.path, *position)
        elif (in_block := _find_position(block, scheme + ":", search_from)) is not None:
            line, col, search_from = in_block
            location = Location(self.path, first + line, col)
        else:
            location = self.block_location(token)
        message = unsafe_link_message(href, scheme)
        self.diagnostics.warning("briefgen.unsafe-link", message, location)
        return search_from

    def warn_raw_html(self, token: Token, text: str) -> None:
        """Warn at each HTML start tag in a block's text: the page shows it as written."""
        first = token.map[0] if token.map else 0
        block = "\n".join(self.lines[first:token.map[1]]) if token.map else ""
        search_from = 0
        for match in _HTML_TAG.finditer(text):
            tag = match.group()
            found = _find_position(block, tag.lower(), search_from)
            if found is None:
                continue  # written as entities: text on purpose
            line, col, search_from = found
            if tag.startswith("</") or block[search_from - 2 : search_from - 1] == "\\":
                continue  # the start tag said it already; an escaped "<" is text on purpose
            location = Location(self.path, first + line, col)
            shown = tag if len(tag) <= 40 else tag[:37] + "..."
            self.diagnostics.warning(
                "briefgen.raw-html",
                f"raw HTML '{shown}' is published as text, not as HTML: expected Markdown "
                "(write the words without tags, or put code in `backticks`)",
                location,
            )

    def find_definition(self, scheme: str) -> tuple[int, int] | None:
        """Line and column of the scheme in the first ``[label]: scheme:...`` definition."""
        pattern = re.compile(rf"^ {{0,3}}\[[^\]]*\]:[ \t]*<?({re.escape(scheme)}:)", re.I | re.M)
        match = pattern.search("\n".join(self.lines))
        if match is None:
            return None
        return line_col(match.string, match.start(1))


def _find_position(
    source: str, needle: str, start: int, shift: int = 0
) -> tuple[int, int, int] | None:
    """1-based line and column of ``needle`` (any case) in ``source`` from ``start``,
    moved on by ``shift`` characters, and where to search next; None if absent."""
    found = source.lower().find(needle, start)
    if found < 0:
        return None
    found += shift
    before = source[:found]
    return before.count("\n") + 1, found - (before.rfind("\n") + 1) + 1, found + 1


def _link_text(children: list[Token], link_open: int) -> str:
    """The plain text inside the link that opens at ``children[link_open]``."""
    pieces: list[str] = []
    for child in children[link_open + 1 :]:
        if child.type == "link_close":
            break
        if child.type == "text":
            pieces.append(child.content)
    return "".join(pieces)


def read_markdown_article(
    path: Path, text: str, diagnostics: DiagnosticList, hidden: HiddenCharacters
) -> Article:
    """The article of a ``.md`` file; the headline is "" if it has no ``#`` heading."""
    lines = unix_line_breaks(text).split("\n")
    rest: list[str] = []
    if len(lines) > LINE_BUDGET:
        cut = _cut_line(lines)
        total = len(lines) - (lines[-1] == "")  # a final line break starts no line
        lines, rest = lines[:cut], lines[cut:]
        diagnostics.warning(
            "briefgen.markdown-too-complex",
            f"Markdown from line {cut + 1} on left as written: expected at most "
            f"{LINE_BUDGET} lines but got {total}",
            Location(path, cut + 1, 1),
        )
    env: dict[str, object] = {}
    tokens = _PARSER.parse("\n".join(lines), env)
    walker = _Walker(path, lines, diagnostics, hidden)
    walker.walk(tokens)
    blocks = walker.blocks + plain_paragraphs("\n".join(rest))
    unparsed = env.get("briefgen_unparsed")
    if isinstance(unparsed, list) and unparsed:
        where = unparsed[0]
        diagnostics.warning(
            "briefgen.markdown-too-complex",
            f"inline Markdown left as written in {len(unparsed)} "
            f"block{'s' if len(unparsed) != 1 else ''}: expected at most "
            f"{INLINE_MARKUP_BUDGET} markup characters ({' '.join(_MARKUP_CHARACTERS)}) "
            "per file but got more",
            Location(path, where[0] + 1 if where else 1, 1),
        )
    return Article(path=path, headline=fold_whitespace(walker.headline or ""), blocks=blocks)


def _cut_line(lines: list[str]) -> int:
    """Where to stop parsing Markdown: a blank line near the budget, else the budget."""
    for index in range(LINE_BUDGET, LINE_BUDGET - _CUT_SEARCH, -1):
        if not lines[index].strip():
            return index
    return LINE_BUDGET
