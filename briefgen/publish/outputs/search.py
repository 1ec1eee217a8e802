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
``data-pagefind-meta="language[lang], dir[dir]"``) and is indexed in a
bundle of its own language: ``pagefind/lang/<language>/``, made by running
Pagefind with ``--force-language`` over a folder of hard links to exactly
those pages.  A bundle per language, not Pagefind's several languages in
one bundle: Pagefind's browser code searches only the language of the
reading page in a bundle, and an index merged into it is searched with the
first one's word rules, so the search page loads each bundle as a Pagefind
of its own, each stemming the query as its pages were stemmed, and merges
the results.  ``pagefind/languages.json`` names the bundles:
``{"ar": "lang/ar/", "en": ""}`` (folders relative to ``pagefind/``).
Glossary terms and sources are in the site's language, in ``pagefind/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import Any

from briefgen.language import standard_tag

BUNDLE = "pagefind"
EXCLUDED = "[data-ann]"
LANGUAGES = "languages.json"
# Bundles of the languages other than the site's, under the site's bundle.
OTHER_LANGUAGES = "lang"

# The start tag of the element Pagefind indexes, and the mark of the one whose
# ``lang`` is the page's language in Pagefind's metadata (the theme's own
# markup: attribute values are escaped, so hold no '<' or '>').
_INDEXED = re.compile(rb"<[a-z][a-z0-9]*\s[^<>]*\bdata-pagefind-body\b[^<>]*>")
_LANGUAGE_MARK = b' data-pagefind-meta="language[lang]'
_LANG = re.compile(rb'\slang="([^"]*)"')
_PRIMARY = re.compile(r"[a-z]{2,8}")
# How often a cancellable run asks whether to stop.
CANCEL_POLL_SECONDS = 0.05


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why."""


def pagefind_executable() -> Path:
    """The binary shipped in the ``pagefind_bin`` wheel (never downloaded)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise SearchIndexError(
            "the search index needs Pagefind's binary: pip install 'pagefind[bin]'"
        ) from error
    return Path(get_executable())


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


def pages_by_language(site: Path, default: str) -> dict[str, list[str]]:
    """The pages of ``site`` that Pagefind indexes, by the language they are
    indexed in (``default`` unless they say otherwise), as sorted paths
    relative to ``site``; the search bundle's folder is not looked in."""
    groups: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(BUNDLE + "/"):
            continue
        html = path.read_bytes()
        if not _INDEXED.search(html):
            continue
        language = index_language(page_language(html) or default)
        # The theme writes checked tags; anything else is indexed with the site.
        if not _PRIMARY.fullmatch(language):
            language = default
        groups.setdefault(language, []).append(relative)
    return groups


def index_site(
    site: Path,
    bundle: Path | None = None,
    language: str = "en",
    cancelled: Callable[[], bool] | None = None,
) -> bool:
    """Write the search bundles for the pages of ``site`` into ``site/pagefind/``
    (or into ``bundle``: the benchmark indexes a built site without changing
    it); ``language`` is the site's, a BCP 47 tag.

    False if ``cancelled`` said so meanwhile (Pagefind is stopped, and what
    it wrote of ``bundle`` is left for the caller to remove).
    """
    bundle = bundle or site / BUNDLE
    default = index_language(language)
    groups = pages_by_language(site, default)
    if set(groups) <= {default}:
        # One language: Pagefind over the site itself, which also indexes
        # every page's body if no page marks what to index.
        if not _run_pagefind(site, bundle, default, cancelled):
            return False
        folders = {default: ""}
    else:
        folders = {}
        for name, pages in sorted(groups.items()):
            folder = "" if name == default else f"{OTHER_LANGUAGES}/{name}/"
            with _view(site, pages) as view:
                if not _run_pagefind(view, bundle / folder, name, cancelled):
                    return False
            folders[name] = folder
    (bundle / LANGUAGES).write_text(json.dumps(folders, sort_keys=True) + "\n",
                                    encoding="utf-8")
    return True


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
def _view(site: Path, pages: list[str]) -> Iterator[Path]:
    """A folder beside ``site`` holding ``pages`` (hard links, else copies) at
    their paths, so Pagefind indexes them at their addresses and nothing else."""
    with tempfile.TemporaryDirectory(prefix=f"{site.name}.search-", dir=site.parent) as top:
        view = Path(top)
        for page in pages:
            target = view / page
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(str(site / page), str(target))
        yield view


def _run_pagefind(
    site: Path, bundle: Path, language: str, cancelled: Callable[[], bool] | None = None
) -> bool:
    """Run Pagefind over ``site`` into ``bundle``; False if ``cancelled`` stopped it."""
    command = [
        str(pagefind_executable()),
        "--site", str(site),
        "--output-path", str(bundle),
        "--force-language", language,
        "--exclude-selectors", EXCLUDED,
        "--silent",
    ]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
    except OSError as error:
        raise SearchIndexError(f"cannot run Pagefind: {error}") from error
    with process:
        if cancelled is not None:
            while process.poll() is None:
                if cancelled():
                    process.kill()
                    return False
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=CANCEL_POLL_SECONDS)
        said, _ = process.communicate()
    if process.returncode < 0:  # killed: a full disk or a file size limit (SIGXFSZ), say
        name = signal.Signals(-process.returncode).name
        raise SearchIndexError(f"cannot write the search index: Pagefind was stopped by {name}")
    if process.returncode != 0:
        lines = said.strip().splitlines()
        raise SearchIndexError(
            f"cannot write the search index: Pagefind failed (exit {process.returncode}): "
            f"{lines[-1] if lines else 'no message'}"
        )
    return True


def site_language(config: dict[str, Any]) -> str:
    """The site's language (Pelican's ``DEFAULT_LANG``) as a BCP 47 tag."""
    return standard_tag(str(config.get("DEFAULT_LANG") or "")) or "en"
