"""Absolute links in feed entries.

A briefing's HTML links relative to its own page (``../../glossary/ypg/``),
which is what makes the site work from any sub-path; a feed reader has no
such page, so each entry's links are resolved against the entry's own
absolute address.  Builds without an absolute SITEURL (local previews) leave
the feed as it is.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

# Attribute values in our HTML are escaped by markdown-it and Jinja, so a
# double-quoted value never contains a raw double quote.
_LINK_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def absolute_links(html: str, base: str) -> str:
    """``html`` with every href/src resolved against the absolute URL ``base``."""

    def resolve(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{urljoin(base, match.group(2))}"'

    return _LINK_ATTRIBUTE.sub(resolve, html)


def make_feed_links_absolute(context: dict[str, Any], feed: Any) -> None:
    """``feed_generated`` handler: resolve the links of every entry."""
    for item in getattr(feed, "items", []):
        base = item.get("link") or ""
        if not urlsplit(base).scheme:
            continue
        for field in ("description", "content"):
            if item.get(field):
                item[field] = absolute_links(item[field], base)
