"""The W3C Web Annotation export: annotations/<slug>.jsonld of every briefing.

The selectors are checked against the text of the published page (read with
BeautifulSoup, see :mod:`tests.e2e.page_text`), and every annotation against
the W3C's own JSON Schemas: the MUST assertions of the web-annotation-tests
suite (``annotationMusts.test``): the files this test reads are kept, with
the suite's licence, in ``tests/e2e/w3c-annotation-tests`` (see its SOURCE.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from briefgen.publish.outputs.annotations import _NAMESPACE, ExportSettings, _urn
from tests.conftest import BASE_FILES, SETTINGS, Run, run_briefgen, write_files
from tests.e2e.page_text import page_text

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
W3C_TESTS = Path(__file__).resolve().parent / "w3c-annotation-tests"

ARTICLE = """\
# Truce in the north

The YPG said the truce holds. Officials said the truce holds,   and a ceasefire began.

## Talks   in Ankara

- The SDF met envoys 😀 in “secret”.
- Nothing was signed.

> A quoted *line* from the [ministry](https://example.org/m).

Last words of the story.
"""

SIDECAR = """\
date: 2025-02-06
outlet: wire
summary: The truce *holds*, says everyone.
glossary:
  - id: ceasefire
    term: ceasefire
    definition: A *pause* in fighting.
claims:
  - quote: The YPG said the truce holds
    source: wire
    credibility: 2
  - quote: the truce holds
    occurrence: 2
    source: wire
    credibility: 4
    note: Said twice, checked once.
notes:
  - quote: Nothing was signed. A quoted line
    text: Across a block boundary.
  - quote: of the story.
    text: The very end.
  - quote: envoys 😀 in
    text: Beyond the Basic Multilingual Plane.
"""

FILES: dict[str, str | bytes] = {
    "content/briefings/truce.md": ARTICLE,
    "content/briefings/truce.yaml": SIDECAR,
}
ABSOLUTE = "https://briefings.example.org/desk"


def _build(root: Path, siteurl: str = "", files: dict[str, str | bytes] | None = None) -> Run:
    settings = SETTINGS
    if siteurl:
        settings = root / "publishconf.py"
        settings.write_text(
            f"import sys\nsys.path.insert(0, {str(SETTINGS.parent)!r})\n"
            f"from pelicanconf import *  # noqa\nSITEURL = {siteurl!r}\n"
            f"THEME = {str(SETTINGS.parent / 'themes/briefing')!r}\n",
            encoding="utf-8",
        )
    write_files(root, {**BASE_FILES, **FILES, **(files or {})})
    run = run_briefgen(root, "build", "--settings", str(settings))
    assert run.status == 0, run.stderr
    return run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("annotations")
    _build(root)
    return root / "output"


def _collection(output: Path, slug: str = "truce") -> dict[str, Any]:
    return json.loads((output / "annotations" / f"{slug}.jsonld").read_text(encoding="utf-8"))


def _items(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return list(collection["first"]["items"])


def _selectors(annotation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The selectors of the first target: the briefing's page."""
    return {s["type"]: s for s in annotation["target"][0]["selector"]}


def test_one_annotation_per_claim_note_and_term(built: Path) -> None:
    collection = _collection(built)
    assert collection["@context"] == CONTEXT
    assert collection["type"] == "AnnotationCollection"
    items = _items(collection)
    assert collection["total"] == len(items) == 2 + 3 + 3  # claims, notes, YPG SDF ceasefire
    assert collection["first"]["type"] == "AnnotationPage"
    motivations = [a["motivation"] for a in items]
    assert motivations.count("assessing") == 2
    assert motivations.count("commenting") == 3
    assert motivations.count("describing") == 3
    bodies = {a["body"]["value"] for a in items}
    # A claim's body names the credibility in words and the source.
    assert "Claim, doubtful (credibility 4). Source: The Wire, usually reliable (B). " \
        "Said twice, checked once." in bodies
    # Terms defined in the sidecar count like shared ones; Markdown becomes plain text.
    assert "ceasefire: A pause in fighting." in bodies
    assert "YPG (People's Protection Units): Kurdish militia." in bodies


def test_selectors_match_the_published_page(built: Path) -> None:
    html = (built / "briefings/truce/index.html").read_text(encoding="utf-8")
    text, marked = page_text(html)
    assert text.startswith("The YPG said") and text.endswith("of the story.")
    items = _items(_collection(built))
    keys = {
        ("claim", "c1"), ("claim", "c2"), ("note", "n1"), ("note", "n2"), ("note", "n3"),
        ("term", "ypg"), ("term", "sdf"), ("term", "ceasefire"),
    }
    assert set(marked) == keys
    by_start = {}
    prefixes: list[str] = []
    for annotation in items:
        quote, position = (_selectors(annotation)[t] for t in
                           ("TextQuoteSelector", "TextPositionSelector"))
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"] != ""
        assert text[:start].endswith(quote["prefix"])
        assert text[end:].startswith(quote["suffix"])
        # The page's DOM has the passage's badge and tip right after it: no
        # suffix; a prefix back to the previous passage's end or block start.
        assert quote["suffix"] == ""
        assert len(quote["prefix"]) <= 32
        prefix_start = start - len(quote["prefix"])
        assert not [e for _s, e in marked.values() if prefix_start < e < start], annotation
        prefixes.append(quote["prefix"])
        by_start[(start, end)] = annotation
    assert sum(1 for p in prefixes if p) >= 5  # context where the page has it
    # Each points at the very passage the page marks (c2 is the second "the truce holds").
    assert set(by_start) == set(marked.values())
    c2 = marked[("claim", "c2")]
    assert c2[0] > text.index("the truce holds") and by_start[c2]["motivation"] == "assessing"
    notes = {text[start:end]: end - start for (kind, _), (start, end) in marked.items()
             if kind == "note"}
    # Across a block boundary (one space); offsets count code points: the emoji is one.
    assert notes == {"Nothing was signed. A quoted line": 33, "envoys 😀 in": 11,
                     "of the story.": 13}


def test_ids_are_absolute_unique_and_deterministic(built: Path, tmp_path: Path) -> None:
    items = _items(_collection(built))
    ids = [a["id"] for a in items]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    again = _build(tmp_path / "again").root / "output"
    first = (built / "annotations/truce.jsonld").read_bytes()
    assert (again / "annotations/truce.jsonld").read_bytes() == first


@pytest.mark.parametrize("sitename", ["", "The Desk", "Le Bureau ✓"])
def test_ids_without_siteurl_are_the_uuid5_of_site_slug_and_key(sitename: str) -> None:
    """The ids stay what earlier exports gave (``uuid.uuid5`` of the names)."""
    settings = ExportSettings(sitename=sitename)
    for slug, key in [("truce", ""), ("truce", "c1"), ("tréve", "term-ypg")]:
        name = "\x1f".join((sitename, slug, key))
        assert _urn(settings, slug, key) == f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def test_under_an_absolute_siteurl(tmp_path: Path) -> None:
    output = _build(tmp_path, ABSOLUTE).root / "output"
    collection = _collection(output)
    assert collection["id"] == f"{ABSOLUTE}/annotations/truce.jsonld"
    for annotation in _items(collection):
        assert annotation["id"].startswith(f"{ABSOLUTE}/annotations/truce.jsonld#")
        assert annotation["target"][0]["source"] == f"{ABSOLUTE}/briefings/truce/"
        assert _musts_failed(annotation) == []


def test_timestamps_are_rfc3339_with_an_offset(built: Path, tmp_path: Path) -> None:
    for annotation in _items(_collection(built)):
        assert annotation["created"] == "2025-02-06T00:00:00+00:00"
    sidecar = SIDECAR.replace("date: 2025-02-06", "date: 2025-02-06T10:30:00+03:00")
    output = _build(tmp_path, files={"content/briefings/truce.yaml": sidecar}).root / "output"
    created = {a["created"] for a in _items(_collection(output))}
    assert created == {"2025-02-06T10:30:00+03:00"}
    assert dt.datetime.fromisoformat(created.pop()).utcoffset() == dt.timedelta(hours=3)


def test_the_page_links_to_its_annotations(built: Path) -> None:
    page = built / "briefings/truce/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("a[href$='.jsonld']")]
    assert len(links) == 1
    assert (page.parent / links[0]).resolve() == (built / "annotations/truce.jsonld").resolve()


# --- the W3C's schemas ---------------------------------------------------------------


@pytest.fixture(scope="module")
def musts() -> Callable[[dict[str, Any]], list[str]]:
    return _musts_failed


@functools.cache
def _registry() -> Any:
    from referencing.jsonschema import DRAFT4

    files = sorted(W3C_TESTS.glob("definitions/*.json")) + sorted(
        W3C_TESTS.glob("annotations/**/*.json")
    )
    resources = []
    for path in files:
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], DRAFT4.create_resource(schema)))
    return referencing.Registry().with_resources(resources)


def _musts_failed(annotation: dict[str, Any]) -> list[str]:
    """The MUST assertions of the W3C suite that ``annotation`` does not meet."""
    registry = _registry()
    listed = json.loads((W3C_TESTS / "annotations/annotationMusts.test").read_text())
    failed = []
    checker = jsonschema.FormatChecker()
    for name in listed["assertions"]:
        schema = json.loads((W3C_TESTS / name).read_text(encoding="utf-8"))
        validator = jsonschema.Draft4Validator(schema, registry=registry, format_checker=checker)
        expected = schema.get("expectedResult", "valid") == "valid"
        if validator.is_valid(annotation) != expected:
            failed.append(name)
    return failed


def _resolved(value: Any, base: str) -> Any:
    """Relative ``source`` IRIs resolved against the document, as JSON-LD does."""
    if isinstance(value, dict):
        return {
            k: urljoin(base, v) if k == "source" and isinstance(v, str) else _resolved(v, base)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_resolved(v, base) for v in value]
    return value


def test_every_annotation_meets_the_w3c_musts(
    built: Path, musts: Callable[[dict[str, Any]], list[str]]
) -> None:
    document = built / "annotations/truce.jsonld"
    for annotation in _items(_collection(built)):
        assert annotation["@context"] == CONTEXT
        # As they are: a preview's targets are absolute too.
        assert musts(annotation) == [], annotation["id"]
        assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}|https://\S+", t["source"])
                   for t in annotation["target"]), annotation["target"]
        assert musts(_resolved(annotation, document.as_uri())) == [], annotation["id"]


def test_the_w3c_checks_can_fail(
    built: Path, musts: Callable[[dict[str, Any]], list[str]]
) -> None:
    """The suite's own samples, and our annotation spoiled, are told apart."""
    good = json.loads((W3C_TESTS / "tools/samples/correct/anno1.json").read_text())
    assert musts(good) == []
    bad = json.loads((W3C_TESTS / "tools/samples/incorrect/anno3.json").read_text())
    assert "annotations/3.1-annotationContextValidated.json" in musts(bad)
    ours = _items(_collection(built))[0]
    spoiled = {**ours, "@context": "http://www.w3.org/ns/oa.jsonld", "id": "c1"}
    failed = musts(spoiled)
    assert "annotations/3.1-annotationContextValidated.json" in failed
    assert "annotations/3.1-annotationIdValidated.json" in failed
    # A relative target source is not a URI: the checks say so.
    relative = {**ours, "target": {**ours["target"][0], "source": "../briefings/truce/"}}
    assert "annotations/3.2-targetObjectsRecognized.json" in musts(relative)


def test_a_second_target_is_the_original_article_with_selectors_over_its_text(
    tmp_path: Path,
) -> None:
    url = "date: 2025-02-06\nurl: https://news.example.com/truce"
    sidecar = SIDECAR.replace("date: 2025-02-06", url)
    output = _build(tmp_path, files={"content/briefings/truce.yaml": sidecar}).root / "output"
    # The article's own text (the page's article body less badges and tips).
    article, _marked = page_text((output / "briefings/truce/index.html").read_text("utf-8"))
    items = _items(_collection(output))
    assert items
    for annotation in items:
        _page, original = annotation["target"]
        assert original["source"] == "https://news.example.com/truce"
        quote = original["selector"]
        assert quote["type"] == "TextQuoteSelector"
        # The article's own words, with their context: no badge or tip in them.
        assert quote["prefix"] + quote["exact"] + quote["suffix"] in article, quote
        assert quote["exact"] == _selectors(annotation)["TextQuoteSelector"]["exact"]
    assert any(a["target"][1]["selector"]["suffix"] for a in items)
