"""The sidecar ``briefgen new`` writes: prefilled from the article, placeholders for the rest.

Pure functions of the article, its page metadata and the shared registers.
Every value is valid as it stands, so the scaffold passes ``briefgen check``;
text the editor must still write starts with ``TODO`` and is reported as a
``briefgen.placeholder`` warning until it is written.  Strings are written
as JSON strings, which are YAML 1.2 double-quoted scalars: any text is safe.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefgen.anchor.warnings import anonymous_attributions, uncovered_acronyms
from briefgen.check.anchoring import mark_spans
from briefgen.check.placeholders import MARKER
from briefgen.check.registers import Registers
from briefgen.ingest.metadata import PageMetadata
from briefgen.model import Article, Source, tag_slug

SLUG_MAX = 60
STATUS_DRAFT = "draft"
UNNAMED_SOURCE = "unnamed-source"
OUTLET_NOTE = "TODO: grade this outlet (A-F) and say why; or add it to content/sources/."


@dataclass(frozen=True)
class Outlet:
    """The outlet the sidecar names: a register id, or a new local source to grade."""

    id: str
    local_name: str | None = None  # set for a local source written under sources:


def make_slug(headline: str) -> str:
    """A slug from the headline: lower-case words joined by '-', at most SLUG_MAX characters."""
    slug = tag_slug(headline)
    if len(slug) > SLUG_MAX:
        slug = slug[: SLUG_MAX + 1].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    return slug.strip("-")


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def match_outlet(
    sources: dict[str, Source], site_name: str | None, domains: list[str]
) -> str | None:
    """The register entry for the page's site: same name, or its ``url`` on one of ``domains``."""
    wanted = site_name.casefold().strip() if site_name else None
    for source_id, source in sorted(sources.items()):
        if wanted and source.name.casefold().strip() == wanted:
            return source_id
    for source_id, source in sorted(sources.items()):
        if host_of(source.url) in domains:
            return source_id
    return None


def choose_outlet(
    registers: Registers, meta: PageMetadata | None, url: str | None, given: str | None
) -> Outlet:
    if given:
        return Outlet(given)
    site_name = meta.site_name if meta else None
    # Where it was fetched from, and where the page says it lives (its canonical address).
    domains = [d for d in (host_of(url), host_of(meta.url) if meta else None) if d]
    found = match_outlet(registers.sources, site_name, domains)
    if found:
        return Outlet(found)
    name = site_name or (domains[-1] if domains else "Unknown outlet")
    local_id = tag_slug(name) or "outlet"
    if local_id in registers.sources:  # the name is taken by another kind of source
        local_id = f"{local_id}-outlet"
    return Outlet(local_id, name)


@dataclass(frozen=True)
class ClaimStub:
    quote: str
    occurrence: int | None  # set when the sentence occurs more than once


def claim_stubs(body: str) -> list[ClaimStub]:
    """One claim per sentence the build's anonymous-attribution warning would flag."""
    stubs = []
    for span in anonymous_attributions(body, []):
        quote = body[span.start : span.end]
        starts = [m.start() for m in re.finditer(re.escape(quote), body)]
        occurrence = starts.index(span.start) + 1 if len(starts) > 1 else None
        stubs.append(ClaimStub(quote, occurrence))
    return stubs


def shared_terms_found(registers: Registers, body: str) -> list[str]:
    return [match.id for match in registers.matcher.first_occurrences(body)]


def acronym_stubs(registers: Registers, article: Article) -> list[str]:
    """The all-capitals words no shared glossary entry explains.

    Only those that occur outside links and code, where a term is marked (a
    stub for one that occurs only in a link would never occur).
    """
    body = article.body_text
    covered = [match.span for match in registers.matcher.first_occurrences(body)]
    unmarkable = mark_spans(article, ("link", "code"))
    words = []
    for word, _offset in uncovered_acronyms(body, covered, registers.known):
        places = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", body)]
        if any(not any(s.start <= at < s.end for s in unmarkable) for at in places):
            words.append(word)
    return words


def _s(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def sidecar_text(
    article: Article,
    meta: PageMetadata | None,
    url: str | None,
    outlet: Outlet,
    registers: Registers,
    schema_ref: str,
    today: dt.date,
) -> str:
    """The whole sidecar, as the editor will read it."""
    body = article.body_text
    lines = [f"# yaml-language-server: $schema={schema_ref}"]
    lines.append(f"# Written by `briefgen new` on {today.isoformat()}: replace every TODO")
    lines.append("# and check the prefilled values.")
    if meta and meta.date:
        lines.append(f"date: {meta.date.iso}  # from the page ({meta.date.source})")
    elif article.date:
        lines.append(f"date: {_s(article.date)}")
    else:
        # A placeholder the check knows (a warning in a preview, an error when
        # publishing), not a real date that would pass for the article's.
        lines.append(
            f"date: {MARKER} {today.isoformat()}  "
            "# the article gives no date: write its date here"
        )
    lines.append(f"outlet: {outlet.id}")
    if url:
        lines.append(f"url: {_s(url)}")
    byline = (meta.byline if meta else None) or article.byline
    if byline:
        lines.append(f"byline: {_s(byline)}")
    title = meta.title if meta and meta.title else None
    if title and not article.headline:
        lines.append(f"title: {_s(title)}")
    elif title and title != article.headline:
        lines.append(f"# title: {_s(title)}  (the page's own title; the headline is used)")
    # The comment sits on the key's line: removing the key removes it too.
    lines.append(f"status: {STATUS_DRAFT}  # remove this line to publish the briefing")
    lines.append(f"summary: {_s('TODO: the bottom line, in two or three sentences.')}")
    found = shared_terms_found(registers, body)
    if found:
        lines.append("")
        lines.append("# Shared glossary terms in this article (marked without listing them here):")
        lines.append("#   " + ", ".join(found))
    acronyms = acronym_stubs(registers, article)
    if acronyms:
        lines.append("")
        lines.append("glossary:  # acronyms no glossary explains")
        for word in acronyms:
            term_id = tag_slug(word) or "term"
            lines.append(f"  - id: {term_id}")
            lines.append(f"    term: {_s(word)}")
            lines.append(f"    definition: {_s(f'TODO: what {word} stands for and is.')}")
    stubs = claim_stubs(body)
    sources = []
    if outlet.local_name is not None:
        sources += [
            f"  - id: {outlet.id}",
            f"    label: {_s(outlet.local_name)}",
            "    kind: outlet",
            "    reliability: F  # cannot be judged yet",
            f"    note: {_s(OUTLET_NOTE)}",
        ]
    if stubs:
        sources += [
            f"  - id: {UNNAMED_SOURCE}",
            f"    label: {_s('TODO: who the unnamed source is, as far as the article says')}",
            "    kind: anonymous-official",
            "    reliability: F",
        ]
    if sources:
        lines.append("")
        lines.append("sources:")
        lines.extend(sources)
    if stubs:
        lines.append("")
        lines.append("claims:  # statements attributed to unnamed sources")
        for stub in stubs:
            lines.append(f"  - quote: {_s(stub.quote)}")
            if stub.occurrence is not None:
                lines.append(f"    occurrence: {stub.occurrence}")
            lines.append(f"    source: {UNNAMED_SOURCE}")
            lines.append("    credibility: 6  # cannot be judged yet")
            lines.append(f"    note: {_s('TODO: how credible is it, and why?')}")
    return "\n".join(lines) + "\n"
