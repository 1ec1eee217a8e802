"""What the web expects of a site: a search page, a 404 page, sitemap.xml, robots.txt.

:class:`SitePagesGenerator` writes ``search/`` and ``404.html`` through the
theme, and in a preview with drafts (``DRAFT_SAVE_AS`` set, as ``make
publish`` does not) ``drafts/``, the list of them.  :func:`write_sitemap`
and :func:`write_robots` run when Pelican has written every page (the
``finalized`` signal), over the staging folder, so the sitemap lists exactly
the pages that were published.

Addresses come from ``SITEURL`` (see :mod:`briefgen.publish.outputs.siteurl`): the
sitemap protocol and robots.txt want absolute ones; a preview without an
absolute ``SITEURL`` gets a sitemap of relative addresses and no
``Sitemap:`` line.  The 404 page is shown at whatever address was missing,
so it links absolutely when it can, and otherwise relatively as if it were
at the root (right for a missing address in the top folder).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican.generators import Generator

from briefgen.publish.outputs.siteurl import absolute_site_url
from briefgen.publish.plugin.feeds import write_generated

# Folders whose pages are not for search engines: drafts, the search bundle.
UNLISTED = ("drafts/", "pagefind/", "theme/")


class SitePagesGenerator(Generator):
    """``search/index.html``, ``404.html`` and ``drafts/index.html`` from the theme's
    ``search``, ``404`` and ``drafts``."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        self._write(writer, "search/index.html", "search", relative=True)
        # DRAFT_SAVE_AS is empty for make publish: drafts are not published at all.
        if self.settings.get("DRAFT_SAVE_AS") and self.context.get("drafts"):
            self._write(writer, "drafts/index.html", "drafts", relative=True)
        # A server shows 404.html at the missing address, at any depth: only an
        # absolute SITEURL makes its links right everywhere.
        self._write(writer, "404.html", "404",
                    relative=absolute_site_url(self.settings) is None)

    def _write(self, writer: Any, path: str, template: str, *, relative: bool) -> None:
        writer.write_file(
            path,
            self.get_template(template),
            self.context,
            relative_urls=relative,
            url=path.removesuffix("index.html"),
            page_name=template,
        )


def listed_pages(output: Path) -> list[str]:
    """Every published page of ``output``, as a folder path from the root ("" is the root)."""
    pages = []
    for folder, subfolders, files in os.walk(output):
        subfolders.sort()
        relative = Path(folder).relative_to(output).as_posix()
        prefix = "" if relative == "." else relative + "/"
        if prefix.startswith(UNLISTED):
            subfolders.clear()
            continue
        if "index.html" in files:
            pages.append(prefix)
    return sorted(pages)


def sitemap_xml(settings: Mapping[str, Any], pages: list[str]) -> str:
    base = absolute_site_url(settings) or ""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in pages:
        lines.append(f"<url><loc>{escape(base + page) or './'}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(settings: Mapping[str, Any]) -> str:
    base = absolute_site_url(settings)
    root = "/" if base is None else "/" + base.split("/", 3)[3]
    lines = ["User-agent: *", f"Disallow: {root}drafts/", ""]
    if base is not None:
        lines.insert(2, f"Sitemap: {base}sitemap.xml")
    else:
        lines.insert(2, "# No Sitemap line: SITEURL is not an absolute address (a preview).")
    return "\n".join(lines)


def write_site_files(pelican: Any) -> None:
    """``finalized`` handler: sitemap.xml and robots.txt of the pages just written."""
    settings = pelican.settings
    output = Path(pelican.output_path)
    write_generated(_Plain(str(output)), "sitemap.xml",
                    sitemap_xml(settings, listed_pages(output)))
    write_generated(_Plain(str(output)), "robots.txt", robots_txt(settings))


class _Plain:
    """Where :func:`write_generated` writes when no writer is at hand."""

    def __init__(self, output_path: str) -> None:
        self.output_path = output_path
