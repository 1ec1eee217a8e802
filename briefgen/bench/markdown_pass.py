"""The markdown-it pass alone: what our pages cost markdown-it-py, and nothing else.

Renders the Markdown of every briefing that the last build rendered
(``.briefgen/rendered/briefings/*.md`` under the site root) to HTML with the
site's markdown-it-py renderer, in one process, as the publish step does for
each page.  Like the render floor, it reads and renders; unlike it, the
Markdown is the annotated page (tips, terms, sources, claims, notes,
related briefings), not the bare article.  It is the part of a full build
that no change short of rendering less Markdown can remove.  Run as
``python -m briefgen.bench.markdown_pass SITE_ROOT``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefgen.publish.plugin.bodies import split_front_matter
from briefgen.publish.plugin.markdown import BRIEFING_ROOT, create_markdown, render_markdown


def render_all(root: Path) -> int:
    """Render every rendered briefing under ``root``; return the count."""
    md = create_markdown()
    count = 0
    for path in sorted((root / ".briefgen" / "rendered" / "briefings").glob("*.md")):
        _front, body = split_front_matter(path.read_text(encoding="utf-8"))
        render_markdown(md, body, BRIEFING_ROOT)
        count += 1
    if count == 0:
        raise SystemExit(f"no rendered briefings under {root}: build the site first")
    return count


if __name__ == "__main__":
    render_all(Path(sys.argv[1]))
