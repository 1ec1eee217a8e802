"""A tiny run of the extraction benchmark on pages written here: it runs and scores sanely."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from briefgen.bench.extract import main, score_page, split_of

STORY = " ".join(f"Sentence {i} of the harbour story says what they did." for i in range(30))


def test_scoring_follows_the_benchmark_metric() -> None:
    perfect = score_page(STORY, STORY)
    assert (perfect.precision, perfect.recall, perfect.empty) == (1.0, 1.0, False)
    empty = score_page(STORY, "")
    assert (empty.precision, empty.recall, empty.empty) == (None, 0.0, True)
    half = score_page(STORY, STORY[: len(STORY) // 2])  # cut inside a word: one wrong shingle
    assert half.precision is not None and 0.95 < half.precision < 1.0
    assert 0.4 < half.recall < 0.6


def test_bench_extract_smoke(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "html").mkdir(parents=True)
    truth = {}
    for page_id in ("a1", "c2"):  # one dev page, one held-out page
        html = (
            "<html><head><title>Harbour</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Harbour</h1><p>{STORY}</p></article></body></html>"
        )
        (corpus / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
        truth[page_id] = {"articleBody": STORY, "url": f"https://example.org/{page_id}"}
    (corpus / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    out = tmp_path / "figures.json"
    status = main(["--corpus", str(corpus), "--extractors", "briefgen,trafilatura",
                   "--repeat", "1", "--json", str(out)])  # fmt: skip
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert status == 0
    assert [split_of("a1"), split_of("c2")] == ["dev", "held-out"]
    assert sorted(figures) == ["all", "dev", "held-out"]
    for split in ("dev", "held-out"):
        row = figures[split]["briefgen"]
        assert (row["pages"], row["empty"]) == (1, 0)
        assert row["f1"] > 0.95 and row["median_ms"] > 0
        assert set(figures[split]) == {"briefgen", "trafilatura"}


def test_a_missing_corpus_is_one_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--corpus", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"no corpus at {tmp_path / 'nowhere'}: expected " in err
    assert "ground-truth.json" in err and "--corpus DIR" in err
    assert main(["--corpus", str(tmp_path), "--extractors", "briefgen,nothing"]) == 2
    assert "unknown extractor 'nothing'" in capsys.readouterr().err
