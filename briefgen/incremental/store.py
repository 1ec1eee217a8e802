"""The one owner of what builds remember: ``.briefgen/state.sqlite3``.

Every stage that reuses work declares an :class:`Output`: its name, the
build-wide inputs that every entry of it depends on (as Sphinx's config
values declare what they rebuild), and how its values are encoded.  The
build declares those inputs' digests (:meth:`BuildState.declare`: briefgen's
code, the check settings, the registers, the publishing stamp...); an
output whose inputs changed starts empty.  Within an output, each entry is
keyed by what that one result depends on (the stage computes the key from
its own inputs, e.g. the bytes of an article and its sidecar), so a stale
entry is never found: at worst the work is done again.

A :class:`Table` is an output's view for one build.  After the build it
keeps only the entries the build used or made (``keep="used"``: what is no
longer content is forgotten) or all of them (``keep="all"``).  Nothing here
is an error: a state file that cannot be read or written is started afresh
or left alone, and the build does the work.

Builds of one site root are serialised (:meth:`BuildState.open` holds a lock
on ``.briefgen/build.lock`` until :meth:`BuildState.close`): the rendered
Markdown, the state and the output belong to the site root, and two builds
writing them at once would break each other.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import marshal
import pickle
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Generic, Literal, TypeVar

from briefgen.incremental.keys import digest

T = TypeVar("T")

STATE_FILE = "state.sqlite3"
LOCK_FILE = "build.lock"
WRITE_BATCH = 256  # entries written per transaction (bounds the memory they hold)


@dataclass(frozen=True)
class Codec(Generic[T]):
    """How an output's values are stored."""

    name: str
    dump: Callable[[T], bytes]
    load: Callable[[bytes], T]


PICKLE: Codec[Any] = Codec("pickle", lambda v: pickle.dumps(v, pickle.HIGHEST_PROTOCOL),
                           pickle.loads)
# Plain data (dicts, lists, strings, numbers): several times faster to load than JSON.
MARSHAL: Codec[Any] = Codec("marshal", marshal.dumps, marshal.loads)
JSON: Codec[Any] = Codec(
    "json",
    lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
    lambda b: json.loads(b.decode("utf-8")),
)
TEXT: Codec[str] = Codec("text", lambda v: v.encode("utf-8"), lambda b: b.decode("utf-8"))


@dataclass(frozen=True)
class Output(Generic[T]):
    """One kind of result later builds may reuse; see the module docstring."""

    name: str
    codec: Codec[T]
    depends_on: tuple[str, ...] = ()  # build-wide inputs (names given to BuildState.declare)
    keep: Literal["used", "all"] = "used"
    version: str = "1"  # change it when the values' shape changes
    preload: bool = False  # read every entry at once (many small entries)


class BuildState:
    """The state of one site root's builds; see the module docstring.

    ``read`` False (``--full``) uses nothing recorded, but still records
    this build's results for the next one.
    """

    def __init__(self, work: Path, *, read: bool = True) -> None:
        self.work, self.read = work, read
        self.inputs: dict[str, str] = {}
        self._db: sqlite3.Connection | None = None
        self._tables: list[Table[Any]] = []
        self._lock: IO[bytes] | None = None

    @classmethod
    def open(
        cls, work: Path, *, read: bool = True, on_wait: Callable[[], None] | None = None
    ) -> BuildState:
        """The state, with the site root's build lock held (``on_wait`` if it must wait)."""
        state = cls(work, read=read)
        work.mkdir(parents=True, exist_ok=True)
        lock = (work / LOCK_FILE).open("ab")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(lock, fcntl.LOCK_EX)
        state._lock = lock
        return state

    @property
    def is_open(self) -> bool:
        """Whether the build lock is held (from :meth:`open` until :meth:`close`)."""
        return self._lock is not None

    def declare(self, name: str, value: str) -> None:
        """Set a build-wide input (what outputs name in ``depends_on``) for this build."""
        self.inputs[name] = value

    def table(self, output: Output[T]) -> Table[T]:
        """This build's view of ``output``; its declared inputs must be set first."""
        missing = [name for name in output.depends_on if name not in self.inputs]
        assert not missing, f"declare {missing} before opening {output.name!r}"
        assert all(t.output == output for t in self._tables if t.output.name == output.name), (
            f"two outputs are named {output.name!r}: each would empty the other's entries"
        )
        stamp = digest(output.version, output.codec.name,
                       *(f"{n}\0{self.inputs[n]}" for n in output.depends_on))
        table = Table(self, output, stamp)
        self._tables.append(table)
        return table

    def database(self) -> sqlite3.Connection | None:
        """The open database (made if missing); None if it cannot be used."""
        if self._db is None:
            path = self.work / STATE_FILE
            for _attempt in range(2):
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    db = sqlite3.connect(path, timeout=10)
                    _give_back_free_pages(db)
                    db.execute("CREATE TABLE IF NOT EXISTS outputs"
                               " (name TEXT PRIMARY KEY, stamp TEXT NOT NULL) WITHOUT ROWID")
                    db.execute("CREATE TABLE IF NOT EXISTS entries (output TEXT NOT NULL,"
                               " key TEXT NOT NULL, value BLOB NOT NULL,"
                               " PRIMARY KEY (output, key)) WITHOUT ROWID")
                    self._db = db
                    break
                except sqlite3.DatabaseError:
                    # Not a database (a damaged file): start afresh, once.
                    path.unlink(missing_ok=True)
                except (sqlite3.Error, OSError):
                    break
        return self._db

    def close(self) -> None:
        """Close the database and release the build lock (uncommitted tables are dropped)."""
        if self._db is not None:
            # Pages freed by replaced and forgotten entries go back to the file
            # system: the file stays the size of what it holds.  (executescript
            # runs the pragma to its end; execute would free one page.)  Only the
            # build holding the lock does it: a reader beside it must not write.
            if self._lock is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.executescript("PRAGMA incremental_vacuum;")
            self._db.close()
            self._db = None
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None


def _give_back_free_pages(db: sqlite3.Connection) -> None:
    """Make the database one whose free pages :meth:`BuildState.close` can give back.

    SQLite keeps freed pages for reuse, and every build replaces many entries:
    without this, the file grew to several times what it held.  The mode is
    set before the first table of a new file; an older file is rebuilt once.
    """
    if db.execute("PRAGMA auto_vacuum").fetchone()[0] == _INCREMENTAL:
        return
    db.execute(f"PRAGMA auto_vacuum = {_INCREMENTAL}")
    if db.execute("PRAGMA page_count").fetchone()[0] > 0:
        db.execute("VACUUM")


_INCREMENTAL = 2  # PRAGMA auto_vacuum's value for INCREMENTAL


@dataclass
class Table(Generic[T]):
    """One output's entries as one build sees them; see the module docstring."""

    state: BuildState
    output: Output[T]
    stamp: str
    used: set[str] = field(default_factory=set)
    _pending: list[tuple[str, str, bytes]] = field(default_factory=list)
    _loaded: dict[str, bytes] | None = None
    _valid: bool | None = None  # whether the stored entries were made with this stamp

    def _stamp_matches(self, db: sqlite3.Connection) -> bool:
        """Whether the stored entries were made with this build's stamp."""
        if self._valid is None:
            try:
                row = db.execute("SELECT stamp FROM outputs WHERE name = ?",
                                 (self.output.name,)).fetchone()
                self._valid = row is not None and row[0] == self.stamp
            except sqlite3.Error:
                self._valid = False
        return self._valid

    def readable(self) -> bool:
        """Whether entries that earlier builds made with this stamp can be read."""
        return self._readable() is not None

    def _readable(self) -> sqlite3.Connection | None:
        db = self.state.database() if self.state.read else None
        return db if db is not None and self._stamp_matches(db) else None

    def _preloaded(self) -> dict[str, bytes] | None:
        if self._loaded is None and self.output.preload:
            self._loaded = {}
            db = self._readable()
            try:
                if db is not None:
                    rows = db.execute("SELECT key, value FROM entries WHERE output = ?",
                                      (self.output.name,))
                    self._loaded = dict(rows)
            except sqlite3.Error:
                pass
        return self._loaded

    def _raw(self, key: str) -> bytes | None:
        loaded = self._preloaded()
        if loaded is not None:
            return loaded.get(key)
        db = self._readable()
        try:
            row = None if db is None else db.execute(
                "SELECT value FROM entries WHERE output = ? AND key = ?", (self.output.name, key)
            ).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else bytes(row[0])

    def get(self, key: str) -> T | None:
        """The value recorded under ``key`` (which this build then keeps), if any."""
        raw = self._raw(key)
        if raw is None:
            return None
        try:
            value = self.output.codec.load(raw)
        except Exception:  # a damaged entry is no error: the work is done again
            return None
        self.used.add(key)
        return value

    def keep(self, key: str) -> None:
        """Keep the entry under ``key`` without reading it (the build still stands by it)."""
        self.used.add(key)

    def put(self, key: str, value: T) -> None:
        """Record ``value`` under ``key`` (written in batches, and at :meth:`commit`)."""
        self.put_raw(key, self.output.codec.dump(value))

    def put_raw(self, key: str, data: bytes) -> None:
        """Record a value already encoded with the output's codec (e.g. by a worker process)."""
        self.used.add(key)
        self._pending.append((self.output.name, key, data))
        if self._loaded is not None:
            self._loaded[key] = data
        if len(self._pending) >= WRITE_BATCH:
            self._write()

    def _write(self) -> None:
        db = self.state.database()
        try:
            if db is not None and self._pending:
                with db:
                    self._restamp(db)
                    db.executemany("INSERT OR REPLACE INTO entries (output, key, value)"
                                   " VALUES (?, ?, ?)", self._pending)
        except sqlite3.Error:
            pass  # the next build does this work again
        self._pending = []

    def _restamp(self, db: sqlite3.Connection) -> None:
        """Before the first write: entries made with another stamp go."""
        if self._stamp_matches(db):
            return
        db.execute("DELETE FROM entries WHERE output = ?", (self.output.name,))
        db.execute("INSERT OR REPLACE INTO outputs (name, stamp) VALUES (?, ?)",
                   (self.output.name, self.stamp))
        self._valid = True

    def commit(self) -> None:
        """Write what is pending and forget what this build did not use (``keep="used"``)."""
        self._write()
        db = self.state.database()
        if db is None:
            return
        try:
            with db:
                self._restamp(db)
                if self.output.keep == "used":
                    stale = [(self.output.name, key) for key in self.keys() - self.used]
                    db.executemany("DELETE FROM entries WHERE output = ? AND key = ?", stale)
        except sqlite3.Error:
            pass

    def keys(self) -> set[str]:
        """The keys stored for this output by builds with the same stamp."""
        db = self.state.database()
        try:
            if db is None or not self._stamp_matches(db):
                return set()
            rows = db.execute("SELECT key FROM entries WHERE output = ?", (self.output.name,))
            return {key for (key,) in rows}
        except sqlite3.Error:
            return set()

    def items(self) -> dict[str, T]:
        """Every entry stored by builds with the same stamp (this build keeps none of them)."""
        db = self._readable()
        try:
            rows = [] if db is None else db.execute(
                "SELECT key, value FROM entries WHERE output = ?", (self.output.name,))
            return {key: self.output.codec.load(raw) for key, raw in rows}
        except sqlite3.Error:
            return {}

    def forget(self, key: str) -> None:
        """Remove the entry under ``key`` now (it no longer describes what it did)."""
        self.used.discard(key)
        self._pending = [entry for entry in self._pending if entry[1] != key]
        if self._loaded is not None:
            self._loaded.pop(key, None)
        db = self.state.database()
        try:
            if db is not None:
                with db:
                    db.execute("DELETE FROM entries WHERE output = ? AND key = ?",
                               (self.output.name, key))
        except sqlite3.Error:
            pass
