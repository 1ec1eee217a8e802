"""``--format text|json|github`` of ``check`` and ``build``, and the summary line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.diagnostics import Diagnostic, Fix, Location, Severity
from briefgen.printer import as_github, as_json, plural, tally
from tests.cli.harness import briefgen
from tests.conftest import BASE_FILES, write_files

ARTICLE = "Headline\n\nAnkara said the talks went well. The UN watched.\n"
PLAIN_ARTICLE = "Headline\n\nAnkara said the talks went well.\n"
GOOD = "date: 2025-02-06\noutlet: wire\nsummary: S.\n"
BAD = "date: 2025-02-06\noutlet: wires\nsummary: S.\n"
UNKNOWN_OUTLET = (
    "unknown outlet 'wires': not in the shared sources register nor under sources: here; "
    "did you mean 'wire'? To add it, define 'wires' (name, kind, reliability, rationale) in "
    "content/sources/outlets.yaml, or as a source under sources: here"
)
UN_WARNING = (
    "'UN' (paragraph 1) is not explained by any glossary entry; add a term for it to a file "
    "of content/glossary/, or under glossary: in a.yaml"
)


def make_site(root: Path, sidecar: str = BAD) -> None:
    write_files(
        root,
        {
            **BASE_FILES,
            "content/briefings/a.txt": ARTICLE,
            "content/briefings/a.yaml": GOOD,
            "content/briefings/b.txt": PLAIN_ARTICLE,
            "content/briefings/b.yaml": sidecar,
        },
    )


def test_json_lines(tmp_path: Path) -> None:
    make_site(tmp_path)
    run = briefgen(tmp_path, "check", "--format", "json")
    assert run.status == 1
    records = [json.loads(line) for line in run.stdout.splitlines()]
    warning = {
        "line": 3, "column": 38, "severity": "warning", "code": "briefgen.uncovered-acronym",
        "message": UN_WARNING, "fix": None,
    }
    assert records == [
        {"path": "content/briefings/a.txt", **warning},
        {
            "path": "content/briefings/b.yaml", "line": 2, "column": 9, "severity": "error",
            "code": "briefgen.unknown-source", "message": UNKNOWN_OUTLET,
            "fix": {"action": "replace-value", "value": "wire", "alternatives": []},
        },
    ]
    # People still get the summary, on standard error; nothing else goes there.
    assert run.stderr.splitlines() == [
        "briefgen: the content has errors (1 error, 1 warning)"
    ]


def test_github_workflow_commands(tmp_path: Path) -> None:
    make_site(tmp_path)
    run = briefgen(tmp_path, "check", "--format", "github")
    assert run.status == 1
    assert run.stdout.splitlines() == [
        "::warning file=content/briefings/a.txt,line=3,col=38::"
        f"{UN_WARNING} [briefgen.uncovered-acronym]",
        "::error file=content/briefings/b.yaml,line=2,col=9::"
        f"{UNKNOWN_OUTLET} [briefgen.unknown-source]",
    ]


def test_text_is_the_default(tmp_path: Path) -> None:
    make_site(tmp_path)
    run = briefgen(tmp_path, "check")
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        f"content/briefings/a.txt:3:38: warning: {UN_WARNING} [briefgen.uncovered-acronym]",
        f"content/briefings/b.yaml:2:9: error: {UNKNOWN_OUTLET} [briefgen.unknown-source]",
        "briefgen: the content has errors (1 error, 1 warning)",
    ]


def test_build_takes_the_format_and_publishes_nothing_on_errors(tmp_path: Path) -> None:
    make_site(tmp_path)
    run = briefgen(tmp_path, "build", "--format", "json")
    assert run.status == 1
    assert [json.loads(line)["code"] for line in run.stdout.splitlines()] == [
        "briefgen.uncovered-acronym",
        "briefgen.unknown-source",
    ]
    assert not (tmp_path / "output").exists()


def test_summaries_count_in_words(tmp_path: Path) -> None:
    make_site(tmp_path, sidecar=GOOD.replace("summary", "slug: bee\nsummary"))
    checked = briefgen(tmp_path, "check", "--format", "json")
    assert checked.status == 0
    assert checked.stderr.splitlines() == ["briefgen: checked 2 briefings (0 errors, 1 warning)"]
    (tmp_path / "content/briefings/b.txt").unlink()
    (tmp_path / "content/briefings/b.yaml").unlink()
    built = briefgen(tmp_path, "build", "--format", "github")
    assert built.status == 0, built.stderr
    assert built.stderr.startswith("briefgen: built 1 briefing into ")
    assert built.stderr.rstrip().endswith("(0 errors, 1 warning)")


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [(0, "error", "0 errors"), (1, "error", "1 error"), (2, "briefing", "2 briefings")],
)
def test_plural(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected


def test_tally_counts_errors_and_warnings() -> None:
    items = [
        Diagnostic("briefgen.x", Severity.ERROR, "m"),
        Diagnostic("briefgen.y", Severity.WARNING, "m"),
        Diagnostic("briefgen.y", Severity.WARNING, "n"),
    ]
    assert tally(items) == "1 error, 2 warnings"


def test_github_escapes_what_would_end_a_command() -> None:
    # A message or a path could otherwise close the command or start a new one.
    diagnostic = Diagnostic(
        "briefgen.x",
        Severity.ERROR,
        "100% wrong,\nthen: more",
        Location(Path("content/a:b,c.yaml"), 3, 4),
    )
    assert as_github(diagnostic, Path.cwd()) == (
        "::error file=content/a%3Ab%2Cc.yaml,line=3,col=4::100%25 wrong,\\nthen: more [briefgen.x]"
    )


def test_no_location_and_a_fix() -> None:
    diagnostic = Diagnostic("briefgen.x", Severity.WARNING, "m", fix=Fix.run("briefgen y"))
    assert json.loads(as_json(diagnostic)) == {
        "path": None, "line": None, "column": None, "severity": "warning",
        "code": "briefgen.x", "message": "m",
        "fix": {"action": "run", "value": "briefgen y", "alternatives": []},
    }
    assert as_github(diagnostic) == "::warning::m [briefgen.x]"


def test_text_lines_show_the_editors_words_as_written(tmp_path: Path) -> None:
    # rich, which prints the lines, turns ":fire:" into an emoji unless told not to.
    make_site(tmp_path, sidecar='date: 2025-02-06\noutlet: ":fire:"\nsummary: S.\n')
    run = briefgen(tmp_path, "check")
    assert "but got ':fire:'" in run.stderr


FIXES_ARTICLE = "Headline\n\nAnkara said the talks went well.\n"
FIXES_SIDECAR = """\
date: 2025-02-06
outlet: wire
summary: S.
glossary_exclude: [ypgg]
claims:
  - quote: Ankara said the meeting went well
    source: wirre
    credibility: 3
"""
SCHEMA_ERRORS = """\
date: 2025-02-06
outlet: wire
summary: S.
sources:
  - id: local
    label: Local
    reliability: b
notes:
  - quote: talks
    txt: N.
"""


def test_json_carries_each_fix_the_message_names(tmp_path: Path) -> None:
    """Every did-you-mean and every new wording is also a fix a tool can apply."""
    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/s.txt": FIXES_ARTICLE,
            "content/briefings/s.yaml": FIXES_SIDECAR,
            "content/briefings/t.txt": FIXES_ARTICLE,
            "content/briefings/t.yaml": SCHEMA_ERRORS,
        },
    )
    run = briefgen(tmp_path, "check", "--format", "json")
    fixes = {
        (record["path"], record["line"], record["code"]): record["fix"]
        for record in map(json.loads, run.stdout.splitlines())
    }
    replace = {"action": "replace-value", "alternatives": []}
    s, t = "content/briefings/s.yaml", "content/briefings/t.yaml"
    assert fixes == {
        (s, 4, "briefgen.unknown-term"): {**replace, "value": "ypg"},
        (s, 6, "briefgen.quote-not-found"): {**replace, "value": "Ankara said the talks went well"},
        (s, 7, "briefgen.unknown-source"): {**replace, "value": "wire"},
        (t, 7, "briefgen.bad-reliability"): {**replace, "value": "B"},
        (t, 10, "briefgen.unknown-key"): {
            "action": "replace-key", "value": "text", "alternatives": [],
        },
    }


def test_an_incremental_build_prints_the_warnings_of_what_changed_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    # Both briefings say "the UN" without a glossary entry: a warning each.
    make_site(tmp_path, sidecar=GOOD)
    (tmp_path / "content/briefings/b.txt").write_text(ARTICLE, encoding="utf-8")
    first = briefgen(tmp_path, "build")
    assert first.status == 0, first.stderr
    assert [line.split(":")[0] for line in first.stderr.splitlines()
            if UN_WARNING.split(";")[0] in line] == ["content/briefings/a.txt",
                                                     "content/briefings/b.txt"]
    # b changed: its warning in full; a's recorded one counted; the tally counts both.
    (tmp_path / "content/briefings/b.yaml").write_text(GOOD + "tags: [Turkey]\n",
                                                       encoding="utf-8")
    again = briefgen(tmp_path, "build")
    assert again.status == 0, again.stderr
    lines = again.stderr.splitlines()
    assert [line.split(":")[0] for line in lines if UN_WARNING.split(";")[0] in line] == [
        "content/briefings/b.txt"]
    assert ("briefgen: 1 more warning of briefings unchanged since the last build, not "
            "repeated (briefgen check prints every problem)") in lines
    assert lines[-1].endswith("(0 errors, 2 warnings)")
    # An error is printed whatever changed; check and build --full print every warning.
    (tmp_path / "content/briefings/b.yaml").write_text(BAD, encoding="utf-8")
    failed = briefgen(tmp_path, "build")
    assert failed.status == 1 and UNKNOWN_OUTLET in failed.stderr
    for command in (("check",), ("build", "--full")):
        make_site(tmp_path, sidecar=GOOD)
        (tmp_path / "content/briefings/b.txt").write_text(ARTICLE, encoding="utf-8")
        every = briefgen(tmp_path, *command)
        assert every.stderr.count(UN_WARNING.split(";")[0]) == 2, command
        assert "not repeated" not in every.stderr
