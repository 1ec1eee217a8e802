"""What the last successful build published of each briefing: article text and spans.

Re-anchoring (``briefgen reanchor``) compares an edited article with the
text its claims, notes and terms were anchored to when the site was last
published.  :func:`record_published` keeps that, per briefing, after each
successful build (only the briefings whose inputs changed are written);
:func:`last_published` reads it back without loading Pelican or taking the
build lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.incremental.store import JSON, STATE_FILE, BuildState, Output
from briefgen.model import Briefing


@dataclass(frozen=True)
class PublishedSpan:
    """One anchored passage: ``text[start:end]`` of the article body."""

    key: str  # "c1", "n2" or a term id
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class PublishedBriefing:
    """One briefing as the last successful build anchored it."""

    slug: str
    article: Path
    sidecar: Path
    text: str  # the article body text the spans index into
    claims: tuple[PublishedSpan, ...]
    notes: tuple[PublishedSpan, ...]
    terms: tuple[PublishedSpan, ...]

    def to_json(self) -> dict[str, Any]:
        def spans(items: tuple[PublishedSpan, ...]) -> list[list[Any]]:
            return [[s.key, s.start, s.end, s.quote] for s in items]

        return {
            "slug": self.slug, "article": str(self.article), "sidecar": str(self.sidecar),
            "text": self.text, "claims": spans(self.claims), "notes": spans(self.notes),
            "terms": spans(self.terms),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PublishedBriefing:
        def spans(items: list[list[Any]]) -> tuple[PublishedSpan, ...]:
            return tuple(PublishedSpan(str(k), int(a), int(b), str(q)) for k, a, b, q in items)

        return cls(
            str(data["slug"]), Path(data["article"]), Path(data["sidecar"]), str(data["text"]),
            spans(data["claims"]), spans(data["notes"]), spans(data["terms"]),
        )


# Keyed by the sidecar's path and the key of the briefing's inputs, so that an
# unchanged briefing is not written again.
PUBLISHED: Output[dict[str, Any]] = Output("published", JSON)


def published_briefing(briefing: Briefing) -> PublishedBriefing:
    text = briefing.article.body_text
    return PublishedBriefing(
        slug=briefing.slug,
        article=briefing.article.path,
        sidecar=briefing.sidecar_path,
        text=text,
        claims=tuple(PublishedSpan(c.key, c.span.start, c.span.end, c.quote)
                     for c in briefing.claims),
        notes=tuple(PublishedSpan(n.key, n.span.start, n.span.end, n.quote)
                    for n in briefing.notes),
        terms=tuple(PublishedSpan(t.id, m.span.start, m.span.end, m.text)
                    for t, m in briefing.terms),
    )


def record_published(
    state: BuildState, briefings: Iterable[tuple[Briefing, str | None]]
) -> None:
    """After a successful build: keep the text and spans of each (briefing, its inputs key)."""
    table = state.table(PUBLISHED)
    stored = table.keys()
    for briefing, inputs_key in briefings:
        key = f"{briefing.sidecar_path}\0{inputs_key}"
        if inputs_key is not None and key in stored:
            table.keep(key)
        else:
            table.put(key, published_briefing(briefing).to_json())
    table.commit()


def last_published(work: Path) -> dict[Path, PublishedBriefing]:
    """What the last successful build published, by sidecar path ({} if nothing is known).

    ``work`` is the site's work folder (``BuildSettings.work``).
    """
    if not (work / STATE_FILE).is_file():
        return {}
    state = BuildState(work)
    try:
        values = state.table(PUBLISHED).items().values()
        records = [PublishedBriefing.from_json(value) for value in values]
    except (KeyError, TypeError, ValueError):  # unreadable: as if never published
        return {}
    finally:
        state.close()
    return {record.sidecar: record for record in records}
