"""Publish side of the markup contract: Markdown in, HTML out.

Fixture files in markdown-it-py's style (``tests/markup/fixtures/publish.md``):
a title line, ``.``, the Markdown of a briefing's body (as render writes it,
or as an attacker might), ``.``, the HTML of the page's body, ``.``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from briefgen.markup import BRIEFING_ROOT
from briefgen.publish.plugin.markdown import create_markdown, render_markdown

FIXTURES = Path(__file__).parent / "fixtures"
CASES = read_fixture_file(FIXTURES / "publish.md")
MD = create_markdown()


@pytest.mark.parametrize(
    ("line", "title", "text", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_publish_fixture(line: int, title: str, text: str, expected: str) -> None:
    assert render_markdown(MD, text, BRIEFING_ROOT) == expected
