"""Which block is the story, where the reader's rules disagree; links in sentences; captions.

Whole pages are read by the real reader (real trafilatura); the choice
between candidates is also tested on its own, with references given as text
(what trafilatura might say of a page), since no page written here can make
trafilatura pick a comment thread on demand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import HtmlElement, document_fromstring

from briefgen.ingest.evidence import Candidate, choose, disagree, secondary_kind
from briefgen.ingest.story import find_story
from tests.ingest.test_html_extraction import (
    FOOTER,
    NAV,
    extraction_warnings,
    page,
    paragraphs,
    read,
    sentence,
    story,
    texts,
)

DISCLAIMER = (
    "This review contains affiliate links: we may earn a commission when you buy through "
    "them, at no cost to you."
)


def comments(count: int, start: int = 200) -> str:
    items = "".join(
        f"<li class=comment><p>{part}</p><p>{sentence(start + 50 + i)}</p></li>"
        for i, part in enumerate(story(count, start=start))
    )
    return (
        f'<section id="comments"><h2>Comments</h2><ol class="comment-list">{items}</ol></section>'
    )


def _tree(body: str) -> HtmlElement:
    return document_fromstring(f"<html><body>{body}</body></html>")


CAPTION = (
    "Image caption, Dock workers at the eastern pier of the harbour wait for the first "
    "ship after the storm damaged the cranes last week"
)


# --- choosing between candidates: whole pages ---------------------------------


def test_a_long_review_wins_over_its_affiliate_disclaimer(tmp_path: Path) -> None:
    review = story(40)
    body = "<br><br>".join(review)
    html = page(
        NAV + f"<article><h1>Harbour kettle review</h1><p class=note>{DISCLAIMER}</p></article>"
        f"<div class=review-text>{body}</div>" + FOOTER
    )
    article, diagnostics = read(tmp_path, html)
    assert texts(article)[-len(review) :] == review
    assert extraction_warnings(diagnostics) == []


def test_a_story_wins_over_a_longer_comment_thread(tmp_path: Path) -> None:
    parts = story(6)
    html = page(
        NAV + f"<article><h1>Harbour talks</h1>{paragraphs(parts)}</article>"
        + comments(20) + FOOTER
    )  # fmt: skip
    article, _ = read(tmp_path, html)
    assert texts(article) == parts


def test_layout_names_around_a_story_are_not_secondary_matter(tmp_path: Path) -> None:
    # Wrappers say where the sidebar goes and that comments are open; the
    # story inside them is no teaser list and no comment.
    parts = story(6)
    html = page(
        NAV + "<div class='layout has-sidebar sidebar-right'><div class='post comments-open'>"
        "<div class='widget blog'><div class='entry-content entry-content-read-more'>"
        f"<h1>Harbour</h1>{paragraphs(parts)}</div></div></div></div>" + FOOTER
    )
    article, diagnostics = read(tmp_path, html)
    assert texts(article) == parts
    assert extraction_warnings(diagnostics) == []
    tree = _tree("<div class=comments-open><div id=story><p>Words.</p></div></div>")
    assert secondary_kind(Candidate(tree.get_element_by_id("story"), 100, False)) is None
    links = Candidate(tree.get_element_by_id("story"), 5, False, words=40, linked=30)
    assert secondary_kind(links) == "a teaser list"


# --- choosing between candidates: the decision on given references ------------


def test_a_reference_that_took_the_disclaimer_is_overruled_by_the_second_opinion() -> None:
    review = story(30)
    tree = _tree(
        f"<div class=entry><p>{DISCLAIMER}</p></div><div id=review>{paragraphs(review)}</div>"
    )
    chosen = find_story(
        tree,
        read_reference=lambda _: DISCLAIMER,  # a first reading that took the notice
        read_second=lambda _: "\n".join(review),
    )
    assert chosen is not None and chosen.element.get("id") == "review"


def test_without_a_second_opinion_the_page_evidence_decides() -> None:
    review = story(30)
    tree = _tree(
        f"<div class=entry><p>{DISCLAIMER}</p></div><div id=review>{paragraphs(review)}</div>"
    )
    chosen = find_story(tree, read_reference=lambda _: DISCLAIMER, read_second=lambda _: "")
    assert chosen is not None and chosen.element.get("id") == "review"


def test_a_comment_thread_never_wins_over_a_story_many_times_its_length() -> None:
    parts = story(30)
    thread = (
        "<div id=comments><div class=comment><p>"
        + " ".join(story(3, start=90))
        + "</p></div></div>"
    )
    tree = _tree(f"<div id=story>{paragraphs(parts)}</div>{thread}")
    chosen = find_story(
        tree,
        read_reference=lambda _: " ".join(story(3, start=90)),  # took the comments
        read_second=lambda _: " ".join(story(3, start=90)),  # and so did the second
    )
    assert chosen is not None and chosen.element.get("id") == "story"


def test_asked_for_it_the_second_opinion_decides_also_where_candidates_agree() -> None:
    # The reader asks again when the blocks it kept have little of trafilatura's
    # text (reference_coverage): both candidates may agree and be wrong.
    long_side, review = story(20, start=70), story(8)
    asked: list[bool] = []

    def second(_: HtmlElement) -> str:
        asked.append(True)
        return "\n".join(review)

    tree = _tree(f"<div id=side>{paragraphs(long_side)}</div>"
                 f"<div id=review>{paragraphs(review)}</div>")  # fmt: skip
    first = " ".join(long_side)
    unasked = find_story(tree, lambda _: first, read_second=second)
    assert unasked is not None and unasked.element.get("id") == "side"
    assert not unasked.asked_second and asked == []
    again = find_story(tree, lambda _: first, read_second=second, ask_second=True)
    assert again is not None and again.asked_second and asked == [True]
    assert again.element.get("id") == "review"


def test_reference_coverage_is_the_share_of_runs_of_four_words_kept() -> None:
    from briefgen.ingest.story import reference_words
    from briefgen.ingest.story_blocks import reference_coverage
    from briefgen.model import Block

    reference = reference_words("one two three four five six seven eight")  # 5 runs
    assert reference_coverage([Block("paragraph", "One two three four five")], reference) == 0.4
    assert reference_coverage([], reference) == 0.0
    assert reference_coverage([Block("paragraph", "x")], "") == 1.0


def test_candidates_that_agree_are_not_weighed() -> None:
    tree = _tree(f"<div id=outer><div id=inner>{paragraphs(story(6))}</div><p>x y</p></div>")
    outer, inner = tree.get_element_by_id("outer"), tree.get_element_by_id("inner")
    assert not disagree(Candidate(outer, 182, False), Candidate(inner, 180, False))
    assert disagree(Candidate(outer, 1800, False), Candidate(inner, 180, False))  # a fraction
    other = tree.findall(".//p")[-1]
    assert disagree(Candidate(inner, 180, False), Candidate(other, 150, False))  # nothing shared


def test_secondary_matter_is_known_by_names_and_notices() -> None:
    tree = _tree(
        "<div class='comments-area'><div id=c1><p>Nice.</p></div></div>"
        "<div class=related-posts><ul><li>Other</li></ul></div>"
        f"<div id=notice><p>{DISCLAIMER}</p></div><div id=story><p>Plain words.</p></div>"
    )

    def kind(ident: str, text: str = "", prose: int = 100) -> str | None:
        return secondary_kind(Candidate(tree.get_element_by_id(ident), prose, False, text))

    assert kind("c1") == "comments"
    assert kind("notice", DISCLAIMER, 20) == "a disclaimer"
    assert kind("notice", DISCLAIMER, 500) is None  # a long text mentioning a commission
    assert kind("story", "Plain words.", 2) is None
    related = tree.find(".//ul")
    assert secondary_kind(Candidate(related, 1, False)) == "a teaser list"


def test_choose_weighs_agreement_and_vetoes_short_secondary_matter() -> None:
    tree = _tree("<div id=a></div><div id=comments><div id=b></div></div><div id=c></div>")
    a, b, c = (tree.get_element_by_id(name) for name in "abc")
    # comments agree best with the second opinion, but the story is 4 times longer
    assert choose([Candidate(b, 100, False, "", 0.9), Candidate(a, 400, False, "", 0.5)]) == 1
    # a longer comment thread than the story: weighed, a quarter of its agreement
    assert choose([Candidate(a, 100, False, "", 0.5), Candidate(b, 200, False, "", 0.9)]) == 0
    # the page's headline counts a little
    assert choose([Candidate(a, 300, False, "", 0.6), Candidate(c, 300, True, "", 0.55)]) == 1


# --- links in sentences, captions, chrome in the container --------------------


def test_a_sentence_made_mostly_of_links_is_story_text(tmp_path: Path) -> None:
    parts = story(6)
    linked = (
        'The <a href="/fo">Foreign Office</a> said <a href="/mod">the Ministry of Defence</a> '
        'had <a href="/talks">agreed to resume the harbour talks</a>.'
    )
    html = page(
        NAV + f"<article><h1>Harbour</h1>{paragraphs(parts[:3])}<p>{linked}</p>"
        f"{paragraphs(parts[3:])}</article>"
    )
    article, _ = read(tmp_path, html)
    sentence_text = (
        "The Foreign Office said the Ministry of Defence had agreed to resume the harbour talks."
    )
    assert texts(article) == [*parts[:3], sentence_text, *parts[3:]]
    (block,) = (block for block in article.blocks if block.text == sentence_text)
    assert [mark.href for mark in block.marks] == ["/fo", "/mod", "/talks"]


def test_a_sentence_before_a_link_is_story_text(tmp_path: Path) -> None:
    parts = story(6)
    quoted = (
        'My mother is always ready for the end of the world. <a href="https://t.co/x">'
        "pic.twitter.com/qc6VqGZYA2</a>"
    )
    html = page(
        NAV + f"<article><h1>Harbour</h1>{paragraphs(parts[:3])}<p>{quoted}</p>"
        f"{paragraphs(parts[3:])}</article>"
    )
    article, _ = read(tmp_path, html)
    assert "My mother is always ready for the end of the world. pic.twitter.com/qc6VqGZYA2" in (
        texts(article)
    )


CHROME_IN_THE_STORY = {
    "a list of links and a tags line": "<ul>"
    + "".join(
        f'<li><a href="/s/{i}">Another story about the harbour, number {i}</a></li>'
        for i in range(6)
    )
    + '</ul><p>Tags: <a href="/t/a">ports</a>, <a href="/t/b">trade</a>.</p>',
    "a figure's caption and a caption box": f"<figure><img src='pier.jpg' alt=''>"
    f"<figcaption>{CAPTION}</figcaption></figure>"
    f"<div class='media-caption'><span>{CAPTION}</span></div>",
    "image credits, a news teaser, an author box": "<div class='post-image-credits'>Hector "
    "Andrade | Agency photo desk</div><div class='newsteaser mid'><a href='/other'><p>Status "
    "quo: what is still happening at the harbour club this summer</p></a></div><div "
    "class='row author-box'><p>Maria Lind leads the harbour desk. She studied history in "
    "Oslo and reported from the coast for years.</p></div>",
    "calls to subscribe and to download the app": "<p>Subscribe now to our weekend edition "
    "for the full story.</p><p>For the latest stories download the Daily Harbour apps for "
    "iOS and Android.</p>",
}


@pytest.mark.parametrize("chrome", CHROME_IN_THE_STORY.values(), ids=CHROME_IN_THE_STORY.keys())
def test_chrome_inside_the_story_is_dropped(tmp_path: Path, chrome: str) -> None:
    parts = story(6)
    html = page(
        NAV + f"<article><h1>Harbour</h1>{paragraphs(parts[:3])}{chrome}"
        f"{paragraphs(parts[3:])}</article>"
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == parts


def test_a_sentence_about_subscribers_is_story_text(tmp_path: Path) -> None:
    parts = story(6)
    subscribers = "The port said subscribers to its freight service would pay less."
    html = page(NAV + f"<article><h1>Harbour</h1>{paragraphs([*parts, subscribers])}</article>")
    article, _ = read(tmp_path, html)
    assert texts(article) == [*parts, subscribers]


def test_a_header_holding_the_lead_keeps_the_lead(tmp_path: Path) -> None:
    parts = story(6)
    lead = " ".join(story(1, start=30))
    html = page(
        NAV + "<article><header><h1>Harbour talks</h1>"
        f"<div class=lead><h2>{lead}</h2></div></header>{paragraphs(parts)}</article>"
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == [lead, *parts]
    assert article.headline == "Harbour talks"


def test_a_lead_named_teaser_that_trafilatura_keeps_stays(tmp_path: Path) -> None:
    parts = story(6)
    lead = " ".join(story(1, start=40))
    html = page(
        NAV + f"<article><h1>Harbour</h1><p class='article-teaser'>{lead}</p>"
        f"{paragraphs(parts)}</article>"
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == [lead, *parts]


# --- the extraction warning ---------------------------------------------------


def test_warning_when_a_long_text_elsewhere_is_left_out(tmp_path: Path) -> None:
    # The page marks a short story; a long text it does not mark is elsewhere.
    short = story(3)
    long_text = "<br><br>".join(story(40, start=60))
    html = page(
        NAV + f"<article itemprop=articleBody><h1>Harbour</h1>{paragraphs(short)}</article>"
        f"<div class=comment-thread>{long_text}</div>" + FOOTER
    )
    article, diagnostics = read(tmp_path, html)
    assert texts(article) == short
    (message,) = extraction_warnings(diagnostics)
    assert "words elsewhere on the page was left out" in message


def test_warning_when_the_body_reads_like_a_disclaimer(tmp_path: Path) -> None:
    html = page(NAV + f"<article><h1>Kettle review</h1><p>{DISCLAIMER}</p></article>" + FOOTER)
    article, diagnostics = read(tmp_path, html)
    assert texts(article) == [DISCLAIMER]
    (message,) = extraction_warnings(diagnostics)
    assert "the body reads like a disclaimer, not a story" in message


def test_warning_when_the_body_reads_like_comments(tmp_path: Path) -> None:
    html = page(comments(4))
    _, diagnostics = read(tmp_path, html)
    (message,) = extraction_warnings(diagnostics)
    assert "the body reads like comments, not a story" in message
