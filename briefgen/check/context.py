"""What checking one briefing works on: its article, its sidecar, the registers."""

from __future__ import annotations

from functools import cached_property

from briefgen.anchor.fold import FoldedText, fold
from briefgen.check.registers import Registers
from briefgen.diagnostics import DiagnosticList, Location
from briefgen.model import Article
from briefgen.sidecar import Loaded
from briefgen.sidecar.schema import Sidecar


class BriefingCheck:
    """One sidecar and its article, the registers, and where problems go.

    ``ok`` turns false at the first error: the briefing is then left out of
    the site, but every check still runs so that one build lists everything.
    """

    def __init__(
        self,
        article: Article,
        loaded: Loaded[Sidecar],
        registers: Registers,
        diagnostics: DiagnosticList,
    ) -> None:
        self.article = article
        self.body = article.body_text  # joined once: every check reads it
        self.sidecar = loaded.value
        self.at = loaded.positions.at
        self.path = loaded.path
        self.registers = registers
        self.diagnostics = diagnostics
        self.ok = True

    @cached_property
    def folded(self) -> FoldedText:
        """The body folded for matching, once for all quotes and terms."""
        return fold(self.body)

    def error(self, code: str, message: str, location: Location) -> None:
        self.ok = False
        self.diagnostics.error(code, message, location)

    def warning(self, code: str, message: str, location: Location) -> None:
        self.diagnostics.warning(code, message, location)
