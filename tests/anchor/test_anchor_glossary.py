"""Glossary matching, driven by fixtures/glossary.yaml."""

from __future__ import annotations

from typing import Any

import pytest
from anchor_cases import body_of, cases, span_of

from briefgen.anchor import GlossaryMatcher, TermPattern, fold


def _matcher(case: dict[str, Any]) -> GlossaryMatcher:
    return GlossaryMatcher(
        [TermPattern(term_id, tuple(phrases)) for term_id, phrases in case["terms"].items()]
    )


def _found(case: dict[str, Any], body: Any) -> list[list[Any]]:
    text = body if isinstance(body, str) else body.original
    matches = _matcher(case).first_occurrences(
        body,
        excluded=[span_of(text, spec) for spec in case.get("excluded", [])],
        boundaries=[span_of(text, spec) for spec in case.get("boundaries", [])],
        only=case.get("only"),
        skip=case.get("skip", ()),
    )
    for match in matches:
        assert match.text == text[match.span.start : match.span.end]
    return [[match.id, match.span.start, match.text] for match in matches]


@pytest.mark.parametrize("case", cases("glossary.yaml"))
def test_first_occurrences(case: dict[str, Any]) -> None:
    assert _found(case, body_of(case)) == case["expect"]


@pytest.mark.parametrize("case", cases("glossary.yaml"))
def test_first_occurrences_accepts_a_folded_body(case: dict[str, Any]) -> None:
    assert _found(case, fold(body_of(case))) == case["expect"]


def test_known_phrases_are_the_terms_and_aliases() -> None:
    matcher = GlossaryMatcher(
        [TermPattern("ypg", ("YPG", " People's Protection Units ")), TermPattern("x", ("", "X"))]
    )
    assert matcher.phrases == {"YPG", "People's Protection Units", "X"}
    assert matcher.term_ids == ["ypg", "x"]
