"""Quote anchoring, driven by fixtures/quotes.yaml and fixtures/overlaps.yaml."""

from __future__ import annotations

from typing import Any

import pytest
from anchor_cases import body_of, cases

from briefgen.anchor import QuoteProblem, Span, anchor_quote, fold, partial_overlaps


@pytest.mark.parametrize("case", cases("quotes.yaml"))
def test_anchor_quote(case: dict[str, Any]) -> None:
    body = body_of(case)
    result = anchor_quote(
        fold(body),
        case["quote"],
        occurrence=case.get("occurrence"),
        prefix=case.get("prefix"),
        suffix=case.get("suffix"),
    )
    expect = case["expect"]
    if "code" in expect:
        # A quote is absent when its words occur nowhere: the fixtures' "not
        # found in the article" messages, not "occurs ... but never ..." ones.
        absent = expect["message"].startswith("quote not found in the article")
        assert result == QuoteProblem(expect["code"], expect["message"], absent=absent)
    else:
        assert isinstance(result, Span), result
        assert (result.start, body[result.start : result.end]) == (expect["start"], expect["text"])


@pytest.mark.parametrize("case", cases("overlaps.yaml"))
def test_partial_overlaps(case: dict[str, Any]) -> None:
    spans = [Span(start, end) for start, end in case["spans"]]
    assert partial_overlaps(spans) == [tuple(pair) for pair in case["expect"]]
