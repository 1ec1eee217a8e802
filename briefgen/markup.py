"""The markup contract: how annotations travel from render to publish.

:mod:`briefgen.render` writes each briefing as Markdown into
``.briefgen/rendered/``; :mod:`briefgen.publish` turns that Markdown into the
page.  Everything the two sides must agree on lives here and nowhere else:
the marker syntax (written by :func:`annotation_open` and friends, read back
by :func:`read_marker`), the page's ids and anchors (:func:`anchor_id`,
:func:`tip_id`), and the words a reader sees for a grade or a badge
(:func:`credibility_grade`, :func:`reliability_grade`, :func:`badge_label`).
Templates and the theme get these as values; none of them spells an id.

Marker syntax
-------------

The rendered Markdown is CommonMark with GFM tables and ``::: name``
containers, plus inline *markers*: a marker is ``[[`` ... ``]]`` with no line
break inside.  Article text reaches the Markdown escaped (every ``[`` becomes
``\\[``) and editor Markdown has ``[[``/``]]`` broken up, so only render can
write a marker.  A marker a reader does not understand is left as text.

Annotations (claims, notes, first-use terms)::

    [[claim:c1 number=1 source=reuters credibility=3]]quoted words[[=]]tip[[/claim]]
    [[note:n2 number=2]]quoted words[[=]]tip[[/note]]
    [[term:ypg]]YPG[[=]]tip[[/term]]
    [[term:ypg scope=local]]YPG[[=]]tip[[/term]]

``kind:key`` names the annotation (the key is its id on the page); the
attributes, ``name=value`` with values in ``[a-z0-9-]``, are: for a claim its
reader's ``number``, the ``source`` id and the ``credibility`` grade (1-6);
for a note its ``number``; for a term ``scope=local`` when the term is defined
by this briefing only (no glossary page).  ``[[=]]`` separates the annotated
words from the tip, inline Markdown shown on hover, focus and tap.  A passage
that runs over a paragraph break is cut at the break: the parts before it
have no ``[[=]]`` and no tip (the badge and tip go with the last part).

Annotations nest (a term inside a claim) but never cross.  Formatting of the
source article uses markers too, because CommonMark's ``*`` emphasis depends
on the characters around it and could fail to parse::

    [[em]]...[[/em]]  [[strong]]...[[/strong]]  [[code]]...[[/code]]
    [[link:https://example.org/]]...[[/link]]

A link target is http, https, mailto or a relative path (:func:`is_safe_href`).
An entry in one of the page's lists (terms, claims, notes) starts with a
target, the place that annotation's badge links to::

    [[target:claim-c1]]

Article words quoted in a list, when the article is in another language than
the site, say so (the page gives them ``lang`` and ``dir``)::

    [[lang:ar]]...[[/lang]]

The article body's container names the article's language, and the site's
when it differs (the language of the tips and badges inside the body)::

    ::: article-body lang=ar ui=en

Another Markdown engine can render this Markdown with one inline rule that
calls :func:`read_marker` at ``[[``; without such a rule the markers show as
text and the article stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

from briefgen.admiralty import CREDIBILITY_WORDS, RELIABILITY_WORDS

CLAIM, NOTE, TERM = "claim", "note", "term"
ANNOTATION_KINDS = frozenset({CLAIM, NOTE, TERM})
FORMAT_KINDS = frozenset({"em", "strong", "code", "link"})
# Words in another language than the text around them (a quote in a list).
LANG = "lang"

# From a briefing's page (briefings/<slug>/) back to the site root: the root of
# the links render writes into a briefing's Markdown, and of the HTML made from it.
BRIEFING_ROOT = "../../"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_ID_PREFIX = "bg-"
_MARKER = re.compile(
    r"\[\[(?:(?P<sep>=)|(?P<close>/)?(?P<kind>term|claim|note|em|strong|code|link|target|lang)"
    r"(?::(?P<key>[^\s\]]+))?(?P<attrs>(?: [a-z]+=[a-z0-9-]+)*))\]\]"
)
_ATTR = re.compile(r" ([a-z]+)=([a-z0-9-]+)")
_TARGET = re.compile(r"[a-z0-9][a-z0-9-]*")
LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_NUMBER = re.compile(r"[1-9][0-9]*")
TIP = "[[=]]"


# Ids, anchors and words -----------------------------------------------------


def anchor_name(kind: str, key: str) -> str:
    """The name of an annotation's entry in the page's lists: ``claim-c1``."""
    return f"{kind}-{key}"


def anchor_id(kind: str, key: str) -> str:
    """The HTML id of that entry, the target of the badge: ``bg-claim-c1``."""
    return _ID_PREFIX + anchor_name(kind, key)


def passage_id(kind: str, key: str) -> str:
    """The HTML id of a claim's or note's passage in the text (its first part):
    where its entry in the list links back to, ``bg-claim-c1-text``."""
    return f"{anchor_id(kind, key)}-text"


def section_id(name: str) -> str:
    """The HTML id of a section of the briefing page: ``bg-claims``."""
    return _ID_PREFIX + name


def tip_id(kind: str, key: str) -> str:
    """The HTML id of an annotation's tip: ``bg-tip-claim-c1``."""
    return f"{_ID_PREFIX}tip-{kind}-{key}"


def credibility_grade(credibility: int, *, capital: bool = False) -> str:
    """``possibly true (3)``; ``Possibly true (3)`` with ``capital``."""
    words = CREDIBILITY_WORDS[credibility]
    return f"{words.capitalize() if capital else words} ({credibility})"


def reliability_grade(reliability: str, *, capital: bool = False) -> str:
    """``usually reliable (B)``; ``Usually reliable (B)`` with ``capital``."""
    words = RELIABILITY_WORDS[reliability]
    return f"{words.capitalize() if capital else words} ({reliability})"


def reliability_rating(reliability: str) -> str:
    """``B: usually reliable``, as a column of grades shows it."""
    return f"{reliability}: {RELIABILITY_WORDS[reliability]}"


def badge_label(kind: str, number: int, credibility: int = 0) -> str:
    """What a screen reader says for a badge: ``Claim 3, possibly true (3)``."""
    if kind == CLAIM:
        return f"Claim {number}, {credibility_grade(credibility)}"
    return f"Analyst note {number}"


def badge_grade(kind: str, credibility: int = 0) -> str:
    """The grade a claim's badge shows after its number (``possibly true``); a note's none.

    Grade 1 is ``confirmed`` there: the badge stays on one line with the
    quote's last word, so it must fit a phone's line (its label and tip say
    "confirmed by other sources").
    """
    if kind != CLAIM:
        return ""
    return "confirmed" if credibility == 1 else CREDIBILITY_WORDS[credibility]


def tip_heading(kind: str, credibility: int = 0) -> str:
    """The words that open a claim's or note's tip: ``Claim, possibly true (3).``"""
    if kind == CLAIM:
        return f"Claim, {credibility_grade(credibility)}."
    return "Analyst note."


def is_safe_href(href: str) -> bool:
    """True for http(s), mailto and relative targets; everything else is refused.

    The check runs on the target with control characters and white space
    removed and entities already decoded by the parser, so spellings such as
    ``JaVaScRiPt:`` or ``java\\tscript:`` are caught too.
    """
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", unquote(href)).lower()
    scheme = urlsplit(cleaned).scheme
    if scheme:
        return scheme in SAFE_SCHEMES
    # No scheme: relative, but "//host" would reach another site.
    return not cleaned.startswith("//") and not cleaned.startswith("\\")


# Writing ----------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    """What an annotation's opening marker carries.

    ``number`` is the reader's number of a claim or note (its badge and its
    entry in the list); ``source`` and ``credibility`` are a claim's; ``local``
    marks a term defined by this briefing only.
    """

    kind: str
    key: str
    number: int = 0
    source: str = ""
    credibility: int = 0
    local: bool = False


def annotation_open(head: Head) -> str:
    """``[[claim:c1 number=1 source=reuters credibility=3]]``."""
    if head.kind == CLAIM:
        attrs = f" number={head.number} source={head.source} credibility={head.credibility}"
    elif head.kind == NOTE:
        attrs = f" number={head.number}"
    else:
        attrs = " scope=local" if head.local else ""
    return f"[[{head.kind}:{head.key}{attrs}]]"


def annotation_close(kind: str) -> str:
    return f"[[/{kind}]]"


def format_open(kind: str, href: str = "") -> str:
    """``[[em]]``, or ``[[link:href]]`` for a link (check it with :func:`is_safe_href`)."""
    return f"[[link:{href}]]" if kind == "link" else f"[[{kind}]]"


def format_close(kind: str) -> str:
    return f"[[/{kind}]]"


def strong(markdown: str) -> str:
    """Inline Markdown shown in bold."""
    return f"[[strong]]{markdown}[[/strong]]"


def target(kind: str, key: str) -> str:
    """The start of an annotation's entry in a list: ``[[target:claim-c1]]``."""
    return f"[[target:{anchor_name(kind, key)}]]"


def in_language(tag: str, markdown: str) -> str:
    """Markdown in the language ``tag`` (BCP 47): ``[[lang:ar]]...[[/lang]]``."""
    return f"[[{LANG}:{tag}]]{markdown}[[/{LANG}]]"


def neutralise(markdown: str) -> str:
    """Editor Markdown with ``[[`` and ``]]`` broken up, so that it opens no marker."""
    return markdown.replace("[[", "[\\[").replace("]]", "]\\]")


# Reading ----------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """One marker read from the Markdown; ``end`` is the position after it.

    ``role`` is ``open`` or ``close`` (an annotation, with ``head`` when it
    opens, or formatting, with ``href`` for a link), ``tip`` (``[[=]]``) or
    ``target`` (with ``anchor``, the HTML id of the list entry).
    """

    role: Literal["open", "close", "tip", "target"]
    kind: str
    end: int
    head: Head | None = None
    href: str = ""
    anchor: str = ""
    lang: str = ""  # the language tag of a ``lang`` marker


def read_marker(src: str, pos: int) -> Marker | None:
    """The marker at ``src[pos:]``, or None if there is none (then it is text)."""
    match = _MARKER.match(src, pos)
    if match is None:
        return None
    end = match.end()
    kind = match.group("kind") or ""
    key = match.group("key") or ""
    attrs = dict(_ATTR.findall(match.group("attrs") or ""))
    if match.group("sep"):
        return None if key or attrs else Marker("tip", "", end)
    if match.group("close"):
        return None if key or attrs or kind == "target" else Marker("close", kind, end)
    if kind == "target":
        return Marker("target", kind, end, anchor=_ID_PREFIX + key) if (
            _TARGET.fullmatch(key) and not attrs
        ) else None
    if kind == "link":
        return Marker("open", kind, end, href=key) if is_safe_href(key) and not attrs else None
    if kind == LANG:
        return Marker("open", kind, end, lang=key) if (
            LANG_TAG.fullmatch(key) and not attrs
        ) else None
    if kind in FORMAT_KINDS:
        return None if key or attrs else Marker("open", kind, end)
    head = _head(kind, key, attrs)
    return None if head is None else Marker("open", kind, end, head=head)


def _head(kind: str, key: str, attrs: Mapping[str, str]) -> Head | None:
    if not key:
        return None
    if kind == TERM:
        if attrs and dict(attrs) != {"scope": "local"}:
            return None
        return Head(kind, key, local=bool(attrs))
    number = attrs.get("number", "")
    if not _NUMBER.fullmatch(number):
        return None
    if kind == NOTE:
        return Head(kind, key, int(number)) if attrs.keys() == {"number"} else None
    credibility = attrs.get("credibility", "")
    if attrs.keys() != {"number", "source", "credibility"} or not (
        credibility.isdigit() and int(credibility) in CREDIBILITY_WORDS
    ):
        return None
    return Head(kind, key, int(number), attrs["source"], int(credibility))
