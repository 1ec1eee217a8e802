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

THEME_SCRIPT = re.compile(r"^(\.\./)*(\./)?theme/js/tips\.js$")
THEME_IDS = frozenset({"main", "briefing-title", "term-title", "source-title"})
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


def _problems_in(soup: BeautifulSoup, where: str, *, fragment: bool) -> list[str]:
    problems: list[str] = []
    for tag in soup.find_all(True):
        assert isinstance(tag, Tag)
        name = tag.name.lower()
        theirs = fragment or not THEME_SCRIPT.match(str(tag.get("src", ""))) or tag.string
        if name == "script" and theirs:
            problems.append(f"{where}: foreign script {tag}")
        if name in FORBIDDEN_TAGS:
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
            if attribute.lower() == "name" and name != "meta":
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
