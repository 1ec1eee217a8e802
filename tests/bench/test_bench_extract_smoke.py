"""Tiny runs of the extraction benchmark on pages written here: it runs and scores sanely."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from briefgen.bench import extract
from briefgen.bench.extract import Snippets, main, score_page, score_snippets, split_of

STORY = " ".join(f"Sentence {i} of the harbour story says what they did." for i in range(30))
PAGE = (
    "<html><head><title>Harbour</title></head><body><nav><a href='/'>Home</a></nav>"
    f"<article><h1>Harbour</h1><p>{STORY}</p></article>"
    "<footer><p>Newsletter sign-up and the site's terms.</p></footer></body></html>"
)
# one page of each half: held out when sha256 of the id starts with an odd byte
TUNING, HELD_OUT = "a2", "a1"


def test_scoring_follows_the_news_metric() -> None:
    perfect = score_page(STORY, STORY)
    assert (perfect.precision, perfect.recall, perfect.empty) == (1.0, 1.0, False)
    empty = score_page(STORY, "")
    assert (empty.precision, empty.recall, empty.empty) == (None, 0.0, True)
    half = score_page(STORY, STORY[: len(STORY) // 2])  # cut inside a word: one wrong shingle
    assert half.precision is not None and 0.95 < half.precision < 1.0
    assert 0.4 < half.recall < 0.6


def test_scoring_follows_the_snippet_metric() -> None:
    truth = Snippets(("Sentence 3 of  the harbour", "Sentence 29 of", "not there"), ("Home",))
    score = score_snippets(truth, STORY.replace(" ", "\n", 5) + "\nHome")
    assert (score.tp, score.fn, score.fp) == (2, 1, 1)  # white space folded in both
    assert score.f1 == pytest.approx(2 * (2 / 3) * (2 / 3) / (4 / 3))


def test_the_split_is_the_documented_hash_rule() -> None:
    for page_id in (TUNING, HELD_OUT):
        odd = hashlib.sha256(page_id.encode()).digest()[0] % 2 == 1
        assert split_of(page_id) == ("held-out" if odd else "tuning")
    assert [split_of(TUNING), split_of(HELD_OUT)] == ["tuning", "held-out"]


def write_sets(root: Path) -> tuple[Path, Path]:
    news, snippets = root / "news", root / "snippets"
    truth: dict[str, object] = {}
    evaldata: dict[str, object] = {}
    for folder in (news, snippets):
        (folder / "html").mkdir(parents=True)
        for page_id in (TUNING, HELD_OUT):
            (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    for page_id in (TUNING, HELD_OUT):
        truth[page_id] = {"articleBody": STORY, "url": f"https://example.org/{page_id}"}
        evaldata[page_id] = {"url": "", "with": ["Sentence 1 of"], "without": ["terms"]}
    (news / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    (snippets / "evaldata.json").write_text(json.dumps(evaldata), encoding="utf-8")
    return news, snippets


def test_bench_extract_scores_both_sets_and_both_halves(tmp_path: Path) -> None:
    news, snippets = write_sets(tmp_path)
    out = tmp_path / "figures.json"
    status = main(["--news", str(news), "--snippets", str(snippets), "--extractors",
                   "briefgen,trafilatura", "--repeat", "1", "--json", str(out)])  # fmt: skip
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert status == 0
    assert sorted(figures) == ["news", "snippets"]
    for rows in figures.values():
        assert sorted(rows) == ["all", "held-out", "tuning"]
        for split in ("tuning", "held-out"):
            row = rows[split]["briefgen"]
            assert (row["pages"], row["empty"], row["exceptions"]) == (1, 0, 0)
            assert row["f1"] > 0.95 and row["median_ms"] > 0
            assert set(rows[split]) == {"briefgen", "trafilatura"}


def test_an_extractor_that_raises_is_counted_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def raising(html: str) -> str:
        if "harbour" in html:
            raise KeyError("an element")
        return ""

    monkeypatch.setitem(extract.EXTRACTORS, "raising", raising)
    news, snippets = write_sets(tmp_path)
    out = tmp_path / "figures.json"
    status = main(["--news", str(news), "--snippets", str(snippets), "--sets", "snippets",
                   "--extractors", "raising,briefgen", "--repeat", "1", "--pages",
                   "--json", str(out)])  # fmt: skip
    row = json.loads(out.read_text(encoding="utf-8"))["snippets"]["held-out"]["raising"]
    assert status == 0
    assert (row["exceptions"], row["empty"], row["worse"]) == (1, 1, 1)
    printed = capsys.readouterr().out
    assert f"{TUNING} raising=0.00 briefgen=1.00  raising raised KeyError" in printed
    assert HELD_OUT not in printed.split("set ")[0], "held-out pages are never shown one by one"


def test_a_missing_set_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    news, _ = write_sets(tmp_path)
    assert main(["--news", str(news), "--snippets", str(tmp_path / "nowhere")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert f"no snippets set at {tmp_path / 'nowhere'}" in error and "--snippets" in error
    assert main(["--news", str(news), "--extractors", "briefgen,nothing"]) == 2
    assert "unknown extractor 'nothing'" in capsys.readouterr().err


def test_the_sets_are_found_beside_the_clone_or_a_folder_above(tmp_path: Path) -> None:
    from briefgen.bench.extract import shared_folder

    (tmp_path / "shared" / "extraction-dev").mkdir(parents=True)
    clone = tmp_path / "main"
    worktree = tmp_path / "wt" / "extract"
    worktree.mkdir(parents=True)
    expected = tmp_path / "shared" / "extraction-dev"
    assert shared_folder("extraction-dev", clone) == expected
    assert shared_folder("extraction-dev", worktree) == expected
    assert (
        shared_folder("extraction-dev-2", worktree)
        == tmp_path / "wt" / "shared" / "extraction-dev-2"
    )
