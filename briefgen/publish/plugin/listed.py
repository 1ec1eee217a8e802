"""Briefings whose rendered file did not change since the last build, without reading it.

Reading a rendered briefing (its bytes hashed, its page record decoded) and
making Pelican's ``Article`` of it costs about a millisecond; a site of
5,000 briefings paid that for every one on every build, though an edit
changes one or two.  So each build records, per rendered file, the file
system's stamp of it (inode, size, modification and change time), the
digest of its bytes and the metadata Pelican made its article from
(:func:`listing_row`).  The next build asks the file system first: a file
whose stamp is the recorded one becomes a :class:`ListedArticle` made from
that row (:meth:`ListedBriefings.article`), and is neither read nor hashed.

What every page of the site needs of every briefing (title, date, slug,
summary HTML, tags, and for the sitemap and the search page its related
briefings, its story's dates and its outlet, see
:mod:`briefgen.publish.plugin.reader`) is in the row.  The page record
itself, which a briefing's own page and the list pages showing it need, is
decoded from the file the first time a page that shows it is rendered: a
build renders those pages only when what they show changed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from functools import cached_property
from typing import Any

from pelican.contents import Article
from pelican.urlwrappers import Author, Category, Tag

from briefgen.model.page import BriefingPage, loads
from briefgen.publish.plugin.bodies import split_front_matter
from briefgen.publish.plugin.state import ListedMemo, Row, Stamp

# Metadata the row leaves out: the page record (decoded when a page needs it).
LAZY = ("briefing",)
# What Pelican works out from the metadata and the settings at every access
# (~60 us each): kept in the row too, under ":url" and ":save_as".
ADDRESSES = ("url", "save_as")
_PLAIN = (str, int, float, bool, type(None))


def file_stamp(path: str) -> Stamp:
    """What the file system says of ``path``: a rewrite changes at least one of these."""
    status = os.stat(path)
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def page_of_file(source_path: str) -> BriefingPage:
    """The page record at the top of a rendered briefing."""
    with open(source_path, encoding="utf-8") as handle:
        front, _body = split_front_matter(handle.read())
    return loads(BriefingPage, front)


def listing_row(metadata: dict[str, Any]) -> Row | None:
    """The metadata of an article as plain data (see :func:`metadata_of`), or None
    when a value is of a kind the row does not know (the file is then read
    again by the next build, as before)."""
    row: Row = {}
    for key, value in metadata.items():
        if key in LAZY:
            continue
        if isinstance(value, _PLAIN):
            row[key] = ("value", value)
        elif isinstance(value, list | tuple) and all(isinstance(v, _PLAIN) for v in value):
            row[key] = ("list", list(value))
        elif isinstance(value, dt.datetime) and value.tzinfo is None:
            row[key] = ("datetime", value.isoformat())
        elif isinstance(value, list) and all(type(v) is Tag for v in value):
            row[key] = ("tags", [str(tag.name) for tag in value])
        elif type(value) in (Category, Author):
            row[key] = (type(value).__name__, str(value.name))
        else:
            return None
    return row


class ListedArticle(Article):
    """A briefing's article made from its listing row (see the module docstring).

    Its ``briefing`` (the page record) is decoded from the rendered file when
    first asked for; its address and output path are worked out once (its
    metadata and the settings do not change during a run).
    """

    def __init__(self, load_page: Callable[[], BriefingPage], **kwargs: Any) -> None:
        self._load_page = load_page
        super().__init__(**kwargs)

    @cached_property
    def briefing(self) -> BriefingPage:
        return self._load_page()

    @cached_property
    def url(self) -> str:
        return str(self.get_url_setting("url"))

    @cached_property
    def save_as(self) -> str:
        return str(self.get_url_setting("save_as"))


class ListedBriefings:
    """Makes the articles of unchanged rendered files from their rows, and records
    the rows of the files read (for one Pelican run)."""

    def __init__(self, memo: ListedMemo) -> None:
        self.memo = memo
        # What the reader found of each file it read: its stamp and digest, by path.
        self.read: dict[str, tuple[Stamp, str]] = {}
        self._tags: dict[str, Tag] = {}
        self._made: dict[str, ListedArticle] = {}

    def article(
        self, base_path: str, path: str, settings: dict[str, Any], context: dict[str, Any]
    ) -> ListedArticle | None:
        """The article of rendered file ``path`` (relative to ``base_path``) if the
        file is the one the row was recorded from, else None."""
        source_path = os.path.abspath(os.path.join(base_path, path))
        recorded = self.memo.get(_key(path))
        if recorded is None:
            return None
        stamp, data_hash, row = recorded
        try:
            if tuple(stamp) != file_stamp(source_path):
                return None
        except OSError:
            return None
        metadata = self.metadata_of(row, settings)
        metadata["briefgen_hash"] = data_hash
        metadata["briefgen_pending"] = True
        article = ListedArticle(
            lambda: page_of_file(source_path),
            content="", metadata=metadata, settings=settings, source_path=source_path,
            context=context,
        )
        for name in ADDRESSES:  # worked out from the same metadata and settings last time
            if f":{name}" in row:
                article.__dict__[name] = row[f":{name}"][1]
        self._made[source_path] = article
        return article

    def metadata_of(self, row: Row, settings: dict[str, Any]) -> dict[str, Any]:
        """The metadata :func:`listing_row` made ``row`` of."""
        metadata: dict[str, Any] = {}
        for key, (kind, value) in row.items():
            if kind == "address":
                continue
            if kind == "datetime":
                metadata[key] = dt.datetime.fromisoformat(value)
            elif kind == "tags":
                metadata[key] = [self._tag(name, settings) for name in value]
            elif kind == "Category":
                metadata[key] = Category(value, settings)
            elif kind == "Author":
                metadata[key] = Author(value, settings)
            elif kind == "list":
                metadata[key] = list(value)
            else:
                metadata[key] = value
        return metadata

    def _tag(self, name: str, settings: dict[str, Any]) -> Tag:
        tag = self._tags.get(name)
        if tag is None:
            tag = self._tags[name] = Tag(name, settings)
        return tag

    def record(self, articles: list[Any], base_path: str) -> None:
        """Keep the rows of the articles read from their files in this run."""
        for article in articles:
            source_path = str(article.source_path)
            found = self.read.get(source_path)
            if found is None or source_path in self._made:
                continue
            row = listing_row(article.metadata)
            if row is not None:
                for name in ADDRESSES:
                    row[f":{name}"] = ("address", str(getattr(article, name)))
                stamp, data_hash = found
                self.memo.put(_key(os.path.relpath(source_path, base_path)), stamp, data_hash,
                              row)

    def keep(self, keep: Callable[[str], None]) -> None:
        """Call ``keep`` with the digest of each file whose article came from its row."""
        for article in self._made.values():
            keep(str(article.metadata["briefgen_hash"]))


def _key(path: str) -> str:
    return path.replace(os.sep, "/")
