"""One briefing's own fields resolved: title, date, slug, outlet, sources, terms, tags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from briefgen.check.context import BriefingCheck, SidecarCheck
from briefgen.diagnostics import Location, suggest
from briefgen.model import Source, Term, tag_slug
from briefgen.sidecar.schema import SLUG


def title(check: SidecarCheck) -> str | None:
    found = check.sidecar.title or check.article.headline
    if not found:
        check.error(
            "briefgen.missing-headline",
            "the article has no headline and the sidecar no 'title'",
            Location(check.path, 1, 1),
        )
    return found or None


def date(check: SidecarCheck) -> dt.date | dt.datetime | None:
    if check.sidecar.date is not None:
        return check.sidecar.date
    if check.article.date:
        try:
            return dt.datetime.fromisoformat(check.article.date.replace("Z", "+00:00"))
        except ValueError:
            check.error(
                "briefgen.bad-date",
                f"the article's published time '{check.article.date}' is not an ISO 8601 "
                "date; set 'date' in the sidecar",
                Location(check.path, 1, 1),
            )
            return None
    check.error(
        "briefgen.missing-key",
        "missing required key 'date' (the article gives no publication date)",
        Location(check.path, 1, 1),
    )
    return None


def slug(check: SidecarCheck) -> str | None:
    if check.sidecar.slug:
        return check.sidecar.slug
    stem = check.article.path.stem
    if SLUG.fullmatch(stem):
        return stem
    suggestion = tag_slug(stem)
    check.error(
        "briefgen.bad-slug",
        f"the file name '{stem}' is not a valid slug (expected [a-z0-9-]+); "
        f"rename the files or set slug: {suggestion or 'my-briefing'}",
        Location(check.path, 1, 1),
    )
    return None


def outlet(check: SidecarCheck, sources: list[Source]) -> Source | None:
    """The publishing outlet: a shared source, or one defined in this sidecar's ``sources:``."""
    wanted = check.sidecar.outlet
    shared = check.registers.sources
    if wanted in shared:
        return shared[wanted]
    local = {source.id: source for source in sources}
    if wanted in local:
        return local[wanted]
    if wanted in check.registers.broken_sources or any(
        item.id == wanted for item in check.sidecar.sources
    ):
        check.fail_quietly()  # the entry's own error says what is wrong with it
        return None
    unknown_outlet(check, wanted, list(local))
    return None


def unknown_outlet(check: BriefingCheck, wanted: str, local: list[str]) -> None:
    """Report an outlet that is neither shared nor one of the ``local`` sources."""
    files = check.registers.source_files
    where = f"{files[0].as_posix()}" if len(files) == 1 else "a file of content/sources/"
    closest = suggest(wanted, [*check.registers.sources, *local], most=3)
    check.error(
        "briefgen.unknown-source",
        f"unknown outlet '{wanted}': not in the shared sources register nor under sources: "
        f"here{closest.words or '.'} To add it, define '{wanted}' (name, kind, "
        f"reliability, rationale) in {where}, or as a source under sources: here",
        check.at("outlet"),
        closest.fix,
    )


def sources(check: SidecarCheck) -> list[Source]:
    """The sidecar's ``sources:``: shared ones (maybe overridden) and local ones."""
    result = []
    shared_sources = check.registers.sources
    for index, item in enumerate(check.sidecar.sources):
        shared = shared_sources.get(item.id)
        if shared is not None:
            result.append(
                Source(
                    id=shared.id,
                    name=item.label or shared.name,
                    kind=item.kind or shared.kind,
                    reliability=item.reliability or shared.reliability,
                    rationale=shared.rationale,
                    note=item.note,
                    url=item.url or shared.url,
                )
            )
            continue
        if item.id in check.registers.broken_sources:
            check.fail_quietly()  # the register entry's own error says what is wrong
            continue
        if item.is_bare:
            unknown_bare_source(check, index, item.id)
            continue
        missing = [k for k in ("label", "reliability") if getattr(item, k) is None]
        if missing:
            check.error(
                "briefgen.missing-key",
                f"missing required key '{missing[0]}' in source '{item.id}' (a new source, "
                "not in the shared register)",
                check.at("sources", index),
            )
            continue
        result.append(
            Source(
                id=item.id,
                name=item.label or item.id,
                kind=item.kind or "source",
                reliability=item.reliability or "F",
                note=item.note,
                url=item.url,
                shared=False,
            )
        )
    return result


def unknown_bare_source(check: BriefingCheck, index: int, source_id: str) -> None:
    """Report a ``sources:`` item that is an id alone, not in the shared register."""
    closest = suggest(source_id, check.registers.sources)
    check.error(
        "briefgen.unknown-source",
        f"unknown source '{source_id}': expected an id of the shared sources register "
        "or a mapping with label and reliability" + closest.words,
        check.at("sources", index),
        closest.fix,
    )


def local_terms(check: SidecarCheck) -> dict[str, Term]:
    """Terms of this briefing: shared ones, with local overrides and additions."""
    terms: dict[str, Term] = {}
    glossary = check.registers.glossary
    for index, item in enumerate(check.sidecar.glossary):
        shared = glossary.get(item.id)
        if shared is None and item.id in check.registers.broken_terms:
            check.fail_quietly()  # the shared entry's own error says what is wrong
            continue
        if shared is None and (item.term is None or item.definition is None):
            missing = "term" if item.term is None else "definition"
            check.error(
                "briefgen.missing-key",
                f"missing required key '{missing}' in glossary term '{item.id}' (a new term, "
                "not in the shared glossary)",
                check.at("glossary", index),
            )
            continue
        base = shared or Term(id=item.id, term="", definition="", shared=False)
        terms[item.id] = Term(
            id=item.id,
            term=item.term or base.term,
            definition=item.definition or base.definition,
            expansion=item.expansion or base.expansion,
            aliases=tuple(item.aliases) if item.aliases is not None else base.aliases,
            see_also=tuple(item.see_also) if item.see_also is not None else base.see_also,
            category=item.category or base.category,
            shared=shared is not None,
        )
    return terms


def excluded_terms(check: SidecarCheck) -> set[str]:
    """``glossary_exclude``, each id checked against the shared glossary."""
    check_excluded(check, enumerate(check.sidecar.glossary_exclude))
    return set(check.sidecar.glossary_exclude)


def check_excluded(check: BriefingCheck, excluded: Iterable[tuple[int, str]]) -> None:
    """Report each ``(index, id)`` of ``glossary_exclude`` that no shared term has."""
    glossary = check.registers.glossary
    for index, term_id in excluded:
        if term_id not in glossary and term_id not in check.registers.broken_terms:
            closest = suggest(term_id, glossary)
            check.error(
                "briefgen.unknown-term",
                f"unknown glossary id '{term_id}' in glossary_exclude" + closest.words,
                check.at("glossary_exclude", index),
                closest.fix,
            )


def tags(check: SidecarCheck) -> list[str]:
    for index, tag in enumerate(check.sidecar.tags):
        if not tag_slug(tag):
            check.error(
                "briefgen.bad-tag",
                f"tag '{tag}' has no letters or digits to make a URL from",
                check.at("tags", index),
            )
    return list(dict.fromkeys(check.sidecar.tags))
