"""Briefings' body HTML, made from the rendered Markdown when a page needs it.

Turning a briefing's Markdown into HTML is the largest single cost of a
full build, and each briefing is independent.  With many briefings to
publish, :class:`Bodies` hands the rendered files to worker processes (see
:class:`briefgen.workers.Lookahead`) while Pelican goes on reading every
file and writing pages; when the writer needs a page's HTML it takes the
worker's result, waiting for it if need be.  A briefing the workers were not
given is rendered in the building process.  The HTML is the same either
way, and so are the published bytes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from briefgen.publish.plugin.markdown import page_html
from briefgen.settings import Parallel
from briefgen.workers import Lookahead, in_workers


def split_front_matter(text: str) -> tuple[str, str]:
    """Return the front matter (the page record's JSON) and the Markdown that follows it."""
    if not text.startswith("---\n"):
        raise ValueError("a rendered briefing must start with a '---' front matter")
    end = text.index("\n---\n", 4)
    return text[4:end], text[end + 5 :]


def body_html(source_path: str) -> str:
    """The HTML of a rendered briefing's body."""
    with open(source_path, encoding="utf-8") as handle:
        _front, body = split_front_matter(handle.read())
    return page_html(body)


def prose_of_file(source_path: str) -> str:
    """A rendered briefing's body as the site's feed gives it (see
    :func:`briefgen.publish.plugin.feeds.feed_prose`)."""
    from briefgen.publish.plugin.feeds import feed_prose

    return feed_prose(body_html(source_path))


class Bodies:
    """Body HTML of rendered briefings; those in ``paths`` made by workers when many."""

    def __init__(self, paths: Sequence[str], parallel: Parallel) -> None:
        self.position: dict[str, int] = {}
        self.workers: Lookahead[str, str] | None = None
        if in_workers(len(paths), parallel.workers, parallel.min_parallel_bodies):
            absolute = [os.path.abspath(path) for path in paths]
            self.position = {path: index for index, path in enumerate(absolute)}
            # One process fewer than the cores: the building process writes
            # pages meanwhile, and Pagefind indexes them as they are written.
            # A body costs a fraction of what writing its page does, and a
            # forked worker holds as much memory as the build had when it forked.
            self.workers = Lookahead(
                body_html, absolute, workers=max(1, parallel.workers - 1),
                ahead=parallel.bodies_ahead,
            )

    def html(self, source_path: str) -> str:
        """The HTML of a briefing's body (from the workers, once, if they were given it)."""
        index = self.position.pop(os.path.abspath(source_path), None)
        if index is None or self.workers is None:
            return body_html(source_path)
        return self.workers.take(index)

    def proses(self, source_paths: Sequence[str]) -> list[str]:
        """:func:`prose_of_file` of each, by the workers when there are any (the
        site's feed asks for them at once, before Pelican writes a page)."""
        if self.workers is None:
            return [prose_of_file(path) for path in source_paths]
        return self.workers.map_now(prose_of_file, source_paths)

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()
            self.workers = None
