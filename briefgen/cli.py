"""The ``briefgen`` command line: one sub-command per task (``briefgen --help``).

The sub-commands live in :mod:`briefgen.commands`, one module each.  Exit
status: 0 on success, 1 when the content has errors or the build failed, 2
for a wrong command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefgen import __version__
from briefgen.commands import claims, ids, new, reanchor, schema, serve, site, text
from briefgen.commands.site import add_root_option, site_root

DESCRIPTION = "Check and publish a site of annotated news briefings."


class _HelpFormatter(argparse.HelpFormatter):
    """argparse measures sub-command names two columns short (at the indent of
    their heading, not their own), so the summary of the longest one
    ("devserver") went to a line of its own."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            self._action_max_length += 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefgen",
        description=DESCRIPTION,
        formatter_class=_HelpFormatter,
        epilog="Run 'briefgen COMMAND --help' for the options of a command.",
    )
    parser.add_argument(
        "-V", "--version", action="version", version=f"briefgen {__version__}",
        help="print the version and exit",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", title="commands"
    )
    site.add_parser(commands)
    reanchor.add_parser(commands)
    text.add_parser(commands)
    ids.add_parser(commands)
    claims.add_parser(commands)
    new.add_parser(commands)
    schema.add_parser(commands)
    serve.add_parser(commands)
    devserver = commands.add_parser(
        "devserver",
        help="rebuild on every change and serve on 127.0.0.1",
        description="Rebuild on every change and serve the site on 127.0.0.1.",
    )
    serve.add_port_option(devserver)
    add_root_option(devserver)
    devserver.add_argument("--settings", type=Path, help="settings file (default: pelicanconf.py)")
    devserver.add_argument("--content", type=Path, help="content folder (default: content/)")
    devserver.add_argument("--output", type=Path, help="output folder (default: output/)")
    devserver.add_argument("-v", "--verbose", action="store_true", help="log every request")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        return schema.run(args)
    if args.command == "new":
        return new.run(args)
    if args.command == "devserver":
        return _devserver(args)
    if args.command == "serve":
        return serve.run(args)
    if args.command == "text":
        return text.run(args)
    if args.command == "ids":
        return ids.run(args)
    if args.command == "claims":
        return claims.run(args)
    if args.command == "reanchor":
        return reanchor.run(args)
    return site.run(args)


def _devserver(args: argparse.Namespace) -> int:
    from briefgen.devserver import Options, run

    options = Options(
        root=site_root(args.root),
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
