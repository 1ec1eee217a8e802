"""The glossary matcher agrees with a naive, obviously correct reference.

The reference compiles one regular expression per phrase, straight from the
rules (``(?<!\\w)`` phrase ``(?!\\w)``, quote/dash classes, ``\\s+`` for
spaces, IGNORECASE unless in capitals), finds every occurrence of every
phrase on the original text, and resolves overlaps by a quadratic scan.
Hypothesis draws texts and term sets from a small vocabulary so that
matches, overlaps, aliases, case and typography collide often.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.anchor import GlossaryMatcher, Span, TermPattern
from briefgen.anchor.fold import DASHES, DOUBLE_QUOTES, SINGLE_QUOTES

_CHAR_CLASSES = {
    **dict.fromkeys(SINGLE_QUOTES, "[" + re.escape(SINGLE_QUOTES) + "]"),
    **dict.fromkeys(DOUBLE_QUOTES, "[" + re.escape(DOUBLE_QUOTES) + "]"),
    **dict.fromkeys(DASHES + "-", "[" + re.escape(DASHES + "-") + "]"),
}


def _reference_pattern(phrase: str) -> re.Pattern[str] | None:
    phrase = phrase.strip()
    if not phrase:
        return None
    pieces: list[str] = []
    for char in phrase:
        if char.isspace():
            if pieces[-1] != r"\s+":
                pieces.append(r"\s+")
        else:
            pieces.append(_CHAR_CLASSES.get(char, re.escape(char)))
    flags = 0 if phrase.isupper() else re.IGNORECASE
    return re.compile(r"(?<!\w)" + "".join(pieces) + r"(?!\w)", flags)


class ReferenceMatcher:
    def __init__(self, terms: Sequence[TermPattern]) -> None:
        self.patterns = [
            (index, term.id, pattern)
            for index, term in enumerate(terms)
            for pattern in map(_reference_pattern, term.phrases)
            if pattern is not None
        ]

    def first_occurrences(
        self,
        body: str,
        *,
        excluded: Sequence[Span] = (),
        boundaries: Sequence[Span] = (),
        only: Collection[str] | None = None,
        skip: Collection[str] = (),
    ) -> list[tuple[str, int, int]]:
        candidates = []
        for order, term_id, pattern in self.patterns:
            if (only is not None and term_id not in only) or term_id in skip:
                continue
            position = 0
            while (match := pattern.search(body, position)) is not None:
                if "\n\n" not in match.group():
                    candidates.append((match.start(), match.end(), order, term_id))
                position = match.start() + 1
        kept: list[tuple[int, int, int, str]] = []
        for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
            if all(candidate[1] <= other[0] or other[1] <= candidate[0] for other in kept):
                kept.append(candidate)
        first: dict[str, tuple[str, int, int]] = {}
        for start, end, _, term_id in sorted(kept):
            if term_id in first:
                continue
            if any(span.start < end and start < span.end for span in excluded):
                continue
            if any(
                span.start < end
                and start < span.end
                and not (span.start <= start and end <= span.end)
                and not (start <= span.start and span.end <= end)
                for span in boundaries
            ):
                continue
            first[term_id] = (term_id, start, end)
        return sorted(first.values(), key=lambda m: (m[1], m[2], m[0]))


WORDS = [
    "ypg",
    "YPG",
    "Ypg",
    "sdf",
    "SDF",
    "us",
    "US",
    "al",
    "Sharaa",
    "sharaa",
    "Syria",
    "Syrian",
    "army",
    "Army",
    "new",
    "x_y",
    "é",
    "É",
    "s",
    "1",
    "Kurd",
    "led",
    "People",
    "U.S.",
]
GLUE = [" ", "  ", "\n", "\n\n", "-", "‑", "—", "'", "’", "\u00a0", ", ", ". ", "(", ")", "“", '"']

parts_lists = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=40)
texts = parts_lists.map(lambda parts: "".join(word + glue for word, glue in parts))
vocabulary_phrases = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", "-", "’", "'", "\u00a0", "—"])),
    min_size=1,
    max_size=3,
).map(lambda parts: "".join(word + glue for word, glue in parts)[:-1])


@st.composite
def phrase_from_text(draw: st.DrawFn, parts: list[tuple[str, str]]) -> str:
    """A run of the text's own words (so that it occurs), its case and glue maybe changed."""
    if not parts:
        return draw(vocabulary_phrases)
    first = draw(st.integers(0, len(parts) - 1))
    last = draw(st.integers(first, min(first + 3, len(parts) - 1)))
    pieces = []
    for index in range(first, last + 1):
        word, glue = parts[index]
        word = draw(st.sampled_from([word, word.upper(), word.lower(), word.capitalize()]))
        pieces.append(word)
        if index < last:
            pieces.append(draw(st.sampled_from([glue, glue.replace("’", "'"), " "])))
    if draw(st.booleans()):  # end on the text's punctuation, or start on the one before
        pieces.append(parts[last][1].strip())
    elif first > 0 and draw(st.booleans()):
        pieces.insert(0, parts[first - 1][1].strip())
    return "".join(pieces)


@st.composite
def term_sets(draw: st.DrawFn, parts: list[tuple[str, str]]) -> list[TermPattern]:
    phrase = vocabulary_phrases | phrase_from_text(parts) | phrase_from_text(parts)
    groups = draw(st.lists(st.lists(phrase, min_size=1, max_size=3), min_size=1, max_size=8))
    return [TermPattern(f"t{i}", tuple(group)) for i, group in enumerate(groups)]


@st.composite
def spans_in(draw: st.DrawFn, text: str) -> list[Span]:
    bounds = st.integers(0, len(text))
    pairs = draw(st.lists(st.tuples(bounds, bounds), max_size=3))
    return [Span(min(a, b), max(a, b)) for a, b in pairs]


Case = tuple[str, list[TermPattern], list[Span], list[Span], set[str] | None, set[str]]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    parts = draw(parts_lists)
    text = "".join(word + glue for word, glue in parts)
    terms = draw(term_sets(parts))
    ids = [term.id for term in terms]
    only = draw(st.none() | st.sets(st.sampled_from(ids)))
    skip = draw(st.sets(st.sampled_from(ids), max_size=2))
    return text, terms, draw(spans_in(text)), draw(spans_in(text)), only, skip


def _fast(
    matcher: GlossaryMatcher,
    text: str,
    excluded: Sequence[Span] = (),
    boundaries: Sequence[Span] = (),
    only: Collection[str] | None = None,
    skip: Collection[str] = (),
) -> list[tuple[str, int, int]]:
    matches = matcher.first_occurrences(
        text, excluded=excluded, boundaries=boundaries, only=only, skip=skip
    )
    return [(m.id, m.span.start, m.span.end) for m in matches]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_matcher_agrees_with_reference(case: Case) -> None:
    text, terms, excluded, boundaries, only, skip = case
    expected = ReferenceMatcher(terms).first_occurrences(
        text, excluded=excluded, boundaries=boundaries, only=only, skip=skip
    )
    assert _fast(GlossaryMatcher(terms), text, excluded, boundaries, only, skip) == expected


def _two_thousand_terms() -> list[TermPattern]:
    """Phrases made from the vocabulary (so they occur) plus made-up names."""
    rng = random.Random(7)
    terms = []
    for number in range(2000):
        count = rng.randint(1, 3)
        if number % 2:
            parts = [rng.choice(WORDS) for _ in range(count)]
        else:
            parts = [
                "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))
                for _ in range(count)
            ]
        glue = rng.choice([" ", "-", "’"])
        aliases = (glue.join(parts), " ".join(parts).upper())
        terms.append(TermPattern(f"term-{number}", aliases))
    return terms


TWO_THOUSAND = _two_thousand_terms()
BIG_MATCHER = GlossaryMatcher(TWO_THOUSAND)
BIG_REFERENCE = ReferenceMatcher(TWO_THOUSAND)


@settings(max_examples=60, deadline=None)
@given(texts)
def test_two_thousand_term_matcher_agrees_with_reference(text: str) -> None:
    assert _fast(BIG_MATCHER, text) == BIG_REFERENCE.first_occurrences(text)


def test_two_thousand_term_matcher_finds_something() -> None:
    """Guard against a vacuous property: the big glossary does match the vocabulary."""
    text = "the YPG and new Syrian army of al-Sharaa in Syria"
    found = _fast(BIG_MATCHER, text)
    assert found == BIG_REFERENCE.first_occurrences(text)
    assert len(found) >= 3
