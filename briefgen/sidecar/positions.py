"""Where each value of a loaded YAML file was written.

The build checks sources, glossary ids and quotes after loading, across
files; it needs to point its diagnostics at the exact value the editor wrote.
A :class:`PositionMap` keeps, for every key path of a file (``("claims", 0,
"source")``), the location of the value and of its key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.diagnostics import Location

KeyPath = tuple[str | int, ...]
Mark = tuple[int, int]
"""A 1-based (line, column) in the file of the map.

Stored instead of :class:`Location` objects: a tuple of two
ints is left alone by the cyclic garbage collector, and a large site keeps
hundreds of thousands of them alive while it is checked.
"""


@dataclass
class _Store:
    """The marks of one file, shared by every view of it."""

    path: Path
    values: dict[KeyPath, Mark] = field(default_factory=dict)
    keys: dict[KeyPath, Mark] = field(default_factory=dict)


class PositionMap:
    """Locations of values (:meth:`at`) and keys (:meth:`key_at`) by key path.

    A map may be a view rooted inside a file (see :meth:`sub`): a glossary
    entry's map answers ``at("definition")`` for ``<id>: definition: ...``.
    """

    def __init__(self, path: Path, *, _store: _Store | None = None, _root: KeyPath = ()) -> None:
        self._store = _store if _store is not None else _Store(path)
        self._root = _root

    @classmethod
    def from_marks(
        cls, path: Path, values: dict[KeyPath, Mark], keys: dict[KeyPath, Mark]
    ) -> PositionMap:
        """A map of ``path`` taking over tables of value and key marks (not copied)."""
        return cls(path, _store=_Store(path, values, keys))

    @property
    def path(self) -> Path:
        return self._store.path

    def set_value(self, path: KeyPath, location: Location) -> None:
        """Record where the value at ``path`` is (a location in this map's file)."""
        self._store.values[self._root + path] = (location.line, location.col)

    def set_key(self, path: KeyPath, location: Location) -> None:
        """Record where the key of the value at ``path`` is (a location in this map's file)."""
        self._store.keys[self._root + path] = (location.line, location.col)

    def at(self, *path: str | int) -> Location:
        """The value at ``path``, or its nearest written ancestor."""
        full = self._root + path
        values = self._store.values
        for end in range(len(full), -1, -1):
            mark = values.get(full[:end])
            if mark is not None:
                return Location(self._store.path, *mark)
        return Location(self._store.path, 1, 1)

    def key_at(self, *path: str | int) -> Location:
        """The key of the value at ``path`` (for list items: the item itself)."""
        mark = self._store.keys.get(self._root + path)
        return Location(self._store.path, *mark) if mark is not None else self.at(*path)

    def sub(self, *path: str | int) -> PositionMap:
        """A view of this map whose paths start below ``path``."""
        return PositionMap(self._store.path, _store=self._store, _root=self._root + path)

    def __repr__(self) -> str:
        return f"PositionMap({self._store.path!s}, root={self._root!r})"
