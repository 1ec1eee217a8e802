"""``briefgen text``, ``briefgen ids``, ``briefgen --help`` and ``--version``."""

from __future__ import annotations

import importlib.metadata
import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from briefgen.cli import _parser, main
from tests.cli.harness import briefgen
from tests.conftest import BASE_FILES, write_files

MARKDOWN = """\
# Talks in Ankara

Officials met on *Monday*; the talks
went   "well", they said.

## What next

- A second round in May.
- Then a treaty.
"""


def test_text_numbers_the_blocks_as_messages_do(tmp_path: Path) -> None:
    write_files(tmp_path, {**BASE_FILES, "content/briefings/talks.md": MARKDOWN})
    run = briefgen(tmp_path, "text", "content/briefings/talks.md")
    assert run.status == 0, run.stderr
    assert run.stdout == (
        "headline: Talks in Ankara\n"
        "\n"
        '[1] Officials met on Monday; the talks went "well", they said.\n'
        "[2] What next\n"
        "[3] A second round in May.\n"
        "[4] Then a treaty.\n"
    )


def test_a_quote_copied_from_text_anchors(tmp_path: Path) -> None:
    write_files(tmp_path, {**BASE_FILES, "content/briefings/talks.md": MARKDOWN})
    printed = briefgen(tmp_path, "text", "content/briefings/talks.md").stdout
    quote = printed.splitlines()[2].removeprefix("[1] ")[-30:]
    sidecar = (
        "date: 2025-02-06\noutlet: wire\nsummary: S.\n"
        f"notes:\n  - quote: '{quote}'\n    text: Copied.\n"
    )
    write_files(tmp_path, {"content/briefings/talks.yaml": sidecar})
    run = briefgen(tmp_path, "check")
    assert run.status == 0, run.stderr
    assert "error" not in run.stderr.replace("0 errors", "")


def test_text_of_a_bad_article_is_an_error(tmp_path: Path) -> None:
    write_files(tmp_path, {**BASE_FILES, "content/briefings/bad.txt": b"Head\n\ncaf\xe9\n"})
    run = briefgen(tmp_path, "text", "content/briefings/bad.txt")
    assert run.status == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "content/briefings/bad.txt:3:4: error: expected UTF-8 text but got byte 0xe9 at byte "
        "offset 9; save the file as UTF-8 [briefgen.not-utf8]"
    ]


SIDECAR = """\
date: 2025-02-06
outlet: wire
title: Talks went well
summary: S.
"""


def ids_site(root: Path) -> None:
    write_files(
        root,
        {
            **BASE_FILES,
            "content/sources/more.yaml": (
                "# More outlets\n"
                "agency:\n  name: An Agency\n  kind: outlet\n  reliability: C\n"
                "  rationale: New.\n"
            ),
            "content/briefings/talks.txt": "Headline\n\nAnkara said so.\n",
            "content/briefings/talks.yaml": SIDECAR
            + "claims:\n  - quote: Ankara said so\n    source: wire\n    credibility: 3\n"
            "    id: ankara\n  - quote: said\n    source: wire\n    credibility: 3\n",
            "content/briefings/deep/other.txt": "Other headline\n\nDamascus said so.\n",
            "content/briefings/deep/other.yaml": SIDECAR.replace("title: Talks went well\n", ""),
        },
    )


def test_ids_of_each_kind(tmp_path: Path) -> None:
    ids_site(tmp_path)
    sources = briefgen(tmp_path, "ids", "sources")
    assert sources.status == 0, sources.stderr
    assert sources.stdout.splitlines() == [
        "agency  An Agency  content/sources/more.yaml:2:1",
        "wire    The Wire  content/sources/outlets.yaml:1:1",
    ]
    assert briefgen(tmp_path, "ids", "terms").stdout.splitlines() == [
        "sdf  SDF  content/glossary/terms.yaml:6:1",
        "ypg  YPG  content/glossary/terms.yaml:1:1",
    ]
    assert briefgen(tmp_path, "ids", "briefings").stdout.splitlines() == [
        "other  Other headline  content/briefings/deep/other.yaml:1:1",
        "talks  Talks went well  content/briefings/talks.yaml:1:1",
    ]
    # As a follow-up names them (slug#id), at the id; a claim without an id is not listed.
    assert briefgen(tmp_path, "ids", "claims").stdout.splitlines() == [
        "talks#ankara  Ankara said so  content/briefings/talks.yaml:9:9",
    ]


def test_ids_without_a_kind_lists_all_four(tmp_path: Path) -> None:
    ids_site(tmp_path)
    lines = briefgen(tmp_path, "ids").stdout.splitlines()
    assert [line for line in lines if line.endswith(":")] == [
        "sources:", "terms:", "briefings:", "claims:"
    ]
    assert len(lines) == 4 + 2 + 2 + 2 + 1 + 3  # headings, rows, blank lines between sections


def test_help_lists_every_command_on_one_plain_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = out.getvalue()
    assert "`" not in text
    listed = dict(re.findall(r"^    ([a-z]+) +(\S.*)$", text, re.MULTILINE))
    (commands,) = [
        action.choices for action in _parser()._actions if isinstance(action.choices, dict)
    ]
    assert set(listed) == set(commands)
    assert {"build", "check", "schema", "devserver", "text", "ids"} <= set(listed)
    for summary in listed.values():
        assert summary[0].islower() and not summary.endswith(".")


def test_ids_of_briefings_mark_the_drafts(tmp_path: Path) -> None:
    ids_site(tmp_path)
    draft = SIDECAR.replace("title: Talks went well\n", "status: draft\n")
    write_files(tmp_path, {"content/briefings/deep/other.yaml": draft})
    assert briefgen(tmp_path, "ids", "briefings").stdout.splitlines() == [
        "other  Other headline (draft)  content/briefings/deep/other.yaml:1:1",
        "talks  Talks went well  content/briefings/talks.yaml:1:1",
    ]


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exit_info:
        main([flag])
    assert exit_info.value.code == 0
    assert out.getvalue() == f"briefgen {importlib.metadata.version('briefgen')}\n"


@pytest.mark.parametrize("command", ["devserver", "serve"])
def test_help_of_the_servers_names_the_default_port(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit):
        main([command, "--help"])
    assert re.search(r"--port PORT +port on 127\.0\.0\.1 \(default: 8000; 0: any free port\)",
                     out.getvalue()), out.getvalue()
