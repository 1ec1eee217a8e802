"""A briefing after the check step, and the site made of them.

Each type is one concept as the pages show it: a :class:`Term` or a
:class:`Source` as one briefing uses it (shared, overridden in the sidecar or
local to it), a :class:`Claim` or :class:`Note` anchored to a :class:`Span` of
the article body, and the :class:`Briefing` that holds them.  The sidecar's
own classes (:mod:`briefgen.sidecar.schema`) are what the editor wrote; these
are what it resolved to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.admiralty import CREDIBILITY_WORDS, RELIABILITY_WORDS
from briefgen.diagnostics import Location
from briefgen.model.article import Article, Span
from briefgen.model.claims import FollowUp, Ledger


@dataclass(frozen=True)
class Term:
    """A glossary term as one briefing uses it (shared, overridden or local)."""

    id: str
    term: str
    definition: str  # inline Markdown
    expansion: str | None = None
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    category: str | None = None
    shared: bool = True  # has a page of its own under glossary/

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class TermMatch:
    """Where a term first occurs in a body: its id, the span and the matched text."""

    id: str
    span: Span
    text: str


@dataclass(frozen=True)
class Source:
    """A source as one briefing cites it (shared, overridden or local)."""

    id: str
    name: str
    kind: str
    reliability: str
    rationale: str | None = None  # inline Markdown (shared register)
    note: str | None = None  # inline Markdown (this briefing)
    url: str | None = None
    shared: bool = True  # has a page of its own under sources/

    @property
    def anonymous(self) -> bool:
        return self.kind.startswith("anonymous")

    @property
    def reliability_words(self) -> str:
        return RELIABILITY_WORDS[self.reliability]


@dataclass(frozen=True)
class Claim:
    number: int  # 1, 2... in reading order of the article
    span: Span
    quote: str  # the passage as the article has it
    source: Source
    credibility: int
    note: str | None
    id: str | None = None  # the editor's id, which later briefings' follow-ups name
    id_location: Location | None = None  # where the sidecar gives that id

    @property
    def key(self) -> str:
        """Its id among the briefing's annotations: "c1", "c2"..."""
        return f"c{self.number}"

    @property
    def credibility_words(self) -> str:
        return CREDIBILITY_WORDS[self.credibility]


@dataclass(frozen=True)
class Note:
    number: int  # 1, 2... in reading order of the article
    span: Span
    quote: str
    text: str

    @property
    def key(self) -> str:
        """Its id among the briefing's annotations: "n1", "n2"..."""
        return f"n{self.number}"


@dataclass(frozen=True)
class RelatedLink:
    slug: str
    reason: str  # "listed", "links here" or "shares terms"
    note: str | None = None
    location: Location | None = None  # where the sidecar lists it


@dataclass
class Briefing:
    """One article with its sidecar, checked and anchored."""

    slug: str
    article: Article
    sidecar_path: Path
    title: str
    date: dt.date | dt.datetime
    outlet: Source
    summary: str
    url: str | None
    byline: str | None
    tags: list[str]
    sources: list[Source]
    claims: list[Claim]
    notes: list[Note]
    terms: list[tuple[Term, TermMatch]]
    listed_related: list[RelatedLink]
    related: list[RelatedLink] = field(default_factory=list)
    # The article's language (standard BCP 47 tag); None: the site's DEFAULT_LANG.
    language: str | None = None
    draft: bool = False  # status: draft, published only under drafts/<slug>/
    # Claims of earlier briefings this one settles, in reading order.
    follows: list[FollowUp] = field(default_factory=list)

    @property
    def term_ids(self) -> list[str]:
        return [term.id for term, _ in self.terms]

    @property
    def article_path(self) -> Path:
        """Its article's file (known without reading the article back from the build record)."""
        return self.article.path


@dataclass
class Site:
    """Everything the render step needs, newest briefing first.

    ``briefings`` are the published ones: everything that lists briefings
    (index, feeds, tags, glossary and source pages, related lists, sitemap,
    search) reads them only.  ``drafts`` get a page of their own under
    ``drafts/<slug>/`` and appear nowhere else.
    """

    briefings: list[Briefing]
    glossary: dict[str, Term]
    sources: dict[str, Source]
    # The site's language (DEFAULT_LANG, a standard BCP 47 tag): a briefing
    # without a language of its own is in it.
    language: str = "en"
    drafts: list[Briefing] = field(default_factory=list)
    # Outcomes of claims and stories, from the published briefings' follow-ups.
    ledger: Ledger = field(default_factory=Ledger)

    def by_slug(self) -> dict[str, Briefing]:
        return {b.slug: b for b in self.briefings}

    @property
    def pages(self) -> list[Briefing]:
        """Every briefing that gets a page: the published ones, then the drafts."""
        return self.briefings + self.drafts


def tag_slug(tag: str) -> str:
    """The URL form of a tag: lower case, runs of other characters as '-'."""
    return re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")
