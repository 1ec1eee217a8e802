"""Claims and notes anchored to their quotes, glossary terms marked at first use."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from briefgen.anchor.fold import FoldedText
from briefgen.anchor.glossary import GlossaryMatcher, TermPattern
from briefgen.anchor.quotes import QUOTE_NOT_FOUND, QuoteProblem, anchor_quote, partial_overlaps
from briefgen.anchor.relocate import OldAnchor, Orphaned, Reanchored, relocate
from briefgen.check.context import BriefingCheck, SidecarCheck
from briefgen.diagnostics import Fix, suggest
from briefgen.model import (
    Article,
    Claim,
    ClaimRef,
    FollowUp,
    Note,
    Source,
    Span,
    Term,
    TermMatch,
)
from briefgen.sidecar.schema import Anchored

A = TypeVar("A", Claim, Note, FollowUp)


ELISIONS = ("...", "…", "[...]", "[…]")
NOT_FOUND = "quote not found in the article"
REANCHOR_WRITE = "briefgen reanchor --write"


def anchor(check: BriefingCheck, section: str, index: int, item: Anchored) -> Span | None:
    """The span of one claim's or note's quote, or None (reported) when it has none."""
    result = anchor_quote(
        check.folded,
        item.quote,
        occurrence=item.occurrence,
        prefix=item.prefix,
        suffix=item.suffix,
    )
    if isinstance(result, QuoteProblem):
        message, fix = result.message, None
        if result.code == QUOTE_NOT_FOUND:
            anchor = OldAnchor(item.quote, item.prefix, item.suffix, item.occurrence)
            elision = _elision_advice(item.quote, section)
            if elision is not None:
                message = elision
            else:
                advice = not_found_advice(check.folded, anchor, message, absent=result.absent)
                message, fix = advice.message, advice.fix
                if advice.likely is not None and section == "claims":
                    check.likely_claims.append(advice.likely)
        check.error(result.code, message, check.at(section, index, "quote"), fix)
        return None
    check.anchored.append((section, index, result))
    return result


@dataclass(frozen=True)
class NotFound:
    """What the check says of a quote that is not found.

    ``fix``: its new wording (or the command, when more than the quote
    changes), when the quote alone tells it; ``likely``: where the quote
    probably stands now (that wording, else the closest passage like it).
    """

    message: str
    fix: Fix | None
    likely: Span | None


def not_found_advice(
    new: FoldedText, anchor: OldAnchor, message: str, *, absent: bool
) -> NotFound:
    """A "quote not found" message with the quote's new wording, if the quote alone tells it.

    ``absent``: the quote occurs nowhere (a quote found, but never with its
    prefix or suffix, keeps its own message).

    Only the quote and its prefix/suffix are at hand here (the check reads no
    history); ``briefgen reanchor`` also compares with the previous text.
    """
    outcome = relocate(anchor, new)
    if isinstance(outcome, Reanchored) and absent:
        wording = " ".join(outcome.quote.split())
        selection = (outcome.prefix, outcome.suffix, outcome.occurrence)
        same_selection = selection == (anchor.prefix, anchor.suffix, anchor.occurrence)
        return NotFound(
            f'{NOT_FOUND}; it now reads "{wording}" '
            f"(paragraph {new.paragraph_of(outcome.span.start)}): "
            "briefgen reanchor --write applies it",
            Fix.replace_value(wording) if same_selection else Fix.run(REANCHOR_WRITE),
            outcome.span,
        )
    likely = outcome.closest if isinstance(outcome, Orphaned) else None
    return NotFound(
        message + "; briefgen reanchor compares it with the article's previous text", None, likely
    )


def _elision_advice(quote: str, section: str) -> str | None:
    """For a quote that leaves words out: a quote is one continuous passage."""
    elision = next((mark for mark in ELISIONS if mark in quote), None)
    if elision is None:
        return None
    parts = [part.strip(" ,;") for part in quote.split(elision) if part.strip(" ,;")]
    split = " and ".join(f'quote: "{part}"' for part in parts)
    noun = _noun(section)
    return (
        f"quote not found: a quote is one continuous passage of the article, but this one "
        f"leaves words out ('{elision}'); make one {noun} per passage"
        + (f" ({split})" if len(parts) > 1 else "")
    )


def claims(check: SidecarCheck, sources: list[Source], unknown: str | None) -> list[Claim]:
    """The claims whose quote and source resolve, numbered in reading order.

    ``unknown`` is an id already reported as unknown (the outlet's): a claim
    citing it is not reported again.
    """
    known = {s.id: s for s in sources}
    shared = check.registers.sources
    found = []
    body = check.body
    for index, item in enumerate(check.sidecar.claims):
        source = known.get(item.source) or shared.get(item.source)
        if source is None:
            if item.source in check.registers.broken_sources or item.source == unknown:
                check.fail_quietly()
            else:
                unknown_claim_source(check, index, item.source, list(known))
        span = anchor(check, "claims", index, item)
        if span is not None and source is not None:
            found.append(
                Claim(
                    number=0,
                    span=span,
                    quote=body[span.start : span.end],
                    source=source,
                    credibility=item.credibility,
                    note=item.note,
                    id=item.id,
                    id_location=check.at("claims", index, "id") if item.id else None,
                )
            )
    return numbered_in_reading_order(found)


def unknown_claim_source(
    check: BriefingCheck, index: int, source_id: str, local: list[str]
) -> None:
    """Report a claim's source that is neither shared nor one of the ``local`` sources."""
    closest = suggest(source_id, [*local, *check.registers.sources])
    check.error(
        "briefgen.unknown-source",
        f"unknown source '{source_id}'" + closest.words,
        check.at("claims", index, "source"),
        closest.fix,
    )


def notes(check: SidecarCheck) -> list[Note]:
    """The notes whose quote is found, numbered in reading order."""
    found = []
    body = check.body
    for index, item in enumerate(check.sidecar.notes):
        span = anchor(check, "notes", index, item)
        if span is not None:
            found.append(Note(0, span, body[span.start : span.end], item.text))
    return numbered_in_reading_order(found)


def follow_ups(check: SidecarCheck) -> list[FollowUp]:
    """The follow-ups whose quote is found, numbered in reading order.

    Which claim each one settles is checked against the other briefings
    later (:mod:`briefgen.check.follows`).
    """
    found = []
    body = check.body
    for index, item in enumerate(check.sidecar.follows):
        span = anchor(check, "follows", index, item)
        if span is not None:
            found.append(
                FollowUp(
                    number=0,
                    span=span,
                    quote=body[span.start : span.end],
                    target=ClaimRef.parse(item.claim),
                    outcome=item.outcome,
                    note=item.note,
                    location=check.at("follows", index, "claim"),
                )
            )
    return numbered_in_reading_order(found)


def claim_ids(check: BriefingCheck, ids: list[tuple[int, str]]) -> None:
    """A claim ``id`` names one claim of the sidecar: a second use is an error."""
    first: dict[str, int] = {}
    for index, claim_id in ids:
        if claim_id not in first:
            first[claim_id] = index
            continue
        earlier = check.at("claims", first[claim_id], "id")
        check.error(
            "briefgen.duplicate-claim-id",
            f"claim id '{claim_id}' is already used by claim {first[claim_id] + 1} "
            f"(line {earlier.line}); a claim id is unique in its sidecar",
            check.at("claims", index, "id"),
        )


def in_reading_order(items: list[A]) -> list[A]:
    """Claims, notes or follow-ups as the reader meets them: by start, the outer one first."""
    return sorted(items, key=lambda item: (item.span.start, -item.span.end))


def numbered_in_reading_order(items: list[A]) -> list[A]:
    """``items`` in reading order, numbered from 1 in that order."""
    return [
        replace(item, number=number)
        for number, item in enumerate(in_reading_order(items), start=1)
    ]


def overlaps(check: BriefingCheck) -> None:
    """Two quotes may nest but not cross: an error at the later-written one.

    A follow-up's quote is one more mark in the same text, so the same rule
    holds; it may coincide with a claim's or a note's quote.
    """
    items = check.anchored
    for first, second in partial_overlaps([span for _, _, span in items]):
        a, b = sorted((items[first], items[second]), key=lambda i: check.at(i[0], i[1]))
        where = check.at(a[0], a[1], "quote")
        check.error(
            "briefgen.quote-overlap",
            f"this quote partly overlaps the quote of {_noun(a[0])} {a[1] + 1} "
            f"(line {where.line}); annotations may nest but not cross",
            check.at(b[0], b[1], "quote"),
        )


def _noun(section: str) -> str:
    return "follow-up" if section == "follows" else section[:-1]


def terms(
    check: SidecarCheck,
    local: dict[str, Term],
    excluded: set[str],
    claims: list[Claim],
    notes: list[Note],
    follows: Sequence[FollowUp] = (),
) -> list[tuple[Term, TermMatch]]:
    """The first occurrence of each term in the body, outside links and code.

    A term never starts inside one quote and ends in another (the claims' and
    notes' spans are boundaries), so every mark nests in the annotations.
    """
    excluded_spans = mark_spans(check.article, ("link", "code"))
    boundaries = [c.span for c in claims] + [n.span for n in notes] + [f.span for f in follows]
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
