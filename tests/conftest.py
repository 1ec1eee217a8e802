"""Shared test helpers: mini-sites built end to end with the real pipeline."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from contextlib import redirect_stderr
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefgen.cli import main

REPO = Path(__file__).resolve().parent.parent
SETTINGS = REPO / "pelicanconf.py"

# A minimal valid shared register and glossary for mini-sites.
BASE_FILES = {
    "content/sources/outlets.yaml": """\
        wire:
          name: The Wire
          kind: outlet
          reliability: B
          rationale: Wire agency with a corrections policy.
        """,
    "content/glossary/terms.yaml": """\
        ypg:
          term: YPG
          expansion: People's Protection Units
          definition: Kurdish militia.
          see_also: [sdf]
        sdf:
          term: SDF
          aliases: [Syrian Democratic Forces]
          definition: US-backed alliance led by the YPG.
        """,
}


@dataclass
class Run:
    """The result of one ``briefgen`` command run in-process."""

    status: int
    stderr: str
    root: Path

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    @property
    def diagnostics(self) -> list[str]:
        return [line for line in self.lines if ": error: " in line or ": warning: " in line]

    def page(self, relative: str) -> BeautifulSoup:
        path = self.root / "output" / relative
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")


def run_briefgen(root: Path, *args: str) -> Run:
    """Run the CLI in ``root`` against the repository's settings and theme."""
    stderr = io.StringIO()
    command = args[0] if args else "build"
    extra = ["--output", str(root / "output")] if command == "build" else []
    with redirect_stderr(stderr):
        status = main([command, "--root", str(root), "--settings", str(SETTINGS), *extra,
                       *args[1:]])
    return Run(status, stderr.getvalue(), root)


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Run]:
    """Write a mini-site (base register + the given files) and run briefgen on it."""

    def build(files: dict[str, str | bytes], *args: str, base: bool = True) -> Run:
        write_files(tmp_path, {**(BASE_FILES if base else {}), **files})
        return run_briefgen(tmp_path, *(args or ("build",)))

    return build
