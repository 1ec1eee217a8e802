"""Hypothesis fuzzing of the pipeline on generated hostile input.

.md and .html articles, and sidecar text fields, go through ingest, checks,
render and the publishing renderer (in-process, as Pelican's reader calls
it): nothing raises, and the HTML has no live markup.  Example counts are
bounded so that the suite stays fast.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.check import load_site
from briefgen.diagnostics import Diagnostic, DiagnosticList, Severity
from briefgen.ingest.normalize import HIDDEN_ANY
from briefgen.publish.plugin.bodies import body_html
from briefgen.publish.plugin.reader import BriefingReader
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
# Text YAML takes as a value: any text without control characters and lone
# surrogates (those are refused whatever the field; test_limits covers them).
FIELD_PIECES = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=12,
).map("".join)
SIDECAR = "date: 2025-02-06\noutlet: wire\nsummary: {summary}\nbyline: {byline}\ntitle: {title}\n"
FIELD_LINES = {"summary": 3, "byline": 4, "title": 5}


@dataclass
class Published:
    html: str | None  # the article's and summary's HTML; None if the content was refused
    metadata: dict[str, Any]
    diagnostics: list[Diagnostic]


def build_story(files: dict[str, str | bytes]) -> Published:
    """Build ``files`` in-process up to the published article HTML, as Pelican's reader does."""
    root = Path(tempfile.mkdtemp())
    try:
        write_files(root, {**BASE_FILES, **files})
        diagnostics = DiagnosticList()
        config = load_settings(root, settings_file=SETTINGS, diagnostics=diagnostics)
        site = load_site(config, diagnostics)
        if diagnostics.errors or not site.briefings:
            return Published(None, {}, diagnostics.items)
        rendered = root / "story.md"
        rendered.write_text(
            render_briefing(create_environment(), site.briefings[0], site), encoding="utf-8"
        )
        reader = BriefingReader({"TIMEZONE": "UTC", "DEFAULT_DATE": None})
        _empty, metadata = reader.read(str(rendered))  # the body is rendered when written:
        body = body_html(str(rendered))
        # the title is text: the theme escapes it
        return Published(body + metadata["summary"], metadata, diagnostics.items)
    finally:
        shutil.rmtree(root)


def publish(files: dict[str, str | bytes]) -> str | None:
    """The published HTML of ``files`` (None: content errors)."""
    return build_story(files).html


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


def visible(text: str) -> str:
    """``text`` as a page shows it: invisible characters removed (with a warning)."""
    return HIDDEN_ANY.sub("", text)


@FAST
@given(FIELD_PIECES, FIELD_PIECES, FIELD_PIECES)
def test_sidecar_fields(summary: str, byline: str, title: str) -> None:
    """Published: no live markup, and the title and byline arrive as written.
    Refused: every error is one line at the field that caused it, in the sidecar."""
    fields = {"summary": summary, "byline": byline, "title": title}
    # Written as they are (JSON escapes only what must be): YAML reads a \\ud800\\udc00
    # escape pair as two lone surrogates, not as one character.
    values = {name: json.dumps(value, ensure_ascii=False) for name, value in fields.items()}
    sidecar = SIDECAR.format(**values)
    story = build_story(
        {
            "content/briefings/story.txt": "Head\n\nThe YPG said the SDF left.\n",
            "content/briefings/story.yaml": sidecar,
        }
    )
    if story.html is not None:
        assert_no_live_markup(story.html)
        assert story.metadata["title"] == visible(title)
        assert story.metadata["briefing"].byline == visible(byline)
        return
    errors = [d for d in story.diagnostics if d.severity is Severity.ERROR]
    assert errors
    for error in errors:
        assert error.location is not None and error.location.path.name == "story.yaml"
        field = next(name for name, line in FIELD_LINES.items() if line == error.location.line)
        value = visible(fields[field])
        if error.code == "briefgen.missing-key":
            assert not value.strip()
        else:
            assert (error.code, field) == ("briefgen.unsafe-link", "summary")
            assert re.search(r"(?i)javascript|data:", html.unescape(value))
