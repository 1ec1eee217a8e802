"""Warning helpers, driven by fixtures/warnings.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from anchor_cases import FIXTURES, body_of, span_of
from ruamel.yaml import YAML

from briefgen.anchor import anonymous_attributions, uncovered_acronyms


def _section(name: str) -> list[Any]:
    loaded = YAML(typ="safe").load(Path(FIXTURES / "warnings.yaml").read_text(encoding="utf-8"))
    return [pytest.param(case, id=case["name"]) for case in loaded[name]]


@pytest.mark.parametrize("case", _section("acronyms"))
def test_uncovered_acronyms(case: dict[str, Any]) -> None:
    body = body_of(case)
    covered = [span_of(body, spec) for spec in case["covered"]]
    found = uncovered_acronyms(body, covered, case["known"])
    assert [[word, offset] for word, offset in found] == case["expect"]


@pytest.mark.parametrize("case", _section("attributions"))
def test_anonymous_attributions(case: dict[str, Any]) -> None:
    body = body_of(case)
    claims = [span_of(body, spec) for spec in case["claims"]]
    flagged = anonymous_attributions(body, claims)
    assert [body[span.start : span.end] for span in flagged] == case["expect"]
