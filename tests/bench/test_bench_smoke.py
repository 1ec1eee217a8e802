"""A tiny run of the benchmark (N=6, one repetition): it runs and reports sanely."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from briefgen.bench.__main__ import format_table, main
from briefgen.bench.measure import tree_rss_bytes
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
    status = main(["--sizes", "6", "--repeat", "1", "--edits", "1", "--glossary-n", "6",
                   "--more", "--work", str(tmp_path / "work"), "--json", str(out)])
    results = json.loads(out.read_text(encoding="utf-8"))
    measures = sorted(row["measure"] for row in results["rows"])
    assert measures == sorted(["full", "noop", "sidecar", "article", "glossary", "peer", "floor",
                               "markdown", "pelican", "search", "glossary-20", "glossary-2000",
                               "reload-sidecar", "reload-article", "reload-search", "reload-page",
                               "reload-check", "reload-render", "reload-publish"])
    assert (status, results["failures"], results["identical_to_full_build"]) == (0, [], {"6": True})
    assert all(row["median_s"] > 0 and row["peak_rss_mb"] > 0 for row in results["rows"])
    builds = [row for row in results["rows"] if not row["measure"].startswith("reload")]
    assert all(row["median_cpu_s"] > 0 for row in builds)
    # The peer runs Pagefind as a child: its memory is in the sum.
    peer = next(row for row in builds if row["measure"] == "peer")
    pelican = next(row for row in builds if row["measure"] == "pelican")
    assert peer["median_cpu_s"] > pelican["median_cpu_s"]
    assert set(results["ratios"]) >= {"full/peer N=6", "sidecar/peer N=6", "article/peer N=6",
                                      "glossary 2000/20 terms"}
    assert results["machine"]["load_average_before"] and results["targets"] == []
    table = format_table(results)
    assert "| one article edited | " in table and "N=6: wall / CPU / peak MB" in table


HOLD = ("import sys; b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096]); "
        "import os; os.write(1, b'ready\\n'); sys.stdin.read()")


def test_tree_memory_sums_the_children() -> None:
    """Two children holding 150 MB each under one parent: the sum holds both, which
    no single process's peak RSS would."""
    spawn = ("import subprocess, sys; kids = [subprocess.Popen([sys.executable, '-c', "
             f"{HOLD!r}], stdin=sys.stdin) for _ in range(2)]; "
             "[k.wait() for k in kids]")
    # The children print to our pipe and read from it: they live until we close it.
    parent = subprocess.Popen([sys.executable, "-c", spawn], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None and parent.stdin is not None
    try:
        assert [parent.stdout.readline(), parent.stdout.readline()] == ["ready\n"] * 2
        assert tree_rss_bytes(parent.pid) > 300 * 2**20
    finally:
        parent.stdin.close()
        parent.wait()
    assert tree_rss_bytes(parent.pid) == 0  # gone


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
