"""Every adversarial case folder, built through the real ``briefgen`` CLI.

See :mod:`tests.adversarial.harness` for what a case folder holds.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from briefgen.diagnostics import CODES
from tests.adversarial.harness import Case, all_cases, build_case, diagnostic_lines
from tests.adversarial.safety import live_markup

CASES = all_cases()


def _must_fail(case: Case, lines: list[str]) -> bool:
    strict = "--strict" in case.args
    return any(": error: " in line or (strict and ": warning: " in line) for line in lines)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    run = build_case(case, tmp_path)
    assert "Traceback" not in run.stderr, run.stderr
    output = tmp_path / "output"
    expected_output = case.expected_output
    if expected_output is None:
        expected = case.expected_lines
        assert expected is not None, f"{case.name}: no expected.txt or expected.yaml"
        assert diagnostic_lines(run) == expected, run.stderr
        failed = _must_fail(case, expected)
        assert run.status == (1 if failed else 0), run.stderr
        if failed:
            assert not output.exists(), "a failed build published something"
        elif case.args[0] == "build":
            assert live_markup(output) == []
        return
    assert diagnostic_lines(run) == expected_output.get("diagnostics", []), run.stderr
    assert run.status == 0, run.stderr
    assert live_markup(output) == []
    for check in expected_output.get("checks", []):
        with warnings.catch_warnings():
            # A feed (XML) read by the HTML parser is fine for these selectors.
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            page = BeautifulSoup(
                (output / check["page"]).read_text(encoding="utf-8"), "html.parser"
            )
        found = page.select(check["select"])
        where = f"{check['page']} {check['select']}"
        if "count" in check:
            assert len(found) == check["count"], where
            continue
        assert found, f"{where}: nothing matches"
        if "attr" in check:
            assert found[0].get(check["attr"]) == check["value"], where
        else:
            assert " ".join(found[0].get_text().split()) == check["text"], where


DIAGNOSTIC = re.compile(r"[^:]+:\d+:\d+: (error|warning): .+ \[(?P<code>briefgen\.[a-z0-9-]+)\]")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_folder_is_complete(case: Case) -> None:
    """A case runs a known command on some input and expects something checkable."""
    inputs = [p for p in (case.folder / "content").rglob("*") if p.is_file()]
    assert inputs, f"{case.name}: no input files under content/"
    assert case.args[0] in {"build", "check"}, case.args
    expectations = [case.expected_lines, case.expected_output]
    assert [e is not None for e in expectations].count(True) == 1, (
        f"{case.name}: needs exactly one of expected.txt and expected.yaml"
    )
    lines = case.expected_lines
    if lines is None:
        output = case.expected_output or {}
        lines = output.get("diagnostics", [])
        assert output.get("checks") or lines, f"{case.name}: expected.yaml checks nothing"
    for line in lines:
        match = DIAGNOSTIC.fullmatch(line)
        assert match is not None and match["code"] in CODES, f"{case.name}: {line}"


def test_cases_cover_every_hostile_input_kind() -> None:
    """At least 30 cases, and no two folders that are the same case under two names."""
    assert len(CASES) >= 30
    contents = [
        tuple(sorted((str(p.relative_to(c.folder)), p.read_bytes())
                     for p in c.folder.rglob("*") if p.is_file()))
        for c in CASES
    ]
    assert len(set(contents)) == len(contents)
