"""Markup in every field an editor or an article fills reaches the briefing page as text.

Render writes the page as CommonMark whose only HTML is its own; the engine
passes raw HTML through, so this is where a field that slipped through
unescaped would become a live tag, link or entity.  Each field gets tags,
entities, a ``javascript:`` link and Markdown, and the page (and every other
page and feed) must show them as the editor wrote them.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.adversarial.safety import live_markup
from tests.conftest import Run

# Plain fields (titles, names, the article's words) show exactly this.
HOSTILE = "<script>alert(1)</script> &lt;b&gt; &#106;avascript:x [l](javascript:alert(1)) `c`"
# Editor Markdown (the check step refuses a javascript: link there with an
# error); the page reads its entities (&lt;b&gt; is shown as <b>, &#106; as
# j), shows its raw HTML as text and `c` as code.
MARKDOWN = "<script>alert(1)</script> &lt;b&gt; &#106;avascript:x <img src=x onerror=alert(1)> `c`"
AS_MARKDOWN = "<script>alert(1)</script> <b> javascript:x <img src=x onerror=alert(1)> c"


def _words(element: object) -> str:
    return " ".join(element.get_text().split())  # type: ignore[attr-defined]


def test_markup_in_every_field_is_text_on_every_page(site: Callable[..., Run]) -> None:
    value, markdown = json.dumps(HOSTILE), json.dumps(MARKDOWN)
    article = f"Headline\n\nOfficials said {HOSTILE} and the Zqx would act.\n"
    sidecar = f"""\
date: 2025-03-01
outlet: wire
title: {value}
byline: {value}
summary: {markdown}
sources:
  - id: local
    label: {value}
    kind: official
    reliability: C
    note: {markdown}
claims:
  - quote: {json.dumps("said " + HOSTILE)}
    source: local
    credibility: 2
    note: {markdown}
notes:
  - quote: the Zqx would act
    text: {markdown}
glossary:
  - id: zqx
    term: Zqx
    expansion: {value}
    definition: {markdown}
"""
    # A second briefing: a Markdown article with links (a refused target, an entity
    # trick, a target that tries to close its attribute), related to the first.
    links = (
        "# Second\n\nSee [one](javascript:alert(1)), [two](&#106;avascript:alert(1)) and "
        "[three](https://e.org/\"><script>alert(1)</script>).\n"
    )
    second = (
        f"date: 2025-03-02\noutlet: wire\nsummary: Later.\n"
        f"related:\n  - slug: s\n    note: {markdown}\n"
    )
    run = site({
        "content/briefings/s.txt": article, "content/briefings/s.yaml": sidecar,
        "content/briefings/t.md": links, "content/briefings/t.yaml": second,
    })
    assert run.status == 0, run.stderr
    page = run.page("briefings/s/index.html")
    assert _words(page.select_one("#briefing-title")) == HOSTILE
    assert HOSTILE in _words(page.select_one(".briefing-header .meta"))  # the byline
    assert _words(page.select_one("#bg-summary p")) == AS_MARKDOWN
    body = page.select_one("[data-article-body]")
    assert HOSTILE in _words(body)
    tips = {tip["id"]: _words(tip) for tip in body.select(".ann__tip")}
    source = f"Source: {HOSTILE}, fairly reliable (C)."
    assert tips["bg-tip-claim-c1"].endswith(f"{source} {AS_MARKDOWN}")
    assert tips["bg-tip-note-n1"] == f"Analyst note. {AS_MARKDOWN}"
    assert tips["bg-tip-term-zqx"] == f"Zqx ({HOSTILE}): {AS_MARKDOWN}"
    assert _words(page.select_one("#bg-sources tbody th, #bg-sources tbody td")) == HOSTILE
    assert _words(page.select("#bg-sources tbody td")[-1]) == AS_MARKDOWN
    claim = _words(page.select_one("#bg-claims li"))
    assert f"“said {HOSTILE}”" in claim and claim.endswith(AS_MARKDOWN)
    assert _words(page.select_one("#bg-notes li")).endswith(AS_MARKDOWN)
    assert _words(page.select_one("#bg-terms li")) == f"Zqx ({HOSTILE}): {AS_MARKDOWN}"
    for link in page.select("a[href]"):
        assert "javascript" not in link["href"].lower(), link
    later = run.page("briefings/t/index.html")
    assert _words(later.select_one("[data-article-body]")) == "See one, two and three."
    hrefs = [a["href"] for a in later.select("[data-article-body] a[href]")]
    assert hrefs == ["https://e.org/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"]
    related = later.select_one("#bg-related li")
    assert _words(related) == f"{HOSTILE}: {AS_MARKDOWN}"
    assert live_markup(run.root / "output") == []  # the theme's scripts and style only
