"""``briefgen new SOURCE``: save an article (an http(s) address or a file) and a prefilled sidecar.

See :mod:`briefgen.new`.  Exit status: 0 when both files were written, 1
(with one ``briefgen new: error: ...`` line, nothing written) otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from briefgen.commands.site import add_root_option, site_root


def add_parser(commands: Any) -> None:
    help_text = "start a briefing: save an article (URL or file) and a prefilled sidecar"
    command = commands.add_parser("new", help=help_text, description=help_text)
    command.add_argument("source", help="an http(s) URL, or a .txt, .md or .html file")
    command.add_argument("--slug", help="the briefing's slug (default: made from the headline)")
    command.add_argument("--outlet", help="outlet id (default: matched against the register)")
    command.add_argument("--content", type=Path, help="content folder (default: content/)")
    add_root_option(command)


def run(args: argparse.Namespace) -> int:
    from briefgen.new import NewError, Request, new_briefing

    root = site_root(args.root)
    request = Request(args.source, args.content or root / "content", root, args.slug, args.outlet)
    try:
        written = new_briefing(request)
    except NewError as error:
        print(f"briefgen new: error: {error}", file=sys.stderr)
        return 1
    for path in (written.article, written.sidecar, written.schema):
        if path is not None:
            print(f"wrote {path}")
    print("next: fill in the TODOs of the sidecar; `make devserver` shows the page as you save")
    return 0
