"""Page metadata of saved web pages: :func:`briefgen.ingest.metadata.read_page_metadata`."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from briefgen.ingest.metadata import PageDate, parse_page_date, read_page_metadata


def page(head: str, body: str = "<p>Body.</p>", lang: str = "en") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def test_a_full_head_fills_every_field() -> None:
    metadata = read_page_metadata(
        page(
            """<title>Ignored when og:title is there | Daily</title>
            <meta property="og:title" content="Pact  denied">
            <meta property="og:site_name" content="The Daily">
            <meta name="description" content="Ankara plays it down.">
            <meta name="author" content="Jane Doe">
            <meta property="article:published_time" content="2025-02-06T10:15:00+03:00">
            <link rel="canonical" href="https://www.example.org/world/pact">""",
            lang="en-GB",
        )
    )
    assert metadata.title == "Pact denied"
    assert metadata.byline == "Jane Doe"
    assert metadata.byline_source == "meta author"
    assert metadata.url == "https://www.example.org/world/pact"
    assert metadata.domain == "example.org"
    assert metadata.site_name == "The Daily"
    assert metadata.description == "Ankara plays it down."
    assert metadata.language == "en-GB"
    assert metadata.date is not None
    assert metadata.date.source == "article:published_time"
    assert metadata.date.written == "2025-02-06T10:15:00+03:00"


def test_a_date_time_keeps_its_offset_and_instant() -> None:
    metadata = read_page_metadata(
        page('<meta property="article:published_time" content="2025-02-06T23:30:00-05:00">')
    )
    assert metadata.date is not None
    value = metadata.date.value
    assert isinstance(value, dt.datetime)
    assert value.utcoffset() == dt.timedelta(hours=-5)
    assert value.day == 6  # not the next day, as in UTC
    assert metadata.date.iso == "2025-02-06T23:30:00-05:00"


def test_a_date_is_the_day_as_written() -> None:
    date = parse_page_date("2025-02-06", "test")
    assert date == PageDate("2025-02-06", dt.date(2025, 2, 6), "test")
    assert date is not None and date.iso == "2025-02-06"


@pytest.mark.parametrize(
    ("head", "body", "source", "iso"),
    [
        (
            '<meta property="og:article:published_time" content="2024-03-05T08:00:00Z">',
            "",
            "og:article:published_time",
            "2024-03-05T08:00:00+00:00",
        ),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
            '[{"@type": "WebPage"}, {"@type": "NewsArticle", '
            '"datePublished": "2024-03-05T09:10:00+01:00"}]}</script>',
            "",
            "JSON-LD datePublished",
            "2024-03-05T09:10:00+01:00",
        ),
        ('<meta name="pubdate" content="2024-03-05">', "", "meta pubdate", "2024-03-05"),
        ("", '<p class="post-date">Posted on 5th March, 2024</p>', "date in words", "2024-03-05"),
        ("", "<time>March 5, 2024 at noon</time>", "date in words", "2024-03-05"),
    ],
)
def test_date_sources(head: str, body: str, source: str, iso: str) -> None:
    date = read_page_metadata(page(head, body + "<p>Body.</p>")).date
    assert date is not None
    assert (date.source, date.iso) == (source, iso)


def test_a_placeholder_year_one_is_no_date_and_the_next_source_counts() -> None:
    date = read_page_metadata(
        page(
            '<script type="application/ld+json">{"datePublished": "0001-01-01T00:00:00Z"}</script>'
            '<meta name="pubdate" content="2024-03-05">'
        )
    ).date
    assert date is not None and date.source == "meta pubdate"


@pytest.mark.parametrize("written", ["", "soon", "31 February 2024", "2024-13-01"])
def test_unparsable_dates_are_none(written: str) -> None:
    assert parse_page_date(written, "test") is None


def test_byline_from_json_ld_and_profile_urls_skipped() -> None:
    metadata = read_page_metadata(
        page(
            '<meta property="article:author" content="https://facebook.com/jane">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
            '[{"@type": "Person", "name": "Ali Veli"}, {"name": "Ayşe Kaya"}]}</script>'
        )
    )
    assert (metadata.byline, metadata.byline_source) == ("Ali Veli, Ayşe Kaya", "JSON-LD author")


def test_og_url_when_no_canonical_link_and_title_element_fallback() -> None:
    metadata = read_page_metadata(
        page('<title>Only a title</title><meta property="og:url" content="http://news.example/a">')
    )
    assert metadata.url == "http://news.example/a"
    assert metadata.domain == "news.example"
    assert metadata.title == "Only a title"


def test_an_empty_page_has_no_metadata() -> None:
    metadata = read_page_metadata("<html><body></body></html>")
    assert (metadata.title, metadata.date, metadata.byline, metadata.url) == (None,) * 4
    assert metadata.language is None


def test_importable_without_pelican() -> None:
    code = (
        "import sys; from briefgen.ingest.metadata import read_page_metadata; "
        "read_page_metadata('<html><head><title>x</title></head></html>'); "
        "sys.exit(1 if 'pelican' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("head", "url"),
    [
        ('<link rel="canonical" href="https://daily.example/a">', "https://daily.example/a"),
        (
            '<link rel="canonical" href="/a"><meta property="og:url" content="https://d.example/b">',
            "https://d.example/b",
        ),
        ('<link rel="canonical" href="javascript:alert(1)">', None),
        ('<meta property="og:url" content="ftp://d.example/c">', None),
    ],
)
def test_article_facts_url_is_an_absolute_http_address_or_none(head: str, url: str | None) -> None:
    from lxml.html import document_fromstring

    from briefgen.ingest.metadata import read_article_facts

    assert read_article_facts(document_fromstring(page(head))).url == url
