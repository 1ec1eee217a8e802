"""Pelican generators for the glossary and sources pages.

They read ``site.json``, which :func:`briefgen.render.site_data` writes next to
the rendered briefings (its path is the ``BRIEFGEN_SITE_DATA`` setting), and
write ``glossary/``, ``glossary/<id>/``, ``sources/`` and ``sources/<id>/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pelican.generators import Generator

# The last site.json parsed, by its bytes: both generators read the same file,
# and parsing it is a measurable part of a small rebuild (perf, issue 5).
_LOADED: tuple[bytes, dict[str, Any]] | None = None


def load_site_data(settings: dict[str, Any]) -> dict[str, Any]:
    """The parsed ``site.json``; the generators only read it, so one parse is shared."""
    global _LOADED
    path = settings.get("BRIEFGEN_SITE_DATA")
    if not path or not Path(path).is_file():
        return {"terms": {}, "sources": {}}
    raw = Path(path).read_bytes()
    if _LOADED is None or _LOADED[0] != raw:
        _LOADED = (raw, json.loads(raw.decode("utf-8")))
    return _LOADED[1]


class _SiteDataGenerator(Generator):
    """Shared plumbing: load the data once, write pages with relative URLs."""

    section = ""

    def generate_context(self) -> None:
        self.data = load_site_data(self.settings)
        self.context[f"briefgen_{self.section}"] = self.data[self.section]

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
    section = "terms"

    def generate_output(self, writer: Any) -> None:
        terms = self.data["terms"]
        self.write(writer, "glossary/index.html", "glossary", terms=terms, page_name="glossary")
        for term_id, term in terms.items():
            self.write(
                writer,
                f"glossary/{term_id}/index.html",
                "term",
                term=term,
                term_id=term_id,
                terms=terms,
                page_name=f"glossary/{term_id}",
            )


class SourcesGenerator(_SiteDataGenerator):
    section = "sources"

    def generate_output(self, writer: Any) -> None:
        sources = self.data["sources"]
        self.write(writer, "sources/index.html", "sources", sources=sources, page_name="sources")
        for source_id, source in sources.items():
            self.write(
                writer,
                f"sources/{source_id}/index.html",
                "source",
                source=source,
                source_id=source_id,
                page_name=f"sources/{source_id}",
            )
