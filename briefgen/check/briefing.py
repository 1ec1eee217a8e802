"""One briefing checked: its fields resolved, its quotes anchored, its terms marked."""

from __future__ import annotations

from briefgen.check import anchoring, resolve
from briefgen.check.context import SidecarCheck
from briefgen.check.placeholders import placeholders
from briefgen.check.registers import Registers
from briefgen.check.warnings import editor_warnings
from briefgen.diagnostics import DiagnosticList
from briefgen.language import standard_tag
from briefgen.model import Article, Briefing, RelatedLink
from briefgen.sidecar import Loaded
from briefgen.sidecar.schema import Sidecar


def check_briefing(
    article: Article,
    loaded: Loaded[Sidecar],
    registers: Registers,
    diagnostics: DiagnosticList,
    *,
    publishing: bool = False,
) -> Briefing | None:
    """The briefing, or None when it has an error (every problem is still reported).

    ``publishing``: the build publishes the site (``make publish``), where a
    placeholder left in a briefing that is not a draft is an error.
    """
    sidecar = loaded.value
    check = SidecarCheck(article, sidecar, loaded.positions, registers, diagnostics)
    title = resolve.title(check)
    date = resolve.date(check)
    slug = resolve.slug(check)
    sources = resolve.sources(check)
    outlet = resolve.outlet(check, sources)
    unknown_outlet = sidecar.outlet if outlet is None else None
    claims = anchoring.claims(check, sources, unknown_outlet)
    notes = anchoring.notes(check)
    follows = anchoring.follow_ups(check)
    anchoring.claim_ids(
        check, [(i, c.id) for i, c in enumerate(sidecar.claims) if c.id is not None]
    )
    anchoring.overlaps(check)
    local = resolve.local_terms(check)
    excluded = resolve.excluded_terms(check)
    terms = anchoring.terms(check, local, excluded, claims, notes, follows)
    own_phrases = [p for t, _ in terms if registers.glossary.get(t.id) != t for p in t.phrases]
    editor_warnings(check, own_phrases, [m.span for _, m in terms])
    placeholders(check, publishing=publishing)
    tags = resolve.tags(check)
    if not check.ok or title is None or date is None or outlet is None or slug is None:
        return None
    cited = {s.id: s for s in sources}
    for claim in claims:
        cited.setdefault(claim.source.id, claim.source)
    return Briefing(
        slug=slug,
        article=article,
        sidecar_path=check.path,
        title=title,
        date=date,
        outlet=outlet,
        summary=sidecar.summary,
        url=sidecar.url or article.url,
        byline=sidecar.byline or article.byline,
        tags=tags,
        sources=list(cited.values()),
        claims=claims,
        notes=notes,
        terms=terms,
        listed_related=[
            RelatedLink(r.slug, "listed", r.note, check.at("related", i, "slug"))
            for i, r in enumerate(sidecar.related)
        ],
        # The sidecar's (checked by the schema), else the saved page's own when it
        # is a language tag at all.
        language=sidecar.language or (standard_tag(article.language or "") or None),
        draft=sidecar.status == "draft",
        follows=follows,
    )
