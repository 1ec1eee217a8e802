"""``briefgen reanchor [--write]``: where each quote went after its article changed.

One line per claim or note whose quote no longer anchors as it did
(``briefgen.quote-reanchored`` or ``briefgen.quote-orphaned``), in the
format asked for; a summary line follows.  Exit status: 0 when nothing is
orphaned (and nothing else is wrong), 1 otherwise.  See
:mod:`briefgen.reanchor`.
"""

from __future__ import annotations

import argparse
from typing import Any

from briefgen.commands.site import add_format_option, add_site_options, site_settings
from briefgen.diagnostics import DiagnosticList
from briefgen.printer import Printer, plural, tally


def add_parser(commands: Any) -> None:
    help_text = "find where each quote went after its article changed"
    command = commands.add_parser("reanchor", help=help_text, description=help_text)
    add_site_options(command)
    command.add_argument(
        "--write", action="store_true", help="rewrite the re-anchored quotes in the sidecars"
    )
    command.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    add_format_option(command)


def run(args: argparse.Namespace) -> int:
    from briefgen.reanchor import reanchor_site

    printer = Printer(args.format)
    diagnostics = DiagnosticList()
    settings = site_settings(args, diagnostics)
    report = None
    if not diagnostics.has_errors():
        report = reanchor_site(settings, diagnostics, write=args.write)
    shown = diagnostics.sorted()
    printer.diagnostics(shown)
    if report is None:
        printer.message(f"briefgen: the settings have errors; nothing was read ({tally(shown)})")
        return 1
    done = (
        f"{plural(report.reanchored, 'quote')} re-anchored, {report.orphaned} orphaned, "
        f"{report.unchanged} unchanged in {plural(report.briefings, 'briefing')}"
    )
    if args.write:
        done += f"; {plural(len(report.written), 'sidecar')} rewritten"
    elif report.reanchored:
        # A dry run by default: say so, and how to apply what it found.
        done += (
            f"; nothing was written: briefgen reanchor --write rewrites the quotes in "
            f"{plural(report.sidecars, 'sidecar')}"
        )
    else:
        done += "; nothing was written"
    if diagnostics.has_errors():
        printer.message(f"briefgen: {done}; the content has errors ({tally(shown)})")
        return 1
    if not args.quiet:
        printer.message(f"briefgen: {done} ({tally(shown)})")
    return 0
