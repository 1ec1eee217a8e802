"""The markup contract itself: what render writes, publish reads back unchanged,
and nothing else can open a marker."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen import markup
from briefgen.publish.plugin.markdown import create_markdown
from briefgen.render.escape import escape_fragment, escape_text, inline_markdown

IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
HEADS = st.one_of(
    st.builds(markup.Head, st.just(markup.CLAIM), IDS, st.integers(1, 999), source=IDS,
              credibility=st.integers(1, 6)),
    st.builds(markup.Head, st.just(markup.NOTE), IDS, st.integers(1, 999)),
    st.builds(markup.Head, st.just(markup.TERM), IDS, local=st.booleans()),
)
# Characters of the marker syntax, and of the CommonMark escapes around them.
MARKER_ALPHABET = [*"[]=/:\\ claimnoterbs-13=", "[[", "]]", "number=1", "credibility=3"]
MD = create_markdown()


@given(HEADS, st.integers(0, 5))
def test_an_opening_marker_reads_back_as_written(head: markup.Head, pos: int) -> None:
    text = "x" * pos + markup.annotation_open(head) + "words"
    marker = markup.read_marker(text, pos)
    assert marker is not None
    assert (marker.role, marker.head, text[marker.end :]) == ("open", head, "words")


@given(IDS, st.sampled_from(sorted(markup.ANNOTATION_KINDS)))
def test_a_target_reads_back_as_the_anchor_of_the_badge(key: str, kind: str) -> None:
    marker = markup.read_marker(markup.target(kind, key), 0)
    assert marker is not None and marker.role == "target"
    assert marker.anchor == markup.anchor_id(kind, key) == f"bg-{kind}-{key}"


def test_closers_tips_and_formatting_read_back() -> None:
    text = (markup.TIP + markup.annotation_close("claim") + markup.format_open("em")
            + markup.format_close("em") + markup.format_open("link", "https://e.org/x"))
    read = []
    pos = 0
    while pos < len(text):
        marker = markup.read_marker(text, pos)
        assert marker is not None, text[pos:]
        read.append((marker.role, marker.kind, marker.href))
        pos = marker.end
    assert read == [("tip", "", ""), ("close", "claim", ""), ("open", "em", ""),
                    ("close", "em", ""), ("open", "link", "https://e.org/x")]


def test_labels_and_grades() -> None:
    assert markup.badge_label("claim", 3, 2) == "Claim 3, probably true (2)"
    assert markup.badge_label("note", 4) == "Analyst note 4"
    assert markup.tip_heading("claim", 5) == "Claim, improbable (5)."
    assert markup.credibility_grade(1, capital=True) == "Confirmed by other sources (1)"
    assert markup.reliability_grade("B") == "usually reliable (B)"
    assert markup.reliability_rating("F") == "F: reliability cannot be judged"


def _annotation_tokens(html_source: str, inline: bool) -> list[str]:
    tokens = MD.parseInline(html_source, {}) if inline else MD.parse(html_source, {})
    return [
        child.type
        for token in tokens
        for child in (token.children or [])
        if child.type.startswith(("ann_", "fmt_"))
    ]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(MARKER_ALPHABET), max_size=30).map("".join))
def test_no_text_can_open_a_marker(text: str) -> None:
    # Article text (escaped whole or in pieces) and editor inline Markdown
    # give the publishing renderer no marker, whatever they hold.
    assert _annotation_tokens(escape_text(text), inline=True) == []
    assert _annotation_tokens(escape_fragment(text), inline=True) == []
    assert _annotation_tokens(inline_markdown(text), inline=True) == []


def test_the_same_text_unescaped_does_open_markers() -> None:
    # The property above can fail: unescaped, this text is a claim.
    text = "[[claim:c1 number=1 source=x credibility=3]]a[[=]]b[[/claim]]"
    assert _annotation_tokens(text, inline=True) == [
        "ann_open", "ann_text_close", "ann_tip_open", "ann_close"
    ]


def test_importing_render_does_not_load_pelican() -> None:
    code = (
        "import sys, briefgen.render, briefgen.markup; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'pelican' "
        "or m.startswith('briefgen.publish')); print(loaded)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
