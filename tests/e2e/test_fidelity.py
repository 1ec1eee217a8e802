"""Property: for any .txt article, the published body minus [data-ann] is the article body.

The fast path runs the real pipeline up to the HTML of the article body (ingest,
checks, render, the Pelican reader with markdown-it-py) without Pelican's
writer; a few examples also go through a whole ``briefgen build``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.check import load_site
from briefgen.diagnostics import DiagnosticList
from briefgen.publish.plugin.bodies import body_html
from briefgen.render import create_environment, render_briefing
from briefgen.settings import load_settings
from tests.conftest import BASE_FILES, SETTINGS, Run, write_files

# Characters that mean something to Markdown, HTML, Jinja or our markers,
# plus letters, digits, typographic punctuation and a few scripts.
MARKUP = [
    *"*_`#>+-=:|!\\[](){}<>&;~$%.'\"",
    *("&amp;", "&#106;", "<b>", "[[", "]]", "{{ 7*7 }}", "{% if %}", "1.", "1)", "- "),
    *("```", "    ", "\t", "<!--", "-->"),
]
WORDS = st.sampled_from(
    ["Ankara", "YPG", "SDF", "said", "the", "é", "Ω", "中文", "٣", "—", "“", "”"]
)
PIECE = st.one_of(st.sampled_from(MARKUP), WORDS, st.text(alphabet="abcXYZ 0123", max_size=5))
LINE = st.lists(PIECE, min_size=1, max_size=12).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
BODY = st.lists(PARAGRAPH, min_size=1, max_size=5).map("\n\n".join)

SIDECAR = "date: 2025-02-06\noutlet: wire\nsummary: S.\n"


def expected_body(text: str) -> str:
    """The article body as the format page defines it, white space folded."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text)]
    return " ".join(p for p in paragraphs if p)


def published_body(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one("[data-article-body]")
    assert body is not None
    for ann in body.select("[data-ann]"):
        ann.decompose()
    # Nothing in the article may become markup: only our own elements remain.
    allowed = {"p", "span", "a"}
    assert {tag.name for tag in body.find_all(True)} <= allowed, body
    for link in body.find_all("a"):
        assert link.get("href", "").startswith("../../glossary/"), link
    return " ".join(body.get_text().split())


def render_article(root: Path, body: str) -> str:
    write_files(root, dict(BASE_FILES))
    (root / "content/briefings").mkdir(parents=True, exist_ok=True)
    (root / "content/briefings/story.txt").write_text(f"Headline\n\n{body}\n", encoding="utf-8")
    (root / "content/briefings/story.yaml").write_text(SIDECAR, encoding="utf-8")
    diagnostics = DiagnosticList()
    config = load_settings(root, settings_file=SETTINGS, diagnostics=diagnostics)
    site = load_site(config, diagnostics)
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    markdown = render_briefing(create_environment(), site.briefings[0], site)
    rendered = root / "story.md"
    rendered.write_text(markdown, encoding="utf-8")
    return body_html(str(rendered))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODY.filter(lambda b: expected_body(b)))
def test_txt_body_survives_publishing(body: str) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        assert published_body(render_article(root, body)) == expected_body(body)
    finally:
        shutil.rmtree(root)


def test_markup_characters_shown_as_written(site: Callable[..., Run]) -> None:
    body = (
        "*not emphasis* and _not_ and `not code` and [x](http://e.org) and <b>bold</b>\n\n"
        "# not a heading\n\n1. not a list\n\n    not code either\n\n"
        "&amp; &lt; stay &#106; {{ 7*7 }}"
    )
    run = site(
        {
            "content/briefings/story.txt": f"Headline\n\n{body}\n",
            "content/briefings/story.yaml": SIDECAR,
        }
    )
    assert run.status == 0, run.stderr
    html = (run.root / "output/briefings/story/index.html").read_text(encoding="utf-8")
    assert published_body(html) == expected_body(body)
    soup = BeautifulSoup(html, "html.parser")
    paragraphs = [p.get_text() for p in soup.select("[data-article-body] p")]
    assert paragraphs == [
        "*not emphasis* and _not_ and `not code` and [x](http://e.org) and <b>bold</b>",
        "# not a heading",
        "1. not a list",
        "not code either",
        "&amp; &lt; stay &#106; {{ 7*7 }}",
    ]
