"""Screening every YAML value for characters an editor cannot see, and for size.

The reader (:mod:`briefgen.sidecar.reading`) refuses control characters
written into the file, but a double-quoted scalar can still spell them as
escapes (``"\\0"``, ``"\\x07"``, ``"\\u202E"``), and a bidi override or a
zero-width character is printable YAML.  So after composing, each scalar is
screened:

* C0/C1 control characters (NUL included), however written, and lone
  surrogates (``"\\ud800"``): an error, ``briefgen.yaml-control-character``;
* bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069) and zero-width
  characters (U+200B-U+200D, U+2060, U+FEFF): removed, with one
  ``briefgen.control-characters`` warning per value.  This is the same set
  the article readers remove, so a quote still matches the article text;
* a value longer than ``max_chars`` characters: an error, ``briefgen.too-long``
  (a summary or definition is a few sentences; a huge one is a mistake or an
  attack on the Markdown renderer).
"""

from __future__ import annotations

import re
import unicodedata

from briefgen.diagnostics import DiagnosticList
from briefgen.ingest.normalize import HIDDEN_KINDS
from briefgen.sidecar.nodes import Raw, RawScalar

DEFAULT_MAX_CHARS = 20_000
# Controls YAML would refuse written literally (c-printable); tab and newlines are text.
# Lone surrogates (only an escape such as "\ud800" can make one) cannot be written
# as UTF-8 at all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_INVISIBLE = [(kind, pattern) for kind, pattern in HIDDEN_KINDS if kind != "control"]
_ANY_INVISIBLE = re.compile("|".join(pattern.pattern for _, pattern in _INVISIBLE))


def nothing_to_screen(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> bool:
    """Whether no value composed from ``text`` can hold anything :func:`screen_values` reports.

    A shortcut for the usual file: without a backslash no
    escape can make a character that is not in the text, and no value is
    longer than the text it was written in (aliases repeat values, they do
    not join them).
    """
    return (
        len(text) <= max_chars
        and "\\" not in text
        and _CONTROL.search(text) is None
        and _ANY_INVISIBLE.search(text) is None
    )


def screen_values(
    raw: Raw | None, diagnostics: DiagnosticList, *, max_chars: int = DEFAULT_MAX_CHARS
) -> Raw | None:
    """``raw`` with hidden characters removed from every scalar; problems reported."""
    if isinstance(raw, RawScalar):
        return _screen_scalar(raw, diagnostics, max_chars)
    if isinstance(raw, list):
        return [_screened(item, diagnostics, max_chars) for item in raw]
    if isinstance(raw, dict):
        return {key: _screened(value, diagnostics, max_chars) for key, value in raw.items()}
    return raw


def _screened(raw: Raw, diagnostics: DiagnosticList, max_chars: int) -> Raw:
    screened = screen_values(raw, diagnostics, max_chars=max_chars)
    return raw if screened is None else screened


def _screen_scalar(raw: RawScalar, diagnostics: DiagnosticList, max_chars: int) -> RawScalar:
    text = raw.text
    if len(text) > max_chars:
        diagnostics.error(
            "briefgen.too-long",
            f"expected a value of at most {max_chars} characters but got {len(text)}",
            raw.location,
        )
    control = _CONTROL.search(text)
    if control is not None:
        char = control.group()
        name = unicodedata.name(char, "") or _CONTROL_NAMES.get(
            char, "lone surrogate" if "\ud800" <= char <= "\udfff" else "control character"
        )
        diagnostics.error(
            "briefgen.yaml-control-character",
            f"expected printable text but got U+{ord(char):04X} ({name}), written as an escape",
            raw.location,
        )
    first = _ANY_INVISIBLE.search(text)
    if first is None:
        return raw
    counts: list[str] = []
    total = 0
    for kind, pattern in _INVISIBLE:
        text, count = pattern.subn("", text)
        if count:
            counts.append(f"{count} {kind}")
            total += count
    noun = "character" if total == 1 else "characters"
    diagnostics.warning(
        "briefgen.control-characters",
        f"removed {total} hidden {noun} from the value ({', '.join(counts)}); "
        f"the first is U+{ord(first.group()):04X}",
        raw.location,
    )
    return RawScalar(text, raw.plain, raw.tag, raw.location)


_CONTROL_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "BACKSPACE", "\x1b": "ESCAPE"}
