"""`briefgen check` on follow-ups (format 1.2, "Claims over time"): one case per error.

The cases are in ``follows_cases.yaml``, written and compared as those of
``check_cases.yaml``: ``s.txt``/``s.yaml`` is the later briefing, the
earlier ones are in ``files``.  Keys starting with a dot are shared files
(YAML anchors), not cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.e2e.test_check_errors import check_case

CASES: dict[str, Any] = YAML(typ="safe").load(Path(__file__).with_name("follows_cases.yaml"))


@pytest.mark.parametrize("name", sorted(n for n in CASES if not n.startswith(".")))
def test_follows_case(name: str, tmp_path: Path) -> None:
    check_case(CASES[name], tmp_path)
