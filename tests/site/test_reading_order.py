"""Claims and notes are numbered as the reader meets them, whatever the sidecar's order."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from briefgen.check import load_site
from briefgen.diagnostics import DiagnosticList
from briefgen.settings import load_settings
from tests.conftest import BASE_FILES, SETTINGS, run_briefgen, write_files

ARTICLE = "Headline\n\nFirst the army moved. Then talks began. Last the border closed.\n"
SIDECAR = """\
date: 2025-02-06
outlet: wire
summary: S.
claims:
  - quote: Last the border closed.
    source: wire
    credibility: 2
  - quote: First the army moved.
    source: wire
    credibility: 1
  - quote: Then talks began.
    source: wire
    credibility: 3
notes:
  - quote: Then talks
    text: Second note in the text, first in the sidecar.
  - quote: First the army
    text: First note in the text.
"""


def _site(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {**BASE_FILES, "content/briefings/s.txt": ARTICLE, "content/briefings/s.yaml": SIDECAR},
    )


def test_keys_follow_the_text(tmp_path: Path) -> None:
    _site(tmp_path)
    diagnostics = DiagnosticList()
    settings = load_settings(tmp_path, settings_file=SETTINGS, diagnostics=diagnostics)
    (briefing,) = load_site(settings, diagnostics).briefings
    assert [(c.key, c.credibility) for c in briefing.claims] == [("c1", 1), ("c2", 3), ("c3", 2)]
    assert [(n.key, n.quote) for n in briefing.notes] == [
        ("n1", "First the army"),
        ("n2", "Then talks"),
    ]


def test_page_numbers_claims_in_reading_order(tmp_path: Path) -> None:
    _site(tmp_path)
    assert run_briefgen(tmp_path, "build").status == 0
    page = (tmp_path / "output" / "briefings" / "s" / "index.html").read_text(encoding="utf-8")
    body = BeautifulSoup(page, "html.parser").select_one("[data-article-body]")
    assert body is not None
    grades = [element["data-credibility"] for element in body.select("[data-claim]")]
    assert grades == ["1", "3", "2"]
    assert [element["data-claim"] for element in body.select("[data-claim]")] == ["c1", "c2", "c3"]
    assert [element["data-note"] for element in body.select("[data-note]")] == ["n1", "n2"]
