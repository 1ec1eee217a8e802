"""The markup contract: render's CommonMark carries no markup but render's own HTML.

Whatever text an article or an editor wrote, the engine that publishes the
page shows it exactly as written (plain fields and article text) or as the
locked-down editor renderer made it (editor Markdown): never a tag, link,
entity or Markdown construct of the text's own.
"""

from __future__ import annotations

import subprocess
import sys

from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefgen import markup
from briefgen.editor_markdown import inline_html
from briefgen.publish.plugin.markdown import page_html
from briefgen.render.escape import escape_fragment, escape_text, inline_markdown

# Pieces of markup in every syntax an engine could read: raw HTML, entities,
# links and autolinks, emphasis, code, line-start constructs, the old markers.
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</span>", "</section>",
    "<a href='javascript:alert(1)'>a</a>", "[x](javascript:alert(1))", "[x](JaVaScRiPt:x)",
    "[x](&#106;avascript:alert(1))", "<javascript:alert(1)>", "<https://e.org>", "&lt;b&gt;",
    "&amp;", "&#60;script&#62;", "&#x3C;", "&quot;", '"', "'", "*", "**", "_", "`", "\\",
    "[", "]", "(", ")", "!", "#", "# ", "> ", "- ", "1. ", "1) ", "|", "~~", "::: ", "[[=]]",
    "[[claim:c1 number=1 source=x credibility=3]]", " ", "  ", "a", "é", "\u202e",
]
TEXT = st.lists(st.sampled_from(HOSTILE), max_size=12).map("".join)
ENGINES = {"markdown-it-pyrs": page_html, "markdown-it-py": MarkdownIt("commonmark").render}
ALLOWED_TAGS = {"p", "em", "strong", "code", "a"}


def _paragraph(html: str) -> str:
    return f"<p>{html}</p>\n" if html else ""


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("<script>alert(1)</script> &amp; [x](javascript:alert(1))")
def test_plain_text_reaches_the_page_exactly_as_written(text: str) -> None:
    folded = " ".join(text.split())
    for name, engine in ENGINES.items():
        assert engine(escape_text(text)) == _paragraph(markup.escape_html(folded)), name
        # A piece of article text inside a line keeps its spaces.
        inside = engine("x" + escape_fragment(text) + "x")
        assert inside == _paragraph(markup.escape_html("x" + text + "x")), name


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("<script>alert(1)</script> *a* [l](/glossary/x/) [j](javascript:alert(1)) &#60;")
def test_editor_markdown_reaches_the_page_as_the_editor_renderer_made_it(text: str) -> None:
    made = inline_html(text, markup.BRIEFING_ROOT)
    for name, engine in ENGINES.items():
        assert engine(inline_markdown(text, line_start=True)) == _paragraph(made), name
        inside = engine("x" + inline_markdown(text) + "x")  # where the template puts tips
        assert inside == _paragraph("x" + made + "x"), name
    for tag in BeautifulSoup(made, "html.parser").find_all(True):
        assert tag.name in ALLOWED_TAGS, made
        assert set(tag.attrs) <= {"href", "rel"}, made
        assert tag.name != "a" or markup.is_safe_href(tag["href"]), made


def test_the_properties_can_fail() -> None:
    # Unescaped, the same text is markup to the engine.
    assert "<script>" in page_html("<script>alert(1)</script>")
    assert "<em>" in page_html("*a*")


def test_render_writes_attribute_values_escaped() -> None:
    head = markup.Head(markup.CLAIM, 'c1"><script>', 1, source='x" onclick="y', credibility=3)
    html = page_html(markup.annotation_open(head) + "words" + markup.annotation_close("claim"))
    soup = BeautifulSoup(html, "html.parser")
    (span,) = soup.select("span.ann")
    assert span["data-claim"] == 'c1"><script>' and span["data-source"] == 'x" onclick="y'
    assert soup.find("script") is None and not span.has_attr("onclick")
    assert markup.format_open("link", "/glossary/x/") == (
        '<a href="../../glossary/x/" rel="nofollow noopener">'
    )


def test_labels_and_grades() -> None:
    assert markup.badge_label("claim", 3, 2) == "Claim 3, probably true (2)"
    assert markup.badge_label("note", 4) == "Analyst note 4"
    assert markup.tip_heading("claim", 5) == "Claim, improbable (5)."
    assert markup.credibility_grade(1, capital=True) == "Confirmed by other sources (1)"
    assert markup.reliability_grade("B") == "usually reliable (B)"
    assert markup.reliability_rating("F") == "F: reliability cannot be judged"


def test_importing_render_does_not_load_pelican() -> None:
    code = (
        "import sys, briefgen.render, briefgen.markup; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'pelican' "
        "or m.startswith('briefgen.publish')); print(loaded)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
