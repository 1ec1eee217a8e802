"""``briefgen reanchor``: where each quote's passage went, and (``--write``) the fix.

For every briefing it reads the article and the sidecar as the check does,
takes the article's previous text (the last build's record, else git's
``HEAD``; :mod:`.previous`) and decides for each claim and note with
:func:`briefgen.anchor.neighbours.relocate_annotations`.  A quote that moved with
confidence is a ``briefgen.quote-reanchored`` warning; one that has no
confident passage is a ``briefgen.quote-orphaned`` error.  With ``write``
the sidecars of re-anchored quotes are rewritten in place (:mod:`.edit`),
atomically, and only if the file did not change since it was read; articles
are never written.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from briefgen.anchor.fold import FoldedText, fold
from briefgen.anchor.neighbours import Annotation, relocate_annotations
from briefgen.anchor.quotes import Span
from briefgen.anchor.relocate import (
    Ambiguous,
    BodyDiff,
    OldAnchor,
    Orphaned,
    Outcome,
    Reanchored,
    Unchanged,
    current_span,
)
from briefgen.boundary import Folder, RefusedError
from briefgen.check.discover import discover_briefings
from briefgen.diagnostics import Diagnostic, DiagnosticList, Fix, Location
from briefgen.ingest import read_article
from briefgen.reanchor.edit import EditProblem, QuoteFix, apply_fixes
from briefgen.reanchor.history import AnchoredText, AnchorHistory, history_key
from briefgen.reanchor.previous import previous_texts
from briefgen.settings import BuildSettings
from briefgen.sidecar import Loaded, YamlLimits, load_sidecar_or_salvage
from briefgen.sidecar.schema import Anchored
from briefgen.workers import ordered_map

REANCHORED = "briefgen.quote-reanchored"
ORPHANED = "briefgen.quote-orphaned"
WRITE_REFUSED = "briefgen.write-refused"
# The lists editors write in reading order, each on its own (follow-ups name
# earlier claims, in whatever order those had).
IN_READING_ORDER = ("claims", "notes")
_SHOWN_WORDS = 30  # a passage longer than this is shortened in messages


def history_path(settings: BuildSettings) -> Path:
    """The work folder whose build state records what was anchored (see :mod:`.history`)."""
    return settings.work


@dataclass
class ReanchorReport:
    briefings: int = 0
    unchanged: int = 0
    reanchored: int = 0
    orphaned: int = 0
    sidecars: int = 0  # sidecars with a re-anchored quote (to rewrite, or rewritten)
    written: list[Path] = field(default_factory=list)


def reanchor_site(
    settings: BuildSettings, diagnostics: DiagnosticList, *, write: bool = False
) -> ReanchorReport:
    """Re-anchor every claim and note of the site; see the module docstring."""
    report = ReanchorReport()
    content = settings.content
    if not content.is_dir():
        diagnostics.error(
            "briefgen.no-content", f"content folder not found: {content}", Location(content)
        )
        return report
    pairs = discover_briefings(content, diagnostics)
    shared = _Shared(settings, Folder.at(content), write)
    # What is in memory now (the modules, mostly) lives as long as the process:
    # exempt from the collector, it is not traversed again and again while each
    # briefing is decided (nor copied into the workers by the traversal).
    gc.freeze()
    try:
        for (_, sidecar_path), decided in zip(pairs, _decide_all(shared, pairs), strict=True):
            report.briefings += 1
            diagnostics.extend(decided.diagnostics)
            report.unchanged += decided.unchanged
            report.reanchored += len(decided.fixes)
            report.sidecars += bool(decided.fixes)
            report.orphaned += decided.orphaned
            if (
                write
                and decided.fixes
                and _write(content, sidecar_path, decided.as_read, decided.fixes, diagnostics)
            ):
                report.written.append(sidecar_path)
    finally:
        gc.unfreeze()  # a long-lived caller may free them later
    return report


@dataclass(frozen=True)
class _Shared:
    """What deciding for one briefing needs besides its files (the same for all)."""

    settings: BuildSettings
    folder: Folder  # the content folder, which files are read through
    write: bool  # keep each sidecar as read, to refuse writing over a change


@dataclass
class _Decided:
    """What one briefing's annotations came to (made in a worker process when many)."""

    as_read: bytes = b""  # the sidecar as it was read, to refuse writing over a change
    fixes: list[QuoteFix] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unchanged: int = 0
    orphaned: int = 0


def _decide_all(shared: _Shared, pairs: list[tuple[Path, Path]]) -> Iterator[_Decided]:
    """Each pair's decisions, in order; in forked workers when there are as many as
    the check would check in workers (the work per briefing is of the same kind)."""
    parallel = shared.settings.parallel
    return ordered_map(
        lambda pair: _decide(shared, pair),
        pairs,
        workers=parallel.workers,
        min_items=parallel.min_parallel_checks,
    )


def _history(path: Path) -> AnchorHistory:
    """One history per process, for all its briefings (a connection is not shared by forks)."""
    return _history_of(path, os.getpid())


@cache
def _history_of(path: Path, process: int) -> AnchorHistory:
    return AnchorHistory(path)


def _decide(shared: _Shared, pair: tuple[Path, Path]) -> _Decided:
    """Decide for each annotation of one briefing."""
    article_path, sidecar_path = pair
    settings, folder = shared.settings, shared.folder
    history = _history(history_path(settings))
    decided = _Decided()
    found = DiagnosticList()
    limits = settings.limits
    if shared.write:
        with contextlib.suppress(OSError, RefusedError):  # the loader reports it
            decided.as_read, _ = folder.read(sidecar_path, limits.max_sidecar_bytes)
    article = read_article(article_path, found, max_bytes=limits.max_article_bytes, folder=folder)
    loaded = load_sidecar_or_salvage(
        sidecar_path, found, limits=YamlLimits.of(limits), folder=folder
    )
    decided.diagnostics = found.items
    if article is None or loaded is None:
        return decided
    body = article.body_text
    new = fold(body)
    # A sidecar with errors elsewhere still has its quotes re-anchored.
    items: list[tuple[str, int, Anchored]] = (
        [
            *(("claims", i, item) for i, item in enumerate(loaded.value.claims)),
            *(("notes", i, item) for i, item in enumerate(loaded.value.notes)),
            *(("follows", i, item) for i, item in enumerate(loaded.value.follows)),
        ]
        if isinstance(loaded, Loaded)
        else loaded.anchored
    )
    anchors = [OldAnchor(i.quote, i.prefix, i.suffix, i.occurrence) for *_, i in items]
    # The history of a briefing whose quotes all anchor as they are is not
    # looked up in git (a fresh clone lists no article as changed).
    troubled = any(current_span(new, anchor) is None for anchor in anchors)
    previous = previous_texts(
        history,
        history_key(settings.content, sidecar_path),
        article_path,
        body,
        sidecar_path if troubled else None,
    )
    diff: BodyDiff | None = None
    recorded_spans: dict[str, list[Span]] = {}
    if previous:
        recorded = previous[0][1]
        diff = BodyDiff(fold(recorded.body), new)
        recorded_spans = _spans_by_text(recorded)
    annotations = [
        Annotation(
            kind if kind in IN_READING_ORDER else None,
            anchor,
            _recorded_span(recorded_spans, anchor.quote),
        )
        for (kind, _, _), anchor in zip(items, anchors, strict=True)
    ]
    outcomes = relocate_annotations(annotations, new, diff)
    for (kind, index, _), annotation, outcome in zip(items, annotations, outcomes, strict=True):
        where = loaded.positions.at(kind, index, "quote")
        fix = _report(outcome, annotation.anchor, new, where, found, decided)
        if fix is not None:
            decided.fixes.append(
                QuoteFix(kind, index, fix.quote, fix.prefix, fix.suffix, fix.occurrence)
            )
    return decided


def _spans_by_text(recorded: AnchoredText) -> dict[str, list[Span]]:
    """The spans the last build anchored, by their folded text."""
    spans: dict[str, list[Span]] = {}
    for span in recorded.spans:
        spans.setdefault(fold(recorded.body[span.start : span.end]).text, []).append(span)
    return spans


def _recorded_span(spans: dict[str, list[Span]], quote: str) -> Span | None:
    """The span the last build anchored this quote to, if the record tells it for sure."""
    if not spans:
        return None
    found = spans.get(fold(quote).text.strip(" "), [])
    return found[0] if len(found) == 1 else None


def _report(
    outcome: Outcome,
    anchor: OldAnchor,
    new: FoldedText,
    where: Location,
    diagnostics: DiagnosticList,
    decided: _Decided,
) -> Reanchored | None:
    if isinstance(outcome, Unchanged):
        decided.unchanged += 1
        return None
    if isinstance(outcome, Reanchored):
        diagnostics.warning(
            REANCHORED,
            f'quote re-anchored: "{_shown(anchor.quote)}" -> "{_shown(outcome.quote)}"'
            + _selection(anchor, outcome),
            where,
            fix=Fix.run("briefgen reanchor --write"),
        )
        return outcome
    decided.orphaned += 1
    if isinstance(outcome, Ambiguous):
        places = [_place(new, span) for span in outcome.places]
        diagnostics.error(
            ORPHANED,
            f"quote orphaned: {'' if outcome.complete else 'at least '}"
            f"{_count(len(places))} passages fit it equally well, "
            f"{', '.join(places[:-1])} and {places[-1]}; "
            "set the quote to one of them (with prefix:/suffix: if needed)",
            where,
        )
        return None
    assert isinstance(outcome, Orphaned)
    closest = (
        f"closest passage {_place(new, outcome.closest)}"
        if outcome.closest is not None
        else "no passage is much like it"
    )
    diagnostics.error(
        ORPHANED,
        "quote orphaned: no passage of the article is confidently this quote "
        f"(deleted or rewritten); {closest}",
        where,
    )
    return None


def _selection(anchor: OldAnchor, outcome: Reanchored) -> str:
    """What besides the quote changes: `` (prefix: "...", occurrence: 2)``."""
    changes = []
    for key in ("prefix", "suffix", "occurrence"):
        before, after = getattr(anchor, key), getattr(outcome, key)
        if before != after:
            shown = "removed" if after is None else (f'"{after}"' if key != "occurrence" else after)
            changes.append(f"{key}: {shown}")
    return f" ({', '.join(changes)})" if changes else ""


def _count(number: int) -> str:
    return {2: "two", 3: "three", 4: "four", 5: "five"}.get(number, str(number))


def _place(new: FoldedText, span: Span) -> str:
    passage = _shown(new.original[span.start : span.end])
    return f'(paragraph {new.paragraph_of(span.start)}): "{passage}"'


def _shown(text: str) -> str:
    words = text.split()
    if len(words) > _SHOWN_WORDS:
        half = _SHOWN_WORDS // 2
        words = [*words[:half], "…", *words[-half:]]
    return " ".join(words)


def _write(
    content: Path, path: Path, as_read: bytes, fixes: list[QuoteFix], diagnostics: DiagnosticList
) -> bool:
    """Rewrite one sidecar atomically, unless it changed since it was read."""
    text = as_read.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    result = apply_fixes(text[len(bom) :], fixes)
    where = Location(path, 1, 1)
    if isinstance(result, EditProblem):
        diagnostics.error(WRITE_REFUSED, f"not rewritten: {result.message}", where)
        return False
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            # Replacing a link would put a file in its place: the editor's
            # layout is not ours to change.
            diagnostics.error(
                WRITE_REFUSED, "not rewritten: the sidecar is a link, not a file", where
            )
            return False
        if Folder.at(content).read(path)[0] != as_read:
            diagnostics.error(
                WRITE_REFUSED,
                "not rewritten: the sidecar changed since it was read; run briefgen reanchor again",
                where,
            )
            return False
        mode = path.stat().st_mode & 0o7777
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write((bom + result).encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except RefusedError as refused:
        refused.refusal.report(diagnostics)
        return False
    except OSError as error:
        diagnostics.error(WRITE_REFUSED, f"not rewritten: {error.strerror}", where)
        return False
    return True
