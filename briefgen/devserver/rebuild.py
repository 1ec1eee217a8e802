"""One devserver rebuild in this process, and the terminal line that reports it.

The build runs in-process so that what it keeps between runs (imports,
compiled templates, the glossary matcher) is paid for once; its incremental
record makes a rebuild after one saved sidecar touch only what depends on it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.build import BuildError, build
from briefgen.diagnostics import DiagnosticList, Severity
from briefgen.model import Site
from briefgen.publish.outputs.staging import PendingSearch
from briefgen.settings import BuildSettings, load_settings


@dataclass(frozen=True)
class Options:
    root: Path
    port: int = 8000
    settings_file: Path | None = None
    content: Path | None = None
    output: Path | None = None
    verbose: bool = False


@dataclass(frozen=True)
class Outcome:
    """What one rebuild did: success, its diagnostics as lines, counts and timings."""

    ok: bool
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    failure: str | None
    briefings: int
    rendered: int
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)
    pending_search: PendingSearch | None = None  # the search index, made after the reload
    drafts: tuple[str, ...] = ()  # the drafts' addresses from the site root, when published
    site: Site | None = None  # what was checked, for the next save's early page
    settings: BuildSettings | None = None  # what it was built with

    @property
    def overlay_lines(self) -> tuple[str, ...]:
        """The lines a page shows after a failed rebuild."""
        if self.errors or not self.failure:
            return self.errors
        return (f"briefgen: {self.failure}",)


def settings_for(options: Options, diagnostics: DiagnosticList) -> BuildSettings:
    return load_settings(
        options.root,
        content=options.content,
        output=options.output,
        settings_file=options.settings_file,
        diagnostics=diagnostics,
    )


def rebuild(options: Options, *, run_pelican: bool = False) -> Outcome:
    """Check, render and publish once (settings read again: they may have changed);
    ``run_pelican`` even if nothing it reads changed (to keep what it makes)."""
    started = time.perf_counter()
    diagnostics = DiagnosticList()
    settings = settings_for(options, diagnostics)
    diagnostics.silenced = settings.silence
    failure = None
    count = rendered = 0
    phases: dict[str, float] = {}
    pending = None
    drafts: tuple[str, ...] = ()
    site = None
    try:
        if diagnostics.has_errors():
            raise BuildError("the settings have errors; nothing was built")
        # The open page reloads without waiting for the search index.
        report = build(settings, diagnostics, search="later", run_pelican=run_pelican)
        count = len(report.site.pages) if report.site else 0
        rendered, phases = report.rendered, report.seconds
        pending, site = report.pending_search, report.site
        if report.site is not None:
            drafts = draft_addresses(settings.pelican, [b.slug for b in report.site.drafts])
    except BuildError as error:
        failure = str(error)
    lines = {Severity.ERROR: [], Severity.WARNING: []}  # type: dict[Severity, list[str]]
    for diagnostic in diagnostics.sorted():
        lines[diagnostic.severity].append(diagnostic.format(options.root))
    ok = failure is None and not diagnostics.has_errors(strict=settings.strict)
    if not ok and failure is None:
        failure = "the content has errors"
    return Outcome(
        ok=ok,
        errors=tuple(lines[Severity.ERROR]),
        warnings=tuple(lines[Severity.WARNING]),
        failure=failure,
        briefings=count,
        rendered=rendered,
        seconds=time.perf_counter() - started,
        phases=phases,
        pending_search=pending,
        drafts=drafts,
        site=site,
        settings=settings,
    )


def draft_addresses(pelican: dict[str, Any], slugs: list[str]) -> tuple[str, ...]:
    """``drafts/`` and each draft's address, as the settings publish them (none if they do not)."""
    if not slugs or not pelican.get("DRAFT_SAVE_AS"):
        return ()
    pattern = str(pelican.get("DRAFT_URL", "drafts/{slug}/"))
    return ("drafts/", *(pattern.format(slug=slug) for slug in slugs))


def describe_changes(paths: Iterable[Path], root: Path) -> str:
    """``briefings/x.yaml`` or ``3 files`` for the terminal line."""
    names = sorted({_relative(path, root) for path in paths})
    if len(names) == 1:
        return names[0]
    if len(names) <= 3:
        return ", ".join(names)
    return f"{len(names)} files"


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


@dataclass
class Terminal:
    """Prints one line per rebuild, and each warning only when it is new.

    A warning that the previous rebuild already printed is not printed again
    (the editor saw it), even if lines above it moved it; errors are printed
    after every failed rebuild, since nothing was published.
    """

    shown_warnings: frozenset[str] = frozenset()

    def lines(self, outcome: Outcome, changed: str) -> list[str]:
        new = [w for w in outcome.warnings if _unplaced(w) not in self.shown_warnings]
        self.shown_warnings = frozenset(_unplaced(w) for w in outcome.warnings)
        phases = ", ".join(f"{name} {s:.2f}s" for name, s in outcome.phases.items())
        counts = ", ".join(
            _count(n, word)
            for n, word in (
                (outcome.briefings, "briefing"),
                (outcome.rendered, "page"),
                (len(outcome.errors), "error"),
                (len(outcome.warnings), "warning"),
            )
        ).replace(" page", " rendered page", 1)
        if outcome.ok:
            head = f"{changed}: rebuilt in {outcome.seconds:.2f}s ({phases}); {counts}"
        else:
            head = (
                f"{changed}: rebuild FAILED in {outcome.seconds:.2f}s, last good site still "
                f"served ({outcome.failure}); {counts}"
            )
        return [*outcome.errors, *new, f"{time.strftime('%H:%M:%S')} {head}"]


def _unplaced(line: str) -> str:
    """A diagnostic line without its line and column."""
    return _POSITION.sub(": ", line, count=1)


_POSITION = re.compile(r":\d+:\d+: ")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
