"""The build: check, render, publish with Pelican, then swap the output in.

The published folder is replaced only after a whole build succeeded (see
:mod:`briefgen.publish.outputs.staging`): whatever goes wrong before that (bad
input, a template error, a crash in a plugin, a full disk, an interrupt)
leaves the published folder exactly as it was.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.boundary import check_folder
from briefgen.check import load_site
from briefgen.diagnostics import DiagnosticList, Location
from briefgen.errors import BuildError
from briefgen.incremental import BriefingCache, BuildState, code_stamp
from briefgen.language import standard_tag
from briefgen.model import Site
from briefgen.progress import BuildProgress
from briefgen.publish.outputs.annotations import ExportSettings, write_annotations
from briefgen.publish.outputs.siteurl import siteurl_problem
from briefgen.publish.outputs.staging import PendingSearch, SearchMode, publish_site
from briefgen.publish.outputs.swap import finish_removals
from briefgen.publish.plugin.state import PublishOutcome
from briefgen.reanchor.history import record_site
from briefgen.render import page_keys, render_site
from briefgen.render.claims import claims_views
from briefgen.render.listings import write_listings
from briefgen.render.page import briefing_page
from briefgen.render.record import RENDERED, RenderedRecord
from briefgen.settings import BuildSettings
from briefgen.sidecar.site_schema import site_ids_of, write_site_schema


@dataclass
class BuildReport:
    site: Site | None = None
    rendered: int = 0
    published: PublishOutcome | None = None  # None: Pelican did not need to run
    seconds: dict[str, float] = field(default_factory=dict)
    pending_search: PendingSearch | None = None  # with search="later": the index to make


def check(
    settings: BuildSettings, diagnostics: DiagnosticList, only: Collection[Path] | None = None
) -> Site:
    """Read and check everything (or ``only`` these briefings' files); write nothing."""
    return load_site(settings, diagnostics, only=only)


def theme_folder(settings: BuildSettings) -> Path | None:
    """The theme folder Pelican will use, if it is a folder of the site's (not one of Pelican's).

    As Pelican reads it: a relative ``THEME`` is taken from the settings
    file's folder when it exists there, else it names a theme of Pelican's.
    """
    theme = settings.pelican.get("THEME")
    if not isinstance(theme, str) or not theme:
        return None
    path = Path(theme)
    if not path.is_absolute() and settings.settings_file is not None:
        path = settings.settings_file.parent / path
    return Path(os.path.abspath(path)) if path.is_dir() else None


def refuse_dangerous_output(settings: BuildSettings, diagnostics: DiagnosticList) -> bool:
    """True (with an error) if replacing the output folder could destroy other files."""
    output = settings.output.resolve()
    content = settings.content.resolve()
    root = settings.root.resolve()
    dangerous = {Path("/"), Path.home().resolve(), root}
    reason = None
    if output in dangerous:
        reason = "it is the file system root, the home folder or the site root"
    elif content.is_relative_to(output):
        reason = "it contains the content folder"
    elif output.is_relative_to(content):
        reason = "it lies inside the content folder"
    elif settings.work.resolve().is_relative_to(output):
        reason = "it contains briefgen's work folder"
    elif output.exists() and not output.is_dir():
        reason = "it is a file, not a folder"
    if reason:
        diagnostics.error(
            "briefgen.bad-output",
            f"refusing to replace output folder {output}: {reason}",
            Location(settings.settings_file or output),
        )
        return True
    return False


def siteurl_unusable(settings: BuildSettings, diagnostics: DiagnosticList) -> bool:
    """True (with an error at the settings file) if SITEURL cannot be the site's address.

    A settings file that publishes says so with ``BRIEFGEN["publish"] = True``
    (``publishconf.py``): it needs an absolute SITEURL, never a placeholder.
    """
    own = settings.pelican.get("BRIEFGEN")
    required = isinstance(own, dict) and bool(own.get("publish"))
    problem = siteurl_problem(settings.pelican.get("SITEURL", ""), required=required)
    if problem is not None:
        where = settings.settings_file
        diagnostics.error("briefgen.bad-settings", problem,
                          Location(where) if where is not None else None)
    return problem is not None


def build(
    settings: BuildSettings,
    diagnostics: DiagnosticList,
    *,
    full: bool = False,
    search: SearchMode = "now",
    run_pelican: bool = False,
) -> BuildReport:
    """Check, render and publish; raise :class:`BuildError` if anything failed.

    The build is incremental: it reuses what the previous one recorded under
    ``.briefgen/`` (see :mod:`briefgen.incremental`); ``full`` ignores that
    record and rebuilds everything.  The result is the same either way.
    Builds of one site root run one at a time: a second one waits for the
    first (and says so on standard error).  ``search="later"`` publishes
    without waiting for the search index and returns it to make as
    ``report.pending_search`` (see :class:`~briefgen.publish.outputs.staging.PendingSearch`).
    ``run_pelican``: publish even when nothing Pelican reads changed (the
    devserver keeps what Pelican made, see :mod:`briefgen.devserver.fastpage`).
    """
    report = BuildReport()
    started = time.perf_counter()
    if refuse_dangerous_output(settings, diagnostics):
        raise BuildError("the output folder cannot be used")
    if settings.settings_file is None:
        diagnostics.error(
            "briefgen.bad-settings",
            "no settings file: expected pelicanconf.py in the site root, or --settings FILE",
            Location(settings.root / "pelicanconf.py"),
        )
        raise BuildError("no settings to publish with")
    if siteurl_unusable(settings, diagnostics):
        raise BuildError("the settings have errors; nothing was published")
    theme = theme_folder(settings)
    if theme is not None:
        check_folder(settings.root, theme, "theme folder", diagnostics)
    # Where earlier versions kept their records (now all in the build state).
    shutil.rmtree(settings.work / "cache", ignore_errors=True)
    state = BuildState.open(settings.work, read=not full, on_wait=_say_waiting)
    state.declare("code", code_stamp())
    cache = BriefingCache(state)
    try:
        with BuildProgress() as progress:
            with _collector_paused():
                site = load_site(settings, diagnostics, cache)
            site.language = standard_tag(str(settings.pelican.get("DEFAULT_LANG", ""))) or "en"
            # Saved even if some briefing has errors: the next build re-checks only what changed.
            cache.save()
            report.site = site
            # The editors' schema lists the site's ids: kept up to date by every build.
            write_site_schema(settings.work, site_ids_of(site))
            report.seconds["check"] = time.perf_counter() - started
            if diagnostics.has_errors(strict=settings.strict):
                raise BuildError("the content has errors; nothing was published")

            started = time.perf_counter()
            record = RenderedRecord(state.table(RENDERED))
            progress.start("briefings rendered", len(site.pages))
            views = claims_views(site)
            # What each page is made from: unchanged pages are neither rendered
            # nor exported again (nor their briefings read whole from the record).
            keys = page_keys(site, cache.key_of, views)
            written = render_site(
                site,
                settings.rendered,
                record=record,
                on_briefing=progress.advance,
                parallel=settings.parallel,
                views=views,
                keys=keys,
            )
            report.rendered = len(written)
            record.save()
            write_listings(site, settings.work / "site.json", state, cache.key_of)
            report.seconds["render"] = time.perf_counter() - started

            started = time.perf_counter()
            progress.start("pages written", None)
            every = [settings.rendered / "briefings" / f"{b.slug}.md" for b in site.pages]
            published = publish_site(
                settings, diagnostics, state, progress, (every, written),
                extra=lambda staging, config, reuse: write_annotations(
                    site.briefings, staging, ExportSettings.from_pelican(config),
                    page_of=lambda briefing: briefing_page(briefing, site, views[briefing.slug]),
                    inputs_key=lambda briefing: keys[briefing.slug], reuse=reuse,
                ),
                search=search,
                always=run_pelican,
            )
            report.published, report.pending_search = published.outcome, published.pending_search
            report.seconds["publish"] = time.perf_counter() - started
            # What was anchored, for `briefgen reanchor` when the articles change.
            record_site(state, settings.content, site.pages, made_from=cache.key_of)
    finally:
        state.close()
        finish_removals()
        gc.unfreeze()  # a long-lived process (the dev server) may free them later
    return report


def _say_waiting() -> None:
    print(
        "briefgen: waiting for another build of this site root to finish", file=sys.stderr,
        flush=True,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Run without the cyclic garbage collector, then exempt what was made from it.

    Loading 1,000 cached briefings makes millions of objects that live to the
    end of the build; the collector traversed them again and again while they
    were unpickled and after.
    Unpickling makes no garbage, and large checks run in worker processes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # survivors move to the permanent generation: never traversed
        if enabled:
            gc.enable()


