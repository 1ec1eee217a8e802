"""Helpers behind two editor warnings (the build turns them into diagnostics).

* :func:`uncovered_acronyms`: all-capitals words (``SDF``, ``NATO``) that no
  glossary entry explains, so the editor can add one;
* :func:`anonymous_attributions`: sentences that attribute a statement to
  an anonymous source (``... a Turkish Defense Ministry source said``) and
  that no claim grades.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from briefgen.anchor.fold import fold, is_word_char
from briefgen.anchor.glossary import is_case_sensitive
from briefgen.anchor.quotes import Span

# A whole word of two or more letters (no digits: "G7" is not an acronym
# here) none of which is an ASCII lower-case letter.  A word with one is never
# all capitals, and leaving those out in the regular expression spares a
# Python step for nearly every word of a body; ``str.isupper``
# still decides for the words it finds (``Ça``, ``中文`` are not capitals).
_CAPITALS_WORD = re.compile(r"(?<!\w)[^\W\d_a-z]{2,}(?!\w)")

_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|reported|according\s+to|citing|cited)\b", re.IGNORECASE
)
_ANONYMOUS_SOURCE = re.compile(
    r"\b(?:sources?|officials?|(?:person|people)\s+familiar|diplomats?|insiders?)\b",
    re.IGNORECASE,
)
# Every match of each pattern above contains one of these words, whatever
# its case.  Looking for them as plain substrings of the lower-cased body is
# far cheaper than running the patterns, and rules out most bodies.
# re.IGNORECASE also lets four non-ASCII letters stand for ASCII
# ones (a test checks there are no others); they are mapped to those first.
_ATTRIBUTION_WORDS = ("said", "says", "told", "reported", "according", "citing", "cited")
_ANONYMOUS_SOURCE_WORDS = ("source", "official", "person", "people", "diplomat", "insider")
IGNORECASE_ASCII = str.maketrans({"\u017f": "s", "\u0130": "i", "\u0131": "i", "\u212a": "k"})

# A sentence ends at . ! or ? (with closing quotes or brackets) followed by
# white space and a capital, a digit or an opening quote; or at a paragraph
# break.  Common abbreviations before a full stop do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*[ \t\u00a0]+(?=[\"'“‘(\[]?[A-Z0-9])|\s*\n\s*")
_ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "sgt", "adm"),
        *("gov", "sen", "rep", "st", "jr", "sr", "no", "vs", "inc", "ltd", "co", "corp"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    }
)


class KnownPhrases:
    """Glossary phrases folded once for the acronym check (made once per site).

    ``exact`` holds the case-sensitive phrases (written in capitals), and
    ``caseless`` the others, lower-cased: a word is known when it equals one
    of them as the glossary matcher would see it.
    """

    __slots__ = ("caseless", "exact")

    def __init__(self, phrases: Iterable[str] = ()) -> None:
        self.exact: set[str] = set()
        self.caseless: set[str] = set()
        self.add(phrases)

    def add(self, phrases: Iterable[str]) -> None:
        for phrase in phrases:
            folded = fold(phrase).text.strip(" ")
            if is_case_sensitive(folded):
                self.exact.add(folded)
            else:
                self.caseless.add(folded.lower())

    def with_phrases(self, phrases: Iterable[str]) -> KnownPhrases:
        """A copy that also knows ``phrases`` (a briefing's local terms)."""
        extended = KnownPhrases()
        extended.exact = set(self.exact)
        extended.caseless = set(self.caseless)
        extended.add(phrases)
        return extended

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (word in self.exact or word.lower() in self.caseless)


def uncovered_acronyms(
    body: str, covered: Sequence[Span], known_phrases: KnownPhrases | Collection[str]
) -> list[tuple[str, int]]:
    """All-capitals words no glossary entry covers: ``(word, first offset)``.

    A word counts when it has two or more letters, all capitals, and no
    digits.  An occurrence inside a ``covered`` span (a marked term) does
    not count; a word that is itself a known phrase (any term or alias of the
    glossary, matched as the glossary would) never counts.  Pass a
    :class:`KnownPhrases` made once per site: a plain collection of phrases
    is folded on every call.
    """
    known = (
        known_phrases if isinstance(known_phrases, KnownPhrases) else KnownPhrases(known_phrases)
    )
    first: dict[str, int] = {}
    for match in _CAPITALS_WORD.finditer(body):
        word = match.group()
        if word in first or not word.isupper():
            continue
        if word in known:
            continue
        if any(span.start < match.end() and match.start() < span.end for span in covered):
            continue
        first[word] = match.start()
    return sorted(first.items(), key=lambda item: item[1])


def anonymous_attributions(body: str, claims: Sequence[Span]) -> list[Span]:
    """Sentences attributing something to an anonymous source that no claim overlaps.

    A sentence qualifies when it has an attribution verb (said, says, told,
    reported, according to, citing, cited) and an anonymous-source word
    (source(s), official(s), person/people familiar, diplomat(s),
    insider(s)).  Returns the sentence spans, white space trimmed.
    """
    # A body without both kinds of words has no such sentence and need not
    # be cut into sentences at all.
    lowered = body.translate(IGNORECASE_ASCII).lower()
    if not (_mentions(lowered, _ATTRIBUTION_WORDS) and _mentions(lowered, _ANONYMOUS_SOURCE_WORDS)):
        return []
    flagged = []
    for start, end in sentence_spans(body):
        sentence = body[start:end]
        if not (_ATTRIBUTION.search(sentence) and _ANONYMOUS_SOURCE.search(sentence)):
            continue
        if any(claim.start < end and start < claim.end for claim in claims):
            continue
        flagged.append(Span(start, end))
    return flagged


def _mentions(lowered: str, words: Iterable[str]) -> bool:
    return any(word in lowered for word in words)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, without surrounding white space."""
    spans = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        end = boundary.start()  # just after the sentence's . ! or ?
        at_full_stop = "\n" not in boundary.group() and text[end - 1] == "."
        if at_full_stop and _is_abbreviation(_word_before(text, start, end - 1)):
            continue
        spans.append((start, end))
        start = boundary.end()
    spans.append((start, len(text)))
    trimmed = []
    for first, last in spans:
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        if first < last:
            trimmed.append((first, last))
    return trimmed


def _word_before(text: str, start: int, end: int) -> str:
    """The run of word characters that ends at ``end``, not reaching back before ``start``.

    Walks back from the full stop instead of searching the whole sentence
    for its last word, which cost a scan of every sentence.
    """
    word_start = end
    while word_start > start and is_word_char(text[word_start - 1]):
        word_start -= 1
    return text[word_start:end]


def _is_abbreviation(word: str) -> bool:
    """``Mr.``, ``Gen.``; also initials and dotted acronyms (``J.``, ``U.S.``)."""
    return word.lower() in _ABBREVIATIONS or len(word) == 1
