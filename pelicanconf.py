"""Settings of the briefgen site, read by Pelican and by ``briefgen build``.

``briefgen build`` sets PATH (the rendered briefings) and OUTPUT_PATH (a
staging folder) itself; everything else is here.
"""

from __future__ import annotations

from briefgen.publish.plugin import newest_first

SITENAME = "Briefings"
SITEURL = ""
SITE_DESCRIPTION = "Annotated news briefings: sources graded, claims weighed, terms explained."
AUTHOR = "Briefing desk"
# The picture a link to any page shows when shared (og:image), and the
# publisher's logo in structured data: paths in the theme's static folder.
SITE_IMAGE = "images/share.png"
SITE_LOGO = "images/logo.png"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

THEME = "themes/briefing"
PLUGINS = ["briefgen.publish.plugin"]
OUTPUT_PATH = "output"
ARTICLE_PATHS = ["briefings"]
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
READERS = {"html": None, "htm": None, "rst": None}

# All links relative, so the site works from any sub-path and from disk.
RELATIVE_URLS = True
ARTICLE_URL = "briefings/{slug}/"
ARTICLE_SAVE_AS = "briefings/{slug}/index.html"
ARTICLE_ORDER_BY = newest_first
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "tags"]
PAGINATED_TEMPLATES = {"index": None, "tag": None}
DEFAULT_PAGINATION = 50
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# What this site does not have.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
PAGE_SAVE_AS = ""
# Drafts (status: draft) get a page of their own and appear nowhere else;
# publishconf.py leaves them out.
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_PAGE_SAVE_AS = ""

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TAG_FEED_ATOM = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

# Autoescaping on in every HTML template: editor text is never live markup.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

BRIEFGEN = {
    # Warning codes not to report, e.g. "briefgen.uncovered-acronym".
    "silence": [],
}

# One Atom feed per tag, glossary term and source of the shared register
# (kind: tags, glossary or sources), announced on its page.
TOPIC_FEED_ATOM = "feeds/{kind}/{id}.atom.xml"
