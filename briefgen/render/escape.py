"""Escaping text for the Markdown that Pelican receives.

Two kinds of text reach a briefing's Markdown:

* *article text* (and every other plain-text field: headlines, names, ids)
  must come out exactly as written, so every character that CommonMark (or a
  plugin we enable) could read as markup is backslash-escaped;
* *editor inline Markdown* (summaries, definitions, notes) may use emphasis,
  code and links, but must stay inline: it is folded onto one line, table
  pipes are escaped, and the markers of :mod:`briefgen.markup` are
  neutralised so that an editor cannot open or close an annotation.

Both are wrapped in :class:`Markdown` once escaped, which the Jinja
environment of :mod:`briefgen.render` passes through untouched; anything else
it escapes as article text (the Markdown equivalent of HTML autoescaping).
"""

from __future__ import annotations

import re

from briefgen import markup

# Characters with a meaning anywhere in a line: emphasis, code, links and
# images, autolinks and raw HTML, entities, strikethrough, table cells, our
# own markers, hard breaks (backslash), braces (attribute syntax), and the
# straight quotes that the typographer would curl in editor Markdown.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|!{}$\"'])")
# Characters with a meaning at the start of a line: headings, block quotes,
# list bullets, setext underlines, containers and definition lists, fences.
_LINE_START_SPECIAL = re.compile(r"^([#>+\-=:~`])")
# An ordered-list marker: digits followed by '.' or ')'.
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
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
    return escape_line_start(_INLINE_SPECIAL.sub(r"\\\1", folded))


def escape_fragment(text: str) -> Markdown:
    """Escape a piece of article text that sits *inside* a line.

    Like :func:`escape_text` but without folding or stripping, so that the
    pieces of one paragraph split around annotations keep their spaces.
    The caller applies :func:`escape_line_start` to the joined line.
    """
    return Markdown(_INLINE_SPECIAL.sub(r"\\\1", text))


def escape_line_start(markdown: str) -> Markdown:
    """Escape a block construct at the start of an already escaped line."""
    escaped = _LINE_START_SPECIAL.sub(r"\\\1", markdown)
    return Markdown(_ORDERED_MARKER.sub(r"\1\\\2", escaped))


def inline_markdown(text: str) -> Markdown:
    """Prepare an editor's inline Markdown field for a place inside a line."""
    folded = _WHITE_SPACE.sub(" ", text).strip()
    neutral = markup.neutralise(folded).replace("|", "\\|")
    # A trailing backslash would escape whatever the template puts next.
    if neutral.endswith("\\") and not neutral.endswith("\\\\"):
        neutral += "\\"
    return Markdown(neutral)
