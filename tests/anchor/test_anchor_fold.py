"""Folding and the offset map back to the original, driven by fixtures/fold.yaml."""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest
from anchor_cases import cases
from hypothesis import given
from hypothesis import strategies as st

from briefgen.anchor import fold
from briefgen.anchor.fold import WHITE_SPACE, lower_same_length


@pytest.mark.parametrize("case", cases("fold.yaml"))
def test_fold(case: dict[str, Any]) -> None:
    folded = fold(case["text"])
    assert folded.text == case["folded"]
    for (start, end), original in case["spans"]:
        original_start, original_end = folded.to_original(start, end)
        assert case["text"][original_start:original_end] == original


def test_white_space_is_everything_str_isspace_accepts() -> None:
    every_space = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(WHITE_SPACE) == every_space
    assert all(re.fullmatch(r"\s", char) for char in every_space)


def test_paragraphs_are_counted_from_blank_line_separators() -> None:
    folded = fold("one\n\ntwo two\n\nthree")
    assert [folded.paragraph_of(offset) for offset in (0, 3, 5, 13, 14)] == [1, 1, 2, 2, 3]
    assert folded.paragraph_bounds(7) == (5, 12)
    assert folded.paragraph_bounds(15) == (14, 19)


def test_lower_same_length_keeps_offsets() -> None:
    assert lower_same_length("İSTANBUL ΟΔΟΣ") == "istanbul οδοσ"
    assert fold("Ab\u00a0\u00a0CD").lowered == "ab cd"


@given(st.lists(st.sampled_from(["a", "b.", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "İ", " \n "])))
def test_to_folded_is_the_first_folded_character_at_or_after_an_original_offset(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    folded = fold(text)
    originals = [folded.offset_to_original(f) for f in range(len(folded.text) + 1)]
    for offset in range(len(text) + 2):
        expected = next((f for f, o in enumerate(originals) if o >= offset), len(originals))
        assert folded.to_folded(offset) == expected, (text, offset)
