"""The Pagefind index: what it holds, what it leaves out, and that it follows edits."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import Run
from tests.web.conftest import build


def fragments(output: Path, bundle: str = "") -> dict[str, dict[str, Any]]:
    """The indexed pages by address, read from Pagefind's own fragment files
    (of the site language's bundle, or of the one in ``pagefind/<bundle>``)."""
    pages = {}
    for path in (output / "pagefind" / bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        pages[fragment["url"]] = fragment
    return pages


def test_briefings_terms_and_sources_are_indexed_with_their_metadata(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    output = run.root / "output"
    assert (output / "pagefind" / "pagefind.js").is_file()
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


def test_a_draft_is_not_indexed(web_site: Callable[..., Run]) -> None:
    draft = {
        "content/briefings/secret.txt": "Draft headline\n\nThe Quetzalcoatl plan, not yet out.\n",
        "content/briefings/secret.yaml": (
            "date: 2025-04-01\noutlet: wire\nstatus: draft\nsummary: Not yet.\n"
        ),
    }
    run = web_site(files=draft)
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
