"""escape_text: its shortcut for plain text gives what every escaping step gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.render.escape import escape_every_step, escape_text

# Characters each escaping step cares about, plus ordinary ones and odd white space.
ALPHABET = list("ab xZ1.)#>+-=:~`\\*_[]<>&|!{}$\n\t\u00a0\u0663\u2028é")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reuters", "Reuters"),
        ("Kurdish-led SDF", "Kurdish-led SDF"),
        ("  two  spaces\n", "two spaces"),
        ("1. not a list", "1\\. not a list"),
        ("\u0663) not a list", "\u0663\\) not a list"),
        ("# not a heading", "\\# not a heading"),
        ("- not a bullet", "\\- not a bullet"),
        ("a *b* [c]", "a \\*b\\* \\[c\\]"),
        ("", ""),
    ],
)
def test_escape_text_examples(text: str, expected: str) -> None:
    assert escape_text(text) == expected


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=12))
def test_shortcut_equals_every_step(text: str) -> None:
    assert escape_text(text) == escape_every_step(text)
