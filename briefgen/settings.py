"""Build settings: where things are, limits, and which warnings to silence.

They are read from the ``BRIEFGEN`` dictionary of the site's settings file
(``pelicanconf.py`` by default), so a site keeps one settings file::

    BRIEFGEN = {
        "silence": ["briefgen.uncovered-acronym"],
        "max_article_bytes": 5_000_000,
        "workers": 2,
    }
"""

from __future__ import annotations

import os
import runpy
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from briefgen.diagnostics import DiagnosticList, Location


@dataclass
class Limits:
    """Caps that keep a hostile or broken input from taking the build down."""

    max_article_bytes: int = 5_000_000
    """Largest source article read; larger files are an error."""
    max_sidecar_bytes: int = 1_000_000
    """Largest YAML file read (sidecar, glossary or sources file)."""
    max_yaml_nodes: int = 10_000
    """Most YAML nodes one file may expand to (refuses alias bombs)."""
    max_text_chars: int = 20_000
    """Longest single YAML value (a summary, a definition) in characters."""


def _default_workers() -> int:
    return min(os.cpu_count() or 1, 4)


@dataclass
class Parallel:
    """How many worker processes a step may use, and from how much work on.

    Below a step's threshold forking workers costs more than it saves; the
    output is the same either way (tests set these to take both paths).
    """

    workers: int = field(default_factory=_default_workers)
    """Most worker processes a step uses; 1 does all the work in the building process."""
    min_parallel_checks: int = 200
    """Briefings to check from which checks run in workers."""
    min_parallel_renders: int = 200
    """Briefings to render from which rendering to Markdown runs in workers."""
    min_parallel_bodies: int = 200
    """Briefings to publish from which their HTML bodies are made in workers."""
    min_parallel_pages: int = 400
    """Glossary or register pages from which they are written by workers."""
    bodies_ahead: int = 800
    """Bodies handed to workers beyond the one the writer is at (bounds memory)."""


@dataclass
class BuildSettings:
    """Everything a build needs to know, with the site root as the base."""

    root: Path
    content: Path
    output: Path
    settings_file: Path | None
    pelican: dict[str, Any] = field(default_factory=dict)
    strict: bool = False
    silence: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)
    parallel: Parallel = field(default_factory=Parallel)
    # The settings publish the site (BRIEFGEN["publish"], publishconf.py): what a
    # preview lets pass as a warning (a placeholder) keeps a briefing out of it.
    publishing: bool = False

    @property
    def work(self) -> Path:
        """The git-ignored folder for what the build makes on the way."""
        return self.root / ".briefgen"

    @property
    def rendered(self) -> Path:
        """Where the Markdown briefings that Pelican reads are written."""
        return self.work / "rendered"


SETTINGS_FILE = "pelicanconf.py"


def find_site_root(start: Path) -> Path | None:
    """The nearest folder from ``start`` upward that holds the settings file and ``content/``.

    So that ``briefgen check`` run in ``content/briefings/`` (or any folder of
    the site) checks the site it is in; None when no folder up from
    ``start`` is a site root.
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file() and (folder / "content").is_dir():
            return folder
    return None


def load_settings(
    root: Path,
    *,
    content: Path | None = None,
    output: Path | None = None,
    settings_file: Path | None = None,
    strict: bool = False,
    diagnostics: DiagnosticList,
) -> BuildSettings:
    """Read the settings file (if any) and apply command-line overrides."""
    root = root.resolve()
    if settings_file is None and (root / SETTINGS_FILE).is_file():
        settings_file = root / SETTINGS_FILE
    pelican: dict[str, Any] = {}
    if settings_file is not None:
        try:
            namespace = runpy.run_path(str(settings_file))
        except Exception as error:
            diagnostics.error(
                "briefgen.bad-settings",
                f"cannot read settings: {type(error).__name__}: {error}",
                Location(settings_file),
            )
            namespace = {}
        pelican = {k: v for k, v in namespace.items() if k.isupper()}
    own = _own_settings(pelican.get("BRIEFGEN", {}), settings_file, diagnostics)
    limits, parallel = Limits(), Parallel()
    for group in (limits, parallel):
        for spec in fields(group):
            if spec.name in own:
                value = own[spec.name]
                if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                    setattr(group, spec.name, value)
                else:
                    _bad_setting(
                        f"expected BRIEFGEN['{spec.name}'] to be a positive whole number "
                        f"but got {value!r}",
                        settings_file,
                        diagnostics,
                    )
    silence = own.get("silence", ())
    if isinstance(silence, str) or not all(isinstance(code, str) for code in silence):
        _bad_setting(
            f"expected BRIEFGEN['silence'] to be a list of codes but got {silence!r}",
            settings_file,
            diagnostics,
        )
        silence = ()
    content_dir = content or root / str(own.get("content", "content"))
    output_dir = output or root / str(pelican.get("OUTPUT_PATH", "output"))
    return BuildSettings(
        root=root,
        # Not resolved: a content folder that is a link must still be seen as one.
        content=Path(os.path.abspath(content_dir)),
        output=output_dir.resolve(),
        settings_file=settings_file,
        pelican=pelican,
        strict=strict or bool(own.get("strict", False)),
        silence=frozenset(silence),
        limits=limits,
        parallel=parallel,
        publishing=bool(own.get("publish", False)),
    )


def _own_settings(
    value: object, settings_file: Path | None, diagnostics: DiagnosticList
) -> dict[str, Any]:
    """The ``BRIEFGEN`` dictionary of the settings file ({} if it is not one)."""
    if isinstance(value, dict):
        return dict(value)
    _bad_setting(f"expected BRIEFGEN to be a dict but got {value!r}", settings_file, diagnostics)
    return {}


def _bad_setting(message: str, settings_file: Path | None, diagnostics: DiagnosticList) -> None:
    location = Location(settings_file) if settings_file is not None else None
    diagnostics.error("briefgen.bad-settings", message, location)
