"""The check step: read every content file, resolve and anchor, report problems.

:func:`load_site` reads the shared registers (:mod:`.registers`), pairs every
article with its sidecar (:mod:`.discover`), checks each briefing
(:mod:`.briefing`: its fields in :mod:`.resolve`, its quotes and terms in
:mod:`.anchoring`, the editor's warnings in :mod:`.warnings`), then links the
briefings to each other (:mod:`.related`) and checks which claims their
follow-ups settle (:mod:`.follows`).  It returns a
:class:`~briefgen.model.Site` of the briefings ready to render.  Every problem
goes to the :class:`~briefgen.diagnostics.DiagnosticList`; a briefing with
errors is left out, but checking goes on so that one run lists everything.
"""

from __future__ import annotations

from collections.abc import Collection, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.boundary import Folder, folder_refusal
from briefgen.check.briefing import check_briefing
from briefgen.check.discover import discover_briefings, select_pairs
from briefgen.check.follows import (
    Declared,
    check_follows,
    declared_by_briefing,
    declared_by_sidecar,
    record_warnings,
)
from briefgen.check.registers import Registers, load_registers
from briefgen.check.related import check_slugs, link_related
from briefgen.check.salvage import check_salvaged
from briefgen.diagnostics import Diagnostic, DiagnosticList, Location
from briefgen.ingest import read_article
from briefgen.model import Briefing, RelatedLink, Site, sortable_date
from briefgen.model.claims import ledger
from briefgen.settings import BuildSettings
from briefgen.sidecar import Loaded, Salvaged, YamlLimits, load_sidecar_or_salvage
from briefgen.sidecar.schema import Sidecar
from briefgen.workers import ordered_map

__all__ = ["discover_briefings", "load_site"]


def load_site(
    settings: BuildSettings,
    diagnostics: DiagnosticList,
    cache: Any = None,
    only: Collection[Path] | None = None,
) -> Site:
    """Read and check all content; problems go to ``diagnostics``.

    ``cache`` (a :class:`briefgen.incremental.BriefingCache`) reuses briefings
    checked by an earlier build from the same inputs, with their warnings.
    ``only`` (article or sidecar files): check just these briefings, with the
    shared registers; the others count only as slugs for ``related``.
    """
    content = settings.content
    if not content.is_dir():
        diagnostics.error(
            "briefgen.no-content", f"content folder not found: {content}", Location(content)
        )
        return Site([], {}, {})
    refused = folder_refusal(settings.root, content, "content folder")
    if refused is not None:
        refused.report(diagnostics)
        return Site([], {}, {})
    folder = Folder.at(content)
    limits = settings.limits
    yaml_limits = YamlLimits.of(limits)
    registers = load_registers(content, diagnostics, yaml_limits, folder)

    briefings: list[Briefing] = []
    if cache is not None:
        cache.start(registers.glossary, registers.sources, settings)
    context = _CheckContext(settings, yaml_limits, registers, folder, cache)
    # Briefings with errors still exist for the `related` lists of others, and
    # their own related links are checked with everyone's; every briefing
    # declares the claims others' follow-ups may name.
    failed_slugs: set[str] = set()
    failed_links: list[RelatedLink] = []
    declared: list[Declared] = []
    if only is None:
        pairs = discover_briefings(content, diagnostics, folder)
    else:
        found = DiagnosticList(silenced=diagnostics.silenced)
        everything = discover_briefings(content, found, folder)
        pairs = select_pairs(everything, only, found, diagnostics)
        for pair in everything:
            if pair not in pairs:
                slug, declares = _declared(pair, context)
                failed_slugs.add(slug)
                if declares is not None:
                    declared.append(declares)
    hits = [cache.lookup(*pair) if cache is not None else None for pair in pairs]
    checked = _check_pairs(
        [pair for pair, hit in zip(pairs, hits, strict=True) if hit is None],
        context,
        diagnostics.silenced,
    )
    # Results are taken in the order of the files, so the diagnostics are too.
    for (article_path, sidecar_path), hit in zip(pairs, hits, strict=True):
        if hit is not None:
            briefings.append(hit[0])
            diagnostics.extend(hit[1], replayed=True)
            declared.append(declared_by_briefing(hit[0]))
            continue
        result = next(checked)
        diagnostics.extend(result.diagnostics)
        if result.declared is not None:
            declared.append(result.declared)
        if result.briefing is not None:
            briefings.append(result.briefing)
        else:
            failed_slugs.add(result.slug)
            failed_links.extend(result.related)
        if cache is not None and result.recorded is not None:
            cache.adopt(article_path, sidecar_path, result.recorded)
    checked.close()  # ends the worker processes, if any

    check_slugs(briefings, diagnostics)
    checked_sidecars = None if only is None else {sidecar for _, sidecar in pairs}
    check_follows(declared, diagnostics, checked_sidecars)
    briefings.sort(key=lambda b: (sortable_date(b.date), b.slug), reverse=True)
    published = [b for b in briefings if not b.draft]
    drafts = [b for b in briefings if b.draft]
    link_related(
        published, diagnostics, cache, failed_slugs, drafts=drafts, failed_links=failed_links
    )
    book = ledger(published)
    record_warnings(published, book, registers, diagnostics)
    return Site(published, registers.glossary, registers.sources, drafts=drafts, ledger=book)


# --- checking briefings, in worker processes when there are many -------------------

@dataclass(frozen=True)
class _CheckContext:
    """What checking one briefing needs besides its files (shared by all)."""

    settings: BuildSettings
    yaml_limits: YamlLimits
    registers: Registers
    folder: Folder  # the content folder, which files are read through
    # A briefgen.incremental.BriefingCache: whoever checks a briefing makes its
    # entry (pickling it in a worker process, not the building one).
    cache: Any = None


@dataclass(frozen=True)
class _Checked:
    """What checking one pair gives."""

    briefing: Briefing | None  # None when it has errors
    slug: str  # the slug it has or asks for, even with errors
    diagnostics: list[Diagnostic]
    recorded: Any  # its cache entry (a briefgen.incremental.Recorded), or None
    related: list[RelatedLink]  # with errors: the links it lists, to check all the same
    declared: Declared | None  # what others' follow-ups are checked against


def _check_one(
    pair: tuple[Path, Path], context: _CheckContext, diagnostics: DiagnosticList
) -> tuple[Briefing | None, str, list[RelatedLink], Declared | None]:
    article_path, sidecar_path = pair
    article = read_article(
        article_path,
        diagnostics,
        max_bytes=context.settings.limits.max_article_bytes,
        folder=context.folder,
    )
    loaded = _load_sidecar(sidecar_path, context, diagnostics)
    if isinstance(loaded, Loaded):
        slug = loaded.value.slug or article_path.stem
        if article is not None:
            briefing = check_briefing(
                article,
                loaded,
                context.registers,
                diagnostics,
                publishing=context.settings.publishing,
            )
            if briefing is not None:
                return briefing, slug, [], declared_by_briefing(briefing)
        at = loaded.positions.at
        related = [
            RelatedLink(r.slug, "listed", r.note, at("related", i, "slug"))
            for i, r in enumerate(loaded.value.related)
        ]
        return None, slug, related, declared_by_sidecar(loaded, slug)
    if loaded is None:
        return None, article_path.stem, [], None
    at = loaded.positions.at
    related = [
        RelatedLink(slug, "listed", None, at("related", i, "slug")) for i, slug in loaded.related
    ]
    if article is not None:
        check_salvaged(article, loaded, context.registers, diagnostics)
    slug = loaded.slug or article_path.stem
    return None, slug, related, declared_by_sidecar(loaded, slug)


def _load_sidecar(
    path: Path, context: _CheckContext, diagnostics: DiagnosticList
) -> Loaded[Sidecar] | Salvaged | None:
    return load_sidecar_or_salvage(
        path, diagnostics, limits=context.yaml_limits, folder=context.folder
    )


def _declared(pair: tuple[Path, Path], context: _CheckContext) -> tuple[str, Declared | None]:
    """The slug a briefing asks for and what it declares (its problems unreported:
    it is not being checked)."""
    loaded = _load_sidecar(pair[1], context, DiagnosticList())
    if isinstance(loaded, Loaded):
        slug = loaded.value.slug or pair[0].stem
    else:
        slug = (loaded.slug if loaded is not None else None) or pair[0].stem
    return slug, (declared_by_sidecar(loaded, slug) if loaded is not None else None)


def _check_and_record(
    pair: tuple[Path, Path], context: _CheckContext, silenced: frozenset[str]
) -> _Checked:
    found = DiagnosticList(silenced=silenced)
    briefing, slug, related, declared = _check_one(pair, context, found)
    recorded = None
    if briefing is not None and context.cache is not None:
        recorded = context.cache.record(*pair, briefing, found.items)
    return _Checked(briefing, slug, found.items, recorded, related, declared)


def _check_pairs(
    pairs: list[tuple[Path, Path]], context: _CheckContext, silenced: frozenset[str]
) -> Generator[_Checked, None, None]:
    """Check each pair, in order.

    Many briefings are checked by worker processes (each briefing is
    independent); the results and diagnostics are the same.
    """
    parallel = context.settings.parallel
    return ordered_map(
        lambda pair: _check_and_record(pair, context, silenced),
        pairs,
        workers=parallel.workers,
        min_items=parallel.min_parallel_checks,
    )
