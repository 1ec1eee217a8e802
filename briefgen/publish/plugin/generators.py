"""Pelican generators for the glossary and sources pages.

They read the site's :class:`~briefgen.model.page.SiteListings` (``site.json``,
which the build writes next to the rendered briefings; its path is in the
run's :class:`~briefgen.publish.plugin.state.PublishRequest`, and both
generators share one decoding of it), and write ``glossary/``, ``glossary/<id>/``, ``sources/`` and
``sources/<id>/``.
"""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from briefgen.model.page import SiteListings
from briefgen.publish.plugin.state import plugin_state
from briefgen.publish.plugin.writer import write_pages


class _SiteDataGenerator(Generator):
    """Shared plumbing: load the data once, write pages with relative URLs."""

    section = ""  # the field of SiteListings: "terms" or "sources"
    folder = ""  # where the pages go: <folder>/ and <folder>/<id>/
    item_name = ""  # what an entry is called in its page's template
    index_template = ""
    item_template = ""

    def generate_context(self) -> None:
        state = plugin_state(self.settings)
        listings = state.site_listings() if state is not None else SiteListings()
        self.entries: dict[str, Any] = getattr(listings, self.section)
        self.context[f"briefgen_{self.section}"] = self.entries

    def generate_output(self, writer: Any) -> None:
        """The index page, then one page per entry (``<folder>/<id>/``)."""
        entries = self.entries
        self.write(
            writer,
            f"{self.folder}/index.html",
            self.index_template,
            page_name=self.folder,
            **{self.section: entries},
        )
        items = list(entries.items())

        def write_entry(index: int) -> None:
            entry_id, entry = items[index]
            self.write(
                writer,
                f"{self.folder}/{entry_id}/index.html",
                self.item_template,
                page_name=f"{self.folder}/{entry_id}",
                **{self.item_name: entry, f"{self.item_name}_id": entry_id, self.section: entries},
            )

        write_pages(self.settings, len(items), write_entry)

    def write(self, writer: Any, path: str, template: str, **values: Any) -> None:
        writer.write_file(
            path,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=path.removesuffix("index.html"),
            **values,
        )


class GlossaryGenerator(_SiteDataGenerator):
    section, folder, item_name = "terms", "glossary", "term"
    index_template, item_template = "glossary", "term"


class SourcesGenerator(_SiteDataGenerator):
    section, folder, item_name = "sources", "sources", "source"
    index_template, item_template = "sources", "source"
