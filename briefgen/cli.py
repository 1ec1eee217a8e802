"""``briefgen build`` and ``briefgen check``.

Diagnostics go to standard error, one line each, in the order of the files
they point into; a summary line follows.  Exit status: 0 on success, 1 when
the content has errors or the build failed, 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from briefgen.build import BuildError, build, check
from briefgen.diagnostics import CODES, DiagnosticList, Location, Severity, did_you_mean
from briefgen.settings import load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefgen", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("schema", help="print the JSON Schema of a sidecar")
    devserver = commands.add_parser("devserver", help="rebuild on every change and serve")
    devserver.add_argument("--port", type=int, default=8000, help="0: any free port")
    devserver.add_argument("--root", type=Path, default=Path.cwd(), help="site root (default: .)")
    devserver.add_argument("--settings", type=Path, help="settings file (default: pelicanconf.py)")
    devserver.add_argument("--content", type=Path, help="content folder (default: content/)")
    devserver.add_argument("--output", type=Path, help="output folder (default: output/)")
    devserver.add_argument("-v", "--verbose", action="store_true", help="log every request")
    for name, help_text in (
        ("build", "check, render and publish the site"),
        ("check", "check everything, write nothing"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--content", type=Path, help="content folder (default: content/)")
        command.add_argument(
            "--settings", type=Path, help="settings file (default: pelicanconf.py)"
        )
        command.add_argument("--root", type=Path, default=Path.cwd(), help="site root (default: .)")
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
        command.add_argument("-q", "--quiet", action="store_true", help="print problems only")
        if name == "build":
            command.add_argument("--output", type=Path, help="output folder (default: output/)")
            command.add_argument(
                "--full", action="store_true", help="ignore the previous build; rebuild everything"
            )
            command.add_argument(
                "--offline", type=Path, metavar="DIR",
                help="also write a copy to read from disk (links name index.html) into DIR",
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        from briefgen.sidecar import sidecar_json_schema

        print(json.dumps(sidecar_json_schema(), indent=2, sort_keys=True))
        return 0
    if args.command == "devserver":
        return _devserver(args)
    err = _Stderr()
    diagnostics = DiagnosticList()
    settings = load_settings(
        args.root,
        content=args.content,
        output=getattr(args, "output", None),
        settings_file=args.settings,
        strict=args.strict,
        diagnostics=diagnostics,
    )
    diagnostics.silenced = settings.silence
    for code in sorted(settings.silence - CODES):
        diagnostics.warning(
            "briefgen.unknown-code",
            f"unknown diagnostic code '{code}' in BRIEFGEN['silence']" + did_you_mean(code, CODES),
            Location(settings.settings_file) if settings.settings_file else None,
        )
    failure: str | None = None
    try:
        if diagnostics.has_errors():
            # Checked or built with settings it cannot use, the site would not be
            # the one asked for.
            raise BuildError("the settings have errors; nothing was checked or built")
        if args.command == "check":
            site = check(settings, diagnostics)
            done = f"checked {len(site.briefings)} briefings"
        else:
            report = build(settings, diagnostics, full=args.full)
            count = len(report.site.briefings) if report.site else 0
            timings = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
            done = f"built {count} briefings into {settings.output} ({timings})"
            if args.offline is not None:
                done += _offline(settings.output, args.offline)
    except BuildError as error:
        failure = str(error)
    shown = diagnostics.sorted()  # sorted once, for printing and counting
    for diagnostic in shown:
        err.print(diagnostic.format(Path.cwd()), markup=False)
    errors = sum(d.severity is Severity.ERROR for d in shown)
    warnings = len(shown) - errors
    if failure is None and diagnostics.has_errors(strict=settings.strict):
        failure = "the content has errors"
    tally = f"{errors} error(s), {warnings} warning(s)"
    if failure is not None:
        err.print(f"briefgen: {failure} ({tally})", markup=False)
        return 1
    if not args.quiet:
        err.print(f"briefgen: {done} ({tally})", markup=False)
    return 0


def _offline(output: Path, target: Path) -> str:
    from briefgen.offline import OfflineError, write_offline_copy

    try:
        write_offline_copy(output, target)
    except OfflineError as error:
        raise BuildError(f"{error} (the site itself is built)") from error
    return f"; offline copy in {target}"


class _Stderr:
    """Rich's console on standard error, imported only when there is something to print.

    Importing rich takes ~25 ms, which a quiet build without problems need not pay.
    """

    def __init__(self) -> None:
        self._console: Any = None

    def print(self, text: str, *, markup: bool) -> None:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False, soft_wrap=True)
        self._console.print(text, markup=markup)


def _devserver(args: argparse.Namespace) -> int:
    from briefgen.devserver import Options, run

    options = Options(
        root=args.root.resolve(),
        port=args.port,
        settings_file=args.settings,
        content=args.content,
        output=args.output,
        verbose=args.verbose,
    )
    try:
        return run(options)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
