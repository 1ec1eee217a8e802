"""Ingest: a source article file to a :class:`~briefgen.model.Article`.

:func:`read_article` checks the size, decodes strict UTF-8, removes hidden
characters, and hands the text to the reader for the file's suffix:
:mod:`.text` (``.txt``), :mod:`.markdown` (``.md``), :mod:`.html`
(``.html``/``.htm``).  Problems become diagnostics; None means the article
cannot be used (an error was added).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefgen.boundary import Folder
from briefgen.diagnostics import DiagnosticList, Location, did_you_mean
from briefgen.ingest.markdown import read_markdown_article
from briefgen.ingest.normalize import HiddenCharacters, fold_whitespace, read_source_text
from briefgen.ingest.text import read_text_article
from briefgen.model import Article

__all__ = ["ARTICLE_SUFFIXES", "DEFAULT_MAX_BYTES", "fold_whitespace", "read_article"]

Reader = Callable[[Path, str, DiagnosticList, HiddenCharacters], "Article | None"]


def read_html_article(
    path: Path, text: str, diagnostics: DiagnosticList, hidden: HiddenCharacters
) -> Article | None:
    """:func:`briefgen.ingest.html.read_html_article`, imported on first use.

    lxml.html takes ~50 ms to import (trafilatura much more, on the first
    page), which a site of Markdown articles (and every incremental rebuild)
    need not pay.
    """
    from briefgen.ingest.html import read_html_article as read

    return read(path, text, diagnostics, hidden)


READERS: dict[str, Reader] = {
    ".txt": read_text_article,
    ".md": read_markdown_article,
    ".html": read_html_article,
    ".htm": read_html_article,
}
ARTICLE_SUFFIXES: tuple[str, ...] = tuple(READERS)
DEFAULT_MAX_BYTES = 5_000_000


def read_article(
    path: Path,
    diagnostics: DiagnosticList,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    folder: Folder | None = None,
) -> Article | None:
    """The article at ``path``, or None after adding an error to ``diagnostics``.

    ``folder`` is the content folder it is read from (:mod:`briefgen.boundary`).
    """
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        diagnostics.error(
            "briefgen.unsupported-article",
            f"expected an article file ending in {', '.join(ARTICLE_SUFFIXES)} "
            f"but got '{path.suffix or path.name}'{did_you_mean(suffix, ARTICLE_SUFFIXES)}",
            Location(path, 1, 1),
        )
        return None
    text = read_source_text(path, diagnostics, max_bytes, folder)
    if text is None:
        return None
    hidden = HiddenCharacters(path)
    text = hidden.clean_source(text)
    article = reader(path, text, diagnostics, hidden)
    hidden.report(diagnostics)
    return article
