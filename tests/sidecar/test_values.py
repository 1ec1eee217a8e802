"""What valid files load as, where things are, and the loader's limits."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from briefgen.diagnostics import DiagnosticList, Location
from briefgen.sidecar import (
    ClaimEntry,
    LocalSource,
    LocalTerm,
    NoteEntry,
    Related,
    YamlLimits,
    check_inline_markdown,
    load_glossary,
    load_sidecar,
    load_sources,
    sidecar_json_schema,
)

from .harness import FIXTURES


def _load(name: str, **options: int) -> tuple[object, DiagnosticList]:
    diagnostics = DiagnosticList()
    return load_sidecar(FIXTURES / name, diagnostics, limits=YamlLimits(**options)), diagnostics


def test_full_sidecar_from_the_format_page() -> None:
    loaded, diagnostics = _load("valid-full.yaml")
    assert list(diagnostics) == []
    assert loaded is not None
    sidecar = loaded.value  # type: ignore[attr-defined]
    assert sidecar.date == dt.date(2025, 2, 6)
    assert sidecar.outlet == "reuters"
    assert sidecar.url == "https://example.org/story"
    assert sidecar.byline == "Jane Doe"
    assert sidecar.title == "Override headline"
    assert sidecar.slug == "turkey-syria-defense-pact"
    assert sidecar.tags == ["turkey", "syria"]
    assert sidecar.summary == "Ankara plays down a report of a defence pact ...\n"
    assert sidecar.glossary == [
        LocalTerm(
            id="sharaa",
            term="Ahmed al-Sharaa",
            aliases=["al-Sharaa"],
            definition="Syria's interim president since January 2025.",
        )
    ]
    assert sidecar.glossary_exclude == ["eu"]
    assert sidecar.sources == [
        LocalSource(id="reuters"),
        LocalSource(
            id="tr-mod-source",
            label="Turkish Defense Ministry source (unnamed)",
            kind="anonymous-official",
            reliability="C",
            note="Speaks for the ministry but not on the record.",
        ),
    ]
    assert [source.is_bare for source in sidecar.sources] == [True, False]
    assert sidecar.claims == [
        ClaimEntry(
            quote="establishing two Turkish airbases in Syria",
            source="reuters-sources",
            credibility=3,
            note="Single report; Ankara called it premature the same week.",
        )
    ]
    assert sidecar.notes == [
        NoteEntry(
            quote="designates the YPG",
            text="The US does not; it armed the YPG-led SDF against ISIS.",
        )
    ]
    assert sidecar.related == [
        Related(slug="another-briefing", note="Earlier report on the same talks.")
    ]


def test_positions_of_values_and_keys() -> None:
    loaded, _ = _load("valid-full.yaml")
    assert loaded is not None
    positions = loaded.positions  # type: ignore[attr-defined]
    path = FIXTURES / "valid-full.yaml"
    assert positions.at("claims", 0, "source") == Location(path, 28, 13)
    assert positions.key_at("claims", 0, "source") == Location(path, 28, 5)
    assert positions.at("claims", 0) == Location(path, 27, 5)
    assert positions.at("sources", 0, "id") == Location(path, 19, 5)  # a bare id
    assert positions.at("sources", 1, "reliability") == Location(path, 23, 18)
    assert positions.at("tags", 1) == Location(path, 7, 16)
    # Unknown paths fall back to the nearest written ancestor.
    assert positions.at("claims", 0, "occurrence") == Location(path, 27, 5)
    assert positions.at("nothing", "here") == Location(path, 1, 1)
    assert positions.key_at("summary") == Location(path, 8, 1)


def test_yaml_1_1_booleans_numbers_and_times_stay_strings() -> None:
    loaded, diagnostics = _load("valid-strings.yaml")
    assert list(diagnostics) == []
    assert loaded is not None
    sidecar = loaded.value  # type: ignore[attr-defined]
    assert sidecar.date == dt.datetime(2025, 2, 6, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert sidecar.title == "no"
    assert sidecar.byline == "12:34:56"
    assert sidecar.slug == "010"
    assert sidecar.summary == "on"
    assert sidecar.tags == [
        "no", "on", "yes", "off", "010", "12:34:56", "1e3", "null", "true", "0x1F", "~",
    ]  # fmt: skip
    (term,) = sidecar.glossary
    assert (term.id, term.term, term.expansion) == ("no", "NO", None)
    assert term.aliases == ["yes", "1.0"]
    assert term.definition == "010"
    (claim,) = sidecar.claims
    assert (claim.quote, claim.source, claim.credibility) == ("no", "on", 6)
    assert (claim.occurrence, claim.prefix, claim.note) == (2, "12:34:56", None)


def test_bom_is_dropped_silently() -> None:
    loaded, diagnostics = _load("bom.yaml")
    assert list(diagnostics) == []
    assert loaded is not None
    assert loaded.value.date == dt.date(2025, 2, 6)  # type: ignore[attr-defined]
    assert loaded.positions.key_at("date") == Location(FIXTURES / "bom.yaml", 1, 1)  # type: ignore[attr-defined]


def test_aliases_within_limits_are_expanded() -> None:
    loaded, diagnostics = _load("alias-ok.yaml")
    assert list(diagnostics) == []
    assert loaded is not None
    assert loaded.value.notes[0].text == "Ankara plays it down."  # type: ignore[attr-defined]


def test_invalid_sidecar_loads_as_none() -> None:
    loaded, diagnostics = _load("credibility-nine.yaml")
    assert loaded is None
    assert diagnostics.has_errors()


def test_alias_bomb_fails_fast() -> None:
    start = time.perf_counter()
    loaded, diagnostics = _load("alias-bomb.yaml")
    elapsed = time.perf_counter() - start
    assert loaded is None
    assert [d.code for d in diagnostics] == ["briefgen.yaml-alias-limit"]
    assert elapsed < 2.0  # a safety property, not a speed target: expansion is bounded


def test_alias_limit_is_configurable() -> None:
    loaded, diagnostics = _load("alias-ok.yaml", max_alias_nodes=0)
    assert loaded is None
    assert [d.format(FIXTURES) for d in diagnostics] == [
        "alias-ok.yaml:6:5: error: expected aliases to expand to at most 0 nodes but got more "
        "[briefgen.yaml-alias-limit]"
    ]


def test_file_size_cap() -> None:
    loaded, diagnostics = _load("valid-full.yaml", max_bytes=100)
    assert loaded is None
    size = (FIXTURES / "valid-full.yaml").stat().st_size
    assert [d.format(FIXTURES) for d in diagnostics] == [
        f"valid-full.yaml:1:1: error: expected a file of at most 100 bytes but got {size} bytes "
        "[briefgen.too-large]"
    ]


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    diagnostics = DiagnosticList()
    assert load_sidecar(tmp_path / "gone.yaml", diagnostics) is None
    assert [(d.code, d.message) for d in diagnostics] == [
        ("briefgen.unreadable", "expected a readable file but got: No such file or directory")
    ]


def test_glossary_files() -> None:
    diagnostics = DiagnosticList()
    folder = FIXTURES / "glossary-valid"
    glossary = load_glossary(sorted(folder.glob("*.yaml")), diagnostics).entries
    assert list(diagnostics) == []
    assert sorted(glossary) == ["no", "sdf", "ypg"]
    ypg = glossary["ypg"]
    assert ypg.path == folder / "a.yaml"
    assert ypg.value.term == "YPG"
    assert ypg.value.expansion == "People's Protection Units"
    assert ypg.value.aliases == ["People's Protection Units"]
    assert ypg.value.see_also == ["sdf", "pkk"]
    assert ypg.value.category == "organization"
    assert ypg.positions.at("definition") == Location(folder / "a.yaml", 5, 15)
    assert ypg.positions.at("see_also", 1) == Location(folder / "a.yaml", 6, 19)
    assert ypg.positions.key_at() == Location(folder / "a.yaml", 1, 1)
    assert glossary["sdf"].value.aliases == []
    assert glossary["no"].value.term == "Norway"  # the id `no` is not false


def test_glossary_duplicates_keep_the_first() -> None:
    diagnostics = DiagnosticList()
    folder = FIXTURES / "glossary-duplicate"
    glossary = load_glossary(sorted(folder.glob("*.yaml")), diagnostics).entries
    assert sorted(glossary) == ["pkk", "sdf", "ypg"]
    assert glossary["ypg"].value.definition == "Kurdish militia."
    assert glossary["pkk"].value.definition == "Kurdistan Workers' Party."
    assert [d.code for d in diagnostics] == ["briefgen.duplicate-term"] * 2


def test_glossary_bad_entries_are_left_out() -> None:
    diagnostics = DiagnosticList()
    glossary = load_glossary([FIXTURES / "glossary-errors" / "terms.yaml"], diagnostics)
    assert sorted(glossary.entries) == []
    # Left out but known: the build must not call them unknown where they are used.
    assert glossary.broken and glossary.broken <= {
        line.split(":", 1)[0].strip() for line in
        (FIXTURES / "glossary-errors" / "terms.yaml").read_text().splitlines()
        if line and not line[0].isspace() and not line.startswith("#")
    }
    assert len(diagnostics.errors) == 7


def test_sources_files() -> None:
    diagnostics = DiagnosticList()
    sources = load_sources([FIXTURES / "sources-valid" / "outlets.yaml"], diagnostics).entries
    assert list(diagnostics) == []
    assert sorted(sources) == ["aa", "reuters"]
    reuters = sources["reuters"].value
    assert (reuters.name, reuters.kind, reuters.reliability) == ("Reuters", "outlet", "B")
    assert reuters.url == "https://www.reuters.com"
    assert sources["aa"].value.kind == "outlet"  # the default
    assert sources["aa"].value.url is None


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("[a](javascript:alert(1))", ["javascript:alert(1)"]),
        ("[a](JaVaScRiPt:alert(1))", ["JaVaScRiPt:alert(1)"]),
        ("[a](&#106;avascript:alert(1))", ["javascript:alert(1)"]),
        ("[a](&#x6A;avascript:alert(1))", ["javascript:alert(1)"]),
        ("<javascript:alert(1)>", ["javascript:alert(1)"]),
        ("[a]( vbscript:x)", ["vbscript:x"]),
        ("![a](data:image/png;base64,AAAA)", ["data:image/png;base64,AAAA"]),
        ("[a](file:///etc/passwd)", ["file:///etc/passwd"]),
        ("[a](java%09script:x)", ["java%09script:x"]),
        ("[a](//evil.example/x)", ["//evil.example/x"]),
        ("[a](https://x.org) [b](http://x.org) [c](mailto:a@b.org) <https://x.org>", []),
        ("[a](/briefings/x/) [b](../x/) [c](#notes) [d](x/y?z=1)", []),
        ("`[a](javascript:x)` and *text* with no link", []),
        ("[a][ref] with no reference definition", []),
    ],
)
def test_check_inline_markdown(text: str, targets: list[str]) -> None:
    diagnostics = DiagnosticList()
    where = Location(Path("x.yaml"), 3, 10)
    check_inline_markdown(text, where, diagnostics)
    assert [(d.code, d.location) for d in diagnostics] == [("briefgen.unsafe-link", where)] * len(
        targets
    )
    assert [d.message.rsplit(" but got ", 1)[1] for d in diagnostics.items] == [
        f"'{target}'" for target in targets
    ]


def test_json_schema_describes_every_field() -> None:
    schema = sidecar_json_schema()
    assert schema["required"] == ["outlet", "summary"]
    assert schema["additionalProperties"] is False

    def fields(properties: dict[str, dict[str, object]]) -> list[str]:
        return [name for name, spec in properties.items() if not spec.get("description")]

    assert fields(schema["properties"]) == []
    for name, definition in schema["$defs"].items():
        assert fields(definition["properties"]) == [], name
    claim = schema["$defs"]["ClaimEntry"]["properties"]
    assert (claim["credibility"]["minimum"], claim["credibility"]["maximum"]) == (1, 6)
    assert schema["properties"]["summary"]["x-inline-markdown"] is True
    assert schema["properties"]["sources"]["items"]["anyOf"][0]["type"] == "string"
