"""``briefgen claims``: grades and outcomes, the desk's open list, a source's track record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.cli.harness import briefgen
from tests.conftest import BASE_FILES, write_files
from tests.story_site import STORY_FILES


def story(root: Path) -> None:
    write_files(root, {**BASE_FILES, **STORY_FILES})


def test_every_claim_with_its_grade_and_outcome_newest_first(tmp_path: Path) -> None:
    story(tmp_path)
    run = briefgen(tmp_path, "claims")
    assert run.status == 0, run.stderr
    assert run.stdout.splitlines() == [
        "talks-begin#ceasefire            2025-03-12  agency (D)  credibility 3 "
        '(possibly true)  refuted 2025-04-20 by talks-collapse  "a ceasefire within weeks"',
        "weather#winter                   2025-02-01  wire (B)  credibility 3 "
        '(possibly true)  open  "a mild winter"',
        "talks-announced#march-start      2025-01-10  wire (B)  credibility 3 "
        '(possibly true)  confirmed 2025-03-12 by talks-begin  "the talks would start in March"',
        "talks-announced#venue            2025-01-10  agency (D)  credibility 4 "
        '(doubtful)  partly 2025-04-20 by talks-collapse  "they will be held in Geneva"',
        "talks-announced claim 3 (no id)  2025-01-10  wire (B)  credibility 3 "
        '(possibly true)  open  "A later round is planned for the summer"',
    ]


def test_open_claims_oldest_first_and_older_than(tmp_path: Path) -> None:
    story(tmp_path)
    files = {
        "content/briefings/fresh.txt": "Fresh\n\nThe wire expects rain tomorrow.\n",
        "content/briefings/fresh.yaml": (
            f"date: {dt.datetime.now(dt.UTC).date().isoformat()}\noutlet: wire\nsummary: S.\n"
            "claims:\n  - {quote: rain tomorrow, source: wire, credibility: 3, id: rain}\n"
        ),
    }
    write_files(tmp_path, files)
    names = [line.split()[0] for line in briefgen(tmp_path, "claims", "--open").stdout.splitlines()]
    assert names == ["talks-announced", "weather#winter", "fresh#rain"]
    older = briefgen(tmp_path, "claims", "--open", "--older-than", "30").stdout.splitlines()
    assert [line.split()[0] for line in older] == ["talks-announced", "weather#winter"]


def test_a_source_track_record_as_json(tmp_path: Path) -> None:
    story(tmp_path)
    run = briefgen(tmp_path, "claims", "--source", "agency", "--format", "json")
    assert run.status == 0, run.stderr
    value = json.loads(run.stdout)
    assert value["counts"] == {"confirmed": 0, "partly": 1, "refuted": 1, "open": 0}
    venue = next(c for c in value["claims"] if c["claim"] == "talks-announced#venue")
    # The draft's later "refuted" does not count: the published "partly" decides.
    assert venue["outcome"] == "partly"
    assert venue["settled_by"] == {
        "briefing": "talks-collapse", "date": "2025-04-20", "outcome": "partly"
    }
    assert [f["briefing"] for f in venue["follow_ups"]] == ["talks-collapse"]
    text = briefgen(tmp_path, "claims", "--source", "agency").stdout.splitlines()
    assert text[0] == (
        "agency (The Agency), graded D (not usually reliable): "
        "confirmed 0, partly 1, refuted 1, open 0"
    )
    assert len(text) == 3


def test_an_unknown_source_is_a_command_line_error(tmp_path: Path) -> None:
    story(tmp_path)
    run = briefgen(tmp_path, "claims", "--source", "agncy")
    assert run.status == 2
    assert run.stderr == "briefgen claims: unknown source 'agncy'; did you mean 'agency'?\n"
