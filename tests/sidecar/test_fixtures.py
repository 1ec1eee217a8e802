"""Every fixture case yields exactly the diagnostics in its ``.expected`` file."""

from __future__ import annotations

import re

import pytest

from briefgen.diagnostics import CODES

from .harness import FIXTURES, case_files, cases, expected, run_case

LINE = re.compile(
    r"(?P<path>[^:]+):\d+:\d+: (?P<severity>error|warning): .+ \[(?P<code>briefgen\.[a-z0-9-]+)\]"
)


@pytest.mark.parametrize("case", cases())
def test_fixture_diagnostics(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    assert run_case(case) == expected(case)


def test_every_expected_file_has_a_case() -> None:
    names = set(cases())
    orphans = [path.name for path in FIXTURES.glob("*.expected") if path.stem not in names]
    assert orphans == []


def test_every_case_has_an_expected_file() -> None:
    missing = [case for case in cases() if not (FIXTURES / f"{case}.expected").exists()]
    assert missing == []


@pytest.mark.parametrize(
    "case",
    [
        "syntax-error",
        "tab-indentation",
        "duplicate-key",
        "unknown-key",
        "missing-key",
        "wrong-type",
        "credibility-high",
        "credibility-nine",
        "reliability-g",
        "bad-date",
        "bad-date-zero",
        "yaml-tag",
        "alias-bomb",
        "yaml-version",
        "control-character",
        "not-utf8",
        "bad-slug",
        "bad-id",
        "unsafe-link",
        "many-errors",
        "glossary-duplicate",
        "sources-duplicate",
    ],
)
def test_error_cases_report_an_error_in_their_files(case: str) -> None:
    """Guards against an error case's .expected being recorded wrong by mistake (empty,
    warnings only, pointing elsewhere, a code nobody registered)."""
    files = {str(path) for path in case_files(case)}
    lines = [LINE.fullmatch(line) for line in expected(case)]
    assert lines and None not in lines, f"{case}.expected: not one diagnostic per line"
    errors = [line for line in lines if line is not None and line["severity"] == "error"]
    assert errors, f"{case}.expected lists no error"
    for error in errors:
        assert error["path"] in files, error.string
        assert error["code"] in CODES, error.string
