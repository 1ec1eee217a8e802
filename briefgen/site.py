"""Load a site's content and check it: the first two steps of the build.

:func:`load_site` reads the shared glossary and sources, pairs every article
with its sidecar, reads both, resolves every id against the registers,
anchors claims and notes, marks glossary terms, and returns a :class:`Site`
of :class:`Briefing` objects ready to render.  Every problem it meets goes to
the :class:`~briefgen.diagnostics.DiagnosticList`; a briefing with errors is
left out, but checking goes on so that one run lists everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path
from typing import Any

from briefgen.admiralty import CREDIBILITY_WORDS, RELIABILITY_WORDS
from briefgen.anchor.fold import FoldedText, fold
from briefgen.anchor.glossary import GlossaryMatcher, TermMatch, TermPattern
from briefgen.anchor.quotes import QuoteProblem, Span, anchor_quote, partial_overlaps
from briefgen.anchor.warnings import KnownPhrases, anonymous_attributions, uncovered_acronyms
from briefgen.diagnostics import Diagnostic, DiagnosticList, Location, did_you_mean
from briefgen.ingest import read_article
from briefgen.model import Article
from briefgen.settings import BuildSettings
from briefgen.sidecar import Loaded, YamlLimits, load_glossary, load_sidecar, load_sources
from briefgen.sidecar.schema import Anchored, GlossaryEntry, Sidecar, SourceEntry
from briefgen.workers import fork_pool, worker_count

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
SIDECAR_SUFFIXES = (".yaml", ".yml")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RELATED_BY_TERMS = 5  # how many "shares terms with" links a briefing page shows
TERM_USERS_RANKED = 200  # a term counts for "shares terms" among its newest 200 users only


@dataclass(frozen=True)
class Term:
    """A glossary term as one briefing uses it (shared, overridden or local)."""

    id: str
    term: str
    definition: str  # inline Markdown
    expansion: str | None = None
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    category: str | None = None
    shared: bool = True  # has a page of its own under glossary/

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class Source:
    """A source as one briefing cites it (shared, overridden or local)."""

    id: str
    name: str
    kind: str
    reliability: str
    rationale: str | None = None  # inline Markdown (shared register)
    note: str | None = None  # inline Markdown (this briefing)
    url: str | None = None
    shared: bool = True  # has a page of its own under sources/

    @property
    def anonymous(self) -> bool:
        return self.kind.startswith("anonymous")

    @property
    def reliability_words(self) -> str:
        return RELIABILITY_WORDS[self.reliability]


@dataclass(frozen=True)
class Claim:
    key: str  # "c1", "c2"... in order of the sidecar
    span: Span
    quote: str  # the passage as the article has it
    source: Source
    credibility: int
    note: str | None

    @property
    def credibility_words(self) -> str:
        return CREDIBILITY_WORDS[self.credibility]


@dataclass(frozen=True)
class Note:
    key: str  # "n1", "n2"...
    span: Span
    quote: str
    text: str


@dataclass(frozen=True)
class RelatedLink:
    slug: str
    reason: str  # "listed", "links here" or "shares terms"
    note: str | None = None
    location: Location | None = None  # where the sidecar lists it


@dataclass
class Briefing:
    """One article with its sidecar, checked and anchored."""

    slug: str
    article: Article
    sidecar_path: Path
    title: str
    date: dt.date | dt.datetime
    outlet: Source
    summary: str
    url: str | None
    byline: str | None
    tags: list[str]
    sources: list[Source]
    claims: list[Claim]
    notes: list[Note]
    terms: list[tuple[Term, TermMatch]]
    listed_related: list[RelatedLink]
    related: list[RelatedLink] = field(default_factory=list)

    @property
    def term_ids(self) -> list[str]:
        return [term.id for term, _ in self.terms]


@dataclass
class Site:
    """Everything the render step needs, newest briefing first."""

    briefings: list[Briefing]
    glossary: dict[str, Term]
    sources: dict[str, Source]

    def by_slug(self) -> dict[str, Briefing]:
        return {b.slug: b for b in self.briefings}


# --- finding the files -------------------------------------------------------


def discover_briefings(content: Path, diagnostics: DiagnosticList) -> list[tuple[Path, Path]]:
    """Pair each article under ``content/briefings`` with its sidecar."""
    folder = content / "briefings"
    articles: dict[Path, list[Path]] = defaultdict(list)
    sidecars: dict[Path, list[Path]] = defaultdict(list)
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if not path.is_file() or path.name.startswith("."):
            continue
        stem = path.with_suffix("")
        if path.suffix.lower() in ARTICLE_SUFFIXES:
            articles[stem].append(path)
        elif path.suffix.lower() in SIDECAR_SUFFIXES:
            sidecars[stem].append(path)
    pairs = []
    for stem in sorted(set(articles) | set(sidecars)):
        found_articles, found_sidecars = articles.get(stem, []), sidecars.get(stem, [])
        for extra in found_articles[1:]:
            diagnostics.error(
                "briefgen.duplicate-article",
                f"two articles share the stem '{stem.name}': {found_articles[0].name} and "
                f"{extra.name}; rename or remove one",
                Location(extra),
            )
        for extra in found_sidecars[1:]:
            diagnostics.error(
                "briefgen.duplicate-sidecar",
                f"two sidecars share the stem '{stem.name}': {found_sidecars[0].name} and "
                f"{extra.name}; rename or remove one",
                Location(extra),
            )
        if not found_sidecars:
            diagnostics.error(
                "briefgen.missing-sidecar",
                f"article has no sidecar: expected {stem.name}.yaml beside it",
                Location(found_articles[0]),
            )
        elif not found_articles:
            diagnostics.error(
                "briefgen.missing-article",
                f"sidecar has no article: expected {stem.name}.txt, {stem.name}.md or "
                f"{stem.name}.html beside it",
                Location(found_sidecars[0]),
            )
        else:
            pairs.append((found_articles[0], found_sidecars[0]))
    return pairs


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in SIDECAR_SUFFIXES and p.is_file())


# --- registers -----------------------------------------------------------------


def _shared_term(term_id: str, entry: GlossaryEntry) -> Term:
    return Term(
        id=term_id,
        term=entry.term,
        definition=entry.definition,
        expansion=entry.expansion,
        aliases=tuple(entry.aliases),
        see_also=tuple(entry.see_also),
        category=entry.category,
    )


def _shared_source(source_id: str, entry: SourceEntry) -> Source:
    return Source(
        id=source_id,
        name=entry.name,
        kind=entry.kind,
        reliability=entry.reliability,
        rationale=entry.rationale,
        url=entry.url,
    )


def _check_see_also(
    glossary: dict[str, Loaded[GlossaryEntry]], diagnostics: DiagnosticList
) -> None:
    for term_id, loaded in glossary.items():
        for index, other in enumerate(loaded.value.see_also):
            if other not in glossary:
                diagnostics.error(
                    "briefgen.unknown-term",
                    f"unknown glossary id '{other}' in see_also of '{term_id}'"
                    + did_you_mean(other, glossary),
                    loaded.positions.at("see_also", index),
                )


# --- one briefing ----------------------------------------------------------------


class _BriefingChecker:
    """Resolves one sidecar against the registers and its article."""

    def __init__(
        self,
        article: Article,
        loaded: Loaded[Sidecar],
        glossary: dict[str, Term],
        sources: dict[str, Source],
        matcher: GlossaryMatcher,
        diagnostics: DiagnosticList,
        known: KnownPhrases,
    ) -> None:
        self.article = article
        self.body = article.body_text  # joined once: every check reads it
        self.sidecar = loaded.value
        self.at = loaded.positions.at
        self.path = loaded.path
        self.glossary = glossary
        self.shared_sources = sources
        self.matcher = matcher
        self.diagnostics = diagnostics
        # Every phrase of the shared glossary, folded (made once in load_site).
        self.known = known
        self.ok = True
        self._folded_body: FoldedText | None = None  # folded once, for all quotes

    def error(self, code: str, message: str, location: Location) -> None:
        self.ok = False
        self.diagnostics.error(code, message, location)

    def check(self) -> Briefing | None:
        sidecar = self.sidecar
        title = sidecar.title or self.article.headline
        if not title:
            self.error(
                "briefgen.missing-headline",
                "the article has no headline and the sidecar no 'title'",
                Location(self.path, 1, 1),
            )
        date = self._date()
        slug = self._slug()
        outlet = self._outlet()
        sources = self._sources()
        claims, notes = self._claims(sources), self._notes()
        self._overlaps(claims, notes)
        terms = self._terms(claims, notes)
        self._warnings(claims, terms)
        for index, tag in enumerate(sidecar.tags):
            if not tag_slug(tag):
                self.error(
                    "briefgen.bad-tag",
                    f"tag '{tag}' has no letters or digits to make a URL from",
                    self.at("tags", index),
                )
        if not self.ok or date is None or outlet is None or slug is None:
            return None
        cited = {s.id: s for s in sources}
        for claim in claims:
            cited.setdefault(claim.source.id, claim.source)
        return Briefing(
            slug=slug,
            article=self.article,
            sidecar_path=self.path,
            title=title,
            date=date,
            outlet=outlet,
            summary=sidecar.summary,
            url=sidecar.url,
            byline=sidecar.byline or self.article.byline,
            tags=list(dict.fromkeys(sidecar.tags)),
            sources=list(cited.values()),
            claims=claims,
            notes=notes,
            terms=terms,
            listed_related=[
                RelatedLink(r.slug, "listed", r.note, self.at("related", i, "slug"))
                for i, r in enumerate(sidecar.related)
            ],
        )

    def _date(self) -> dt.date | dt.datetime | None:
        if self.sidecar.date is not None:
            return self.sidecar.date
        if self.article.date:
            try:
                return dt.datetime.fromisoformat(self.article.date.replace("Z", "+00:00"))
            except ValueError:
                self.error(
                    "briefgen.bad-date",
                    f"the article's published time '{self.article.date}' is not an ISO 8601 "
                    "date; set 'date' in the sidecar",
                    Location(self.path, 1, 1),
                )
                return None
        self.error(
            "briefgen.missing-key",
            "missing required key 'date' (the article gives no publication date)",
            Location(self.path, 1, 1),
        )
        return None

    def _slug(self) -> str | None:
        if self.sidecar.slug:
            return self.sidecar.slug
        stem = self.article.path.stem
        if SLUG.fullmatch(stem):
            return stem
        suggestion = tag_slug(stem)
        self.error(
            "briefgen.bad-slug",
            f"the file name '{stem}' is not a valid slug (expected [a-z0-9-]+); "
            f"rename the files or set slug: {suggestion or 'my-briefing'}",
            Location(self.path, 1, 1),
        )
        return None

    def _outlet(self) -> Source | None:
        outlet = self.sidecar.outlet
        if outlet in self.shared_sources:
            return self.shared_sources[outlet]
        self.error(
            "briefgen.unknown-source",
            f"unknown outlet '{outlet}': expected an id of the shared sources register"
            + did_you_mean(outlet, self.shared_sources),
            self.at("outlet"),
        )
        return None

    def _sources(self) -> list[Source]:
        result = []
        for index, item in enumerate(self.sidecar.sources):
            shared = self.shared_sources.get(item.id)
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
            if item.is_bare:
                self.error(
                    "briefgen.unknown-source",
                    f"unknown source '{item.id}': expected an id of the shared sources register "
                    "or a mapping with label and reliability"
                    + did_you_mean(item.id, self.shared_sources),
                    self.at("sources", index),
                )
                continue
            missing = [k for k in ("label", "reliability") if getattr(item, k) is None]
            if missing:
                self.error(
                    "briefgen.missing-key",
                    f"missing required key '{missing[0]}' in source '{item.id}' (a new source, "
                    "not in the shared register)",
                    self.at("sources", index),
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

    def _anchor(self, kind: str, index: int, item: Anchored) -> Span | None:
        result = anchor_quote(
            self._folded(),
            item.quote,
            occurrence=item.occurrence,
            prefix=item.prefix,
            suffix=item.suffix,
        )
        if isinstance(result, QuoteProblem):
            self.error(result.code, result.message, self.at(kind, index, "quote"))
            return None
        return result

    def _folded(self) -> FoldedText:
        if self._folded_body is None:
            self._folded_body = fold(self.body)
        return self._folded_body

    def _claims(self, sources: list[Source]) -> list[Claim]:
        known = {s.id: s for s in sources}
        claims = []
        body = self.body
        for index, item in enumerate(self.sidecar.claims):
            source = known.get(item.source) or self.shared_sources.get(item.source)
            if source is None:
                self.error(
                    "briefgen.unknown-source",
                    f"unknown source '{item.source}'"
                    + did_you_mean(item.source, [*known, *self.shared_sources]),
                    self.at("claims", index, "source"),
                )
            span = self._anchor("claims", index, item)
            if span is not None and source is not None:
                claims.append(
                    Claim(
                        key=f"c{index + 1}",
                        span=span,
                        quote=body[span.start : span.end],
                        source=source,
                        credibility=item.credibility,
                        note=item.note,
                    )
                )
        return claims

    def _notes(self) -> list[Note]:
        notes = []
        body = self.body
        for index, item in enumerate(self.sidecar.notes):
            span = self._anchor("notes", index, item)
            if span is not None:
                notes.append(
                    Note(f"n{index + 1}", span, body[span.start : span.end], item.text)
                )
        return notes

    def _overlaps(self, claims: list[Claim], notes: list[Note]) -> None:
        items: list[tuple[str, int, Span]] = [
            ("claims", int(c.key[1:]) - 1, c.span) for c in claims
        ] + [("notes", int(n.key[1:]) - 1, n.span) for n in notes]
        for first, second in partial_overlaps([span for _, _, span in items]):
            a, b = sorted((items[first], items[second]), key=lambda i: self.at(i[0], i[1]))
            where = self.at(a[0], a[1], "quote")
            self.error(
                "briefgen.quote-overlap",
                f"this quote partly overlaps the quote of {a[0][:-1]} {a[1] + 1} "
                f"(line {where.line}); annotations may nest but not cross",
                self.at(b[0], b[1], "quote"),
            )

    def _local_terms(self) -> dict[str, Term]:
        """Terms of this briefing: shared ones, with local overrides and additions."""
        terms: dict[str, Term] = {}
        for index, item in enumerate(self.sidecar.glossary):
            shared = self.glossary.get(item.id)
            if shared is None and (item.term is None or item.definition is None):
                missing = "term" if item.term is None else "definition"
                self.error(
                    "briefgen.missing-key",
                    f"missing required key '{missing}' in glossary term '{item.id}' (a new term, "
                    "not in the shared glossary)",
                    self.at("glossary", index),
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

    def _terms(self, claims: list[Claim], notes: list[Note]) -> list[tuple[Term, TermMatch]]:
        local = self._local_terms()
        for index, term_id in enumerate(self.sidecar.glossary_exclude):
            if term_id not in self.glossary:
                self.error(
                    "briefgen.unknown-term",
                    f"unknown glossary id '{term_id}' in glossary_exclude"
                    + did_you_mean(term_id, self.glossary),
                    self.at("glossary_exclude", index),
                )
        excluded_ids = set(self.sidecar.glossary_exclude)
        excluded_spans = _mark_spans(self.article, ("link", "code"))
        boundaries = [c.span for c in claims] + [n.span for n in notes]
        matches = self.matcher.first_occurrences(
            self._folded(),
            excluded=excluded_spans,
            boundaries=boundaries,
            skip=excluded_ids | set(local),
        )
        if local:
            local_matcher = GlossaryMatcher([TermPattern(t.id, t.phrases) for t in local.values()])
            matches = _merge_matches(
                matches,
                local_matcher.first_occurrences(
                    self._folded(), excluded=excluded_spans, boundaries=boundaries
                ),
            )
        found = {m.id for m in matches}
        for index, item in enumerate(self.sidecar.glossary):
            if item.id in local and item.id not in found:
                self.diagnostics.warning(
                    "briefgen.term-not-found",
                    f"glossary term '{item.id}' ({local[item.id].term}) never occurs in the "
                    "article",
                    self.at("glossary", index),
                )
        return [(local.get(m.id) or self.glossary[m.id], m) for m in matches]

    def _warnings(self, claims: list[Claim], terms: list[tuple[Term, TermMatch]]) -> None:
        body = self.body
        # The shared phrases are folded once per site; only a briefing's own
        # terms and overrides (a few phrases) are folded here.
        own = [p for t, _ in terms if self.glossary.get(t.id) != t for p in t.phrases]
        known = self.known.with_phrases(own) if own else self.known
        covered = [m.span for _, m in terms]
        for word, offset in uncovered_acronyms(body, covered, known):
            self.diagnostics.warning(
                "briefgen.uncovered-acronym",
                f"'{word}' ({_paragraph(self.article, offset)}) is not explained by any glossary "
                "entry; add one to glossary:",
                Location(self.path, 1, 1),
            )
        for span in anonymous_attributions(body, [c.span for c in claims]):
            excerpt = _excerpt(body[span.start : span.end])
            self.diagnostics.warning(
                "briefgen.anonymous-claim",
                f"statement attributed to an anonymous source is not covered by a claim "
                f"({_paragraph(self.article, span.start)}: \"{excerpt}\")",
                self.at("claims") if self.sidecar.claims else Location(self.path, 1, 1),
            )


def _known_phrases(glossary: dict[str, Term]) -> KnownPhrases:
    return KnownPhrases(p for t in glossary.values() for p in t.phrases)


def _merge_matches(first: list[TermMatch], second: list[TermMatch]) -> list[TermMatch]:
    """Combine two sets of first occurrences; where they overlap the longest wins."""
    merged: list[TermMatch] = []
    for match in sorted(first + second, key=lambda m: (m.span.start, -(m.span.end))):
        clash = next(
            (m for m in merged if m.span.start < match.span.end and match.span.start < m.span.end),
            None,
        )
        if clash is None:
            merged.append(match)
        elif (match.span.end - match.span.start) > (clash.span.end - clash.span.start):
            merged[merged.index(clash)] = match
    return sorted(merged, key=lambda m: m.span.start)


def _mark_spans(article: Article, kinds: Iterable[str]) -> list[Span]:
    wanted = set(kinds)
    return [
        Span(offset + mark.start, offset + mark.end)
        for block, offset in zip(article.blocks, article.block_offsets, strict=True)
        for mark in block.marks
        if mark.kind in wanted
    ]


def _paragraph(article: Article, offset: int) -> str:
    number = sum(1 for start in article.block_offsets if start <= offset)
    return f"paragraph {max(number, 1)}"


def _excerpt(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def tag_slug(tag: str) -> str:
    """The URL form of a tag: lower case, runs of other characters as '-'."""
    return re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")


# --- the whole site ------------------------------------------------------------------


def load_site(
    settings: BuildSettings, diagnostics: DiagnosticList, cache: Any = None
) -> Site:
    """Read and check all content; problems go to ``diagnostics``.

    ``cache`` (a :class:`briefgen.incremental.BriefingCache`) reuses briefings
    checked by an earlier build from the same inputs, with their warnings.
    """
    content = settings.content
    if not content.is_dir():
        diagnostics.error(
            "briefgen.no-content", f"content folder not found: {content}", Location(content)
        )
        return Site([], {}, {})
    limits = settings.limits
    yaml_limits = YamlLimits(limits.max_sidecar_bytes, limits.max_yaml_nodes, limits.max_text_chars)
    glossary_loaded = load_glossary(_yaml_files(content / "glossary"), diagnostics, yaml_limits)
    sources_loaded = load_sources(_yaml_files(content / "sources"), diagnostics, yaml_limits)
    _check_see_also(glossary_loaded, diagnostics)
    glossary = {i: _shared_term(i, loaded.value) for i, loaded in sorted(glossary_loaded.items())}
    sources = {i: _shared_source(i, loaded.value) for i, loaded in sorted(sources_loaded.items())}
    matcher = GlossaryMatcher([TermPattern(t.id, t.phrases) for t in glossary.values()])
    known = _known_phrases(glossary)

    briefings: list[Briefing] = []
    if cache is not None:
        cache.start(glossary, sources, settings)
    pairs = discover_briefings(content, diagnostics)
    hits = [cache.lookup(*pair) if cache is not None else None for pair in pairs]
    context = _CheckContext(settings, yaml_limits, glossary, sources, matcher, known, cache)
    checked = _check_pairs(
        [pair for pair, hit in zip(pairs, hits, strict=True) if hit is None],
        context,
        diagnostics.silenced,
    )
    # Results are taken in the order of the files, so the diagnostics are too.
    for (article_path, sidecar_path), hit in zip(pairs, hits, strict=True):
        if hit is not None:
            briefings.append(hit[0])
            diagnostics.extend(hit[1])
            continue
        briefing, found, recorded = next(checked)
        diagnostics.extend(found)
        if briefing is not None:
            briefings.append(briefing)
        if cache is not None and recorded is not None:
            cache.adopt(article_path, sidecar_path, recorded)
    checked.close()  # ends the worker processes, if any

    _check_slugs(briefings, diagnostics)
    _link_related(briefings, diagnostics, cache)
    briefings.sort(key=lambda b: (_sortable_date(b.date), b.slug), reverse=True)
    return Site(
        briefings=briefings,
        glossary=glossary,
        sources=sources,
    )


# --- checking briefings, in worker processes when there are many -------------------

PARALLEL_CHECKS = 200  # at least this many briefings to check: use a process pool
_CHECK_CHUNK = 16


@dataclass(frozen=True)
class _CheckContext:
    """What checking one briefing needs besides its files (shared by all)."""

    settings: BuildSettings
    yaml_limits: YamlLimits
    glossary: dict[str, Term]
    sources: dict[str, Source]
    matcher: GlossaryMatcher
    known: KnownPhrases
    # A briefgen.incremental.BriefingCache: whoever checks a briefing makes its
    # entry (pickling it in a worker process, not the building one; perf, issue 5).
    cache: Any = None


_CONTEXT: _CheckContext | None = None  # set for forked workers, which inherit it
# What checking one pair gives: the briefing (None on errors), its diagnostics,
# and its cache entry (a briefgen.incremental.Recorded, or None).
_Checked = tuple[Briefing | None, list[Diagnostic], Any]


def _check_one(
    pair: tuple[Path, Path], context: _CheckContext, diagnostics: DiagnosticList
) -> Briefing | None:
    article_path, sidecar_path = pair
    limits = context.yaml_limits
    article = read_article(
        article_path, diagnostics, max_bytes=context.settings.limits.max_article_bytes
    )
    loaded = load_sidecar(
        sidecar_path,
        diagnostics,
        max_bytes=limits.max_bytes,
        max_alias_nodes=limits.max_alias_nodes,
        max_chars=limits.max_chars,
    )
    if article is None or loaded is None:
        return None
    checker = _BriefingChecker(
        article,
        loaded,
        context.glossary,
        context.sources,
        context.matcher,
        diagnostics,
        context.known,
    )
    return checker.check()


def _check_and_record(
    pair: tuple[Path, Path], context: _CheckContext, silenced: frozenset[str]
) -> _Checked:
    found = DiagnosticList(silenced=silenced)
    briefing = _check_one(pair, context, found)
    recorded = None
    if briefing is not None and context.cache is not None:
        recorded = context.cache.record(*pair, briefing, found.items)
    return briefing, found.items, recorded


def _check_in_worker(job: tuple[tuple[Path, Path], frozenset[str]]) -> _Checked:
    assert _CONTEXT is not None
    return _check_and_record(job[0], _CONTEXT, job[1])


def _check_pairs(
    pairs: list[tuple[Path, Path]], context: _CheckContext, silenced: frozenset[str]
) -> Generator[_Checked, None, None]:
    """Check each pair, in order: ``(briefing or None, its diagnostics, cache key)``.

    Many briefings are checked by forked worker processes (each briefing is
    independent; perf, issue 5); the results and diagnostics are the same.
    """
    global _CONTEXT
    workers = worker_count()
    if len(pairs) < PARALLEL_CHECKS or workers < 2:
        for pair in pairs:
            yield _check_and_record(pair, context, silenced)
        return
    _CONTEXT = context
    pool = fork_pool(workers)
    try:
        yield from pool.imap(
            _check_in_worker, [(pair, silenced) for pair in pairs], chunksize=_CHECK_CHUNK
        )
    finally:
        pool.terminate()
        pool.join()
        _CONTEXT = None


def _sortable_date(date: dt.date | dt.datetime) -> str:
    if isinstance(date, dt.datetime):
        if date.tzinfo is not None:
            date = date.astimezone(dt.UTC).replace(tzinfo=None)
        return date.isoformat()
    return dt.datetime.combine(date, dt.time()).isoformat()


def _check_slugs(briefings: list[Briefing], diagnostics: DiagnosticList) -> None:
    seen: dict[str, Briefing] = {}
    for briefing in list(briefings):
        first = seen.setdefault(briefing.slug, briefing)
        if first is not briefing:
            diagnostics.error(
                "briefgen.duplicate-slug",
                f"slug '{briefing.slug}' is already used by {first.sidecar_path.name}",
                Location(briefing.sidecar_path, 1, 1),
            )
            briefings.remove(briefing)


def _link_related(
    briefings: list[Briefing], diagnostics: DiagnosticList, cache: Any = None
) -> None:
    """Explicit related links, backlinks, and briefings that share terms.

    The "shares terms" ranking depends on every briefing's slug, date, terms
    and listed links only; ``cache`` (a BriefingCache) keeps the last one, so
    a build in which none of those changed (most rebuilds) reuses it: ranking
    5,000 briefings takes ~0.7 s (perf, issue 5).
    """
    by_slug = {b.slug: b for b in briefings}
    backlinks: dict[str, list[str]] = defaultdict(list)
    for briefing in briefings:
        for link in briefing.listed_related:
            if link.slug not in by_slug:
                diagnostics.error(
                    "briefgen.unknown-related",
                    f"unknown briefing slug '{link.slug}' in related"
                    + did_you_mean(link.slug, by_slug),
                    link.location,
                )
            else:
                backlinks[link.slug].append(briefing.slug)
    listed: dict[str, list[RelatedLink]] = {}
    shown: dict[str, set[str]] = {}
    for briefing in briefings:
        links = [link for link in briefing.listed_related if link.slug in by_slug]
        seen = {briefing.slug} | {link.slug for link in links}
        for slug in sorted(backlinks.get(briefing.slug, [])):
            if slug not in seen:
                links.append(RelatedLink(slug, "links here"))
                seen.add(slug)
        listed[briefing.slug], shown[briefing.slug] = links, seen
    key = _ranking_key(briefings, shown)
    ranked = cache.ranking(key) if cache is not None else None
    if ranked is None:
        ranked = _rank_by_shared_terms(by_slug, shown)
        if cache is not None:
            cache.remember_ranking(key, ranked)
    for briefing in briefings:
        briefing.related = listed[briefing.slug] + [
            RelatedLink(slug, "shares terms") for slug in ranked[briefing.slug]
        ]


def _ranking_key(briefings: list[Briefing], shown: dict[str, set[str]]) -> str:
    """Digest of everything :func:`_rank_by_shared_terms` reads."""
    hasher = hashlib.blake2b(f"{RELATED_BY_TERMS} {TERM_USERS_RANKED}".encode(), digest_size=16)
    for briefing in sorted(briefings, key=lambda b: b.slug):
        fields = (
            briefing.slug,
            _sortable_date(briefing.date),
            "\x1f".join(briefing.term_ids),
            "\x1f".join(sorted(shown[briefing.slug])),
        )
        hasher.update("\x1e".join(fields).encode() + b"\x1d")
    return hasher.hexdigest()


def _rank_by_shared_terms(
    by_slug: dict[str, Briefing], shown: dict[str, set[str]]
) -> dict[str, list[str]]:
    """For each briefing, the briefings not already shown that share most terms with it."""
    # Newest first, then by slug: the order among briefings sharing as many terms
    # (a stable sort keeps the slug order among equal dates, reversed or not).
    dates = {slug: _sortable_date(b.date) for slug, b in by_slug.items()}
    order = sorted(sorted(by_slug), key=dates.__getitem__, reverse=True)
    rank = {slug: index for index, slug in enumerate(order)}
    by_term: dict[str, list[str]] = defaultdict(list)
    for slug in order:
        for term_id in by_slug[slug].term_ids:
            by_term[term_id].append(slug)
    # A term that most briefings use says little about which are related, and
    # counting all its users makes the ranking grow with N squared: such a term
    # counts only for its newest users (perf, issue 5).
    users = {term_id: slugs[:TERM_USERS_RANKED] for term_id, slugs in by_term.items()}
    ranked: dict[str, list[str]] = {}
    for slug, briefing in by_slug.items():
        shared: Counter[str] = Counter()
        for term_id in briefing.term_ids:
            shared.update(users[term_id])
        for other in shown[slug]:
            shared.pop(other, None)
        ranked[slug] = _most_shared(shared, rank)
    return ranked


def _most_shared(shared: Counter[str], rank: dict[str, int]) -> list[str]:
    """The RELATED_BY_TERMS slugs that share the most terms, newest first among equals.

    Only candidates sharing at least as many terms as the last one shown can
    be shown, so those are found first by count alone (a sort in C) and only
    they are ranked in Python: at 5,000 briefings a briefing has ~1,200
    candidates (perf, issue 5).
    """
    by_count = shared.most_common()
    if len(by_count) > RELATED_BY_TERMS:
        least = by_count[RELATED_BY_TERMS - 1][1]
        by_count = list(takewhile(lambda item: item[1] >= least, by_count))
    ranked = sorted(by_count, key=lambda item: (-item[1], rank[item[0]]))
    return [slug for slug, _count in ranked[:RELATED_BY_TERMS]]

