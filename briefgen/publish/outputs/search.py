"""The search index: Pagefind over the published pages, into ``pagefind/``.

Pagefind's binary comes with its Python package (``pagefind[bin]``) and is
run by the build (:mod:`briefgen.publish.outputs.staging`) on the staging folder
after Pelican wrote every page and before the folder is swapped in, so a
failed build leaves the published site as it was, and the index always
describes exactly the pages beside it (an incremental build indexes its
whole staging folder again: unchanged pages are hard-linked there).  The
devserver defers it: it publishes with the previous index linked in, and
indexes once the open page has reloaded.  It reads files and writes files:
no network.

What is indexed is marked in the theme: ``data-pagefind-body`` on briefings
(not drafts), glossary terms and sources, with ``data-pagefind-meta`` and
``data-pagefind-filter`` for the result's kind, date, tags and outlet.
Annotations' tooltip text (``[data-ann]``) is not the article's text and is
left out.

Each briefing is indexed in its own language.  Pagefind takes a page's
language from ``<html lang>``, which on every page is the site's (the
chrome is in the site's language), so a briefing in another language says
its language in its Pagefind metadata (its headline's ``lang``, marked
``data-pagefind-meta="language[lang], dir[dir]"``) and is indexed with
``--force-language`` in bundles of its own language.  Pagefind's browser
code searches only one language in a bundle, and an index merged into it
is searched with the first one's word rules, so the search page loads each
language as a Pagefind of its own, each stemming the query as its pages
were stemmed, and merges the results.

The index is made in *shards*, each a Pagefind bundle of its own: the
briefings of one month in one language (``pagefind/en/2025-02/``), the
glossary terms (``pagefind/en/glossary/``), the sources.  The search page
opens the first shard of a language and merges the others into it with
Pagefind's ``mergeIndex``, so a query finds the same pages as in one
bundle.  ``pagefind/languages.json`` names the shards of each language:
``{"ar": ["ar/2025-02/"], "en": ["en/2025-01/", "en/glossary/", ...]}``
(folders relative to ``pagefind/``).  A build indexes only the shards whose
pages changed, and links the others from the previous output's index: each
shard is recorded with a key of its pages' addresses and fingerprints (or
bytes), so after one edit Pagefind reads one month of briefings, not the
archive, and holds only that in memory.  Pagefind's own UI files are not
kept (the theme has its own search page).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from html import unescape
from pathlib import Path
from typing import Any

from briefgen.incremental.keys import digest
from briefgen.incremental.store import JSON, MARSHAL, Output, Table
from briefgen.language import standard_tag
from briefgen.publish.outputs.launcher import Launcher
from briefgen.publish.outputs.pagefind import (
    EXCLUDED,
    ShardRuns,
    View,
    pagefind_version,
)
from briefgen.publish.outputs.pagefind import (  # where the build and tests find them
    SearchIndexError as SearchIndexError,
)
from briefgen.publish.outputs.pagefind import (
    pagefind_executable as pagefind_executable,
)
from briefgen.publish.outputs.pagefind import (
    run_pagefind as run_pagefind,
)
from briefgen.publish.outputs.search_words import (
    shard_words,
    vocabulary_folder,
    vocabulary_pages,
    vocabulary_view,
)

BUNDLE = "pagefind"
LANGUAGES = "languages.json"

# Per output folder: the shards of its index, by folder, with the key of what each indexes.
SHARDS: Output[Any] = Output("search-shards", JSON, depends_on=("publish",), keep="all")
# Per page and fingerprint: [language, shard] it is indexed in, or [] (not indexed).
PLACES: Output[Any] = Output("search-places", MARSHAL, depends_on=("publish",), preload=True)

# The start tag of the element Pagefind indexes, and the mark of the one whose
# ``lang`` is the page's language in Pagefind's metadata (the theme's own
# markup: attribute values are escaped, so hold no '<' or '>').
_INDEXED = re.compile(rb"<[a-z][a-z0-9]*\s[^<>]*\bdata-pagefind-body\b[^<>]*>")
_LANGUAGE_MARK = b' data-pagefind-meta="language[lang]'
_LANG = re.compile(rb'\slang="([^"]*)"')
_PRIMARY = re.compile(r"[a-z]{2,8}")
# The month of a dated page (a briefing): the <time> that is its date in
# Pagefind's metadata (a source page lists dated briefings, and is not dated).
_MONTH = re.compile(
    rb'<time\s(?=[^<>]*\bdata-pagefind-meta="date")[^<>]*\bdatetime="(\d{4}-\d{2})')


def index_language(tag: str) -> str:
    """The language Pagefind indexes text in ``tag`` in: its primary subtag
    (``ar-SY`` -> ``ar``), all Pagefind's word rules depend on."""
    return tag.split("-", 1)[0].lower()


def page_language(html: bytes) -> str | None:
    """The ``language`` in the Pagefind metadata of a page (None: not said)."""
    mark = html.find(_LANGUAGE_MARK)
    if mark < 0:
        return None
    start_tag = html[html.rfind(b"<", 0, mark):html.find(b">", mark)]
    lang = _LANG.search(start_tag)
    if lang is None:
        return None
    return unescape(lang.group(1).decode("utf-8", "replace")).strip() or None


def place_of(html: bytes, page: str, default: str) -> list[str]:
    """``[language, shard]`` a page is indexed in, or ``[]`` if it is not indexed.

    The shard of a dated page is its month (``2025-02``); of any other, the
    first folder of its address (``glossary``).
    """
    indexed = _INDEXED.search(html)
    if indexed is None:
        return []
    language = index_language(page_language(html) or default)
    # The theme writes checked tags; anything else is indexed with the site.
    if not _PRIMARY.fullmatch(language):
        language = default
    month = _MONTH.search(html)
    if month is not None:
        return [language, month.group(1).decode("ascii")]
    folder = page.split("/", 1)[0] if "/" in page else "pages"
    # Names beginning with "_" are the vocabularies' (see .search_words).
    return [language, re.sub(r"[^A-Za-z0-9_-]", "_", folder).lstrip("_") or "pages"]


def _html_pages(site: Path) -> list[str]:
    """The HTML files of ``site`` outside the search bundle, as sorted relative paths."""
    found: list[str] = []
    for top, folders, files in os.walk(site):
        relative = os.path.relpath(top, site)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        if not prefix:
            folders[:] = [f for f in folders if f != BUNDLE]
        found.extend(prefix + name for name in files if name.endswith(".html"))
    return sorted(found)


@dataclass
class Shard:
    """The pages of one shard and the key of what they are."""

    language: str
    pages: list[str]
    key: str


def plan_shards(
    site: Path,
    default: str,
    fingerprints: Mapping[str, str] | None = None,
    places: Table[Any] | None = None,
    *,
    everything: bool = True,
    pages: Iterable[str] | None = None,
) -> dict[str, Shard]:
    """The shards of the index of ``site``, by folder (``en/2025-02/``).

    A page whose fingerprint is given (see :mod:`briefgen.publish.plugin.writer`:
    same fingerprint, same bytes) and whose place ``places`` recorded is not
    read; its key is its fingerprint.  Any other page is read, and keyed by
    its bytes.  When no page says what to index, every page is, in one
    shard (unless not ``everything``: the site is not complete yet).
    ``pages`` (HTML files of ``site``) are the pages to plan; by default,
    every HTML file of ``site``.
    """
    grouped: dict[str, list[str]] = {}
    languages: dict[str, str] = {}
    contents: dict[str, str] = {}
    for page in _html_pages(site) if pages is None else pages:
        fingerprint = fingerprints.get(page) if fingerprints is not None else None
        place: list[str] | None = None
        memo = digest(page, fingerprint) if fingerprint is not None else None
        if memo is not None and places is not None:
            place = places.get(memo)
        if place is None:
            html = (site / page).read_bytes()
            place = place_of(html, page, default)
            if memo is not None and places is not None:
                places.put(memo, place)
            if fingerprint is None:
                fingerprint = "bytes:" + digest(html)
        if not place:
            continue
        folder = f"{place[0]}/{place[1]}/"
        grouped.setdefault(folder, []).append(page)
        languages[folder] = place[0]
        contents[page] = fingerprint or ""
    if not grouped and contents == {} and everything:
        # No page says what to index (a theme of the site's own): Pagefind
        # indexes every page's body, as it does by itself.
        pages = _html_pages(site)
        if pages:
            grouped[f"{default}/site/"] = pages
            languages[f"{default}/site/"] = default
            contents.update((page, "bytes:" + digest((site / page).read_bytes()))
                            for page in pages)
    version = pagefind_version()
    return {
        folder: Shard(languages[folder], pages,
                      digest(version, EXCLUDED, folder, *(f"{p}\0{contents[p]}" for p in pages)))
        for folder, pages in sorted(grouped.items())
    }


@dataclass(frozen=True)
class SearchMemo:
    """What earlier builds learnt of pages and shards (see :data:`PLACES`, :data:`WORDS`)."""

    places: Table[Any]
    words: Table[Any]


@dataclass(frozen=True)
class PreviousIndex:
    """A search bundle made earlier, and the key of each of its shards."""

    bundle: Path
    shards: Mapping[str, str]


def index_site(
    site: Path,
    bundle: Path | None = None,
    language: str = "en",
    cancelled: Callable[[], bool] | None = None,
    *,
    fingerprints: Mapping[str, str] | None = None,
    memo: SearchMemo | None = None,
    previous: PreviousIndex | None = None,
    workers: int = 1,
    early: EarlyShards | None = None,
    launcher: Launcher | None = None,
) -> dict[str, str] | None:
    """Write the search index of the pages of ``site`` into ``site/pagefind/``
    (or into ``bundle``: the benchmark indexes a built site without changing
    it); ``language`` is the site's, a BCP 47 tag.  Return the keys of its
    bundles by folder (to give as ``previous`` next time).

    Bundles whose key ``previous`` recorded are linked from its bundle, those
    ``early`` made with the same key are moved
    from there; the others are made by Pagefind, ``workers`` at a time.  None if
    ``cancelled`` said so meanwhile (Pagefind is stopped, and what it wrote
    of ``bundle`` is left for the caller to remove).  Pagefind is started by
    ``launcher`` (see :mod:`~briefgen.publish.outputs.launcher`), or by one
    of the index's own.
    """
    bundle = bundle or site / BUNDLE
    shards = plan_shards(site, index_language(language), fingerprints,
                         memo.places if memo is not None else None)
    made = _make_bundles(
        bundle,
        {folder: (shard.language, shard.key, partial(page_view, site, shard.pages))
         for folder, shard in shards.items()},
        previous, workers, cancelled, early.runs if early else None, launcher)
    if made is None:
        return None
    # Each language's vocabulary: which shards hold which words (see .search_words).
    languages: dict[str, dict[str, Any]] = {}
    vocabularies: dict[str, tuple[str, str, View]] = {}
    for name in sorted({shard.language for shard in shards.values()}):
        folders = [folder for folder, shard in shards.items() if shard.language == name]
        words = {folder: shard_words(bundle / folder, shards[folder].key,
                                     memo.words if memo is not None else None)
                 for folder in folders}
        folder = vocabulary_folder(name)
        key = digest(pagefind_version(), folder,
                     *(f"{f}\0{digest(*w)}" for f, w in sorted(words.items())))
        vocabularies[folder] = (name, key, partial(vocabulary_view, site, name, words))
        languages[name] = {"shards": folders, "words": folder}
    also = _make_bundles(bundle, vocabularies, previous, workers, cancelled,
                         early.runs if early else None, launcher)
    if also is None:
        return None
    for entry in languages.values():
        entry["pages"] = vocabulary_pages(bundle / entry["words"])
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / LANGUAGES).write_text(json.dumps(languages, sort_keys=True) + "\n",
                                    encoding="utf-8")
    return {**made, **also}


def _make_bundles(
    bundle: Path,
    wanted: Mapping[str, tuple[str, str, View]],
    previous: PreviousIndex | None,
    workers: int,
    cancelled: Callable[[], bool] | None,
    early: ShardRuns | None = None,
    launcher: Launcher | None = None,
) -> dict[str, str] | None:
    """Make each wanted bundle ``folder: (language, key, view)`` under ``bundle``
    (``view()`` gives the folder of pages Pagefind indexes): taken from
    ``early`` when it made (or makes) it with the same key, else linked from
    ``previous`` when it was made there with the same key, else made by
    Pagefind; their keys, or None if cancelled."""
    runs = early if early is not None else ShardRuns(bundle, workers, cancelled, launcher)
    try:
        todo: list[str] = []
        for folder, (language, key, view) in wanted.items():
            if runs.has(folder, key):
                todo.append(folder)
            elif _reusable(previous, folder, key):
                assert previous is not None
                shutil.copytree(previous.bundle / folder, bundle / folder,
                                copy_function=_link_or_copy)
            else:
                runs.submit(folder, language, key, view)
                todo.append(folder)
        runs.widen(workers)
        done = [runs.take(folder, bundle / folder) for folder in todo]
    finally:
        if runs is not early:
            runs.close()
    if not all(done):
        return None
    return {folder: key for folder, (_language, key, _view) in wanted.items()}


def _reusable(previous: PreviousIndex | None, folder: str, key: str) -> bool:
    """Whether ``previous`` holds the bundle of ``folder`` made with ``key``."""
    return previous is not None and previous.shards.get(folder) == key \
        and (previous.bundle / folder / "pagefind-entry.json").is_file()


class EarlyShards:
    """The shards of a site's pages indexed while the site is still being written.

    A build gives it the pages written so far each time Pelican has written
    another month of briefings (:meth:`add`): the shards of the pages new
    since the last time are planned and indexed at once, ``width`` at a time,
    on the cores the building process leaves.  :func:`index_site` (``early``)
    takes a bundle made here when its shard's key is still the same once the
    site is complete; a shard that got more pages later has another key
    then, and is made again.  :meth:`close` when done.
    """

    def __init__(
        self,
        site: Path,
        language: str,
        *,
        memo: SearchMemo | None = None,
        previous: PreviousIndex | None = None,
        width: int = 1,
        launcher: Launcher | None = None,
    ) -> None:
        self.site, self.language = site, index_language(language)
        self.memo, self.previous = memo, previous
        self.runs = ShardRuns(site, width, launcher=launcher)
        self.planned: set[str] = set()

    def add(self, fingerprints: Mapping[str, str]) -> None:
        """Index the shards of the pages written since the last call (given their
        fingerprints, see :func:`plan_shards`) that ``previous`` does not hold."""
        new = sorted(page for page in fingerprints if page not in self.planned
                     and page.endswith(".html") and not page.startswith(BUNDLE + "/"))
        self.planned.update(new)
        shards = plan_shards(self.site, self.language, fingerprints,
                             self.memo.places if self.memo is not None else None,
                             everything=False, pages=new)
        for folder, shard in shards.items():
            if not _reusable(self.previous, folder, shard.key):
                self.runs.submit(folder, shard.language, shard.key,
                                 partial(page_view, self.site, shard.pages))

    def close(self) -> None:
        self.runs.close()


def link_bundle(previous: Path, site: Path) -> None:
    """Put the search bundle of the site at ``previous`` into ``site`` (hard
    links, else copies): the index of the pages as they were, until
    :func:`index_site` makes the index of the pages as they are."""
    source = previous / BUNDLE
    if source.is_dir():
        shutil.copytree(source, site / BUNDLE, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


@contextmanager
def page_view(site: Path, pages: list[str]) -> Iterator[Path]:
    """A folder beside ``site`` holding ``pages`` (hard links, else copies) at
    their paths, so Pagefind indexes them at their addresses and nothing else."""
    with tempfile.TemporaryDirectory(prefix=f"{site.name}.search-", dir=site.parent) as top:
        view = Path(top)
        for page in pages:
            target = view / page
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(str(site / page), str(target))
        yield view


def site_language(config: dict[str, Any]) -> str:
    """The site's language (Pelican's ``DEFAULT_LANG``) as a BCP 47 tag."""
    return standard_tag(str(config.get("DEFAULT_LANG") or "")) or "en"
