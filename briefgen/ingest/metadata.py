"""What a saved web page says about itself: title, date, byline, address, outlet.

:func:`read_page_metadata` combines trafilatura's metadata extraction (which
reads OpenGraph, ``<meta>`` names, JSON-LD and the page's markup) with the
page's own tags where trafilatura keeps less than the page says: the
publication date keeps the time and offset the page writes (trafilatura
reduces it to a day), and fields trafilatura leaves empty are read from the
meta tags and JSON-LD directly.

Importable without Pelican: only lxml and trafilatura are needed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from briefgen.ingest.normalize import fold_whitespace

__all__ = [
    "ArticleFacts",
    "PageDate",
    "PageMetadata",
    "parse_page_date",
    "read_article_facts",
    "read_page_metadata",
]


@dataclass(frozen=True)
class PageDate:
    """A publication date as the page writes it, and what it means.

    ``value`` is a :class:`datetime.datetime` when the page gives a time (with
    its UTC offset when the page gives one, never shifted to UTC), else a
    :class:`datetime.date`: the day as the page writes it.
    """

    written: str
    value: dt.date | dt.datetime
    source: str  # where it was read, e.g. "article:published_time"

    @property
    def iso(self) -> str:
        """ISO 8601: ``2025-02-06`` or ``2025-02-06T10:15:00+03:00``."""
        return self.value.isoformat()


@dataclass(frozen=True)
class PageMetadata:
    """The page's own account of itself; any field may be missing."""

    title: str | None = None
    date: PageDate | None = None
    byline: str | None = None
    # "meta author", "article:author", "JSON-LD author", or "page text" for a
    # byline trafilatura found in the markup (less sure than metadata)
    byline_source: str | None = None
    url: str | None = None  # canonical: <link rel=canonical>, else og:url
    site_name: str | None = None
    domain: str | None = None  # host of ``url``, without "www."
    description: str | None = None
    language: str | None = None  # <html lang>


# Where a publication date is written, most precise first.
_DATE_META = ("article:published_time", "og:article:published_time")
_DATE_META_NAMES = ("pubdate", "publishdate", "publish-date", "date", "dc.date.issued")
_MONTH_NAMES = (
    "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
    "august aug", "september sep sept", "october oct", "november nov", "december dec",
)  # fmt: skip
_MONTHS = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4})"
_DAY_MONTH_YEAR = re.compile(rf"(?i)\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b")
_MONTH_DAY_YEAR = re.compile(rf"(?i)\b{_MONTH}\s+{_DAY}\s*,?\s+{_YEAR}\b")
# Elements whose words may carry the date: <time>, or a class/id naming a date.
_DATE_HOLDER = re.compile(r"(?i)date|time|publish|posted|byline|dateline")
_FIRST_YEAR = 1900
_URL = re.compile(r"(?i)^https?://[^\s/?#]+")


def parse_page_date(written: str, source: str) -> PageDate | None:
    """``written`` as ISO 8601 or as a date in words ("6 February 2025"), else None."""
    text = fold_whitespace(written)
    if not text:
        return None
    iso = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    try:
        value = dt.date.fromisoformat(iso) if len(iso) == 10 else dt.datetime.fromisoformat(iso)
    except ValueError:
        return _date_in_words(text, source)
    # CMSs write year 1 (0001-01-01) for "no date"
    return PageDate(text, value, source) if value.year >= _FIRST_YEAR else None


def _date_in_words(text: str, source: str) -> PageDate | None:
    for pattern, day_first in ((_DAY_MONTH_YEAR, True), (_MONTH_DAY_YEAR, False)):
        match = pattern.search(text)
        if match is None:
            continue
        first, second, year = match.groups()
        day, month = (first, second) if day_first else (second, first)
        try:
            value = dt.date(int(year), _MONTHS[month.lower().rstrip(".")], int(day))
        except ValueError:
            continue
        if value.year < _FIRST_YEAR:
            continue
        return PageDate(match.group(0), value, source)
    return None


def read_page_metadata(page: str | HtmlElement, base: str | None = None) -> PageMetadata:
    """The metadata of a saved page (its HTML text, or a tree parsed by lxml).

    ``base``: the address the page was fetched from, against which a relative
    canonical link (``href="/2019/11/story"``) is read.
    """
    from trafilatura import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(page) if isinstance(page, str) else page
    if tree is None:
        return PageMetadata()
    found = extract_metadata(tree, extensive=False)
    tags = _meta_tags(tree)
    facts = _facts(tree, tags, found.date, base)
    if facts.byline is None and _text(found.author):
        facts = replace(facts, byline=_text(found.author), byline_source="page text")
    # The page's own canonical address first (<link rel=canonical>, else og:url);
    # trafilatura's choice prefers og:url, which may be a sharing host.
    url = facts.url or _absolute(found.url)
    title = _text(found.title) or _text(tags.get("og:title")) or _title_element(tree)
    return PageMetadata(
        title=title,
        date=facts.date,
        byline=facts.byline,
        byline_source=facts.byline_source,
        url=url,
        site_name=_text(tags.get("og:site_name")) or _text(found.sitename),
        domain=_domain(url),
        description=_text(found.description) or _text(tags.get("description")),
        language=facts.language,
    )


@dataclass(frozen=True)
class ArticleFacts:
    """What the article reader takes from the page's metadata."""

    date: PageDate | None
    byline: str | None  # from meta tags or JSON-LD only, never guessed from the markup
    byline_source: str | None
    language: str | None = None  # <html lang>
    url: str | None = None  # <link rel=canonical>, else og:url; absolute http(s) only


def read_article_facts(tree: HtmlElement) -> ArticleFacts:
    """Date and byline of a page, without the rest of :func:`read_page_metadata`'s work."""
    return _facts(tree, _meta_tags(tree), None)


def _facts(
    tree: HtmlElement, tags: dict[str, str], found_date: str | None, base: str | None = None
) -> ArticleFacts:
    linked = list(_json_ld(tree))
    bylines = (
        ("meta author", _unless_url(tags.get("author"))),
        ("article:author", _unless_url(tags.get("article:author"))),
        ("JSON-LD author", _json_ld_author(linked)),
    )
    source, byline = next(((source, value) for source, value in bylines if value), (None, None))
    language = _text(tree.getroottree().getroot().get("lang"))
    url = _canonical_link(tree, base) or _absolute(_joined(base, tags.get("og:url")))
    date = _page_date(tree, tags, linked, found_date)
    return ArticleFacts(date, byline, source, language, url)


def _canonical_link(tree: HtmlElement, base: str | None = None) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return _absolute(_joined(base, link.get("href")))
    return None


def _joined(base: str | None, href: str | None) -> str | None:
    """``href`` read against ``base`` when there is one (a relative link made absolute)."""
    if base is None or not href or not href.strip():
        return href
    return urljoin(base, href.strip())


def _text(value: str | None) -> str | None:
    return fold_whitespace(value) or None if value else None


def _unless_url(value: str | None) -> str | None:
    """``article:author`` is often a profile URL, which is no byline."""
    return None if value is None or _URL.match(value.strip()) else _text(value)


def _absolute(value: str | None) -> str | None:
    return value.strip() if value and _URL.match(value.strip()) else None


def _domain(url: str | None) -> str | None:
    if url is None:
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host or None


def _title_element(tree: HtmlElement) -> str | None:
    element = tree.find(".//title")
    return _text(element.text_content()) if element is not None else None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """Content by lower-cased ``property``, ``name`` or ``itemprop``; the first wins."""
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content is not None:
            tags.setdefault(key.strip().lower(), content)
    return tags


def _json_ld(tree: HtmlElement) -> Iterator[dict[str, object]]:
    """Every JSON-LD object of the page, ``@graph`` members and list items included."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))


def _json_ld_author(objects: list[dict[str, object]]) -> str | None:
    for item in objects:
        author = item.get("author")
        authors = author if isinstance(author, list) else [author]
        names = [entry.get("name") if isinstance(entry, dict) else entry for entry in authors]
        written = [fold_whitespace(name) for name in names if isinstance(name, str)]
        written = [name for name in written if name]
        if written:
            return ", ".join(written)
    return None


def _page_date(
    tree: HtmlElement,
    tags: dict[str, str],
    linked: list[dict[str, object]],
    found: str | None,
) -> PageDate | None:
    """The first publication date that parses, most precise source first."""
    candidates: list[tuple[str, str]] = [(key, tags[key]) for key in _DATE_META if key in tags]
    candidates += [
        ("JSON-LD datePublished", value)
        for item in linked
        if isinstance(value := item.get("datePublished"), str)
    ]
    candidates += [(f"meta {key}", tags[key]) for key in _DATE_META_NAMES if key in tags]
    if "datepublished" in tags:  # <meta itemprop="datePublished">
        candidates.append(("itemprop datePublished", tags["datepublished"]))
    for element in tree.iter("time"):
        if element.get("datetime") and (
            element.get("pubdate") is not None or element.get("itemprop") == "datePublished"
        ):
            candidates.append(("<time>", element.get("datetime") or ""))
    for source, written in candidates:
        date = parse_page_date(written, source)
        if date is not None:
            return date
    return _date_in_page_words(tree) or (parse_page_date(found, "trafilatura") if found else None)


def _date_in_page_words(tree: HtmlElement) -> PageDate | None:
    """A date written in words in a ``<time>`` or an element named for dates."""
    for element in tree.iter("time", "span", "div", "p", "li"):
        if element.tag != "time":
            names = f"{element.get('class') or ''} {element.get('id') or ''}"
            if not _DATE_HOLDER.search(names):
                continue
        text = element.text_content()
        if len(text) <= 200:
            date = _date_in_words(text, "date in words")
            if date is not None:
                return date
    return None
