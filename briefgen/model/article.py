"""The article as the pipeline sees it, after ingest and before anchoring.

An :class:`Article` is a headline plus a list of :class:`Block` (paragraphs,
sub-headings, list items, block quotes).  Each block holds *plain* text, its
white space folded (runs of white space are one space, no leading or trailing
space), and the inline formatting of the source (emphasis, code, links) as
:class:`InlineMark` ranges over that text.  The article *body text*, to which
annotations are anchored, is the blocks' texts joined by ``BLOCK_SEPARATOR``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BLOCK_SEPARATOR = "\n\n"

BlockKind = Literal["paragraph", "heading", "list_item", "blockquote"]
MarkKind = Literal["em", "strong", "code", "link"]


@dataclass(frozen=True, order=True)
class Span:
    """``[start, end)`` offsets into an article's body text."""

    start: int
    end: int


@dataclass(frozen=True)
class InlineMark:
    """Formatting of the source over ``text[start:end]`` of one block."""

    start: int
    end: int
    kind: MarkKind
    href: str | None = None  # only for links; already checked to be a safe scheme


@dataclass(frozen=True)
class Block:
    """One block of the article body.

    ``level`` is the heading level (2-6) for headings; for list items, 0 means
    an unordered list and 1 an ordered one.  ``group`` numbers consecutive
    list items of the same list so that the renderer can keep them together.
    """

    kind: BlockKind
    text: str
    marks: tuple[InlineMark, ...] = ()
    level: int = 0
    group: int = 0


@dataclass
class Article:
    """A source article reduced to what the reader sees of it."""

    path: Path
    headline: str
    blocks: list[Block]
    date: str | None = None  # ISO 8601 from HTML metadata, if any
    byline: str | None = None  # from HTML metadata, if any
    language: str | None = None  # BCP 47, from HTML metadata (<html lang>), if any
    url: str | None = None  # the page's canonical address, from HTML metadata, if any
    # where each block starts in body_text; derived from blocks, not an argument
    block_offsets: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        offsets, position = [], 0
        for block in self.blocks:
            offsets.append(position)
            position += len(block.text) + len(BLOCK_SEPARATOR)
        self.block_offsets = offsets

    @property
    def body_text(self) -> str:
        return BLOCK_SEPARATOR.join(block.text for block in self.blocks)
