"""Small rules of typesetting shared by the Markdown briefings and the theme."""

from __future__ import annotations

_OPENERS = frozenset(" \t\n([{\u2014\u2013-/")


def nested_quotes(text: str) -> str:
    """A quotation's own double quotation marks as single ones.

    The pages set a quoted passage in double marks (“…”); quotation marks
    inside it become single (‘…’), so the reader never meets “…“…””.
    A straight ``"`` opens after a space or an opening bracket and closes
    elsewhere.
    """
    if '"' not in text and "“" not in text and "”" not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char == "“":
            out.append("‘")
        elif char == "”":
            out.append("’")
        elif char == '"':
            before = text[index - 1] if index else " "
            out.append("‘" if before in _OPENERS else "’")
        else:
            out.append(char)
    return "".join(out)
