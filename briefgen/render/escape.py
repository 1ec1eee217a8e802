"""Escaping text for the CommonMark that publish receives.

Three kinds of text reach a briefing's CommonMark:

* *article text* (and every other plain-text field: headlines, names, ids)
  must come out exactly as written, so every character that CommonMark could
  read as markup (raw HTML and entities included) is backslash-escaped;
* *editor inline Markdown* (summaries, definitions, notes) may use emphasis,
  code and links: :func:`inline_markdown` renders it to HTML with the
  locked-down renderer of :mod:`briefgen.editor_markdown` and escapes that
  HTML's text again, so the engine shows exactly that HTML;
* the HTML render writes itself, with :mod:`briefgen.markup`.

All are wrapped in :class:`Markdown` once escaped, which the Jinja
environment of :mod:`briefgen.render` passes through untouched; anything else
it escapes as article text (the Markdown equivalent of HTML autoescaping).
"""

from __future__ import annotations

import re

from briefgen import markup
from briefgen.editor_markdown import inline_for_commonmark

_WHITE_SPACE = re.compile(r"\s+")
# Text that every step of escape_text would leave as it is: no special
# character, single spaces between words, and a first character that cannot
# start a block construct.  Most values (names, ids, titles) are like this;
# one match replaces four substitutions.
_PLAIN_TEXT = re.compile(
    r"[^\s\d\\`*_\[\]<>&~|!{}$\"'#+\-=:](?:[^\s\\`*_\[\]<>&~|!{}$\"']| (?=\S))*"
)


class Markdown(str):
    """A string that is already safe to place in the Markdown as it is."""

    __slots__ = ()


def escape_text(text: str) -> Markdown:
    """Escape plain text so that Markdown shows it exactly as written.

    White space is folded to single spaces (the text must sit on one line of
    the Markdown), so the result never starts a block construct.
    """
    if _PLAIN_TEXT.fullmatch(text):
        return Markdown(text)
    return escape_every_step(text)


def escape_every_step(text: str) -> Markdown:
    """:func:`escape_text` without its shortcut for plain text (the reference)."""
    folded = _WHITE_SPACE.sub(" ", text).strip()
    return escape_line_start(markup.escape_inline(folded))


def escape_fragment(text: str) -> Markdown:
    """Escape a piece of article text that sits *inside* a line.

    Like :func:`escape_text` but without folding or stripping, so that the
    pieces of one paragraph split around annotations keep their spaces.
    The caller applies :func:`escape_line_start` to the joined line.
    """
    return Markdown(markup.escape_inline(text))


def escape_line_start(markdown: str) -> Markdown:
    """Escape a block construct at the start of an already escaped line."""
    return Markdown(markup.escape_line_start(markdown))


def inline_markdown(text: str, *, line_start: bool = False) -> Markdown:
    """An editor's inline Markdown field for a place inside a line of a briefing's
    page (at its start with ``line_start``)."""
    return Markdown(inline_for_commonmark(text, markup.BRIEFING_ROOT, line_start=line_start))

