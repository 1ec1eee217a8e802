"""Run one fixture case the way the tests do; shared by the tests and `python -m`.

A case is ``fixtures/<case>.yaml`` (one file) or ``fixtures/<case>/`` (every
``*.yaml`` in it, sorted).  Cases named ``glossary-*`` load as shared
glossary, ``sources-*`` as shared sources, all others as sidecars.  The
expected diagnostics are in ``fixtures/<case>.expected``, one line each,
paths relative to ``fixtures/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from briefgen.diagnostics import DiagnosticList
from briefgen.sidecar import load_glossary, load_sidecar, load_sources

FIXTURES = Path(__file__).parent / "fixtures"


def cases() -> list[str]:
    """Every case name in the fixtures folder."""
    names = {path.stem for path in FIXTURES.glob("*.yaml")}
    names |= {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    return sorted(names)


def case_files(case: str) -> list[Path]:
    """The case's YAML files, relative to FIXTURES (the tests run from there)."""
    folder = FIXTURES / case
    if folder.is_dir():
        return sorted(path.relative_to(FIXTURES) for path in folder.glob("*.yaml"))
    return [Path(f"{case}.yaml")]


def run_case(case: str) -> list[str]:
    """The formatted diagnostics of a case; call with FIXTURES as the current folder."""
    diagnostics = DiagnosticList()
    files = case_files(case)
    if case.startswith("glossary-"):
        load_glossary(files, diagnostics)
    elif case.startswith("sources-"):
        load_sources(files, diagnostics)
    else:
        (path,) = files
        load_sidecar(path, diagnostics)
    return [diagnostic.format() for diagnostic in diagnostics]


def expected(case: str) -> list[str]:
    path = FIXTURES / f"{case}.expected"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


if __name__ == "__main__":  # print (or with --write, record) the actual output of cases
    os.chdir(FIXTURES)
    write = "--write" in sys.argv
    for name in [arg for arg in sys.argv[1:] if arg != "--write"] or cases():
        lines = run_case(name)
        print(f"== {name}")
        print("\n".join(lines))
        if write:
            text = "".join(f"{line}\n" for line in lines)
            (FIXTURES / f"{name}.expected").write_text(text, encoding="utf-8")
