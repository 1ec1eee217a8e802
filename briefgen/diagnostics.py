"""Diagnostics: every problem the build finds, with a code and a place.

A :class:`Diagnostic` is one line for the editor::

    content/briefings/x.yaml:12:13: error: unknown source 'reuter'; did you mean
    'reuters'? [briefgen.unknown-source]

(one line in reality)

Each step of the pipeline appends to a :class:`DiagnosticList` rather than
raising, so that one run reports every problem it finds.  Codes are stable
(they are documented in docs/diagnostics.md and can be silenced in settings).
"""

from __future__ import annotations

import difflib
import enum
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# What must not reach a terminal as it is: line breaks and other controls
# (a diagnostic is one line) and bidi/zero-width characters (they would
# reorder or hide what the editor reads). Shown as \n, \x00, \u202e.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")


def one_line(text: str) -> str:
    """``text`` as one printable line: controls and bidi characters escaped."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


EXCERPT_CHARS = 80  # the most of a bad value a message quotes


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` if it is short, else its first ``limit`` characters and "…" with the length.

    A message quotes a value so the editor finds it, never a whole file.
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def printable_path(path: Path) -> str:
    """``path`` as text, bytes that are not UTF-8 shown as ``\\xe9`` (Python keeps them
    as lone surrogates, which no terminal, JSON line or database key accepts)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def shown_path(
    path: Path, root: Path | None, realpath: Callable[[str], str] = os.path.realpath
) -> Path:
    """``path`` relative to ``root`` when it lies inside it, without following links.

    Resolving would name a link's target instead of the link the editor must fix.
    ``realpath`` resolves a folder (:class:`ShownPaths` passes one that remembers).
    """
    if root is None:
        return path
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    inside = _relative(absolute, base)
    if inside is None:
        # The same folders reached another way (root given through a link).
        folder, name = os.path.split(absolute)
        inside = _relative(os.path.join(realpath(folder), name), realpath(base))
    return Path(inside) if inside is not None else path


def _relative(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` if it lies inside it (both absolute and normalised)."""
    if path == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else None


class ShownPaths:
    """Paths as diagnostics show them (relative to ``root``, printable, one line).

    Each path and folder is worked out once: printing thousands of problems,
    a few per file, would otherwise resolve the same folders thousands of times.
    """

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._shown: dict[Path, str] = {}
        self._realpath = functools.cache(os.path.realpath)

    def __call__(self, path: Path) -> str:
        shown = self._shown.get(path)
        if shown is None:
            shown = one_line(printable_path(shown_path(path, self.root, self._realpath)))
            self._shown[path] = shown
        return shown


# Every code the build can emit (docs/diagnostics.md explains each; a test
# keeps the three in step: this set, the code base and the catalogue).
CODES = frozenset(
    {
        "briefgen.anonymous-claim",
        "briefgen.bad-category",
        "briefgen.bad-claim-ref",
        "briefgen.bad-credibility",
        "briefgen.bad-date",
        "briefgen.bad-file-name",
        "briefgen.bad-id",
        "briefgen.bad-language",
        "briefgen.bad-occurrence",
        "briefgen.bad-outcome",
        "briefgen.bad-output",
        "briefgen.bad-reliability",
        "briefgen.bad-settings",
        "briefgen.bad-slug",
        "briefgen.bad-status",
        "briefgen.bad-tag",
        "briefgen.bad-url",
        "briefgen.broken-link",
        "briefgen.conflicting-outcomes",
        "briefgen.control-characters",
        "briefgen.duplicate-article",
        "briefgen.duplicate-claim-id",
        "briefgen.duplicate-key",
        "briefgen.duplicate-sidecar",
        "briefgen.duplicate-slug",
        "briefgen.duplicate-source",
        "briefgen.duplicate-term",
        "briefgen.extraction-suspect",
        "briefgen.follows-draft",
        "briefgen.follows-later-claim",
        "briefgen.follows-own-claim",
        "briefgen.link-outside",
        "briefgen.markdown-too-complex",
        "briefgen.missing-article",
        "briefgen.missing-headline",
        "briefgen.missing-key",
        "briefgen.missing-sidecar",
        "briefgen.no-content",
        "briefgen.not-a-file",
        "briefgen.not-utf8",
        "briefgen.pelican",
        "briefgen.placeholder",
        "briefgen.raw-html",
        "briefgen.quote-ambiguous",
        "briefgen.quote-not-found",
        "briefgen.quote-orphaned",
        "briefgen.quote-overlap",
        "briefgen.quote-reanchored",
        "briefgen.record-vs-grade",
        "briefgen.related-draft",
        "briefgen.term-not-found",
        "briefgen.too-large",
        "briefgen.too-long",
        "briefgen.uncovered-acronym",
        "briefgen.unknown-briefing",
        "briefgen.unknown-claim",
        "briefgen.unknown-code",
        "briefgen.unknown-key",
        "briefgen.unknown-related",
        "briefgen.unknown-source",
        "briefgen.unknown-term",
        "briefgen.unreadable",
        "briefgen.unreadable-file",
        "briefgen.unsafe-link",
        "briefgen.unsupported-article",
        "briefgen.write-refused",
        "briefgen.wrong-type",
        "briefgen.yaml-alias-limit",
        "briefgen.yaml-control-character",
        "briefgen.yaml-syntax",
        "briefgen.yaml-tag",
        "briefgen.yaml-version",
    }
)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; ``line`` and ``col`` are 1-based (0 means unknown)."""

    path: Path
    line: int = 0
    col: int = 0


class FixAction(enum.Enum):
    """What a :class:`Fix` asks for."""

    REPLACE_VALUE = "replace-value"  # write ``value`` in place of the value pointed at
    REPLACE_KEY = "replace-key"  # write ``value`` in place of the key pointed at
    RUN = "run"  # run the command ``value`` (from the site root)


@dataclass(frozen=True)
class Fix:
    """One concrete step that resolves a problem, for tools as well as people.

    The message already says it in words (``did you mean 'reuters'?``); the
    fix says it as data, so that an editor's plugin or a script can apply it
    (``--format json``).  ``alternatives`` are further candidates, best first,
    where the message offers several.
    """

    action: FixAction
    value: str
    alternatives: tuple[str, ...] = ()

    @classmethod
    def replace_value(cls, value: str, *alternatives: str) -> Fix:
        return cls(FixAction.REPLACE_VALUE, value, alternatives)

    @classmethod
    def replace_key(cls, value: str, *alternatives: str) -> Fix:
        return cls(FixAction.REPLACE_KEY, value, alternatives)

    @classmethod
    def run(cls, command: str) -> Fix:
        return cls(FixAction.RUN, command)

    def as_dict(self) -> dict[str, object]:
        """``{"action": "replace-value", "value": "reuters", "alternatives": []}``."""
        return {
            "action": self.action.value,
            "value": self.value,
            "alternatives": list(self.alternatives),
        }


@dataclass(frozen=True)
class Diagnostic:
    """One problem: a stable code, a severity, a message and where to look."""

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    fix: Fix | None = None  # where the message's suggestion is one concrete step

    def format(self, root: Path | ShownPaths | None = None) -> str:
        """Render as ``path:line:col: severity: message [code]``."""
        where = ""
        if self.location is not None:
            path, line, col = self.place(root)
            where = f"{path}:{line}:{col}: "
        return f"{where}{self.severity.value}: {self.visible_message} [{self.code}]"

    def place(self, root: Path | ShownPaths | None = None) -> tuple[str, int, int]:
        """Printable path (relative to ``root`` when inside it), line and column (1-based)."""
        assert self.location is not None
        paths = root if isinstance(root, ShownPaths) else ShownPaths(root)
        return paths(self.location.path), self.location.line or 1, self.location.col or 1

    @property
    def visible_message(self) -> str:
        """The message as one printable line (controls and bidi characters escaped)."""
        return one_line(self.message)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        if loc is None:
            return ("", 0, 0, self.message)
        return (str(loc.path), loc.line, loc.col, self.message)


@dataclass
class DiagnosticList:
    """Collects diagnostics across a run; ``silenced`` codes are dropped."""

    items: list[Diagnostic] = field(default_factory=list)
    silenced: frozenset[str] = frozenset()
    # Those an earlier build found in files this one did not check again (its
    # record had them): an incremental build counts them rather than print them.
    replayed: set[Diagnostic] = field(default_factory=set)

    def error(
        self, code: str, message: str, location: Location | None = None, fix: Fix | None = None
    ) -> None:
        self.add(Diagnostic(code, Severity.ERROR, message, location, fix))

    def warning(
        self, code: str, message: str, location: Location | None = None, fix: Fix | None = None
    ) -> None:
        self.add(Diagnostic(code, Severity.WARNING, message, location, fix))

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic.code in self.silenced and diagnostic.severity is Severity.WARNING:
            return
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic], *, replayed: bool = False) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)
            if replayed:
                self.replayed.add(diagnostic)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Diagnostic]:
        unique = dict.fromkeys(self.items)  # keeps first-seen order, drops repeats
        return sorted(unique, key=lambda d: d.sort_key)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.WARNING]

    def has_errors(self, strict: bool = False) -> bool:
        """Whether there is an error (with ``strict``: any diagnostic at all).

        Read from :attr:`items` as they are: sorting or dropping repeats
        cannot change whether there is one.
        """
        if strict:
            return bool(self.items)
        return any(d.severity is Severity.ERROR for d in self.items)


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``.

    A line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (as in YAML and in editors).
    """
    prefix = text[:index]
    line = prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1
    line_start = max(prefix.rfind("\n"), prefix.rfind("\r")) + 1
    return line, index - line_start + 1


def bad_byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column an editor shows for the first byte that is not UTF-8.

    Everything before ``data[offset]`` is valid UTF-8, so it can be decoded;
    a leading BOM is not counted (editors do not show it).
    """
    before = data[:offset].decode("utf-8-sig")
    return line_col(before, len(before))


def utf8_text(data: bytes, path: Path, diagnostics: DiagnosticList) -> str | None:
    """``data`` as text (a leading BOM kept), or None after one ``briefgen.not-utf8`` error.

    Articles and YAML files are both read with it, so the editor gets the
    same message, pointing at the first byte that is not UTF-8.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = bad_byte_position(data, error.start)
        diagnostics.error(
            "briefgen.not-utf8",
            f"expected UTF-8 text but got byte 0x{data[error.start]:02x} at byte offset "
            f"{error.start}; save the file as UTF-8",
            Location(path, line, column),
        )
        return None


@dataclass(frozen=True)
class Suggestion:
    """A did-you-mean: the words for the message and the same as a :class:`Fix`.

    ``words`` is ``"; did you mean 'x'?"`` (or ``'a', 'b' or 'c'``), or ``""``
    when nothing is close; ``fix`` is then None.
    """

    words: str = ""
    fix: Fix | None = None


def suggest(
    word: str,
    candidates: Iterable[str],
    *,
    most: int = 1,
    action: FixAction = FixAction.REPLACE_VALUE,
) -> Suggestion:
    """The closest ``most`` candidates to ``word`` (difflib's ratio of at least 0.6)."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=most, cutoff=0.6)
    if not matches:
        return Suggestion()
    return suggestion_of(matches, action)


def suggestion_of(
    matches: list[str], action: FixAction = FixAction.REPLACE_VALUE
) -> Suggestion:
    """``"; did you mean ..."`` for ``matches`` (best first, at least one) and their fix."""
    listed = or_list([f"'{m}'" for m in matches])
    return Suggestion(f"; did you mean {listed}?", Fix(action, matches[0], tuple(matches[1:])))


def or_list(words: list[str]) -> str:
    """``"a"``, ``"a or b"``, ``"a, b or c"``: ``words`` (at least one) as a choice."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" or {words[-1]}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest candidate, or ``""``.

    Only the words; :func:`suggest` gives the fix as well.
    """
    return suggest(word, candidates).words
