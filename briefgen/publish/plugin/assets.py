"""The theme's CSS and JavaScript under content-hashed names, and ``/favicon.ico``.

A page names ``theme/css/site.3f9c0e12ab.css``, not ``theme/css/site.css``:
when the file changes, so does its name, so a browser or a CDN that cached
the old file (a long ``Cache-Control`` is then safe) never serves it with
the new pages.  :func:`theme_assets` makes the names from the theme's files
at ``initialized``; they are in the settings (``THEME_ASSETS``, so in every
page's fingerprint) and templates link them as
``{{ SITEURL }}/{{ THEME_ASSETS["css/site.css"] }}``.  Pelican copies the
theme's static files as they are named; :func:`publish_assets` renames them
when every page is written.

The files are published minified (rcssmin, rjsmin): comments that explain
the theme to its maintainers are no use to a reader's browser, and a
briefing page with its CSS and JS stays under its 50 KB budget.

Browsers ask every host for ``/favicon.ico`` whatever the page links, so
the theme's icon is also copied to the site's root.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin

# What gets a hashed name (what pages load as code or style), minified how.
MINIFIERS: dict[str, Callable[[str], str]] = {
    ".css": rcssmin.cssmin,
    ".js": rjsmin.jsmin,
}
# Theme files copied to the root of the site as well.
ROOT_FILES = ("favicon.ico",)
HASH_LENGTH = 10


def hashed_name(name: str, content: bytes) -> str:
    """``css/site.css`` -> ``css/site.<first 10 hex digits of its SHA-256>.css``."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:HASH_LENGTH]}{dot}{suffix}"


def minified(path: Path) -> bytes:
    """A CSS or JS file of the theme as it is published."""
    return MINIFIERS[path.suffix](path.read_text(encoding="utf-8")).encode("utf-8")


def theme_assets(settings: Mapping[str, Any]) -> dict[str, str]:
    """Each CSS and JS file of the theme (``css/site.css``) -> its address from the
    site root (``theme/css/site.<hash>.css``)."""
    static = Path(str(settings.get("THEME", ""))) / "static"
    folder = str(settings.get("THEME_STATIC_DIR") or "theme").strip("/")
    assets = {}
    for path in sorted(static.rglob("*")):
        if path.suffix in MINIFIERS and path.is_file():
            name = path.relative_to(static).as_posix()
            assets[name] = f"{folder}/{hashed_name(name, minified(path))}"
    return assets


def theme_text(settings: Mapping[str, Any], name: str) -> str:
    """A CSS or JS file of the theme as published (the 404 page inlines its CSS)."""
    return minified(Path(str(settings.get("THEME", ""))) / "static" / name).decode("utf-8")


def publish_assets(output: Path, settings: Mapping[str, Any]) -> None:
    """Give the theme files Pelican copied into ``output`` their hashed names, and
    copy the root files (``favicon.ico``) to the root."""
    folder = str(settings.get("THEME_STATIC_DIR") or "theme").strip("/")
    for name, address in (settings.get("THEME_ASSETS") or {}).items():
        copied = output / folder / name
        if copied.is_file():
            published = minified(copied)
            # Never write through a hard link into the previous output.
            for stale in (copied, output / address):
                stale.unlink(missing_ok=True)
            (output / address).write_bytes(published)
    for name in ROOT_FILES:
        source, target = output / folder / name, output / name
        if source.is_file():
            if target.exists():
                target.unlink()  # never write through a hard link into the previous output
            target.write_bytes(source.read_bytes())
