"""The typed shape of sidecars, shared glossary entries and shared sources.

One pydantic model per section of ``briefing-format.md``.  Every field has a
description (it ends up in :func:`sidecar_json_schema`, which editors' tools
use for completion and hover help).  Models forbid unknown keys and are
strict: the loader (:mod:`briefgen.sidecar.coerce`) has already turned YAML
text into the Python types the schema asks for, so nothing is guessed here.

Fields whose text is inline Markdown carry ``"x-inline-markdown": true`` in
their JSON Schema; the loader checks their links.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from briefgen.language import standard_tag

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID_RE = re.compile(ID_PATTERN)
CLAIM_REF_PATTERN = r"^[a-z0-9][a-z0-9-]*#[a-z0-9][a-z0-9-]*$"
_CLAIM_REF_RE = re.compile(CLAIM_REF_PATTERN)
# A slug a briefing takes from its file name, or that ``briefgen new`` accepts:
# stricter than an id (no leading, trailing or doubled hyphen).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL_RE = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
MARKDOWN_FLAG = "x-inline-markdown"


def _check_id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise PydanticCustomError("bad_id", "not an id")
    return value


def _check_slug(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise PydanticCustomError("bad_slug", "not a slug")
    return value


def _check_claim_ref(value: str) -> str:
    if not _CLAIM_REF_RE.fullmatch(value):
        raise PydanticCustomError("bad_claim_ref", "not a claim reference")
    return value


def _check_url(value: str) -> str:
    if not _URL_RE.fullmatch(value):
        raise PydanticCustomError("bad_url", "not an http(s) URL")
    return value


def _check_language(value: str) -> str:
    standard = standard_tag(value)
    if standard is None:
        raise PydanticCustomError("bad_language", "not a language tag")
    return standard


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "empty")
    return value


Id = Annotated[
    str,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]
"""A term or source id: lowercase letters, digits and hyphens."""

Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]
"""A briefing slug: the last part of its URL."""

ClaimRef = Annotated[
    str,
    AfterValidator(_check_claim_ref),
    WithJsonSchema({"type": "string", "pattern": CLAIM_REF_PATTERN}),
]
"""An earlier claim: ``<briefing slug>#<claim id>``."""

Url = Annotated[
    str,
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
"""An absolute http:// or https:// URL."""

Language = Annotated[
    str,
    AfterValidator(_check_language),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"}),
]
"""A BCP 47 language tag, e.g. `ar`, `tr`, `ku-Arab`; kept in its standard form."""

Text = Annotated[
    str, AfterValidator(_check_text), WithJsonSchema({"type": "string", "minLength": 1})
]
"""Text that must not be empty."""

Reliability = Literal["A", "B", "C", "D", "E", "F"]
Category = Literal["organization", "person", "place", "event", "concept", "other"]
Status = Literal["draft", "published"]
Outcome = Literal["confirmed", "refuted", "partly", "unresolved"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)


PLACEHOLDER_DATE_PATTERN = r"^TODO\s+([0-9]{4}-[0-9]{2}-[0-9]{2})$"


class PlaceholderDate(dt.date):
    """A date for the editor to replace: ``date: TODO 2025-02-06``.

    ``briefgen new`` writes one when the article gives no date (the day it
    ran stands in).  It is that day, so the briefing builds, and the check
    reports it as a placeholder (:mod:`briefgen.check.placeholders`) until the
    editor writes the article's own date.
    """

_MARKDOWN: dict[str, Any] = {MARKDOWN_FLAG: True}


class _Section(BaseModel):
    """Common configuration: unknown keys are errors, no type juggling."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)
    noun: ClassVar[str] = "mapping"
    """What an editor calls one of these, for messages ("unknown key 'x' in claim")."""
    plural: ClassVar[str] = "mappings"


class GlossaryEntry(_Section):
    """One term of the shared glossary (``content/glossary/*.yaml``, keyed by id)."""

    noun: ClassVar[str] = "glossary entry"
    plural: ClassVar[str] = "glossary entries"

    term: Text = Field(description="What readers see, e.g. `YPG`.")
    expansion: str | None = Field(
        default=None, description="The expansion of an acronym, e.g. `People's Protection Units`."
    )
    aliases: list[Text] = Field(
        default_factory=list, description="Other spellings of the term matched in article text."
    )
    definition: Text = Field(
        description="The explanation shown to readers (inline Markdown).",
        json_schema_extra=_MARKDOWN,
    )
    see_also: list[Id] = Field(default_factory=list, description="Ids of related glossary terms.")
    category: Category | None = Field(
        default=None,
        description="Kind of thing: organization, person, place, event, concept or other.",
    )


class SourceEntry(_Section):
    """One outlet or recurring source of the shared register (``content/sources/*.yaml``)."""

    noun: ClassVar[str] = "source entry"
    plural: ClassVar[str] = "source entries"

    name: Text = Field(description="The source's name as readers see it, e.g. `Reuters`.")
    kind: Text = Field(
        default="outlet",
        description="Free text: outlet, official, anonymous-official, expert... "
        "Kinds starting `anonymous-` are flagged as anonymous.",
    )
    reliability: Reliability = Field(
        description="Admiralty source reliability: A completely reliable, B usually reliable, "
        "C fairly reliable, D not usually reliable, E unreliable, F cannot be judged."
    )
    rationale: Text = Field(
        description="Why this grade (inline Markdown).", json_schema_extra=_MARKDOWN
    )
    url: Url | None = Field(default=None, description="The source's home page (http or https).")


class LocalTerm(_Section):
    """A sidecar ``glossary:`` item: a term for this briefing only, or an override.

    With the id of a shared term, any field given replaces the shared one; a
    new id needs ``term`` and ``definition`` (the build checks that).
    """

    noun: ClassVar[str] = "glossary term"
    plural: ClassVar[str] = "glossary terms"

    id: Id = Field(description="Term id; the id of a shared term overrides it in this briefing.")
    term: Text | None = Field(default=None, description="What readers see.")
    expansion: str | None = Field(default=None, description="The expansion of an acronym.")
    aliases: list[Text] | None = Field(
        default=None, description="Other spellings of the term matched in article text."
    )
    definition: Text | None = Field(
        default=None,
        description="The explanation shown to readers (inline Markdown).",
        json_schema_extra=_MARKDOWN,
    )
    see_also: list[Id] | None = Field(default=None, description="Ids of related glossary terms.")
    category: Category | None = Field(
        default=None,
        description="Kind of thing: organization, person, place, event, concept or other.",
    )


class LocalSource(_Section):
    """A sidecar ``sources:`` item: a shared source by id, or a local one, or an override.

    A bare string item (``- reuters``) is loaded as ``LocalSource(id="reuters")``;
    :attr:`is_bare` tells such plain references apart from overrides.
    """

    noun: ClassVar[str] = "source"
    plural: ClassVar[str] = "sources"
    bare_key: ClassVar[str] = "id"
    """A plain string item stands for a mapping with only this key."""

    id: Id = Field(description="Source id: a shared one, or a new one for this briefing.")
    label: Text | None = Field(default=None, description="The source as readers see it.")
    kind: Text | None = Field(
        default=None,
        description="Free text; kinds starting `anonymous-` are flagged as anonymous.",
    )
    reliability: Reliability | None = Field(
        default=None, description="Admiralty source reliability, A-F."
    )
    note: Text | None = Field(
        default=None,
        description="About this source in this briefing (inline Markdown).",
        json_schema_extra=_MARKDOWN,
    )
    url: Url | None = Field(default=None, description="A link about the source (http or https).")

    @property
    def is_bare(self) -> bool:
        """Only an id: a plain reference to a shared source."""
        return not self.model_fields_set - {"id"}


class Anchored(_Section):
    """Something anchored to a quoted passage of the article body."""

    quote: Text = Field(description="The exact passage of the article body.")
    occurrence: int | None = Field(
        default=None, ge=1, description="Which occurrence of the quote (1-based) when it repeats."
    )
    prefix: Text | None = Field(
        default=None, description="Text just before the quote, to pick one occurrence."
    )
    suffix: Text | None = Field(
        default=None, description="Text just after the quote, to pick one occurrence."
    )


class ClaimEntry(Anchored):
    """A statement of the article, graded for credibility and attributed to a source."""

    noun: ClassVar[str] = "claim"
    plural: ClassVar[str] = "claims"

    source: Id = Field(description="Id of the source making the claim (local or shared).")
    credibility: int = Field(
        ge=1,
        le=6,
        description="Admiralty information credibility: 1 confirmed by other sources, "
        "2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged.",
    )
    note: Text | None = Field(
        default=None,
        description="The analyst's comment (inline Markdown).",
        json_schema_extra=_MARKDOWN,
    )
    id: Id | None = Field(
        default=None,
        description="The claim's id, unique in this sidecar: a later briefing settles the "
        "claim by naming it `<this briefing's slug>#<id>` in its `follows:`.",
    )


class FollowEntry(Anchored):
    """How this article settles a claim of an earlier briefing, and where it says so."""

    noun: ClassVar[str] = "follow-up"
    plural: ClassVar[str] = "follow-ups"

    claim: ClaimRef = Field(
        description="The earlier claim: `<briefing slug>#<claim id>`, e.g. "
        "`turkey-syria-defense-pact#airbases`."
    )
    outcome: Outcome = Field(
        description="How this article settles it: confirmed, refuted, partly, or unresolved "
        "(keeps it open)."
    )
    note: Text | None = Field(
        default=None,
        description="The analyst's comment on the outcome (inline Markdown).",
        json_schema_extra=_MARKDOWN,
    )


class NoteEntry(Anchored):
    """A free analyst note on a passage of the article."""

    noun: ClassVar[str] = "note"
    plural: ClassVar[str] = "notes"

    text: Text = Field(description="The note (inline Markdown).", json_schema_extra=_MARKDOWN)


class Related(_Section):
    """A cross-link to another briefing."""

    noun: ClassVar[str] = "related briefing"
    plural: ClassVar[str] = "related briefings"

    slug: Slug = Field(description="The other briefing's slug.")
    note: Text | None = Field(
        default=None,
        description="Why it is related (inline Markdown).",
        json_schema_extra=_MARKDOWN,
    )


class Sidecar(_Section):
    """The annotation sidecar of one article (``<stem>.yaml`` next to ``<stem>.txt``...)."""

    noun: ClassVar[str] = "sidecar"
    plural: ClassVar[str] = "sidecars"

    date: dt.datetime | dt.date | None = Field(
        default=None,
        description="Publication date, ISO 8601 date or date-time. Required unless the HTML "
        "article supplies it.",
    )
    outlet: Id = Field(
        description="Id of the publishing outlet: in the shared sources register, or of a source "
        "defined in this sidecar's `sources:`."
    )
    url: Url | None = Field(
        default=None, description="Link to the original article (default: a saved page's own)."
    )
    byline: Text | None = Field(default=None, description="The article's author(s).")
    title: Text | None = Field(default=None, description="Overrides the article's headline.")
    slug: Slug | None = Field(
        default=None, description="The briefing's URL name; default: the file stem."
    )
    tags: list[Text] = Field(default_factory=list, description="Tags of the briefing.")
    language: Language | None = Field(
        default=None,
        description="The article's language as a BCP 47 tag (`ar`, `tr`, `ku-Arab`); default: "
        "the page's own `lang` for a saved web page, else the site's DEFAULT_LANG. Right-to-left "
        "scripts are laid out right to left.",
    )
    status: Status = Field(
        default="published",
        description="draft: published only under drafts/<slug>/ (not in the index, feeds, "
        "tags, glossary or source pages, related lists, sitemap or search) and left out by "
        "publishconf.py; published (the default): everywhere.",
    )
    summary: Text = Field(
        description="The analyst's bottom line (inline Markdown).", json_schema_extra=_MARKDOWN
    )
    glossary: list[LocalTerm] = Field(
        default_factory=list, description="Terms for this briefing only, or overrides."
    )
    glossary_exclude: list[Id] = Field(
        default_factory=list, description="Shared term ids not to mark in this briefing."
    )
    sources: list[LocalSource] = Field(
        default_factory=list, description="Sources the article quotes or cites."
    )
    claims: list[ClaimEntry] = Field(
        default_factory=list, description="Statements graded for credibility."
    )
    follows: list[FollowEntry] = Field(
        default_factory=list,
        description="Claims of earlier briefings that this article settles (format 1.2).",
    )
    notes: list[NoteEntry] = Field(default_factory=list, description="Analyst notes on passages.")
    related: list[Related] = Field(
        default_factory=list, description="Cross-links to other briefings."
    )


def sidecar_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a sidecar, with every field's description.

    It describes what editors write: dates are strings in ISO 8601 form and a
    ``sources`` item may be a bare id string.
    """
    schema = Sidecar.model_json_schema(mode="validation")
    properties = schema["properties"]
    properties["date"] = {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
            {
                "type": "string",
                "pattern": PLACEHOLDER_DATE_PATTERN,
                "description": "A placeholder that briefgen new wrote (TODO and a date): "
                "write the article's date in its place.",
            },
        ],
        "description": properties["date"]["description"],
    }
    sources = properties["sources"]
    sources["items"] = {
        "anyOf": [
            {"type": "string", "pattern": ID_PATTERN, "description": "A shared source id."},
            sources["items"],
        ]
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
