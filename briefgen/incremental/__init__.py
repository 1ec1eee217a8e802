"""Incremental builds: one owner of what builds remember, under ``.briefgen/``.

* :mod:`.store` - :class:`BuildState` (one SQLite file, the build lock) and
  :class:`Output`, which each stage declares for what it reuses: a name, the
  build-wide inputs all its entries depend on, and how values are stored;
* :mod:`.keys` - the digests that key entries;
* :mod:`.briefings` - the check step's record (checked briefings, ranking).

The render step's record is :mod:`briefgen.render.record`, the publish
step's :mod:`briefgen.publish.outputs.record`.
"""

from __future__ import annotations

from briefgen.incremental.briefings import CHECKED, RANKINGS, BriefingCache, Recorded
from briefgen.incremental.keys import code_stamp, digest, files_stamp, inputs_stamp
from briefgen.incremental.store import (
    JSON,
    MARSHAL,
    PICKLE,
    TEXT,
    BuildState,
    Codec,
    Output,
    Table,
)

__all__ = [
    "CHECKED",
    "JSON",
    "MARSHAL",
    "PICKLE",
    "RANKINGS",
    "TEXT",
    "BriefingCache",
    "BuildState",
    "Codec",
    "Output",
    "Recorded",
    "Table",
    "code_stamp",
    "digest",
    "files_stamp",
    "inputs_stamp",
]
