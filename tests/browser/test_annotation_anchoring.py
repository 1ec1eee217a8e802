"""The W3C annotation export as an annotation client (Hypothesis) anchors it:
its quote selectors are matched against the text of the page's DOM, badges
and tips included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SLUGS = ["turkey-syria-defense-pact", "kobani-truce", "ankara-defence-ar"]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_quote_with_its_context_is_a_run_of_the_pages_text(
    open_page: Callable[..., Any], site_dir: Path, slug: str
) -> None:
    page = open_page(f"briefings/{slug}/")
    text = page.evaluate("document.body.textContent")
    collection = page.evaluate(
        "async (url) => (await fetch(url)).json()", f"../../annotations/{slug}.jsonld")
    items = collection["first"]["items"]
    assert items
    # The article ends where the page's first list after it (terms, sources, claims) starts.
    article_end = page.evaluate(
        "document.querySelector('[data-article-body]').nextElementSibling.textContent.trim()")
    assert article_end and article_end in text
    spans = []
    for annotation in items:
        position = next(s for s in annotation["target"][0]["selector"]
                        if s["type"] == "TextPositionSelector")
        spans.append((position["start"], position["end"]))
    found, clean = 0, 0
    for annotation, (start, end) in zip(items, spans, strict=True):
        target = annotation["target"][0]
        assert target["source"].startswith("urn:uuid:")  # a preview: absolute all the same
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
        if any(start <= s and e < end for s, e in spans if (s, e) != (start, end)):
            continue  # another annotation's tip stands inside this passage
        clean += 1
        run = quote["prefix"] + quote["exact"] + quote["suffix"]
        found += run in text
        # First found in the article, not in the lists after it that quote it again.
        assert text.find(run) < text.find(article_end), run
    assert clean >= 0.75 * len(items), (clean, len(items))
    assert found == clean
