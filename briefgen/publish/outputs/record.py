"""The publish step's records: what Pelican read, and what each page was made from.

* :data:`READ` - the page record (as plain data) and summary HTML of each rendered file,
  by digest of the file's bytes: an incremental build decodes and renders
  only the briefings whose rendered files changed;
* :data:`LISTED` - per rendered file, its file system stamp, digest and
  the metadata of its article (see :mod:`briefgen.publish.plugin.listed`):
  an unchanged file is not even read;
* :data:`TEMPLATES` - the theme's templates compiled by Jinja (see
  :class:`TemplateBytecode`);
* :data:`TEMPLATE_NAMES` - what each template reads from its context and
  which templates it uses (what the writer's fingerprints look at), by
  digest of its source;
* :data:`PAGES` - per output folder, a fingerprint of what each published
  page was rendered from (see :mod:`briefgen.publish.plugin.writer`), a digest of
  everything Pelican read, what Pelican warned about, and whether the
  search index is still to be made.

Both depend on the ``publish`` input (settings file, theme, briefgen's
code, Pelican's version): when it changes, nothing is reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2
import jinja2.bccache

from briefgen.incremental.store import JSON, MARSHAL, Output, Table
from briefgen.publish.plugin.state import Row, Stamp

READ: Output[Any] = Output("read", MARSHAL, depends_on=("publish",))
LISTED: Output[Any] = Output("listed", MARSHAL, depends_on=("publish",), preload=True)
TEMPLATES: Output[bytes] = Output("templates", MARSHAL, depends_on=("publish",), keep="all")
TEMPLATE_NAMES: Output[Any] = Output("template-names", JSON, depends_on=("publish",), keep="all")
PAGES: Output[Any] = Output("pages", JSON, depends_on=("publish",), keep="all")


class TemplateBytecode(jinja2.BytecodeCache):
    """Jinja's bytecode cache, kept in the build state: the theme's templates are
    compiled once, not by every generator of every build.

    Jinja uses a stored entry only if it was compiled from the same source
    (it keeps a checksum of the template's text with it) by the same Python.
    Every entry is read when the cache is made, so that worker processes
    forked later never use the database.
    """

    def __init__(self, table: Table[bytes]) -> None:
        self.table = table
        self.known = table.items()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.known.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.known[bucket.key] = data
        self.table.put(bucket.key, data)


class ReadRecord:
    """A :class:`~briefgen.publish.plugin.state.ReadMemo` kept in the build state."""

    def __init__(self, table: Table[Any]) -> None:
        self.table = table

    def get(self, key: str) -> tuple[dict[str, Any], str] | None:
        entry = self.table.get(key)
        if isinstance(entry, tuple) and len(entry) == 2:
            return entry[0], entry[1]
        return None

    def put(self, key: str, record: dict[str, Any], summary: str) -> None:
        self.table.put(key, (record, summary))

    def save(self) -> None:
        """Keep the entries this build read, drop the others."""
        self.table.commit()


class ListedRecord:
    """A :class:`~briefgen.publish.plugin.listed.ListedMemo` kept in the build state."""

    def __init__(self, table: Table[Any]) -> None:
        self.table = table

    def get(self, key: str) -> tuple[Stamp, str, Row] | None:
        entry = self.table.get(key)
        if isinstance(entry, tuple) and len(entry) == 3:
            stamp, data_hash, row = entry
            return (stamp[0], stamp[1], stamp[2], stamp[3]), data_hash, row
        return None

    def put(self, key: str, stamp: Stamp, data_hash: str, row: Row) -> None:
        self.table.put(key, (stamp, data_hash, row))

    def save(self) -> None:
        """Keep the rows of the files this build published, drop the others."""
        self.table.commit()


@dataclass
class PageRecord:
    """The pages published into one output folder, and what they were made from."""

    pages: dict[str, str]  # page -> fingerprint
    inputs: str = ""  # stamp of everything Pelican reads (see incremental.inputs_stamp)
    warnings: list[str] = field(default_factory=list)  # what Pelican warned about
    # The search index beside the pages is still the previous one (a devserver
    # build defers it): the next build must index, even with nothing changed.
    search_pending: bool = False

    @classmethod
    def load(cls, table: Table[Any], output: str) -> PageRecord | None:
        data: Any = table.get(output)
        try:
            return cls(dict(data["pages"]), str(data["inputs"]),
                       [str(w) for w in data["warnings"]], bool(data["search_pending"]))
        except (KeyError, TypeError, ValueError):
            return None

    def save(self, table: Table[Any], output: str) -> None:
        table.put(output, {"pages": self.pages, "inputs": self.inputs, "warnings": self.warnings,
                           "search_pending": self.search_pending})
        table.commit()
