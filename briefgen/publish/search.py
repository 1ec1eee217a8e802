"""The search index: Pagefind over the published pages, into ``pagefind/``.

Pagefind's binary comes with its Python package (``pagefind[bin]``) and is
run on the staging folder after Pelican wrote every page and before the
folder is swapped in, so a failed build leaves the published site as it
was, and the index always describes exactly the pages beside it (an
incremental build indexes its whole staging folder again: unchanged pages
are hard-linked there).  It reads files and writes files: no network.

What is indexed is marked in the theme: ``data-pagefind-body`` on briefings
(not drafts), glossary terms and sources, with ``data-pagefind-meta`` and
``data-pagefind-filter`` for the result's kind, date, tags and outlet.
Annotations' tooltip text (``[data-ann]``) is not the article's text and is
left out.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path
from typing import Any

BUNDLE = "pagefind"
EXCLUDED = "[data-ann]"


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


def index_site(site: Path, bundle: Path | None = None) -> None:
    """Write the search bundle for the pages of ``site`` into ``site/pagefind/``
    (or into ``bundle``: the benchmark indexes a built site without changing it)."""
    where = ["--output-path", str(bundle)] if bundle else ["--output-subdir", BUNDLE]
    command = [
        str(pagefind_executable()),
        "--site", str(site),
        *where,
        "--exclude-selectors", EXCLUDED,
        "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False,
                                stdin=subprocess.DEVNULL)
    except OSError as error:
        raise SearchIndexError(f"cannot run Pagefind: {error}") from error
    if result.returncode < 0:  # killed: a full disk or a file size limit (SIGXFSZ), say
        name = signal.Signals(-result.returncode).name
        raise SearchIndexError(f"cannot write the search index: Pagefind was stopped by {name}")
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        raise SearchIndexError(
            f"cannot write the search index: Pagefind failed (exit {result.returncode}): "
            f"{said[-1] if said else 'no message'}"
        )


def index_published(pelican: Any) -> None:
    """``finalized`` handler: index the folder Pelican just wrote."""
    index_site(Path(pelican.output_path))
