"""``briefgen serve``: the built site as it is, on 127.0.0.1 (what ``make serve`` runs).

Nothing is built or watched (``briefgen devserver`` does that): the output
folder is served as a static host would serve it, with its ``404.html`` for
an address that has no file and no listing of a folder without an index.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from briefgen.commands.site import add_site_options, site_settings
from briefgen.diagnostics import DiagnosticList
from briefgen.printer import Printer

DEFAULT_PORT = 8000


def add_port_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--port", type=int, default=DEFAULT_PORT,
        help="port on 127.0.0.1 (default: %(default)s; 0: any free port)",
    )


def add_parser(commands: Any) -> None:
    help_text = "serve the built site (output/) as it is on 127.0.0.1"
    command = commands.add_parser("serve", help=help_text, description=help_text)
    add_port_option(command)
    add_site_options(command)
    command.add_argument("--output", type=Path, help="output folder (default: output/)")
    command.add_argument("-v", "--verbose", action="store_true", help="log every request")


def run(args: argparse.Namespace) -> int:
    diagnostics = DiagnosticList()
    settings = site_settings(args, diagnostics)
    if diagnostics.has_errors():
        Printer("text").diagnostics(diagnostics.sorted())
        return 1
    output = settings.output
    if not (output / "index.html").is_file():
        print(f"briefgen serve: error: no site in {output}: build it first (make html)",
              file=sys.stderr)
        return 1
    # Imported here: http.server brings ssl, which every other command would pay for.
    from briefgen.static_server import make_server

    try:
        server = make_server(output, args.port, verbose=args.verbose)
    except OSError as error:
        print(f"briefgen serve: error: cannot listen on 127.0.0.1:{args.port}: "
              f"{error.strerror or error}", file=sys.stderr)
        return 1
    port = server.server_address[1]
    print(f"serving {output} on http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
