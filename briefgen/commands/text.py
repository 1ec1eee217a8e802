"""``briefgen text ARTICLE``: the body text that quotes are matched against.

One block (paragraph, heading, list item, block quote) per line, with the
number that messages use ("paragraph 3"), after the headline; an editor
copies quotes from here.  A quote may span blocks: the blocks are joined by
a blank line, which a quote matches as one space.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from briefgen.boundary import Folder
from briefgen.commands.site import add_site_options, site_settings
from briefgen.diagnostics import DiagnosticList
from briefgen.ingest import read_article
from briefgen.model import Article
from briefgen.printer import Printer


def add_parser(commands: Any) -> None:
    help_text = "print an article's text as quotes match it, numbered"
    command = commands.add_parser("text", help=help_text, description=help_text)
    command.add_argument("article", type=Path, metavar="ARTICLE", help="a .txt, .md or .html file")
    add_site_options(command)


def render_text(article: Article) -> str:
    """The headline, then ``[n] text`` for each block of the body."""
    lines = [f"headline: {article.headline}", ""]
    lines += [f"[{number}] {block.text}" for number, block in enumerate(article.blocks, 1)]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    diagnostics = DiagnosticList()
    settings = site_settings(args, diagnostics)
    path = Path(args.article).absolute()
    inside = path.is_relative_to(settings.content)
    folder = Folder.at(settings.content if inside else path.parent)
    article = read_article(
        path, diagnostics, max_bytes=settings.limits.max_article_bytes, folder=folder
    )
    Printer("text").diagnostics(diagnostics.sorted())
    if article is None or diagnostics.has_errors():
        return 1
    sys.stdout.write(render_text(article))
    return 0
