"""``briefgen check PATH ...``: just these briefings, with the shared registers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.harness import briefgen
from tests.conftest import BASE_FILES, write_files

ARTICLE = "Headline\n\nAnkara said the talks went well.\n"
OK = "date: 2025-02-06\noutlet: wire\nsummary: S.\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/a.txt": ARTICLE,
            "content/briefings/a.yaml": OK,
            # b asks for the slug "bee" and has an error of its own.
            "content/briefings/b.txt": ARTICLE,
            "content/briefings/b.yaml": "slug: bee\ndate: 2025-02-06\noutlet: wires\nsummary: S.\n",
            "content/briefings/c.txt": ARTICLE,
            "content/briefings/c.yaml": OK + "related:\n  - slug: bee\n  - slug: a\n",
            "content/briefings/lonely.txt": ARTICLE,
        },
    )
    return tmp_path


def test_one_briefing_without_the_problems_of_others(site: Path) -> None:
    run = briefgen(site, "check", "content/briefings/a.txt")
    assert run.status == 0, run.stderr
    assert run.stderr.splitlines() == ["briefgen: checked 1 briefing (0 errors, 0 warnings)"]


def test_related_briefings_not_checked_still_exist(site: Path) -> None:
    run = briefgen(site, "check", "content/briefings/c.yaml")
    assert run.status == 0, run.stderr
    assert run.stderr.splitlines() == ["briefgen: checked 1 briefing (0 errors, 0 warnings)"]


def test_the_problems_of_the_briefings_named(site: Path) -> None:
    run = briefgen(site, "check", "content/briefings/b.yaml", "content/briefings/lonely.txt")
    assert run.status == 1
    assert [line.split(": error: ")[0] for line in run.stderr.splitlines()[:-1]] == [
        "content/briefings/b.yaml:3:9",
        "content/briefings/lonely.txt:1:1",
    ]
    assert run.stderr.splitlines()[-1] == (
        "briefgen: the content has errors (2 errors, 0 warnings)"
    )


def test_the_shared_registers_are_checked_too(site: Path) -> None:
    write_files(site, {"content/glossary/more.yaml": "kdp:\n  term: KDP\n"})
    run = briefgen(site, "check", "content/briefings/a.txt")
    assert run.status == 1
    assert run.stderr.splitlines()[0].startswith("content/glossary/more.yaml:")


def test_everything_without_paths(site: Path) -> None:
    run = briefgen(site, "check")
    assert run.status == 1
    assert run.stderr.splitlines()[-1] == (
        "briefgen: the content has errors (2 errors, 0 warnings)"
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("content/briefings/nope.txt", "content/briefings/nope.txt: no such file"),
        ("content/sources/outlets.yaml", "content/sources/outlets.yaml: not an article or a "
         "sidecar under {root}/content/briefings"),
    ],
)
def test_a_path_that_is_no_briefing_is_a_usage_error(site: Path, path: str, message: str) -> None:
    run = briefgen(site, "check", path)
    assert run.status == 2
    assert run.stderr.splitlines() == [
        "briefgen check: error: " + message.format(root=site.resolve())
    ]
