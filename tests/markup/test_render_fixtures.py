"""Render side of the markup contract: briefing values in, Markdown out.

Fixture files in markdown-it-py's style (``tests/markup/fixtures/render*.md``):
a title line, ``.``, the case (YAML, see :mod:`tests.markup.harness`), ``.``,
the whole Markdown document render writes for it, ``.``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from briefgen.render import create_environment, render_briefing
from tests.markup.harness import briefing_of, site_of

FIXTURES = Path(__file__).parent / "fixtures"
CASES = read_fixture_file(FIXTURES / "render.md")


@pytest.mark.parametrize(
    ("line", "title", "case", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_render_fixture(line: int, title: str, case: str, expected: str, tmp_path: Path) -> None:
    briefing = briefing_of(case, tmp_path)
    assert render_briefing(create_environment(), briefing, site_of(briefing)) == expected
