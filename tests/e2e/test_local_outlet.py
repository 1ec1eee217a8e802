"""``outlet:`` may name a source defined in the sidecar's own ``sources:`` (format 1.1)."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import Run

ARTICLE = """\
    A local paper's story

    The council met on Tuesday and voted for the plan.
    """
SIDECAR = """\
    date: 2025-02-06
    outlet: {outlet}
    summary: A local story.
    sources:
      - id: valley-gazette
        label: The Valley Gazette
        kind: outlet
        {reliability}
        note: Weekly paper; not yet graded in the shared register.
    """


def _build(site: Callable[..., Run], outlet: str, reliability: str = "reliability: C") -> Run:
    return site({
        "content/briefings/story.txt": ARTICLE,
        "content/briefings/story.yaml": SIDECAR.format(outlet=outlet, reliability=reliability),
    })


def test_an_outlet_defined_in_the_sidecar(site: Callable[..., Run]) -> None:
    run = _build(site, "valley-gazette")
    assert run.status == 0, run.stderr
    assert run.diagnostics == []
    page = run.page("briefings/story/index.html")
    meta = page.select_one(".briefing-header .meta")
    assert meta is not None
    assert "The Valley Gazette" in meta.get_text() and "fairly reliable (C)" in meta.get_text()
    # No page of its own: the header names it without a link, and sources/ does not list it.
    assert all("valley-gazette" not in (a.get("href") or "") for a in page.find_all("a"))
    assert not (run.root / "output" / "sources" / "valley-gazette").exists()
    assert "Valley Gazette" not in run.page("sources/index.html").get_text()
    assert "The Valley Gazette" in page.select_one("#bg-sources").get_text()  # type: ignore[union-attr]


def test_an_unknown_outlet_suggests_local_and_shared_ids(site: Callable[..., Run]) -> None:
    run = _build(site, "valley-gazete")
    assert run.status == 1
    assert len(run.diagnostics) == 1, run.diagnostics
    assert "story.yaml:2:9: error: unknown outlet 'valley-gazete'" in run.diagnostics[0]
    assert "did you mean 'valley-gazette'?" in run.diagnostics[0]


def test_a_broken_local_outlet_is_one_error_not_two(site: Callable[..., Run]) -> None:
    run = _build(site, "valley-gazette", reliability="")
    assert run.status == 1
    assert len(run.diagnostics) == 1, run.diagnostics
    assert "missing required key 'reliability' in source 'valley-gazette'" in run.diagnostics[0]
