"""The closest passage offered for a quote that is not found: only a passage like it."""

from __future__ import annotations

import pytest

from briefgen.anchor.closest import closest_passage, is_like
from briefgen.anchor.fold import fold

BODY = (
    "Turkey plays down talk of a defence pact.\n\n"
    "A strike near the border killed 15 people on Monday, the military said.\n\n"
    "Rescue work went on through the night."
)


def _closest(quote: str) -> str | None:
    found = closest_passage(fold(BODY), fold(quote).text)
    return None if found is None else BODY[found[0] : found[1]]


@pytest.mark.parametrize(
    ("quote", "passage"),
    [
        # A number changed, a word replaced, a misspelling: the passage is offered.
        ("killed 12 people on Monday", "killed 15 people on Monday"),
        ("the army said", "the military said"),
        ("Rescue work went on throughout the night", "Rescue work went on through the night"),
        ("talk of a defense pact", "talk of a defence pact"),
    ],
)
def test_a_passage_like_the_quote_is_offered(quote: str, passage: str) -> None:
    assert _closest(quote) == passage


@pytest.mark.parametrize(
    "quote",
    [
        "it is too early to talk about a pact",  # shares "talk" and "a"
        "nowhere in the text",  # shares "the"
        "the talks in Geneva were postponed",
        "xyzzy plugh",  # shares nothing
    ],
)
def test_a_few_shared_words_are_no_closest_passage(quote: str) -> None:
    assert _closest(quote) is None


def test_a_passage_is_like_a_quote_by_its_meaningful_words_or_its_spelling() -> None:
    # Most meaningful words held (a number changed, a spelling variant): like.
    assert is_like("the army said 12 people died", "the military said 15 people died")
    assert is_like("a joint defense pact", "a joint defence pact")
    # "the", "in", "a" carry nothing: sharing them is not being like.
    assert not is_like("nowhere in the text", "ankara said the talks")
    assert not is_like("it is too early to talk about a pact", "turkey plays down talk of a")
    # A misspelt quote is like its passage letter for letter.
    assert is_like("erdgoan", "erdogan")
    assert not is_like("erdgoan", "ankara")
    # Long quotes are judged by their words alone.
    long_quote = " ".join(f"word{i}" for i in range(300))
    assert is_like(long_quote, long_quote)
    assert not is_like(long_quote, "word1 word2")
