"""The values that flow between the stages of the build.

:mod:`briefgen.model.article` is what ingest makes of an article file;
:mod:`briefgen.model.briefing` is a briefing after the check step (its ids
resolved, its quotes anchored, its terms marked) and the site made of them;
:mod:`briefgen.model.claims` follows claims over time (outcomes, stories,
track records).
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
    tag_slug,
)
from briefgen.model.claims import (
    OUTCOMES,
    ClaimRef,
    FollowUp,
    Ledger,
    Settlement,
)
from briefgen.model.dates import sortable_date

__all__ = [
    "BLOCK_SEPARATOR",
    "OUTCOMES",
    "Article",
    "Block",
    "BlockKind",
    "Briefing",
    "Claim",
    "ClaimRef",
    "FollowUp",
    "InlineMark",
    "Ledger",
    "MarkKind",
    "Note",
    "RelatedLink",
    "Settlement",
    "Site",
    "Source",
    "Span",
    "Term",
    "TermMatch",
    "sortable_date",
    "tag_slug",
]
