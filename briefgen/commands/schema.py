"""``briefgen schema``: the sidecar's JSON Schema, with the site's ids as suggestions.

In a site (a content folder at hand) the id fields list the site's outlet,
source, glossary and briefing ids as ``examples`` (see
:mod:`briefgen.sidecar.site_schema`); elsewhere it is the plain schema.  The
build writes the same schema to ``.briefgen/sidecar.schema.json``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from briefgen.check import load_site
from briefgen.commands.site import add_site_options, site_settings
from briefgen.diagnostics import DiagnosticList
from briefgen.sidecar import sidecar_json_schema
from briefgen.sidecar.site_schema import schema_text, site_ids_of, site_sidecar_schema


def add_parser(commands: Any) -> None:
    help_text = "print the JSON Schema of a sidecar, with the site's ids as suggestions"
    command = commands.add_parser("schema", help=help_text, description=help_text)
    add_site_options(command)


def run(args: argparse.Namespace) -> int:
    diagnostics = DiagnosticList()  # not shown: that is what ``check`` is for
    settings = site_settings(args, diagnostics)
    if not settings.content.is_dir():
        sys.stdout.write(schema_text(sidecar_json_schema()))
        return 0
    site = load_site(settings, diagnostics)
    sys.stdout.write(schema_text(site_sidecar_schema(site_ids_of(site))))
    return 0
