"""Find the files of a site: each article paired with its sidecar, and the registers."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from briefgen.diagnostics import DiagnosticList, Location

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
SIDECAR_SUFFIXES = (".yaml", ".yml")


def discover_briefings(content: Path, diagnostics: DiagnosticList) -> list[tuple[Path, Path]]:
    """Pair each article under ``content/briefings`` with its sidecar."""
    folder = content / "briefings"
    articles: dict[Path, list[Path]] = defaultdict(list)
    sidecars: dict[Path, list[Path]] = defaultdict(list)
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if not path.is_file() or path.name.startswith("."):
            continue
        stem = path.with_suffix("")
        if path.suffix.lower() in ARTICLE_SUFFIXES:
            articles[stem].append(path)
        elif path.suffix.lower() in SIDECAR_SUFFIXES:
            sidecars[stem].append(path)
    pairs = []
    for stem in sorted(set(articles) | set(sidecars)):
        found_articles, found_sidecars = articles.get(stem, []), sidecars.get(stem, [])
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


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files under ``folder`` (a register), in a stable order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in SIDECAR_SUFFIXES and p.is_file())
