"""Each language's vocabulary: which shards of the search index hold which words.

Pagefind matches a query word against the words of *one* index: the words
that begin with it, or, when there are none, the longest word that begins
the query word ("airbases" finds "air", even "a").  A shard that lacks a
word another shard has would therefore answer with pages that one index of
all the pages would never give.  So each language also has a small bundle,
its *vocabulary* (``pagefind/<language>/_words/``): a page per shard holding
every word that shard's pages and metadata hold, each once, indexed by
Pagefind with the same word rules.  The search page looks each query word
up in it first; it finds the shards whose words one index would match (the
vocabulary has all the words, so it falls back only when one index would,
to the same word), and the query is searched in those shards only.

A shard's words are read from what Pagefind itself kept of its pages (the
fragments' text and metadata), and recorded by the shard's key, so that a
build reads only the shards it made again; the vocabulary is made again
only when some shard's words changed.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

from briefgen.incremental.store import MARSHAL, Output, Table

# Per shard key: the words of that shard.
WORDS: Output[Any] = Output("search-words", MARSHAL, depends_on=("publish",))
VOCABULARY = "_words"
_FRAGMENT_MARK = b"pagefind_dcd"


def vocabulary_folder(language: str) -> str:
    """The folder of a language's vocabulary under ``pagefind/``."""
    return f"{language}/{VOCABULARY}/"


def _fragments(bundle: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(page id, fragment) of each page of a Pagefind bundle."""
    folder = bundle / "fragment"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        data = path.read_bytes()
        if not data.startswith(_FRAGMENT_MARK):
            data = gzip.decompress(data)
        yield path.name.split(".", 1)[0], json.loads(data[len(_FRAGMENT_MARK):])


def shard_words(bundle: Path, key: str, memo: Table[Any] | None = None) -> list[str]:
    """The distinct words (as written) of a shard's pages: their text and metadata."""
    if memo is not None:
        known = memo.get(key)
        if isinstance(known, list):
            return known
    words: set[str] = set()
    for _page, fragment in _fragments(bundle):
        words.update(str(fragment.get("content", "")).split())
        for value in (fragment.get("meta") or {}).values():
            words.update(str(value).split())
    found = sorted(words)
    if memo is not None:
        memo.put(key, found)
    return found


@contextmanager
def vocabulary_view(
    site: Path, language: str, words: Mapping[str, list[str]]
) -> Iterator[Path]:
    """A folder beside ``site`` with a page per shard (at the shard's folder)
    holding its words, for Pagefind to index in ``language``."""
    with tempfile.TemporaryDirectory(prefix=f"{site.name}.words-", dir=site.parent) as top:
        view = Path(top)
        for shard, shard_words_ in words.items():
            page = view / shard / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(
                f'<!doctype html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
                f"<title>{escape(shard)}</title></head><body><main data-pagefind-body>"
                f"<p>{escape(' '.join(shard_words_))}</p></main></body></html>\n",
                encoding="utf-8",
            )
        yield view


def vocabulary_pages(bundle: Path) -> dict[str, str]:
    """The shard each page of a vocabulary stands for, by Pagefind's page id
    (what a search result's ``id`` is)."""
    return {page: str(fragment["url"]).lstrip("/") for page, fragment in _fragments(bundle)}
