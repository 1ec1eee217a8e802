"""The one Markdown renderer of the site: markdown-it-py, locked down.

* CommonMark plus GFM tables; raw HTML is shown as text (``html=False``),
  images are off (no requests to other hosts), and link targets are limited
  to http, https, mailto and relative paths.
* Containers (``::: name``) give the page its sections.
* :func:`annotation_plugin` reads the markers written by
  :mod:`briefgen.render.annotate` and renders the markup contract
  (``data-term``, ``data-claim``, ``data-note``, ``data-ann``).

Site-relative links (``/glossary/ypg/``) in editor text are rewritten against
``env["root"]`` (the path from the page to the site root), so that the site
works from any sub-path and from disk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.container import container_plugin

from briefgen.admiralty import CREDIBILITY_WORDS

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# From a briefing's page (briefings/<slug>/) back to the site root: the root of
# the links that briefgen.render writes into a briefing's Markdown, and of the
# HTML the reader renders from it.
BRIEFING_ROOT = "../../"
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
_TARGET_ID = re.compile(r"[a-z0-9][a-z0-9-]*")

_MARKER = re.compile(
    r"\[\[(?:(?P<sep>=)|(?P<close>/)?(?P<kind>term|claim|note|em|strong|code|link|target)"
    r"(?::(?P<key>[^\s\]]+))?(?P<attrs>(?: [a-z]+=[a-z0-9-]+)*))\]\]"
)
_ATTR = re.compile(r" ([a-z]+)=([a-z0-9-]+)")
_FORMAT_TAGS = {"em": "em", "strong": "strong", "code": "code"}
# Markers with a tip ([[=]]); the others (formatting, links) render as ``fmt_*`` tokens.
_ANNOTATION_KINDS = frozenset({"term", "claim", "note"})


def _token_type(kind: str, suffix: str) -> str:
    """``ann_open``/``ann_close`` for an annotation, ``fmt_open``/``fmt_close`` otherwise."""
    return f"{'ann' if kind in _ANNOTATION_KINDS else 'fmt'}_{suffix}"


def is_safe_href(href: str) -> bool:
    """True for http(s), mailto and relative targets; everything else is refused.

    The check runs on the target with control characters and white space
    removed and entities already decoded by the parser, so spellings such as
    ``JaVaScRiPt:`` or ``java\\tscript:`` are caught too.
    """
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", unquote(href)).lower()
    scheme = urlsplit(cleaned).scheme
    if scheme:
        return scheme in SAFE_SCHEMES
    # No scheme: relative, but "//host" would reach another site.
    return not cleaned.startswith("//") and not cleaned.startswith("\\")


def _annotation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _MARKER.match(state.src, state.pos)
    if match is None:
        return False
    if silent:
        return False  # markers never sit inside link labels we need to skip
    stack: list[str] = state.env.setdefault("_briefgen_open", [])
    kind = match.group("kind")
    if match.group("sep"):
        if not stack or stack[-1] not in _ANNOTATION_KINDS:
            return False
        state.push("ann_text_close", "", -1)
        tip = state.push("ann_tip_open", "", 1)
        tip.meta = {"kind": stack[-1]}
    elif match.group("close"):
        if not stack or stack[-1] != kind:
            return False
        stack.pop()
        token = state.push(_token_type(kind, "close"), "", -1)
        token.meta = {"kind": kind}
    elif kind == "target":
        if not _TARGET_ID.fullmatch(match.group("key") or ""):
            return False
        token = state.push("ann_target", "", 0)
        token.meta = {"key": match.group("key")}
    else:
        if kind == "link" and not is_safe_href(match.group("key") or ""):
            return False
        stack.append(kind)
        token = state.push(_token_type(kind, "open"), "", 1)
        token.meta = {
            "kind": kind,
            "key": match.group("key") or "",
            "attrs": dict(_ATTR.findall(match.group("attrs") or "")),
        }
    state.pos = match.end()
    return True


def _root(env: EnvType) -> str:
    return str(env.get("root", ""))


def _render_ann_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    kind, key, attrs = meta["kind"], escapeHtml(meta["key"]), meta["attrs"]
    tip_id = f"bg-tip-{kind}-{key}"
    # One entry per open annotation; "tipped" turns true at its [[=]].
    env.setdefault("_briefgen_ann", []).append(
        {"kind": kind, "key": key, "tip_id": tip_id, "attrs": attrs, "tipped": False}
    )
    if kind == "term":
        if attrs.get("scope") == "local":
            href = f"#bg-term-{key}"
        else:
            href = f"{escapeHtml(_root(env))}glossary/{key}/"
        # Without script the term is a plain link to its explanation; the
        # description (the tip) is announced by screen readers on focus.
        return (
            f'<span class="ann ann--term" data-term="{key}">'
            f'<a class="ann__trigger" href="{href}" aria-describedby="{tip_id}">'
        )
    data = f'data-{kind}="{key}"'
    if kind == "claim":
        source = escapeHtml(attrs.get("source", ""))
        credibility = escapeHtml(attrs.get("credibility", ""))
        data += f' data-source="{source}" data-credibility="{credibility}"'
    return f'<span class="ann ann--{kind}" {data}>'


def _render_ann_text_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    current = env["_briefgen_ann"][-1]
    kind, key, tip_id, attrs = current["kind"], current["key"], current["tip_id"], current["attrs"]
    if kind == "term":
        return "</a>"
    # The badge is a numbered reference ("claim 3") to the entry of the same
    # number in the page's claims or notes list: the no-script way to the
    # details, and the endnote marker on paper.
    number = key[1:] if key[1:].isdigit() else key
    if kind == "claim":
        label = f"Claim {number}"
        credibility = attrs.get("credibility", "")
        if credibility.isdigit() and int(credibility) in CREDIBILITY_WORDS:
            label += f", {CREDIBILITY_WORDS[int(credibility)]} ({credibility})"
    else:
        label = f"Analyst note {number}"
    return (
        f'<span class="ann__ui" data-ann>'
        f'<a class="ann__trigger ann__badge ann__badge--{kind}" href="#bg-{kind}-{key}" '
        f'aria-describedby="{tip_id}" aria-label="{escapeHtml(label)}">'
        f'{kind}<span class="ann__num"> {number}</span></a>'
    )


def _render_ann_tip_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    current = env["_briefgen_ann"][-1]
    current["tipped"] = True
    kind, tip_id = current["kind"], current["tip_id"]
    wrapper = " data-ann" if kind == "term" else ""
    return f'<span class="ann__tip" role="tooltip" id="{tip_id}"{wrapper}>'


def _render_ann_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    current = env["_briefgen_ann"].pop()
    if not current["tipped"]:
        # The first part of a quote that runs across a paragraph break: the
        # badge and tip come with its last part, so that ids stay unique.
        return "</a></span>" if current["kind"] == "term" else "</span>"
    return "</span></span>" if current["kind"] == "term" else "</span></span></span>"


def _render_target(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<span class="target" id="bg-{tokens[idx].meta["key"]}"></span>'


def _render_fmt_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    if meta["kind"] == "link":
        href = _rebase(meta["key"], env)
        return f'<a href="{escapeHtml(href)}" rel="nofollow noopener">'
    return f"<{_FORMAT_TAGS[meta['kind']]}>"


def _render_fmt_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    kind = tokens[idx].meta["kind"]
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
    """Read briefgen's ``[[...]]`` markers and render the markup contract."""
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
    name = token.info.strip().split(" ", 1)[0]
    open_sections.append(name)
    if name == "article-body":
        return '<div class="article-body" data-article-body>\n'
    return (
        f'<section class="briefing-{name}" id="bg-{name}" aria-labelledby="bg-{name}-title">\n'
        f'<h2 id="bg-{name}-title">{SECTIONS[name]}</h2>\n'
    )


def _is_section(params: str, *args: Any) -> bool:
    return params.strip().split(" ", 2)[0] in SECTIONS


def sections_plugin(md: MarkdownIt) -> None:
    """``::: name`` containers for the sections of a briefing page.

    One container rule accepts every section name: a rule per name would be
    tried seven times at the start of every block (perf, issue 5).  A
    container's closing fence does not name it, so nesting and closing work
    as they did with one rule per name.
    """
    container_plugin(md, "section", validate=_is_section, render=_render_section)


def create_markdown() -> MarkdownIt:
    """A new renderer with briefgen's rules; make one per process and reuse it."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable("image")
    md.validateLink = is_safe_href  # type: ignore[method-assign,assignment]
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
