"""The page of one saved briefing, made at once from what the last build kept.

A rebuild runs Pelican over every briefing, which costs what the archive
holds; an editor who saved one sidecar or article waits for one page.  The
devserver is long-lived, so it keeps what the last successful build made
(:class:`KeptBuild`: the checked :class:`~briefgen.model.Site`, the shared
registers, and Pelican's articles generator with its templates and context)
and, when a save touches one briefing's files only, makes that briefing's
page the way the build will:

1. check the briefing alone against the kept registers (:func:`check_briefing`);
2. put it in the place of its old self in the kept site and render its
   Markdown (:func:`~briefgen.render.render_briefing`);
3. read that Markdown with Pelican's readers and write its page with the
   build's writer, templates and context, into a scratch folder.

The devserver serves those bytes from memory and tells the open pages at
once; the ordinary build then runs and publishes everything (the page is
the same bytes: ``tests/e2e/test_devserver_fast.py``).

It declines (:class:`Declined`: the devserver just rebuilds) when the save
is anything else (a new, removed or renamed file, two briefings, the
glossary, the sources, the settings or the theme), when the briefing has an
error (the build reports it as usual), or when the save changes what other
briefings' pages or the pages its links lead to show of it: its slug, date,
title, tags, draft status, terms, outlet, claims, follow-ups or listed
links.  A changed summary or body is shown at once; the index and tag pages
that list the summary follow when the build lands.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from briefgen.boundary import Folder
from briefgen.check.briefing import check_briefing
from briefgen.check.registers import Registers, load_registers
from briefgen.diagnostics import DiagnosticList
from briefgen.ingest import read_article
from briefgen.model import Briefing, Site
from briefgen.render import create_environment, render_briefing
from briefgen.render.claims import claims_view
from briefgen.render.page import briefing_ref, source_view
from briefgen.settings import BuildSettings
from briefgen.sidecar import Loaded, YamlLimits, load_sidecar_or_salvage

SCRATCH = "devserver-page"  # under the work folder: the page's Markdown and HTML, briefly


@dataclass(frozen=True)
class Declined:
    """Why the saved files' page is not made early (the devserver rebuilds as before)."""

    reason: str


@dataclass(frozen=True)
class FastPage:
    """One briefing's page, as the build about to run will publish it."""

    slug: str
    file: str  # its file in the output folder, e.g. "briefings/x/index.html"
    html: bytes
    phases: dict[str, float] = field(default_factory=dict)

    def matches(self, output: Path) -> bool:
        """Whether ``output`` holds exactly these bytes for the page."""
        try:
            return (output / self.file).read_bytes() == self.html
        except OSError:
            return False


@dataclass
class KeptBuild:
    """What the last successful build made that one briefing's page needs."""

    settings: BuildSettings
    site: Site
    generator: Any  # Pelican's ArticlesGenerator of that build's run
    # Each briefing's article and sidecar (absolute paths) -> the briefing.
    owners: dict[Path, Briefing] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for briefing in self.site.pages:
            for path in (briefing.article_path, briefing.sidecar_path):
                self.owners[Path(os.path.abspath(path))] = briefing


class FastPages:
    """Makes one briefing's page from the kept build; see the module docstring.

    Pelican's generator is taken at its ``article_generator_finalized``
    signal while :meth:`watching` is open (the devserver's builds run in
    this process); :meth:`adopt` keeps it with the build's site when the
    build succeeded.  :meth:`release` drops them before the next build,
    which makes its own (two at once would double the memory of a large
    site).
    """

    def __init__(self) -> None:
        self.kept: KeptBuild | None = None
        self.registers: Registers | None = None
        self._registers_of: Path | None = None
        self._seen: Any = None
        self._environment: jinja2.Environment | None = None

    # --- what a build leaves -------------------------------------------------------

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Take the articles generator of every Pelican run meanwhile."""
        from pelican import signals

        signals.article_generator_finalized.connect(self._take, weak=False)
        try:
            yield
        finally:
            signals.article_generator_finalized.disconnect(self._take)

    def _take(self, generator: Any) -> None:
        self._seen = generator

    def release(self) -> None:
        self.kept = None
        self._seen = None
        gc.unfreeze()  # what was kept may be collected again (see adopt)

    def adopt(self, settings: BuildSettings | None, site: Site | None, ok: bool) -> None:
        """Keep what a build made, if it succeeded and ran Pelican."""
        generator, self._seen = self._seen, None
        if not ok or settings is None or site is None or generator is None:
            return
        # The run's template cache lived in its build state, which is closed now.
        generator.env.bytecode_cache = None
        self.kept = KeptBuild(settings, site, generator)
        if self.registers is None or self._registers_of != settings.content:
            folder = Folder.at(settings.content)
            self.registers = load_registers(
                settings.content, DiagnosticList(), YamlLimits.of(settings.limits), folder
            )
            self._registers_of = settings.content
        # Millions of objects at 5,000 briefings that live until the next build:
        # out of the collector's sight, a save's garbage collection does not walk them.
        gc.freeze()

    def forget_registers(self) -> None:
        """The glossary or sources may have changed: read them again after the build."""
        self.registers = None

    # --- one saved briefing ------------------------------------------------------------

    def page(self, changed: Iterable[Path]) -> FastPage | Declined:
        """The page of the one briefing whose files ``changed`` are, if it can be made now."""
        kept, registers = self.kept, self.registers
        if kept is None or registers is None:
            # What changed is not looked at: the registers are read again after the build.
            self.forget_registers()
            return Declined("nothing kept from a successful build")
        paths = {Path(os.path.abspath(path)) for path in changed}
        owners = {id(kept.owners.get(path)): kept.owners.get(path) for path in paths}
        old = next(iter(owners.values())) if len(owners) == 1 else None
        if old is None:
            self.forget_registers()
            return Declined("not one briefing's article or sidecar")
        if not all(path.is_file() for path in paths):
            return Declined("a file was removed")
        settings = kept.settings
        phases: dict[str, float] = {}
        started = time.perf_counter()
        new = _check(old, settings, registers)
        if new is None:
            return Declined("the briefing has problems")
        if seen_elsewhere(new, kept.site) != seen_elsewhere(old, kept.site):
            return Declined("the save changes other pages")
        new.related = old.related  # made from what other pages see: unchanged
        site = _swapped(kept.site, old, new)
        phases["check"] = time.perf_counter() - started

        started = time.perf_counter()
        if self._environment is None:
            self._environment = create_environment()
        markdown = render_briefing(self._environment, new, site, view=claims_view(new, site))
        phases["render"] = time.perf_counter() - started

        started = time.perf_counter()
        file, html = _page_html(kept, new.slug, markdown)
        phases["page"] = time.perf_counter() - started
        return FastPage(new.slug, file, html, phases)


def seen_elsewhere(briefing: Briefing, site: Site) -> object:
    """What pages other than the briefing's own (and the links it shows) take from it.

    Lists and related links show its reference (slug, title, date,
    language); tag, term and source pages list it by its tags, terms and
    outlet; claim stories and source pages show its claims and follow-ups;
    listed links make backlinks.  Positions in the article (spans) are its
    page's own.  The summary is left out: the index and tag pages that show
    it are brought up to date by the build that follows.
    """
    return (
        briefing_ref(briefing, site),
        briefing.draft,
        tuple(briefing.tags),
        tuple(briefing.term_ids),
        source_view(briefing.outlet),
        tuple(
            (c.key, c.id, c.quote, c.credibility, source_view(c.source), c.note)
            for c in briefing.claims
        ),
        tuple((f.key, f.quote, f.target, f.outcome, f.note) for f in briefing.follows),
        tuple((link.slug, link.reason, link.note) for link in briefing.listed_related),
    )


def _check(old: Briefing, settings: BuildSettings, registers: Registers) -> Briefing | None:
    """The briefing checked again from its files; None if it has an error (or, with
    ``strict``, a warning)."""
    diagnostics = DiagnosticList(silenced=settings.silence)
    folder = Folder.at(settings.content)
    article = read_article(
        Path(old.article_path), diagnostics,
        max_bytes=settings.limits.max_article_bytes, folder=folder,
    )
    loaded = load_sidecar_or_salvage(
        Path(old.sidecar_path), diagnostics, limits=YamlLimits.of(settings.limits), folder=folder
    )
    if article is None or not isinstance(loaded, Loaded):
        return None
    briefing = check_briefing(
        article, loaded, registers, diagnostics, publishing=settings.publishing
    )
    if briefing is None or diagnostics.has_errors(strict=settings.strict):
        return None
    return briefing


def _swapped(site: Site, old: Briefing, new: Briefing) -> Site:
    """``site`` with ``new`` in the place of ``old`` (the kept site is left as it is)."""
    return Site(
        [new if b is old else b for b in site.briefings],
        site.glossary,
        site.sources,
        language=site.language,
        drafts=[new if b is old else b for b in site.drafts],
        ledger=site.ledger,
    )


def _page_html(kept: KeptBuild, slug: str, markdown: str) -> tuple[str, bytes]:
    """The page Pelican writes for this rendered briefing: read by Pelican's readers,
    written by the build's writer with the run's templates and context."""
    from pelican import signals
    from pelican.contents import Article

    from briefgen.publish.plugin.writer import BriefgenWriter

    generator = kept.generator
    scratch = kept.settings.work / SCRATCH
    shutil.rmtree(scratch, ignore_errors=True)
    source = scratch / "rendered" / "briefings" / f"{slug}.md"
    source.parent.mkdir(parents=True)
    source.write_text(markdown, encoding="utf-8")
    try:
        article = generator.readers.read_file(
            base_path=str(scratch / "rendered"),
            path=f"briefings/{slug}.md",
            content_class=Article,
            context=generator.context,
            preread_signal=signals.article_generator_preread,
            preread_sender=generator,
            context_signal=signals.article_generator_context,
            context_sender=generator,
        )
        values: dict[str, Any] = {
            "article": article,
            "category": getattr(article, "category", None),
            "override_output": hasattr(article, "override_save_as"),
            "url": article.url,
            "blog": True,
        }
        if article.status == "draft":  # as Pelican's generate_drafts writes a draft
            values["all_articles"] = generator.articles
        # Without the build's run state the writer renders every page it is given.
        writer = BriefgenWriter(str(scratch / "output"), settings=generator.settings)
        writer.write_file(
            article.save_as,
            generator.get_template(article.template),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            **values,
        )
        file = os.path.normpath(article.save_as)
        return file, (scratch / "output" / file).read_bytes()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
