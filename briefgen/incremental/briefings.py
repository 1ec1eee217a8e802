"""The check step's record: briefings checked by earlier builds, and the last ranking.

:class:`BriefingCache` keeps one entry per briefing that checked without
errors (the pickled :class:`~briefgen.model.Briefing` and the warnings it
raised), keyed by the paths and bytes of its article and sidecar.  Every
entry depends on briefgen's code, the check settings (limits, silenced
codes) and the registers' phrases and ids (which decide matching and
did-you-means): the declared inputs of :data:`CHECKED`.  An entry also lists
the shared glossary terms and sources the briefing used, with a digest of
each: editing one term re-checks only the briefings that use it.
"""

from __future__ import annotations

import functools
import os
import pickle
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.boundary import Folder, RefusedError, bad_name
from briefgen.diagnostics import Diagnostic, Severity
from briefgen.incremental.keys import digest
from briefgen.incremental.rows import Row, briefing_of, row_of
from briefgen.incremental.store import JSON, MARSHAL, PICKLE, BuildState, Output, Table
from briefgen.model import Briefing, Source, Term

CHECKED: Output[Any] = Output(
    "checked", PICKLE, depends_on=("code", "check-settings", "registers")
)
# Beside each entry of CHECKED, under the same key: the shared entries it used,
# its diagnostics (pickled), its row (briefgen.incremental.rows) and its full
# key, all read at once by a build; the whole briefing is unpickled only when
# something needs it.
CHECKED_ROWS: Output[Any] = Output(
    "checked-rows", MARSHAL, depends_on=("code", "check-settings", "registers"), preload=True
)
# The "shares terms" ranking (see briefgen.check.related), keyed by what it ranks.
RANKINGS: Output[dict[str, list[str]]] = Output("rankings", JSON, depends_on=("code",))
# The key of a briefing's files by their paths, with what the file system said of
# them then: while it says the same, the files are not read and hashed again.
FILE_KEYS: Output[Any] = Output("file-keys", MARSHAL, depends_on=("code",), preload=True)


def _digests(register: dict[str, Term] | dict[str, Source]) -> dict[str, str]:
    """A digest of each entry of the glossary or the sources register, by id."""
    return {entry_id: digest(repr(entry)) for entry_id, entry in register.items()}


@dataclass
class _Entry:
    used_terms: dict[str, str]
    used_sources: dict[str, str]
    briefing: Briefing
    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class Recorded:
    """A briefing's cache entry, made by whichever process checked it."""

    full_key: str  # see BriefingCache.key_of
    data: bytes  # the pickled entry
    row: bytes  # its entry of CHECKED_ROWS, encoded


@dataclass
class BriefingCache:
    """Checked briefings from earlier builds; see the module docstring.

    Entries are made by :meth:`record` (in a worker process when checks run
    in a pool), taken by :meth:`adopt` in the building process, and kept in
    the build's :class:`~briefgen.incremental.store.BuildState`; :meth:`save`
    writes them and drops the entries this build did not use.
    """

    state: BuildState
    hits: int = 0
    misses: int = 0
    _checked: Table[Any] | None = None
    _rows: Table[Any] | None = None
    _rows_usable: bool = False
    _rankings: Table[dict[str, list[str]]] | None = None
    _file_keys: Table[Any] | None = None
    _keys: dict[tuple[Path, Path], str] = field(default_factory=dict)
    _full_keys: dict[Path, str] = field(default_factory=dict)  # by sidecar
    # Digests of the register entries, made once per build rather than once per
    # briefing that uses them (~10,000 reprs and digests at 1,000).
    _term_digests: dict[str, str] = field(default_factory=dict)
    _source_digests: dict[str, str] = field(default_factory=dict)
    _content: Folder | None = field(default=None, repr=False)  # what the files are read through
    _pid: int = field(default_factory=os.getpid)  # the process whose database _checked reads

    def start(self, glossary: dict[str, Term], sources: dict[str, Source], settings: Any) -> None:
        """Declare what every entry depends on: glossary phrases, register ids, limits."""
        phrases = [f"{t.id}\0{chr(1).join(t.phrases)}" for t in glossary.values()]
        self.state.declare(
            "check-settings",
            repr((settings.limits, sorted(settings.silence), settings.publishing)),
        )
        self.state.declare("registers", digest(*phrases, "\0sources", *sources))
        self._checked = self.state.table(CHECKED)
        self._rows = self.state.table(CHECKED_ROWS)
        # A row is of use only with its whole entry: another version of briefgen
        # may have remade CHECKED (its own stamp) and left the rows alone.
        self._rows_usable = self._checked.readable()
        self._rankings = self.state.table(RANKINGS)
        self._file_keys = self.state.table(FILE_KEYS)
        self._term_digests, self._source_digests = _digests(glossary), _digests(sources)
        self._content = Folder.at(settings.content)

    def _key(self, article: Path, sidecar: Path) -> str:
        assert self._content is not None and self._file_keys is not None, "call start() first"
        content = self._content
        seen = []
        for path in (article, sidecar):  # what reading them would refuse, refused still
            info = os.lstat(path)
            # A regular file is never refused for what it is (one stat, not two).
            refused = bad_name(path) or (
                None if stat.S_ISREG(info.st_mode) else content.refusal(path)
            )
            if refused is not None:
                raise RefusedError(refused)
            # Inode, size, modification and change times: a write changes the change
            # time even when it keeps the size and sets the modification time back.
            seen.append([info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns])
        where = f"{article}\0{sidecar}"
        known = self._file_keys.get(where)
        if isinstance(known, list) and len(known) == 2 and known[0] == seen:
            key = str(known[1])
        else:
            read = content.read
            key = digest(str(article), str(sidecar), read(article)[0], read(sidecar)[0])
            self._file_keys.put(where, [seen, key])
        self._keys[(article, sidecar)] = key
        return key

    def lookup(self, article: Path, sidecar: Path) -> tuple[Briefing, list[Diagnostic]] | None:
        """The briefing and diagnostics recorded for these exact inputs, if still valid.

        The briefing is made from its row; its bulky fields are read from the
        record when first used (see :mod:`briefgen.incremental.rows`).
        """
        assert self._checked is not None and self._rows is not None, "call start() first"
        try:
            key = self._key(article, sidecar)
        except (OSError, RefusedError):
            return None  # unreadable or refused: let the normal path report it
        entry = self._rows.get(key) if self._rows_usable else None
        if not isinstance(entry, tuple) or len(entry) != 5:
            self.misses += 1
            return None
        used_terms, used_sources, diagnostics, row, full_key = entry
        for term_id, term_digest in used_terms.items():
            if self._term_digests.get(term_id) != term_digest:
                self.misses += 1
                return None
        for source_id, source_digest in used_sources.items():
            if self._source_digests.get(source_id) != source_digest:
                self.misses += 1
                return None
        self.hits += 1
        self._checked.keep(key)  # the whole briefing, read only if needed
        self._full_keys[sidecar] = full_key
        briefing = briefing_of(row, functools.partial(self._whole, key))
        return briefing, pickle.loads(diagnostics)

    def _whole(self, key: str) -> Briefing:
        """The whole recorded briefing under ``key`` (in a forked worker too)."""
        assert self._checked is not None, "call start() first"
        if os.getpid() == self._pid and self.state.is_open:
            entry = self._checked.get(key)
        else:
            # A forked worker (SQLite connections must not cross a fork), or after
            # the build (a dev server's kept site): a connection of its own.
            state = BuildState(self.state.work)
            state.inputs.update(self.state.inputs)
            try:
                entry = state.table(CHECKED).get(key)
            finally:
                state.close()
        if not isinstance(entry, _Entry):
            raise RuntimeError(
                f"the build record in {self.state.work} lost a checked briefing; "
                "run 'briefgen build --full'"
            )
        return entry.briefing

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
        assert self._checked is not None, "call start() first"
        full_key = _full_key(self._checked.stamp, key, entry.used_terms, entry.used_sources)
        row: tuple[dict[str, str], dict[str, str], bytes, Row, str] = (
            entry.used_terms,
            entry.used_sources,
            pickle.dumps(diagnostics, pickle.HIGHEST_PROTOCOL),
            row_of(briefing),
            full_key,  # a function of the above and the table's stamp: kept, not recomputed
        )
        return Recorded(full_key, CHECKED.codec.dump(entry), CHECKED_ROWS.codec.dump(row))

    def adopt(self, article: Path, sidecar: Path, recorded: Recorded) -> None:
        """Take an entry made by :meth:`record` (perhaps in another process)."""
        assert self._checked is not None and self._rows is not None, "call start() first"
        self._full_keys[sidecar] = recorded.full_key
        key = self._keys[(article, sidecar)]
        # The whole entry first: a row is never there without it.
        self._checked.put_raw(key, recorded.data)
        self._rows.put_raw(key, recorded.row)

    def key_of(self, briefing: Briefing) -> str | None:
        """The key of everything a briefing was made from (files, code, registers, settings)."""
        return self._full_keys.get(briefing.sidecar_path)

    def ranking(self, key: str) -> dict[str, list[str]] | None:
        """The "shares terms" ranking recorded under ``key`` (see briefgen.check.related)."""
        assert self._rankings is not None, "call start() first"
        ranked = self._rankings.get(key)
        return dict(ranked) if isinstance(ranked, dict) else None

    def remember_ranking(self, key: str, ranked: dict[str, list[str]]) -> None:
        """Keep this build's ranking (only the one a build used is kept)."""
        assert self._rankings is not None, "call start() first"
        self._rankings.put(key, ranked)

    def save(self) -> None:
        """Write the new entries and forget those this build did not use."""
        for table in (self._checked, self._rows, self._rankings, self._file_keys):
            if table is not None:
                table.commit()


def _full_key(
    stamp: str, key: str, used_terms: dict[str, str], used_sources: dict[str, str]
) -> str:
    """The key of a briefing's files, the build-wide inputs, and the shared entries used."""
    used = [f"t\0{i}\0{d}" for i, d in sorted(used_terms.items())]
    used += [f"s\0{i}\0{d}" for i, d in sorted(used_sources.items())]
    return digest(stamp, key, *used)


def _used(ids: set[str], digests: dict[str, str]) -> dict[str, str]:
    """The digests of the shared entries among ``ids`` (local ones have none)."""
    return {i: digests[i] for i in ids if i in digests}
