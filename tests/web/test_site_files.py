"""sitemap.xml, robots.txt, 404 page, favicon, head tags, and SITEURL in one place."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr
from pathlib import Path
from xml.etree import ElementTree

from briefgen.cli import main
from tests.conftest import REPO, Run, write_files
from tests.web.conftest import FILES

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def every_page(output: Path) -> set[str]:
    return {
        p.parent.relative_to(output).as_posix() + "/"
        for p in output.rglob("index.html")
        if not p.relative_to(output).as_posix().startswith(("pagefind/", "drafts/"))
    }


def test_the_sitemap_lists_every_page_and_robots_points_at_it(
    web_site: Callable[..., Run],
) -> None:
    run = web_site("SITEURL = 'https://example.org/briefs'\n")
    assert run.status == 0, run.stderr
    output = run.root / "output"
    locs = [loc.text for loc in ElementTree.parse(output / "sitemap.xml").getroot().iter(
        f"{SITEMAP}loc")]
    pages = {p.replace("./", "") for p in every_page(output)}
    assert sorted(locs) == sorted(f"https://example.org/briefs/{p}" for p in pages)
    assert "https://example.org/briefs/briefings/ankara/" in locs
    assert "https://example.org/briefs/search/" in locs
    robots = (output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "Sitemap: https://example.org/briefs/sitemap.xml" in robots
    assert "Disallow: /briefs/drafts/" in robots


def test_a_preview_sitemap_lists_relative_addresses_and_robots_has_no_sitemap_line(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    output = run.root / "output"
    locs = {loc.text for loc in ElementTree.parse(output / "sitemap.xml").getroot().iter(
        f"{SITEMAP}loc")}
    assert locs == {("./" if p == "./" else p) for p in every_page(output)}
    assert not any(line.startswith("Sitemap:") for line in
                   (output / "robots.txt").read_text(encoding="utf-8").splitlines())


def test_head_tags_describe_each_page_in_plain_text(web_site: Callable[..., Run]) -> None:
    run = web_site("SITEURL = 'https://example.org/briefs'\n")
    assert run.status == 0, run.stderr
    expected = {
        "briefings/ankara/index.html": (
            'Ankara raises the pressure </script><script>alert(1)</script> & “more”.',
            "article", "https://example.org/briefs/briefings/ankara/"),
        "glossary/ypg/index.html": ("Kurdish militia.", "website",
                                    "https://example.org/briefs/glossary/ypg/"),
        "sources/wire/index.html": ("Wire agency with a corrections policy.", "website",
                                    "https://example.org/briefs/sources/wire/"),
        "index.html": (None, "website", "https://example.org/briefs/"),
    }
    for page, (description, kind, address) in expected.items():
        soup = run.page(page)
        meta = {tag.get("name") or tag.get("property"): tag["content"]
                for tag in soup.select("head meta[content]")}
        if description is not None:
            assert meta["description"] == description, page
            assert meta["og:description"] == description
        assert meta["og:type"] == kind
        assert meta["og:url"] == address
        assert meta["twitter:card"] == "summary"
        assert meta["og:title"] == soup.title.string
        canonical = soup.select('head link[rel="canonical"]')
        assert [c["href"] for c in canonical] == [address]
        icon = soup.select_one('head link[rel="icon"]')
        assert icon is not None
        assert (run.root / "output" / Path(page).parent / icon["href"]).resolve().is_file()
    # The summary's markup never reaches the head as markup.
    head = (run.root / "output/briefings/ankara/index.html").read_text().split("</head>")[0]
    assert "<script>alert(1)" not in head


def test_without_an_absolute_siteurl_there_is_no_canonical_link(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    soup = run.page("briefings/ankara/index.html")
    assert soup.select('link[rel="canonical"]') == []
    assert soup.select('meta[property="og:url"]') == []
    assert soup.select_one('meta[property="og:title"]') is not None


def test_the_404_page_links_absolutely_under_an_absolute_siteurl(
    web_site: Callable[..., Run],
) -> None:
    run = web_site("SITEURL = 'https://example.org/briefs'\n")
    assert run.status == 0, run.stderr
    soup = run.page("404.html")
    assert soup.h1 is not None and soup.h1.get_text() == "Page not found"
    hrefs = [a["href"] for a in soup.select("a[href]")] + [
        link["href"] for link in soup.select("link[href]")]
    assert all(h.startswith(("https://example.org/briefs/", "#")) for h in hrefs), hrefs
    preview = web_site()
    assert preview.status == 0
    css = preview.page("404.html").select_one('link[rel="stylesheet"]')
    assert css is not None and css["href"] == "./theme/css/site.css"


def test_publishing_without_an_absolute_siteurl_is_an_error_and_leaves_output(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, FILES)
    output = tmp_path / "output"
    output.mkdir()
    (output / "keep.html").write_text("old", encoding="utf-8")
    for value in ("", "example.org/briefs", "/briefs"):
        stderr = io.StringIO()
        os.environ["BRIEFGEN_SITEURL"] = value
        try:
            with redirect_stderr(stderr):
                status = main(["build", "--root", str(tmp_path), "--settings",
                               str(REPO / "publishconf.py"), "--output", str(output)])
        finally:
            del os.environ["BRIEFGEN_SITEURL"]
        lines = stderr.getvalue().splitlines()
        assert status == 1
        assert "publishconf.py:1:1: error: " in lines[0], lines
        assert "SITEURL" in lines[0] and lines[0].endswith("[briefgen.bad-settings]")
        assert [p.name for p in output.iterdir()] == ["keep.html"]


def test_make_publish_takes_the_address_from_its_siteurl(tmp_path: Path) -> None:
    """The one documented place: ``make publish SITEURL=...`` (through publishconf.py)."""
    write_files(tmp_path, FILES)
    for name in ("Makefile", "pelicanconf.py", "publishconf.py"):
        (tmp_path / name).write_text((REPO / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    shutil.copytree(REPO / "themes", tmp_path / "themes")
    briefgen = Path(sys.executable).parent / "briefgen"
    make = ["make", "-s", f"BRIEFGEN={briefgen}", "STAMP="]
    result = subprocess.run([*make, "publish", "SITEURL=https://example.org/briefs"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    robots = (tmp_path / "output/robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/briefs/sitemap.xml" in robots
    failed = subprocess.run([*make, "publish"], cwd=tmp_path, capture_output=True,
                            text=True, check=False)
    assert failed.returncode != 0
    assert "publishing needs the site's absolute address in SITEURL" in failed.stderr
