"""Jinja filters the theme uses; every one returns escaped or safe HTML."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from briefgen.editor_markdown import editor_markdown, render_inline
from briefgen.markup import credibility_grade, reliability_grade, reliability_rating
from briefgen.model.claims import RECORD_ORDER
from briefgen.publish.plugin.structured_data import briefing_jsonld
from briefgen.typography import nested_quotes

RECORD_WORDS = {"confirmed": "confirmed", "partly": "partly confirmed", "refuted": "refuted",
                "open": "open"}

_MD = editor_markdown()  # editor text from sidecars and registers


def root_of(siteurl: str) -> str:
    """The prefix to reach the site root from a page, given Pelican's SITEURL."""
    if not siteurl or siteurl == ".":
        return ""
    return siteurl.rstrip("/") + "/"


def inline_md(text: str | None, siteurl: str = "") -> Markup:
    """Render an editor's inline Markdown (summary, definition...) as safe HTML."""
    if not text:
        return Markup("")
    return _inline_html(text, root_of(siteurl))


@lru_cache(maxsize=16_384)
def _inline_html(text: str, root: str) -> Markup:
    # The same summary is shown on the index, its tag pages, and so on: render
    # each (text, depth) once per build rather than once per page.
    return Markup(render_inline(_MD, text, root))


def long_date(iso: str, format: str = "%-d %B %Y") -> str:
    """An ISO 8601 date or date-time written as the pages write dates (``6 February 2025``).

    ``format`` is the site's DEFAULT_DATE_FORMAT, the one Pelican writes
    briefing dates with, so every page writes a date one way.
    """
    return dt.datetime.fromisoformat(iso).strftime(format)


def record_line(record: dict[str, int]) -> str:
    """A track record in one line: ``2 confirmed, 1 partly confirmed, 0 refuted, 3 open``."""
    return ", ".join(f"{record.get(o, 0)} {RECORD_WORDS[o]}" for o in RECORD_ORDER)


@lru_cache(maxsize=16_384)
def plain_md(text: str | None) -> str:
    """An editor's inline Markdown as plain text (for meta descriptions and structured data)."""
    if not text:
        return ""
    words: list[str] = []
    for block in _MD.parseInline(text):
        for token in block.children or []:
            if token.type in ("text", "code_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
    return " ".join("".join(words).split())


def page_path(output_file: str) -> str:
    """A page's address from the site root, from its file (``a/index.html`` -> ``a/``)."""
    return output_file.removesuffix("index.html")


def install_filters(env: Any) -> None:
    env.filters.update(
        {
            "inline_md": inline_md,
            # The grade words of the markup contract: "usually reliable (B)",
            # "B: usually reliable", "possibly true (3)".
            "reliability_grade": reliability_grade,
            "reliability_rating": reliability_rating,
            "credibility_grade": credibility_grade,
            "root_of": root_of,
            "long_date": long_date,
            "record_line": record_line,
            "nested_quotes": nested_quotes,
            "plain_md": plain_md,
            "page_path": page_path,
            "briefing_jsonld": briefing_jsonld,
        }
    )
