"""Hypothesis fuzzing of the pipeline on generated hostile input.

.md and .html articles, and sidecar text fields, go through ingest, checks,
render and the publishing renderer (in-process, as Pelican's reader calls
it): nothing raises, and the HTML has no live markup.  Example counts are
bounded so that the suite stays fast.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.check import load_site
from briefgen.diagnostics import DiagnosticList
from briefgen.publish.reader import BriefingReader
from briefgen.render import create_environment, render_briefing
from briefgen.settings import load_settings
from tests.adversarial.safety import _problems_in
from tests.conftest import BASE_FILES, SETTINGS, write_files

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))",
    "<javascript:alert(1)>", "[r]\n\n[r]: javascript:alert(1)", "[x](data:text/html,x)",
    '"><script>', '" onmouseover="alert(1)', "{{ 7*7 }}", "{% if 1 %}", "[[term:ypg]]",
    "[[/claim]]", "[[=]]", "[[link:javascript:alert(1)]]", "<!--", "]]", "\u202e", "\u200b",
    "*", "_", "`", "\\", "&amp;", "&#0;", "<a href='javascript:alert(1)'>a</a>", "<iframe>",
    "YPG", "SDF", "\n\n", "\n", "# ", "> ", "- ", "1. ", "    ", "|", "::: notes\n",
]
PIECES = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=8)), min_size=1, max_size=12
).map("".join)
SIDECAR = "date: 2025-02-06\noutlet: wire\nsummary: {summary}\nbyline: {byline}\ntitle: {title}\n"


def publish(files: dict[str, str | bytes]) -> str | None:
    """Build ``files`` in-process up to the published article HTML (None: content errors)."""
    root = Path(tempfile.mkdtemp())
    try:
        write_files(root, {**BASE_FILES, **files})
        diagnostics = DiagnosticList()
        config = load_settings(root, settings_file=SETTINGS, diagnostics=diagnostics)
        site = load_site(config, diagnostics)
        if diagnostics.errors or not site.briefings:
            return None
        rendered = root / "story.md"
        rendered.write_text(
            render_briefing(create_environment(), site.briefings[0], site), encoding="utf-8"
        )
        reader = BriefingReader({"TIMEZONE": "UTC", "DEFAULT_DATE": None})
        content, metadata = reader.read(str(rendered))
        return content + metadata["summary"]  # the title is text: the theme escapes it
    finally:
        shutil.rmtree(root)


def assert_no_live_markup(html: str | None) -> None:
    if html is not None:
        assert _problems_in(BeautifulSoup(html, "html.parser"), "page", fragment=True) == []


FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(PIECES)
def test_markdown_articles(body: str) -> None:
    assert_no_live_markup(
        publish(
            {
                "content/briefings/story.md": f"# Head\n\n{body}\n",
                "content/briefings/story.yaml": SIDECAR.format(summary="s", byline="b", title="t"),
            }
        )
    )


@FAST
@given(PIECES)
def test_html_articles(body: str) -> None:
    page = f"<html><body><article><h1>Head</h1><p>{body}</p></article></body></html>"
    assert_no_live_markup(
        publish(
            {
                "content/briefings/story.html": page,
                "content/briefings/story.yaml": SIDECAR.format(summary="s", byline="b", title="t"),
            }
        )
    )


@FAST
@given(PIECES, PIECES, PIECES)
def test_sidecar_fields(summary: str, byline: str, title: str) -> None:
    sidecar = SIDECAR.format(
        summary=json.dumps(summary), byline=json.dumps(byline), title=json.dumps(title)
    )
    assert_no_live_markup(
        publish(
            {
                "content/briefings/story.txt": "Head\n\nThe YPG said the SDF left.\n",
                "content/briefings/story.yaml": sidecar,
            }
        )
    )
