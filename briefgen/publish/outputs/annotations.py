"""A briefing's annotations as W3C Web Annotations: ``annotations/<slug>.jsonld``.

Each published briefing gets one AnnotationCollection that embeds its first
(and only) AnnotationPage; its items are Web Annotations, one per graded
claim, analyst note and marked glossary term, in reading order, so that a
tool such as Hypothesis can anchor them on the briefing's page.

What tools rely on (W3C Web Annotation Data Model, sections 3-5):

* every annotation has an absolute ``id``: under ``SITEURL`` when it is an
  absolute address, else a ``urn:uuid:`` derived from the site's name, the
  slug and the annotation's key (the same input gives the same id);
* each annotation carries ``@context`` ``http://www.w3.org/ns/anno.jsonld``
  too, so that it stands alone when taken out of the collection;
* each annotation has two targets.  The first is the briefing's page: its
  selectors address the *page text*: the text of ``[data-article-body]``
  less the ``[data-ann]`` elements, block boundaries one space, runs of
  white space one space, ends trimmed (see :class:`PageText`); a
  TextPositionSelector counts code points in it and points at the very
  passage the page marks, not a later identical one.  In the page's DOM a
  badge and tip follow each marked passage, and a block boundary is a line
  break: a client such as Hypothesis matches the TextQuoteSelector against
  that text, so its ``prefix`` and ``suffix`` are cut where the DOM's text
  differs (at the end of any marked passage and at a block boundary), and
  ``prefix + exact + suffix`` is a run of the page's own text;
* the second target, when the briefing has the original article's ``url``,
  is that article: a TextQuoteSelector over the article's own text (no
  badges there), so a reader's annotation client shows the desk's grades
  on the outlet's page;
* a target's ``source`` is absolute: the page's address under an absolute
  ``SITEURL``, else the page's stable ``urn:uuid:`` (the id the feeds give
  it, :func:`briefgen.publish.outputs.siteurl.permanent_id`);
* ``created`` is the briefing's date in RFC 3339 with an offset (a date alone
  is midnight in the site's ``TIMEZONE``), so output is deterministic.

A claim a later briefing settled says so in its body (outcome, date, the
settling briefing); a follow-up (the passage that settles an earlier claim)
is an ``assessing`` annotation whose second body links to the annotation of
the claim it settles.

Everything comes from the briefing's page record
(:class:`~briefgen.model.page.BriefingPage`) and its article's body text:
nothing is parsed back out of the rendered Markdown or HTML.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markdown_it.token import Token

from briefgen.editor_markdown import editor_markdown
from briefgen.incremental.keys import digest
from briefgen.markup import SETTLES_WORDS, outcome_heading, reliability_grade
from briefgen.model import Briefing
from briefgen.model.page import BriefingPage
from briefgen.publish.outputs.siteurl import permanent_id
from briefgen.publish.plugin.filters import long_date
from briefgen.publish.plugin.state import PageReuse

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The media type the Web Annotation Protocol gives annotation documents.
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
FOLDER = "annotations"
CONTEXT_CHARS = 32  # of prefix and suffix, as Hypothesis writes them
# Fixed namespace of briefgen's annotation ids (uuid5 of the name "briefgen").
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:briefgen:annotations")
_WHITE_SPACE = re.compile(r"\s+")
# What the page text changes in the body text: runs of white space longer than
# one character (block boundaries are "\n\n") and white space other than a
# space.  The blocks' own text is folded already, so these are few.
_CHANGED_SPACE = re.compile(r"\s{2,}|[^\S ]")
_ORDER = {"claim": 0, "follow": 1, "note": 2, "term": 3}
# Between two blocks of the body text (a line break in the page's DOM).
_BLOCK_BOUNDARY = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class ExportSettings:
    """What the export needs of the site's settings."""

    siteurl: str = ""  # absolute (http/https) or not used
    sitename: str = ""
    timezone: str = "UTC"
    language: str = "en"  # of the analysts' text (the bodies)

    @classmethod
    def from_pelican(cls, config: dict[str, Any]) -> ExportSettings:
        return cls(
            siteurl=str(config.get("SITEURL") or ""),
            sitename=str(config.get("SITENAME") or ""),
            timezone=str(config.get("TIMEZONE") or "UTC"),
            language=str(config.get("DEFAULT_LANG") or "en"),
        )

    @cached_property
    def base(self) -> str | None:
        """The absolute site address without a trailing slash, or None."""
        url = self.siteurl.rstrip("/")
        return url if re.match(r"https?://[^/]", url) else None


class PageText:
    """The article body as a page's reader (and an annotation tool) sees it.

    The body text of the model joins blocks with a blank line; on the page a
    block boundary is one space, every run of white space is one space and
    the ends are trimmed.  :meth:`offset` maps an offset of the model's body
    text onto this text.
    """

    def __init__(self, body: str) -> None:
        # Each run of white space keeps one character, except at the ends.
        pieces: list[str] = []
        self._starts: list[int] = []  # body offsets where characters were dropped
        self._dropped: list[int] = []  # how many were dropped up to and including there
        dropped, position = 0, 0
        for run in _CHANGED_SPACE.finditer(body):
            at_edge = run.start() == 0 or run.end() == len(body)
            keep = 0 if at_edge else 1
            pieces.append(body[position : run.start()] + " " * keep)
            position = run.end()
            dropped += run.end() - run.start() - keep
            self._starts.append(run.start() + keep)
            self._dropped.append(dropped)
        pieces.append(body[position:])
        self.text = "".join(pieces)

    def offset(self, body_offset: int) -> int:
        """Where ``body_offset`` of the model's body text falls in :attr:`text`."""
        index = bisect.bisect_right(self._starts, body_offset) - 1
        if index < 0:
            return body_offset
        # Inside a dropped run, the offset moves to the run's kept character's end.
        run_start = self._starts[index]
        before = self._dropped[index - 1] if index else 0
        inside = min(body_offset - run_start, self._dropped[index] - before)
        return body_offset - before - inside


@lru_cache(maxsize=16_384)
def plain_text(markdown: str) -> str:
    """An editor's inline Markdown as the plain text the page shows.

    Cached: a shared term's definition is the same in every briefing that
    marks it.
    """
    parts: list[str] = []
    _collect_text(editor_markdown().parseInline(markdown, {}), parts)
    return _WHITE_SPACE.sub(" ", "".join(parts)).strip()


def _collect_text(tokens: Sequence[Token], parts: list[str]) -> None:
    for token in tokens:
        if token.children:
            _collect_text(token.children, parts)
        elif token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")


@dataclass(frozen=True)
class _Passage:
    kind: str  # "claim", "follow", "note" or "term"
    key: str  # c1, f1, n1, or the term's id
    start: int  # in the model's body text
    end: int
    motivation: str
    body: str  # plain text
    links_to: tuple[str, str] | None = None  # a follow-up's earlier claim: (slug, key)


def _passages(page: BriefingPage) -> list[_Passage]:
    found = []
    for claim in page.claims:
        source = claim.source
        text = (
            f"Claim, {claim.credibility_words} (credibility {claim.credibility}). "
            f"Source: {source.name}, {reliability_grade(source.reliability)}."
        )
        if claim.note:
            text += " " + plain_text(claim.note)
        if claim.settled is not None:
            settled = claim.settled
            text += (
                f" {outcome_heading(settled.outcome)}, {long_date(settled.briefing.date)}, "
                f"by the briefing “{settled.briefing.title}”."
            )
        found.append(_Passage("claim", claim.key, claim.start, claim.end, "assessing", text))
    for follow in page.follows:
        earlier = follow.claim
        text = (
            f"Follow-up: {SETTLES_WORDS[follow.outcome]} claim {earlier.number} of the "
            f"briefing “{earlier.briefing.title}” ({long_date(earlier.briefing.date)}): "
            f"“{earlier.quote}”."
        )
        if follow.note:
            text += " " + plain_text(follow.note)
        found.append(
            _Passage("follow", follow.key, follow.start, follow.end, "assessing", text,
                     (earlier.briefing.slug, earlier.key))
        )
    for note in page.notes:
        text = "Analyst note. " + plain_text(note.text)
        found.append(_Passage("note", note.key, note.start, note.end, "commenting", text))
    for term in page.terms:
        name = f"{term.term} ({term.expansion})" if term.expansion else term.term
        text = f"{name}: {plain_text(term.definition)}"
        key = f"term-{term.id}"
        found.append(_Passage("term", key, term.start, term.end, "describing", text))
    return sorted(found, key=lambda p: (p.start, -p.end, _ORDER[p.kind], p.key))


def rfc3339(date: dt.date | dt.datetime, timezone: str = "UTC") -> str:
    """``date`` as an RFC 3339 date-time with an offset (a date is midnight there)."""
    try:
        zone: dt.tzinfo = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    if not isinstance(date, dt.datetime):
        date = dt.datetime.combine(date, dt.time())
    if date.tzinfo is None:
        date = date.replace(tzinfo=zone)
    return date.isoformat(timespec="seconds")


def collection(briefing: BriefingPage, body: str, settings: ExportSettings) -> dict[str, Any]:
    """The AnnotationCollection of one briefing, as JSON-LD data (``body``: the body text
    of its article, which the annotations' selectors quote)."""
    base = settings.base
    document = f"{FOLDER}/{briefing.slug}.jsonld"
    collection_id = f"{base}/{document}" if base is not None else _urn(settings, briefing.slug)
    page_source = permanent_id(
        {"SITEURL": settings.siteurl, "SITENAME": settings.sitename},
        f"briefings/{briefing.slug}/",
    )
    page = PageText(body)
    passages = _passages(briefing)
    blocks = _block_cuts(page, body)
    # Where the page's DOM text is not the page text: after each marked
    # passage (its badge and tip) and at block boundaries (a line break).
    cuts = sorted({page.offset(p.end) for p in passages} | blocks)
    original = _OriginalText(briefing.url, page, sorted(blocks)) if briefing.url else None
    # An ISO date reads as midnight, as rfc3339 takes a date.
    created = rfc3339(dt.datetime.fromisoformat(briefing.date), settings.timezone)
    items = [
        _annotation(p, page, cuts, original, page_source, created, settings, briefing.slug,
                    collection_id)
        for p in passages
    ]
    result: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Annotations of the briefing “{briefing.title}”",
        "total": len(items),
    }
    if items:
        page_id = f"{collection_id}#page-1" if base else _urn(settings, briefing.slug, "page-1")
        result["first"] = {
            "id": page_id,
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
        result["last"] = page_id
    return result


def _urn(settings: ExportSettings, slug: str, key: str = "") -> str:
    """``urn:uuid:`` and the UUID 5 of the name (as :func:`uuid.uuid5` makes it, without
    making a UUID object: one per annotation)."""
    name = "\x1f".join((settings.sitename, slug, key))
    sha = bytearray(hashlib.sha1(_NAMESPACE.bytes + name.encode("utf-8"),
                                 usedforsecurity=False).digest()[:16])
    sha[6] = (sha[6] & 0x0F) | 0x50  # version 5
    sha[8] = (sha[8] & 0x3F) | 0x80  # RFC 4122 variant
    hex_ = sha.hex()
    return f"urn:uuid:{hex_[:8]}-{hex_[8:12]}-{hex_[12:16]}-{hex_[16:20]}-{hex_[20:]}"


def _block_cuts(page: PageText, body: str) -> set[int]:
    """Where blocks of ``body`` end and begin, as offsets of the page text."""
    runs = list(_BLOCK_BOUNDARY.finditer(body))
    return {page.offset(run.start()) for run in runs} | {page.offset(run.end()) for run in runs}


class _OriginalText:
    """The original article at its ``url``: the quote's selector over its own text
    (white space folded, as on the page, context kept within the quote's block)."""

    def __init__(self, url: str, page: PageText, cuts: list[int]) -> None:
        self.url = url
        self.page = page
        self.cuts = cuts

    def target(self, passage: _Passage) -> dict[str, Any]:
        start, end = self.page.offset(passage.start), self.page.offset(passage.end)
        return {"source": self.url, "selector": _quote(self.page.text, start, end, self.cuts)}


def _quote(text: str, start: int, end: int, cuts: Sequence[int]) -> dict[str, Any]:
    """A TextQuoteSelector of ``text[start:end]`` whose context stops at ``cuts``."""
    before = bisect.bisect_right(cuts, start) - 1
    after = bisect.bisect_left(cuts, end)
    prefix_start = max(start - CONTEXT_CHARS, cuts[before] if before >= 0 else 0)
    suffix_end = min(end + CONTEXT_CHARS, cuts[after] if after < len(cuts) else len(text))
    return {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[prefix_start:start].lstrip(),
        "suffix": text[end:max(end, suffix_end)].rstrip(),
    }


def _annotation(
    passage: _Passage,
    page: PageText,
    cuts: Sequence[int],
    original: _OriginalText | None,
    source: str,
    created: str,
    settings: ExportSettings,
    slug: str,
    collection_id: str,
) -> dict[str, Any]:
    start, end = page.offset(passage.start), page.offset(passage.end)
    text = page.text
    annotation_id = _annotation_id(settings, slug, passage.key)
    textual = {
        "type": "TextualBody",
        "value": passage.body,
        "format": "text/plain",
        "language": settings.language,
        "purpose": passage.motivation,
    }
    body: dict[str, Any] | list[dict[str, Any]] = textual
    if passage.links_to is not None:
        # The annotation of the claim this follow-up settles.
        earlier = {
            "type": "SpecificResource",
            "source": _annotation_id(settings, *passage.links_to),
            "purpose": "linking",
        }
        body = [textual, earlier]
    return {
        "@context": ANNO_CONTEXT,
        "id": annotation_id,
        "type": "Annotation",
        "motivation": passage.motivation,
        "created": created,
        "body": body,
        "target": [
            {
                "source": source,
                "selector": [
                    _quote(text, start, end, cuts),
                    {"type": "TextPositionSelector", "start": start, "end": end},
                ],
            },
            *([original.target(passage)] if original is not None else []),
        ],
    }


def _annotation_id(settings: ExportSettings, slug: str, key: str) -> str:
    """The id of the annotation ``key`` of the briefing ``slug`` (see the module docstring)."""
    if settings.base is not None:
        return f"{settings.base}/{FOLDER}/{slug}.jsonld#{key}"
    return _urn(settings, slug, key)


def dumps(data: dict[str, Any]) -> str:
    """The file's text: UTF-8 JSON on one line, keys in our order.

    Compact, because only then does json use its C encoder: indented, the
    export of 1,000 briefings took seconds; ``python -m json.tool`` shows it
    indented.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_annotations(
    briefings: Iterable[Briefing],
    output: Path,
    settings: ExportSettings,
    *,
    page_of: Callable[[Briefing], BriefingPage],
    inputs_key: Callable[[Briefing], str | None] = lambda briefing: None,
    reuse: PageReuse | None = None,
) -> list[Path]:
    """Write ``annotations/<slug>.jsonld`` under ``output`` for each of ``briefings``
    (the site's published briefings); return the files written.

    A briefing's collection is made from its page record (``page_of``), its
    article's body text and the export settings alone.  With ``reuse``, a
    file whose briefing has the same ``inputs_key`` (the key of everything
    its page record and article are made from, such as
    :func:`briefgen.render.page_keys`) as when the previous output was built
    is taken from that output (hard-linked) instead of being made again.
    """
    folder = output / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for briefing in briefings:
        name = f"{FOLDER}/{briefing.slug}.jsonld"
        key = inputs_key(briefing)
        if reuse is not None and key is not None:
            fingerprint = digest(name, key, repr(settings))
            if not reuse.decide(name, fingerprint, str(output)):
                continue
        page = page_of(briefing)
        path = output / name
        data = collection(page, briefing.article.body_text, settings)
        path.write_text(dumps(data), encoding="utf-8")
        written.append(path)
    return written
