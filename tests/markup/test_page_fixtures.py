"""Render and publish together: briefing values in, the page's HTML out.

Fixture file in markdown-it-py's style (``tests/markup/fixtures/page.md``): a
title line, ``.``, the case (YAML, see :mod:`tests.markup.harness`), ``.``,
the HTML of the page, ``.``.  The expected HTML was made by the pipeline
before render wrote plain CommonMark (markers read by a markdown-it-py
plugin): the page a reader gets is the same.  Any CommonMark engine makes
it: markdown-it-pyrs (the site's) and markdown-it-py's plain CommonMark
renderer alike, with no plugin.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file

from briefgen.publish.plugin.bodies import split_front_matter
from briefgen.publish.plugin.markdown import page_html
from briefgen.render import create_environment, render_briefing
from tests.markup.harness import briefing_of, site_of

CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "page.md")
PLAIN_COMMONMARK = MarkdownIt("commonmark")


@pytest.mark.parametrize(
    ("line", "title", "case", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_page_fixture(line: int, title: str, case: str, expected: str, tmp_path: Path) -> None:
    briefing = briefing_of(case, tmp_path)
    _front, page = split_front_matter(
        render_briefing(create_environment(), briefing, site_of(briefing))
    )
    assert page_html(page) == expected
    assert PLAIN_COMMONMARK.render(page) == expected
