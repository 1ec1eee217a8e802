"""On the page, claims and notes are numbered in reading order, whatever the
order of the sidecar, and each badge leads to the list entry of its number."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import Run

ARTICLE = """\
    Headline

    Alpha said one thing. Beta said another. Gamma said a third.

    Delta closed the day.
    """
# Listed out of reading order on purpose: Gamma, Alpha, Delta, Beta.
SIDECAR = """\
    date: 2025-03-01
    outlet: wire
    summary: S.
    claims:
      - {quote: Gamma said a third, source: wire, credibility: 5}
      - {quote: Alpha said one thing, source: wire, credibility: 2}
      - {quote: Delta closed the day, source: wire, credibility: 1}
    notes:
      - {quote: another, text: Second note.}
      - {quote: one thing, text: First note.}
    """


def test_badges_read_in_order_and_lead_to_their_entries(site: Callable[..., Run]) -> None:
    run = site({"content/briefings/s.txt": ARTICLE, "content/briefings/s.yaml": SIDECAR})
    assert run.status == 0, run.stderr
    page = run.page("briefings/s/index.html")
    body = page.select_one("[data-article-body]")
    assert body is not None
    for kind, quotes in (
        ("claim", ["Alpha said one thing", "Gamma said a third", "Delta closed the day"]),
        ("note", ["one thing", "another"]),
    ):
        badges = body.select(f".ann__badge--{kind}")
        numbers = [badge.select_one(".ann__num") for badge in badges]
        assert [n.get_text().strip() if n else "" for n in numbers] == [
            str(n) for n in range(1, len(quotes) + 1)
        ]
        entries = page.select(f"#bg-{kind}s li")
        assert [" ".join(e.get_text().split()).split("”")[0].lstrip("“") for e in entries] == quotes
        for number, badge in enumerate(badges, start=1):
            target = page.select_one(str(badge["href"]))
            assert target is not None, badge["href"]
            # The entry the badge leads to is the list's entry of the same number.
            assert target.find_parent("li") is entries[number - 1]
