"""Loading the YAML fixture cases of the anchor tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from briefgen.anchor import Span

FIXTURES = Path(__file__).parent / "fixtures"


def seed_body() -> str:
    """The seed article's body text as ingest makes it (paragraphs after the headline)."""
    text = (FIXTURES / "seed-article.txt").read_text(encoding="utf-8")
    paragraphs = [paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip()]
    return "\n\n".join(paragraphs[1:])


def body_of(case: dict[str, Any]) -> str:
    body = str(case["body"])
    return seed_body() if body == "@seed" else body


def cases(file_name: str) -> list[Any]:
    """One ``pytest.param`` per case of a fixture file, named by its ``name``."""
    loaded = YAML(typ="safe").load((FIXTURES / file_name).read_text(encoding="utf-8"))
    return [pytest.param(case, id=case["name"]) for case in loaded]


def span_of(body: str, spec: Any) -> Span:
    """A span given as ``[start, end]``, as a text (its first occurrence), or as
    ``{text, occurrence}`` (1-based)."""
    if isinstance(spec, list):
        return Span(spec[0], spec[1])
    text, occurrence = (spec, 1) if isinstance(spec, str) else (spec["text"], spec["occurrence"])
    start = -1
    for _ in range(occurrence):
        start = body.find(text, start + 1)
        assert start != -1, f"fixture error: {text!r} does not occur {occurrence} times"
    return Span(start, start + len(text))
