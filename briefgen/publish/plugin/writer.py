"""Pelican writer that renders only the pages whose inputs changed.

Pelican still decides every page and its context; this writer fingerprints
what is particular to each page (the values Pelican passes for it, such as
``article``, ``articles_page`` or ``term``, plus the site-wide lists for the
direct templates) before the template is rendered.  When the fingerprint
equals the previous build's and the page is still in the previous output,
the template is not rendered: the old file is hard-linked into the staging
folder, page by page as Pelican reaches it (linking the whole old tree up
front with ``cp -al`` kept a rebuild waiting on every link before its first
page).  Any other page is written to a fresh file (the hard link is broken
first), so the previous output is never modified.

Briefing pages' HTML is rendered from Markdown only here, when the page is
written (see :func:`briefgen.publish.plugin.reader.ensure_content`).

The run's :class:`~briefgen.publish.plugin.state.PluginState` (in Pelican's
settings) says what may be reused; without one the writer behaves exactly
like Pelican's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import jinja2.meta
from feedgenerator import Atom1Feed
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from briefgen.incremental import digest
from briefgen.model.page import to_plain
from briefgen.publish.plugin.pelican_api import HookedWriter
from briefgen.publish.plugin.reader import ensure_content, release_content
from briefgen.publish.plugin.state import plugin_state
from briefgen.workers import in_workers, ordered_map

SITE_LISTS = ("articles", "dates", "tags", "categories", "authors")


# --- many independent pages, written by worker processes ----------------------------


def write_pages(settings: dict[str, Any], count: int, write_page: Callable[[int], None]) -> None:
    """Call ``write_page(i)`` for every ``i`` below ``count``; with many, in worker processes.

    For the glossary's and the register's entry pages: each page is
    independent of the others, and they are written when the briefings'
    worker processes are done, so one core would sit idle (2,000 terms cost
    ~0.3 s at one page after another).  Each worker writes a slice of the
    pages through its copy of the writer; the pages it recorded in its copy
    of the run's :class:`~briefgen.publish.plugin.state.PageReuse` are then added to
    the building process's, in page order, so the record is the same as when
    written one after another.
    """
    state = plugin_state(settings)
    parallel = state.parallel if state is not None else None
    if state is None or parallel is None or not in_workers(
        count, parallel.workers, parallel.min_parallel_pages
    ):
        for index in range(count):
            write_page(index)
        return
    pages = state.pages
    step = -(-count // parallel.workers)
    slices = [(start, min(start + step, count)) for start in range(0, count, step)]

    def write_slice(bounds: tuple[int, int]) -> tuple[dict[str, str], int, int]:
        # In a worker: what these pages add to this process's copy of the record.
        pages.new_pages, pages.written, pages.skipped = {}, 0, 0
        pages.on_page = None  # progress is shown by the building process
        for index in range(*bounds):
            write_page(index)
        return pages.new_pages, pages.written, pages.skipped

    results = list(ordered_map(write_slice, slices, workers=parallel.workers, min_items=1, chunk=1))
    for new_pages, written, skipped in results:
        pages.new_pages.update(new_pages)
        pages.written += written
        pages.skipped += skipped
        if pages.on_page is not None:
            for _ in range(written):
                pages.on_page()


class _Fingerprints:
    """Digests of template values; big shared values are digested once.

    ``known`` gives the fingerprint of a value the run already knows (the
    site's listings, fingerprinted from the JSON they were read from), or None.
    """

    def __init__(self, known: Callable[[object], str | None] = lambda value: None) -> None:
        self.memo: dict[int, tuple[object, str]] = {}
        self.known = known

    def of(self, value: Any) -> str:
        if value is None or isinstance(value, str | int | float | bool):
            return f"{type(value).__name__}:{value}"
        remembered = self.memo.get(id(value))
        if remembered is not None and remembered[0] is value:
            return remembered[1]
        result = self._compute(value)
        if isinstance(value, list | dict | tuple | Content | URLWrapper) or is_record(value):
            self.memo[id(value)] = (value, result)  # keeps it alive: ids stay unique
        return result

    def _compute(self, value: Any) -> str:
        known = self.known(value)
        if known is not None:
            return known
        if isinstance(value, Content):
            own = value.metadata.get("briefgen_hash")
            return f"content:{own}" if own else digest("content", value.source_path or "")
        if isinstance(value, URLWrapper):
            return digest(type(value).__name__, value.name, value.slug, value.url)
        if isinstance(value, Page):
            return digest("page", str(value.number), self.of(value.object_list),
                          self.of(value.paginator))
        if isinstance(value, Paginator):
            return digest("paginator", str(value.num_pages), str(value.per_page),
                          str(value.count), value.name or "")
        if is_record(value):
            return digest("record", type(value).__qualname__, json.dumps(
                to_plain(value), ensure_ascii=False, sort_keys=True))
        if isinstance(value, dict | list):
            try:
                # Plain data (the site's listings of terms and sources): one pass
                # of json's C encoder instead of a digest per value.
                return digest("json", json.dumps(value, ensure_ascii=False, default=_not_plain))
            except (_NotPlain, TypeError, ValueError):
                pass
        if isinstance(value, dict):
            return digest("dict", *(f"{k}\0{self.of(v)}" for k, v in value.items()))
        if isinstance(value, list | tuple | set | frozenset):
            items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
            return digest(type(value).__name__, *(self.of(v) for v in items))
        if isinstance(value, dt.date | dt.datetime):
            return f"date:{value.isoformat()}"
        return f"object:{type(value).__module__}.{type(value).__qualname__}"


TemplateNames = dict[str, tuple[list[str], list[str]]]


def _names_in(
    environment: jinja2.Environment, source: str, known: TemplateNames
) -> tuple[frozenset[str], list[str]]:
    """The names a template's ``source`` reads and the templates it uses.

    ``known`` holds them by digest of the source and of the environment's
    syntax (which decides the parse); with the build's record there (see
    :class:`~briefgen.publish.plugin.state.PublishRequest`), a build parses
    only the templates that changed.
    """
    syntax = (
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        *sorted(environment.extensions),
    )
    key = digest(source, *(str(part) for part in syntax))
    found = known.get(key)
    if found is None:
        tree = environment.parse(source)
        found = known[key] = (
            sorted(jinja2.meta.find_undeclared_variables(tree)),
            [t for t in jinja2.meta.find_referenced_templates(tree) if t],
        )
    return frozenset(found[0]), list(found[1])


class _TemplateProxy:
    """Stands in for a template: renders only if the page's fingerprint changed."""

    def __init__(self, writer: BriefgenWriter, template: Any, context: dict[str, Any]) -> None:
        self.writer, self.template, self.context = writer, template, context

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)

    def render(self, localcontext: dict[str, Any]) -> str:
        name = localcontext["output_file"]
        if self.writer.decide(name, self.page_fingerprint(localcontext)):
            article = localcontext.get("article")
            if isinstance(article, Content):
                ensure_content(article, self.writer.state)
            try:
                return str(self.template.render(localcontext))
            finally:
                if isinstance(article, Content):
                    release_content(article, self.context)
        return ""

    def page_fingerprint(self, localcontext: dict[str, Any]) -> str:
        """Digest of the values this page's templates can see that other pages do not share.

        Only names that the template (or a template it extends, includes or
        imports) mentions count: Pelican passes more (``all_articles``) than
        our templates show.  Neighbouring pages count by number only.
        """
        fingerprints = self.writer.fingerprints
        used = self.writer.template_variables(self.template)
        if used is None:  # a template we cannot read: everything counts
            used = sorted(localcontext)
        own = [f"output_file\0{localcontext['output_file']}"]
        for key in used:
            value = localcontext.get(key, _MISSING)
            if value is _MISSING:
                continue
            if key.endswith(("_previous_page", "_next_page")):
                own.append(f"{key}\0{getattr(value, 'number', None)}")
            elif key in SITE_LISTS and f"{key}_page" in localcontext:
                continue  # the page of it is what is shown
            else:
                own.append(f"{key}\0{fingerprints.of(value)}")
        return digest(getattr(self.template, "name", "") or "", *sorted(own))


_MISSING = object()


class _NotPlain(Exception):
    """A value json cannot encode as is: it is fingerprinted value by value."""


def _not_plain(value: object) -> object:
    if is_record(value):
        return to_plain(value)  # a page record is plain data by its codec
    raise _NotPlain


def is_record(value: object) -> bool:
    """Whether ``value`` is a page record (:mod:`briefgen.model.page`): a dataclass instance."""
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


class _Discard:
    def write(self, text: str) -> int:
        return len(text)


class BriefgenWriter(HookedWriter):
    """Pelican's writer, plus the page reuse described in the module docstring."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.state = plugin_state(settings or {})
        self.fingerprints = _Fingerprints(
            self.state.known_fingerprint if self.state is not None else lambda value: None)
        self._skip: set[str] = set()
        self._variables: dict[str | None, list[str] | None] = {}
        self.template_names: TemplateNames = (
            self.state.request.template_names if self.state is not None else {})

    def template_variables(self, template: Any) -> list[str] | None:
        """Names a template and the templates it uses can read from the context."""
        name = getattr(template, "name", None)
        if name not in self._variables:
            environment = getattr(template, "environment", None)
            if not name or environment is None or environment.loader is None:
                self._variables[name] = None
            else:
                names: set[str] = set()
                seen: set[str] = set()
                pending = [name]
                while pending:
                    current = pending.pop()
                    if current in seen:
                        continue
                    seen.add(current)
                    source = environment.loader.get_source(environment, current)[0]
                    read, used = _names_in(environment, source, self.template_names)
                    names |= read
                    pending += used
                self._variables[name] = sorted(names)
        return self._variables[name]

    def decide(self, name: str, fingerprint: str) -> bool:
        """Record the page; True if it must be rendered and written."""
        name = os.path.normpath(name)
        if self.state is None:
            return True
        if self.state.pages.decide(name, fingerprint, self.output_path):
            return True
        self._skip.add(os.path.normpath(os.path.join(self.output_path, name)))
        return False

    @contextmanager
    def open_output(self, filename: str, encoding: str, override: bool) -> Iterator[Any]:
        path = os.path.normpath(filename)
        if path in self._skip:
            self._skip.discard(path)
            yield _Discard()
            return
        if os.path.lexists(path):
            os.unlink(path)  # break the hard link to the previous output
        with super().open_output(filename, encoding, override) as handle:
            yield handle

    def write_file(self, name: str, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> None:
        super().write_file(name, _TemplateProxy(self, template, context), context, *args,
                           **kwargs)

    def feed_item_added(self, feed: Any, item: Any) -> None:
        if isinstance(feed, Atom1Feed):
            # Pelican reads the title as HTML and strips its tags ("a <b> c"
            # became "a  c"); ours is the headline as written, plain text, and
            # an Atom title is text (feedgenerator escapes it).  RSS readers
            # often read titles as HTML, so an RSS feed keeps Pelican's.
            feed.items[-1]["title"] = str(item.title)

    def write_feed(self, elements: list[Any], context: dict[str, Any], path: str | None = None,
                   url: str | None = None, feed_type: str = "atom",
                   override_output: bool = False, feed_title: str | None = None) -> Any:
        shown = elements[: self.settings["FEED_MAX_ITEMS"]]
        if path:
            fingerprint = digest("feed", feed_type, feed_title or "", url or "",
                                 self.fingerprints.of(list(shown)))
            if not self.decide(path, fingerprint):
                return None
        for element in shown:
            ensure_content(element, self.state)
        return super().write_feed(elements, context, path, url, feed_type, override_output,
                                  feed_title)
