"""Annotations on one and the same passage nest: the one opened last closes first."""

from __future__ import annotations

from bs4 import BeautifulSoup

from briefgen import markup
from briefgen.render.annotate import Annotation, render_block_text
from briefgen.render.escape import Markdown


def test_a_claim_a_note_and_a_follow_up_on_one_passage_nest() -> None:
    text = "The talks opened on time."
    span = (4, 24)
    claim = markup.Head(markup.CLAIM, "c1", 1, "wire", 3)
    note = markup.Head(markup.NOTE, "n1", 1)
    follow = markup.Head(markup.FOLLOW, "f1", 1, outcome="confirmed", slug="a", claim="x")
    annotations = [
        Annotation(*span, head, Markdown(f"tip {head.key}")) for head in (claim, note, follow)
    ]
    html = BeautifulSoup(render_block_text(text, [], annotations, 0), "html.parser")
    # The follow-up outermost, then the claim, then the note; each with its own tip.
    nested = html.select_one('[data-follow="f1"] > [data-claim="c1"] > [data-note="n1"]')
    assert nested is not None and nested.contents[0] == "talks opened on time"
    for kind, key in (("follow", "f1"), ("claim", "c1"), ("note", "n1")):
        tip = html.select_one(f'[data-{kind}="{key}"] > .ann__ui > #bg-tip-{kind}-{key}')
        assert tip is not None and tip.get_text() == f"tip {key}"
    for ann in html.select("[data-ann]"):
        ann.decompose()
    assert html.get_text() == text
