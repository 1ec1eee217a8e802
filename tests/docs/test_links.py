"""The README and docs/ link to files (and headings) that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# [text](target): not images' sources nor addresses; code spans are left out first.
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_FENCED = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def anchors(page: Path) -> set[str]:
    """GitHub's ids of the page's headings."""
    ids = set()
    text = _FENCED.sub("", page.read_text(encoding="utf-8")).replace("`", "")
    for heading in re.findall(r"^#{1,6} +(.+?) *$", text, re.MULTILINE):
        ids.add(re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-"))
    return ids


def local_links(page: Path) -> list[str]:
    text = _CODE.sub("", page.read_text(encoding="utf-8"))
    return [t for t in _LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_local_link_leads_somewhere(page: Path) -> None:
    broken = []
    for target in local_links(page):
        path, _, anchor = target.partition("#")
        where = (page.parent / path).resolve() if path else page
        if not where.exists() or (
            anchor and where.suffix == ".md" and anchor not in anchors(where)
        ):
            broken.append(target)
    assert broken == []


def test_the_link_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Top `code`\n\n```sh\n# not a heading\n```\n\n## A, b & c\n\n"
        "[x](gone.md) [y](#a-b--c) [z](#nowhere) `[w](in-code.md)` [web](https://example.org)\n",
        encoding="utf-8",
    )
    assert local_links(page) == ["gone.md", "#a-b--c", "#nowhere"]
    assert anchors(page) == {"top-code", "a-b--c"}
