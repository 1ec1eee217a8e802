"""The site's public address (``SITEURL``) and what is derived from it.

Pages link relatively (the site works from any sub-path), but some things
must be absolute: feed ids, canonical links, Open Graph URLs, the sitemap.
They come from ``SITEURL`` wherever it is set (``pelicanconf.py``, or
``make publish SITEURL=https://...`` through ``publishconf.py``).  A build
without an absolute ``SITEURL`` is a preview: those absolute things are left
out, or (where a format demands an absolute identifier, as Atom's ``id``
does) replaced by a ``urn:uuid:`` made from the site's name and the page's
path, which stays the same from build to build.
"""

from __future__ import annotations

import posixpath
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

# The namespace of the urn:uuid ids of previews (uuid5 of "briefgen:<site>:<path>").
_PREVIEW_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://briefgen.invalid/preview-ids")


def siteurl_problem(value: object, *, required: bool) -> str | None:
    """Why ``value`` cannot be the site's SITEURL, or None if it can.

    Empty is allowed (a preview with relative links) unless ``required``
    (a settings file that publishes).
    """
    if value in (None, ""):
        if required:
            return (
                "publishing needs the site's absolute address in SITEURL: "
                "make publish SITEURL=https://example.org/briefings"
            )
        return None
    if not isinstance(value, str):
        return f"expected SITEURL to be an address such as https://example.org but got {value!r}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return (
            f"expected SITEURL to be empty or an absolute http(s) address such as "
            f"https://example.org/briefings but got {value!r}"
        )
    if parts.query or parts.fragment:
        return f"SITEURL may not have a query or fragment: {value!r}"
    return None


def absolute_site_url(settings: Mapping[str, Any]) -> str | None:
    """The site root's absolute address, ending in ``/``; None for a preview."""
    value = settings.get("SITEURL")
    if not value or siteurl_problem(value, required=False) is not None:
        return None
    return str(value).rstrip("/") + "/"


def page_url(settings: Mapping[str, Any], path: str) -> str | None:
    """The absolute address of ``path`` (relative to the site root), or None for a preview."""
    base = absolute_site_url(settings)
    return None if base is None else base + path.lstrip("/")


def permanent_id(settings: Mapping[str, Any], path: str) -> str:
    """An absolute IRI for the page at ``path``: its address, or a stable ``urn:uuid:``."""
    address = page_url(settings, path)
    if address is not None:
        return address
    name = f"briefgen:{settings.get('SITENAME', '')}:{path.lstrip('/')}"
    return f"urn:uuid:{uuid.uuid5(_PREVIEW_NAMESPACE, name)}"


def relative_url(target: str, start: str) -> str:
    """``target`` (a path from the site root) as a link from the page at ``start``.

    Both are root-relative paths; a path ending in ``/`` is a folder page.
    """
    start_folder = posixpath.dirname("/" + start.lstrip("/"))
    relative = posixpath.relpath("/" + target.lstrip("/"), start_folder or "/")
    if (target == "" or target.endswith("/")) and not relative.endswith("/"):
        relative = "./" if relative == "." else relative + "/"
    return relative
