"""The annotated article body, as CommonMark with inline HTML.

Article text is escaped (nothing in it is markup to any CommonMark engine);
the structure we add (annotations with their badges and tips, the source's
links and formatting) is HTML written by :mod:`briefgen.markup`, which the
engine passes through as it is: CommonMark's ``*`` emphasis depends on the
characters around it and could fail to parse, tags cannot.

Annotations and the source's inline marks may cross; the body is a tree, so
crossing ranges are split. Annotations are placed outermost (claims and notes,
then terms) and never split; marks of the source are split around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise
from urllib.parse import quote

from briefgen import markup
from briefgen.model import Article, Block, InlineMark
from briefgen.render.escape import Markdown, escape_fragment, escape_line_start

# Lower ranks open first (outermost) when two ranges start at the same place.
# A follow-up is outermost: on a passage it shares with a claim, the claim's
# badge stays next to the claim's words.
_RANK = {"follow": -1, "claim": 0, "note": 0, "term": 1, "link": 2, "strong": 3, "em": 4, "code": 5}


@dataclass(frozen=True)
class Annotation:
    """Something the briefing adds over ``[start, end)`` of the body text."""

    start: int
    end: int
    head: markup.Head  # what it is: claim, note or term, its key and number
    tip: Markdown  # the explanation shown on hover, focus and tap
    continued: bool = False  # a part before a paragraph break: no badge or tip here
    first: bool = True  # the first part: where the entry in the list links back to


@dataclass(frozen=True)
class _Range:
    start: int
    end: int
    kind: str
    opener: str
    closer: str
    splittable: bool


def link_target(href: str) -> str | None:
    """The target of an article link, or None to drop the link.

    Ingest already refused unsafe schemes (with a warning); this is the second
    line: whatever :func:`briefgen.markup.is_safe_href` refuses is dropped
    here.  A scheme-relative ``//host/x`` (common in saved web pages) becomes
    https.
    """
    if href.startswith("//"):
        href = "https:" + href
    target = quote(href, safe=":/?#@!$&'()*+,;=%-._~")
    return target if target and markup.is_safe_href(target) else None


def _mark_range(mark: InlineMark) -> _Range | None:
    if mark.kind == "link":
        href = link_target(mark.href or "")
        if href is None:
            return None
        opener = markup.format_open("link", href)
    else:
        opener = markup.format_open(mark.kind)
    return _Range(mark.start, mark.end, mark.kind, opener, markup.format_close(mark.kind), True)


def _annotation_range(annotation: Annotation, offset: int, ui_language: str | None) -> _Range:
    head = annotation.head
    if annotation.continued:
        closer = markup.annotation_close(head.kind, tipped=False)
    else:
        closer = (
            markup.annotation_tip(head, ui_language) + annotation.tip
            + markup.annotation_close(head.kind)
        )
    return _Range(
        annotation.start - offset,
        annotation.end - offset,
        head.kind,
        markup.annotation_open(head, first_part=annotation.first),
        closer,
        False,
    )


def _split_marks(annotations: list[_Range], marks: list[_Range]) -> list[_Range]:
    """Cut every mark at the annotation boundaries that fall inside it.

    Annotations never partly overlap each other (the checks refuse crossing
    claims and notes, and the glossary matcher skips terms that would cross
    them), and a source's own marks are well nested, so after the cut every
    range either contains or lies inside every other it meets.
    """
    cuts = sorted({r.start for r in annotations} | {r.end for r in annotations})
    pieces: list[_Range] = []
    for mark in marks:
        inner = [c for c in cuts if mark.start < c < mark.end]
        edges = [mark.start, *inner, mark.end]
        pieces += [
            _Range(a, b, mark.kind, mark.opener, mark.closer, True)
            for a, b in pairwise(edges)
        ]
    return annotations + pieces


def _order(r: _Range) -> tuple[int, int, int]:
    """Opening order: leftmost first, then the longest, then the outer kind."""
    return (r.start, -r.end, _RANK[r.kind])


def render_block_text(
    text: str,
    marks: Sequence[InlineMark],
    annotations: Sequence[Annotation],
    offset: int,
    ui_language: str | None = None,
) -> Markdown:
    """CommonMark for one block: escaped text with marks and annotations in HTML."""
    ranges = [r for r in (_mark_range(m) for m in marks if m.start < m.end) if r is not None]
    ranges += [_annotation_range(a, offset, ui_language) for a in annotations]
    nested = _split_marks(
        [r for r in ranges if not r.splittable], [r for r in ranges if r.splittable]
    )
    opens: dict[int, list[_Range]] = {}
    closes: dict[int, list[_Range]] = {}
    for r in nested:
        opens.setdefault(r.start, []).append(r)
        closes.setdefault(r.end, []).append(r)
    cuts = sorted({0, len(text), *opens, *closes})
    out: list[str] = []
    for index, position in enumerate(cuts):
        # Close inner ranges first: the one that opened last closes first.
        # Reversed, not a reverse sort, which keeps equal ranges in their opening order.
        for r in reversed(sorted(closes.get(position, []), key=_order)):
            out.append(r.closer)
        for r in sorted(opens.get(position, []), key=_order):
            out.append(r.opener)
        if index + 1 < len(cuts):
            out.append(escape_fragment(text[position : cuts[index + 1]]))
    return escape_line_start("".join(out))


def annotated_body(
    article: Article, annotations: Sequence[Annotation], ui_language: str | None = None
) -> Markdown:
    """The whole annotated body as CommonMark blocks (``ui_language``: the site's
    language, for badges and tips, when the article is in another)."""
    by_block: list[list[Annotation]] = [[] for _ in article.blocks]
    for annotation in annotations:
        for index, (block, offset) in enumerate(
            zip(article.blocks, article.block_offsets, strict=True)
        ):
            start = max(annotation.start, offset)
            end = min(annotation.end, offset + len(block.text))
            if start < end:
                # An annotation across blocks is cut at the block boundary;
                # its badge and tip go with the last part only.
                by_block[index].append(
                    Annotation(start, end, annotation.head, annotation.tip,
                               continued=end < annotation.end,
                               first=start == annotation.start)
                )
    rendered: list[str] = []
    items = list(zip(article.blocks, article.block_offsets, by_block, strict=True))
    for (kind, _group), run in groupby(items, key=lambda item: (item[0].kind, item[0].group)):
        run_list = list(run)
        if kind == "list_item":
            lines = []
            for number, (block, offset, notes) in enumerate(run_list, start=1):
                bullet = f"{number}." if block.level == 1 else "-"
                text = render_block_text(block.text, block.marks, notes, offset, ui_language)
                lines.append(f"{bullet} {text}")
            rendered.append("\n".join(lines))
            continue
        for block, offset, notes in run_list:
            rendered.append(_render_single(block, offset, notes, ui_language))
    return Markdown("\n\n".join(rendered))


def _render_single(
    block: Block, offset: int, annotations: Sequence[Annotation], ui_language: str | None
) -> str:
    text = render_block_text(block.text, block.marks, annotations, offset, ui_language)
    if block.kind == "heading":
        return f"{'#' * max(2, min(block.level, 6))} {text}"
    if block.kind == "blockquote":
        return f"> {text}"
    return text
