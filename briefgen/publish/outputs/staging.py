"""Publish into a staging folder with Pelican, then swap it in for the output.

The published folder is replaced only after a whole build succeeded:
Pelican writes into a staging folder beside it, which is renamed into place
at the end.  Whatever goes wrong before that (a template error, a crash in a
plugin, a full disk, an interrupt) leaves the published folder exactly as it
was and removes the staging folder.  Unchanged pages are hard-linked from the
previous output (see :mod:`briefgen.publish.plugin.writer`); when nothing Pelican
reads changed, Pelican does not run at all.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any, Literal

from briefgen.diagnostics import DiagnosticList
from briefgen.errors import BuildError
from briefgen.incremental import BuildState, code_stamp, digest, files_stamp, inputs_stamp
from briefgen.progress import BuildProgress
from briefgen.publish.outputs.launcher import Launcher
from briefgen.publish.outputs.record import (
    LISTED,
    PAGES,
    READ,
    TEMPLATE_NAMES,
    TEMPLATES,
    ListedRecord,
    PageRecord,
    ReadRecord,
    TemplateBytecode,
)
from briefgen.publish.outputs.search import (
    BUNDLE,
    PLACES,
    SHARDS,
    EarlyShards,
    PreviousIndex,
    SearchIndexError,
    SearchMemo,
    index_site,
    link_bundle,
    site_language,
)
from briefgen.publish.outputs.search_words import WORDS
from briefgen.publish.outputs.swap import RETIRED, finish_removals, remove_retired, swap_in
from briefgen.publish.plugin.state import (
    REQUEST,
    PageReuse,
    PublishOutcome,
    PublishRequest,
    close_state,
)
from briefgen.settings import BuildSettings


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
    if "briefgen.publish.plugin" not in config["PLUGINS"]:
        config["PLUGINS"] = [*config["PLUGINS"], "briefgen.publish.plugin"]
    return config


def run_pelican(pelican_config: dict[str, Any], request: PublishRequest) -> list[str]:
    """Publish the rendered briefings (see :func:`pelican_settings`); return Pelican's warnings.

    ``request`` travels to the plugin in Pelican's settings; see
    :mod:`briefgen.publish.plugin.state`.
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


def publish_stamp(settings: BuildSettings, pelican_config: dict[str, Any]) -> str:
    """What every page depends on: settings file, theme, briefgen's code, Pelican."""
    import pelican

    roots = [Path(pelican_config["THEME"])]
    if settings.settings_file is not None:
        roots.append(Path(settings.settings_file))
    # SITEURL may come from the environment (make publish SITEURL=...), not the file.
    return digest(code_stamp(), files_stamp(roots), str(pelican.__version__),
                  str(pelican_config.get("SITEURL")))


SearchMode = Literal["now", "later"]


@dataclass
class PendingSearch:
    """The search index of an output published without it (``search="later"``).

    :meth:`run` indexes the output as it is, under the site root's build
    lock (no build changes it meanwhile), swaps the new index in for the
    previous one and records that the output is complete.
    """

    work: Path
    output: Path
    output_name: str
    publish_stamp: str
    language: str
    workers: int = 1

    def run(self, cancelled: Callable[[], bool] | None = None) -> bool:
        """Make the index; False if ``cancelled`` said so first (nothing is changed).

        Raises :class:`SearchIndexError` when it cannot (Pagefind failed, the
        output folder is gone).
        """
        state = BuildState.open(self.work)
        fresh = self.output.with_name(f".{self.output.name}.search-{os.getpid()}")
        try:
            shutil.rmtree(fresh, ignore_errors=True)
            if not self.output.is_dir():
                raise SearchIndexError(f"the output folder is gone: {self.output}")
            state.declare("publish", self.publish_stamp)
            pages = state.table(PAGES)
            record = PageRecord.load(pages, self.output_name)
            index = _SearchRecord(state, self.output_name)
            made = index.make(self.output, self.output, fresh, self.language,
                              record.pages if record is not None else None,
                              self.workers, cancelled)
            if not made:
                return False
            index.forget()
            swap_in(fresh, self.output / BUNDLE)
            index.save()
            finish_removals()
            if record is not None:
                record.search_pending = False
                record.save(pages, self.output_name)
            return True
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
            state.close()


@dataclass
class Published:
    """What :func:`publish_site` did: what Pelican wrote (None if it did not need
    to run), and the search index still to be made (with ``search="later"``)."""

    outcome: PublishOutcome | None
    pending_search: PendingSearch | None = None


def publish_site(
    settings: BuildSettings,
    diagnostics: DiagnosticList,
    state: BuildState,
    progress: BuildProgress,
    bodies: tuple[list[Path], list[Path]] = ([], []),
    extra: Callable[[Path, dict[str, Any], PageReuse], object] | None = None,
    search: SearchMode = "now",
    always: bool = False,
) -> Published:
    """Run Pelican into a staging folder, index it, then swap it in; see the module docstring.

    Unless the build is ``--full``, the writer renders only pages whose
    fingerprints changed and hard-links the others from the previous output
    into the staging folder.  ``bodies`` are the rendered briefings (all, and
    those written by this build): the bodies that will be needed are
    rendered by worker processes meanwhile (all of them when no page can be
    reused).  ``extra`` writes files made from the briefing model (not by
    Pelican) into the staging folder; what it decides with the
    :class:`PageReuse` it is given joins the pages' record, so its
    unchanged files are linked from the previous output like pages.

    The search index is made over the complete staging folder (``search``
    ``"now"``), or (``"later"``, for the devserver) the previous index is
    linked in and the index is left to :class:`PendingSearch`, so that the
    pages are published without waiting for it.  ``always`` runs Pelican even
    when the output already is what it would write.
    """
    output = settings.output
    output_name = _output_name(settings)
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    index: _SearchRecord | None = None
    with _interrupts_as_exceptions():
        try:
            with _capture_pelican_log() as log:  # what Pelican says of the settings
                pelican_config = pelican_settings(settings, staging)
            for warning in _unexpected(log.warnings, pelican_config):
                diagnostics.warning("briefgen.pelican", warning, None)
            state.declare("publish", publish_stamp(settings, pelican_config))
            pages = state.table(PAGES)
            previous = PageRecord.load(pages, output_name)
            inputs = inputs_stamp(settings.rendered, settings.work / "site.json")
            if not always and previous is not None and _unchanged(previous, inputs, output):
                # Pelican would read the same files with the same code and
                # write the same pages: the published output already is them.
                for warning in previous.warnings:
                    diagnostics.warning("briefgen.pelican", warning, None)
                return Published(None)
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            # The output the last build replaced goes while Pelican works.
            remove_retired(settings.work / RETIRED)
            reuse = previous is not None and output.is_dir()
            read = ReadRecord(state.table(READ))
            # Pagefind's launcher is started before Pelican: see .launcher.
            index = _SearchRecord(state, output_name, Launcher() if search == "now" else None)
            language = site_language(pelican_config)
            early = (partial(index.start, output if reuse else None, language,
                             settings.parallel.workers) if search == "now" else None)
            listed = ListedRecord(state.table(LISTED))
            request = PublishRequest(
                site_listings=settings.work / "site.json",
                parallel=settings.parallel,
                bodies=[str(path) for path in (bodies[1] if reuse else bodies[0])],
                # Unchanged pages are hard-linked from the old output as the writer reaches them.
                old_pages=previous.pages if previous is not None and reuse else {},
                previous_output=str(output) if reuse else None,
                read_memo=read,
                listed=listed,
                on_page=progress.advance,
                on_pages_written=early,
            )
            templates = state.table(TEMPLATES)
            names = state.table(TEMPLATE_NAMES)
            request.template_names = {
                key: (list(value[0]), list(value[1])) for key, value in names.items().items()}
            known = set(request.template_names)
            pelican_config["JINJA_ENVIRONMENT"] = {
                **pelican_config["JINJA_ENVIRONMENT"],
                "bytecode_cache": TemplateBytecode(templates),
            }
            warnings = run_pelican(pelican_config, request)
            templates.commit()
            for key in request.template_names.keys() - known:
                names.put(key, request.template_names[key])
            names.commit()
            for warning in warnings:
                diagnostics.warning("briefgen.pelican", warning, None)
            assert request.outcome is not None, "closed at Pelican's finalized"
            published = request.outcome
            read.save()
            listed.save()
            if extra is not None:
                files = PageReuse(request.old_pages, request.previous_output)
                extra(staging, pelican_config, files)
                published.pages.update(files.new_pages)
            pending = None
            if search == "now":
                index.make(staging, output if reuse else None, staging / BUNDLE, language,
                           published.pages, settings.parallel.workers)
            else:
                link_bundle(output, staging)
                pending = PendingSearch(settings.work, output, output_name,
                                        state.inputs["publish"], language,
                                        settings.parallel.workers)
            pages.forget(output_name)  # never describe an output it does not match
            index.forget()
            index.close()
            swap_in(staging, output, settings.work / RETIRED)
            index.save()
            PageRecord(published.pages, inputs, warnings, search_pending=pending is not None).save(
                pages, output_name)
            return Published(published, pending)
        except BaseException as error:
            if index is not None:
                index.close()
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(error, BuildError):
                raise
            if isinstance(error, KeyboardInterrupt):
                raise BuildError(
                    f"interrupted ({error or 'Ctrl-C'}); output left as it was"
                ) from None
            if isinstance(error, OSError):
                raise BuildError(f"cannot write the site: {error}") from error
            if isinstance(error, SearchIndexError):
                raise BuildError(str(error)) from error
            raise BuildError(f"publishing failed: {type(error).__name__}: {error}") from error


class _SearchRecord:
    """The search index of one output folder, made in shards, and its record
    (see :mod:`briefgen.publish.outputs.search`)."""

    def __init__(
        self, state: BuildState, output_name: str, launcher: Launcher | None = None
    ) -> None:
        self.launcher = launcher
        self.shards = state.table(SHARDS)
        self.memo = SearchMemo(state.table(PLACES), state.table(WORDS))
        self.output_name = output_name
        self.made: dict[str, str] | None = None
        self.early: EarlyShards | None = None

    def _previous(self, previous_output: Path | None) -> PreviousIndex | None:
        recorded = self.shards.get(self.output_name) if previous_output is not None else None
        if previous_output is not None and isinstance(recorded, dict):
            return PreviousIndex(previous_output / BUNDLE, recorded)
        return None

    def start(
        self, previous_output: Path | None, language: str, workers: int,
        site: str, fingerprints: dict[str, str],
    ) -> None:
        """Index the shards of the pages written since the last call (see
        :class:`~briefgen.publish.outputs.search.EarlyShards`) on the cores
        the building process leaves, while it goes on."""
        if self.early is None:
            self.early = EarlyShards(Path(site), language, memo=self.memo,
                                     previous=self._previous(previous_output),
                                     width=max(1, workers - 1), launcher=self.launcher)
        self.early.add(fingerprints)

    def close(self) -> None:
        """Stop and remove what :meth:`start` made that the index did not take; end the launcher."""
        if self.early is not None:
            self.early.close()
            self.early = None
        if self.launcher is not None:
            self.launcher.close()
            self.launcher = None

    def make(
        self,
        site: Path,
        previous_output: Path | None,
        bundle: Path,
        language: str,
        fingerprints: dict[str, str] | None,
        workers: int,
        cancelled: Callable[[], bool] | None = None,
    ) -> bool:
        """Index ``site`` into ``bundle``, reusing the shards of ``previous_output``'s
        index that are still the same; False if cancelled."""
        self.made = index_site(site, bundle, language, cancelled, fingerprints=fingerprints,
                               memo=self.memo, previous=self._previous(previous_output),
                               workers=workers, early=self.early, launcher=self.launcher)
        return self.made is not None

    def forget(self) -> None:
        """Before the index made is put in place: until :meth:`save`, the record
        would not describe the output's index."""
        if self.made is not None:
            self.shards.forget(self.output_name)

    def save(self) -> None:
        """Record the index made, once it is in place."""
        if self.made is not None:
            self.shards.put(self.output_name, self.made)
        self.shards.commit()
        self.memo.places.commit()
        self.memo.words.commit()


def _unchanged(previous: PageRecord, inputs: str, output: Path) -> bool:
    """Whether the output was published from these very inputs and is all still there
    (with its search index)."""
    if previous.inputs != inputs or previous.search_pending:
        return False
    return output.is_dir() and all((output / page).is_file() for page in previous.pages)


def _output_name(settings: BuildSettings) -> str:
    """The output folder, relative to the site root when inside it (a moved site still works)."""
    output = settings.output.resolve()
    root = settings.root.resolve()
    return str(output.relative_to(root)) if output.is_relative_to(root) else str(output)
