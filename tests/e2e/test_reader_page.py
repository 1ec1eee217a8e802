"""What a careful reader noticed on the pages, read with BeautifulSoup.

Quotation marks (nested quotes, editor Markdown set with markdown-it-py's
typographer while article text stays as written), one date format, the kind
of a source in words, claims and notes that link back to their passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.conftest import Run

ARTICLE = """\
Truce talk

Officials said the ministry was ready to provide "all forms of support" to the army.
It's "early days", a source said -- and nothing more... (c) 2025.

A second paragraph says the truce holds.
"""

SIDECAR = """\
date: 2025-02-06T10:30:00+03:00
outlet: wire
summary: The ministry's "road map" is not a pact -- yet.
sources:
  - id: mod-source
    label: Ministry source (unnamed)
    kind: anonymous-official
    reliability: C
claims:
  - quote: the ministry was ready to provide "all forms of support"
    source: mod-source
    credibility: 3
    note: The "support" is not defined.
  - quote: the truce holds
    source: wire
    credibility: 1
notes:
  - quote: It's "early days"
    text: Ankara's 'early days' line.
"""

FILES: dict[str, str | bytes] = {
    "content/briefings/truce.txt": ARTICLE,
    "content/briefings/truce.yaml": SIDECAR,
}
DATE = re.compile(r"\d{1,2} (January|February|March|April|May|June|July|August|September|"
                  r"October|November|December) \d{4}")


def test_editor_text_is_typeset_and_article_text_is_not(site: Callable[..., Run]) -> None:
    run = site(FILES)
    assert run.status == 0, run.stderr
    page = run.page("briefings/truce/index.html")
    summary = page.select_one("#bg-summary").get_text(" ", strip=True)
    assert "The ministry’s “road map” is not a pact -- yet." in summary
    body = page.select_one("[data-article-body]")
    for element in body.select("[data-ann]"):
        element.decompose()
    text = body.get_text()
    # Word for word: straight quotes, "--", "..." and "(c)" stay as the article has them.
    assert 'provide "all forms of support" to' in text
    assert 'It\'s "early days", a source said -- and nothing more... (c) 2025.' in text
    notes = page.select_one("#bg-notes").get_text(" ", strip=True)
    assert "Ankara’s ‘early days’ line." in notes
    claims = page.select_one("#bg-claims").get_text(" ", strip=True)
    assert "The “support” is not defined." in claims


def test_nested_quotation_marks_are_single(site: Callable[..., Run]) -> None:
    run = site(FILES)
    page = run.page("briefings/truce/index.html")
    first = page.select("#bg-claims li")[0].get_text().strip()
    assert first.startswith(
        "“the ministry was ready to provide ‘all forms of support’”:"
    ), first
    note = page.select("#bg-notes li")[0].get_text().strip()
    assert note.startswith("“It's ‘early days’”:"), note  # the article's apostrophe as written
    for path in ("briefings/truce/index.html", "sources/wire/index.html"):
        html = run.page(path).get_text()
        assert "””" not in html and "““" not in html and "”\"" not in html


def test_one_date_format_everywhere(site: Callable[..., Run]) -> None:
    run = site(FILES)
    pages = sorted((run.root / "output").rglob("*.html"))
    seen = 0
    for path in pages:
        soup = run.page(str(path.relative_to(run.root / "output")))
        for time in soup.select("time"):
            assert DATE.fullmatch(time.get_text(strip=True)), (path, time)
            seen += 1
    assert seen >= 4  # index, briefing, and a source page's claim and briefing lists


def test_source_kind_in_words(site: Callable[..., Run]) -> None:
    run = site(FILES)
    page = run.page("briefings/truce/index.html")
    rows = [r.get_text(" | ", strip=True) for r in page.select("#bg-sources tr")]
    assert any("Ministry source (unnamed) | anonymous official |" in r for r in rows), rows
    assert "(anonymous)" not in page.get_text()


def test_claims_and_notes_link_back_to_their_passage(site: Callable[..., Run]) -> None:
    run = site(FILES)
    page = run.page("briefings/truce/index.html")
    entries = page.select("#bg-claims li") + page.select("#bg-notes li")
    assert len(entries) == 3
    for entry in entries:
        link = entry.find("a", href=re.compile(r"^#"))
        assert link is not None, entry
        passage = page.find(id=link["href"][1:])
        assert passage is not None, link
        assert passage.has_attr("data-claim") or passage.has_attr("data-note"), link
    # The link of a claim leads to that claim's passage, not another's.
    second = page.select("#bg-claims li")[1].find("a", href=re.compile(r"^#"))
    assert page.find(id=second["href"][1:])["data-claim"] == "c2"
