"""The engine that turns a briefing's page into HTML: markdown-it-pyrs.

What render writes is plain CommonMark whose only raw HTML is render's own
(see :mod:`briefgen.markup`: every character an editor or an article wrote
reaches it escaped), so any CommonMark engine with its HTML passthrough on
makes the page, with no plugin.  markdown-it-pyrs, the Rust port of
markdown-it, is the fastest that gives the same HTML as markdown-it-py's
CommonMark renderer (``tests/markup/test_engine.py`` holds it to that).

Editors' Markdown outside the briefing pages (a summary on the index, a
definition on a glossary page) goes through :mod:`briefgen.editor_markdown`.
"""

from __future__ import annotations

from functools import cache

from markdown_it_pyrs import MarkdownIt

from briefgen.markup import BRIEFING_ROOT

__all__ = ["BRIEFING_ROOT", "body_engine", "page_html"]


@cache
def body_engine() -> MarkdownIt:
    """The engine of this process: CommonMark, raw HTML passed through (render's own)."""
    return MarkdownIt("commonmark")


def page_html(markdown: str) -> str:
    """The HTML of a briefing's page (what render wrote after the front matter)."""
    return body_engine().render(markdown)
