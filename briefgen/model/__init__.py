"""The values that flow between the stages of the build.

:mod:`briefgen.model.article` is what ingest makes of an article file;
:mod:`briefgen.model.briefing` is a briefing after the check step (its ids
resolved, its quotes anchored, its terms marked) and the site made of them.
Render, publish and every export read these types and nothing else of the
stages before them.  This package imports nothing of Pelican, pydantic or the
YAML loader, so any tool can use it.
"""

from __future__ import annotations

from briefgen.model.article import (
    BLOCK_SEPARATOR,
    Article,
    Block,
    BlockKind,
    InlineMark,
    MarkKind,
    Span,
)
from briefgen.model.briefing import (
    Briefing,
    Claim,
    Note,
    RelatedLink,
    Site,
    Source,
    Term,
    TermMatch,
    sortable_date,
    tag_slug,
)

__all__ = [
    "BLOCK_SEPARATOR",
    "Article",
    "Block",
    "BlockKind",
    "Briefing",
    "Claim",
    "InlineMark",
    "MarkKind",
    "Note",
    "RelatedLink",
    "Site",
    "Source",
    "Span",
    "Term",
    "TermMatch",
    "sortable_date",
    "tag_slug",
]
