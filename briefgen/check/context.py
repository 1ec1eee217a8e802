"""What checking one briefing works on: its article, its sidecar, the registers."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from briefgen.anchor.fold import FoldedText, fold
from briefgen.boundary import Folder, RefusedError
from briefgen.check.registers import Registers
from briefgen.diagnostics import DiagnosticList, Fix, Location
from briefgen.model import Article, Span
from briefgen.sidecar import PositionMap
from briefgen.sidecar.schema import Sidecar


class BriefingCheck:
    """One article, where its sidecar's values were written, the registers, the problems.

    ``ok`` turns false at the first error: the briefing is then left out of
    the site, but every check still runs so that one build lists everything.
    ``anchored`` collects every quote that was found, ``(section, index,
    span)``, whether or not the rest of its claim or note is valid: overlaps
    and the editor's warnings are about the quotes the editor wrote.
    ``likely_claims`` are where the claims whose quotes are not found
    probably stand now: the claim's own error says what to fix there, and no
    warning asks for a claim on the same sentence.
    """

    def __init__(
        self,
        article: Article,
        positions: PositionMap,
        registers: Registers,
        diagnostics: DiagnosticList,
    ) -> None:
        self.article = article
        self.body = article.body_text  # joined once: every check reads it
        self.at = positions.at
        self.path = positions.path
        self.registers = registers
        self.diagnostics = diagnostics
        self.ok = True
        self.anchored: list[tuple[str, int, Span]] = []
        self.likely_claims: list[Span] = []

    def article_lines(self) -> list[str] | None:
        """The article file's lines, read when a warning is first placed in it.

        Read again (the article was read moments before) only when there is a
        warning to place, and kept by this check alone: a long-lived process
        (the devserver) checks the file again after every edit, and line
        numbers must be those of the file as it is now.
        """
        return self._article_lines

    @cached_property
    def _article_lines(self) -> list[str] | None:
        return source_lines(self.article.path)

    @cached_property
    def folded(self) -> FoldedText:
        """The body folded for matching, once for all quotes and terms."""
        return fold(self.body)

    def error(self, code: str, message: str, location: Location, fix: Fix | None = None) -> None:
        self.ok = False
        self.diagnostics.error(code, message, location, fix)

    def warning(
        self, code: str, message: str, location: Location, fix: Fix | None = None
    ) -> None:
        self.diagnostics.warning(code, message, location, fix)

    def fail_quietly(self) -> None:
        """Leave the briefing out for an error reported elsewhere (a broken register entry)."""
        self.ok = False

    def claim_spans(self) -> list[Span]:
        """The claims' quotes found, and where those not found probably stand."""
        found = [span for section, _, span in self.anchored if section == "claims"]
        return found + self.likely_claims


class SidecarCheck(BriefingCheck):
    """A briefing whose sidecar is valid: every field can be resolved."""

    def __init__(
        self,
        article: Article,
        sidecar: Sidecar,
        positions: PositionMap,
        registers: Registers,
        diagnostics: DiagnosticList,
    ) -> None:
        super().__init__(article, positions, registers, diagnostics)
        self.sidecar = sidecar


def source_lines(path: Path) -> list[str] | None:
    """The lines of the article file at ``path`` (None if it cannot be read).

    Read through the boundary like every content read: a file that is not a
    regular file of its own folder is not opened.
    """
    try:
        data, _size = Folder.at(path.parent).read(path)
    except (RefusedError, OSError):
        return None
    return data.decode("utf-8", errors="replace").splitlines()
