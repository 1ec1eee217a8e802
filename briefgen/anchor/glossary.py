"""Marking glossary terms: the first occurrence of each term in a body.

Matching rules (format page, "Shared glossary"):

* whole words: no word character on either side (``-`` is not one, so
  ``YPG`` matches in ``YPG-led`` and ``al-Sharaa`` is matched whole);
* a phrase written in capitals (``YPG``, ``US``, ``U.S.``) matches
  case-sensitively, any other phrase case-insensitively;
* typographic and straight quotes, apostrophes and dashes are equal, and
  white space in a phrase matches any run of white space (see
  :mod:`briefgen.anchor.fold`); a match never spans a paragraph break;
* where matches overlap, the longest wins (the longer text; between equal
  lengths, the first in the text).  This is decided on the text, among the
  terms allowed in the briefing (``only``/``skip``), before links and
  claims are looked at: the words ``Syrian Democratic Forces`` are a mention
  of the SDF even inside a link, and never a mention of ``Democratic Forces``;
* each term is returned once, at its first occurrence that lies outside
  every ``excluded`` span (links) and does not cross the edge of a
  ``boundaries`` span (claims, notes: a term wholly inside one, or wholly
  containing one, is fine).

Speed: one :class:`GlossaryMatcher` serves the whole build.  Phrases are
indexed by their first token (a word, or one punctuation character), so a
body is scanned once, with one dictionary look-up per token, and only the
phrases whose first word is actually in the text are compared.  The cost
hardly depends on the size of the glossary.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from briefgen.anchor.fold import FoldedText, fold, lower_same_length
from briefgen.anchor.quotes import Span
from briefgen.model import BLOCK_SEPARATOR

# A token is a run of word characters or one other visible character; the
# first token of a phrase must be exactly a token of the text for a whole-word
# match, which is what makes the first-token index exact.
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class TermPattern:
    """A glossary term to look for: its id and its phrases (term, aliases)."""

    id: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class TermMatch:
    """Where a term first occurs: its id, the span and the matched body text."""

    id: str
    span: Span
    text: str


@dataclass(frozen=True)
class _Phrase:
    text: str  # folded; lower-cased unless case-sensitive
    term: int  # index of the term in the matcher
    case_sensitive: bool


def is_case_sensitive(phrase: str) -> bool:
    """A phrase written in capitals (all its cased letters upper) is case-sensitive."""
    return phrase.isupper()


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # exactly what ``\w`` matches in a str pattern


class GlossaryMatcher:
    """Finds the first occurrence of each term in article bodies.

    Build it once per build from every term (shared and local), and use it
    for every briefing; ``only``/``skip`` select the terms of one briefing.
    """

    def __init__(self, terms: Sequence[TermPattern]) -> None:
        self._ids = [term.id for term in terms]
        self._by_first_token: dict[str, list[_Phrase]] = {}
        self.phrases: frozenset[str] = frozenset(
            phrase.strip() for term in terms for phrase in term.phrases if phrase.strip()
        )
        seen: set[_Phrase] = set()
        for index, term in enumerate(terms):
            for phrase in term.phrases:
                folded = fold(phrase).text.strip(" ")
                if not folded:
                    continue
                case_sensitive = is_case_sensitive(folded)
                entry = _Phrase(
                    folded if case_sensitive else lower_same_length(folded), index, case_sensitive
                )
                if entry in seen:
                    continue
                seen.add(entry)
                first_token = _TOKEN.match(lower_same_length(folded))
                assert first_token is not None  # folded is stripped and not empty
                self._by_first_token.setdefault(first_token.group(), []).append(entry)

    @property
    def term_ids(self) -> list[str]:
        return list(self._ids)

    def first_occurrences(
        self,
        body: str | FoldedText,
        *,
        excluded: Sequence[Span] = (),
        boundaries: Sequence[Span] = (),
        only: Collection[str] | None = None,
        skip: Collection[str] = (),
    ) -> list[TermMatch]:
        """The first allowed occurrence of each term, sorted by position.

        ``body`` is the body text, or its :func:`fold` when the caller has one.
        """
        folded = body if isinstance(body, FoldedText) else fold(body)
        allowed = [
            (only is None or term_id in only) and term_id not in skip for term_id in self._ids
        ]
        matches = _longest_first(self._all_matches(folded, allowed))
        found: dict[int, tuple[int, int]] = {}
        for start, end, term in sorted(matches):
            if term in found or _overlaps_any(start, end, excluded):
                continue
            if _crosses_any(start, end, boundaries):
                continue
            found[term] = (start, end)
        return sorted(
            (
                TermMatch(self._ids[term], Span(start, end), folded.original[start:end])
                for term, (start, end) in found.items()
            ),
            key=lambda match: (match.span, match.id),
        )

    def _all_matches(self, folded: FoldedText, allowed: list[bool]) -> list[tuple[int, int, int]]:
        """Every occurrence of every allowed term: ``(start, end, term)``, original offsets."""
        text, lowered, original = folded.text, folded.lowered, folded.original
        index = self._by_first_token
        matches = []
        for token in _TOKEN.finditer(lowered):
            entries = index.get(token.group())
            if entries is None:
                continue
            start = token.start()
            if start > 0 and _is_word_char(text[start - 1]):
                continue  # a punctuation token glued to a word: not a word start
            for entry in entries:
                if not allowed[entry.term]:
                    continue
                end = start + len(entry.text)
                haystack = text if entry.case_sensitive else lowered
                if not haystack.startswith(entry.text, start):
                    continue
                if end < len(text) and _is_word_char(text[end]):
                    continue
                original_start, original_end = folded.to_original(start, end)
                if BLOCK_SEPARATOR in original[original_start:original_end]:
                    continue
                matches.append((original_start, original_end, entry.term))
        return matches


def _longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Resolve overlaps: longest first, then first in the text, then first term.

    Kept matches never overlap, so their starts and ends are in the same
    order and one bisection finds the neighbours of a new match.
    """
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    kept = []
    for start, end, term in sorted(matches, key=lambda m: (m[0] - m[1], m[0], m[2])):
        position = bisect_right(kept_starts, start)
        if position > 0 and kept_ends[position - 1] > start:
            continue
        if position < len(kept_starts) and kept_starts[position] < end:
            continue
        kept_starts.insert(position, start)
        insort(kept_ends, end)
        kept.append((start, end, term))
    return kept


def _overlaps_any(start: int, end: int, spans: Sequence[Span]) -> bool:
    return any(span.start < end and start < span.end for span in spans)


def _crosses_any(start: int, end: int, spans: Sequence[Span]) -> bool:
    """True when ``[start, end)`` partly overlaps a span (nesting either way is fine)."""
    for span in spans:
        overlap = span.start < end and start < span.end
        nested = (span.start <= start and end <= span.end) or (
            start <= span.start and span.end <= end
        )
        if overlap and not nested:
            return True
    return False
