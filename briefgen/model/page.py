"""The page records: what render hands to publish, typed, with one serialisation.

Render makes them from :class:`~briefgen.model.Briefing` and
:class:`~briefgen.model.Site` (:mod:`briefgen.render.page`); everything after
it reads them by attribute and nothing else: the Pelican reader and the
theme's templates (``article.briefing`` is a :class:`BriefingPage`), the
page's structured data, the glossary and sources pages and the topic feeds
(a :class:`SiteListings`), and the W3C annotation export.

They cross a process boundary as JSON (the front matter of each file under
``.briefgen/rendered/`` and ``.briefgen/site.json``, which Pelican reads) and
are stored in the build state as plain data; :func:`to_plain`,
:func:`from_plain`, :func:`dumps` and :func:`loads` are the one codec for
both, driven by the classes' own field types.  A field is added in one
place, its class (with a default, so that older plain data still reads);
the codec and mypy see it everywhere.

Text fields keep what the editor wrote: ``summary``, ``definition``,
``note``, ``text`` and ``rationale`` are inline Markdown, every other string
is plain text.  Dates are ISO 8601 strings (``2025-02-06`` or a date-time),
as the pages write them in ``datetime`` attributes.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class SourceView:
    """A source as a page shows it: a briefing's outlet, a claim's source."""

    id: str
    name: str
    kind: str
    reliability: str  # Admiralty letter, A-F
    reliability_words: str  # "usually reliable"
    anonymous: bool = False
    url: str | None = None
    shared: bool = True  # has a page of its own under sources/


@dataclass(frozen=True)
class SettledView:
    """How a later briefing settled a claim: the outcome of its latest follow-up."""

    outcome: str  # confirmed, refuted or partly
    briefing: BriefingRef  # the settling briefing
    anchor: str  # the settling passage's id on that page ("bg-follow-f1-text")


@dataclass(frozen=True)
class ClaimView:
    """A graded claim of a briefing (``start``/``end``: its passage in the body text)."""

    key: str  # c1, c2... the page's anchors are made from it
    number: int  # the reader's number, in reading order
    quote: str
    credibility: int  # Admiralty 1-6
    credibility_words: str  # "possibly true"
    source: SourceView
    note: str | None = None  # inline Markdown
    start: int = 0
    end: int = 0
    settled: SettledView | None = None  # None: open (never settled, or unresolved)


@dataclass(frozen=True)
class EarlierClaimView:
    """The claim of an earlier briefing that a follow-up settles."""

    briefing: BriefingRef
    folder: str  # where its page is: "briefings", or "drafts" (a draft's own preview)
    claim_id: str  # the editor's id
    key: str  # c1... on that page
    number: int
    quote: str
    credibility: int
    credibility_words: str
    source_name: str


@dataclass(frozen=True)
class FollowView:
    """A follow-up: the passage (``start``/``end``) that settles an earlier claim."""

    key: str  # f1, f2...
    number: int
    quote: str
    outcome: str  # confirmed, refuted, partly or unresolved
    claim: EarlierClaimView
    note: str | None = None  # inline Markdown
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class NoteView:
    """An analyst note of a briefing (``start``/``end``: its passage in the body text)."""

    key: str  # n1, n2...
    number: int
    quote: str
    text: str  # inline Markdown
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class TermView:
    """A glossary term marked at its first use in a briefing (``start``/``end``)."""

    id: str
    term: str
    definition: str  # inline Markdown
    expansion: str | None = None
    shared: bool = True  # has a page of its own under glossary/
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class BriefingPage:
    """One briefing's page: its metadata and its annotations, in reading order."""

    title: str
    date: str  # ISO 8601
    slug: str
    summary: str  # inline Markdown
    outlet: SourceView
    tags: tuple[str, ...] = ()
    url: str | None = None  # the original article
    byline: str | None = None
    claims: tuple[ClaimView, ...] = ()
    notes: tuple[NoteView, ...] = ()
    terms: tuple[TermView, ...] = ()
    # The briefing's language and direction when it is not the site's (else None).
    language: str | None = None
    dir: str | None = None
    draft: bool = False
    # The slugs its "Related briefings" section lists (the page changes with them).
    related: tuple[str, ...] = ()
    follows: tuple[FollowView, ...] = ()  # the earlier claims it settles, reading order
    story: tuple[BriefingRef, ...] = ()  # its story, oldest first (itself included)


@dataclass(frozen=True)
class BriefingRef:
    """A briefing as a list on another page names it."""

    slug: str
    title: str
    date: str  # ISO 8601
    language: str | None = None  # when not the site's
    dir: str | None = None


@dataclass(frozen=True)
class CitedClaim:
    """A claim as its source's page lists it."""

    briefing: BriefingRef
    key: str
    anchor: str  # the claim's id on the briefing page
    quote: str
    credibility: int
    credibility_words: str
    note: str | None = None  # inline Markdown
    outcome: str = "open"  # confirmed, partly, refuted or open
    settled: SettledView | None = None


@dataclass(frozen=True)
class TermListing:
    """A shared glossary term: its page, and the briefings that mark it (newest first)."""

    term: str
    definition: str  # inline Markdown
    expansion: str | None = None
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()  # ids of other terms
    category: str | None = None
    briefings: tuple[BriefingRef, ...] = ()


@dataclass(frozen=True)
class SourceListing:
    """A source of the shared register: its page, the claims citing it, the briefings
    of which it is the outlet (newest first)."""

    source: SourceView
    rationale: str | None = None  # inline Markdown
    claims: tuple[CitedClaim, ...] = ()
    outlet_of: tuple[BriefingRef, ...] = ()
    # Its track record: how many of its claims turned out each way (confirmed,
    # partly, refuted, open).
    record: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteListings:
    """What the glossary and sources pages and the topic feeds show, by id."""

    terms: dict[str, TermListing] = field(default_factory=dict)
    sources: dict[str, SourceListing] = field(default_factory=dict)


# The codec ------------------------------------------------------------------------


def to_plain(value: Any) -> Any:
    """A record as JSON-ready data: dicts (by field name), lists, strings, numbers."""
    encode = _ENCODERS.get(type(value))
    if encode is None:
        encode = _ENCODERS[type(value)] = _encoder(type(value))
    return encode(value)


# How each type is made plain, found once per type (thousands of records a build).
_ENCODERS: dict[type, Callable[[Any], Any]] = {}


def _encoder(kind: type) -> Callable[[Any], Any]:
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))
        return lambda value: {name: to_plain(getattr(value, name)) for name in names}
    if issubclass(kind, tuple | list):
        return lambda value: [to_plain(item) for item in value]
    if issubclass(kind, dict):
        return lambda value: {key: to_plain(item) for key, item in value.items()}
    return _same


def _same(value: Any) -> Any:
    return value


def from_plain(cls: type[T], data: Any) -> T:
    """The record of class ``cls`` that :func:`to_plain` made ``data`` from.

    A missing field takes its default; a value of the wrong shape raises
    ``TypeError`` or ``ValueError`` (the data is ours, never the editor's).
    """
    return typing.cast(T, _decoder(typing.cast(Any, cls))(data))


def dumps(record: Any) -> str:
    """A record as one line of JSON, keys sorted (the same record, the same text)."""
    # Compact: json's C encoder only runs without ``indent``.
    return json.dumps(to_plain(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(cls: type[T], text: str | bytes) -> T:
    """The record of class ``cls`` written by :func:`dumps`."""
    return from_plain(cls, json.loads(text))


@cache
def _field_types(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """(name, type, required) of each field of a record class."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (
            f.name,
            hints[f.name],
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    )


@cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """How data made by :func:`to_plain` becomes a value of type ``kind``, worked
    out once per type (the read memo holds thousands of records)."""
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _record_decoder(kind)
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is types.UnionType or origin is typing.Union:
        none_allowed = type(None) in args
        (inner,) = [a for a in args if a is not type(None)]

        def optional(data: Any) -> Any:
            if data is None and none_allowed:
                return None
            return _decoder(inner)(data)

        return optional
    if origin is tuple:
        def items(data: Any) -> Any:
            if not isinstance(data, list):
                raise TypeError(f"expected a list but got {data!r}")
            decode = _decoder(args[0])
            return tuple([decode(item) for item in data])

        return items
    if origin is dict:
        def entries(data: Any) -> Any:
            if not isinstance(data, dict):
                raise TypeError(f"expected an object but got {data!r}")
            decode = _decoder(args[1])
            return {str(key): decode(item) for key, item in data.items()}

        return entries
    if kind in (str, int, bool):
        def plain(data: Any) -> Any:
            if type(data) is not kind:
                raise TypeError(f"expected {kind.__name__} but got {data!r}")
            return data

        return plain

    def unknown(data: Any) -> Any:
        raise TypeError(f"a page record cannot hold a {kind!r}")

    return unknown


def _record_decoder(kind: type) -> Callable[[Any], Any]:
    # The fields' decoders are found at the first record (not here), so that a
    # record class may hold records of its own class.
    fields: tuple[tuple[str, Callable[[Any], Any], bool], ...] | None = None

    def record(data: Any) -> Any:
        nonlocal fields
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {kind.__name__} but got {data!r}")
        if fields is None:
            fields = tuple((name, _decoder(field_type), required)
                           for name, field_type, required in _field_types(kind))
        values = {}
        for name, decode, required in fields:
            if name in data:
                values[name] = decode(data[name])
            elif required:
                raise ValueError(f"{kind.__name__} without {name}")
        return kind(**values)

    return record
