"""The markup contract: how annotations travel from render to publish.

:mod:`briefgen.render` writes each briefing's page as CommonMark into
``.briefgen/rendered/``; publish turns it into HTML with any CommonMark
engine (raw HTML on), and no plugin.  Everything the page's structure needs
that CommonMark has no syntax for (annotations, their badges and tips, the
page's sections, the targets of the lists' entries, the source article's
links and formatting) is written by render as HTML, with the functions
below; the words and ids the two sides share are here too (:func:`anchor_id`,
:func:`tip_id`, :func:`credibility_grade`, :func:`badge_label`...).
Templates and the theme get these as values; none of them spells an id.

The engine's HTML passthrough only ever meets these tags: every character an
editor or an article wrote reaches the Markdown escaped (article text and
plain fields with backslashes, see :mod:`briefgen.render.escape`; editor
Markdown as the HTML of :mod:`briefgen.editor_markdown` with its text
escaped again), and every attribute value below is HTML-escaped and checked
(link targets by :func:`is_safe_href`, language tags by :data:`LANG_TAG`).

An annotation (a claim, a note, a first-use term) on the page::

    <span class="ann ann--claim" id="bg-claim-c1-text" data-claim="c1" data-source="reuters"
      data-credibility="3">quoted words<span class="ann__ui" data-ann><a class="ann__trigger
      ann__badge ann__badge--claim" href="#bg-claim-c1" ...>claim<span class="ann__num">
      1</span>...</a><span class="ann__tip" role="tooltip" id="bg-tip-claim-c1">tip</span>
      </span></span>

A passage that runs over a paragraph break is cut at the break: the parts
before it have no badge and no tip (they go with the last part), and only
the first part has the ``id`` the list's entry links back to.  In an article
in another language than the site's, badges and tips say the site's
(``lang`` and ``dir``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from briefgen.admiralty import CREDIBILITY_WORDS, RELIABILITY_WORDS
from briefgen.language import direction
from briefgen.model.claims import OUTCOME_WORDS, SETTLES_WORDS

CLAIM, NOTE, TERM, FOLLOW = "claim", "note", "term", "follow"
ANNOTATION_KINDS = frozenset({CLAIM, NOTE, TERM, FOLLOW})
# What a reader sees on a badge for each kind that has one.
BADGE_WORDS = {CLAIM: "claim", NOTE: "note", FOLLOW: "follow-up"}
SETTLED = frozenset({"confirmed", "refuted", "partly"})  # a settled claim's outcomes
FORMAT_KINDS = frozenset({"em", "strong", "code", "link"})

# From a briefing's page (briefings/<slug>/) back to the site root: the root of
# the links render writes into a briefing's page.
BRIEFING_ROOT = "../../"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_ID_PREFIX = "bg-"
LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


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


def badge_label(kind: str, number: int, credibility: int = 0, outcome: str = "") -> str:
    """What a screen reader says for a badge: ``Claim 3, possibly true (3), later refuted``."""
    if kind == CLAIM:
        later = f", {OUTCOME_WORDS[outcome]}" if outcome in SETTLED else ""
        return f"Claim {number}, {credibility_grade(credibility)}{later}"
    if kind == FOLLOW:
        return f"Follow-up {number}, {SETTLES_WORDS[outcome]} an earlier claim"
    return f"Analyst note {number}"


def badge_outcome(kind: str, outcome: str) -> str:
    """What a settled claim's badge adds after its grade: ``later refuted``."""
    return OUTCOME_WORDS[outcome] if kind == CLAIM and outcome in SETTLED else ""


def outcome_heading(outcome: str) -> str:
    """How a settled claim's outcome opens its sentence: ``Later refuted``."""
    return OUTCOME_WORDS[outcome].capitalize()


def badge_grade(kind: str, credibility: int = 0, outcome: str = "") -> str:
    """The grade a claim's badge shows after its number (``possibly true``); a note's none.

    Grade 1 is ``confirmed`` there: the badge stays on one line with the
    quote's last word, so it must fit a phone's line (its label and tip say
    "confirmed by other sources").
    """
    if kind == FOLLOW:
        return SETTLES_WORDS.get(outcome, "")
    if kind != CLAIM:
        return ""
    return "confirmed" if credibility == 1 else CREDIBILITY_WORDS[credibility]


def tip_heading(kind: str, credibility: int = 0, outcome: str = "") -> str:
    """The words that open a tip: ``Claim, possibly true (3).``, ``Follow-up: refutes``."""
    if kind == CLAIM:
        return f"Claim, {credibility_grade(credibility)}."
    if kind == FOLLOW:
        return f"Follow-up: {SETTLES_WORDS[outcome]}"
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


# Escaping text for CommonMark ----------------------------------------------------

# Characters with a meaning anywhere in a line: emphasis, code, links and
# images, autolinks and raw HTML, entities, strikethrough, table cells,
# hard breaks (backslash), braces (attribute syntax), and the straight quotes
# that a typographer would curl.  Every one is ASCII punctuation, which
# CommonMark lets a backslash escape.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|!{}$\"'])")
# Characters with a meaning at the start of a line: headings, block quotes,
# list bullets, setext underlines, containers and definition lists, fences.
_LINE_START_SPECIAL = re.compile(r"^([#>+\-=:~`])")
# An ordered-list marker: digits followed by '.' or ')'.
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")


def escape_inline(text: str) -> str:
    """Text that a CommonMark engine shows exactly as written, inside a line."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_line_start(markdown: str) -> str:
    """Escape a block construct at the start of an already escaped line."""
    escaped = _LINE_START_SPECIAL.sub(r"\\\1", markdown)
    return _ORDERED_MARKER.sub(r"\1\\\2", escaped)


# Writing HTML --------------------------------------------------------------------


def escape_html(text: str) -> str:
    """``&``, ``<``, ``>`` and ``"`` as entities, as CommonMark engines escape text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;"
    )


@dataclass(frozen=True)
class Head:
    """What an annotation is: its kind and key, and what its badge and link say.

    ``number`` is the reader's number of a claim, note or follow-up (its badge
    and its entry in the list); ``source`` and ``credibility`` are a claim's;
    ``outcome`` a settled claim's (confirmed, refuted, partly) or a
    follow-up's; ``slug`` and ``claim`` name the earlier claim a follow-up
    settles; ``local`` marks a term defined by this briefing only (no
    glossary page).
    """

    kind: str
    key: str
    number: int = 0
    source: str = ""
    credibility: int = 0
    local: bool = False
    outcome: str = ""
    slug: str = ""
    claim: str = ""


def language_attributes(tag: str | None) -> str:
    """`` lang="ar" dir="rtl"`` for text in the language ``tag``; nothing for none."""
    if not tag or not LANG_TAG.fullmatch(tag):
        return ""
    return f' lang="{escape_html(tag)}" dir="{direction(tag)}"'


def annotation_open(head: Head, *, first_part: bool = True, root: str = BRIEFING_ROOT) -> str:
    """The start of an annotated passage (``first_part``: where its list entry links to)."""
    key = escape_html(head.key)
    if head.kind == TERM:
        tip = escape_html(tip_id(head.kind, head.key))
        href = "#" + anchor_id(TERM, head.key) if head.local else f"{root}glossary/{head.key}/"
        # Without script the term is a plain link to its explanation; the
        # description (the tip) is announced by screen readers on focus.
        return (
            f'<span class="ann ann--term" data-term="{key}">'
            f'<a class="ann__trigger" href="{escape_html(href)}" aria-describedby="{tip}">'
        )
    data = f'data-{head.kind}="{key}"'
    if first_part:
        data = f'id="{escape_html(passage_id(head.kind, head.key))}" ' + data
    if head.kind == CLAIM:
        data += f' data-source="{escape_html(head.source)}" data-credibility="{head.credibility}"'
    if head.kind == FOLLOW:
        data += f' data-settles="{escape_html(head.slug)}#{escape_html(head.claim)}"'
    if head.outcome:
        data += f' data-outcome="{escape_html(head.outcome)}"'
    return f'<span class="ann ann--{head.kind}" {data}>'


def annotation_tip(head: Head, ui_language: str | None = None) -> str:
    """Between the annotated words and the tip: the badge (a claim's or note's) and
    the tip's start; ``ui_language`` is the site's when the article's differs."""
    ui = language_attributes(ui_language)
    tip = escape_html(tip_id(head.kind, head.key))
    if head.kind == TERM:
        return f'</a><span class="ann__tip" role="tooltip" id="{tip}" data-ann{ui}>'
    # The badge is a numbered reference ("claim 3") to the entry of the same
    # number in the page's claims or notes list: the no-script way to the
    # details, and the endnote marker on paper.
    label = badge_label(head.kind, head.number, head.credibility, head.outcome)
    # A claim's badge says its grade in words: the highlight shows it by more
    # than colour (and its underline's pattern, see the theme); a settled
    # claim's its outcome, a follow-up's what it does to the earlier claim.
    grade = badge_grade(head.kind, head.credibility, head.outcome)
    # The space before the grade's words is where a narrow screen may break
    # the badge (see the theme); the words themselves stay together.
    words = (
        f'<span class="ann__grade"> <span class="ann__words">· {escape_html(grade)}</span></span>'
        if grade else ""
    )
    outcome = badge_outcome(head.kind, head.outcome)
    if outcome:
        words += (
            f'<span class="ann__outcome"> <span class="ann__words">· {escape_html(outcome)}'
            "</span></span>"
        )
    return (
        f'<span class="ann__ui" data-ann{ui}>'
        f'<a class="ann__trigger ann__badge ann__badge--{head.kind}" '
        f'href="#{escape_html(anchor_id(head.kind, head.key))}" '
        f'aria-describedby="{tip}" '
        f'aria-label="{escape_html(label)}">'
        f'{BADGE_WORDS[head.kind]}<span class="ann__num"> {head.number}</span>{words}</a>'
        f'<span class="ann__tip" role="tooltip" id="{tip}">'
    )


def annotation_close(kind: str, *, tipped: bool = True) -> str:
    """The end of an annotated passage (``tipped``: it had its badge and tip)."""
    if not tipped:
        return "</a></span>" if kind == TERM else "</span>"
    return "</span></span>" if kind == TERM else "</span></span></span>"


def format_open(kind: str, href: str = "", root: str = BRIEFING_ROOT) -> str:
    """``<em>``, ``<strong>``, ``<code>``, or a link to ``href`` (check it with
    :func:`is_safe_href` first; a site-relative ``/x`` is taken from ``root``)."""
    if kind == "link":
        if href.startswith("/") and not href.startswith("//"):
            href = root + href.lstrip("/")
        return f'<a href="{escape_html(href)}" rel="nofollow noopener">'
    return f"<{kind}>"


def format_close(kind: str) -> str:
    return "</a>" if kind == "link" else f"</{kind}>"


def strong(html: str) -> str:
    """Escaped text or HTML shown in bold."""
    return f"<strong>{html}</strong>"


def target(kind: str, key: str) -> str:
    """The start of an annotation's entry in a list: what its badge links to."""
    return f'<span class="target" id="{escape_html(anchor_id(kind, key))}"></span>'


# Sections of a briefing page and their headings.
SECTIONS = {
    "summary": "Bottom line",
    "terms": "Terms in this briefing",
    "sources": "Sources",
    "claims": "Graded claims",
    "follows": "Earlier claims this briefing settles",
    "notes": "Analyst notes",
    "story": "The story so far",
    "related": "Related briefings",
}
# The sections whose text search indexes: what the briefing says (its bottom
# line, article, claims and notes), not the headings and not its lists of
# what other pages hold (glossary definitions, the source register, related
# briefings).
INDEXED_SECTIONS = frozenset({"summary", "article-body", "claims", "follows", "notes"})
SECTION_CLOSE = "</section>"


def section_open(name: str) -> str:
    """The start of a section of the briefing page, with its heading (an HTML block)."""
    ignored = "" if name in INDEXED_SECTIONS else " data-pagefind-ignore"
    return (
        f'<section class="briefing-{name}" id="{section_id(name)}" '
        f'aria-labelledby="{section_id(name)}-title"{ignored}>\n'
        f'<h2 id="{section_id(name)}-title" data-pagefind-ignore>{SECTIONS[name]}</h2>'
    )


def article_body_open(language: str) -> str:
    """The start of the article's text, in its ``language`` (an HTML block; ``</div>`` ends it)."""
    return f'<div class="article-body" data-article-body{language_attributes(language)}>'


def in_language(tag: str, text: str) -> str:
    """Escaped text or HTML in the language ``tag`` (BCP 47)."""
    return f"<span{language_attributes(tag)}>{text}</span>"
