"""``briefgen build`` and ``briefgen check``: the content checked, the site published.

Diagnostics are printed in the order of the files they point into, in the
format asked for (:mod:`briefgen.printer`); a summary line follows.  Exit
status: 0 on success, 1 when the content has errors or the build failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from briefgen.check.discover import ARTICLE_SUFFIXES, SIDECAR_SUFFIXES
from briefgen.diagnostics import CODES, Diagnostic, DiagnosticList, Location, Severity, suggest
from briefgen.printer import FORMATS, Printer, plural, tally
from briefgen.settings import SETTINGS_FILE, BuildSettings, find_site_root, load_settings


def add_parser(commands: Any) -> None:
    for name, help_text in (
        ("build", "check, render and publish the site"),
        ("check", "check all content or the briefings named; write nothing"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        add_site_options(command)
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
        command.add_argument("-q", "--quiet", action="store_true", help="print problems only")
        add_format_option(command)
        if name == "build":
            command.add_argument("--output", type=Path, help="output folder (default: output/)")
            command.add_argument(
                "--full", action="store_true", help="ignore the previous build; rebuild everything"
            )
            command.add_argument(
                "--offline", type=Path, metavar="DIR",
                help="also write a copy to read from disk (links name index.html) into DIR",
            )
        else:
            command.add_argument(
                "paths",
                nargs="*",
                type=Path,
                metavar="PATH",
                help="an article or sidecar of a briefing to check, with the shared registers "
                "(default: everything)",
            )


def add_site_options(command: argparse.ArgumentParser) -> None:
    """``--content``, ``--settings`` and ``--root``: which site, as ``build`` reads it."""
    command.add_argument("--content", type=Path, help="content folder (default: content/)")
    command.add_argument("--settings", type=Path, help="settings file (default: pelicanconf.py)")
    add_root_option(command)


def add_root_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--root", type=Path, help=f"site root (default: the nearest folder from here up that "
        f"holds {SETTINGS_FILE} and content/)"
    )


def site_root(given: Path | None, *, quiet: bool = False) -> Path:
    """``--root`` if given, else the site root found from the current folder up.

    When that is not the current folder, says which it is (on standard
    error: standard output may be the command's data).  Found nowhere, the
    current folder, whose missing content folder the command reports.
    """
    if given is not None:
        return given.resolve()
    here = Path.cwd()
    found = find_site_root(here)
    if found is None:
        return here
    if found != here.resolve() and not quiet:
        print(f"briefgen: site root {found} (the nearest folder up from here with "
              f"{SETTINGS_FILE} and content/)", file=sys.stderr)
    return found


def add_format_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="how problems are printed: text lines (default), JSON lines, or GitHub "
        "workflow commands",
    )


def site_settings(args: argparse.Namespace, diagnostics: DiagnosticList) -> BuildSettings:
    """The settings of the site the command line names; problems go to ``diagnostics``."""
    settings = load_settings(
        site_root(args.root, quiet=getattr(args, "quiet", False)),
        content=args.content,
        output=getattr(args, "output", None),
        settings_file=args.settings,
        strict=getattr(args, "strict", False),
        diagnostics=diagnostics,
    )
    diagnostics.silenced = settings.silence
    for code in sorted(settings.silence - CODES):
        closest = suggest(code, CODES)
        diagnostics.warning(
            "briefgen.unknown-code",
            f"unknown diagnostic code '{code}' in BRIEFGEN['silence']" + closest.words,
            Location(settings.settings_file) if settings.settings_file else None,
            closest.fix,
        )
    return settings


def run(args: argparse.Namespace) -> int:
    # Imported here, not with the module: every command's parser is built from
    # this module's options, and only build and check need the pipeline (Pelican,
    # Jinja2, the publish step).
    from briefgen.build import BuildError, build, check

    printer = Printer(args.format)
    diagnostics = DiagnosticList()
    settings = site_settings(args, diagnostics)
    failure: str | None = None
    try:
        if diagnostics.has_errors():
            # Checked or built with settings it cannot use, the site would not be
            # the one asked for.
            raise BuildError("the settings have errors; nothing was checked or built")
        if args.command == "check":
            site = check(settings, diagnostics, only=_briefing_files(args.paths, settings))
            done = f"checked {plural(len(site.pages), 'briefing')}"
        else:
            report = build(settings, diagnostics, full=args.full)
            count = len(report.site.pages) if report.site else 0
            timings = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
            done = f"built {plural(count, 'briefing')} into {settings.output} ({timings})"
            if args.offline is not None:
                done += _offline(settings.output, args.offline)
    except BuildError as error:
        failure = str(error)
    shown = diagnostics.sorted()  # sorted once, for printing and counting
    printed = _worth_printing(shown, diagnostics, args)
    printer.diagnostics(printed)
    if len(printed) < len(shown):
        printer.message(
            f"briefgen: {plural(len(shown) - len(printed), 'more warning')} of briefings "
            "unchanged since the last build, not repeated (briefgen check prints every problem)")
    if failure is None and diagnostics.has_errors(strict=settings.strict):
        failure = "the content has errors"
    if failure is not None:
        printer.message(f"briefgen: {failure} ({tally(shown)})")
        return 1
    if not args.quiet:
        printer.message(f"briefgen: {done} ({tally(shown)})")
    return 0


def _worth_printing(
    shown: list[Diagnostic], diagnostics: DiagnosticList, args: argparse.Namespace
) -> list[Diagnostic]:
    """What an incremental ``build`` prints in full: every error, and the warnings
    of the files it checked; the warnings recorded for unchanged briefings
    (thousands on a large site, the editor's own new ones among them) are
    counted in one line instead.  ``check`` and ``build --full`` print all.
    """
    if args.command != "build" or args.full or not diagnostics.replayed:
        return shown
    return [d for d in shown if d.severity is Severity.ERROR or d not in diagnostics.replayed]


def _offline(output: Path, target: Path) -> str:
    from briefgen.build import BuildError
    from briefgen.offline import OfflineError, write_offline_copy

    try:
        write_offline_copy(output, target)
    except OfflineError as error:
        raise BuildError(f"{error} (the site itself is built)") from error
    return f"; offline copy in {target}"


def _briefing_files(paths: list[Path], settings: BuildSettings) -> list[Path] | None:
    """The files of ``check PATH ...`` (None: everything); exits 2 for a path that is none."""
    if not paths:
        return None
    briefings = settings.content / "briefings"
    suffixes = ARTICLE_SUFFIXES + SIDECAR_SUFFIXES
    for path in paths:
        absolute = Path(os.path.abspath(path))
        if not os.path.lexists(absolute):
            _usage(f"{path}: no such file")
        if not absolute.is_relative_to(briefings) or absolute.suffix.lower() not in suffixes:
            _usage(f"{path}: not an article or a sidecar under {briefings}")
    return [Path(os.path.abspath(path)) for path in paths]


def _usage(message: str) -> NoReturn:
    print(f"briefgen check: error: {message}", file=sys.stderr)
    raise SystemExit(2)
