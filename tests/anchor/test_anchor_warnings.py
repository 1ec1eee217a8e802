"""Warning helpers, driven by fixtures/warnings.yaml."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path
from typing import Any

import pytest
from anchor_cases import FIXTURES, body_of, span_of
from ruamel.yaml import YAML

from briefgen.anchor import anonymous_attributions, uncovered_acronyms
from briefgen.anchor.warnings import IGNORECASE_ASCII


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


def test_ignorecase_ascii_maps_every_letter_re_matches_to_an_ascii_one() -> None:
    # anonymous_attributions looks for plain lower-case words before running
    # its case-insensitive patterns; that is only sound if every character
    # re.IGNORECASE matches to an ASCII letter becomes that letter.
    everything = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if code < 0xD800 or code > 0xDFFF
    )
    letters = re.findall("[a-z]", everything, re.IGNORECASE)
    assert len(letters) == 56  # A-Z, a-z and the four the table maps
    for char in letters:
        ascii_letter = char.translate(IGNORECASE_ASCII).lower()
        assert ascii_letter in string.ascii_lowercase, repr(char)
        assert re.fullmatch(ascii_letter, char, re.IGNORECASE), repr(char)
