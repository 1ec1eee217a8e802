"""What "no live markup" means for a published page, checked with BeautifulSoup.

:func:`live_markup` lists every way a page could run script or reach
something it should not: a ``<script>`` other than the theme's own, an
``on*`` attribute, a link or resource with a scheme other than http, https or
mailto, an element that embeds or executes content, and an ``id``/``name``
that an editor could have chosen (DOM clobbering): ids must be the theme's
own or start with ``bg-``.  The Atom feed's escaped HTML is checked the same
way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup, Tag

THEME_SCRIPT = re.compile(r"^(\.\./)*(\./)?theme/js/(tips|search)(\.[0-9a-f]{10})?\.js$")
THEME_IDS = frozenset({"main", "briefing-title", "term-title", "source-title", "site-search-q",
                       "search-q", "search-kind", "search-tag", "search-outlet", "search-claims"})
# The theme's search forms (the header's and the search page's) and their fields.
THEME_FORMS = frozenset({"site-search", "search-form"})
THEME_FIELDS = frozenset({"form", "input", "button", "select", "option"})
THEME_FIELD_NAMES = frozenset({"q", "kind", "tag", "outlet", "claims"})
ID_PREFIX = "bg-"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "cite"}
)
FORBIDDEN_TAGS = frozenset(
    {"iframe", "object", "embed", "form", "svg", "math", "img", "style", "base", "frame",
     "frameset", "applet", "input", "button", "textarea", "video", "audio", "template"}
)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20]")
ATOM = "{http://www.w3.org/2005/Atom}"


def _theme_form(tag: Tag, fragment: bool) -> bool:
    """Whether ``tag`` is (in) one of the theme's search forms, outside any article body."""
    if fragment or tag.name.lower() not in THEME_FIELDS:
        return False
    form = tag if tag.name.lower() == "form" else tag.find_parent("form")
    return (
        form is not None
        and form.get("role") == "search"
        and bool(THEME_FORMS & set(form.get("class") or []))
        and form.find_parent(attrs={"data-article-body": True}) is None
    )


def _data_script(tag: Tag) -> bool:
    """A JSON-LD block whose text cannot end the element (no ``<`` at all)."""
    return tag.get("type") == "application/ld+json" and "<" not in (tag.string or "")


def _problems_in(soup: BeautifulSoup, where: str, *, fragment: bool) -> list[str]:
    problems: list[str] = []
    for tag in soup.find_all(True):
        assert isinstance(tag, Tag)
        name = tag.name.lower()
        theirs = fragment or not THEME_SCRIPT.match(str(tag.get("src", ""))) or tag.string
        if name == "script" and theirs and (fragment or not _data_script(tag)):
            problems.append(f"{where}: foreign script {tag}")
        theme_form = _theme_form(tag, fragment)
        # A preview's 404 page has the theme's CSS inline (it is shown at any address).
        theme_style = (name == "style" and not fragment and where == "404.html"
                       and tag.find_parent("head") is not None)
        if name in FORBIDDEN_TAGS and not theme_form and not theme_style:
            problems.append(f"{where}: forbidden element <{name}>")
        for attribute, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                problems.append(f"{where}: event handler {attribute}= on <{name}>")
            if attribute.lower() in URL_ATTRIBUTES:
                scheme = _SCHEME.match(_IGNORED.sub("", text))
                if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                    problems.append(f"{where}: {attribute}={text!r} on <{name}>")
            if attribute.lower() == "id" and text not in THEME_IDS and not text.startswith(
                ID_PREFIX
            ):
                problems.append(f"{where}: unprefixed id={text!r} on <{name}>")
            if attribute.lower() == "name" and name != "meta" and not (
                theme_form and text in THEME_FIELD_NAMES
            ):
                problems.append(f"{where}: name={text!r} on <{name}>")
    return problems


def live_markup(output: Path) -> list[str]:
    """Every problem found in the HTML pages and the feeds under ``output``."""
    problems: list[str] = []
    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        problems += _problems_in(soup, str(page.relative_to(output)), fragment=False)
    for feed in sorted(output.rglob("*.xml")):
        where = str(feed.relative_to(output))
        tree = ET.parse(feed)
        for element in tree.iter():
            if element.tag in (f"{ATOM}content", f"{ATOM}summary") and element.text:
                soup = BeautifulSoup(element.text, "html.parser")
                problems += _problems_in(soup, where, fragment=True)
            for attribute, value in element.attrib.items():
                scheme = _SCHEME.match(_IGNORED.sub("", value))
                if attribute == "href" and scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                    problems.append(f"{where}: href={value!r}")
    return problems
