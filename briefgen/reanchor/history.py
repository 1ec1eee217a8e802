"""What the last successful build anchored: each briefing's body text and quote spans.

``briefgen reanchor`` needs the article text that the sidecar's quotes were
written against.  The build records it after it succeeded, in one SQLite
file (``.briefgen/cache/anchors.sqlite3``), one row per briefing keyed by its
sidecar's path under the content folder.  Only rows whose text or spans
changed are written.  A record that cannot be read or written is no error:
re-anchoring then falls back on git or on the quotes alone.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen.incremental import digest
from briefgen.model import Briefing, Span

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS anchors (key TEXT PRIMARY KEY, digest TEXT, body TEXT, spans TEXT)"
)


@dataclass(frozen=True)
class AnchoredText:
    """A briefing's body text as built, and the spans its claims and notes had in it."""

    body: str
    spans: tuple[Span, ...]


def history_key(content: Path, sidecar: Path) -> str:
    """The key of a briefing: its sidecar's path relative to the content folder."""
    try:
        return sidecar.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return sidecar.resolve().as_posix()


def anchored_text(briefing: Briefing) -> AnchoredText:
    spans = sorted({*(c.span for c in briefing.claims), *(n.span for n in briefing.notes)})
    return AnchoredText(briefing.article.body_text, tuple(spans))


class AnchorHistory:
    """Load and save :class:`AnchoredText` by briefing key; see the module docstring."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None  # opened by the first load, kept for the next

    def load(self, key: str) -> AnchoredText | None:
        if self._db is None:
            if not self.path.is_file():
                return None
            try:
                self._db = sqlite3.connect(self.path)
            except sqlite3.Error:
                return None
        try:
            query = "SELECT body, spans FROM anchors WHERE key = ?"
            row = self._db.execute(query, (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        return AnchoredText(row[0], tuple(Span(*pair) for pair in json.loads(row[1])))

    def save(self, records: Iterable[tuple[str, AnchoredText]]) -> None:
        """Make the history exactly ``records`` (rows of other briefings are dropped)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.closing(sqlite3.connect(self.path)) as db, db:
                db.execute(_SCHEMA)
                known = dict(db.execute("SELECT key, digest FROM anchors").fetchall())
                kept = set()
                for key, record in records:
                    spans = json.dumps([[s.start, s.end] for s in record.spans])
                    stamp = digest(record.body, spans)
                    kept.add(key)
                    if known.get(key) != stamp:
                        db.execute(
                            "INSERT OR REPLACE INTO anchors VALUES (?, ?, ?, ?)",
                            (key, stamp, record.body, spans),
                        )
                db.executemany(
                    "DELETE FROM anchors WHERE key = ?", [(k,) for k in known if k not in kept]
                )
        except (sqlite3.Error, OSError):
            return


def record_site(history: AnchorHistory, content: Path, briefings: Iterable[Briefing]) -> None:
    """Record what a successful build anchored, for the next ``briefgen reanchor``."""
    history.save(
        (history_key(content, briefing.sidecar_path), anchored_text(briefing))
        for briefing in briefings
    )
