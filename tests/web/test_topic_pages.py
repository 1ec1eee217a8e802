"""What a reader sees on term pages and in a briefing's related links: no internal labels."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import Run

GLOSSARY = """\
    ypg:
      term: YPG
      expansion: People's Protection Units
      aliases: [People's Protection Units, Yekîneyên Parastina Gel]
      definition: Kurdish militia.
    sdf:
      term: SDF
      expansion: Syrian Democratic Forces
      aliases: [Syrian Democratic Forces]
      definition: US-backed alliance led by the YPG.
    """


def test_a_term_page_does_not_repeat_its_expansion_as_another_spelling(
    web_site: Callable[..., Run],
) -> None:
    run = web_site(files={"content/glossary/terms.yaml": GLOSSARY})
    assert run.status == 0, run.stderr
    ypg = run.page("glossary/ypg/index.html")
    assert ypg.select_one(".expansion").get_text() == "People's Protection Units"
    assert ypg.select_one(".aliases").get_text(" ", strip=True) == (
        "Also written: Yekîneyên Parastina Gel")
    # Its only alias is its expansion: no "Also written" line at all.
    assert run.page("glossary/sdf/index.html").select_one(".aliases") is None


def test_related_briefings_say_why_only_when_the_editor_did_not_list_them(
    web_site: Callable[..., Run],
) -> None:
    files = {"content/briefings/kobani.yaml": """\
        date: 2025-03-01
        outlet: wire
        tags: [Kurds]
        summary: A quiet night.
        related:
          - slug: ankara
            note: The demand behind the truce.
        claims:
          - quote: the truce in Kobani held overnight
            source: wire
            credibility: 2
        """}
    run = web_site(files=files)
    assert run.status == 0, run.stderr
    listed = run.page("briefings/kobani/index.html").select(".briefing-related li")
    assert [li.get_text(" ", strip=True) for li in listed] == [
        "Ankara and the YPG : The demand behind the truce."]
    # The other way round it is found, not listed, and says how.
    found = run.page("briefings/ankara/index.html").select(".briefing-related li")
    texts = [li.get_text(" ", strip=True) for li in found]
    assert texts and all("(listed)" not in text for text in texts)
    assert any(text.endswith(("(links here)", "(shares terms)")) for text in texts), texts
