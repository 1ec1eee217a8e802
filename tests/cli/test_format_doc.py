"""docs/format.md, the editors' format reference, names every key the sidecar schema has."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefgen.sidecar.schema import GlossaryEntry, SourceEntry
from tests.cli.harness import briefgen
from tests.conftest import REPO

FORMAT_DOC = REPO / "docs" / "format.md"


def _keys_and_values(schema: Any) -> Iterator[str]:
    """Every property name and every enumerated value, anywhere in a JSON Schema."""
    if isinstance(schema, dict):
        for name, value in schema.items():
            if name == "properties" and isinstance(value, dict):
                yield from value
            if name == "enum" and isinstance(value, list):
                yield from (str(item) for item in value)
            yield from _keys_and_values(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _keys_and_values(item)


def _written_as_code(doc: str) -> set[str]:
    """What the page writes as `code`, and the keys of its YAML examples."""
    spans = set(re.findall(r"`([^`\n]+)`", doc))
    keys = set(re.findall(r"^\s*(?:- )?([a-z_]+):", doc, flags=re.MULTILINE))
    return spans | keys


def test_every_key_and_value_of_the_schema_is_in_the_format_page(tmp_path: Path) -> None:
    run = briefgen(tmp_path, "schema")  # outside a site: the plain schema
    assert run.status == 0, run.stderr
    schema = json.loads(run.stdout)
    wanted = set(_keys_and_values(schema))
    # The shared registers' entries too (their files are no sidecar).
    for model in (GlossaryEntry, SourceEntry):
        wanted |= set(_keys_and_values(model.model_json_schema()))
    # Guards: the walk sees the sidecar's, the items' and 1.2's keys and values.
    assert {"outlet", "credibility", "follows", "outcome", "see_also", "rationale"} <= wanted
    assert {"draft", "published", "confirmed", "refuted", "organization", "F"} <= wanted
    documented = _written_as_code(FORMAT_DOC.read_text(encoding="utf-8"))
    assert sorted(wanted - documented) == [], "add these to docs/format.md"


def test_the_readme_points_editors_to_the_format_page() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/format.md)" in readme
