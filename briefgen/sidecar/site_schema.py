"""The sidecar's JSON Schema for one site: its ids offered as suggestions.

:func:`site_sidecar_schema` adds the site's existing outlet, source,
glossary and briefing ids, and its claims as ``slug#id``, as ``examples`` to the id fields of
:func:`~briefgen.sidecar.schema.sidecar_json_schema`, so that an editor
whose YAML extension reads the schema (VS Code's, through the
``# yaml-language-server: $schema=...`` line) completes them.  Examples,
not an ``enum``: an id the sidecar defines itself is valid too.

The build keeps the result in ``.briefgen/sidecar.schema.json``
(:func:`write_site_schema`); ``briefgen schema`` prints it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.model import Site
from briefgen.sidecar.schema import sidecar_json_schema

SCHEMA_FILE = "sidecar.schema.json"  # in the site's work folder, .briefgen/


@dataclass(frozen=True)
class SiteIds:
    outlets: list[str] = field(default_factory=list)  # register entries of kind outlet
    sources: list[str] = field(default_factory=list)  # every register entry
    terms: list[str] = field(default_factory=list)
    briefings: list[str] = field(default_factory=list)  # published slugs
    claims: list[str] = field(default_factory=list)  # "slug#id" of published claims with an id


def site_ids_of(site: Site) -> SiteIds:
    """The ids of a checked site: its registers and its published briefings."""
    return site_ids(
        ((i, s.kind) for i, s in site.sources.items()),
        site.glossary,
        (b.slug for b in site.briefings),
        (f"{b.slug}#{c.id}" for b in site.briefings for c in b.claims if c.id is not None),
    )


def site_ids(
    sources: Iterable[tuple[str, str]],
    terms: Iterable[str],
    briefings: Iterable[str],
    claims: Iterable[str] = (),
) -> SiteIds:
    """From ``(id, kind)`` of the register's sources, term ids, published slugs and
    published claims (``slug#id``)."""
    pairs = sorted(sources)
    outlets = [i for i, kind in pairs if kind == "outlet"]
    return SiteIds(
        outlets=outlets + [i for i, kind in pairs if kind != "outlet"],
        sources=[i for i, _ in pairs],
        terms=sorted(terms),
        briefings=sorted(briefings),
        claims=sorted(claims),
    )


def _suggest(node: dict[str, Any], ids: list[str]) -> None:
    if ids:
        node["examples"] = ids


def site_sidecar_schema(ids: SiteIds) -> dict[str, Any]:
    schema = sidecar_json_schema()
    properties = schema["properties"]
    defs = schema["$defs"]
    _suggest(properties["outlet"], ids.outlets)
    shared_source, _local = properties["sources"]["items"]["anyOf"]
    _suggest(shared_source, ids.sources)
    _suggest(defs["ClaimEntry"]["properties"]["source"], ids.sources)
    _suggest(properties["glossary_exclude"]["items"], ids.terms)
    _suggest(defs["LocalTerm"]["properties"]["id"], ids.terms)
    see_also = defs["LocalTerm"]["properties"]["see_also"]
    for choice in see_also.get("anyOf", [see_also]):
        if choice.get("type") == "array":
            _suggest(choice["items"], ids.terms)
    _suggest(defs["Related"]["properties"]["slug"], ids.briefings)
    _suggest(defs["FollowEntry"]["properties"]["claim"], ids.claims)
    return schema


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_site_schema(work: Path, ids: SiteIds) -> bool:
    """Keep ``work/sidecar.schema.json`` up to date; True if it was (re)written."""
    path = work / SCHEMA_FILE
    text = schema_text(site_sidecar_schema(ids))
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
