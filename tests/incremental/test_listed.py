"""Briefings whose rendered file did not change are published from their listing rows.

A build reads only the rendered files whose file system stamp changed (see
``briefgen.publish.plugin.listed``); every other article is made from the
row the previous build recorded.  The site must still be the one a clean
build makes, byte for byte, after edits that change what the list pages
show: with three briefings a page, a date edit moves briefings from page to
page, month to month and feed to feed.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

from briefgen.bench.synth import generate_site
from briefgen.build import BuildReport, build
from briefgen.diagnostics import DiagnosticList
from briefgen.settings import load_settings
from tests.incremental.test_incremental import assert_same_trees, tree

REPO = Path(__file__).resolve().parents[2]
COUNT = 8


def settings_file(folder: Path) -> Path:
    """The repository's settings with three briefings a page (so 8 make three pages)."""
    text = (REPO / "pelicanconf.py").read_text(encoding="utf-8")
    text = text.replace('THEME = "themes/briefing"', f'THEME = "{REPO}/themes/briefing"')
    text = text.replace("DEFAULT_PAGINATION = 50", "DEFAULT_PAGINATION = 3")
    text = text.replace("FEED_MAX_ITEMS = 50", "FEED_MAX_ITEMS = 3")
    assert "DEFAULT_PAGINATION = 3" in text and "FEED_MAX_ITEMS = 3" in text
    path = folder / "pelicanconf.py"
    path.write_text(text, encoding="utf-8")
    return path


def run_build(root: Path, *, full: bool = False, output: Path | None = None) -> BuildReport:
    diagnostics = DiagnosticList()
    settings = load_settings(root, settings_file=root / "pelicanconf.py", output=output,
                             diagnostics=diagnostics)
    return build(settings, diagnostics, full=full)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("listed")
    generate_site(root, COUNT)
    settings_file(root)
    run_build(root, full=True)
    return root


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built site, built once where it is (its files' stamps changed)."""
    root = tmp_path / "site"
    shutil.copytree(built_site, root, symlinks=True)
    run_build(root)
    return root


def sidecar(root: Path, number: int) -> Path:
    return root / "content" / "briefings" / f"briefing-{number:05d}.yaml"


def replace(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, pattern
    path.write_text(changed, encoding="utf-8")


def edit_summary(root: Path) -> None:
    replace(sidecar(root, 3), r"Bottom line of", "Edited bottom line of")


def edit_headline(root: Path) -> None:
    """The title every list page, feed and the sitemap's neighbours show."""
    replace(root / "content" / "briefings" / "briefing-00004.txt", r"\A.*$", "A new headline")


# Briefings 5, 6 and 7 settle no claim and no later one settles theirs (see
# briefgen.bench.synth): their dates may move anywhere.


def move_date_forward(root: Path) -> None:
    """A briefing in the middle becomes the newest: the index pages and the feed
    change, and it moves to another month's search shard."""
    replace(sidecar(root, 5), r"^date: .*$", "date: 2020-03-15")


def move_date_back(root: Path) -> None:
    replace(sidecar(root, 6), r"^date: .*$", "date: 2019-12-30")


def make_draft(root: Path) -> None:
    """A briefing leaves the lists, the feeds and its tags' pages."""
    replace(sidecar(root, 5), r"^date: ", "status: draft\ndate: ")


def change_tags(root: Path) -> None:
    replace(sidecar(root, 6), r"^tags: \[.*\]$", "tags: [topic-1, brand-new-tag]")


def remove_briefing(root: Path) -> None:
    listed = set()
    for path in (root / "content" / "briefings").glob("*.yaml"):
        listed |= set(re.findall(r"slug: briefing-(\d+)", path.read_text(encoding="utf-8")))
    number = next(i for i in range(COUNT) if f"{i:05d}" not in listed)
    sidecar(root, number).unlink()
    sidecar(root, number).with_suffix(".txt").unlink()


def touch_every_rendered_file(root: Path) -> None:
    """Every rendered file's stamp changes but not its bytes (and one sidecar edit,
    so that Pelican runs): each is read again, and the site is the same."""
    for path in (root / ".briefgen" / "rendered").rglob("*.md"):
        os.utime(path)
    edit_summary(root)


EDITS: dict[str, Callable[[Path], None]] = {
    "summary": edit_summary,
    "headline": edit_headline,
    "date-forward": move_date_forward,
    "date-back": move_date_back,
    "draft": make_draft,
    "tags": change_tags,
    "removed": remove_briefing,
    "touched": touch_every_rendered_file,
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_incremental_equals_full_with_three_briefings_a_page(
    site: Path, tmp_path: Path, name: str
) -> None:
    before = tree(site / "output")
    EDITS[name](site)
    run_build(site)
    run_build(site, full=True, output=tmp_path / "clean")
    assert_same_trees(site / "output", tmp_path / "clean")
    assert tree(site / "output") != before


def test_only_the_changed_rendered_file_is_read(site: Path) -> None:
    edit_summary(site)
    report = run_build(site)
    assert report.published is not None
    assert report.published.read == 1
    # The page that lists it was made again from the rows of its neighbours.
    index = (site / "output" / "tags").rglob("index.html")
    assert any("Edited bottom line of" in page.read_text(encoding="utf-8") for page in index)


def test_a_file_whose_stamp_changed_is_read_again(site: Path) -> None:
    touch_every_rendered_file(site)
    report = run_build(site)
    assert report.published is not None
    assert report.published.read == COUNT


def test_a_full_build_reads_every_file(site: Path) -> None:
    report = run_build(site, full=True)
    assert report.published is not None
    assert report.published.read == COUNT


def test_templates_are_parsed_for_their_names_only_when_not_recorded(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer's fingerprints look at the names each template reads: the
    build state keeps them, so a build parses no template the last one parsed
    (Jinja compiles templates with its own parser; ``parse`` is what asks names)."""
    parsed: list[str] = []
    parse = jinja2.Environment.parse

    def counting(self: jinja2.Environment, source: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(source)
        return parse(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "parse", counting)
    edit_summary(site)
    run_build(site)
    assert parsed == []
    run_build(site, full=True)  # a full build reads no record
    assert parsed != []


def test_the_retired_output_waits_in_the_work_folder_until_the_next_build(site: Path) -> None:
    """A build swaps the new output in and moves the old one into the work
    folder; the next build removes it (while Pelican works), and nothing is
    left beside the output."""
    old_page = site / "output" / "briefings" / "briefing-00003" / "index.html"
    inode = old_page.stat().st_ino
    retired = site / ".briefgen" / "retired"
    edit_summary(site)
    run_build(site)
    assert old_page.stat().st_ino != inode  # a new output was swapped in
    assert [p.name for p in site.iterdir() if ".old" in p.name or "staging" in p.name] == []
    first = sorted(retired.iterdir())
    assert len(first) == 1
    assert (first[0] / "briefings" / "briefing-00003" / "index.html").stat().st_ino == inode
    edit_headline(site)
    run_build(site)
    second = sorted(retired.iterdir())
    assert len(second) == 1 and second != first
