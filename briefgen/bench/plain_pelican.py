"""The peer: plain Pelican on the same texts, then Pagefind over its output.

:func:`prepare` turns each synthetic article into a Pelican Markdown file
(``Title:``/``Date:``/``Tags:`` header, the article text as the body, no
annotations).  Pelican 4.12 has no markdown-it reader of its own, so this
module is also the tiny plugin that adds one (``register``).  Run as
``python -m briefgen.bench.plain_pelican SOURCE OUTPUT [--search]``: with
``--search``, Pagefind indexes the whole output afterwards as a new user
would run it (``pagefind --site OUTPUT``, default theme, every page).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, ClassVar

from briefgen.bench.synth import article_texts


def prepare(content: Path, target: Path) -> None:
    """Write Pelican Markdown files for the briefings of ``content`` into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for slug, date, tags, text in article_texts(content):
        title, _, body = text.partition("\n\n")
        header = f"Title: {title}\nDate: {date}\nSlug: {slug}\nTags: {', '.join(tags)}\n\n"
        (target / f"{slug}.md").write_text(header + body, encoding="utf-8")


def _reader_class() -> type:
    from markdown_it import MarkdownIt
    from pelican.readers import BaseReader

    class MarkdownItReader(BaseReader):
        enabled = True
        file_extensions: ClassVar[list[str]] = ["md"]

        def __init__(self, settings: dict[str, Any]) -> None:
            super().__init__(settings)
            self.md = MarkdownIt("commonmark")

        def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
            text = Path(source_path).read_text(encoding="utf-8")
            header, _, body = text.partition("\n\n")
            metadata: dict[str, Any] = {}
            for line in header.splitlines():
                key, _, value = line.partition(":")
                name = key.strip().lower()
                metadata[name] = self.process_metadata(name, value.strip())
            return self.md.render(body), metadata

    return MarkdownItReader


def _add_reader(readers: Any) -> None:
    readers.reader_classes["md"] = _reader_class()


def register() -> None:
    from pelican import signals

    signals.readers_init.connect(_add_reader)


def run(source: Path, output: Path) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    logging.getLogger("pelican").setLevel(logging.ERROR)
    settings = read_settings(
        None,
        override={
            "PATH": str(source),
            "OUTPUT_PATH": str(output),
            "PLUGINS": ["briefgen.bench.plain_pelican"],
            "SITENAME": "Plain",
            "TIMEZONE": "UTC",
            "DELETE_OUTPUT_DIRECTORY": True,
        },
    )
    Pelican(settings).run()


def index(output: Path) -> None:
    """Pagefind over the whole of ``output``, with its defaults."""
    import subprocess

    from briefgen.publish.outputs.search import pagefind_executable

    subprocess.run([str(pagefind_executable()), "--site", str(output), "--silent"],
                   check=True, stdin=subprocess.DEVNULL)


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]))
    if "--search" in sys.argv[3:]:
        index(Path(sys.argv[2]))
