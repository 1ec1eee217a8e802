"""Whatever an editor (or a fuzzer) writes, loading reports diagnostics and never raises."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from briefgen.diagnostics import DiagnosticList, Severity
from briefgen.sidecar import Loaded, load_sidecar
from briefgen.sidecar.schema import ClaimEntry, LocalSource, LocalTerm, NoteEntry, Related, Sidecar

KEYS = sorted(
    {
        name
        for model in (Sidecar, LocalTerm, LocalSource, ClaimEntry, NoteEntry, Related)
        for name in model.model_fields
    }
)
# Pieces of YAML syntax that parsers and converters trip on, to be glued at random.
TOKENS = [
    *(f"{key}: " for key in KEYS),
    "\n", "\n  ", "\n    ", "- ", "  ", "[", "]", "{", "}", ", ", ": ", "? ", "|\n  ", ">-\n  ",
    "&a ", "*a", "&b [*a, *a]", "!!str ", "!!int ", "!!python/object ", "!x ", "! ", "'", '"',
    "# c", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "\t", "~", "null", "no",
    "3", "9", "-1", "high", "G", "B", "2025-02-06", "2024-02-30", "12:34:56", "0x1F", "1e3",
    "[x](javascript:alert(1))", "<http://x>", "\\", "\ufeff", "é", "\x85", "<<: *a",
]  # fmt: skip


def _settings() -> Any:
    return settings(
        max_examples=int(os.environ.get("SIDECAR_FUZZ_EXAMPLES", "150")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def _check(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    diagnostics = DiagnosticList()
    result = load_sidecar(path, diagnostics)
    errors = [d for d in diagnostics.items if d.severity is Severity.ERROR]
    if result is None:
        assert errors, "a file that did not load must say why"
    else:
        assert isinstance(result, Loaded)
        assert errors == []
    for diagnostic in diagnostics.items:
        assert diagnostic.code.startswith("briefgen.")
        assert diagnostic.location is not None
        assert diagnostic.location.path == path
        assert diagnostic.location.line >= 1 and diagnostic.location.col >= 1
        # pydantic's own wording ("Input should be...", a link to its docs) never shows.
        assert "pydantic" not in diagnostic.message.lower()
        assert "Input should" not in diagnostic.message


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "case.yaml"


@_settings()
@given(text=st.text())
def test_arbitrary_text(scratch: Path, text: str) -> None:
    _check(scratch, text.encode("utf-8", errors="surrogatepass"))


@_settings()
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes(scratch: Path, data: bytes) -> None:
    _check(scratch, data)


@_settings()
@given(pieces=st.lists(st.sampled_from(TOKENS), max_size=40))
def test_yaml_syntax_soup(scratch: Path, pieces: list[str]) -> None:
    _check(scratch, "".join(pieces).encode("utf-8"))


_scalars = st.one_of(
    st.sampled_from(["no", "on", "~", "", "3", "9", "high", "G", "2025-02-06", "reuters", "X Y"]),
    st.text(max_size=12),
    st.integers(-10, 10),
    st.booleans(),
    st.none(),
)
_structures = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), inner, max_size=5),
    ),
    max_leaves=25,
)


@_settings()
@given(
    document=st.dictionaries(st.sampled_from(KEYS), _structures, max_size=8),
    flow=st.booleans(),
)
def test_arbitrary_structures(scratch: Path, document: dict[str, Any], flow: bool) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    with scratch.open("w", encoding="utf-8") as stream:
        yaml.dump(document, stream)
    _check(scratch, scratch.read_bytes())
