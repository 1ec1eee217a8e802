"""What the last successful build anchored: each briefing's body text and quote spans.

``briefgen reanchor`` needs the article text that the sidecar's quotes were
written against.  The build records it after it succeeded, as the
``anchors`` output of the build state (:mod:`briefgen.incremental`,
``.briefgen/state.sqlite3``): one entry per briefing, keyed by its
sidecar's path under the content folder.  Only entries whose text or spans
changed are written; entries of briefings that are gone are dropped.

It is a record of what was, not a cache of what the code makes: it depends
on no build-wide input, so it outlives a change of briefgen's code or
settings.  A record that cannot be read or written is no error:
re-anchoring then falls back on git or on the quotes alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen.incremental import MARSHAL, BuildState, Output, digest
from briefgen.incremental.store import STATE_FILE
from briefgen.model import Briefing, Span

# (digest of body and spans, body, [[start, end], ...]); the build compares
# digests to write only what changed.
ANCHORS: Output[tuple[str, str, list[list[int]]]] = Output("anchors", MARSHAL)
# The key of the inputs each entry of ANCHORS was made from (the check step's
# key of the briefing, see briefgen.incremental.BriefingCache.key_of), by the
# same key: the entry of a briefing made from the same inputs is kept unread.
ANCHORED_FROM: Output[str] = Output("anchored-from", MARSHAL, preload=True)


@dataclass(frozen=True)
class AnchoredText:
    """A briefing's body text as built, and the spans its quotes (claims, notes,
    follow-ups) had in it."""

    body: str
    spans: tuple[Span, ...]


def history_key(content: Path, sidecar: Path) -> str:
    """The key of a briefing: its sidecar's path relative to the content folder."""
    folder, path = os.path.abspath(content), os.path.abspath(sidecar)
    if path.startswith(folder + os.sep) and os.sep == "/":
        return path[len(folder) + 1 :]  # the common case, without relpath's work
    relative = os.path.relpath(path, folder)
    if relative.startswith(os.pardir):
        return Path(os.path.abspath(sidecar)).as_posix()
    return Path(relative).as_posix()


def anchored_text(briefing: Briefing) -> AnchoredText:
    spans = sorted(
        {
            *(c.span for c in briefing.claims),
            *(n.span for n in briefing.notes),
            *(f.span for f in briefing.follows),
        }
    )
    return AnchoredText(briefing.article.body_text, tuple(spans))


class AnchorHistory:
    """Reads the recorded :class:`AnchoredText` of briefings from a site's work folder."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self._table = None if not (work / STATE_FILE).is_file() else BuildState(work).table(ANCHORS)

    def load(self, key: str) -> AnchoredText | None:
        entry = self._table.get(key) if self._table is not None else None
        if entry is None:
            return None
        try:
            _, body, spans = entry
            return AnchoredText(str(body), tuple(Span(int(s), int(e)) for s, e in spans))
        except (TypeError, ValueError):  # not what this version records
            return None


def record_site(
    state: BuildState,
    content: Path,
    briefings: Iterable[Briefing],
    made_from: Callable[[Briefing], str | None] = lambda briefing: None,
) -> None:
    """Record what a successful build anchored, for the next ``briefgen reanchor``.

    Only ``briefings`` stay recorded (those of a briefing no longer built go).
    ``made_from``: the key of a briefing's inputs; a briefing recorded from
    the same inputs keeps its entry without its text being made again.
    """
    table = state.table(ANCHORS)
    sources = state.table(ANCHORED_FROM)
    for briefing in briefings:
        key = history_key(content, briefing.sidecar_path)
        inputs = made_from(briefing)
        if inputs is not None and sources.get(key) == inputs:
            table.keep(key)
            continue
        if inputs is not None:
            sources.put(key, inputs)
        text = anchored_text(briefing)
        spans = [[span.start, span.end] for span in text.spans]
        stamp = digest(text.body, repr(spans))
        recorded = table.get(key)
        if recorded is None or recorded[0] != stamp:
            table.put(key, (stamp, text.body, spans))
    table.commit()
    sources.commit()  # after the entries it vouches for
