"""The body text of a published briefing page, as the format page defines it.

The text of ``[data-article-body]`` less every ``[data-ann]`` element, block
boundaries one space, runs of white space one space, ends trimmed; with the
offsets in that text where each marked passage (``data-claim``,
``data-note``, ``data-term``) starts and ends. Read from the HTML with
BeautifulSoup, independently of briefgen's own code.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

BLOCKS = frozenset(
    ("p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div",
     "section", "table", "tr", "td", "th", "pre", "dl", "dt", "dd")
)
MARKS = ("data-claim", "data-note", "data-term")
_SPACE = re.compile(r"\s")


def _mark_of(tag: Tag) -> tuple[str, str] | None:
    for attribute in MARKS:
        if tag.has_attr(attribute):
            return attribute.removeprefix("data-"), str(tag[attribute])
    return None


def page_text(html: str) -> tuple[str, dict[tuple[str, str], tuple[int, int]]]:
    """``(text, {(kind, key): (start, end)})``; a passage cut by a block boundary
    spans from its first part's start to its last part's end."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one("[data-article-body]")
    assert body is not None, "no [data-article-body] on the page"
    for element in body.select("[data-ann]"):
        element.decompose()
    out: list[str] = []
    pending_space = False
    marks: dict[tuple[str, str], tuple[int, int]] = {}

    def position() -> int:
        # Where the next character goes: after the pending space, if one is due.
        return len(out) + (1 if pending_space and out else 0)

    def walk(node: Tag) -> None:
        nonlocal pending_space
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is not NavigableString:  # comments and the like
                    continue
                for char in str(child):
                    if _SPACE.match(char):
                        pending_space = True
                    else:
                        if pending_space and out:
                            out.append(" ")
                        pending_space = False
                        out.append(char)
            elif isinstance(child, Tag):
                block = child.name in BLOCKS
                if block:
                    pending_space = True
                mark = _mark_of(child)
                start = position()
                walk(child)
                if mark is not None:
                    first = marks.get(mark, (start, 0))[0]
                    marks[mark] = (first, len(out))
                if block:
                    pending_space = True

    walk(body)
    return "".join(out), marks
