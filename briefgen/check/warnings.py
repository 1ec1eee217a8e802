"""Warnings for the editor about the article's text: what the sidecar may have missed.

Each warning points at the words in the article file (line and column of a
``.txt`` or ``.md`` file; for a saved web page, the file and the paragraph
number that ``briefgen text`` shows) and says what to add to which file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from briefgen.anchor.warnings import anonymous_attributions, uncovered_acronyms
from briefgen.check.context import BriefingCheck
from briefgen.diagnostics import Location
from briefgen.model import Article, Span

PLAIN_TEXT_SUFFIXES = (".txt", ".md")


def editor_warnings(check: BriefingCheck, own_phrases: Iterable[str], covered: list[Span]) -> None:
    """Acronyms no glossary explains; anonymous attributions no claim covers.

    ``own_phrases`` are the briefing's own terms and overrides (the shared
    ones are folded once per site); ``covered`` the spans of marked terms.
    """
    body = check.body
    article = check.article
    own = list(own_phrases)
    known = check.registers.known.with_phrases(own) if own else check.registers.known
    sidecar = check.path.name
    for word, offset in uncovered_acronyms(body, covered, known):
        check.warning(
            "briefgen.uncovered-acronym",
            f"'{word}' ({paragraph(article, offset)}) is not explained by any glossary entry; "
            f"add a term for it to a file of content/glossary/, or under glossary: in {sidecar}",
            article_location(article, offset, word, check.article_lines),
        )
    for span in anonymous_attributions(body, check.claim_spans()):
        quoted = excerpt(body[span.start : span.end])
        first_word = body[span.start : span.end].split()[0]
        check.warning(
            "briefgen.anonymous-claim",
            f"statement attributed to an anonymous source is not covered by a claim "
            f"({paragraph(article, span.start)}: \"{quoted}\"); add a claim quoting it under "
            f"claims: in {sidecar}",
            article_location(article, span.start, first_word, check.article_lines),
        )


def paragraph(article: Article, offset: int) -> str:
    """'paragraph N': the block of the body that holds ``offset``."""
    number = sum(1 for start in article.block_offsets if start <= offset)
    return f"paragraph {max(number, 1)}"


def excerpt(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def article_location(
    article: Article, offset: int, word: str, lines: Callable[[], list[str] | None]
) -> Location:
    """Where the word at ``offset`` of the body stands in the article file.

    ``lines`` gives the file's lines (read when first asked, see
    :attr:`briefgen.check.context.BriefingCheck.article_lines`).

    The body is the file's text with its white space folded and (in Markdown)
    its markup removed, so the word is found by counting: the Nth time it
    occurs in the body is the Nth time it occurs in the file after the
    headline.  A saved web page has no lines an editor reads, so the file
    alone is named (the message gives the paragraph number).
    """
    path = article.path
    if path.suffix.lower() not in PLAIN_TEXT_SUFFIXES or not word:
        return Location(path)
    pattern = _whole_word(word)
    nth = len(pattern.findall(article.body_text, 0, offset))
    source = lines()
    if source is None:
        return Location(path)
    seen_headline = not article.headline
    for number, line in enumerate(source, start=1):
        if not seen_headline and article.headline in line.strip().lstrip("#").strip():
            seen_headline = True
            continue
        for match in pattern.finditer(line):
            if nth == 0:
                return Location(path, number, match.start() + 1)
            nth -= 1
    return Location(path)


def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
