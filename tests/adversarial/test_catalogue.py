"""Every diagnostic code in the code base is documented in docs/diagnostics.md."""

from __future__ import annotations

import importlib.util
import re

from tests.conftest import REPO

CODE = re.compile(r"""["'](briefgen\.[a-z0-9]+(?:-[a-z0-9]+)*)["']""")
# Codes built from a field name (sidecar/errors.py: "briefgen.bad-{name}").
COMPOSED = {"briefgen.bad-category", "briefgen.bad-outcome", "briefgen.bad-status"}


# The registry itself (CODES in briefgen/diagnostics.py), checked against the rest.
REGISTRY = re.compile(r"^CODES = frozenset\(.*?^\)$", re.MULTILINE | re.DOTALL)


def codes_in_source() -> set[str]:
    found = set()
    for path in (REPO / "briefgen").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "diagnostics.py":
            text, count = REGISTRY.subn("", text)
            assert count == 1, "the CODES registry moved: update REGISTRY"
        for code in CODE.findall(text):
            if importlib.util.find_spec(code) is None:  # not a module name such as briefgen.publish
                found.add(code)
    return found | COMPOSED


def test_every_code_is_in_the_catalogue() -> None:
    catalogue = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `(briefgen\.[a-z0-9-]+)` \|", catalogue, re.MULTILINE))
    examples = set(re.findall(r"\[(briefgen\.[a-z0-9-]+)\]$", catalogue, re.MULTILINE))
    codes = codes_in_source()
    assert len(codes) > 40
    assert sorted(codes - table) == [], "add these codes to the table of docs/diagnostics.md"
    assert sorted(codes - examples) == [], "add an example line for these codes"
    assert sorted(table - codes) == [], "these documented codes are no longer emitted"


def test_registry_matches_the_code_base() -> None:
    from briefgen.diagnostics import CODES

    assert sorted(codes_in_source() ^ CODES) == [], "update CODES in briefgen/diagnostics.py"
