"""Jinja filters the theme uses; every one returns escaped or safe HTML."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup

from briefgen.admiralty import CREDIBILITY_WORDS, RELIABILITY_WORDS
from briefgen.publish.markdown import create_markdown, render_inline

_MD = create_markdown()


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
    # each (text, depth) once per build rather than once per page (perf, issue 5).
    return Markup(render_inline(_MD, text, root))


def reliability_words(grade: str) -> str:
    return RELIABILITY_WORDS.get(grade, "unknown")


def credibility_words(grade: int) -> str:
    return CREDIBILITY_WORDS.get(int(grade), "unknown")


def install_filters(env: Any) -> None:
    env.filters.update(
        {
            "inline_md": inline_md,
            "reliability_words": reliability_words,
            "credibility_words": credibility_words,
            "root_of": root_of,
        }
    )
