"""Fixture-driven tests of :func:`briefgen.ingest.read_article`.

Each folder under ``fixtures/`` holds one ``article.*`` and an
``expected.json``::

    {
      "max_bytes": 100,                      # optional, passed to read_article
      "article": {                           # or null when the article is refused
        "headline": "...", "date": null, "byline": null,
        "blocks": [
          {"kind": "paragraph", "text": "...", "level": 0, "group": 0,   # level/group: if not 0
           "marks": [{"kind": "em", "start": 0, "end": 4, "covers": "word"}]}  # href for links
        ]
      },
      "diagnostics": ["article.txt:1:1: error: ... [briefgen.code]"]
    }

``covers`` repeats the marked text so that a reader of the fixture can check
the offsets by eye; the test checks it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefgen.diagnostics import DiagnosticList
from briefgen.ingest import read_article
from briefgen.model import Article

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def article_as_json(article: Article | None) -> dict[str, Any] | None:
    """The fixture form of an article (defaults left out of blocks)."""
    if article is None:
        return None
    blocks = []
    for block in article.blocks:
        entry: dict[str, Any] = {"kind": block.kind, "text": block.text}
        if block.level:
            entry["level"] = block.level
        if block.group:
            entry["group"] = block.group
        if block.marks:
            entry["marks"] = [
                {
                    "kind": mark.kind,
                    "start": mark.start,
                    "end": mark.end,
                    "covers": block.text[mark.start : mark.end],
                    **({"href": mark.href} if mark.href is not None else {}),
                }
                for mark in block.marks
            ]
        blocks.append(entry)
    return {
        "headline": article.headline,
        "date": article.date,
        "byline": article.byline,
        "blocks": blocks,
    }


def run_case(case_dir: Path) -> dict[str, Any]:
    """Ingest the case's article; the result in the form of ``expected.json``."""
    expected_file = case_dir / "expected.json"
    expected = (
        json.loads(expected_file.read_text(encoding="utf-8")) if expected_file.exists() else {}
    )
    (article_path,) = case_dir.glob("article.*")
    diagnostics = DiagnosticList()
    options = {"max_bytes": expected["max_bytes"]} if "max_bytes" in expected else {}
    article = read_article(article_path, diagnostics, **options)
    result: dict[str, Any] = dict(options)
    result["article"] = article_as_json(article)
    result["diagnostics"] = [d.format(root=case_dir) for d in diagnostics]
    return result


def test_every_case_has_expectations() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        assert (FIXTURES / case / "expected.json").is_file(), case
        assert len(list((FIXTURES / case).glob("article.*"))) == 1, case


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    case_dir = FIXTURES / case
    expected = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
    assert run_case(case_dir) == expected


if __name__ == "__main__":  # print a case's actual result, to review before saving
    import sys

    for name in sys.argv[1:]:
        print(json.dumps(run_case(FIXTURES / name), indent=2, ensure_ascii=False))
