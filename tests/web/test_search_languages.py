"""Each briefing is indexed in its own language: Pagefind bundles (shards) of each
language, named in ``pagefind/languages.json``, none holding two languages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import Run
from tests.web.conftest import build
from tests.web.test_search_index import fragments, shards

ARABIC = {
    "content/briefings/ankara-ar.txt": """\
        أنقرة: المحادثات مع دمشق مستمرة

        قالت وزارة الدفاع التركية إن المحادثات مع الإدارة السورية مستمرة.

        وأضاف مصدر أن وفداً عسكرياً زار دمشق الأسبوع الماضي.
        """,
    "content/briefings/ankara-ar.yaml": """\
        date: 2025-02-07
        outlet: wire
        language: ar
        tags: [Turkey]
        summary: The ministry says the talks go on.
        claims:
          - quote: وفداً عسكرياً زار دمشق
            source: wire
            credibility: 3
        """,
}
TURKISH = {
    "content/briefings/ankara-tr.txt": """\
        Ankara görüşmelerin sürdüğünü açıkladı

        Milli Savunma Bakanlığı, Şam yönetimiyle görüşmelerin sürdüğünü söyledi.
        """,
    "content/briefings/ankara-tr.yaml": """\
        date: 2025-02-08
        outlet: wire
        language: tr
        summary: The same line in Turkish.
        """,
}


def bundles(output: Path) -> dict[str, dict[str, Any]]:
    """The languages of each language's shards as their pagefind-entry.json say,
    with the pages counted over the shards, by the shards' language."""
    found: dict[str, dict[str, Any]] = {}
    for language, folders in shards(output).items():
        for folder in folders:
            entry = json.loads((output / "pagefind" / folder / "pagefind-entry.json")
                               .read_text(encoding="utf-8"))["languages"]
            for name, values in entry.items():
                seen = found.setdefault(language, {}).setdefault(
                    name, {"page_count": 0, "wasm": values["wasm"]})
                assert seen["wasm"] == values["wasm"]
                seen["page_count"] += values["page_count"]
    return found


def test_each_language_has_a_bundle_of_its_own(web_site: Callable[..., Run]) -> None:
    run = web_site(files={**ARABIC, **TURKISH})
    assert run.status == 0, run.stderr
    output = run.root / "output"
    assert shards(output) == {"ar": ["ar/2025-02/"], "en": ["en/2025-02/", "en/2025-03/",
                              "en/glossary/", "en/sources/"], "tr": ["tr/2025-02/"]}
    found = bundles(output)
    # Two English briefings, two glossary terms and a source: the site's language.
    assert {lang: {k: v["page_count"] for k, v in langs.items()}
            for lang, langs in found.items()} == {"en": {"en": 5}, "ar": {"ar": 1}, "tr": {"tr": 1}}
    # Each index with its own language's word rules (Pagefind's WebAssembly per language).
    assert {lang: [v["wasm"] for v in langs.values()] for lang, langs in found.items()} == {
        "en": ["en"], "ar": ["ar"], "tr": ["tr"]}
    assert (output / "pagefind/ar/2025-02/wasm.ar.pagefind").is_file()
    # The pages are where their language is, and only there.
    assert set(fragments(output, "ar")) == {"/briefings/ankara-ar/"}
    assert set(fragments(output, "tr")) == {"/briefings/ankara-tr/"}
    assert "/briefings/ankara-ar/" not in fragments(output)
    arabic = fragments(output, "ar")["/briefings/ankara-ar/"]
    assert arabic["meta"]["language"] == "ar"
    assert arabic["meta"]["dir"] == "rtl"
    assert arabic["meta"]["title"] == "أنقرة: المحادثات مع دمشق مستمرة"
    assert "وفداً عسكرياً زار دمشق" in arabic["content"]
    tips = run.page("briefings/ankara-ar/index.html").select("[data-article-body] [data-ann]")
    assert "Claim, possibly true (3)." in " ".join(tip.get_text(" ") for tip in tips)
    assert "Claim, possibly true (3)." not in arabic["content"]  # tooltips stay out
    turkish = fragments(output, "tr")["/briefings/ankara-tr/"]
    assert (turkish["meta"]["language"], turkish["meta"]["dir"]) == ("tr", "ltr")
    assert "language" not in fragments(output)["/briefings/ankara/"]["meta"]


def test_a_site_in_one_language_has_one_bundle(web_site: Callable[..., Run]) -> None:
    run = web_site()
    assert run.status == 0, run.stderr
    output = run.root / "output"
    found = bundles(output)
    assert list(found) == ["en"] and list(found["en"]) == ["en"]
    assert (found["en"]["en"]["wasm"], found["en"]["en"]["page_count"]) == ("en", 5)
    assert not (output / "pagefind/ar").exists()


def test_an_arabic_draft_is_not_indexed(web_site: Callable[..., Run]) -> None:
    draft = {name: text.replace("language: ar\n", "language: ar\n        status: draft\n")
             for name, text in ARABIC.items()}
    run = web_site(files=draft)
    assert run.status == 0, run.stderr
    output = run.root / "output"
    assert (output / "drafts/ankara-ar/index.html").is_file()
    assert set(bundles(output)) == {"en"}
    assert not (output / "pagefind/ar").exists()


def test_a_changed_language_moves_the_briefing_and_incremental_equals_full(
    web_site: Callable[..., Run],
) -> None:
    run = web_site(files=ARABIC)
    assert run.status == 0, run.stderr
    output = run.root / "output"
    assert set(bundles(output)) == {"ar", "en"}
    # Kobani's briefing declares itself Turkish: it leaves the English bundle.
    sidecar = run.root / "content/briefings/kobani.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "language: tr\n", encoding="utf-8")
    again = build(run.root)
    assert again.status == 0, again.stderr
    assert set(bundles(output)) == {"ar", "en", "tr"}
    assert set(fragments(output, "tr")) == {"/briefings/kobani/"}
    assert "/briefings/kobani/" not in fragments(output)
    # The Arabic briefing is no more: its bundle goes with it.
    for name in ARABIC:
        (run.root / name).unlink()
    again = build(run.root)
    assert again.status == 0, again.stderr
    assert set(bundles(output)) == {"en", "tr"}
    assert not (output / "pagefind/ar").exists()
    incremental = {p.relative_to(output): p.read_bytes()
                   for p in (output / "pagefind").rglob("*") if p.is_file()}
    full = build(run.root, "--full")
    assert full.status == 0, full.stderr
    rebuilt = {p.relative_to(output): p.read_bytes()
               for p in (output / "pagefind").rglob("*") if p.is_file()}
    assert incremental == rebuilt
