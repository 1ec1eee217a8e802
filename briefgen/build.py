"""The build: check, render, publish with Pelican, then swap the output in.

The published folder is replaced only after a whole build succeeded:
Pelican writes into a staging folder beside it, which is renamed into place
at the end.  Whatever goes wrong before that (bad input, a template error, a
crash in a plugin, a full disk, an interrupt) leaves the published folder
exactly as it was and removes the staging folder.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from briefgen.boundary import check_folder
from briefgen.check import load_site
from briefgen.diagnostics import DiagnosticList, Location
from briefgen.incremental import (
    BriefingCache,
    BuildState,
    code_stamp,
    digest,
    files_stamp,
    tree_digest,
)
from briefgen.language import standard_tag
from briefgen.model import Site
from briefgen.progress import BuildProgress
from briefgen.publish.annotations import ExportSettings, write_annotations
from briefgen.publish.record import PAGES, READ, PageRecord, ReadRecord
from briefgen.publish.siteurl import siteurl_problem
from briefgen.publish.state import (
    REQUEST,
    PageReuse,
    PublishOutcome,
    PublishRequest,
    close_state,
)
from briefgen.reanchor.history import record_site
from briefgen.render import render_site, site_data, write_if_changed
from briefgen.render.record import RENDERED, RenderedRecord
from briefgen.settings import BuildSettings
from briefgen.sidecar.site_schema import site_ids_of, write_site_schema


class BuildError(Exception):
    """A build step failed; the message says what happened."""


@dataclass
class BuildReport:
    site: Site | None = None
    rendered: int = 0
    published: PublishOutcome | None = None  # None: Pelican did not need to run
    seconds: dict[str, float] = field(default_factory=dict)


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


class _PelicanLog(logging.Handler):
    """Collects what Pelican logs, so that its errors fail the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.ERROR]

    @property
    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == logging.WARNING]


@contextmanager
def _capture_pelican_log() -> Iterator[_PelicanLog]:
    handler = _PelicanLog()
    logger = logging.getLogger("pelican")
    propagate, level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        logger.setLevel(level)


@contextmanager
def _interrupts_as_exceptions() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt so that clean-up code runs."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def pelican_settings(settings: BuildSettings, staging: Path) -> dict[str, Any]:
    """Pelican's settings for this build, from the settings file plus ours."""
    from pelican.settings import read_settings

    override = {
        "PATH": str(settings.rendered),
        "OUTPUT_PATH": str(staging),
        "DELETE_OUTPUT_DIRECTORY": False,
    }
    path = str(settings.settings_file) if settings.settings_file else None
    config = dict(read_settings(path, override=override))
    # The plugin is what reads the rendered briefings: a settings file that
    # forgot it would publish a site without them.
    if "briefgen.publish" not in config["PLUGINS"]:
        config["PLUGINS"] = [*config["PLUGINS"], "briefgen.publish"]
    return config


def run_pelican(pelican_config: dict[str, Any], request: PublishRequest) -> list[str]:
    """Publish the rendered briefings (see :func:`pelican_settings`); return Pelican's warnings.

    ``request`` travels to the plugin in Pelican's settings; see
    :mod:`briefgen.publish.state`.
    """
    from pelican import Pelican
    from pelican.log import console

    config = {**pelican_config, REQUEST: request}
    quiet, console.quiet = console.quiet, True  # our own summary line replaces Pelican's
    try:
        with _capture_pelican_log() as log:
            Pelican(config).run()
    finally:
        console.quiet = quiet
        close_state(config)  # if the run failed before ``finalized`` closed it
    if log.errors:
        raise BuildError("Pelican reported errors: " + "; ".join(log.errors))
    # Pelican only warns when it cannot copy a theme or static file (a full
    # disk, say); publishing a site with truncated CSS would be worse than none.
    failed_copies = [w for w in log.warnings if w.startswith(_FAILED_COPY)]
    if failed_copies:
        raise BuildError(f"cannot write the site: {failed_copies[0]}")
    return _unexpected(log.warnings, pelican_config)


_FAILED_COPY = "A problem occurred copying file"


def _unexpected(warnings: list[str], pelican_config: dict[str, Any]) -> list[str]:
    """Pelican's warnings, less the one that relative URLs make expected."""
    expected = "Feeds generated without SITEURL" if not pelican_config.get("SITEURL") else None
    return [w for w in warnings if not (expected and w.startswith(expected))]


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


def publish_stamp(settings: BuildSettings, pelican_config: dict[str, Any]) -> str:
    """What every page depends on: settings file, theme, briefgen's code, Pelican."""
    import pelican

    roots = [Path(pelican_config["THEME"])]
    if settings.settings_file is not None:
        roots.append(Path(settings.settings_file))
    # SITEURL may come from the environment (make publish SITEURL=...), not the file.
    return digest(code_stamp(), files_stamp(roots), str(pelican.__version__),
                  str(pelican_config.get("SITEURL")))


def build(
    settings: BuildSettings, diagnostics: DiagnosticList, *, full: bool = False
) -> BuildReport:
    """Check, render and publish; raise :class:`BuildError` if anything failed.

    The build is incremental: it reuses what the previous one recorded under
    ``.briefgen/`` (see :mod:`briefgen.incremental`); ``full`` ignores that
    record and rebuilds everything.  The result is the same either way.
    Builds of one site root run one at a time: a second one waits for the
    first (and says so on standard error).
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
            written = render_site(
                site,
                settings.rendered,
                inputs_key=cache.key_of,
                record=record,
                on_briefing=progress.advance,
                parallel=settings.parallel,
            )
            report.rendered = len(written)
            record.save()
            write_if_changed(
                settings.work / "site.json",
                # Compact: json's C encoder only runs without ``indent`` (5x faster here).
                json.dumps(
                    site_data(site), ensure_ascii=False, sort_keys=True, separators=(",", ":")
                ),
            )
            report.seconds["render"] = time.perf_counter() - started

            started = time.perf_counter()
            progress.start("pages written", None)
            every = [settings.rendered / "briefings" / f"{b.slug}.md" for b in site.pages]
            report.published = _publish(
                settings, diagnostics, state, progress, (every, written),
                extra=lambda staging, config, reuse: write_annotations(
                    site.briefings, staging, ExportSettings.from_pelican(config),
                    inputs_key=cache.key_of, reuse=reuse,
                ),
            )
            report.seconds["publish"] = time.perf_counter() - started
            # What was anchored, for `briefgen reanchor` when the articles change.
            record_site(state, settings.content, site.pages)
    finally:
        state.close()
        _finish_removals()
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
    were unpickled and after (~0.15 s of a one-sidecar rebuild; perf, issue 5).
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


def _publish(
    settings: BuildSettings,
    diagnostics: DiagnosticList,
    state: BuildState,
    progress: BuildProgress,
    bodies: tuple[list[Path], list[Path]] = ([], []),
    extra: Callable[[Path, dict[str, Any], PageReuse], object] | None = None,
) -> PublishOutcome | None:
    """Run Pelican into a staging folder, then swap it in; see the module docstring.

    Unless the build is ``--full``, the writer renders only pages whose
    fingerprints changed and hard-links the others from the previous output
    into the staging folder.  ``bodies`` are the rendered briefings (all, and
    those written by this build): the bodies that will be needed are
    rendered by worker processes meanwhile (all of them when no page can be
    reused).  ``extra`` writes files made from the briefing model (not by
    Pelican) into the staging folder; what it decides with the
    :class:`PageReuse` it is given joins the pages' record, so its
    unchanged files are linked from the previous output like pages.
    Returns what Pelican wrote (None if it did not need to run).
    """
    output = settings.output
    output_name = _output_name(settings)
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    with _interrupts_as_exceptions():
        try:
            with _capture_pelican_log() as log:  # what Pelican says of the settings
                pelican_config = pelican_settings(settings, staging)
            for warning in _unexpected(log.warnings, pelican_config):
                diagnostics.warning("briefgen.pelican", warning, None)
            state.declare("publish", publish_stamp(settings, pelican_config))
            pages = state.table(PAGES)
            previous = PageRecord.load(pages, output_name)
            inputs = tree_digest(settings.rendered, settings.work / "site.json")
            if previous is not None and _unchanged(previous, inputs, output):
                # Pelican would read the same files with the same code and
                # write the same pages: the published output already is them.
                for warning in previous.warnings:
                    diagnostics.warning("briefgen.pelican", warning, None)
                return None
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            reuse = previous is not None and output.is_dir()
            read = ReadRecord(state.table(READ))
            request = PublishRequest(
                site_data=settings.work / "site.json",
                parallel=settings.parallel,
                bodies=[str(path) for path in (bodies[1] if reuse else bodies[0])],
                # Unchanged pages are hard-linked from the old output as the writer reaches them.
                old_pages=previous.pages if previous is not None and reuse else {},
                previous_output=str(output) if reuse else None,
                read_memo=read,
                on_page=progress.advance,
            )
            warnings = run_pelican(pelican_config, request)
            for warning in warnings:
                diagnostics.warning("briefgen.pelican", warning, None)
            assert request.outcome is not None, "closed at Pelican's finalized"
            published = request.outcome
            read.save()
            if extra is not None:
                files = PageReuse(request.old_pages, request.previous_output)
                extra(staging, pelican_config, files)
                published.pages.update(files.new_pages)
            pages.forget(output_name)  # never describe an output it does not match
            _swap_in(staging, output)
            PageRecord(published.pages, inputs, warnings).save(pages, output_name)
            return published
        except BaseException as error:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(error, BuildError):
                raise
            if isinstance(error, KeyboardInterrupt):
                raise BuildError(
                    f"interrupted ({error or 'Ctrl-C'}); output left as it was"
                ) from None
            if isinstance(error, OSError):
                raise BuildError(f"cannot write the site: {error}") from error
            raise BuildError(f"publishing failed: {type(error).__name__}: {error}") from error


def _unchanged(previous: PageRecord, inputs: str, output: Path) -> bool:
    """Whether the output was published from these very inputs and is all still there."""
    if previous.inputs != inputs:
        return False
    return output.is_dir() and all((output / page).is_file() for page in previous.pages)


def _output_name(settings: BuildSettings) -> str:
    """The output folder, relative to the site root when inside it (a moved site still works)."""
    output = settings.output.resolve()
    root = settings.root.resolve()
    return str(output.relative_to(root)) if output.is_relative_to(root) else str(output)


def _swap_in(staging: Path, output: Path) -> None:
    """Put ``staging`` in the place of ``output`` with two renames.

    The retired output is deleted by a thread (file removal waits on the disk,
    not the interpreter) while the build records what it did; see
    :func:`_finish_removals`.
    """
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    remover = threading.Thread(target=shutil.rmtree, args=(retired, True), daemon=True)
    remover.start()
    _REMOVALS.append(remover)


_REMOVALS: list[threading.Thread] = []


def _finish_removals() -> None:
    """Wait for the retired outputs to be deleted (a build leaves none behind)."""
    while _REMOVALS:
        _REMOVALS.pop().join()
