"""Plain-text articles (``.txt``): headline line, then paragraphs between blank lines.

Nothing in a ``.txt`` file is markup: asterisks, hashes, numbers with dots,
brackets, tags and entities are the reader's text exactly as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.diagnostics import DiagnosticList, Location
from briefgen.ingest.normalize import (
    WHITESPACE_RUN,
    HiddenCharacters,
    fold_whitespace,
    unix_line_breaks,
)
from briefgen.model import Article, Block

# A blank line: a line break followed by nothing but non-newline white space
# and another line break.  Runs of them separate paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+")
_NON_BLANK = re.compile(r"\S")


def read_text_article(
    path: Path, text: str, diagnostics: DiagnosticList, hidden: HiddenCharacters
) -> Article | None:
    """The article of a ``.txt`` file, or None if it has no headline."""
    text = unix_line_breaks(text)
    first = _NON_BLANK.search(text)
    if first is None:
        state = "is empty" if not text else "has only blank lines"
        diagnostics.error(
            "briefgen.missing-headline",
            f"expected a headline on the first non-blank line but the file {state}",
            Location(path, 1, 1),
        )
        return None
    line_start = text.rfind("\n", 0, first.start()) + 1
    line_end = text.find("\n", first.start())
    if line_end < 0:
        line_end = len(text)
    blocks = plain_paragraphs(text[line_end:])
    headline = fold_whitespace(text[line_start:line_end])
    return Article(path=path, headline=headline, blocks=blocks)


def plain_paragraphs(text: str) -> list[Block]:
    """Paragraph blocks of plain text (``\n`` line breaks) separated by blank lines.

    The whole text is folded in one pass, with NUL (never in cleaned text)
    standing for the paragraph breaks, rather than paragraph by paragraph.
    """
    folded = WHITESPACE_RUN.sub(" ", _PARAGRAPH_BREAK.sub("\0", text))
    parts = (part.strip() for part in folded.split("\0"))
    return [Block("paragraph", part) for part in parts if part]
