"""Helpers shared by the article readers: bytes to text, hidden characters, folding, links.

Every reader gets its text through :func:`read_source_text` (size cap, strict
UTF-8, BOM) and :class:`HiddenCharacters` (control, bidi and zero-width
characters removed, one warning per file), and folds block text with
:func:`fold_whitespace`, so that the three formats agree on what "the text"
of an article is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from briefgen.boundary import Folder, RefusedError
from briefgen.diagnostics import DiagnosticList, Location, line_col, utf8_text

# "White space" is what ``\s`` matches in a str pattern (``str.isspace``), the
# same definition the anchoring step folds with.
WHITESPACE_RUN = re.compile(r"\s+")
# CR LF and a lone CR, which every reader turns into LF before parsing.
_CR_LINE_BREAK = re.compile(r"\r\n?")

# Characters a reader never sees but that change what a quote matches or how
# text displays.  Tab, newline and carriage return are ordinary white space.
# DEL and the C1 range are as invisible as C0, so they go too.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
HIDDEN_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("control", re.compile(f"[{_CONTROL}]")),
    ("bidi override/isolate", re.compile(f"[{_BIDI}]")),
    ("zero-width", re.compile(f"[{_ZERO_WIDTH}]")),
)
HIDDEN_ANY = re.compile(f"[{_CONTROL}{_BIDI}{_ZERO_WIDTH}]")

SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers ignore ASCII white space and controls inside a scheme ("java\tscript:").
_URL_IGNORED = re.compile(r"[\x00-\x20]")


def fold_whitespace(text: str) -> str:
    """Runs of white space (newlines included) become one space; ends are stripped."""
    return WHITESPACE_RUN.sub(" ", text).strip()


def unix_line_breaks(text: str) -> str:
    """``text`` with every CR LF and lone CR replaced by LF."""
    return _CR_LINE_BREAK.sub("\n", text)


def read_source_text(
    path: Path, diagnostics: DiagnosticList, max_bytes: int, folder: Folder | None = None
) -> str | None:
    """The file's text, or None after an error (too large, unreadable, not UTF-8).

    The size is checked before reading, so a huge file costs one ``fstat``; the
    read itself is bounded too, in case the file grows in between.  The file
    is read through ``folder`` (default: the file's own folder), which refuses
    links out of it and anything but a regular file (:mod:`briefgen.boundary`).
    """
    start = Location(path, 1, 1)
    try:
        data, size = (folder or Folder.at(path.parent)).read(path, max_bytes)
    except RefusedError as refused:
        refused.refusal.report(diagnostics)
        return None
    except OSError as exc:
        diagnostics.error("briefgen.unreadable-file", f"cannot read file: {exc.strerror}", start)
        return None
    if size > max_bytes:
        diagnostics.error(
            "briefgen.too-large",
            f"file is too large: expected at most {max_bytes} bytes but got {size} bytes",
            start,
        )
        return None
    return decode_utf8(data, path, diagnostics)


def decode_utf8(data: bytes, path: Path, diagnostics: DiagnosticList) -> str | None:
    """Strict UTF-8 without a leading BOM, or None after a ``briefgen.not-utf8`` error."""
    text = utf8_text(data, path, diagnostics)
    return None if text is None else text.removeprefix("\ufeff")


class HiddenCharacters:
    """Removes hidden characters and reports them once per file.

    Call :meth:`clean_source` on the whole file text, then :meth:`clean` on
    text that parsing produced (an HTML or Markdown entity such as
    ``&#x202E;`` only becomes a character after parsing), then :meth:`report`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.counts: dict[str, int] = {kind: 0 for kind, _ in HIDDEN_KINDS}
        self.first_location: Location | None = None
        self.first_char = ""

    def clean_source(self, text: str) -> str:
        """Clean the file text; locations are its own line and column."""
        return self.clean(text, lambda index: Location(self.path, *line_col(text, index)))

    def checkpoint(self) -> Callable[[], None]:
        """A function that sets what was found back to what it is now (for text read again)."""
        counts, location, char = dict(self.counts), self.first_location, self.first_char

        def restore() -> None:
            self.counts, self.first_location, self.first_char = dict(counts), location, char

        return restore

    def clean(self, text: str, locate: Callable[[int], Location]) -> str:
        """``text`` without hidden characters; ``locate`` maps an index to a Location."""
        first = HIDDEN_ANY.search(text)
        if first is None:
            return text
        if self.first_location is None:
            self.first_location = locate(first.start())
            self.first_char = first.group()
        # one pass to remove them all, and their kinds counted from what was found
        for char, count in Counter(HIDDEN_ANY.findall(text, first.start())).items():
            kind = next(kind for kind, pattern in HIDDEN_KINDS if pattern.match(char))
            self.counts[kind] += count
        return HIDDEN_ANY.sub("", text)

    def report(self, diagnostics: DiagnosticList) -> None:
        """One ``briefgen.control-characters`` warning if anything was removed."""
        total = sum(self.counts.values())
        if not total:
            return
        kinds = ", ".join(f"{count} {kind}" for kind, count in self.counts.items() if count)
        noun = "character" if total == 1 else "characters"
        diagnostics.warning(
            "briefgen.control-characters",
            f"removed {total} hidden {noun} from the text ({kinds}); "
            f"the first is U+{ord(self.first_char):04X}",
            self.first_location,
        )


def unsafe_link_scheme(href: str) -> str | None:
    """The scheme of ``href`` if it is not allowed, else None.

    Allowed: http, https, mailto, and relative references (no scheme).
    """
    # Percent-decoded too: "java%0ascript:" and "%6A%61vascript:" are not links
    # a browser would follow as written, but a later decoding step might be.
    for candidate in (href, unquote(href)):
        match = _URL_SCHEME.match(_URL_IGNORED.sub("", candidate))
        if match is not None and match.group(1).lower() not in SAFE_LINK_SCHEMES:
            return match.group(1).lower()
    return None


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def unsafe_link_message(href: str, scheme: str) -> str:
    # Show controls (a tab hidden in "java\tscript:") as escapes on the one line.
    shown = _UNPRINTABLE.sub(lambda match: f"\\x{ord(match.group()):02x}", href)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return (
        f"link to '{shown}' removed (its text is kept): expected an http, https or mailto "
        f"link or a relative path but got scheme '{scheme}'"
    )
