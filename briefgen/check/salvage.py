"""What can still be checked of a briefing whose sidecar has errors.

Its schema errors are reported by the loader; the quotes of its claims and
notes are checked here too (an editor fixes both in one round), and the
warnings about the article's text are given, so that one run says it all.
"""

from __future__ import annotations

from briefgen.check import anchoring
from briefgen.check.context import BriefingCheck
from briefgen.check.registers import Registers
from briefgen.check.warnings import editor_warnings
from briefgen.diagnostics import DiagnosticList
from briefgen.model import Article
from briefgen.sidecar import Salvaged


def check_salvaged(
    article: Article, salvaged: Salvaged, registers: Registers, diagnostics: DiagnosticList
) -> None:
    check = BriefingCheck(article, salvaged.positions, registers, diagnostics)
    for section, index, item in salvaged.anchored:
        anchoring.anchor(check, section, index, item)
    anchoring.overlaps(check)
    matches = registers.matcher.first_occurrences(
        check.folded,
        excluded=anchoring.mark_spans(article, ("link", "code")),
        boundaries=[span for _, _, span in check.anchored],
    )
    editor_warnings(check, salvaged.phrases, [m.span for m in matches])
