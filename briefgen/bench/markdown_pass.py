"""The CommonMark pass alone: what the briefing pages cost the engine, and nothing else.

Renders the page of every briefing that the last build rendered
(``.briefgen/rendered/briefings/*.md`` under the site root) to HTML, in one
process, once, as the publish step does for each page, with the site's
engine (markdown-it-pyrs).  Like the render floor, it reads and renders;
unlike it, the Markdown is the annotated page (tips, terms, sources,
claims, notes, related briefings), not the bare article.  Run as
``python -m briefgen.bench.markdown_pass SITE_ROOT``; with ``--compare`` it
prints milliseconds per page (the best of ``--repeat`` passes) of the
engine and of markdown-it-py's CommonMark renderer on the same pages, and
how many pages both make the same HTML of.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt as PythonMarkdownIt

from briefgen.publish.plugin.bodies import split_front_matter
from briefgen.publish.plugin.markdown import page_html


def pages_of(root: Path) -> list[str]:
    """The Markdown of every rendered briefing page under ``root``."""
    pages = []
    for path in sorted((root / ".briefgen" / "rendered" / "briefings").glob("*.md")):
        _front, body = split_front_matter(path.read_text(encoding="utf-8"))
        pages.append(body)
    if not pages:
        raise SystemExit(f"no rendered briefings under {root}: build the site first")
    return pages


def ms_per_page(render: Callable[[str], str], pages: list[str], repeat: int) -> float:
    """The best of ``repeat`` passes over ``pages``, in milliseconds per page."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for page in pages:
            render(page)
        best = min(best, time.perf_counter() - started)
    return best / len(pages) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pages = pages_of(args.root)
    if not args.compare:
        for page in pages:
            page_html(page)
        return
    python = PythonMarkdownIt("commonmark")
    same = sum(page_html(page) == python.render(page) for page in pages)
    fast = ms_per_page(page_html, pages, args.repeat)
    slow = ms_per_page(python.render, pages, args.repeat)
    print(f"{len(pages)} pages, same HTML from both engines: {same}/{len(pages)}")
    print(f"markdown-it-pyrs {fast:.3f} ms/page, markdown-it-py {slow:.3f} ms/page "
          f"({slow / fast:.1f}x); load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
