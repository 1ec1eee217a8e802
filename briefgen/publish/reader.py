"""Pelican reader for the Markdown briefings written by :mod:`briefgen.render`.

A rendered briefing is a JSON front matter between ``---`` lines, then
Markdown.  JSON rather than Pelican's ``Key: value`` lines because the
values are arbitrary editor text (a title may hold a colon or a newline)
and JSON encodes any string without ambiguity.

Reading gives Pelican the metadata only; the body's HTML is rendered when a
page that shows it is written (:func:`ensure_content`, called by
:mod:`briefgen.publish.writer`), so an incremental build does not render the
Markdown of briefings whose pages did not change.

What reading a file yields that costs time (the parsed front matter and the
summary's HTML) is kept by :class:`ReadCache` across builds, keyed by the
digest of the file's bytes: an incremental build decodes and renders only
the briefings whose rendered files changed (perf, issue 5).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from markdown_it import MarkdownIt
from pelican.readers import BaseReader

from briefgen.publish.markdown import (
    BRIEFING_ROOT,
    create_markdown,
    render_inline,
    render_markdown,
)

_MD: MarkdownIt | None = None
# The summary is the editor's text as the sidecar has it: no markers in it.
_SUMMARY_MD = create_markdown(markers=False)
# Set by :mod:`briefgen.publish.prerender` while worker processes render bodies:
# the HTML a worker made for a source path, or None.
PRERENDERED: Callable[[str], str | None] | None = None


class ReadCache:
    """Front matter and summary HTML of rendered files, by digest of the file's bytes.

    One marshal file (plain JSON-like data only, so marshal can hold it and
    loads it several times faster than JSON or pickle).  ``stamp`` is what the
    summary's HTML also depends on (briefgen's code): a cache made with
    another stamp is not used.  Only entries read by this build are saved.
    """

    def __init__(self, path: Path, stamp: str, read: bool = True) -> None:
        self.path, self.stamp = path, stamp
        self.old: dict[str, tuple[dict[str, Any], str]] = {}
        self.new: dict[str, tuple[dict[str, Any], str]] = {}
        if read:
            try:
                with path.open("rb") as handle:
                    saved_stamp, entries = marshal.load(handle)
                if saved_stamp == stamp and isinstance(entries, dict):
                    self.old = entries
            except (OSError, EOFError, ValueError, TypeError):
                self.old = {}

    def get(self, key: str) -> tuple[dict[str, Any], str] | None:
        entry = self.old.get(key)
        if entry is not None:
            self.new[key] = entry
        return entry

    def put(self, key: str, front: dict[str, Any], summary: str) -> None:
        self.new[key] = (front, summary)

    def save(self) -> None:
        """Write the entries this build read (unless they are exactly the saved ones)."""
        if self.new.keys() == self.old.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".tmp-{os.getpid()}")
        with temporary.open("wb") as handle:
            marshal.dump((self.stamp, self.new), handle)
        temporary.replace(self.path)


# Set by :mod:`briefgen.build` around a Pelican run; None reads every file afresh.
READ_CACHE: ReadCache | None = None


def _markdown() -> MarkdownIt:
    global _MD
    if _MD is None:
        _MD = create_markdown()
    return _MD


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return the JSON front matter and the Markdown that follows it."""
    if not text.startswith("---\n"):
        raise ValueError("a rendered briefing must start with a '---' front matter")
    end = text.index("\n---\n", 4)
    return json.loads(text[4:end]), text[end + 5 :]


def render_body(source_path: str) -> str:
    """The HTML of a rendered briefing's body."""
    with open(source_path, encoding="utf-8") as handle:
        _front, body = split_front_matter(handle.read())
    return render_markdown(_markdown(), body, BRIEFING_ROOT)


def ensure_content(content: Any) -> None:
    """Render the body of a briefing read by :class:`BriefingReader`, once."""
    metadata = getattr(content, "metadata", {})
    if metadata.get("briefgen_pending"):
        html = PRERENDERED(content.source_path) if PRERENDERED is not None else None
        content._content = html if html is not None else render_body(content.source_path)
        metadata["briefgen_pending"] = False


def release_content(content: Any, context: dict[str, Any]) -> None:
    """Forget a briefing's HTML once its page is written (it is rendered again if needed).

    Pelican memoizes ``get_content`` per article in a dict shared by all
    articles; without this every briefing's HTML stays in memory to the end.
    """
    metadata = getattr(content, "metadata", {})
    if "briefgen_pending" not in metadata or metadata["briefgen_pending"]:
        return
    content._content = ""
    metadata["briefgen_pending"] = True
    cache = getattr(content.get_content, "cache", None)
    if isinstance(cache, dict):
        cache.pop((content, context.get("localsiteurl", "")), None)
        cache.pop((content, content.get_siteurl()), None)


class BriefingReader(BaseReader):
    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        with open(source_path, "rb") as handle:
            data = handle.read()
        data_hash = hashlib.blake2b(data, digest_size=16).hexdigest()
        cached = READ_CACHE.get(data_hash) if READ_CACHE is not None else None
        if cached is not None:
            front, summary = cached
        else:
            front, _body = split_front_matter(data.decode("utf-8"))
            summary = render_inline(_SUMMARY_MD, front["summary"], BRIEFING_ROOT)
            if READ_CACHE is not None:
                READ_CACHE.put(data_hash, front, summary)
        metadata: dict[str, Any] = {
            "title": front["title"],
            "date": self.process_metadata("date", front["date"]),
            "slug": front["slug"],
            "summary": summary,
            "briefing": front,
            # What the briefing's page is made from, for the writer's fingerprints.
            "briefgen_hash": data_hash,
            "briefgen_pending": True,
        }
        if front.get("status") == "draft":
            # Pelican keeps drafts out of the index, feeds and tags, and writes
            # them to DRAFT_SAVE_AS (drafts/<slug>/; nowhere with publishconf.py).
            metadata["status"] = "draft"
            # Pelican writes a draft with its category, which this site (no
            # category pages) does not give articles; no page shows it.
            metadata["category"] = self.process_metadata("category", "drafts")
        if front["tags"]:
            metadata["tags"] = self.process_metadata("tags", front["tags"])
        return "", metadata
