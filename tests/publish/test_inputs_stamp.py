"""The stamp that tells a build whether Pelican would read anything new."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.incremental import inputs_stamp


def files(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "rendered"
    (folder / "briefings").mkdir(parents=True)
    (folder / "briefings" / "one.md").write_text("one", encoding="utf-8")
    listings = tmp_path / "site.json"
    listings.write_text("{}", encoding="utf-8")
    return folder, listings


def test_the_same_files_give_the_same_stamp(tmp_path: Path) -> None:
    folder, listings = files(tmp_path)
    assert inputs_stamp(folder, listings) == inputs_stamp(folder, listings)


def test_a_rewrite_keeping_size_and_modification_time_changes_it(tmp_path: Path) -> None:
    folder, listings = files(tmp_path)
    page = folder / "briefings" / "one.md"
    before = inputs_stamp(folder, listings)
    status = page.stat()
    page.write_text("two", encoding="utf-8")
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert page.stat().st_size == status.st_size
    assert inputs_stamp(folder, listings) != before


def test_a_new_file_and_a_missing_one_change_it(tmp_path: Path) -> None:
    folder, listings = files(tmp_path)
    before = inputs_stamp(folder, listings)
    (folder / "briefings" / "two.md").write_text("two", encoding="utf-8")
    with_new = inputs_stamp(folder, listings)
    assert with_new != before
    listings.unlink()
    assert inputs_stamp(folder, listings) not in (before, with_new)
