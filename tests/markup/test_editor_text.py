"""Editor text (summaries, definitions, notes) never opens a marker, on any page.

The briefing page gets editor text through render, which breaks up ``[[``;
the index, glossary, sources pages and the feed render it from the sidecar
and registers as they are, so the publishing renderer must not read markers
there either.  Either way a reader sees the characters the editor typed.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree

from bs4 import BeautifulSoup

from tests.conftest import Run

FAKE = "[[em]]x[[/em]] [[claim:c9 number=9 source=wire credibility=1]]a[[=]]b[[/claim]]"
SHOWN = "[[em]]x[[/em]] [[claim:c9 number=9 source=wire credibility=1]]a[[=]]b[[/claim]]"


def test_markers_in_editor_text_stay_text(site: Callable[..., Run]) -> None:
    quoted = FAKE.replace('"', '\\"')
    run = site(
        {
            "content/glossary/terms.yaml": f'ypg:\n  term: YPG\n  definition: "{quoted}"\n',
            "content/briefings/s.txt": "Headline\n\nOfficials said the YPG would act.\n",
            "content/briefings/s.yaml": (
                f'date: 2025-03-01\noutlet: wire\nsummary: "{quoted}"\n'
                f'claims:\n  - quote: said the YPG would act\n    source: wire\n'
                f'    credibility: 2\n    note: "{quoted}"\n'
            ),
        }
    )
    assert run.status == 0, run.stderr
    places = {
        "index card": run.page("index.html").select_one(".briefing-card__summary"),
        "glossary page": run.page("glossary/ypg/index.html").select_one("main"),
        "source page": run.page("sources/wire/index.html").select_one(".claim-note"),
        "briefing summary": run.page("briefings/s/index.html").select_one("#bg-summary"),
    }
    feed = ElementTree.parse(run.root / "output" / "feeds" / "all.atom.xml")
    summary = feed.find(".//{http://www.w3.org/2005/Atom}summary")
    assert summary is not None and summary.text
    places["feed summary"] = BeautifulSoup(summary.text, "html.parser")
    for name, element in places.items():
        assert element is not None, name
        assert element.select(".ann, em, [id^='bg-tip']") == [], name
        assert SHOWN in " ".join(element.get_text().split()), name
