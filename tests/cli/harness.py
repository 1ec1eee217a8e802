"""Running the ``briefgen`` command line in-process, both output streams captured."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from briefgen.cli import main
from tests.conftest import SETTINGS


@dataclass
class Output:
    status: int
    stdout: str
    stderr: str


def briefgen(root: Path, *args: str) -> Output:
    """``briefgen ARGS`` run in ``root`` with the repository's settings and theme."""
    out, err = io.StringIO(), io.StringIO()
    command, rest = args[0], list(args[1:])
    if command in ("build", "check", "text", "ids", "claims"):
        rest += ["--root", str(root), "--settings", str(SETTINGS)]
    if command == "build":
        rest += ["--output", str(root / "output")]
    previous = Path.cwd()
    os.chdir(root)  # paths are printed relative to the current folder
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main([command, *rest])
            except SystemExit as exit_:  # a wrong command line: status 2
                status = int(exit_.code or 0)
    finally:
        os.chdir(previous)
    return Output(status, out.getvalue(), err.getvalue())
