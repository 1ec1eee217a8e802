"""Atom feeds: the site's, and one per tag, glossary term and shared source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import feedparser
from bs4 import BeautifulSoup

from tests.conftest import Run

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(root: Path, path: str) -> ElementTree.Element:
    return ElementTree.parse(root / "output" / path).getroot()


def links(element: ElementTree.Element, rel: str) -> list[str]:
    return [link.get("href", "") for link in element.findall(f"{ATOM}link[@rel='{rel}']")]


def test_a_preview_feed_has_absolute_ids_and_links_relative_to_the_feed(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    # Each feed's alternate link is the page it follows: the front page, or the topic's page.
    for path, page in (("feeds/all.atom.xml", ""), ("feeds/glossary/ypg.atom.xml", "glossary/ypg/"),
                       ("feeds/tags/kurds.atom.xml", "tags/kurds/"),
                       ("feeds/sources/wire.atom.xml", "sources/wire/")):
        root = feed(run.root, path)
        text = (run.root / "output" / path).read_text(encoding="utf-8")
        assert "tag:None" not in text and 'href="/"' not in text, path
        ids = [root.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in
                                                root.findall(f"{ATOM}entry")]
        assert all(i and i.startswith("urn:uuid:") for i in ids), (path, ids)
        # Relative hrefs resolve against the feed's own address, under any sub-path.
        here = "http://host/sub/" + path
        assert urljoin(here, links(root, "self")[0]) == here
        assert urljoin(here, links(root, "alternate")[0]) == "http://host/sub/" + page
        assert (run.root / "output" / page / "index.html").is_file()
        for entry in root.findall(f"{ATOM}entry"):
            target = urljoin(here, links(entry, "alternate")[0])
            assert target.startswith("http://host/sub/briefings/"), target
            assert (run.root / "output" / target.removeprefix("http://host/sub/")
                    / "index.html").is_file()


def test_topic_feeds_hold_the_briefings_of_their_topic_newest_first(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr

    def titles(path: str) -> list[str | None]:
        return [e.findtext(f"{ATOM}title") for e in feed(run.root, path).findall(f"{ATOM}entry")]

    assert titles("feeds/tags/kurds.atom.xml") == ["Kobani truce holds", "Ankara and the YPG"]
    assert titles("feeds/tags/turkey.atom.xml") == ["Ankara and the YPG"]
    assert titles("feeds/glossary/sdf.atom.xml") == ["Kobani truce holds", "Ankara and the YPG"]
    assert titles("feeds/glossary/ypg.atom.xml") == ["Ankara and the YPG"]
    # Claims attributed to the shared source "wire" are in both briefings;
    # the sidecar's own source has no feed (it is not in the register).
    assert titles("feeds/sources/wire.atom.xml") == ["Kobani truce holds", "Ankara and the YPG"]
    assert not (run.root / "output/feeds/sources/official.atom.xml").exists()


def test_each_topic_page_announces_its_feed_by_a_relative_link_in_head_and_page(
    web_site: Callable[..., Run],
) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    for page, feed_path in [
        ("tags/kurds/", "feeds/tags/kurds.atom.xml"),
        ("glossary/ypg/", "feeds/glossary/ypg.atom.xml"),
        ("sources/wire/", "feeds/sources/wire.atom.xml"),
    ]:
        soup = run.page(page + "index.html")
        hrefs = [link["href"] for link in soup.select(
            'head link[rel="alternate"][type="application/atom+xml"]')]
        own = [h for h in hrefs if not h.endswith("all.atom.xml")]
        assert own == ["../../" + feed_path], (page, hrefs)
        # And in the page itself, for readers without feed discovery.
        shown = [a["href"] for a in soup.select('main a[type="application/atom+xml"]')]
        assert shown == ["../../" + feed_path], (page, shown)
        assert (run.root / "output" / feed_path).is_file()


def test_with_an_absolute_siteurl_feeds_use_it(web_site: Callable[..., Run]) -> None:
    run = web_site("SITEURL = 'https://example.org/briefs/'\n")
    assert run.status == 0, run.stderr
    root = feed(run.root, "feeds/glossary/sdf.atom.xml")
    assert root.findtext(f"{ATOM}id") == "https://example.org/briefs/feeds/glossary/sdf.atom.xml"
    assert links(root, "self") == ["https://example.org/briefs/feeds/glossary/sdf.atom.xml"]
    assert links(root, "alternate") == ["https://example.org/briefs/glossary/sdf/"]
    entry = root.findall(f"{ATOM}entry")[0]
    assert links(entry, "alternate") == ["https://example.org/briefs/briefings/kobani/"]
    assert entry.findtext(f"{ATOM}id") == "tag:example.org,2025-03-01:/briefs/briefings/kobani/"


def test_a_feed_entry_reads_as_prose_in_a_feed_reader(web_site: Callable[..., Run]) -> None:
    """A feed reader drops the page's CSS and script: what it shows must read right."""
    run = web_site()
    assert run.status == 0, run.stderr
    parsed = feedparser.parse((run.root / "output/feeds/all.atom.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.author == "Briefing desk"
    entry = next(e for e in parsed.entries if e.title == "Ankara and the YPG")
    assert entry.author == "Briefing desk"
    html = entry.content[0].value
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("[data-ann], [role=tooltip], .ann__badge, .ann__tip") == []
    text = soup.get_text(" ", strip=True)
    # Each claim: its passage, then its number and grade in words.
    assert "Officials said the militia would be targeted [claim 1 · possibly true] , and" in text
    assert "the Wire reported talks on airbases [claim 2 · cannot be judged] ." in text
    # A term reads as its words; its definition comes once, in the list at the end.
    assert "Turkey says the YPG, which leads the" in text
    assert text.count("Kurdish militia.") == 1
    assert text.index("Kurdish militia.") > text.index("[claim 2")
    # The entry's summary is the plain bottom line.
    assert "Ankara raises the pressure" in BeautifulSoup(entry.summary, "html.parser").get_text()


def test_topic_feeds_name_their_author(web_site: Callable[..., Run]) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    parsed = feedparser.parse((run.root / "output/feeds/tags/kurds.atom.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.author == "Briefing desk"
    assert [e.title for e in parsed.entries] == ["Kobani truce holds", "Ankara and the YPG"]
