"""The parts of Pelican's private API the plugin relies on, and only here.

Pelican documents its signals, settings, readers and generators; what the
plugin needs beyond that (setting a content's HTML after reading it,
forgetting Pelican's memoized HTML, the writer's file opening and feed
items, the readers it disables) is reached through this module alone.
``tests/publish/test_pelican_api.py`` exercises each of these on the
installed Pelican, so an upgrade that changes one fails there, by name,
instead of somewhere in a build.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import IO, Any

from pelican.contents import Content
from pelican.writers import Writer


def set_html(content: Content, html: str) -> None:
    """Give a content read without its body (see the reader) its HTML."""
    content._content = html


def forget_html(content: Content, context: dict[str, Any]) -> None:
    """Drop the HTML Pelican memoized for ``content`` (``get_content`` keeps every article's)."""
    content._content = ""
    cache = getattr(content.get_content, "cache", None)
    if isinstance(cache, dict):
        cache.pop((content, context.get("localsiteurl", "")), None)
        cache.pop((content, content.get_siteurl()), None)


def enable_reader(readers: Any, extension: str) -> None:
    """Drop Pelican's "disabled" entry for ``extension`` (ours reads those files).

    Pelican's own Markdown reader (python-markdown, not installed) would
    otherwise warn that it cannot read the ``.md`` files.
    """
    readers.disabled_readers.pop(extension, None)


class HookedWriter(Writer):
    """Pelican's writer with two documented-here hooks over its private methods.

    :meth:`open_output` opens each output file (Pelican's ``_open_w``);
    :meth:`feed_item_added` runs after each feed entry is added (after
    Pelican's ``_add_item_to_the_feed``).
    """

    def open_output(
        self, filename: str, encoding: str, override: bool
    ) -> AbstractContextManager[IO[str]]:
        """Open an output file for writing (Pelican refuses to write one twice)."""
        return super()._open_w(filename, encoding, override)

    def feed_item_added(self, feed: Any, item: Any) -> None:
        """Called with the feed and the content just added to it."""

    @contextmanager
    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Iterator[Any]:
        with self.open_output(filename, encoding, override) as handle:
            yield handle

    def _add_item_to_the_feed(self, feed: Any, item: Any) -> None:
        super()._add_item_to_the_feed(feed, item)
        self.feed_item_added(feed, item)
