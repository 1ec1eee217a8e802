"""Atom feeds: addresses and ids that are right, and one feed per topic.

A briefing's HTML links relative to its own page (``../../glossary/ypg/``),
which is what makes the site work from any sub-path; a feed is a document of
its own, so every address in it is rewritten for the feed: absolute under
an absolute ``SITEURL``, else relative to the feed's own location (a feed
reader resolves it against the feed's address, so a preview's feed works
under any sub-path too).  Ids are permanent absolute IRIs either way (see
:mod:`briefgen.publish.outputs.siteurl`).

A feed reader shows an entry without the site's CSS and script, so an
entry's content is the briefing as prose (:func:`feed_prose`: each claim's
and note's number and grade in words after its passage, a term as its
words, no tips; definitions once, in the list after the article), not the
page's HTML with its badges and tips.  Feeds name their author (``AUTHOR``,
the desk).

Besides the site's feed (Pelican's, fixed by :func:`fix_feed` on its
``feed_generated`` signal), :class:`TopicFeedsGenerator` writes one feed per
tag, per glossary term (the briefings it occurs in) and per source of the
shared register (the briefings with claims attributed to it, and those
that settle one of its claims), at
``TOPIC_FEED_ATOM`` (e.g. ``feeds/{kind}/{id}.atom.xml``).  Topic feeds carry
summaries, not whole briefings: a site has hundreds of topics.
"""

from __future__ import annotations

import io
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from feedgenerator import Atom1Feed, get_tag_uri
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from pelican.generators import Generator
from pelican.utils import set_date_tzinfo

from briefgen.incremental import digest
from briefgen.model.page import SiteListings
from briefgen.publish.outputs.siteurl import absolute_site_url, permanent_id, relative_url

# Attribute values in our HTML are escaped by markdown-it and Jinja, so a
# double-quoted value never contains a raw double quote.
_LINK_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
# Stands for the site root while relative links are resolved; never written.
_PREVIEW_ROOT = "https://preview.invalid/"
TOPIC_KINDS = ("tags", "glossary", "sources")


def rewrite_links(html: str, rewrite: Callable[[str], str]) -> str:
    def replace(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{rewrite(match.group(2))}"'

    return _LINK_ATTRIBUTE.sub(replace, html)


class FeedAddresses:
    """How the feed at ``feed_path`` (from the site root) writes addresses and ids."""

    def __init__(self, settings: Mapping[str, Any], feed_path: str) -> None:
        self.settings = settings
        self.feed_path = feed_path.lstrip("/")
        self.base = absolute_site_url(settings)
        self.root = self.base or _PREVIEW_ROOT

    def link(self, path: str) -> str:
        """The address of the page at ``path`` (from the site root), as the feed writes it."""
        if self.base is not None:
            return self.base + path.lstrip("/")
        path, hash_mark, fragment = path.partition("#")
        return relative_url(path, self.feed_path) + hash_mark + fragment

    def entry_id(self, path: str, date: Any) -> str:
        if self.base is not None:
            return str(get_tag_uri(self.base + path.lstrip("/"), date))
        return permanent_id(self.settings, path)

    def html(self, html: str, page_path: str) -> str:
        """HTML written for the page at ``page_path``, its links rewritten for the feed."""
        page = self.root + page_path.lstrip("/")

        def rewrite(href: str) -> str:
            resolved = urljoin(page, href)
            if not resolved.startswith(self.root) or urlsplit(href).scheme:
                return resolved
            return self.link(resolved[len(self.root) :])

        return rewrite_links(html, rewrite)

    def fill(self, feed: Atom1Feed, page: str = "") -> None:
        """The feed's own addresses; its alternate link is the page it follows (the front page)."""
        feed.feed["link"] = self.link(page)
        feed.feed["feed_url"] = self.link(self.feed_path)
        feed.feed["id"] = permanent_id(self.settings, self.feed_path)


def _site_path(url: str, prefix: object) -> str:
    """``url`` (as Pelican joined it to SITEURL or FEED_DOMAIN) as a path from the site root."""
    prefix = str(prefix or "").rstrip("/")
    if prefix and url.startswith(prefix + "/"):
        return url[len(prefix) + 1 :]
    return url.lstrip("/")


def fix_feed(context: dict[str, Any], feed: Any) -> None:
    """``feed_generated`` handler: right addresses and ids in a feed Pelican made."""
    if not isinstance(feed, Atom1Feed):
        return
    feed_path = _site_path(feed.feed.get("feed_url") or "",
                           context.get("FEED_DOMAIN") or context.get("SITEURL"))
    from briefgen.publish.plugin.bodies import prose_of_file
    from briefgen.publish.plugin.state import plugin_state

    addresses = FeedAddresses(context, feed_path)
    addresses.fill(feed)
    feed.feed["author_name"] = feed.feed.get("author_name") or context.get("AUTHOR") or None
    by_path = {str(article.url): article for article in context.get("articles") or []}
    paths = [_site_path(item.get("link") or "", context.get("SITEURL")) for item in feed.items]
    # Each briefing's prose, by workers when the build has them (see .bodies).
    sources = [str(by_path[path].source_path)
               for item, path in zip(feed.items, paths, strict=True)
               if item.get("content") and path in by_path]
    state = plugin_state(context)
    made = state.bodies.proses(sources) if state is not None else map(prose_of_file, sources)
    proses = dict(zip(sources, made, strict=True))
    for item, path in zip(feed.items, paths, strict=True):
        item["link"] = addresses.link(path)
        item["unique_id"] = addresses.entry_id(path, item.get("pubdate"))
        article = by_path.get(path)
        if item.get("content") and article is not None:
            item["content"] = proses[str(article.source_path)]
        for field in ("description", "content"):
            if item.get(field):
                item[field] = addresses.html(item[field], path)


def feed_prose(html: str) -> str:
    """A briefing's body HTML (annotations as :mod:`briefgen.markup` writes them) as
    prose that reads right with no CSS or script: tips left out, each badge
    as text after its passage ("[claim 2 · possibly true]"), a term's link and
    the annotations' spans unwrapped, list entries' empty targets dropped."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select(".ann__tip, span.target"):
        element.decompose()
    for ui in soup.select(".ann__ui"):
        badge = ui.select_one(".ann__badge")
        said = soup.new_tag("small")
        said.string = f"[{badge.get_text()}]" if badge is not None else ""
        ui.replace_with(" ", said)
    for element in soup.select(".ann--term > a.ann__trigger, span.ann"):
        element.unwrap()
    return str(soup)


def newest_first(articles: Iterable[Any], limit: int | None) -> list[Any]:
    """The ``limit`` newest of ``articles`` (all when None), newest first, ties by slug."""
    return sorted(articles, key=lambda a: (-a.date.timestamp(), a.slug))[:limit]


class _Entries(Atom1Feed):
    """An Atom feed whose entries are given as the XML :func:`entry_xml` made,
    with their dates."""

    def __init__(self, entries: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries = entries
        self.out: Any = None

    def latest_post_date(self) -> Any:
        """The feed's ``updated``: its latest entry's date."""
        dates = [date for _xml, date in self.entries if date]
        return max(dates) if dates else super().latest_post_date()

    def write(self, outfile: Any, encoding: str) -> None:
        self.out = outfile  # a text stream: the handler writes to it as it goes
        super().write(outfile, encoding)

    def write_items(self, handler: Any) -> None:
        for xml, _date in self.entries:
            self.out.write(xml)


def _entry_fields(addresses: FeedAddresses, article: Any, timezone: Any) -> dict[str, Any]:
    """An entry of the article (summary only) as ``Atom1Feed.add_item`` takes it."""
    path = str(article.url)
    return {
        "title": str(article.title),
        "link": addresses.link(path),
        "unique_id": addresses.entry_id(path, article.date),
        "description": addresses.html(str(article.summary), path),
        "categories": [tag.name for tag in getattr(article, "tags", [])] or None,
        "author_name": str(getattr(article, "author", "") or "") or None,
        "pubdate": set_date_tzinfo(article.date, timezone),
    }


def entry_xml(fields: dict[str, Any]) -> tuple[str, Any]:
    """An Atom entry's XML as :class:`Atom1Feed` writes it, and its date."""
    feed = Atom1Feed(title="", link="", description="")
    feed.add_item(**fields)
    out = io.StringIO()
    handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    feed.write_items(handler)
    return out.getvalue(), feed.items[0]["pubdate"]


def topic_feed(
    settings: Mapping[str, Any],
    feed_path: str,
    title: str,
    shown: Iterable[Any],
    page: str = "",
    entries: dict[tuple[str, int], tuple[str, Any]] | None = None,
) -> str:
    """The Atom feed of the articles ``shown`` (in that order), summaries only, as text;
    ``page`` is the topic's page (a path from the site root), its alternate link.

    An entry depends on the article and the feed's folder alone (addresses are
    relative to it): ``entries`` keeps them by both, for the other feeds of a folder.
    """
    addresses = FeedAddresses(settings, feed_path)
    timezone = settings.get("TIMEZONE")
    folder = posixpath.dirname(addresses.feed_path)
    made = entries if entries is not None else {}
    shown_entries: list[tuple[str, Any]] = []
    for article in shown:
        # By the article object: Pelican works its URL out again at every ``.url``.
        known = made.get((folder, id(article)))
        if known is None:
            known = made[(folder, id(article))] = entry_xml(
                _entry_fields(addresses, article, timezone))
        shown_entries.append(known)
    feed = _Entries(
        shown_entries,
        title=f"{settings.get('SITENAME', '')} - {title}", link="", description="",
        feed_url=None, author_name=str(settings.get("AUTHOR") or "") or None,
    )
    addresses.fill(feed, page)
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue()


class TopicFeedsGenerator(Generator):
    """One Atom feed per tag, glossary term and shared source with at least one briefing."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        from briefgen.publish.plugin.state import plugin_state

        pattern = self.settings.get("TOPIC_FEED_ATOM")
        if not pattern:
            return
        articles = self.context.get("articles") or []
        by_slug = {article.slug: article for article in articles}
        state = plugin_state(self.settings)
        listings = state.site_listings() if state is not None else SiteListings()
        topics: list[tuple[str, str, str, list[Any]]] = []
        for tag, tagged in sorted(self.context.get("tags") or [], key=lambda t: t[0].slug):
            topics.append(("tags", tag.slug, f"tag {tag.name}", list(tagged)))
        pages = {("tags", tag.slug): str(tag.url) for tag, _ in self.context.get("tags") or []}
        for term_id, term in sorted(listings.terms.items()):
            refs = [by_slug[r.slug] for r in term.briefings if r.slug in by_slug]
            topics.append(("glossary", term_id, term.term, refs))
        for source_id, listing in sorted(listings.sources.items()):
            slugs = dict.fromkeys(claim.briefing.slug for claim in listing.claims)
            # A briefing that settles one of its claims is news about the source too.
            slugs.update(
                dict.fromkeys(
                    claim.settled.briefing.slug for claim in listing.claims if claim.settled
                )
            )
            refs = [by_slug[slug] for slug in slugs if slug in by_slug]
            topics.append(("sources", source_id, listing.source.name, refs))
        fingerprints = getattr(writer, "fingerprints", None)
        limit = self.settings.get("FEED_MAX_ITEMS") or None
        entries: dict[tuple[str, int], tuple[str, Any]] = {}
        for kind, topic_id, title, refs in topics:
            if not refs:
                continue
            path = pattern.format(kind=kind, id=topic_id)
            shown = newest_first(refs, limit)
            page = pages.get((kind, topic_id), f"{kind}/{topic_id}/")
            # A feed is made from its title and its entries' pages alone (the
            # settings are in every page's fingerprint): an unchanged one is
            # reused without being made.
            if fingerprints is not None and reuse_generated(
                writer, path, digest("topic-feed", path, title, page, fingerprints.of(shown))
            ):
                continue
            write_text(writer, path, topic_feed(self.settings, path, title, shown, page, entries))


def reuse_generated(writer: Any, path: str, fingerprint: str) -> bool:
    """Whether the file at ``path`` is unchanged since the previous output (then it is
    linked from there); False when it must be written (or the writer reuses nothing)."""
    decide = getattr(writer, "decide", None)
    return decide is not None and not decide(path, fingerprint)


def write_generated(writer: Any, path: str, text: str) -> None:
    """Write a file made without a template; an incremental build reuses an unchanged one."""
    if not reuse_generated(writer, path, digest("generated", text)):
        write_text(writer, path, text)


def write_text(writer: Any, path: str, text: str) -> None:
    """Write ``text`` at ``path`` under the writer's output folder."""
    import os

    target = os.path.join(writer.output_path, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.lexists(target):
        os.unlink(target)  # never write through a hard link into the previous output
    with open(target, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
