"""The render floor: the least any generator must do with the same texts.

Read each article, render it with markdown-it-py, put it in a trivial Jinja
page and write it.  Run as ``python -m briefgen.bench.floor CONTENT OUTPUT``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

PAGE = jinja2.Template(
    "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>\n"
    "<body><h1>{{ title }}</h1>\n{{ body }}</body></html>\n",
    autoescape=True,
)


def render_floor(content: Path, output: Path) -> int:
    """Render every ``briefings/*.txt`` under ``content``; return the count."""
    md = MarkdownIt("commonmark")
    count = 0
    for path in sorted((content / "briefings").glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        html = jinja2.utils.markupsafe.Markup(md.render(body))
        target = output / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.render(title=title, body=html), encoding="utf-8")
        count += 1
    return count


if __name__ == "__main__":
    render_floor(Path(sys.argv[1]), Path(sys.argv[2]))
