"""Running one adversarial case: a mini-site folder built with the real CLI.

A case is a folder under ``tests/adversarial/cases/``:

* ``content/...``: the input files, byte for byte (hostile bytes included).
  The shared register and glossary of :data:`tests.conftest.BASE_FILES` are
  added unless the case has its own ``content/sources`` or ``content/glossary``.
* ``args.txt`` (optional): the command and its options, e.g. ``build --strict``.
* ``settings.json`` (optional): the site's ``BRIEFGEN`` settings dictionary.
* ``expected.txt``: the exact diagnostic lines, in order (paths relative to
  the site root); the build must fail if one of them is an error (or a
  warning under ``--strict``), succeed otherwise, and publish nothing when
  it fails. Or
* ``expected.yaml``: for "escaped output" cases, ``diagnostics`` (the exact
  lines, default none) and ``checks``: a list of ``{page, select, text}``
  (the stripped text of the first element ``select`` matches) or
  ``{page, select, attr, value}`` (one attribute) or ``{page, select,
  count}`` (how many elements match).

Every build that publishes is also scanned for live markup
(:func:`tests.adversarial.safety.live_markup`).

A case with a ``hostile.json`` holds what git cannot: symbolic links, named
pipes, names that are not UTF-8; see :mod:`tests.adversarial.test_hostile_files`.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.conftest import BASE_FILES, REPO, SETTINGS, Run, run_briefgen

CASES = Path(__file__).parent / "cases"


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path

    @property
    def args(self) -> list[str]:
        path = self.folder / "args.txt"
        return path.read_text(encoding="utf-8").split() if path.is_file() else ["build"]

    @property
    def briefgen_settings(self) -> dict[str, Any] | None:
        path = self.folder / "settings.json"
        if not path.is_file():
            return None
        value: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return value

    @property
    def expected_lines(self) -> list[str] | None:
        path = self.folder / "expected.txt"
        if not path.is_file():
            return None
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    @property
    def expected_output(self) -> dict[str, Any] | None:
        path = self.folder / "expected.yaml"
        if not path.is_file():
            return None
        value: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        return value


def all_cases() -> list[Case]:
    """The cases built once from their files (not the hostile-file cases, see below)."""
    return [
        Case(p.name, p)
        for p in sorted(CASES.iterdir())
        if p.is_dir() and not (p / "hostile.json").exists()
    ]


def hostile_cases() -> list[Case]:
    """Cases with a ``hostile.json``: see :mod:`tests.adversarial.test_hostile_files`."""
    return [Case(p.parent.name, p.parent) for p in sorted(CASES.glob("*/hostile.json"))]


def settings_file(root: Path, briefgen: dict[str, Any], extra: str = "") -> Path:
    """A settings file: the repository's, with this ``BRIEFGEN`` dictionary and ``extra`` lines."""
    path = root / "casesettings.py"
    path.write_text(
        textwrap.dedent(
            f"""\
            import runpy
            globals().update(
                {{k: v for k, v in runpy.run_path({str(SETTINGS)!r}).items() if k.isupper()}}
            )
            THEME = {str(REPO / "themes" / "briefing")!r}
            BRIEFGEN = {briefgen!r}
            """
        )
        + textwrap.dedent(extra),
        encoding="utf-8",
    )
    return path


def build_case(case: Case, root: Path) -> Run:
    """Copy the case into ``root`` and run briefgen there; paths in lines are relative."""
    shutil.copytree(case.folder / "content", root / "content")
    for name, text in BASE_FILES.items():
        if not (root / name).parent.exists():
            (root / name).parent.mkdir(parents=True)
            (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    args = case.args
    if case.briefgen_settings is not None:
        args += ["--settings", str(settings_file(root, case.briefgen_settings))]
    run = run_briefgen(root, *args)
    return Run(run.status, run.stderr.replace(f"{root}/", ""), root)


def diagnostic_lines(run: Run) -> list[str]:
    return [line for line in run.lines if not line.startswith("briefgen: ")]
