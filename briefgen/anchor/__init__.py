"""Anchoring: quotes and glossary terms to spans of the article body text.

Pure functions over ``Article.body_text`` (no file I/O): :func:`fold` the
body once, then :func:`anchor_quote` each claim and note, find
:func:`partial_overlaps`, and mark glossary terms with one
:class:`GlossaryMatcher` built for the whole site.  :mod:`.warnings` has the
helpers behind the editor warnings.
"""

from __future__ import annotations

from briefgen.anchor.fold import FoldedText, fold
from briefgen.anchor.glossary import GlossaryMatcher, TermMatch, TermPattern
from briefgen.anchor.quotes import (
    BAD_OCCURRENCE,
    QUOTE_AMBIGUOUS,
    QUOTE_NOT_FOUND,
    QuoteProblem,
    Span,
    anchor_quote,
    partial_overlaps,
)
from briefgen.anchor.warnings import KnownPhrases, anonymous_attributions, uncovered_acronyms

__all__ = [
    "BAD_OCCURRENCE",
    "QUOTE_AMBIGUOUS",
    "QUOTE_NOT_FOUND",
    "FoldedText",
    "GlossaryMatcher",
    "KnownPhrases",
    "QuoteProblem",
    "Span",
    "TermMatch",
    "TermPattern",
    "anchor_quote",
    "anonymous_attributions",
    "fold",
    "partial_overlaps",
    "uncovered_acronyms",
]
