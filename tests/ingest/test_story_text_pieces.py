"""The text of a part of a page as the story counts read it, against a simple
reference: lxml's ``itertext`` on a copy with the parts never the story removed
(the text after such a part kept, run on from the text before it), which is how
trafilatura's copy of the page reads.
"""

from __future__ import annotations

from copy import deepcopy

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import Element, HtmlElement, fragment_fromstring

from briefgen.ingest.story import NOT_STORY, story_texts

TAGS = ("div", "p", "span", "a", "b", "script", "svg", "figure", "li")
TEXTS = st.sampled_from(["", " ", "ab", "cd ", " ef", "g h"])


@st.composite
def trees(draw: st.DrawFn, depth: int = 3) -> HtmlElement:
    """A small tree of blocks, inline elements, parts never the story and comments."""
    element = Element(draw(st.sampled_from(TAGS)))
    element.text = draw(TEXTS)
    for _ in range(draw(st.integers(0, 3)) if depth else 0):
        child = draw(trees(depth - 1)) if draw(st.integers(0, 4)) else etree.Comment("c")
        child.tail = draw(TEXTS)
        element.append(child)
    return element


def _reference(element: HtmlElement, *, comments: bool) -> list[str]:
    """The text pieces of a copy without the parts never the story (and comments)."""
    copy = deepcopy(element)
    copy.tail = None
    etree.strip_elements(copy, *NOT_STORY, with_tail=False)
    if not comments:
        etree.strip_tags(copy, etree.Comment)
    return [piece for piece in copy.itertext() if piece]


@settings(max_examples=300, deadline=None)
@given(trees())
def test_story_texts_read_as_trafilatura_copy_reads(root: HtmlElement) -> None:
    """The same pieces (so the same words, joined with spaces); a comment drops out,
    its text with it (so the text around it joins up: the same words)."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag not in NOT_STORY:
            pieces = [piece for piece in story_texts(element) if piece]
            has_comment = any(not isinstance(node.tag, str) for node in element.iter())
            if has_comment:
                assert "".join(pieces) == "".join(_reference(element, comments=False))
            else:
                assert pieces == _reference(element, comments=True)


def test_the_text_after_a_script_runs_on_from_the_text_before_it() -> None:
    root = fragment_fromstring(
        '<p>har<script>x()</script>bour <a href="/">talks<svg></svg> go</a> on</p>'
    )
    assert "".join(story_texts(root)) == "harbour talks go on"
