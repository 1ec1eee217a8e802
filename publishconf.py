"""Settings for deployment: ``make publish SITEURL=https://example.org/briefings``.

The site's absolute address is given in one place, the ``SITEURL`` of
``make publish`` (it reaches this file as the environment variable
``BRIEFGEN_SITEURL``).  Links stay relative (the site works from any
sub-path); feed ids, canonical links, Open Graph addresses, the sitemap and
robots.txt use the absolute address.  Publishing without one is an error.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from pelicanconf import *  # noqa: F403
from pelicanconf import BRIEFGEN

SITEURL = os.environ.get("BRIEFGEN_SITEURL", "")
RELATIVE_URLS = True
DRAFT_SAVE_AS = ""  # drafts (status: draft) are not published at all
# This file publishes: an empty or relative SITEURL fails the build.
BRIEFGEN = {**BRIEFGEN, "publish": True}
