"""Pelican reader for the Markdown briefings written by :mod:`briefgen.render`.

A rendered briefing is a JSON front matter between ``---`` lines, then
Markdown.  JSON rather than Pelican's ``Key: value`` lines because the
values are arbitrary editor text (a title may hold a colon or a newline)
and JSON encodes any string without ambiguity.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from pelican.readers import BaseReader

from briefgen.publish.markdown import create_markdown, render_inline, render_markdown

BRIEFING_ROOT = "../../"


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return the JSON front matter and the Markdown that follows it."""
    if not text.startswith("---\n"):
        raise ValueError("a rendered briefing must start with a '---' front matter")
    end = text.index("\n---\n", 4)
    return json.loads(text[4:end]), text[end + 5 :]


class BriefingReader(BaseReader):
    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.md = create_markdown()

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        with open(source_path, encoding="utf-8") as handle:
            front, body = split_front_matter(handle.read())
        content = render_markdown(self.md, body, BRIEFING_ROOT)
        metadata: dict[str, Any] = {
            "title": front["title"],
            "date": self.process_metadata("date", front["date"]),
            "slug": front["slug"],
            "summary": render_inline(self.md, front["summary"], BRIEFING_ROOT),
            "briefing": front,
        }
        if front["tags"]:
            metadata["tags"] = self.process_metadata("tags", front["tags"])
        return content, metadata
