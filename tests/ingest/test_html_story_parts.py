"""Story text the reader must not drop: sentences that open with a link, linked
sub-headings, a lead before the story's container, the story going on after a
box in its middle.

Each page is written here and read by the real reader (real trafilatura).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import document_fromstring

from briefgen.ingest.story import Story, reference_words
from briefgen.ingest.story_blocks import keep_story_blocks
from briefgen.model import Block, InlineMark
from tests.ingest.test_html_extraction import FOOTER, NAV, page, paragraphs, read, story, texts

LEAD = (
    "The harbour talks resumed on Monday after a week of strikes, and both sides "
    "said they hoped to agree on a contract by Friday."
)
MOST_READ = (
    '<div class="inline-widget"><h3>Most read</h3><ul>'
    + "".join(
        f'<li><a href="/s{i}">Another story about the coast, number {i}</a></li>' for i in range(5)
    )
    + "</ul></div>"
)


def test_a_sentence_opening_with_a_link_is_story_text_a_label_is_not(tmp_path: Path) -> None:
    parts = story(6)
    linked = '<p><a href="/statement">The ministry statement</a> was published on Monday.</p>'
    label = '<p>Read more: <a href="/other">Strike enters its second week</a>.</p>'
    html = page(
        NAV + f"<article><h1>Harbour</h1>{paragraphs(parts[:3])}{linked}{label}"
        f"{paragraphs(parts[3:])}</article>" + FOOTER
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == [
        *parts[:3],
        "The ministry statement was published on Monday.",
        *parts[3:],
    ]


def test_a_linked_sub_heading_before_story_text_stays(tmp_path: Path) -> None:
    parts = story(6)
    html = page(
        NAV + f"<article><h1>Harbour</h1>{paragraphs(parts[:3])}"
        f'<h2><a href="#background">Background</a></h2>{paragraphs(parts[3:])}</article>' + FOOTER
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == [*parts[:3], "Background", *parts[3:]]


def _heading_of_links(text: str) -> Block:
    return Block("heading", text, (InlineMark(0, len(text), "link", "/other"),), level=3)


def test_a_linked_heading_stays_only_before_text_in_the_reference() -> None:
    """A heading of links before a long kept block: kept when trafilatura's text has
    that block (a listicle's linked name), not when it lacks it (a teaser's text)."""
    first, listed, teaser = story(3)
    blocks = [
        Block("paragraph", first),
        _heading_of_links("Harbour Kettle Pro"),
        Block("paragraph", listed),
        _heading_of_links("Ferry fares rise again"),
        Block("paragraph", teaser),
    ]
    finding = Story(
        document_fromstring("<p>x</p>"), reference_words(f"{first} {listed}"), frozenset(), 100
    )
    kept = [block.text for block in keep_story_blocks(blocks, finding)]
    assert kept == [first, "Harbour Kettle Pro", listed, teaser]


def test_a_lead_paragraph_before_the_story_container_is_kept(tmp_path: Path) -> None:
    parts = story(10)
    html = page(
        NAV + '<div class="main"><h1>Harbour talks</h1><p class="date">12.05.2022 10:30</p>'
        f'<p class="standfirst">{LEAD}</p><div class="clearfix"></div>'
        f'<div class="article-body">{paragraphs(parts)}</div></div>' + FOOTER
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == [LEAD, *parts]


def test_the_story_goes_on_after_a_box_in_its_middle(tmp_path: Path) -> None:
    parts = story(16)
    html = page(
        NAV + '<div class="content"><h1>Harbour talks</h1>'
        f'<div class="article-body">{paragraphs(parts[:8])}</div>{MOST_READ}'
        '<div class="ad">Advertisement</div>'
        f'<div class="article-body">{paragraphs(parts[8:])}</div></div>' + FOOTER
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == parts


def test_a_list_of_stories_like_the_story_is_not_its_continuation(tmp_path: Path) -> None:
    parts = story(8)
    others = "".join(
        f'<div class="entry"><h2><a href="/s/{i}">Other story {i}</a></h2>'
        f"{paragraphs(story(4, start=100 + 20 * i))}</div>"
        for i in range(3)
    )
    html = page(
        NAV + f'<div class="content"><div class="entry"><h1>Harbour talks</h1>{paragraphs(parts)}'
        f"</div>{others}</div>" + FOOTER
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == parts


@pytest.mark.parametrize(
    "halves",
    [
        '<div itemprop="articleBody">{first}</div>{box}<div class="rest">{second}</div>',
        '<div class="wrap"><div class="article-body">{first}</div></div>{box}'
        '<div class="wrap"><div class="article-body">{second}</div></div>',
        '<div class="free-part">{first}</div>{box}<div class="article-body">{second}</div>',
    ],
    ids=["going on in another kind", "wrapped halves", "begun in another kind"],
)
def test_a_story_cut_in_two_by_a_box_is_read_whole(tmp_path: Path, halves: str) -> None:
    parts = story(16)
    body = halves.format(first=paragraphs(parts[:8]), box=MOST_READ, second=paragraphs(parts[8:]))
    html = page(NAV + f'<div class="content"><h1>Harbour talks</h1>{body}</div>' + FOOTER)
    article, _ = read(tmp_path, html)
    assert texts(article) == parts


@pytest.mark.parametrize(
    "after",
    [
        '<div class="text"><hr><p>{about}</p></div>',
        '<hr><div class="about">{paragraphs}</div>',
        '<div class="comment-list">{paragraphs}</div>',
        '<div class="more"><h2>About the port</h2>{paragraphs}</div>',
    ],
    ids=["opening with a rule", "after a rule", "comments", "opening with a heading"],
)
def test_what_follows_the_story_apart_from_it_is_not_its_continuation(
    tmp_path: Path, after: str
) -> None:
    parts = story(10)
    other = story(6, start=200)
    html = page(
        NAV + f'<div class="content"><h1>Harbour talks</h1><div class="text">{paragraphs(parts)}'
        "</div>"
        + after.format(about=" ".join(other), paragraphs=paragraphs(other))
        + "</div>"
        + FOOTER
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == parts


def test_a_comments_box_inside_the_story_container_is_dropped(tmp_path: Path) -> None:
    parts = story(8)
    box = (
        '<div class="comments-section" id="comments"><h2>Comments</h2><p>Join the '
        "conversation in our comments section below. Share your own views and experience "
        "with the other readers of the harbour news.</p>"
        "<p>Please log in here to leave a comment.</p></div>"
    )
    html = page(NAV + f"<article><h1>Harbour</h1>{paragraphs(parts)}{box}</article>" + FOOTER)
    article, _ = read(tmp_path, html)
    assert texts(article) == parts


def test_a_short_lead_named_for_it_before_the_container_is_kept(tmp_path: Path) -> None:
    parts = story(10)
    intro = "Dock workers and the port authority meet again after a long week of strikes"
    html = page(
        NAV + f'<div class="main"><h1>Harbour talks</h1><div class="article-intro">{intro}</div>'
        f'<div class="article-body">{paragraphs(parts)}</div></div>' + FOOTER
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == [intro, *parts]


def test_every_name_of_reader_comments_is_looked_for_in_the_container() -> None:
    """The survey looks closer only at names with a hint of comments in them."""
    from briefgen.ingest.evidence import _COMMENT_WORDS, is_comment_word
    from briefgen.ingest.html import _COMMENT_HINT

    names = [*_COMMENT_WORDS, "comment-list", "comments_area", "comment_body"]
    assert all(is_comment_word(name) and _COMMENT_HINT.search(name) for name in names)


@pytest.mark.parametrize(
    ("attributes", "chrome"),
    [
        ('class="ad-slot"', True),
        ('class="story share_buttons"', True),
        ('id="cookie-banner"', True),
        ('class="box" id="Related"', True),
        ('class="newsteaser"', True),
        ('class="author bio"', True),
        ('class="header shadow"', False),
        ('class="biography loading"', False),
        ('class="adventure"', False),
    ],
)
def test_boxes_are_named_for_chrome_by_whole_words_or_their_parts(
    attributes: str, chrome: bool
) -> None:
    from briefgen.ingest.html import _is_chrome

    element = document_fromstring(f"<html><body><div {attributes}>x</div></body></html>")
    assert _is_chrome(element.find(".//div")) is chrome


@pytest.mark.parametrize(
    "page_around",
    [
        '<div class="hero">{other}</div><main class="content"><h1>Harbour talks</h1>{story}</main>',
        '<div class="content"><div class="text">{story}</div><h2>About the author</h2>'
        '<div class="bio">{other}</div></div>',
    ],
    ids=["a section of the page before <main>", "after a heading"],
)
def test_prose_beside_the_story_apart_from_it_is_not_the_story(
    tmp_path: Path, page_around: str
) -> None:
    parts = story(10)
    other = paragraphs(story(4, start=300))
    html = page(NAV + page_around.format(story=paragraphs(parts), other=other) + FOOTER)
    article, _ = read(tmp_path, html)
    assert texts(article) == parts
