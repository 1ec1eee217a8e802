"""The render step's record: which inputs each rendered Markdown file was written from.

A briefing whose key (its inputs, see
:meth:`briefgen.incremental.BriefingCache.key_of`, plus the titles of the
briefings it links to) is the one its file was written from, and whose
file is still there, is not rendered again.
"""

from __future__ import annotations

from briefgen.incremental.store import TEXT, Output, Table

# File name -> render key.  The key holds everything (the check's key holds
# the code), so no build-wide input is declared.
RENDERED: Output[str] = Output("rendered", TEXT, preload=True)


class RenderedRecord:
    """Old and new render keys by file name; the new ones are saved when rendering is done."""

    def __init__(self, table: Table[str]) -> None:
        self.table = table
        self.new: dict[str, str] = {}

    def unchanged(self, name: str, key: str) -> bool:
        self.new[name] = key
        return self.table.get(name) == key

    def save(self) -> None:
        """Record the new keys (only after every file was written: a crash records nothing)."""
        for name, key in self.new.items():
            if self.table.get(name) != key:
                self.table.put(name, key)
        self.table.commit()
