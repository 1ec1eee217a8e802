"""`briefgen check` prints the right `path:line:col` line for each error class, then exits 1."""

from __future__ import annotations

import io
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from briefgen.cli import main
from tests.conftest import BASE_FILES, REPO, run_briefgen, write_files

CASES: dict[str, Any] = YAML(typ="safe").load(Path(__file__).with_name("check_cases.yaml"))
DEFAULT_ARTICLE = (
    "Headline\n\nAnkara said the talks went well.\n\nDamascus said the talks went badly.\n"
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_case(name: str, tmp_path: Path) -> None:
    check_case(CASES[name], tmp_path)


def check_case(case: dict[str, Any], tmp_path: Path) -> None:
    """Write the case's mini-site, run ``briefgen check``, compare the lines it prints."""
    files: dict[str, str | bytes] = {**BASE_FILES}
    files["content/briefings/s.txt"] = case.get("article", DEFAULT_ARTICLE)
    files["content/briefings/s.yaml"] = case["sidecar"]
    for path, text in (case.get("files") or {}).items():
        files[path] = bytes(text) if isinstance(text, bytes | bytearray) else text
    write_files(tmp_path, files)
    run = run_briefgen(tmp_path, "check")
    printed = [line.replace(f"{tmp_path}/", "") for line in run.diagnostics]
    assert printed == case["expected"]
    has_errors = any(": error: " in line for line in case["expected"])
    assert run.status == (1 if has_errors else 0), run.stderr
    assert "Traceback" not in run.stderr


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    case = CASES["warnings"]
    write_files(
        tmp_path,
        {**BASE_FILES, "content/briefings/s.txt": case["article"],
         "content/briefings/s.yaml": case["sidecar"]},
    )
    assert run_briefgen(tmp_path, "check").status == 0
    assert run_briefgen(tmp_path, "check", "--strict").status == 1


def test_binary_fixture_decodes() -> None:
    # Guard: the not-UTF-8 case really holds a bad byte, where its expected line says.
    raw = bytes(CASES["article-not-utf8"]["files"]["content/briefings/s.txt"])
    with pytest.raises(UnicodeDecodeError) as bad:
        raw.decode("utf-8")
    assert (bad.value.start, raw[bad.value.start]) == (22, 0xFF)
    assert "byte 0xff at byte offset 22" in CASES["article-not-utf8"]["expected"][0]


def test_unknown_code_in_silence_is_reported(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/s.txt": DEFAULT_ARTICLE,
            "content/briefings/s.yaml": CASES["ok"]["sidecar"],
            "site.py": (
                f"import sys\nsys.path.insert(0, {str(REPO)!r})\n"
                "from pelicanconf import *\n"
                "BRIEFGEN = {'silence': ['briefgen.uncovered-acronyms']}\n"
            ),
        },
    )

    stderr = io.StringIO()
    with redirect_stderr(stderr):
        status = main(["check", "--root", str(tmp_path), "--settings", str(tmp_path / "site.py")])
    lines = [line.replace(f"{tmp_path}/", "") for line in stderr.getvalue().splitlines()]
    assert status == 0
    assert lines[0] == (
        "site.py:1:1: warning: unknown diagnostic code 'briefgen.uncovered-acronyms' in "
        "BRIEFGEN['silence']; did you mean 'briefgen.uncovered-acronym'? [briefgen.unknown-code]"
    )
