"""What the web expects of a site: a search page, a 404 page, sitemap.xml, robots.txt.

:class:`SitePagesGenerator` writes ``search/`` and ``404.html`` through the
theme, and in a preview with drafts (``DRAFT_SAVE_AS`` set, as ``make
publish`` does not) ``drafts/``, the list of them.  :func:`write_sitemap`
and :func:`write_robots` run when Pelican has written every page (the
``finalized`` signal), over the staging folder, so the sitemap lists exactly
the pages that were published.

Addresses come from ``SITEURL`` (see :mod:`briefgen.publish.outputs.siteurl`): the
sitemap protocol and robots.txt want absolute ones.

The 404 page is shown at whatever address was missing, at any depth, so no
link of it may be relative.  With an absolute ``SITEURL`` its links and its
stylesheet are absolute.  A preview has no address to give: its 404 page
is self-contained (its CSS inline, no script) and links from the domain's
root (``/``, ``/search/``), which is right for a preview served at the root
of a host (``make serve``, ``briefgen serve``); under a sub-path only the
page itself, not its links, is right.  It is ``noindex`` and has no
canonical address.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican.generators import Generator

from briefgen.publish.outputs.siteurl import absolute_site_url
from briefgen.publish.plugin.assets import theme_text
from briefgen.publish.plugin.feeds import write_generated

# Folders whose pages are not for search engines: drafts, the search bundle.
UNLISTED = ("drafts/", "pagefind/", "theme/")


class SitePagesGenerator(Generator):
    """``search/index.html``, ``404.html`` and ``drafts/index.html`` from the theme's
    ``search``, ``404`` and ``drafts``."""

    def generate_context(self) -> None:
        from briefgen.publish.plugin.state import plugin_state

        state = plugin_state(self.settings)
        if state is None:
            return
        articles = self.context.get("articles") or []
        # The sitemap's dates; a preview (no absolute SITEURL) has no sitemap.
        if absolute_site_url(self.settings) is not None:
            listings = state.site_listings()
            listed = [
                *((f"glossary/{term_id}/", [ref.date for ref in term.briefings])
                  for term_id, term in listings.terms.items()),
                *((f"sources/{source_id}/", [*(claim.briefing.date for claim in source.claims),
                                              *(ref.date for ref in source.outlet_of)])
                  for source_id, source in listings.sources.items()),
            ]
            state.page_dates = page_dates(articles, self.context.get("tags") or [], listed)
        # The search page's choice of outlets, in the articles' order: the page
        # is then made again only when an outlet changes, not with every briefing.
        self.context["search_outlets"] = [
            article.metadata.get("briefgen_outlet", "") for article in articles]

    def generate_output(self, writer: Any) -> None:
        self._write(writer, "search/index.html", "search", relative=True)
        # DRAFT_SAVE_AS is empty for make publish: drafts are not published at all.
        if self.settings.get("DRAFT_SAVE_AS") and self.context.get("drafts"):
            self._write(writer, "drafts/index.html", "drafts", relative=True)
        # A server shows 404.html at the missing address, at any depth: its
        # links are absolute (SITEURL's, or from the domain's root).
        inline = {} if absolute_site_url(self.settings) else {
            "INLINE_CSS": theme_text(self.settings, "css/site.css")}
        self._write(writer, "404.html", "404", relative=False, **inline)

    def _write(
        self, writer: Any, path: str, template: str, *, relative: bool, **values: Any
    ) -> None:
        writer.write_file(
            path,
            self.get_template(template),
            self.context,
            relative_urls=relative,
            url=path.removesuffix("index.html"),
            page_name=template,
            **values,
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


def page_dates(
    articles: Iterable[Any],
    tags: Iterable[tuple[Any, list[Any]]],
    listed: Iterable[tuple[str, list[str]]],
) -> dict[str, str]:
    """When each page last changed, as ``YYYY-MM-DD``: a briefing's page on the
    latest of its date and the dates of the briefings its related section
    lists (a later one that links to it or shares its terms joins that
    section) and of its story (a later one that settles one of its claims
    joins that); a tag's, term's or source's page when the latest briefing it
    lists came out (``listed``: a page and the dates of what it lists); the
    front page and the lists when the latest briefing did."""
    dates: dict[str, str] = {}

    def latest(page: str, days: Iterable[str]) -> None:
        days = [day[:10] for day in days if day]
        if days:
            dates[page] = max(days)

    articles = list(articles)
    by_slug = {str(article.slug): article.date.date().isoformat() for article in articles}
    for article in articles:
        # From the metadata, not the page record: an unchanged briefing's record
        # is not decoded (see briefgen.publish.plugin.listed).
        metadata = getattr(article, "metadata", {})
        related = metadata.get("briefgen_related", ())
        story = metadata.get("briefgen_story", ())  # a later one settling its claims joins it
        latest(str(article.url), [by_slug[str(article.slug)],
                                  *(by_slug[slug] for slug in related if slug in by_slug),
                                  *story])
    for tag, tagged in tags:
        latest(str(tag.url), (a.date.date().isoformat() for a in tagged))
    for page, days in listed:
        latest(page, days)
    everything = list(dates.values())
    for page in ("", "glossary/", "sources/", "tags/"):
        latest(page, everything)
    return dates


def sitemap_xml(
    settings: Mapping[str, Any], pages: list[str], dates: Mapping[str, str] | None = None
) -> str | None:
    """The sitemap of ``pages``; None for a preview: the protocol wants absolute
    ``<loc>`` addresses, and a preview has none to give."""
    base = absolute_site_url(settings)
    if base is None:
        return None
    dates = dates or {}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in pages:
        lastmod = f"<lastmod>{dates[page]}</lastmod>" if page in dates else ""
        lines.append(f"<url><loc>{escape(base + page)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(settings: Mapping[str, Any]) -> str:
    base = absolute_site_url(settings)
    root = "/" if base is None else "/" + base.split("/", 3)[3]
    lines = ["User-agent: *", f"Disallow: {root}drafts/", ""]
    if base is not None:
        lines.insert(2, f"Sitemap: {base}sitemap.xml")
    else:
        lines.insert(2, "# No sitemap: SITEURL is not an absolute address (a preview), and a "
                        "sitemap's addresses must be absolute.")
    return "\n".join(lines)


def write_site_files(pelican: Any) -> None:
    """``finalized`` handler: sitemap.xml and robots.txt of the pages just written."""
    from briefgen.publish.plugin.state import plugin_state

    settings = pelican.settings
    output = Path(pelican.output_path)
    state = plugin_state(settings)
    # A preview (no absolute SITEURL) has no sitemap: no walk over every page for it.
    if absolute_site_url(settings) is not None:
        sitemap = sitemap_xml(settings, listed_pages(output), state.page_dates if state else None)
        if sitemap is not None:
            write_generated(_Plain(str(output)), "sitemap.xml", sitemap)
    write_generated(_Plain(str(output)), "robots.txt", robots_txt(settings))


class _Plain:
    """Where :func:`write_generated` writes when no writer is at hand."""

    def __init__(self, output_path: str) -> None:
        self.output_path = output_path
