"""Editors' inline Markdown (summaries, definitions, notes): markdown-it-py, locked down.

* CommonMark inline syntax; raw HTML is shown as text (``html=False``),
  images are off (no requests to other hosts), and link targets are limited
  to http, https, mailto and relative paths (:func:`briefgen.markup.is_safe_href`);
  links to other hosts get ``rel="nofollow noopener"``.
* Site-relative links (``/glossary/ypg/``) are rewritten against ``root``
  (the path from the page to the site root), so that the site works from any
  sub-path and from disk.
* The typographer's smart quotes set editor text with curly quotes and
  apostrophes (its other replacements, ``--`` ``...`` ``(c)``, stay off).

Render puts an editor's field into a briefing's CommonMark with
:func:`inline_for_commonmark`: this renderer's HTML, its text escaped again
for CommonMark, so that whatever engine publishes the page shows exactly
this HTML.  The theme's filters render the same fields with
:func:`render_inline` on the list pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from briefgen.markup import escape_inline, escape_line_start, is_safe_href

_WHITE_SPACE = re.compile(r"\s+")
# The renderer's HTML: tags (attribute values escaped, so no '>' inside) and text.
_TAG = re.compile(r"(<[^>]*>)")


def _rebase(href: str, env: EnvType) -> str:
    if href.startswith("/") and not href.startswith("//"):
        return str(env.get("root", "")) + href.lstrip("/")
    return href


def _render_link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    token.attrSet("href", _rebase(href, env))
    if urlsplit(href).scheme in ("http", "https"):
        token.attrSet("rel", "nofollow noopener")
    return self.renderToken(tokens, idx, options, env)


def create_markdown() -> MarkdownIt:
    """A new renderer of editor Markdown; :func:`editor_markdown` is the process's one."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
    md.enable(["smartquotes"])
    md.disable("image")
    md.validateLink = is_safe_href  # type: ignore[method-assign,assignment]
    md.add_render_rule("link_open", _render_link_open)
    return md


@cache
def editor_markdown() -> MarkdownIt:
    """The one renderer of editor Markdown of this process."""
    return create_markdown()


def render_inline(md: MarkdownIt, text: str, root: str) -> str:
    """One line of an editor's inline Markdown as HTML, for a page ``root`` from the site root."""
    env: dict[str, Any] = {"root": root}
    return md.renderer.render(md.parseInline(text, env), md.options, env)


@lru_cache(maxsize=16_384)
def inline_html(text: str, root: str) -> str:
    """An editor's inline Markdown field as HTML (white space folded: it stays on one line).

    Kept per process: a shared term's definition is the same in every
    briefing that marks it (in its tip and in the page's list of terms).
    """
    return render_inline(editor_markdown(), _WHITE_SPACE.sub(" ", text).strip(), root)


def _unescape(text: str) -> str:
    """The text the renderer escaped (it writes these four entities and no other)."""
    return text.replace("&quot;", '"').replace("&gt;", ">").replace("&lt;", "<").replace(
        "&amp;", "&"
    )


def commonmark_of_html(html: str, *, line_start: bool = False) -> str:
    """``html`` (tags and escaped text) as CommonMark that any engine renders back to it.

    The tags stay as they are (CommonMark passes inline HTML through); each
    piece of text is unescaped and escaped again for CommonMark, so nothing
    in it is markup to the engine, which escapes it for HTML as the renderer
    did.  ``line_start``: the result starts a line (a block construct there
    is escaped too).
    """
    pieces = _TAG.split(html)
    for index in range(0, len(pieces), 2):  # the text between the tags
        pieces[index] = escape_inline(_unescape(pieces[index]))
    result = "".join(pieces)
    return escape_line_start(result) if line_start else result


def inline_for_commonmark(text: str, root: str, *, line_start: bool = False) -> str:
    """An editor's inline Markdown field as CommonMark with inline HTML (see
    :func:`commonmark_of_html`)."""
    return commonmark_of_html(inline_html(text, root), line_start=line_start)
