"""Run from any folder of a site, a command finds the site root and says which it used."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.settings import find_site_root
from tests.conftest import BASE_FILES, REPO, write_files

# The repository's settings and theme, from the site's own pelicanconf.py (run, not
# imported: Pelican imports this file as the module "pelicanconf" too).
PELICANCONF = (
    "import runpy\n"
    f"SETTINGS = runpy.run_path({str(REPO / 'pelicanconf.py')!r})\n"
    "globals().update({k: v for k, v in SETTINGS.items() if k.isupper()})\n"
    f"THEME = {str(REPO / 'themes' / 'briefing')!r}\n"
)
FILES = {
    **BASE_FILES,
    "pelicanconf.py": PELICANCONF,
    "content/briefings/talks.txt": "Talks in Ankara\n\nThe YPG met envoys.\n",
    "content/briefings/talks.yaml": "date: 2025-02-06\noutlet: wire\nsummary: Talks.\n",
}


def run_in(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def said_root(root: Path) -> str:
    return f"briefgen: site root {root} (the nearest folder up from here with pelicanconf.py " \
        "and content/)"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write_files(site, FILES)
    return site.resolve()


def test_check_in_content_briefings_checks_the_site_it_is_in(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, err = run_in(root / "content" / "briefings", monkeypatch, "check")
    assert (status, out) == (0, "")
    assert err.splitlines() == [
        said_root(root), "briefgen: checked 1 briefing (0 errors, 0 warnings)"
    ]


def test_check_of_a_file_named_from_where_it_runs(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(root, {"content/briefings/other.txt": "Other\n\nText.\n",
                       "content/briefings/other.yaml": "date: 2025-02-06\noutlet: wires\n"})
    status, _out, err = run_in(root / "content" / "briefings", monkeypatch, "check", "talks.yaml")
    assert (status, err.splitlines()[-1]) == (
        0, "briefgen: checked 1 briefing (0 errors, 0 warnings)"
    )  # other.yaml's errors are not this check's


def test_problems_point_into_the_files_from_where_it_ran(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sidecar = "date: 2025-02-06\noutlet: wires\nsummary: T.\n"
    write_files(root, {"content/briefings/talks.yaml": sidecar})
    status, _out, err = run_in(root / "content" / "briefings", monkeypatch, "check")
    assert status == 1
    lines = err.splitlines()
    assert lines[0] == said_root(root)
    assert lines[1].startswith("talks.yaml:2:9: error: unknown outlet 'wires'")


def test_build_in_a_sub_folder_builds_the_site_root(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, _out, err = run_in(root / "content" / "glossary", monkeypatch, "build")
    assert status == 0, err
    assert err.splitlines()[0] == said_root(root)
    assert (root / "output" / "briefings" / "talks" / "index.html").is_file()
    assert not (root / "content" / "glossary" / "output").exists()


def test_ids_in_a_sub_folder_keep_standard_output_for_the_ids(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, err = run_in(root / "content", monkeypatch, "ids", "briefings")
    assert status == 0
    assert out.splitlines() == ["talks  Talks in Ankara  briefings/talks.yaml:1:1"]
    assert err.splitlines() == [said_root(root)]


def test_in_the_root_or_with_root_given_nothing_is_said(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_in(root, monkeypatch, "check")[2].splitlines() == [
        "briefgen: checked 1 briefing (0 errors, 0 warnings)"
    ]
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    status, _out, err = run_in(elsewhere, monkeypatch, "check", "--root", str(root), "-q")
    assert (status, err) == (0, "")


def test_outside_any_site_the_current_folder_is_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, _out, err = run_in(tmp_path, monkeypatch, "check")
    assert status == 1
    assert "site root" not in err
    assert f"content folder not found: {tmp_path.resolve() / 'content'}" in err


def test_the_nearest_folder_with_both_wins(tmp_path: Path) -> None:
    outer, inner = tmp_path / "outer", tmp_path / "outer" / "content" / "inner"
    write_files(outer, {"pelicanconf.py": "", "content/x.txt": ""})
    write_files(inner, {"pelicanconf.py": "", "notes/a.txt": ""})  # no content/ here
    assert find_site_root(inner / "notes") == outer.resolve()
    (inner / "content").mkdir()
    assert find_site_root(inner / "notes") == inner.resolve()
    assert find_site_root(inner) == inner.resolve()
    assert find_site_root(tmp_path) is None
