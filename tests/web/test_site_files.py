"""sitemap.xml, robots.txt, 404 page, favicon, head tags, and SITEURL in one place."""

from __future__ import annotations

import hashlib
import io
import os
import re
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


def test_a_preview_has_no_sitemap_and_robots_says_why(web_site: Callable[..., Run]) -> None:
    # The protocol wants absolute <loc> addresses; a preview has none to give.
    run = web_site()
    assert run.status == 0, run.stderr
    output = run.root / "output"
    assert not (output / "sitemap.xml").exists()
    robots = (output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert not any(line.startswith("Sitemap:") for line in robots)
    assert any(line.startswith("# No sitemap: SITEURL is not an absolute address")
               for line in robots)


def test_each_sitemap_entry_has_the_date_its_page_last_changed(
    web_site: Callable[..., Run],
) -> None:
    run = web_site("SITEURL = 'https://example.org/briefs'\n")
    assert run.status == 0, run.stderr
    urls = ElementTree.parse(run.root / "output" / "sitemap.xml").getroot()
    lastmod = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
               for u in urls.iter(f"{SITEMAP}url")}
    site = "https://example.org/briefs/"
    # ankara is of 6 February, kobani of 1 March; each list page changed with
    # the latest briefing it lists.  Kobani shares the SDF with ankara, so it
    # joined ankara's related briefings on 1 March: that page changed then.
    related = run.page("briefings/ankara/index.html").select(".briefing-related a")
    assert [a.get_text() for a in related] == ["Kobani truce holds"]
    assert lastmod[site + "briefings/ankara/"] == "2025-03-01"
    assert lastmod[site + "briefings/kobani/"] == "2025-03-01"
    assert lastmod[site + "tags/turkey/"] == "2025-02-06"
    # Without the shared term, ankara's page keeps its own date.
    alone = web_site("SITEURL = 'https://example.org/briefs'\n", files={
        "content/briefings/kobani.txt": "Kobani truce holds\n\nThe truce in Kobani held.\n",
        "content/briefings/kobani.yaml": "date: 2025-03-01\noutlet: wire\nsummary: Quiet.\n"})
    assert alone.status == 0, alone.stderr
    urls = ElementTree.parse(alone.root / "output" / "sitemap.xml").getroot()
    dates = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
             for u in urls.iter(f"{SITEMAP}url")}
    assert dates[site + "briefings/ankara/"] == "2025-02-06"
    # A later briefing that settles one of ankara's claims changes ankara's page
    # (its claim's outcome, its story) though they share no term.
    settled = web_site("SITEURL = 'https://example.org/briefs'\n", files={
        "content/briefings/ankara.yaml": FILES["content/briefings/ankara.yaml"].replace(
            "credibility: 6\n", "credibility: 6\n        id: airbases\n"),
        "content/briefings/kobani.txt": "Kobani truce holds\n\nThe talks on airbases ended.\n",
        "content/briefings/kobani.yaml": (
            "date: 2025-03-01\noutlet: wire\nsummary: Quiet.\nfollows:\n"
            "  - claim: ankara#airbases\n    outcome: refuted\n"
            "    quote: The talks on airbases ended.\n")})
    assert settled.status == 0, settled.stderr
    assert "later refuted" in settled.page("briefings/ankara/index.html").get_text()
    urls = ElementTree.parse(settled.root / "output" / "sitemap.xml").getroot()
    dates = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
             for u in urls.iter(f"{SITEMAP}url")}
    assert dates[site + "briefings/ankara/"] == "2025-03-01"
    assert lastmod[site + "tags/kurds/"] == "2025-03-01"
    assert lastmod[site + "glossary/ypg/"] == "2025-02-06"
    assert lastmod[site + "sources/wire/"] == "2025-03-01"
    assert lastmod[site] == lastmod[site + "glossary/"] == "2025-03-01"
    # A page that changes with no briefing has no date rather than a made-up one.
    assert lastmod[site + "search/"] is None
    for loc, day in lastmod.items():
        assert loc and loc.startswith(site)
        assert day is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", day), (loc, day)


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
        # The site's one picture (SITE_IMAGE), at an absolute address.
        assert meta["og:image"] == "https://example.org/briefs/theme/images/share.png"
        assert meta["og:image:alt"] == "Briefings"
    assert (run.root / "output/theme/images/share.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
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
    assert soup.select('meta[property="og:image"]') == []  # Open Graph wants it absolute
    assert soup.select_one('meta[property="og:title"]') is not None


def test_the_404_page_links_absolutely_under_an_absolute_siteurl(
    web_site: Callable[..., Run],
) -> None:
    run = web_site("SITEURL = 'https://example.org/briefs'\n")
    assert run.status == 0, run.stderr
    soup = run.page("404.html")
    assert soup.h1 is not None and soup.h1.get_text() == "Page not found"
    hrefs = [a["href"] for a in soup.select("a[href]")] + [
        link["href"] for link in soup.select("link[href]")] + [
        form["action"] for form in soup.select("form[action]")]
    assert all(h.startswith(("https://example.org/briefs/", "#")) for h in hrefs), hrefs
    css = soup.select_one('link[rel="stylesheet"]')
    assert css is not None and (run.root / "output" / css["href"].removeprefix(
        "https://example.org/briefs/")).is_file()
    # Shown at any missing address: not for search engines, and no address of its own.
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup.select('link[rel="canonical"]') == [] == soup.select('meta[property="og:url"]')


def test_a_preview_404_page_is_self_contained_and_links_from_the_domain_root(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    soup = run.page("404.html")
    # Its style inline (no stylesheet to miss at a deep address), no script.
    assert soup.select('link[rel="stylesheet"]') == [] == soup.select("script")
    style = soup.select_one("head style")
    css = next((run.root / "output/theme/css").glob("site.*.css")).read_text(encoding="utf-8")
    assert style is not None and style.get_text() == css
    hrefs = [a["href"] for a in soup.select("a[href]")] + [
        link["href"] for link in soup.select("link[href]")] + [
        form["action"] for form in soup.select("form[action]")]
    assert hrefs and all(h.startswith(("/", "#")) and not h.startswith("//") for h in hrefs)
    assert "/" in hrefs and "/search/" in hrefs
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup.select('link[rel="canonical"]') == []


def test_css_and_js_have_content_hashed_names_and_favicon_ico_answers(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    output = run.root / "output"
    theme = sorted(p.relative_to(output).as_posix() for p in (output / "theme").rglob("*.*s"))
    assert theme and all(re.fullmatch(r"theme/(css|js)/[a-z]+\.[0-9a-f]{10}\.(css|js)", p)
                         for p in theme), theme
    for path in theme:
        digest = hashlib.sha256((output / path).read_bytes()).hexdigest()[:10]
        assert path.split(".")[-2] == digest, path
    loaded = set()
    for page in ("index.html", "briefings/ankara/index.html", "search/index.html"):
        soup = run.page(page)
        for element in soup.select('link[rel="stylesheet"], script[src]'):
            address = element.get("href") or element["src"]
            target = (output / page).parent / address
            assert target.resolve().is_file(), (page, address)
            loaded.add(target.resolve().relative_to(output.resolve()).as_posix())
    assert loaded == set(theme)
    icon = (output / "favicon.ico").read_bytes()
    assert icon[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert icon == (REPO / "themes/briefing/static/favicon.ico").read_bytes()


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
