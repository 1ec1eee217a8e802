"""``briefgen ids [sources|terms|briefings|claims]``: the ids an editor may use, and where.

One line per id: the id, its name (a source's name, a term, a briefing's
headline, "(draft)" after a draft's, a claim's quote) and the place it is
defined (``path:line:col``), sorted by id.  A claim's id is written as a
follow-up names it, ``slug#id``.
Problems in the content are not printed here (``briefgen check`` does):
an entry or briefing with an error is left out.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from briefgen.boundary import Folder
from briefgen.check import load_site
from briefgen.check.discover import yaml_files
from briefgen.commands.site import add_site_options, site_settings
from briefgen.diagnostics import Diagnostic, DiagnosticList, Location, Severity, one_line
from briefgen.model import Site
from briefgen.settings import BuildSettings
from briefgen.sidecar import YamlLimits, load_glossary, load_sources

KINDS = ("sources", "terms", "briefings", "claims")


def add_parser(commands: Any) -> None:
    help_text = "list source, term, briefing or claim ids and where they are"
    command = commands.add_parser("ids", help=help_text, description=help_text)
    command.add_argument(
        "kind", nargs="?", choices=KINDS, help="which ids (default: all four, in sections)"
    )
    add_site_options(command)


Row = tuple[str, str, Location]


def id_rows(settings: BuildSettings, kind: str, site: Site | None = None) -> list[Row]:
    """``(id, name, where defined)`` of each id of ``kind``, sorted by id.

    ``site``: the checked site, when the caller has it already.
    """
    diagnostics = DiagnosticList()  # not shown: that is what ``check`` is for
    rows: list[Row]
    if kind in ("briefings", "claims") and site is None:
        site = load_site(settings, diagnostics)
    if kind == "briefings" and site is not None:
        rows = [
            (b.slug, f"{b.title} (draft)" if b.draft else b.title, Location(b.sidecar_path, 1, 1))
            for b in site.pages
        ]
        return sorted(rows)
    if kind == "claims" and site is not None:
        rows = [
            (f"{b.slug}#{c.id}", c.quote, c.id_location or Location(b.sidecar_path, 1, 1))
            for b in site.pages
            for c in b.claims
            if c.id is not None
        ]
        return sorted(rows)
    limits = settings.limits
    yaml_limits = YamlLimits.of(limits)
    folder = Folder.at(settings.content)
    register = settings.content / ("sources" if kind == "sources" else "glossary")
    files = yaml_files(register, diagnostics, folder)
    if kind == "sources":
        sources = load_sources(files, diagnostics, yaml_limits, folder=folder)
        rows = [(i, s.value.name, s.positions.key_at()) for i, s in sources.entries.items()]
    else:
        terms = load_glossary(files, diagnostics, yaml_limits, folder=folder)
        rows = [(i, t.value.term, t.positions.key_at()) for i, t in terms.entries.items()]
    return sorted(rows)


def render_rows(rows: list[Row], root: Path) -> str:
    """Aligned lines: ``id  name  path:line:col``."""
    width = max((len(row[0]) for row in rows), default=0)
    lines = []
    for ident, name, location in rows:
        path, line, col = Diagnostic("", Severity.WARNING, "", location).place(root)
        lines.append(f"{ident.ljust(width)}  {one_line(name)}  {path}:{line}:{col}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    diagnostics = DiagnosticList()
    settings = site_settings(args, diagnostics)
    kinds = [args.kind] if args.kind else list(KINDS)
    site = None
    if {"briefings", "claims"} & set(kinds):
        site = load_site(settings, DiagnosticList())
    for index, kind in enumerate(kinds):
        rows = id_rows(settings, kind, site)
        if len(kinds) > 1:
            print(("\n" if index else "") + f"{kind}:")
        if rows:
            print(render_rows(rows, Path.cwd()))
    return 0
