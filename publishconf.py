"""Settings for deployment: ``briefgen build --settings publishconf.py``.

Links stay relative (the site works from any sub-path); only the feed needs
the absolute address, set it in SITEURL.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("BRIEFGEN_SITEURL", "https://briefings.example.org")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = True
DRAFT_SAVE_AS = ""  # drafts (status: draft) are not published at all
