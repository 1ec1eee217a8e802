"""Re-anchoring against a simple reference: edits whose effect on the quote is known.

The text is made of distinct words, so where each word went is known
without any diffing: insertions, deletions and replacements are made
around the quote (never inside it), and the reference passage is simply
where the quote's words now stand.  With the old text at hand the quote
must be found exactly there; with one of its own words changed too it may
be orphaned, but never put anywhere else.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.anchor import Span, fold
from briefgen.anchor.relocate import BodyDiff, OldAnchor, Reanchored, Unchanged, relocate

VOCABULARY = [f"{stem}{n}" for n in range(60) for stem in ("vara", "lomi", "keto", "suna")]
SEPARATORS = (" ", " ", " ", ", ", ". ", "\n\n")


@st.composite
def edited_texts(draw: st.DrawFn) -> tuple[str, Span, str, Span, bool]:
    """(old text, quote span, new text, reference span, whether the quote itself changed)."""
    count = draw(st.integers(8, 50))
    words = draw(st.permutations(VOCABULARY))[:count]
    length = draw(st.integers(3, min(8, count)))
    first = draw(st.integers(0, count - length))
    quote_words = set(range(first, first + length))
    # (word, index in the old text or None for a new word)
    items: list[tuple[str, int | None]] = [(word, i) for i, word in enumerate(words)]
    fresh = (f"nova{n}" for n in range(1000))
    for position, kind in draw(
        st.lists(
            st.tuples(st.integers(0, 60), st.sampled_from(["insert", "delete", "replace"])),
            max_size=8,
        )
    ):
        position %= len(items) + 1
        inside = position < len(items) and items[position][1] in quote_words
        between = (
            0 < position < len(items)
            and items[position - 1][1] in quote_words
            and items[position][1] in quote_words
        )
        if kind == "insert" and not between:
            items.insert(position, (next(fresh), None))
        elif kind in ("delete", "replace") and position < len(items) and not inside:
            if kind == "delete":
                del items[position]
            else:
                items[position] = (next(fresh), None)
    changed = length >= 5 and draw(st.booleans())
    if changed:
        middle = next(i for i, item in enumerate(items) if item[1] == first + length // 2)
        items[middle] = (next(fresh) + "a", first + length // 2)
    separators = draw(
        st.lists(st.sampled_from(SEPARATORS), min_size=count + 80, max_size=count + 80)
    )
    old, old_span = _join([(w, i) for i, w in enumerate(words)], separators, quote_words)
    new, new_span = _join(items, separators, quote_words)
    return old, old_span, new, new_span, changed


def _join(
    items: list[tuple[str, int | None]], separators: list[str], quote: set[int]
) -> tuple[str, Span]:
    """The words joined (a separator keyed by the word before it), and the quote's span."""
    parts, start, end = [], -1, -1
    offset = 0
    for position, (word, origin) in enumerate(items):
        if position:
            previous = items[position - 1][1]
            # Inside the quote, words are joined as they were (a space).
            gap = " " if previous in quote and origin in quote else separators[position]
            parts.append(gap)
            offset += len(gap)
        if origin in quote and start < 0:
            start = offset
        parts.append(word)
        offset += len(word)
        if origin in quote:
            end = offset
    return "".join(parts), Span(start, end)


@settings(max_examples=150, deadline=None)
@given(edited_texts())
def test_the_quote_is_found_where_its_words_went_or_nowhere(
    case: tuple[str, Span, str, Span, bool],
) -> None:
    old, old_span, new, expected, changed = case
    quote = old[old_span.start : old_span.end]
    folded_new = fold(new)
    outcome = relocate(OldAnchor(quote), folded_new, BodyDiff(fold(old), folded_new), old_span)
    if isinstance(outcome, Unchanged | Reanchored):
        assert outcome.span == expected, (quote, new[outcome.span.start : outcome.span.end])
    else:
        assert changed, f"{quote!r} not found in {new!r}: {outcome}"
