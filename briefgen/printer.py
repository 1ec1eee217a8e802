"""Printing diagnostics in the format a reader asks for: people, scripts or CI.

* ``text`` (default): ``path:line:col: severity: message [code]`` on standard
  error, one line each (see :meth:`~briefgen.diagnostics.Diagnostic.format`).
* ``json``: one JSON object per line on standard output, with ``path``,
  ``line``, ``column``, ``severity``, ``code``, ``message`` and ``fix`` (null,
  or the suggested fix as ``{"action", "value", "alternatives"}``, see
  :class:`~briefgen.diagnostics.Fix`); ``path`` is null for a problem with no file.
* ``github``: GitHub Actions workflow commands on standard output
  (``::error file=...,line=...,col=...::message``), so that a pull request
  shows each problem on its line.

The summary line (``briefgen: checked 3 briefings (...)``) always goes to
standard error, in every format: it is for people.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from briefgen.diagnostics import Diagnostic, Severity, ShownPaths

FORMATS = ("text", "json", "github")
_JSON = json.JSONEncoder(ensure_ascii=False)  # one for all lines: made anew per call otherwise


def plural(count: int, noun: str) -> str:
    """``1 briefing``, ``2 briefings``, ``0 errors``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def tally(diagnostics: Iterable[Diagnostic]) -> str:
    """``1 error, 2 warnings``."""
    shown = list(diagnostics)
    errors = sum(d.severity is Severity.ERROR for d in shown)
    return f"{plural(errors, 'error')}, {plural(len(shown) - errors, 'warning')}"


def as_json(diagnostic: Diagnostic, root: Path | ShownPaths | None = None) -> str:
    """One JSON line; see the module docstring."""
    path: str | None = None
    line = column = None
    if diagnostic.location is not None:
        path, line, column = diagnostic.place(root)
    record = {
        "path": path,
        "line": line,
        "column": column,
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.visible_message,
        "fix": diagnostic.fix.as_dict() if diagnostic.fix is not None else None,
    }
    return _JSON.encode(record)


def as_github(diagnostic: Diagnostic, root: Path | ShownPaths | None = None) -> str:
    """A workflow command: ``::error file=p,line=3,col=5::message [code]``."""
    properties = ""
    if diagnostic.location is not None:
        path, line, column = diagnostic.place(root)
        properties = f" file={_property(path)},line={line},col={column}"
    message = _data(f"{diagnostic.visible_message} [{diagnostic.code}]")
    return f"::{diagnostic.severity.value}{properties}::{message}"


def _data(text: str) -> str:
    # Escapes of the runner's command parser: a message cannot end the command early.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class Printer:
    """Prints diagnostics and summary lines; ``root`` makes paths relative (default: cwd)."""

    def __init__(
        self,
        format: str = "text",
        *,
        root: Path | None = None,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
        self.format = format
        self.root = root if root is not None else Path.cwd()
        self._out = out
        self._err = err
        self._console: Any = None

    def diagnostics(self, diagnostics: Iterable[Diagnostic]) -> None:
        paths = ShownPaths(self.root)
        if self.format == "text":
            # One call for all lines: rich spends about half a millisecond per call.
            lines = [diagnostic.format(paths) for diagnostic in diagnostics]
            if lines:
                self.message("\n".join(lines))
            return
        as_line = as_json if self.format == "json" else as_github
        lines = [as_line(diagnostic, paths) + "\n" for diagnostic in diagnostics]
        if lines:
            out = self._out if self._out is not None else sys.stdout
            out.write("".join(lines))
            out.flush()

    def message(self, text: str) -> None:
        """A line for people, on standard error."""
        if self._err is not None:
            print(text, file=self._err)
            return
        if self._console is None:
            # Rich is imported only when there is something to print: ~25 ms that
            # a quiet build without problems need not pay.
            from rich.console import Console

            # emoji=False: the editor's words as written (":fire:" is no emoji here).
            self._console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
        self._console.print(text, markup=False)
