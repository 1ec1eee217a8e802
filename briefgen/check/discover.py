"""Find the files of a site: each article paired with its sidecar, and the registers.

Files are listed through a :class:`~briefgen.boundary.Folder`: a link out of
the content folder, a pipe or a name that is not UTF-8 is reported there,
and such a file still counts as present when pairing (its partner is not
also reported as alone).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Collection
from pathlib import Path

from briefgen.boundary import Folder
from briefgen.diagnostics import DiagnosticList, Location

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
SIDECAR_SUFFIXES = (".yaml", ".yml")


def discover_briefings(
    content: Path, diagnostics: DiagnosticList, folder: Folder | None = None
) -> list[tuple[Path, Path]]:
    """Pair each article under ``content/briefings`` with its sidecar.

    ``folder`` is the content folder as a boundary (default: ``content``).
    """
    listing = (folder or Folder.at(content)).listing(
        content / "briefings", ARTICLE_SUFFIXES + SIDECAR_SUFFIXES, diagnostics
    )
    articles: dict[Path, list[Path]] = defaultdict(list)
    sidecars: dict[Path, list[Path]] = defaultdict(list)
    for path in listing.files:
        stem = path.with_suffix("")
        if path.suffix.lower() in ARTICLE_SUFFIXES:
            articles[stem].append(path)
        else:
            sidecars[stem].append(path)
    refused = {path.with_suffix("") for path in listing.refused}
    pairs = []
    for stem in sorted(set(articles) | set(sidecars)):
        found_articles, found_sidecars = articles.get(stem, []), sidecars.get(stem, [])
        if stem in refused:
            continue  # its refused partner is reported; checking half a briefing says nothing
        for extra in found_articles[1:]:
            diagnostics.error(
                "briefgen.duplicate-article",
                f"two articles share the stem '{stem.name}': {found_articles[0].name} and "
                f"{extra.name}; rename or remove one",
                Location(extra),
            )
        for extra in found_sidecars[1:]:
            diagnostics.error(
                "briefgen.duplicate-sidecar",
                f"two sidecars share the stem '{stem.name}': {found_sidecars[0].name} and "
                f"{extra.name}; rename or remove one",
                Location(extra),
            )
        if not found_sidecars:
            diagnostics.error(
                "briefgen.missing-sidecar",
                f"article has no sidecar: expected {stem.name}.yaml beside it",
                Location(found_articles[0]),
            )
        elif not found_articles:
            diagnostics.error(
                "briefgen.missing-article",
                f"sidecar has no article: expected {stem.name}.txt, {stem.name}.md or "
                f"{stem.name}.html beside it",
                Location(found_sidecars[0]),
            )
        else:
            pairs.append((found_articles[0], found_sidecars[0]))
    return pairs


def yaml_files(register: Path, diagnostics: DiagnosticList, folder: Folder) -> list[Path]:
    """The YAML files under ``register`` that may be read (through ``folder``), in order."""
    return folder.listing(register, SIDECAR_SUFFIXES, diagnostics).files


def select_pairs(
    pairs: list[tuple[Path, Path]],
    only: Collection[Path],
    found: DiagnosticList,
    diagnostics: DiagnosticList,
) -> list[tuple[Path, Path]]:
    """The pairs with a file in ``only``.

    Of the problems ``found`` while pairing, those in files of ``only`` go to
    ``diagnostics`` (an article named without its sidecar, say).
    """
    wanted = {os.path.abspath(path) for path in only}
    diagnostics.extend(
        d for d in found.items if d.location and os.path.abspath(d.location.path) in wanted
    )
    return [p for p in pairs if os.path.abspath(p[0]) in wanted or os.path.abspath(p[1]) in wanted]
