"""The Pelican plugin: ``PLUGINS = ["briefgen.publish"]`` in pelicanconf.py.

:func:`register` only connects signals; the work is in

* :mod:`briefgen.publish.reader` - reads the rendered Markdown briefings;
* :mod:`briefgen.publish.generators` - glossary and sources pages;
* :mod:`briefgen.publish.writer` - renders only pages whose inputs changed;
* :mod:`briefgen.publish.markdown` - the markdown-it-py renderer;
* :mod:`briefgen.publish.filters` - Jinja filters for the theme.
"""

from __future__ import annotations

from typing import Any

from pelican import signals


def _add_reader(readers: Any) -> None:
    from briefgen.publish.reader import BriefingReader

    for extension in BriefingReader.file_extensions:
        readers.reader_classes[extension] = BriefingReader


def _add_generators(pelican: Any) -> list[type]:
    from briefgen.publish.generators import GlossaryGenerator, SourcesGenerator

    return [GlossaryGenerator, SourcesGenerator]


def _prepare_generator(generator: Any) -> None:
    from briefgen.publish.filters import install_filters

    install_filters(generator.env)
    # Pelican's own Markdown reader (python-markdown, not installed) would
    # warn that it cannot read our .md files, which BriefingReader reads.
    generator.readers.disabled_readers.pop("md", None)


def _writer(pelican: Any) -> type:
    from briefgen.publish.writer import BriefgenWriter

    return BriefgenWriter


def _absolute_feed_links(context: Any, feed: Any) -> None:
    from briefgen.publish.feeds import make_feed_links_absolute

    make_feed_links_absolute(context, feed)


def register() -> None:
    signals.readers_init.connect(_add_reader)
    signals.get_writer.connect(_writer)
    signals.get_generators.connect(_add_generators)
    signals.generator_init.connect(_prepare_generator)
    signals.feed_generated.connect(_absolute_feed_links)


def newest_first(article: Any) -> tuple[float, str]:
    """``ARTICLE_ORDER_BY`` key: newest first, then by slug, so ties are stable."""
    return (-article.date.timestamp(), article.slug)
