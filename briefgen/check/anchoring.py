"""Claims and notes anchored to their quotes, glossary terms marked at first use."""

from __future__ import annotations

from collections.abc import Iterable

from briefgen.anchor.glossary import GlossaryMatcher, TermPattern
from briefgen.anchor.quotes import QuoteProblem, anchor_quote, partial_overlaps
from briefgen.check.context import BriefingCheck
from briefgen.diagnostics import did_you_mean
from briefgen.model import Article, Claim, Note, Source, Span, Term, TermMatch
from briefgen.sidecar.schema import Anchored


def anchor(check: BriefingCheck, kind: str, index: int, item: Anchored) -> Span | None:
    """The span of one claim's or note's quote, or None (reported) when it has none."""
    result = anchor_quote(
        check.folded,
        item.quote,
        occurrence=item.occurrence,
        prefix=item.prefix,
        suffix=item.suffix,
    )
    if isinstance(result, QuoteProblem):
        check.error(result.code, result.message, check.at(kind, index, "quote"))
        return None
    return result


def claims(check: BriefingCheck, sources: list[Source]) -> list[Claim]:
    known = {s.id: s for s in sources}
    shared = check.registers.sources
    found = []
    body = check.body
    for index, item in enumerate(check.sidecar.claims):
        source = known.get(item.source) or shared.get(item.source)
        if source is None:
            check.error(
                "briefgen.unknown-source",
                f"unknown source '{item.source}'"
                + did_you_mean(item.source, [*known, *shared]),
                check.at("claims", index, "source"),
            )
        span = anchor(check, "claims", index, item)
        if span is not None and source is not None:
            found.append(
                Claim(
                    key=f"c{index + 1}",
                    span=span,
                    quote=body[span.start : span.end],
                    source=source,
                    credibility=item.credibility,
                    note=item.note,
                )
            )
    return found


def notes(check: BriefingCheck) -> list[Note]:
    found = []
    body = check.body
    for index, item in enumerate(check.sidecar.notes):
        span = anchor(check, "notes", index, item)
        if span is not None:
            found.append(Note(f"n{index + 1}", span, body[span.start : span.end], item.text))
    return found


def overlaps(check: BriefingCheck, claims: list[Claim], notes: list[Note]) -> None:
    """Two quotes may nest but not cross: an error at the later-written one."""
    items: list[tuple[str, int, Span]] = [
        ("claims", int(c.key[1:]) - 1, c.span) for c in claims
    ] + [("notes", int(n.key[1:]) - 1, n.span) for n in notes]
    for first, second in partial_overlaps([span for _, _, span in items]):
        a, b = sorted((items[first], items[second]), key=lambda i: check.at(i[0], i[1]))
        where = check.at(a[0], a[1], "quote")
        check.error(
            "briefgen.quote-overlap",
            f"this quote partly overlaps the quote of {a[0][:-1]} {a[1] + 1} "
            f"(line {where.line}); annotations may nest but not cross",
            check.at(b[0], b[1], "quote"),
        )


def terms(
    check: BriefingCheck,
    local: dict[str, Term],
    excluded: set[str],
    claims: list[Claim],
    notes: list[Note],
) -> list[tuple[Term, TermMatch]]:
    """The first occurrence of each term in the body, outside links and code.

    A term never starts inside one quote and ends in another (the claims' and
    notes' spans are boundaries), so every mark nests in the annotations.
    """
    excluded_spans = mark_spans(check.article, ("link", "code"))
    boundaries = [c.span for c in claims] + [n.span for n in notes]
    matches = check.registers.matcher.first_occurrences(
        check.folded,
        excluded=excluded_spans,
        boundaries=boundaries,
        skip=excluded | set(local),
    )
    if local:
        local_matcher = GlossaryMatcher([TermPattern(t.id, t.phrases) for t in local.values()])
        matches = merge_matches(
            matches,
            local_matcher.first_occurrences(
                check.folded, excluded=excluded_spans, boundaries=boundaries
            ),
        )
    found = {m.id for m in matches}
    for index, item in enumerate(check.sidecar.glossary):
        if item.id in local and item.id not in found:
            check.warning(
                "briefgen.term-not-found",
                f"glossary term '{item.id}' ({local[item.id].term}) never occurs in the article",
                check.at("glossary", index),
            )
    return [(local.get(m.id) or check.registers.glossary[m.id], m) for m in matches]


def merge_matches(first: list[TermMatch], second: list[TermMatch]) -> list[TermMatch]:
    """Combine two sets of first occurrences; where they overlap the longest wins."""
    merged: list[TermMatch] = []
    for match in sorted(first + second, key=lambda m: (m.span.start, -(m.span.end))):
        clash = next(
            (m for m in merged if m.span.start < match.span.end and match.span.start < m.span.end),
            None,
        )
        if clash is None:
            merged.append(match)
        elif (match.span.end - match.span.start) > (clash.span.end - clash.span.start):
            merged[merged.index(clash)] = match
    return sorted(merged, key=lambda m: m.span.start)


def mark_spans(article: Article, kinds: Iterable[str]) -> list[Span]:
    """The body spans of the article's own inline marks of these kinds."""
    wanted = set(kinds)
    return [
        Span(offset + mark.start, offset + mark.end)
        for block, offset in zip(article.blocks, article.block_offsets, strict=True)
        for mark in block.marks
        if mark.kind in wanted
    ]
