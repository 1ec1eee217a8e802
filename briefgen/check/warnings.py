"""Warnings for the editor about the article's text: what the sidecar may have missed."""

from __future__ import annotations

from briefgen.anchor.warnings import anonymous_attributions, uncovered_acronyms
from briefgen.check.context import BriefingCheck
from briefgen.diagnostics import Location
from briefgen.model import Article, Claim, Term, TermMatch


def editor_warnings(
    check: BriefingCheck, claims: list[Claim], terms: list[tuple[Term, TermMatch]]
) -> None:
    """Acronyms no glossary explains; anonymous attributions no claim covers."""
    body = check.body
    glossary = check.registers.glossary
    # The shared phrases are folded once per site; only a briefing's own
    # terms and overrides (a few phrases) are folded here.
    own = [p for t, _ in terms if glossary.get(t.id) != t for p in t.phrases]
    known = check.registers.known.with_phrases(own) if own else check.registers.known
    covered = [m.span for _, m in terms]
    for word, offset in uncovered_acronyms(body, covered, known):
        check.warning(
            "briefgen.uncovered-acronym",
            f"'{word}' ({paragraph(check.article, offset)}) is not explained by any glossary "
            "entry; add one to glossary:",
            Location(check.path, 1, 1),
        )
    for span in anonymous_attributions(body, [c.span for c in claims]):
        quoted = excerpt(body[span.start : span.end])
        check.warning(
            "briefgen.anonymous-claim",
            f"statement attributed to an anonymous source is not covered by a claim "
            f"({paragraph(check.article, span.start)}: \"{quoted}\")",
            check.at("claims") if check.sidecar.claims else Location(check.path, 1, 1),
        )


def paragraph(article: Article, offset: int) -> str:
    """'paragraph N': the block of the body that holds ``offset``."""
    number = sum(1 for start in article.block_offsets if start <= offset)
    return f"paragraph {max(number, 1)}"


def excerpt(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
