"""``briefgen build --offline DIR``: the copy for reading from disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.offline import MARKER, offline_href
from tests.conftest import BASE_FILES, run_briefgen, write_files

STORY = {
    "content/briefings/story.txt": "A story\n\nThe YPG said so.\n",
    "content/briefings/story.yaml": "date: 2025-02-06\noutlet: wire\nsummary: So it is.\n",
}


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("../../glossary/ypg/", "../../glossary/ypg/index.html"),
        ("../../", "../../index.html"),
        ("./", "./index.html"),
        (".", "./index.html"),
        ("..#bg-claims", "../index.html#bg-claims"),
        ("../briefings/a/#bg-claim-c1", "../briefings/a/index.html#bg-claim-c1"),
        ("#bg-claim-c1", "#bg-claim-c1"),
        ("../../theme/css/site.css", "../../theme/css/site.css"),
        ("../../annotations/a.jsonld", "../../annotations/a.jsonld"),
        ("https://example.org/", "https://example.org/"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("//example.org/", "//example.org/"),
    ],
)
def test_folder_links_name_index_html(href: str, expected: str) -> None:
    assert offline_href(href) == expected


def test_the_copy_differs_only_in_links(tmp_path: Path) -> None:
    write_files(tmp_path, STORY)
    write_files(tmp_path, BASE_FILES)
    run = run_briefgen(tmp_path, "build", "--offline", str(tmp_path / "offline"))
    assert run.status == 0, run.stderr
    output, offline = tmp_path / "output", tmp_path / "offline"
    published = sorted(p.relative_to(output) for p in output.rglob("*") if p.is_file())
    copied = sorted(p.relative_to(offline) for p in offline.rglob("*") if p.is_file())
    # All but the search index, which cannot be used from disk.
    assert any(p.parts[0] == "pagefind" for p in published)
    assert copied == sorted([*(p for p in published if p.parts[0] != "pagefind"), Path(MARKER)])
    page = "briefings/story/index.html"
    assert 'href="../../glossary/ypg/"' in (output / page).read_text(encoding="utf-8")
    assert 'href="../../glossary/ypg/index.html"' in (offline / page).read_text(encoding="utf-8")
    assert 'action="../../search/index.html"' in (offline / page).read_text(encoding="utf-8")
    assert (offline / page).read_text(encoding="utf-8").count("<html data-offline ") == 1
    css = next((output / "theme/css").glob("site.*.css")).relative_to(output)
    assert (output / css).read_bytes() == (offline / css).read_bytes()
    # A second build replaces the earlier copy.
    assert run_briefgen(tmp_path, "build", "--offline", str(offline)).status == 0


def test_refuses_to_replace_another_folder(tmp_path: Path) -> None:
    write_files(tmp_path, {**STORY, "notes/keep.txt": "mine"})
    write_files(tmp_path, BASE_FILES)
    run = run_briefgen(tmp_path, "build", "--offline", str(tmp_path / "notes"))
    assert run.status == 1
    assert "refusing to replace" in run.stderr and "not an earlier offline copy" in run.stderr
    assert (tmp_path / "notes/keep.txt").read_text() == "mine"
