"""The Pelican plugin: ``PLUGINS = ["briefgen.publish.plugin"]`` in pelicanconf.py.

:func:`register` only connects signals; the work is in

* :mod:`briefgen.publish.plugin.state` - the run's state, made at ``initialized``
  from what ``briefgen build`` asks, dropped at ``finalized``;
* :mod:`briefgen.publish.plugin.reader` - reads the rendered Markdown briefings;
* :mod:`briefgen.publish.plugin.listed` - makes the articles of unchanged ones from their rows;
* :mod:`briefgen.publish.plugin.bodies` - their body HTML, by workers when many;
* :mod:`briefgen.publish.plugin.generators` - glossary and sources pages;
* :mod:`briefgen.publish.plugin.writer` - renders only pages whose inputs changed;
* :mod:`briefgen.publish.plugin.markdown` - the CommonMark engine of the pages (markdown-it-pyrs);
* :mod:`briefgen.publish.plugin.filters` - Jinja filters for the theme;
* :mod:`briefgen.publish.plugin.feeds` - feed addresses and ids, one feed per topic;
* :mod:`briefgen.publish.plugin.sitepages` - search and 404 pages, sitemap.xml, robots.txt;
* :mod:`briefgen.publish.plugin.assets` - the theme's CSS and JS under content-hashed names;
* :mod:`briefgen.publish.plugin.structured_data` - a briefing's schema.org JSON-LD;
* :mod:`briefgen.publish.plugin.pelican_api` - what it uses of Pelican's private API.

Plain ``pelican`` with this plugin stops at once with one line saying to
run ``briefgen build``: only that command checks the content and renders the
briefings Pelican would publish.
"""

from __future__ import annotations

from typing import Any


def _add_reader(readers: Any) -> None:
    from briefgen.publish.plugin.reader import BriefingReader

    for extension in BriefingReader.file_extensions:
        readers.reader_classes[extension] = BriefingReader


def _add_generators(pelican: Any) -> list[type]:
    from briefgen.publish.plugin.feeds import TopicFeedsGenerator
    from briefgen.publish.plugin.generators import GlossaryGenerator, SourcesGenerator
    from briefgen.publish.plugin.sitepages import SitePagesGenerator

    return [GlossaryGenerator, SourcesGenerator, TopicFeedsGenerator, SitePagesGenerator]


def _prepare_generator(generator: Any) -> None:
    from briefgen.publish.outputs.siteurl import absolute_site_url
    from briefgen.publish.plugin.filters import install_filters
    from briefgen.publish.plugin.pelican_api import enable_reader

    install_filters(generator.env)
    enable_reader(generator.readers, "md")
    # The absolute address for canonical links and the like; SITEURL itself
    # is made relative per page (RELATIVE_URLS).
    generator.context["SITE_ADDRESS"] = absolute_site_url(generator.settings) or ""


NOT_BRIEFGEN = (
    "briefgen: this site is built with `briefgen build` (plain `pelican` does not "
    "check the content or render the briefings it would publish)"
)


def _open_state(pelican: Any) -> None:
    from briefgen.publish.plugin.assets import theme_assets
    from briefgen.publish.plugin.state import open_state

    # Signals are process-wide: a Pelican run without this plugin is none of ours.
    ours = __name__ in pelican.settings.get("PLUGINS", ())
    if open_state(pelican.settings) is None and ours:
        raise SystemExit(NOT_BRIEFGEN)
    if ours:
        # Before Pelican copies the settings into the templates' context.
        pelican.settings["THEME_ASSETS"] = theme_assets(pelican.settings)


def _serve_listed(generator: Any) -> None:
    """Articles of unchanged rendered files come from their listing rows (see
    :mod:`briefgen.publish.plugin.listed`), not from reading the files."""
    from briefgen.publish.plugin.pelican_api import serve_articles
    from briefgen.publish.plugin.state import plugin_state

    state = plugin_state(generator.settings)
    if state is not None:
        listed = state.listed
        serve_articles(generator, lambda path: listed.article(
            generator.path, path, generator.settings, generator.context))


def _articles_read(generator: Any) -> None:
    """Every article is made: record the rows of those read from their files."""
    from itertools import chain

    from briefgen.publish.plugin.pelican_api import quick_tag_membership
    from briefgen.publish.plugin.state import plugin_state

    state = plugin_state(generator.settings)
    if state is not None:
        quick_tag_membership(generator)
        state.listed.record(list(chain(
            generator.articles, generator.translations, generator.hidden_articles,
            generator.hidden_translations, generator.drafts, generator.drafts_translations,
        )), generator.path)


def _close_state(pelican: Any) -> None:
    from briefgen.publish.plugin.state import close_state

    close_state(pelican.settings)


def _writer(pelican: Any) -> type:
    from briefgen.publish.plugin.writer import BriefgenWriter

    return BriefgenWriter


def _fix_feed(context: Any, feed: Any) -> None:
    from briefgen.publish.plugin.feeds import fix_feed

    fix_feed(context, feed)


def _article_starting(generator: Any, content: Any) -> None:
    from briefgen.publish.plugin.state import plugin_state

    state = plugin_state(generator.settings)
    if state is not None:
        state.article_starting(content.date, str(generator.output_path))


def _articles_written(generator: Any, writer: Any) -> None:
    from briefgen.publish.plugin.state import plugin_state

    state = plugin_state(generator.settings)
    if state is not None:
        state.articles_written(str(writer.output_path))


def _finish_site(pelican: Any) -> None:
    """Every page is written (into the staging folder): the theme's files under
    their hashed names, sitemap, robots.txt.

    The search index is made by the build once the staging folder is
    complete (see :mod:`briefgen.publish.outputs.staging`).
    """
    from pathlib import Path

    from briefgen.publish.plugin.assets import publish_assets
    from briefgen.publish.plugin.sitepages import write_site_files

    if "THEME_ASSETS" in pelican.settings:
        publish_assets(Path(pelican.output_path), pelican.settings)
    write_site_files(pelican)


def register() -> None:
    # Imported here: the package also holds modules (markdown, filters) that
    # must not load Pelican for those who import them.
    from pelican import signals

    signals.initialized.connect(_open_state)
    # The site's files are made while the run's state is open (the sitemap's dates).
    signals.finalized.connect(_finish_site)
    signals.finalized.connect(_close_state)
    signals.readers_init.connect(_add_reader)
    signals.article_generator_init.connect(_serve_listed)
    signals.article_generator_finalized.connect(_articles_read)
    signals.get_writer.connect(_writer)
    signals.get_generators.connect(_add_generators)
    signals.generator_init.connect(_prepare_generator)
    signals.feed_generated.connect(_fix_feed)
    # The search index's shards of the briefings are started as their pages are written.
    signals.article_generator_write_article.connect(_article_starting)
    signals.article_writer_finalized.connect(_articles_written)


def newest_first(article: Any) -> tuple[float, str]:
    """``ARTICLE_ORDER_BY`` key: newest first, then by slug, so ties are stable."""
    return (-article.date.timestamp(), article.slug)
