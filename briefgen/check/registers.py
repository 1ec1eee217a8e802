"""The shared registers: the glossary and the sources every briefing may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.anchor.glossary import GlossaryMatcher, TermPattern
from briefgen.anchor.warnings import KnownPhrases
from briefgen.boundary import Folder
from briefgen.check.discover import yaml_files
from briefgen.diagnostics import DiagnosticList, Location, suggest
from briefgen.model import Source, Term
from briefgen.sidecar import Register, YamlLimits, load_glossary, load_sources
from briefgen.sidecar.schema import GlossaryEntry, SourceEntry


@dataclass(frozen=True)
class Registers:
    """The shared glossary and sources, with what checking a briefing needs of them."""

    glossary: dict[str, Term]
    sources: dict[str, Source]
    # Ids defined with errors (reported at the entry): they exist, so using
    # one is not "unknown", but a briefing that uses one cannot be published.
    broken_terms: frozenset[str]
    broken_sources: frozenset[str]
    # The register files (from the site root), for messages that say where to add an entry.
    source_files: tuple[Path, ...]
    # One matcher for every shared term, made once per build.
    matcher: GlossaryMatcher
    # Every phrase of the shared glossary, folded once per build.
    known: KnownPhrases
    # Where each shared source's reliability is written (a track record's warning goes there).
    reliability_at: dict[str, Location] = field(default_factory=dict)


def load_registers(
    content: Path, diagnostics: DiagnosticList, limits: YamlLimits, folder: Folder | None = None
) -> Registers:
    """Read ``content/glossary`` and ``content/sources``; problems go to ``diagnostics``.

    ``folder`` is the content folder as a boundary (default: ``content``).
    """
    folder = folder or Folder.at(content)
    source_files = yaml_files(content / "sources", diagnostics, folder)
    glossary_files = yaml_files(content / "glossary", diagnostics, folder)
    glossary_loaded = load_glossary(glossary_files, diagnostics, limits, folder)
    sources_loaded = load_sources(source_files, diagnostics, limits, folder)
    _check_see_also(glossary_loaded, diagnostics)
    glossary = {
        i: shared_term(i, loaded.value) for i, loaded in sorted(glossary_loaded.entries.items())
    }
    sources = {
        i: shared_source(i, loaded.value) for i, loaded in sorted(sources_loaded.entries.items())
    }
    return Registers(
        glossary=glossary,
        sources=sources,
        broken_terms=glossary_loaded.broken,
        broken_sources=sources_loaded.broken,
        source_files=tuple(path.relative_to(content.parent) for path in source_files),
        matcher=GlossaryMatcher([TermPattern(t.id, t.phrases) for t in glossary.values()]),
        known=KnownPhrases(
            [*(p for t in glossary.values() for p in t.phrases), *glossary_loaded.broken_phrases]
        ),
        reliability_at={
            i: loaded.positions.at("reliability") for i, loaded in sources_loaded.entries.items()
        },
    )


def shared_term(term_id: str, entry: GlossaryEntry) -> Term:
    return Term(
        id=term_id,
        term=entry.term,
        definition=entry.definition,
        expansion=entry.expansion,
        aliases=tuple(entry.aliases),
        see_also=tuple(entry.see_also),
        category=entry.category,
    )


def shared_source(source_id: str, entry: SourceEntry) -> Source:
    return Source(
        id=source_id,
        name=entry.name,
        kind=entry.kind,
        reliability=entry.reliability,
        rationale=entry.rationale,
        url=entry.url,
    )


def _check_see_also(glossary: Register[GlossaryEntry], diagnostics: DiagnosticList) -> None:
    known = glossary.entries.keys() | glossary.broken
    for term_id, loaded in glossary.entries.items():
        for index, other in enumerate(loaded.value.see_also):
            if other not in known:
                closest = suggest(other, known)
                diagnostics.error(
                    "briefgen.unknown-term",
                    f"unknown glossary id '{other}' in see_also of '{term_id}'" + closest.words,
                    loaded.positions.at("see_also", index),
                    closest.fix,
                )
