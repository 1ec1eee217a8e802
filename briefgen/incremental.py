"""Incremental builds: reuse what the previous build recorded under ``.briefgen/cache/``.

Three records, each keyed by the content of what a result depends on, so a
stale entry is never used (at worst an entry is not found and the work is
done again):

* :class:`BriefingCache` - one entry per checked briefing (the pickled
  :class:`~briefgen.model.Briefing` and the warnings it raised) in one SQLite
  file, ``briefings.sqlite3``, keyed by the
  bytes of its article and sidecar, the glossary's phrases and the ids of
  both registers (which decide matching and did-you-means), and the code.  It
  also lists the shared glossary terms and sources the briefing used, with a
  digest of each: editing one term re-checks only the briefings that use it.
* :class:`RenderedRecord` - which key each rendered Markdown file was made
  from, so an unchanged briefing is not rendered again.
* :class:`PageRecord` - a fingerprint of what each output page was rendered
  from (see :mod:`briefgen.publish.writer`); pages whose fingerprint did not
  change are hard-linked from the previous output instead of rendered.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.boundary import Folder, RefusedError
from briefgen.diagnostics import Diagnostic, Severity
from briefgen.model import Briefing, Source, Term

CACHE_VERSION = "1"
PACKAGE = Path(__file__).resolve().parent


def digest(*parts: str | bytes) -> str:
    """A short stable digest of ``parts`` (length-prefixed so they cannot run together)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        # surrogateescape: a path whose name is not UTF-8 still has a digest.
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def files_stamp(roots: Iterable[Path], suffixes: tuple[str, ...] | None = None) -> str:
    """Digest of the names, sizes and modification times of the files under ``roots``."""
    entries: list[str] = []
    for root in roots:
        if root.is_file():
            paths = [root]
        elif root.is_dir():
            paths = sorted(p for p in root.rglob("*") if p.is_file())
        else:
            continue
        for path in paths:
            if suffixes is not None and path.suffix not in suffixes:
                continue
            stat = path.stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return digest(*entries)


def code_stamp() -> str:
    """Changes whenever briefgen's own code or templates change."""
    return digest(CACHE_VERSION, files_stamp([PACKAGE], (".py", ".j2")))


def _digests(register: dict[str, Term] | dict[str, Source]) -> dict[str, str]:
    """A digest of each entry of the glossary or the sources register, by id."""
    return {entry_id: digest(repr(entry)) for entry_id, entry in register.items()}


@dataclass
class _Entry:
    used_terms: dict[str, str]
    used_sources: dict[str, str]
    briefing: Briefing
    diagnostics: list[Diagnostic]


WRITE_BATCH = 256  # cache entries written per transaction (bounds the memory they hold)


@dataclass(frozen=True)
class Recorded:
    """A briefing's cache entry, made by whichever process checked it."""

    full_key: str  # see BriefingCache.key_of
    data: bytes  # the pickled entry


@dataclass
class BriefingCache:
    """Checked briefings from earlier builds; see the module docstring.

    ``read`` False (``--full``) still records this build's results, for the
    next one, but never uses old ones.  Entries are made by :meth:`record`
    (in a worker process when checks run in a pool), taken by :meth:`adopt`
    in the building process, and written in batches; :meth:`save` writes the
    last and drops the entries this build did not use.  A few SQLite
    transactions, where a file per briefing cost a full build ~1,000 file
    creations (perf, issue 5).  A cache that cannot be read or written is no error:
    the briefings are checked again.
    """

    path: Path  # the SQLite file
    read: bool = True
    hits: int = 0
    misses: int = 0
    _global: str | None = None
    _keys: dict[tuple[Path, Path], str] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)
    _full_keys: dict[tuple[Path, Path], str] = field(default_factory=dict)
    _new: list[tuple[str, bytes]] = field(default_factory=list)  # (key, entry) to write
    _db: sqlite3.Connection | None = field(default=None, repr=False)
    # Digests of the register entries, made once per build rather than once per
    # briefing that uses them (~10,000 reprs and digests at 1,000; perf, issue 5).
    _term_digests: dict[str, str] = field(default_factory=dict)
    _source_digests: dict[str, str] = field(default_factory=dict)
    _content: Folder | None = field(default=None, repr=False)  # what the files are read through

    def _database(self) -> sqlite3.Connection | None:
        """The open database (made if missing); None if it cannot be used."""
        if self._db is None:
            for _attempt in range(2):
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    db = sqlite3.connect(self.path, timeout=10)
                    db.execute(
                        "CREATE TABLE IF NOT EXISTS entries"
                        " (key TEXT PRIMARY KEY, entry BLOB NOT NULL) WITHOUT ROWID"
                    )
                    db.execute(
                        "CREATE TABLE IF NOT EXISTS rankings"
                        " (key TEXT PRIMARY KEY, ranked TEXT NOT NULL) WITHOUT ROWID"
                    )
                    self._db = db
                    break
                except sqlite3.DatabaseError:
                    # Not a database (a damaged file): start afresh, once.
                    self.path.unlink(missing_ok=True)
                except (sqlite3.Error, OSError):
                    break
        return self._db

    def start(self, glossary: dict[str, Term], sources: dict[str, Source], settings: Any) -> None:
        """Fix what every entry depends on: glossary phrases, register ids, limits, code."""
        phrases = [f"{t.id}\0{chr(1).join(t.phrases)}" for t in glossary.values()]
        options = repr((settings.limits, sorted(settings.silence)))
        self._global = digest(code_stamp(), options, *phrases, "\0sources", *sources)
        self._term_digests, self._source_digests = _digests(glossary), _digests(sources)
        self._content = Folder.at(settings.content)

    def _key(self, article: Path, sidecar: Path) -> str:
        assert self._global is not None and self._content is not None, "call start() first"
        read = self._content.read
        key = digest(self._global, str(article), str(sidecar), read(article)[0], read(sidecar)[0])
        self._keys[(article, sidecar)] = key
        return key

    def lookup(self, article: Path, sidecar: Path) -> tuple[Briefing, list[Diagnostic]] | None:
        """The briefing and diagnostics recorded for these exact inputs, if still valid."""
        try:
            key = self._key(article, sidecar)
        except (OSError, RefusedError):
            return None  # unreadable or refused: let the normal path report it
        if not self.read:
            return None
        db = self._database()
        if db is None:
            self.misses += 1
            return None
        try:
            row = db.execute("SELECT entry FROM entries WHERE key = ?", (key,)).fetchone()
            entry: _Entry = pickle.loads(row[0])
        except (sqlite3.Error, pickle.PickleError, EOFError, AttributeError, TypeError):
            self.misses += 1  # not there (row is None: TypeError), or unreadable
            return None
        for term_id, term_digest in entry.used_terms.items():
            if self._term_digests.get(term_id) != term_digest:
                self.misses += 1
                return None
        for source_id, source_digest in entry.used_sources.items():
            if self._source_digests.get(source_id) != source_digest:
                self.misses += 1
                return None
        self.hits += 1
        self._used.add(key)
        self._full_keys[(article, sidecar)] = _full_key(key, entry)
        return entry.briefing, entry.diagnostics

    def record(
        self, article: Path, sidecar: Path, briefing: Briefing, diagnostics: list[Diagnostic]
    ) -> Recorded | None:
        """The entry of a briefing that checked without errors (None if it had errors).

        It writes nothing, so a worker process may call it; the building
        process then takes the entry with :meth:`adopt`.
        """
        if any(d.severity is Severity.ERROR for d in diagnostics):
            return None
        key = self._keys.get((article, sidecar))
        if key is None:
            return None
        # Local overrides of shared terms are in briefing.terms when they occur;
        # an override that never occurs depends on nothing shown.
        term_ids = {term.id for term, _ in briefing.terms}
        source_ids = {briefing.outlet.id} | {s.id for s in briefing.sources}
        source_ids |= {claim.source.id for claim in briefing.claims}
        entry = _Entry(
            used_terms=_used(term_ids, self._term_digests),
            used_sources=_used(source_ids, self._source_digests),
            briefing=briefing,
            diagnostics=diagnostics,
        )
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        return Recorded(_full_key(key, entry), data)

    def adopt(self, article: Path, sidecar: Path, recorded: Recorded) -> None:
        """Take an entry made by :meth:`record` (perhaps in another process)."""
        key = self._keys[(article, sidecar)]
        self._used.add(key)
        self._full_keys[(article, sidecar)] = recorded.full_key
        self._new.append((key, recorded.data))
        if len(self._new) >= WRITE_BATCH:
            self._write_new()

    def _write_new(self) -> None:
        """Write the entries taken so far (a batch at a time: they are ~10 KB each)."""
        db = self._database()
        try:
            if db is not None:
                with db:
                    db.executemany(
                        "INSERT OR REPLACE INTO entries (key, entry) VALUES (?, ?)", self._new
                    )
        except sqlite3.Error:
            pass  # the next build checks these briefings again
        self._new = []

    def key_of(self, briefing: Briefing) -> str | None:
        """The key of everything a briefing was made from (files and register entries)."""
        return self._full_keys.get((briefing.article.path, briefing.sidecar_path))

    def ranking(self, key: str) -> dict[str, list[str]] | None:
        """The "shares terms" ranking recorded under ``key`` (see check.related), if any."""
        db = self._database() if self.read else None
        if db is None:
            return None
        try:
            row = db.execute("SELECT ranked FROM rankings WHERE key = ?", (key,)).fetchone()
            return None if row is None else dict(json.loads(row[0]))
        except (sqlite3.Error, ValueError, TypeError):
            return None

    def remember_ranking(self, key: str, ranked: dict[str, list[str]]) -> None:
        """Keep this build's ranking (only the last one is kept)."""
        db = self._database()
        try:
            if db is not None:
                with db:
                    db.execute("DELETE FROM rankings")
                    db.execute(
                        "INSERT INTO rankings (key, ranked) VALUES (?, ?)",
                        (key, json.dumps(ranked, separators=(",", ":"))),
                    )
        except sqlite3.Error:
            pass  # ranked again next time

    def save(self) -> None:
        """Write the last new entries and forget those this build did not use."""
        self._write_new()
        db = self._database()
        if db is None:
            return
        try:
            with db:
                stale = [
                    (key,)
                    for (key,) in db.execute("SELECT key FROM entries")
                    if key not in self._used
                ]
                db.executemany("DELETE FROM entries WHERE key = ?", stale)
        except sqlite3.Error:
            pass  # the next build checks these briefings again
        finally:
            self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _full_key(key: str, entry: _Entry) -> str:
    used = [f"t\0{i}\0{d}" for i, d in sorted(entry.used_terms.items())]
    used += [f"s\0{i}\0{d}" for i, d in sorted(entry.used_sources.items())]
    return digest(key, *used)


def _used(ids: set[str], digests: dict[str, str]) -> dict[str, str]:
    """The digests of the shared entries among ``ids`` (local ones have none)."""
    return {i: digests[i] for i in ids if i in digests}


class RenderedRecord:
    """Which inputs key each rendered Markdown briefing was written from."""

    def __init__(self, path: Path, read: bool = True) -> None:
        self.path = path
        self.old: dict[str, str] = {}
        if read:
            try:
                self.old = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}
        self.new: dict[str, str] = {}

    def unchanged(self, name: str, key: str) -> bool:
        self.new[name] = key
        return self.old.get(name) == key

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.new, sort_keys=True), encoding="utf-8")


@dataclass
class PageRecord:
    """Fingerprints of the published pages, and of everything every page depends on."""

    stamp: str  # settings, theme, code: if it changed, nothing is reused
    output: str
    pages: dict[str, str]
    inputs: str = ""  # digest of everything Pelican read (see tree_digest)
    warnings: list[str] = field(default_factory=list)  # what Pelican warned about

    @classmethod
    def load(cls, path: Path) -> PageRecord | None:
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                str(data["stamp"]),
                str(data["output"]),
                dict(data["pages"]),
                str(data.get("inputs", "")),
                [str(w) for w in data.get("warnings", [])],
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".tmp-{os.getpid()}")
        record = {
            "stamp": self.stamp,
            "output": self.output,
            "pages": self.pages,
            "inputs": self.inputs,
            "warnings": self.warnings,
        }
        temporary.write_text(json.dumps(record), encoding="utf-8")
        temporary.replace(path)


def tree_digest(folder: Path, *files: Path) -> str:
    """Digest of every file under ``folder`` (names and bytes), plus ``files``."""
    parts: list[str | bytes] = []
    paths = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    for path in [*paths, *files]:
        parts.append(str(path))
        try:
            parts.append(path.read_bytes())
        except OSError:
            parts.append("\0missing")
    return digest(*parts)
