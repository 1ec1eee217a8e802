"""A tiny run of the benchmark (N=6, one repetition): it runs and reports sanely."""

from __future__ import annotations

import json
from pathlib import Path

from briefgen.bench.__main__ import main
from briefgen.bench.synth import EDIT_TERM, generate_site


def test_synthetic_site_is_deterministic_and_shaped(tmp_path: Path) -> None:
    first = generate_site(tmp_path / "a", 6)
    second = generate_site(tmp_path / "b", 6)
    names = sorted(p.name for p in (first / "briefings").iterdir())
    assert names[:2] == ["briefing-00000.txt", "briefing-00000.yaml"] and len(names) == 12
    for name in names:
        left, right = first / "briefings" / name, second / "briefings" / name
        assert left.read_bytes() == right.read_bytes()
    sidecar = (first / "briefings" / "briefing-00000.yaml").read_text(encoding="utf-8")
    assert (sidecar.count("  - quote:"), sidecar.count("    credibility:")) == (8, 5)
    words = len((first / "briefings" / "briefing-00000.txt").read_text(encoding="utf-8").split())
    assert 700 <= words <= 1000
    assert f"{EDIT_TERM}:" in (first / "glossary" / "terms.yaml").read_text(encoding="utf-8")


def test_bench_smoke(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    status = main(["--sizes", "6", "--repeat", "1", "--glossary-n", "6",
                   "--work", str(tmp_path / "work"), "--json", str(out)])
    results = json.loads(out.read_text(encoding="utf-8"))
    measures = sorted(row["measure"] for row in results["rows"])
    assert measures == sorted(["full", "noop", "sidecar", "glossary", "floor", "markdown",
                               "pelican", "search", "glossary-20", "glossary-2000", "reload",
                               "reload-event", "reload-rebuild", "reload-search", "reload-check",
                               "reload-render", "reload-publish"])
    assert (status, results["failures"], results["identical_to_full_build"]) == (0, [], {"6": True})
    assert all(row["median_s"] > 0 and row["peak_rss_mb"] > 0 for row in results["rows"])
    assert set(results["ratios"]) >= {"full/floor N=6", "full/pelican N=6", "sidecar/full N=6",
                                      "markdown/floor N=6", "search/full N=6",
                                      "glossary 2000/20 terms"}


def test_reanchor_bench_smoke(tmp_path: Path) -> None:
    from briefgen.bench.corrections import main as reanchor_bench

    out = tmp_path / "reanchor.json"
    status = reanchor_bench(
        ["--n", "4", "--repeat", "1", "--work", str(tmp_path / "work"), "--json", str(out)]
    )
    results = json.loads(out.read_text(encoding="utf-8"))
    assert status == 0
    edited = results["quotes_edited"]
    assert edited >= 4 * 8  # 5 claims and 3 notes a briefing, and any follow-ups
    accuracy = results["accuracy"]
    assert list(accuracy) == [
        "build record", "git, edits uncommitted", "git, edits committed",
        "no build record, no git", "as above, claims out of order",
    ]  # fmt: skip
    for figures in accuracy.values():
        assert figures["right"] + figures["misplaced"] + figures["orphaned"] == edited
        assert figures["repeated"] >= 4  # a pull quote in each article
    for name in ("build record", "git, edits uncommitted", "git, edits committed"):
        assert accuracy[name]["right"] == edited, accuracy[name]
    assert accuracy["no build record, no git"]["misplaced"] == 0
    assert results["check_s"] > 0 and results["reanchor_s"] > 0
    assert results["check_cpu_s"] > 0 and results["reanchor_cpu_s"] > 0
