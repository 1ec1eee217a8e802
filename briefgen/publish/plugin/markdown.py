"""The one Markdown renderer of the site: markdown-it-py, locked down.

* CommonMark plus GFM tables; raw HTML is shown as text (``html=False``),
  images are off (no requests to other hosts), and link targets are limited
  to http, https, mailto and relative paths.
* Containers (``::: name``) give the page its sections.
* :func:`annotation_plugin` reads the markers of :mod:`briefgen.markup`
  (written by :mod:`briefgen.render`) and renders the annotations' HTML
  (``data-term``, ``data-claim``, ``data-note``, ``data-ann``) that the theme's
  CSS and script rely on.

Site-relative links (``/glossary/ypg/``) in editor text are rewritten against
``env["root"]`` (the path from the page to the site root), so that the site
works from any sub-path and from disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.container import container_plugin

from briefgen.language import direction
from briefgen.markup import (
    ANNOTATION_KINDS,
    BRIEFING_ROOT,
    CLAIM,
    LANG,
    LANG_TAG,
    SAFE_SCHEMES,
    TERM,
    Head,
    anchor_id,
    badge_grade,
    badge_label,
    is_safe_href,
    passage_id,
    read_marker,
    section_id,
    tip_id,
)

__all__ = ["BRIEFING_ROOT", "SAFE_SCHEMES", "create_markdown", "is_safe_href", "render_inline"]

# Sections of a briefing page, written as ``::: name`` containers, and their headings.
SECTIONS = {
    "summary": "Bottom line",
    "article-body": "",
    "terms": "Terms in this briefing",
    "sources": "Sources",
    "claims": "Graded claims",
    "notes": "Analyst notes",
    "related": "Related briefings",
}
# The sections whose text search indexes (see _render_section).
INDEXED_SECTIONS = frozenset({"summary", "article-body", "claims", "notes"})
_FORMAT_TAGS = {"em": "em", "strong": "strong", "code": "code"}


def _token_type(kind: str, suffix: str) -> str:
    """``ann_open``/``ann_close`` for an annotation, ``fmt_open``/``fmt_close`` otherwise."""
    return f"{'ann' if kind in ANNOTATION_KINDS else 'fmt'}_{suffix}"


def _annotation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    marker = read_marker(state.src, state.pos)
    if marker is None:
        return False
    if silent:
        return False  # markers never sit inside link labels we need to skip
    stack: list[str] = state.env.setdefault("_briefgen_open", [])
    if marker.role == "tip":
        if not stack or stack[-1] not in ANNOTATION_KINDS:
            return False
        state.push("ann_text_close", "", -1)
        state.push("ann_tip_open", "", 1)
    elif marker.role == "close":
        if not stack or stack[-1] != marker.kind:
            return False
        stack.pop()
        token = state.push(_token_type(marker.kind, "close"), "", -1)
        token.meta = {"kind": marker.kind}
    elif marker.role == "target":
        token = state.push("ann_target", "", 0)
        token.meta = {"anchor": marker.anchor}
    else:
        stack.append(marker.kind)
        token = state.push(_token_type(marker.kind, "open"), "", 1)
        token.meta = {
            "kind": marker.kind, "head": marker.head, "href": marker.href, "lang": marker.lang
        }
    state.pos = marker.end
    return True


def _root(env: EnvType) -> str:
    return str(env.get("root", ""))


def _language(tag: str) -> str:
    """``lang`` and ``dir`` attributes for text in the language ``tag``."""
    return f' lang="{escapeHtml(tag)}" dir="{direction(tag)}"'


def _ui_language(env: EnvType) -> str:
    """The site's ``lang`` and ``dir`` for tips and badges inside an article body in
    another language (``::: article-body lang=ar ui=en``), else nothing."""
    ui = env.get("_briefgen_ui")
    return _language(ui) if ui else ""


def _render_ann_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    head: Head = tokens[idx].meta["head"]
    kind, key = head.kind, escapeHtml(head.key)
    tip = escapeHtml(tip_id(head.kind, head.key))
    # One entry per open annotation; "tipped" turns true at its [[=]].
    env.setdefault("_briefgen_ann", []).append({"head": head, "tipped": False})
    if kind == TERM:
        if head.local:
            href = "#" + anchor_id(TERM, head.key)
        else:
            href = f"{_root(env)}glossary/{head.key}/"
        # Without script the term is a plain link to its explanation; the
        # description (the tip) is announced by screen readers on focus.
        return (
            f'<span class="ann ann--term" data-term="{key}">'
            f'<a class="ann__trigger" href="{escapeHtml(href)}" aria-describedby="{tip}">'
        )
    data = f'data-{kind}="{key}"'
    # The first part of the passage is where its entry in the list links back to.
    anchored: set[str] = env.setdefault("_briefgen_passages", set())
    if head.key not in anchored:
        anchored.add(head.key)
        data = f'id="{escapeHtml(passage_id(kind, head.key))}" ' + data
    if kind == CLAIM:
        data += (
            f' data-source="{escapeHtml(head.source)}" data-credibility="{head.credibility}"'
        )
    return f'<span class="ann ann--{kind}" {data}>'


def _render_ann_text_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    head: Head = env["_briefgen_ann"][-1]["head"]
    if head.kind == TERM:
        return "</a>"
    # The badge is a numbered reference ("claim 3") to the entry of the same
    # number in the page's claims or notes list: the no-script way to the
    # details, and the endnote marker on paper.
    label = badge_label(head.kind, head.number, head.credibility)
    # A claim's badge says its grade in words: the highlight shows it by more
    # than colour (and its underline's pattern, see the theme).
    grade = badge_grade(head.kind, head.credibility)
    words = f'<span class="ann__grade"> · {escapeHtml(grade)}</span>' if grade else ""
    return (
        f'<span class="ann__ui" data-ann{_ui_language(env)}>'
        f'<a class="ann__trigger ann__badge ann__badge--{head.kind}" '
        f'href="#{escapeHtml(anchor_id(head.kind, head.key))}" '
        f'aria-describedby="{escapeHtml(tip_id(head.kind, head.key))}" '
        f'aria-label="{escapeHtml(label)}">'
        f'{head.kind}<span class="ann__num"> {head.number}</span>{words}</a>'
    )


def _render_ann_tip_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    current = env["_briefgen_ann"][-1]
    current["tipped"] = True
    head: Head = current["head"]
    wrapper = f" data-ann{_ui_language(env)}" if head.kind == TERM else ""
    tip = escapeHtml(tip_id(head.kind, head.key))
    return f'<span class="ann__tip" role="tooltip" id="{tip}"{wrapper}>'


def _render_ann_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    current = env["_briefgen_ann"].pop()
    term = current["head"].kind == TERM
    if not current["tipped"]:
        # The first part of a quote that runs across a paragraph break: the
        # badge and tip come with its last part, so that ids stay unique.
        return "</a></span>" if term else "</span>"
    return "</span></span>" if term else "</span></span></span>"


def _render_target(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<span class="target" id="{escapeHtml(tokens[idx].meta["anchor"])}"></span>'


def _render_fmt_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    if meta["kind"] == "link":
        href = _rebase(meta["href"], env)
        return f'<a href="{escapeHtml(href)}" rel="nofollow noopener">'
    if meta["kind"] == LANG:
        return f"<span{_language(meta['lang'])}>"
    return f"<{_FORMAT_TAGS[meta['kind']]}>"


def _render_fmt_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    kind = tokens[idx].meta["kind"]
    if kind == LANG:
        return "</span>"
    return "</a>" if kind == "link" else f"</{_FORMAT_TAGS[kind]}>"


def _render_th_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    tokens[idx].attrSet("scope", "col")
    return self.renderToken(tokens, idx, options, env)


def _rebase(href: str, env: EnvType) -> str:
    if href.startswith("/") and not href.startswith("//"):
        return _root(env) + href.lstrip("/")
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


def annotation_plugin(md: MarkdownIt) -> None:
    """Read the markers of :mod:`briefgen.markup` and render the annotations."""
    md.inline.ruler.before("link", "briefgen_annotation", _annotation_rule)
    md.add_render_rule("ann_open", _render_ann_open)
    md.add_render_rule("ann_text_close", _render_ann_text_close)
    md.add_render_rule("ann_tip_open", _render_ann_tip_open)
    md.add_render_rule("ann_close", _render_ann_close)
    md.add_render_rule("ann_target", _render_target)
    md.add_render_rule("fmt_open", _render_fmt_open)
    md.add_render_rule("fmt_close", _render_fmt_close)


def _render_section(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    open_sections: list[str] = env.setdefault("_briefgen_sections", [])
    if token.nesting != 1:
        return "</div>\n" if open_sections.pop() == "article-body" else "</section>\n"
    name, *params = token.info.split()
    open_sections.append(name)
    if name == "article-body":
        # ``lang=ar``: the article's language; ``ui=en``: the site's, when it differs.
        values = dict(p.split("=", 1) for p in params if "=" in p)
        lang, ui = values.get("lang", ""), values.get("ui", "")
        env["_briefgen_ui"] = ui if LANG_TAG.fullmatch(ui) else ""
        attrs = _language(lang) if LANG_TAG.fullmatch(lang) else ""
        return f'<div class="article-body" data-article-body{attrs}>\n'
    # Search indexes what the briefing says (its bottom line, article, claims
    # and notes), not the headings and not its lists of what other pages
    # hold (glossary definitions, the source register, related briefings).
    ignored = "" if name in INDEXED_SECTIONS else " data-pagefind-ignore"
    return (
        f'<section class="briefing-{name}" id="{section_id(name)}" '
        f'aria-labelledby="{section_id(name)}-title"{ignored}>\n'
        f'<h2 id="{section_id(name)}-title" data-pagefind-ignore>{SECTIONS[name]}</h2>\n'
    )


def _is_section(params: str, *args: Any) -> bool:
    return params.strip().split(" ", 2)[0] in SECTIONS


def sections_plugin(md: MarkdownIt) -> None:
    """``::: name`` containers for the sections of a briefing page.

    One container rule accepts every section name: a rule per name would be
    tried seven times at the start of every block.  A
    container's closing fence does not name it, so nesting and closing work
    as they did with one rule per name.
    """
    container_plugin(md, "section", validate=_is_section, render=_render_section)


def create_markdown(*, markers: bool = True) -> MarkdownIt:
    """A new renderer with briefgen's rules; make one per process and reuse it.

    ``markers=False`` is for editor text taken straight from a sidecar (a
    summary on the index page, a definition on a glossary page): it never went
    through render, so a ``[[`` in it is text, as it is on the briefing page.
    """
    # The typographer's smart quotes set editor Markdown with curly quotes and
    # apostrophes; article text escapes its straight ones, so it stays as written
    # (escaped characters are not text the rule rewrites). Its other
    # replacements (-- ... (c)) stay off: article text does not escape those.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
    md.enable(["table", "smartquotes"])
    md.disable("image")
    md.validateLink = is_safe_href  # type: ignore[method-assign,assignment]
    if markers:
        md.use(annotation_plugin)
    md.use(sections_plugin)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("th_open", _render_th_open)
    return md


def render_markdown(md: MarkdownIt, text: str, root: str) -> str:
    """Render a Markdown document for a page ``root`` away from the site root."""
    env: dict[str, Any] = {"root": root}
    return md.render(text, env)


def render_inline(md: MarkdownIt, text: str, root: str) -> str:
    """Render one line of inline Markdown (a summary, a definition) to HTML."""
    env: dict[str, Any] = {"root": root}
    return md.renderer.render(md.parseInline(text, env), md.options, env)
