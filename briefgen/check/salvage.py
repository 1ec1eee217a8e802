"""What can still be checked of a briefing whose sidecar has errors.

Its schema errors are reported by the loader; the quotes of its claims and
notes are checked here too, and the ids it refers to (its outlet, its
sources, its claims' sources, its excluded terms; its related slugs are
checked with the other briefings' in :mod:`.related`), and the warnings
about the article's text are given: an editor fixes all of them in one
round, so that one run says it all.
"""

from __future__ import annotations

from briefgen.check import anchoring
from briefgen.check.context import BriefingCheck
from briefgen.check.registers import Registers
from briefgen.check.resolve import check_excluded, unknown_bare_source, unknown_outlet
from briefgen.check.warnings import editor_warnings
from briefgen.diagnostics import DiagnosticList
from briefgen.model import Article
from briefgen.sidecar import Salvaged


def check_salvaged(
    article: Article, salvaged: Salvaged, registers: Registers, diagnostics: DiagnosticList
) -> None:
    check = BriefingCheck(article, salvaged.positions, registers, diagnostics)
    _check_ids(check, salvaged)
    for section, index, item in salvaged.anchored:
        anchoring.anchor(check, section, index, item)
    anchoring.overlaps(check)
    matches = registers.matcher.first_occurrences(
        check.folded,
        excluded=anchoring.mark_spans(article, ("link", "code")),
        boundaries=[span for _, _, span in check.anchored],
    )
    editor_warnings(check, salvaged.phrases, [m.span for m in matches])


def _check_ids(check: BriefingCheck, salvaged: Salvaged) -> None:
    """The ids the sidecar refers to, as a valid sidecar's are checked (same messages)."""
    shared = check.registers.sources
    broken = check.registers.broken_sources
    local = salvaged.local_sources
    for index, source_id in salvaged.bare_sources:
        if source_id not in shared and source_id not in broken:
            unknown_bare_source(check, index, source_id)
    unknown = None
    wanted = salvaged.outlet
    if wanted is not None and wanted not in shared and wanted not in broken | local:
        unknown_outlet(check, wanted, sorted(local))
        unknown = wanted  # its claims are not reported again
    for index, source_id in salvaged.claim_sources:
        if source_id not in shared and source_id not in broken | local | {unknown}:
            anchoring.unknown_claim_source(check, index, source_id, sorted(local))
    check_excluded(check, salvaged.glossary_exclude)
