"""The story of realistic saved pages: the failure kinds real pages showed, one test each.

Each page is written here, read by the real reader (:func:`read_article`),
and its body compared with the story the page holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.diagnostics import DiagnosticList
from briefgen.ingest import read_article
from briefgen.model import Article

SUBJECTS = ("The ministry", "A spokesman", "The governor", "Local officials", "The committee")
VERBS = ("said on Tuesday that", "told reporters that", "confirmed in a statement that")
CLAUSES = (
    "the talks over the harbour contract would resume next month",
    "inspectors had found no damage to the eastern pipeline after the storm",
    "the new budget sets aside more money for rural clinics and schools",
    "two of the four candidates had withdrawn before the deadline passed",
    "a review of the grain export figures was expected by the end of spring",
    "the bridge across the river will stay closed to heavy lorries until repairs end",
)


def sentence(i: int) -> str:
    return (
        f"{SUBJECTS[i % len(SUBJECTS)]} {VERBS[i % len(VERBS)]} "
        f"{CLAUSES[i % len(CLAUSES)]}, number {i} in a series of reports."
    )


def story(count: int = 6, start: int = 0) -> list[str]:
    """Paragraphs of two sentences each, all different."""
    return [f"{sentence(start + 2 * i)} {sentence(start + 2 * i + 1)}" for i in range(count)]


NAV = (
    '<header><a href="/">The Daily</a><nav><ul><li><a href="/world">World news today</a></li>'
    '<li><a href="/business">Business and markets</a></li><li><a href="/sport">Sport results'
    "</a></li></ul></nav></header>"
)
FOOTER = '<footer><p>Copyright The Daily Publishing Group. <a href="/terms">Terms</a></p></footer>'


def page(body: str, head: str = "<title>Harbour talks | The Daily</title>") -> str:
    return f'<!DOCTYPE html><html lang="en"><head>{head}</head><body>{body}</body></html>'


def read(tmp_path: Path, html: str) -> tuple[Article, DiagnosticList]:
    path = tmp_path / "article.html"
    path.write_text(html, encoding="utf-8")
    diagnostics = DiagnosticList()
    article = read_article(path, diagnostics)
    assert article is not None
    return article, diagnostics


def texts(article: Article) -> list[str]:
    return [block.text for block in article.blocks]


def paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{item}</p>" for item in items)


def test_story_in_div_text_with_line_breaks(tmp_path: Path) -> None:
    parts = story(5)
    body = '<div class="story-text">' + "<br><br>\n".join(parts) + "</div>"
    article, _ = read(tmp_path, page(NAV + f"<h1>Harbour talks</h1>{body}" + FOOTER))
    assert texts(article) == parts


def test_story_in_spans_with_inline_marks(tmp_path: Path) -> None:
    parts = story(4)
    body = "<div id=content>" + "<br>".join(
        f'<span>{part} <a href="https://example.org/{i}">More</a></span>'
        for i, part in enumerate(parts)
    )
    article, _ = read(tmp_path, page(NAV + body + "</div>" + FOOTER))
    assert texts(article) == [f"{part} More" for part in parts]
    assert [mark.href for block in article.blocks for mark in block.marks] == [
        f"https://example.org/{i}" for i in range(4)
    ]


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="Page-ad-margins"><div class="non-ad-column">{}</div></div>',
        '<div id="ad_body">{}</div>',
        '<form id="aspnetForm" action="/page.aspx">{}</form>',
    ],
)
def test_a_chrome_word_or_form_around_the_story_keeps_it(tmp_path: Path, wrapper: str) -> None:
    parts = story(6)
    html = page(NAV + wrapper.format(f"<article><h1>Harbour</h1>{paragraphs(parts)}</article>"))
    article, _ = read(tmp_path, html)
    assert texts(article) == parts


def test_the_story_article_beats_teaser_and_comment_articles(tmp_path: Path) -> None:
    parts = story(6)
    teaser = '<article class="teaser"><h2><a href="/other">Another story</a></h2></article>'
    comment = "<article class=comment><p>Great piece, thanks for writing it.</p></article>"
    html = page(NAV + teaser + f"<article><h1>Harbour</h1>{paragraphs(parts)}</article>" + comment)
    article, _ = read(tmp_path, html)
    assert texts(article) == parts


def test_a_second_main_with_the_story_beats_a_first_with_an_ad(tmp_path: Path) -> None:
    parts = story(6)
    html = page(
        '<main class="top"><p>Advertisement</p></main>'
        f"<main><h1>Harbour</h1>{paragraphs(parts)}</main>"
    )
    article, _ = read(tmp_path, html)
    assert texts(article) == parts
    assert article.headline == "Harbour"


def test_article_body_itemprop_is_the_container(tmp_path: Path) -> None:
    parts = story(6)
    promo = story(2, start=40)
    html = page(
        NAV + "<article><h1>Harbour</h1><div class=standfirst><p>"
        + promo[0]
        + f'</p></div><div itemprop="articleBody">{paragraphs(parts)}</div>'
        + "<div class=more><p>" + promo[1] + "</p></div></article>"
    )  # fmt: skip
    article, _ = read(tmp_path, html)
    assert texts(article)[-len(parts) :] == parts
    assert promo[1] not in texts(article)


def test_tables_in_the_story_are_walked(tmp_path: Path) -> None:
    parts = story(5)
    table = (
        "<table><tr><th>Region</th><th>Tonnes</th></tr>"
        "<tr><td>North coast</td><td>1,200</td></tr></table>"
    )
    html = page(NAV + f"<article>{paragraphs(parts[:3])}{table}{paragraphs(parts[3:])}</article>")
    article, _ = read(tmp_path, html)
    body = " ".join(texts(article))
    assert "North coast" in body and "1,200" in body and "Tonnes" in body
    assert texts(article)[:3] == parts[:3] and texts(article)[-2:] == parts[3:]


def test_related_links_and_most_popular_inside_the_container_are_dropped(tmp_path: Path) -> None:
    parts = story(6)
    related = "".join(
        f'<li><a href="/story/{i}">Headline of another story number {i} on the site</a></li>'
        for i in range(5)
    )
    html = page(
        NAV + f"<article><h1>Harbour</h1>{paragraphs(parts[:3])}"
        f'<div class="rail"><h3>Most popular</h3><ul>{related}</ul></div>'
        f"{paragraphs(parts[3:])}<p>Tags: <a href='/t/ports'>ports</a></p></article>"
    )
    article, diagnostics = read(tmp_path, html)
    assert texts(article) == parts
    assert list(diagnostics) == []


def test_markup_in_text_stays_text_and_scripts_go(tmp_path: Path) -> None:
    parts = story(5)
    html = page(
        f"<article>{paragraphs(parts)}<p>Write &lt;script&gt;alert(1)&lt;/script&gt; "
        "to test the form, the engineers said in a note to the committee members.</p>"
        "<script>document.write('<p>injected</p>')</script></article>"
    )
    article, _ = read(tmp_path, html)
    assert "Write <script>alert(1)</script> to test" in texts(article)[-1]
    assert "injected" not in " ".join(texts(article))


def test_an_unsafe_link_deep_in_the_page_is_located_exactly(tmp_path: Path) -> None:
    parts = story(5)
    lines = [NAV, "<article>", paragraphs(parts), "<p>See   <a href='javascript:x()'>this</a>.</p>"]
    article, diagnostics = read(tmp_path, page("\n".join(lines) + "</article>"))
    (warning,) = list(diagnostics)
    assert warning.code == "briefgen.unsafe-link"
    # page() puts the body on line 1; the <a> is at column 10 of the fourth line
    assert (warning.location.line, warning.location.col) == (4, 10)
    assert texts(article)[-1] == "See this."


def test_an_unsafe_link_on_the_line_of_the_navigation_is_located_exactly(tmp_path: Path) -> None:
    # The navigation is never the story, but finding the story must leave the
    # page's elements as they were: locations count the tags of each line.
    nav = "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
    unsafe = "<p>See <a href='javascript:x()'>this</a>.</p>"
    html = page(f"{nav}<article>{paragraphs(story(5))}{unsafe}</article>")
    _, diagnostics = read(tmp_path, html)
    (warning,) = list(diagnostics)
    assert (warning.location.line, warning.location.col) == (1, html.index("<a href='java") + 1)


def extraction_warnings(diagnostics: DiagnosticList) -> list[str]:
    return [d.message for d in diagnostics if d.code == "briefgen.extraction-suspect"]


def test_no_warning_for_a_good_extraction(tmp_path: Path) -> None:
    html = page(NAV + f"<article><h1>Harbour</h1>{paragraphs(story(6))}</article>" + FOOTER)
    _, diagnostics = read(tmp_path, html)
    assert extraction_warnings(diagnostics) == []


def test_warning_for_few_words_on_a_large_page(tmp_path: Path) -> None:
    comments = "".join(f"<li><p>{part}</p></li>" for part in story(12, start=100))
    html = page(
        "<article><h1>Harbour</h1><p>Subscribe to read the whole story.</p></article>"
        f'<section id="comments" class="comments"><h2>Comments</h2><ol>{comments}</ol></section>'
    )
    _, diagnostics = read(tmp_path, html)
    (message,) = extraction_warnings(diagnostics)
    assert "words on a page of" in message
    assert "briefgen text" in message and "article.html" in message


def test_warning_for_a_body_of_links(tmp_path: Path) -> None:
    items = "".join(f'<li><a href="/s/{i}">{sentence(i)}</a></li>' for i in range(8))
    html = page(f"<main><h1>Latest</h1><ul>{items}</ul></main>")
    article, diagnostics = read(tmp_path, html)
    assert article.blocks, "a page of links keeps its links as text"
    (message,) = extraction_warnings(diagnostics)
    assert "% of the body is link text" in message


def test_doubts_name_navigation_repeats() -> None:
    from briefgen.ingest.story import reference_words
    from briefgen.ingest.suspect import extraction_doubts
    from briefgen.model import Block

    lines = ["World news today", "Business and markets", "Sport results and tables"]
    blocks = [Block("paragraph", line) for line in lines] + [
        Block("paragraph", part) for part in story(2)
    ]
    boilerplate = frozenset(reference_words(line) for line in lines)
    assert extraction_doubts(blocks, 200, boilerplate) == ["3 blocks repeat the page's navigation"]
    assert extraction_doubts(blocks[3:], 200, boilerplate) == []


def test_unsafe_links_of_dropped_chrome_are_not_reported(tmp_path: Path) -> None:
    parts = story(5)
    buttons = (
        '<div class="sharing"><a href="whatsapp://send?text=x">WhatsApp</a> '
        '<a href="fb-messenger://share?link=x">Messenger</a></div>'
    )
    html = page(f"<article><h1>Harbour</h1>{buttons}{paragraphs(parts)}</article>")
    article, diagnostics = read(tmp_path, html)
    assert texts(article) == parts
    assert list(diagnostics) == []
