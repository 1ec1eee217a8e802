"""Drafts (``status: draft``): a page under drafts/<slug>/ and no trace anywhere else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, Run, run_briefgen, write_files

PUBLISHED = {
    "content/briefings/alpha.txt": """\
        Ankara and the YPG

        Turkey says the YPG, which leads the SDF, must disband.
        """,
    "content/briefings/alpha.yaml": """\
        date: 2025-02-06
        outlet: wire
        tags: [Kurds]
        summary: Ankara raises the pressure.
        """,
}
DRAFT_ARTICLE = """\
    Quillfeather draft headline

    The YPG and the SDF meet again, says the wire.
    """
DRAFT_SIDECAR = """\
    date: 2025-03-01
    outlet: wire
    status: draft
    tags: [Kurds, Quillfeather-only]
    summary: Not ready yet.
    sources: [wire]
    claims:
      - quote: The YPG and the SDF meet again
        source: wire
        credibility: 2
    related:
      - slug: alpha
    """
MARK = "quillfeather"  # in the draft's headline and its own tag, nowhere else


def _files_mentioning(output: Path, needle: str) -> list[str]:
    found = []
    for path in sorted(output.rglob("*")):
        if path.is_file() and needle in path.read_bytes().decode("utf-8", "replace").lower():
            found.append(str(path.relative_to(output)))
    return found


def _draft_site(site: Callable[..., Run], sidecar: str = DRAFT_SIDECAR) -> Run:
    return site({**PUBLISHED, "content/briefings/beta.txt": DRAFT_ARTICLE,
                 "content/briefings/beta.yaml": sidecar})


def test_a_draft_is_published_only_under_drafts(site: Callable[..., Run]) -> None:
    run = _draft_site(site)
    assert run.status == 0, run.stderr
    assert run.diagnostics == []
    output = run.root / "output"
    # Its page, and the preview's list of drafts: no link to it from any other page or feed.
    assert _files_mentioning(output, MARK) == ["drafts/beta/index.html", "drafts/index.html"]
    assert _files_mentioning(output, "beta/") == ["drafts/index.html"]
    page = run.page("drafts/beta/index.html")
    assert page.h1 is not None and page.h1.get_text(strip=True) == "Quillfeather draft headline"
    assert "Draft." in page.select_one(".draft-note").get_text()  # type: ignore[union-attr]
    # The draft links out like any briefing: to the published one it lists, and its marks work.
    assert page.select_one("[data-claim]") is not None
    assert page.select_one('a[href="../../briefings/alpha/"]') is not None
    assert not (output / "briefings" / "beta").exists()
    # Published pages: the term, source and tag pages list only the published briefing.
    for listing in ("glossary/ypg/index.html", "sources/wire/index.html",
                    "tags/kurds/index.html", "index.html"):
        assert "alpha/" in (output / listing).read_text(encoding="utf-8"), listing
    assert not (output / "tags" / "quillfeather-only").exists()


def test_a_preview_lists_its_drafts_at_drafts_index(site: Callable[..., Run]) -> None:
    older = "date: 2025-01-15\noutlet: wire\nstatus: draft\nsummary: Later.\n"
    run = site({**PUBLISHED, "content/briefings/beta.txt": DRAFT_ARTICLE,
                "content/briefings/beta.yaml": DRAFT_SIDECAR,
                "content/briefings/gamma.txt": "Gamma in the works\n\nThe SDF says little.\n",
                "content/briefings/gamma.yaml": older})
    assert run.status == 0, run.stderr
    output = run.root / "output"
    index = output / "drafts" / "index.html"
    page = run.page("drafts/index.html")
    links = [a["href"] for a in page.select(".briefing-list a[href]")]
    assert links == ["../drafts/beta/", "../drafts/gamma/"]  # newest first, like the site's index
    for link in links:  # each opens the draft's own page
        assert (index.parent / str(link) / "index.html").resolve().is_file()
    assert [h.get_text(strip=True) for h in page.select(".briefing-card__title")] == [
        "Quillfeather draft headline", "Gamma in the works"]
    assert "Not ready yet." in page.get_text()
    assert "alpha" not in index.read_text(encoding="utf-8")  # published: not a draft
    assert page.select_one('meta[name="robots"][content="noindex"]') is not None
    # Not for search engines (a preview writes no sitemap at all: its addresses
    # would not be absolute), nor linked from the site's pages.
    assert not (output / "sitemap.xml").exists()
    mentioning = _files_mentioning(output, "drafts/")
    assert [m for m in mentioning if not m.startswith("drafts/")] == ["robots.txt"]


def test_removing_the_status_key_publishes_it(site: Callable[..., Run]) -> None:
    assert _draft_site(site).status == 0
    run = _draft_site(site, DRAFT_SIDECAR.replace("    status: draft\n", ""))
    assert run.status == 0, run.stderr
    output = run.root / "output"
    assert not (output / "drafts").exists()
    assert (output / "briefings" / "beta" / "index.html").is_file()
    index = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Quillfeather draft headline" in index.get_text()
    assert "beta/" in (output / "glossary" / "ypg" / "index.html").read_text(encoding="utf-8")
    assert "beta/" in (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")


def test_make_publish_leaves_drafts_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import BASE_FILES

    # Publishing needs the site's absolute address (make publish SITEURL=...).
    monkeypatch.setenv("BRIEFGEN_SITEURL", "https://example.org/briefs")
    write_files(tmp_path, {**BASE_FILES, **PUBLISHED, "content/briefings/beta.txt": DRAFT_ARTICLE,
                           "content/briefings/beta.yaml": DRAFT_SIDECAR})
    run = run_briefgen(tmp_path, "build", "--settings", str(REPO / "publishconf.py"))
    # run_briefgen passes pelicanconf.py first; the later --settings wins.
    assert run.status == 0, run.stderr
    output = tmp_path / "output"
    assert (output / "briefings" / "alpha" / "index.html").is_file()
    assert _files_mentioning(output, MARK) == []
    assert not (output / "drafts").exists()


def test_a_link_to_a_draft_waits_for_it_and_a_bad_status_is_named(
    site: Callable[..., Run],
) -> None:
    linking = PUBLISHED["content/briefings/alpha.yaml"].rstrip(" ") + (
        "        related:\n          - slug: beta\n"
    )
    run = site({**PUBLISHED, "content/briefings/alpha.yaml": linking,
                "content/briefings/beta.txt": DRAFT_ARTICLE,
                "content/briefings/beta.yaml": DRAFT_SIDECAR})
    assert run.status == 0, run.stderr
    assert [line.split(": ", 1)[1] for line in run.diagnostics] == [
        "warning: related briefing 'beta' is a draft: the link is left out until it is "
        "published [briefgen.related-draft]"
    ]
    assert "content/briefings/alpha.yaml:6:" in run.diagnostics[0]
    assert _files_mentioning(run.root / "output", "beta/") == ["drafts/index.html"]

    bad = site({"content/briefings/beta.yaml": DRAFT_SIDECAR.replace("draft", "drfat", 1)})
    assert bad.status == 1
    assert any(
        "beta.yaml:3:9: error: expected one of draft, published but got 'drfat'; "
        "did you mean 'draft'? [briefgen.bad-status]" in line
        for line in bad.diagnostics
    ), bad.diagnostics
