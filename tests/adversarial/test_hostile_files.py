"""Content that points out of the site: links, pipes, names that are not UTF-8.

Git cannot hold a named pipe or some file names, so such a case folder has
a ``hostile.json`` instead of (or besides) ``content/``::

    {"theme": true,                      # build with a copy of the theme in <site>/theme
     "files": [
       {"path": "content/briefings/leak.txt", "link": "../../../secret.txt"},
       {"path": "content/briefings/x.txt", "pipe": true},
       {"path": "content/briefings/caf\\\\xe9.txt", "text": "..."}]}

``path`` is relative to the site root; ``\\xNN`` in it is the byte NN (so a
name need not be UTF-8); an existing file or folder there is replaced.  The
site lies in ``<tmp>/site``; beside it, outside the site, are ``secret.txt``,
``secret.yaml`` and ``outside/`` (files that say ``SECRET-TEXT``).

Each case builds the site first without the hostile files (the case's
``content/``, or one good briefing), then adds them and builds again: the
diagnostics must be exactly ``expected.txt`` (``$TMP`` stands for ``<tmp>``),
with errors the exit status is 1 and the output left byte for byte as the
first build made it; never a traceback, never the secret's text anywhere.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.harness import Case, hostile_cases, settings_file
from tests.conftest import BASE_FILES, REPO, Run, run_briefgen, write_files

CASES = hostile_cases()
SECRET = "SECRET-TEXT"
GOOD_BRIEFING = {
    "content/briefings/story.txt": "Talks in Ankara\n\nAnkara said the talks went well.\n",
    "content/briefings/story.yaml": "date: 2025-02-06\noutlet: wire\nsummary: Talks.\n",
}


def hostile_spec(case: Case) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((case.folder / "hostile.json").read_text(encoding="utf-8"))
    return spec


def place_secrets(tmp_path: Path) -> None:
    """What content must never reach, outside the site."""
    (tmp_path / "secret.txt").write_text(f"{SECRET}\n\n{SECRET} paragraph.\n", encoding="utf-8")
    (tmp_path / "secret.yaml").write_text(
        textwrap.dedent(
            f"""\
            leak:
              name: {SECRET}
              term: {SECRET}
              kind: outlet
              reliability: A
              rationale: {SECRET}
              definition: {SECRET}
            date: 2025-02-06
            outlet: wire
            summary: {SECRET}
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "other.txt").write_text(f"{SECRET}\n\nText.\n", encoding="utf-8")
    (tmp_path / "outside" / "other.yaml").write_text(
        "date: 2025-02-06\noutlet: wire\nsummary: S.\n", encoding="utf-8"
    )


def site_path(root: Path, written: str) -> Path:
    """``written`` (relative, with ``\\xNN`` escapes for bytes) as a path under ``root``."""
    raw: bytes = codecs.escape_decode(written.encode("utf-8"))[0]
    return root / os.fsdecode(raw)


def add_hostile_files(root: Path, files: list[dict[str, Any]]) -> None:
    for entry in files:
        path = site_path(root, entry["path"])
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if "link" in entry:
            path.symlink_to(entry["link"])
        elif entry.get("pipe"):
            os.mkfifo(path)
        else:
            path.write_text(entry["text"], encoding="utf-8")


def snapshot(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}


def build(root: Path, args: list[str]) -> Run:
    run = run_briefgen(root, "build", *args)
    stderr = run.stderr.replace(f"{root}/", "").replace(str(root.parent), "$TMP")
    return Run(run.status, stderr, root)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    spec = hostile_spec(case)
    root = tmp_path / "site"
    place_secrets(tmp_path)
    if (case.folder / "content").is_dir():
        shutil.copytree(case.folder / "content", root / "content")
    else:
        write_files(root, GOOD_BRIEFING)
    write_files(root, {k: v for k, v in BASE_FILES.items() if not (root / k).parent.exists()})
    args: list[str] = []
    if spec.get("theme"):
        shutil.copytree(REPO / "themes" / "briefing", root / "theme")
        args += ["--settings", str(settings_file(root, {}, f"THEME = {str(root / 'theme')!r}\n"))]
    first = build(root, args)
    assert first.status == 0, first.stderr
    before = snapshot(root / "output")

    add_hostile_files(root, spec["files"])
    second = build(root, args)
    expected = [line for line in (case.folder / "expected.txt").read_text("utf-8").splitlines()]
    assert "Traceback" not in second.stderr, second.stderr
    assert [line for line in second.lines if not line.startswith("briefgen: ")] == expected
    failed = any(": error: " in line for line in expected)
    assert second.status == (1 if failed else 0), second.stderr
    if failed:
        assert snapshot(root / "output") == before, "a failed build changed the output"
    assert SECRET not in second.stderr
    assert all(SECRET.encode() not in data for data in snapshot(root / "output").values())


def test_there_are_hostile_cases() -> None:
    assert len(CASES) >= 12
