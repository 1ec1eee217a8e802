"""The ``language`` of a briefing (BCP 47): checked, and carried by the page's
body, headline, quotes in lists and tips (read with BeautifulSoup)."""

from __future__ import annotations

from collections.abc import Callable

from briefgen.sidecar import sidecar_json_schema
from tests.conftest import Run

ARABIC = {
    "content/briefings/ar.txt": (
        "عنوان الخبر\n\nقال مصدر إن وفداً عسكرياً زار دمشق الأسبوع الماضي.\n"
    ),
    "content/briefings/ar.yaml": """\
        date: 2025-02-07
        outlet: wire
        language: ar-sy
        summary: A delegation's visit.
        claims:
          - quote: وفداً عسكرياً زار دمشق
            source: wire
            credibility: 3
        glossary:
          - id: damascus
            term: دمشق
            definition: The capital of Syria.
        """,
}

HTML_PAGE = """\
<!doctype html><html lang="tr"><head><title>Ankara yanıt verdi</title></head>
<body><article><h1>Ankara yanıt verdi</h1>
<p>Bakanlık sözcüsü, görüşmelerin sürdüğünü söyledi ve ayrıntı vermedi.</p>
<p>Açıklama perşembe günü yapıldı.</p></article></body></html>
"""


def test_a_bad_language_tag_is_an_error_at_the_key(site: Callable[..., Run]) -> None:
    run = site({
        "content/briefings/s.txt": "Headline\n\nSome words.\n",
        "content/briefings/s.yaml": "date: 2025-02-06\noutlet: wire\nlanguage: arabic\n"
                                    "summary: Words.\n",
    })
    assert run.status == 1
    assert any(
        line.endswith("[briefgen.bad-language]") and "s.yaml:3:11: error:" in line
        and "'arabic'" in line
        for line in run.diagnostics
    ), run.stderr


def test_a_right_to_left_article_says_so(site: Callable[..., Run]) -> None:
    run = site(ARABIC)
    assert run.status == 0, run.stderr
    page = run.page("briefings/ar/index.html")
    assert page.html["lang"] == "en"  # the site's chrome stays as it is
    body = page.select_one("[data-article-body]")
    assert (body["lang"], body["dir"]) == ("ar-SY", "rtl")  # in its standard form
    headline = page.select_one("h1")
    assert (headline["lang"], headline["dir"]) == ("ar-SY", "rtl")
    # Tips and badges inside the body are in the site's language.
    for element in body.select(".ann__ui, [data-term] .ann__tip"):
        assert (element["lang"], element["dir"]) == ("en", "ltr"), element
    assert len(body.select(".ann__ui, [data-term] .ann__tip")) == 2
    quote = page.select_one("#bg-claims li [lang]")
    assert (quote["lang"], quote["dir"]) == ("ar-SY", "rtl")
    assert quote.get_text() == "وفداً عسكرياً زار دمشق"
    index = run.page("index.html").select_one(".briefing-card__title a")
    assert (index["lang"], index["dir"]) == ("ar-SY", "rtl")
    source = run.page("sources/wire/index.html").select_one(".claim-list blockquote")
    assert (source["lang"], source["dir"]) == ("ar-SY", "rtl")


def test_a_saved_page_brings_its_own_language(site: Callable[..., Run]) -> None:
    run = site({
        "content/briefings/tr.html": HTML_PAGE,
        "content/briefings/tr.yaml": "date: 2025-02-06\noutlet: wire\nsummary: Words.\n",
    })
    assert run.status == 0, run.stderr
    page = run.page("briefings/tr/index.html")
    body = page.select_one("[data-article-body]")
    assert (body["lang"], body["dir"]) == ("tr", "ltr")
    assert page.select_one("h1")["lang"] == "tr"


def test_the_sidecar_overrides_the_page_and_the_site_is_the_default(
    site: Callable[..., Run],
) -> None:
    run = site({
        "content/briefings/tr.html": HTML_PAGE,
        "content/briefings/tr.yaml": "date: 2025-02-06\noutlet: wire\nlanguage: ku\n"
                                     "summary: Words.\n",
        "content/briefings/en.txt": "Headline\n\nSome words.\n",
        "content/briefings/en.yaml": "date: 2025-02-06\noutlet: wire\nsummary: Words.\n",
    })
    assert run.status == 0, run.stderr
    assert run.page("briefings/tr/index.html").select_one("[data-article-body]")["lang"] == "ku"
    page = run.page("briefings/en/index.html")
    assert page.select_one("[data-article-body]")["lang"] == "en"
    assert not page.select_one("h1").has_attr("lang")  # the page's own, by inheritance


def test_the_schema_documents_the_key() -> None:
    language = sidecar_json_schema()["properties"]["language"]
    assert "BCP 47" in language["description"]
