"""Pelican reader for the Markdown briefings written by :mod:`briefgen.render`.

A rendered briefing is its page record (:class:`briefgen.model.page.BriefingPage`,
as JSON) between ``---`` lines, then Markdown.  JSON rather than Pelican's
``Key: value`` lines because the values are arbitrary editor text (a title
may hold a colon or a newline) and JSON encodes any string without
ambiguity.  The record becomes the article's ``briefing`` attribute, which
the theme and the structured data read.

Reading gives Pelican the metadata only; the body's HTML is rendered when a
page that shows it is written (:func:`ensure_content`, called by
:mod:`briefgen.publish.plugin.writer`), so an incremental build does not render the
Markdown of briefings whose pages did not change.

A rendered file whose file system stamp is the one recorded by the
previous build is not read at all: its article is made from the listing
row kept then (see :mod:`briefgen.publish.plugin.listed`).  What reading a
file yields that costs time (the decoded record and the summary's HTML) is
also kept by the run's read memo (see :mod:`briefgen.publish.outputs.record`),
keyed by the digest of the file's bytes.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any, ClassVar

from pelican.readers import BaseReader

from briefgen.editor_markdown import editor_markdown, render_inline
from briefgen.markup import BRIEFING_ROOT
from briefgen.model.page import BriefingPage, from_plain, loads, to_plain
from briefgen.publish.plugin.bodies import body_html, split_front_matter
from briefgen.publish.plugin.listed import file_stamp
from briefgen.publish.plugin.pelican_api import forget_html, set_html
from briefgen.publish.plugin.state import NoMemo, PluginState, plugin_state


def ensure_content(content: Any, state: PluginState | None) -> None:
    """Give a briefing read by :class:`BriefingReader` its body's HTML, once."""
    metadata = getattr(content, "metadata", {})
    if metadata.get("briefgen_pending"):
        html = state.bodies.html(content.source_path) if state else body_html(content.source_path)
        set_html(content, html)
        metadata["briefgen_pending"] = False


def release_content(content: Any, context: dict[str, Any]) -> None:
    """Forget a briefing's HTML once its page is written (it is rendered again if needed).

    Pelican memoizes ``get_content`` per article in a dict shared by all
    articles; without this every briefing's HTML stays in memory to the end.
    """
    metadata = getattr(content, "metadata", {})
    if "briefgen_pending" not in metadata or metadata["briefgen_pending"]:
        return
    forget_html(content, context)
    metadata["briefgen_pending"] = True


class BriefingReader(BaseReader):
    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        state = plugin_state(self.settings)
        # Before reading: a change made meanwhile then shows in the next build's stamp.
        stamp = file_stamp(source_path)
        with open(source_path, "rb") as handle:
            data = handle.read()
        data_hash = hashlib.blake2b(data, digest_size=16).hexdigest()
        if state is not None:
            state.listed.read[os.path.abspath(source_path)] = (stamp, data_hash)
        memo = state.read_memo if state is not None else NoMemo()
        cached = memo.get(data_hash)
        if cached is not None:
            page, summary = from_plain(BriefingPage, cached[0]), cached[1]
        else:
            front, _body = split_front_matter(data.decode("utf-8"))
            page = loads(BriefingPage, front)
            summary = render_inline(editor_markdown(), page.summary, BRIEFING_ROOT)
            memo.put(data_hash, to_plain(page), summary)
        metadata: dict[str, Any] = {
            "title": page.title,
            "date": self.process_metadata("date", page.date),
            "slug": page.slug,
            "summary": summary,
            "briefing": page,
            # What pages other than its own need of it, in the listing row
            # (see briefgen.publish.plugin.listed): the sitemap's dates, the
            # search page's outlets.
            "briefgen_related": list(page.related),
            "briefgen_story": [ref.date for ref in page.story],
            "briefgen_outlet": page.outlet.name,
            # What the briefing's page is made from, for the writer's fingerprints.
            "briefgen_hash": data_hash,
            "briefgen_pending": True,
        }
        if page.draft:
            # Pelican keeps drafts out of the index, feeds and tags, and writes
            # them to DRAFT_SAVE_AS (drafts/<slug>/; nowhere with publishconf.py).
            metadata["status"] = "draft"
            # Pelican writes a draft with its category, which this site (no
            # category pages) does not give articles; no page shows it.
            metadata["category"] = self.process_metadata("category", "drafts")
        if page.tags:
            metadata["tags"] = self.process_metadata("tags", list(page.tags))
        return "", metadata
