"""The Pagefind index: what it holds, what it leaves out, and that it follows edits."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefgen.cli import main
from briefgen.publish.outputs.search import EarlyShards, index_site
from tests.conftest import Run
from tests.web.conftest import build


def shards(output: Path) -> dict[str, list[str]]:
    """The shards of the index, by language, as ``pagefind/languages.json`` names them."""
    languages = json.loads((output / "pagefind/languages.json").read_text(encoding="utf-8"))
    return {language: entry["shards"] for language, entry in languages.items()}


def fragments(output: Path, language: str = "en") -> dict[str, dict[str, Any]]:
    """The indexed pages of one language by address, read from Pagefind's own
    fragment files in every shard of that language."""
    pages = {}
    for folder in shards(output).get(language, []):
        for path in (output / "pagefind" / folder / "fragment").iterdir():
            data = gzip.decompress(path.read_bytes())
            assert data.startswith(b"pagefind_dcd"), path
            fragment = json.loads(data[len(b"pagefind_dcd"):])
            assert fragment["url"] not in pages, "a page in two shards"
            pages[fragment["url"]] = fragment
    return pages


def test_briefings_terms_and_sources_are_indexed_with_their_metadata(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    output = run.root / "output"
    # A shard per month of briefings, one of glossary terms, one of sources.
    assert shards(output) == {"en": ["en/2025-02/", "en/2025-03/", "en/glossary/",
                                     "en/sources/"]}
    for folder in shards(output)["en"]:
        assert (output / "pagefind" / folder / "pagefind.js").is_file()
        assert not (output / "pagefind" / folder / "pagefind-ui.js").exists()
    pages = fragments(output)
    assert set(pages) == {
        "/briefings/ankara/", "/briefings/kobani/", "/glossary/ypg/", "/glossary/sdf/",
        "/sources/wire/",
    }
    ankara = pages["/briefings/ankara/"]
    assert ankara["meta"]["title"] == "Ankara and the YPG"
    assert ankara["meta"]["kind"] == "Briefing"
    assert ankara["meta"]["date"] == "6 February 2025"
    assert json.loads(ankara["meta"]["tags"]) == ["Turkey", "Kurds"]
    assert ankara["meta"]["outlet"] == "The Wire"
    assert "Officials said the militia would be targeted" in ankara["content"]
    assert pages["/glossary/ypg/"]["meta"]["kind"] == "Glossary term"
    assert "Kurdish militia." in pages["/glossary/ypg/"]["content"]
    assert pages["/sources/wire/"]["meta"]["kind"] == "Source"
    # Pagefind's own filter index differs from build to build: not used.
    assert all(fragment["filters"] == {} for fragment in pages.values())


def test_tooltip_text_is_not_indexed_as_article_text(web_site: Callable[..., Run]) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    page = run.page("briefings/ankara/index.html")
    tips = " ".join(tip.get_text(" ") for tip in page.select("[data-article-body] [data-ann]"))
    assert "Claim, possibly true (3)." in tips  # the claim's tooltip...
    content = fragments(run.root / "output")["/briefings/ankara/"]["content"]
    assert "Claim, possibly true (3)." not in content  # ...is not in the index


def test_an_incremental_build_indexes_the_edited_briefing(
    web_site: Callable[..., Run], tmp_path: Path,
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    sidecar = run.root / "content/briefings/kobani.yaml"
    sidecar.write_text(sidecar.read_text().replace("A quiet night.", "A quiet night.")
                       .replace("tags: [Kurds]", "tags: [Kurds, Ceasefire]"), encoding="utf-8")
    article = run.root / "content/briefings/kobani.txt"
    article.write_text(article.read_text().replace("overnight.", "overnight. Zanzibar."),
                       encoding="utf-8")
    again = build(run.root)
    assert again.status == 0, again.stderr
    kobani = fragments(run.root / "output")["/briefings/kobani/"]
    assert "Zanzibar" in kobani["content"]
    assert json.loads(kobani["meta"]["tags"]) == ["Kurds", "Ceasefire"]
    # And the index is byte for byte the one a full build makes.
    incremental = {p.relative_to(run.root / "output"): p.read_bytes()
                   for p in (run.root / "output/pagefind").rglob("*") if p.is_file()}
    full = build(run.root, "--full")
    assert full.status == 0, full.stderr
    rebuilt = {p.relative_to(run.root / "output"): p.read_bytes()
               for p in (run.root / "output/pagefind").rglob("*") if p.is_file()}
    assert incremental == rebuilt


def test_an_edit_indexes_again_only_the_shard_it_changed(
    web_site: Callable[..., Run], tmp_path: Path,
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    output = run.root / "output"

    def entries() -> dict[str, int]:
        return {folder: (output / "pagefind" / folder / "pagefind-entry.json").stat().st_ino
                for folder in [*shards(output)["en"], "en/_words/"]}

    def rebuild() -> None:
        # The same settings file, untouched (build() writes it again: a new publishing input).
        assert main(["build", "--root", str(run.root), "--settings",
                     str(run.root / "site_settings.py"), "--output", str(output), "--quiet"]) == 0

    before = entries()
    article = run.root / "content/briefings/kobani.txt"
    article.write_text(article.read_text().replace("overnight.", "overnight. Zanzibar."),
                       encoding="utf-8")
    rebuild()
    after = entries()
    # Kobani's month was indexed again, and the vocabulary (a new word); the
    # other shards are the previous output's files, linked.
    assert set(before) == set(after)
    assert [f for f in before if before[f] != after[f]] == ["en/2025-03/", "en/_words/"]
    words = json.loads((output / "pagefind/languages.json").read_text(encoding="utf-8"))["en"]
    assert set(words["pages"].values()) == set(shards(output)["en"])
    # No new word: the vocabulary stays as it was.
    article.write_text(article.read_text().replace("Zanzibar.", "Zanzibar. Zanzibar."),
                       encoding="utf-8")
    rebuild()
    again = entries()
    assert [f for f in after if after[f] != again[f]] == ["en/2025-03/"]
    assert "Zanzibar" in fragments(output)["/briefings/kobani/"]["content"]
    assert "Zanzibar" not in json.dumps(fragments(output)["/briefings/ankara/"])
    # The same bytes as a full build's index, in a clean output folder.
    full = build(run.root, "--full", "--output", str(tmp_path / "clean"))
    assert full.status == 0, full.stderr
    assert {p.relative_to(output): p.read_bytes()
            for p in (output / "pagefind").rglob("*") if p.is_file()} == {
        p.relative_to(tmp_path / "clean"): p.read_bytes()
        for p in (tmp_path / "clean" / "pagefind").rglob("*") if p.is_file()}


def test_a_draft_is_not_indexed(web_site: Callable[..., Run]) -> None:
    draft = {
        "content/briefings/secret.txt": "Draft headline\n\nThe Quetzalcoatl plan, not yet out.\n",
        "content/briefings/secret.yaml": (
            "date: 2025-04-01\noutlet: wire\nstatus: draft\nsummary: Not yet.\n"
        ),
    }
    # An absolute address, so that there is a sitemap (a preview has none).
    run = web_site("SITEURL = 'https://example.org/'\n", files=draft)
    assert run.status == 0, run.stderr
    output = run.root / "output"
    assert (output / "drafts/secret/index.html").is_file()  # published, as a draft
    pages = fragments(output)
    assert "/briefings/ankara/" in pages
    assert not [url for url in pages if "secret" in url]
    assert not [url for url, page in pages.items() if "Quetzalcoatl" in page["content"]]
    assert "secret" not in (output / "sitemap.xml").read_text(encoding="utf-8")
    # Removing the key publishes it, and the index then holds it.
    sidecar = run.root / "content/briefings/secret.yaml"
    sidecar.write_text(sidecar.read_text().replace("status: draft\n", ""), encoding="utf-8")
    again = build(run.root)
    assert again.status == 0, again.stderr
    assert "Quetzalcoatl" in fragments(output)["/briefings/secret/"]["content"]


def test_shards_started_early_are_taken_only_if_their_pages_did_not_change(
    web_site: Callable[..., Run], tmp_path: Path,
) -> None:
    """A build starts a month's shard once Pelican wrote that month's pages; the
    index takes such a run only if its shard's key is still the same."""
    run = web_site()
    assert run.status == 0, run.stderr
    site = tmp_path / "site"
    shutil.copytree(run.root / "output", site, ignore=shutil.ignore_patterns("pagefind"))
    ankara, kobani = "briefings/ankara/index.html", "briefings/kobani/index.html"
    final = {ankara: "ankara-1", kobani: "kobani-2"}
    early = EarlyShards(site, "en", width=2)
    try:
        early.add({ankara: "ankara-1"})
        early.add({ankara: "ankara-1", kobani: "kobani-1"})  # Kobani's page changes later
        started = dict(early.runs.runs)
        assert set(started) == {"en/2025-02/", "en/2025-03/"}
        assert index_site(site, tmp_path / "with-early", fingerprints=final, early=early)
        assert started["en/2025-02/"].made
        assert not started["en/2025-02/"].into.exists()  # moved into the index
        # Kobani's month was made again, with the page as it is in the end.
        assert early.runs.runs["en/2025-03/"] is not started["en/2025-03/"]
        assert early.runs.runs["en/2025-03/"].made
    finally:
        early.close()
    assert not early.runs.top.exists()  # what was not taken is gone
    assert index_site(site, tmp_path / "without", fingerprints=final)

    def files(bundle: Path) -> dict[Path, bytes]:
        return {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}

    assert files(tmp_path / "with-early") == files(tmp_path / "without")
    assert files(tmp_path / "without")
