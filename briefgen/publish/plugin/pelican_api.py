"""The parts of Pelican's private API the plugin relies on, and only here.

Pelican documents its signals, settings, readers and generators; what the
plugin needs beyond that (setting a content's HTML after reading it,
forgetting Pelican's memoized HTML, the writer's file opening and feed
items, the readers it disables, the articles generator's content cache)
is reached through this module alone.
``tests/publish/test_pelican_api.py`` exercises each of these on the
installed Pelican, so an upgrade that changes one fails there, by name,
instead of somewhere in a build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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


def serve_articles(generator: Any, article_of: Callable[[str], Content | None]) -> None:
    """Have the articles generator take a file's article from ``article_of(path)``
    (``path`` relative to the generator's folder) instead of reading the file,
    unless it gives None.

    Pelican's generator asks ``get_cached_data(path, None)`` for every file
    before reading it (its own content cache, off unless ``CACHE_CONTENT``).
    """
    own = generator.get_cached_data

    def get_cached_data(path: str, default: Any = None) -> Any:
        found = article_of(path)
        return found if found is not None else own(path, default)

    generator.get_cached_data = get_cached_data


class _Members(list[Any]):
    """A list whose ``in`` is by identity through a set: as Pelican's (contents
    compare by identity), in constant time."""

    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        self._ids = {id(item) for item in items}

    def __contains__(self, item: object) -> bool:
        return id(item) in self._ids


def quick_tag_membership(generator: Any) -> None:
    """Make ``article in articles`` of each tag's list take constant time.

    Pelican's tag pages ask it of every article of the site for every tag
    (``dates = [a for a in self.dates if a in articles]``): seconds at 5,000
    briefings.  The lists keep their items and order.
    """
    tags = generator.tags
    for tag, articles in list(tags.items()):
        tags[tag] = _Members(articles)


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
