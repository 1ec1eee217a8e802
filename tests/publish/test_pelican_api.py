"""What the plugin uses of Pelican's private API still works on the installed Pelican.

Each test drives one name of :mod:`briefgen.publish.plugin.pelican_api` through
real Pelican objects; a Pelican upgrade that renames or changes one fails
here, naming it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import jinja2
from feedgenerator import Atom1Feed
from pelican.contents import Article
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG

from briefgen.publish.plugin.pelican_api import (
    HookedWriter,
    enable_reader,
    forget_html,
    quick_tag_membership,
    serve_articles,
    set_html,
)


def settings(output: Path) -> dict[str, Any]:
    return {
        **DEFAULT_CONFIG,
        "OUTPUT_PATH": str(output),
        "SITEURL": "https://example.org",
        "FEED_DOMAIN": "https://example.org",
    }


def article(config: dict[str, Any], html: str = "") -> Article:
    metadata = {"title": "A title", "date": dt.datetime(2025, 1, 2), "slug": "a-title"}
    return Article(html, metadata=metadata, settings=config, source_path="a-title.md")


def test_set_html_is_what_pelican_then_shows(tmp_path: Path) -> None:
    content = article(settings(tmp_path))
    set_html(content, "<p>late body</p>")
    assert content.content == "<p>late body</p>"
    assert content.get_content("https://example.org") == "<p>late body</p>"


def test_forget_html_drops_pelicans_memoized_copy(tmp_path: Path) -> None:
    config = settings(tmp_path)
    content = article(config, "<p>first</p>")
    context = {"localsiteurl": config["SITEURL"]}
    assert content.get_content(config["SITEURL"]) == "<p>first</p>"
    forget_html(content, context)
    set_html(content, "<p>second</p>")
    # Without the memo dropped, Pelican would still answer "<p>first</p>".
    assert content.get_content(config["SITEURL"]) == "<p>second</p>"


def test_enable_reader_takes_md_off_the_disabled_list() -> None:
    readers = Readers({**DEFAULT_CONFIG, "READERS": {}})
    readers.disabled_readers.setdefault("md", object())
    enable_reader(readers, "md")
    assert "md" not in readers.disabled_readers


class RecordingWriter(HookedWriter):
    def __init__(self, output_path: str, settings: dict[str, Any]) -> None:
        super().__init__(output_path, settings=settings)
        self.opened: list[str] = []
        self.feed_items: list[tuple[Any, str]] = []

    def open_output(self, filename: str, encoding: str, override: bool) -> Any:
        self.opened.append(Path(filename).name)
        return super().open_output(filename, encoding, override)

    def feed_item_added(self, feed: Any, item: Any) -> None:
        self.feed_items.append((feed, feed.items[-1]["title"]))


def test_writer_hooks_see_every_page_and_feed_entry(tmp_path: Path) -> None:
    config = settings(tmp_path)
    writer = RecordingWriter(str(tmp_path), config)
    template = jinja2.Environment().from_string("page {{ output_file }}")
    writer.write_file("page.html", template, {}, relative_urls=False)
    assert (tmp_path / "page.html").read_text() == "page page.html"
    writer.write_feed([article(config, "<p>x</p>")], {**config}, "feed.xml")
    assert writer.opened == ["page.html", "feed.xml"]
    [(feed, title)] = writer.feed_items
    assert isinstance(feed, Atom1Feed) and title == "A title"
    assert "A title" in (tmp_path / "feed.xml").read_text()


def test_serve_articles_gives_the_generator_an_article_without_reading_its_file(
    tmp_path: Path,
) -> None:
    from pelican.generators import ArticlesGenerator

    content = tmp_path / "content"
    content.mkdir()
    # Read, it would make an article with no title, which Pelican skips.
    (content / "a-title.html").write_text("<html></html>", encoding="utf-8")
    config = {**settings(tmp_path / "out"), "PATH": str(content), "ARTICLE_PATHS": [""]}
    ready = article(config, "<p>made elsewhere</p>")
    context = {**config, "static_links": set(), "generated_content": {}}
    generator = ArticlesGenerator(context=context, settings=config, path=str(content),
                                  theme=config["THEME"], output_path=str(tmp_path / "out"))
    asked: list[str] = []

    def article_of(path: str) -> Article | None:
        asked.append(path)
        return ready

    serve_articles(generator, article_of)
    generator.generate_context()
    assert [os.path.normpath(path) for path in asked] == ["a-title.html"]
    assert generator.articles == [ready]


def test_quick_tag_membership_keeps_each_tags_articles(tmp_path: Path) -> None:
    config = settings(tmp_path)
    first, second, other = article(config), article(config), article(config)

    class Generator:
        def __init__(self) -> None:
            self.tags = {"t": [first, second]}

    generator = Generator()
    quick_tag_membership(generator)
    tagged = generator.tags["t"]
    assert list(tagged) == [first, second] and tagged[0] is first
    assert first in tagged and second in tagged
    assert other not in tagged  # by identity, as Pelican's contents compare
