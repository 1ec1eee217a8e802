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

Speed: one :class:`GlossaryMatcher` serves the whole build.  Its phrases
are cut into tokens (a run of word characters, or one other visible
character) and stored in a trie of tokens.  A body is tokenised once, by one
``findall`` into strings; one dictionary look-up per token, made in C, picks
the tokens that can start a phrase at all, and Python looks only at those,
walking the trie on only while the following tokens continue some phrase.
The cost hardly depends on the size of the glossary (see
``tests/anchor/measure_glossary.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections.abc import Callable, Collection, Sequence, Set
from dataclasses import dataclass
from itertools import accumulate, compress

from briefgen.anchor.fold import FoldedText, fold, is_word_char, lower_same_length
from briefgen.model import BLOCK_SEPARATOR, Span, TermMatch

# A token is a run of word characters or one other visible character.  A
# whole-word match starts and ends on token edges, so a phrase matches exactly
# when its tokens are the text's tokens with the same gaps: in folded text a
# gap is nothing or one space, and the trie key of a token after a gap
# starts with that space.
_TOKEN = re.compile(r"\w+|[^\w\s]")
# The same tokens with their gap in front (the trie keys).  Folded text has no
# other white space than single spaces (and lower-casing neither adds nor
# removes any), so these pieces follow each other without a hole and their
# lengths add up to their offsets.
_GAPPED_TOKEN = re.compile(r" ?(?:\w+|[^\w\s])")


@dataclass(frozen=True)
class TermPattern:
    """A glossary term to look for: its id and its phrases (term, aliases)."""

    id: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class _Phrase:
    text: str  # folded; lower-cased unless case-sensitive
    term: int  # index of the term in the matcher
    case_sensitive: bool


class _TrieNode:
    """Phrases ending after this token sequence, and the tokens that continue it."""

    __slots__ = ("caseless", "children", "ends", "exact_first_tokens")

    def __init__(self) -> None:
        self.children: dict[str, _TrieNode] = {}
        self.ends: list[_Phrase] = []
        # For first tokens only: whether a case-insensitive phrase starts
        # here, and the exact spellings of the case-sensitive ones, so that
        # "in" in the text is dismissed at once when only "IN" is a term.
        self.caseless = False
        self.exact_first_tokens: set[str] = set()


def _token_keys(lowered_phrase: str) -> list[str]:
    keys: list[str] = []
    previous_end = 0
    for token in _TOKEN.finditer(lowered_phrase):
        gap = " " if keys and token.start() > previous_end else ""
        keys.append(gap + token.group())
        previous_end = token.end()
    return keys


def is_case_sensitive(phrase: str) -> bool:
    """A phrase written in capitals (all its cased letters upper) is case-sensitive."""
    return phrase.isupper()


class GlossaryMatcher:
    """Finds the first occurrence of each term in article bodies.

    Build it once per build from every term (shared and local), and use it
    for every briefing; ``only``/``skip`` select the terms of one briefing.
    """

    def __init__(self, terms: Sequence[TermPattern]) -> None:
        self._ids = [term.id for term in terms]
        self._trie = _TrieNode()
        # The root's children under both spellings a body piece may have:
        # the first token as it is, and after a gap.
        self._starts: dict[str, _TrieNode] = {}
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
                keys = _token_keys(lower_same_length(folded))
                first = node = self._trie.children.setdefault(keys[0], _TrieNode())
                for key in keys[1:]:
                    node = node.children.setdefault(key, _TrieNode())
                node.ends.append(entry)
                if case_sensitive:
                    first.exact_first_tokens.add(folded[: len(keys[0])])
                else:
                    first.caseless = True
                self._starts[keys[0]] = self._starts[" " + keys[0]] = first

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
        # Membership is tested only for terms found in the text, so that the
        # cost does not grow with the glossary; sets make each test cheap.
        only_ids = None if only is None else _as_set(only)
        skip_ids = _as_set(skip)
        ids = self._ids
        allowed: dict[int, bool] = {}

        def is_allowed(term: int) -> bool:
            if term not in allowed:
                term_id = ids[term]
                allowed[term] = (
                    only_ids is None or term_id in only_ids
                ) and term_id not in skip_ids
            return allowed[term]

        matches = _longest_first(self._all_matches(folded, is_allowed))
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

    def _all_matches(
        self, folded: FoldedText, is_allowed: Callable[[int], bool]
    ) -> list[tuple[int, int, int]]:
        """Every occurrence of every allowed term: ``(start, end, term)``, original offsets."""
        text, lowered, original = folded.text, folded.lowered, folded.original
        starts = self._starts
        pieces = _GAPPED_TOKEN.findall(lowered)
        # The pieces that may start a phrase, picked in C by ``compress``:
        # a body has a few dozen, and Python visits only those.
        candidates = list(compress(range(len(pieces)), map(starts.__contains__, pieces)))
        if not candidates:
            return []
        ends = list(accumulate(map(len, pieces)))  # the end offset of each piece
        matches = []
        for index in candidates:
            piece = pieces[index]
            node = starts[piece]
            glued = piece[0] != " "  # no gap before it
            start = ends[index] - len(piece) + (not glued)
            if not node.caseless and text[start : ends[index]] not in node.exact_first_tokens:
                continue
            if glued and start > 0 and is_word_char(text[start - 1]):
                continue  # a punctuation token glued to a word: not a word start
            following = index + 1
            while True:
                end = ends[following - 1]
                for entry in node.ends:
                    if not is_allowed(entry.term):
                        continue
                    if entry.case_sensitive and text[start:end] != entry.text:
                        continue
                    if end < len(text) and is_word_char(text[end]):
                        continue  # the phrase ends in punctuation glued to a word
                    original_start, original_end = folded.to_original(start, end)
                    if BLOCK_SEPARATOR in original[original_start:original_end]:
                        continue
                    matches.append((original_start, original_end, entry.term))
                if not node.children or following == len(pieces):
                    break
                child = node.children.get(pieces[following])
                if child is None:
                    break
                node, following = child, following + 1
        return matches


def _as_set(ids: Collection[str]) -> Set[str]:
    return ids if isinstance(ids, Set) else frozenset(ids)


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
