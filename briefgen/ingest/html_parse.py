"""A saved page's text to one lxml tree, whatever its depth.

libxml2 (through lxml) parses a page in a few milliseconds and mends its
markup as browsers do (an open ``<p>`` ends where a ``<div>`` starts), but
it stops reading below 256 levels of nesting and drops the rest.  Such a
page is read again with Python's own ``html.parser``, which has no limit,
into a tree of the same kind; each end tag there closes the innermost open
element of its name, and a tag lxml cannot name is left out (its text kept).

Every element is an ``lxml.html.HtmlElement`` (what trafilatura expects),
chosen by lxml itself: lxml.html's own choice of class, a Python call for
every element object made (by the reader and by trafilatura's many passes),
would add a good sixth to the reader's time, for form-field classes that
nothing here uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser as _PythonParser

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    document_fromstring,
)

# Elements that never have content, so never stay open.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip


_CLASSES = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
)


def _parser() -> HTMLParser:
    """A parser of its own, for its error log; ids are never looked up."""
    parser = HTMLParser(collect_ids=False)
    parser.set_element_class_lookup(_CLASSES)
    return parser


@dataclass(frozen=True)
class ParsedPage:
    tree: HtmlElement
    complete: bool  # False: read by html.parser, as libxml2 would have cut it short
    # The Python objects of a deep tree's elements, held while the tree is read:
    # lxml frees one by walking up to the nearest element that has one, which
    # on a deep tree is a walk to the root for every element visited.
    elements: tuple[HtmlElement, ...] = ()


def parse_page(text: str) -> ParsedPage | None:
    """The page's tree, or None for a page without any markup or text."""
    parser = _parser()
    try:
        tree = document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):  # an empty or markup-free document
        return None
    if any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
        builder = _DeepTreeBuilder()
        builder.feed(text)
        builder.close()
        return ParsedPage(builder.root, False, tuple(builder.elements))
    return ParsedPage(tree, complete=True)


class _DeepTreeBuilder(_PythonParser):
    """Builds an lxml tree from Python's html.parser events, without recursion."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: HtmlElement = _parser().makeelement("html")
        self._open: list[HtmlElement] = [self.root]
        self.elements: list[HtmlElement] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            return
        try:
            element = etree.SubElement(self._open[-1], tag)
        except ValueError:  # a name lxml does not take ("o:p")
            return
        for name, value in attrs:
            try:
                element.set(name, value or "")
            except ValueError:
                continue
        element.sourceline = self.getpos()[0]
        self.elements.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and len(self._open) > 1 and self._open[-1].tag == tag:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self._open[-1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + data
        else:
            parent.text = (parent.text or "") + data
