"""Links in the inline-Markdown fields of sidecars, glossary and sources.

Editors may link to ``http:``, ``https:``, ``mailto:`` and paths of the
site; anything else (``javascript:``, ``data:``, ``vbscript:``, ``file:``,
another host by ``//host``) is refused at load time, whatever its spelling
(``JaVaScRiPt:``, ``&#106;avascript:``, ``java\\tscript:``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefgen.diagnostics import DiagnosticList, Location, excerpt

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# What a browser's URL parser ignores before looking for a scheme: leading C0
# controls and spaces, and tabs/newlines anywhere.
_IGNORED_LEADING = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # markdown-it quietly turns unsafe links into text; accept them all here
    # so that they can be reported instead of silently lost.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MD = _parser()


def link_is_safe(target: str) -> bool:
    """Whether a (decoded) link target is http(s), mailto or a path of this site."""
    cleaned = _TAB_OR_NEWLINE.sub("", target.lstrip(_IGNORED_LEADING))
    match = _SCHEME.match(cleaned)
    if match:
        return match.group(1).lower() in _SAFE_SCHEMES
    # `//host/x` and `\\host\x` leave the site.
    return not cleaned.startswith(("//", "\\\\", "/\\", "\\/"))


def _link_targets(tokens: list[Token]) -> Iterator[str]:
    for token in tokens:
        if token.type == "link_open":
            yield str(token.attrGet("href") or "")
        elif token.type == "image":
            yield str(token.attrGet("src") or "")
        if token.children:
            yield from _link_targets(token.children)


def check_inline_markdown(text: str, location: Location, diagnostics: DiagnosticList) -> None:
    """Report each link or image in ``text`` whose target is unsafe (``briefgen.unsafe-link``)."""
    if "[" not in text and "<" not in text:
        return  # no link syntax at all: the common case, skip the parse
    for target in _link_targets(_MD.parseInline(text)):
        # markdown-it percent-encodes what it decodes (`&#9;` -> `%09`); a later
        # renderer might not, so the decoded spelling must be safe as well.
        if not (link_is_safe(target) and link_is_safe(unquote(target))):
            diagnostics.error(
                "briefgen.unsafe-link",
                "expected a link to an http:, https: or mailto: address or a path of this site "
                f"but got '{excerpt(target)}'",
                location,
            )
