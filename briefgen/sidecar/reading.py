"""Read a YAML file's bytes into text, refusing what YAML or editors should not see.

Checks, in order: size cap, strict UTF-8 (a leading BOM is dropped without a
word), characters YAML 1.2 does not allow (NUL and other control characters)
and a ``%YAML`` directive for any version other than 1.2.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from briefgen.boundary import Folder, RefusedError
from briefgen.diagnostics import DiagnosticList, Location, line_col, utf8_text

DEFAULT_MAX_BYTES = 1_000_000
_BOM = "\ufeff"
# YAML 1.2 printable set (c-printable), negated: C0 controls but tab/LF/CR, DEL,
# C1 controls but NEL, U+FFFE/U+FFFF. Surrogates cannot survive strict UTF-8.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_VERSION_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S*)", re.MULTILINE)
_MAX_CONTROL_REPORTS = 10  # one file full of NULs should not flood the output


def read_yaml_text(
    path: Path,
    diagnostics: DiagnosticList,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    folder: Folder | None = None,
) -> str | None:
    """The text of ``path``, or ``None`` after reporting why it cannot be parsed.

    It is read through ``folder`` (default: the file's own folder), which
    refuses links out of it and anything but a regular file
    (:mod:`briefgen.boundary`).
    """
    try:
        data, size = (folder or Folder.at(path.parent)).read(path, max_bytes)
        if size > max_bytes:
            diagnostics.error(
                "briefgen.too-large",
                f"expected a file of at most {max_bytes} bytes but got {size} bytes",
                Location(path, 1, 1),
            )
            return None
    except RefusedError as refused:
        refused.refusal.report(diagnostics)
        return None
    except OSError as error:
        diagnostics.error(
            "briefgen.unreadable",
            f"expected a readable file but got: {error.strerror or error}",
            Location(path, 1, 1),
        )
        return None
    return decode_yaml_bytes(data, path, diagnostics)


def decode_yaml_bytes(data: bytes, path: Path, diagnostics: DiagnosticList) -> str | None:
    """Decode and screen ``data``; see the module docstring."""
    text = utf8_text(data, path, diagnostics)
    if text is None:
        return None
    if text.startswith(_BOM):
        text = text[1:]
    bad = False
    for count, match in enumerate(_NOT_PRINTABLE.finditer(text)):
        if count >= _MAX_CONTROL_REPORTS:
            break
        bad = True
        char = match.group()
        name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "control character")
        line, column = line_col(text, match.start())
        diagnostics.error(
            "briefgen.yaml-control-character",
            f"expected printable text but got U+{ord(char):04X} ({name})",
            Location(path, line, column),
        )
    if bad:
        return None
    return _disarm_version_directives(text, path, diagnostics)


def _disarm_version_directives(text: str, path: Path, diagnostics: DiagnosticList) -> str:
    """Report ``%YAML`` lines other than 1.2 and turn them into comments.

    The file is read as YAML 1.2 whatever it says; commenting the directive out
    (same length, so positions hold) keeps the parser from switching to YAML
    1.1 rules or refusing the document, and so the rest is still checked.
    """
    pieces: list[str] = []
    done = 0
    for match in _VERSION_DIRECTIVE.finditer(text):
        if match.group(1) == "1.2":
            continue
        line, _ = line_col(text, match.start())
        diagnostics.error(
            "briefgen.yaml-version",
            f"expected YAML version 1.2 (or no %YAML line) but got '%YAML {match.group(1)}'",
            Location(path, line, 1),
        )
        pieces.append(text[done : match.start()])
        pieces.append("#")
        done = match.start() + 1
    pieces.append(text[done:])
    return "".join(pieces)


# unicodedata has no names for control characters; these are the ones editors meet.
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BACKSPACE",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}
