"""Briefing values for the render-side fixtures, from a short YAML description.

A case describes an article (briefgen's Markdown article format, read by the
real ingest step) and what the sidecar would add, already resolved::

    article: |
      Headline

      Officials said the *YPG* would act.
    claims:                 # numbered 1, 2... in the order given
      - {quote: said the YPG would act, source: wire, credibility: 2, note: Single source.}
    notes:
      - {quote: would act, text: A *note*.}
    terms:                  # first use: the first occurrence of ``quote``
      - {id: ypg, quote: YPG, term: YPG, definition: Kurdish militia., shared: false}

A quote is found with ``str.find`` in the body text (``occurrence: 2`` for a
later one), so every span is where a reader of the fixture expects it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from briefgen.diagnostics import DiagnosticList
from briefgen.ingest import read_article
from briefgen.model import Briefing, Claim, Note, Site, Source, Span, Term, TermMatch

SOURCES = {
    "wire": Source("wire", "The Wire", "outlet", "B", rationale="Wire agency."),
    "official": Source("official", "Unnamed official", "anonymous-official", "C", shared=False),
}


def _span(body: str, item: dict[str, Any]) -> Span:
    start = -1
    for _ in range(int(item.get("occurrence", 1))):
        start = body.find(item["quote"], start + 1)
        assert start >= 0, f"quote not in the article: {item['quote']!r}"
    return Span(start, start + len(item["quote"]))


def briefing_of(case: str, folder: Path) -> Briefing:
    """The resolved briefing a case describes (its article read from ``folder``)."""
    data = yaml.safe_load(case)
    path = folder / "story.md"
    path.write_text(data["article"], encoding="utf-8")
    diagnostics = DiagnosticList()
    article = read_article(path, diagnostics)
    assert article is not None and not len(diagnostics), list(diagnostics)
    body = article.body_text
    claims = []
    for number, item in enumerate(data.get("claims", []), start=1):
        span = _span(body, item)
        claims.append(
            Claim(number, span, body[span.start : span.end], SOURCES[item["source"]],
                  item["credibility"], item.get("note"))
        )
    notes = []
    for number, item in enumerate(data.get("notes", []), start=1):
        span = _span(body, item)
        notes.append(Note(number, span, body[span.start : span.end], item["text"]))
    terms = []
    for item in data.get("terms", []):
        span = _span(body, item)
        term = Term(item["id"], item["term"], item["definition"], item.get("expansion"),
                    shared=item.get("shared", True))
        terms.append((term, TermMatch(term.id, span, body[span.start : span.end])))
    sources = sorted({c.source for c in claims}, key=lambda s: s.id)
    return Briefing(
        slug="story",
        article=article,
        sidecar_path=folder / "story.yaml",
        title=article.headline,
        date=dt.date(2025, 3, 1),
        outlet=SOURCES["wire"],
        summary=data.get("summary", "A summary."),
        url=None,
        byline=None,
        tags=[],
        sources=sources,
        claims=claims,
        notes=notes,
        terms=terms,
        listed_related=[],
    )


def site_of(briefing: Briefing) -> Site:
    return Site([briefing], {}, dict(SOURCES))
