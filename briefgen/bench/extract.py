"""``python -m briefgen.bench.extract``: the extraction benchmark (``make bench-extract``).

Scores briefgen's HTML reader, trafilatura and readability-lxml side by side
on saved news pages with a person's article body as the truth (by default
``../shared/extraction-dev``: ``html/<id>.html.gz`` and ``ground-truth.json``),
with that corpus's own metric: ``\\w+`` tokens, multisets of 4-token
shingles, per-page TP/FP/FN normalised to sum to 1, precision and recall per
page (both 1 when FP = FN = 0; pages with an empty output are left out of the
precision mean), corpus precision and recall the means of the per-page
values, F1 their harmonic mean.

The pages are split in two by their id: those beginning with ``c``-``f`` are
held out (the reader is never tuned on them) and scored apart from the rest.
Time is wall time per page of each extractor's own call (the reader's
includes its page metadata), the minimum over ``--repeat`` interleaved runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "extraction-dev"
HELD_OUT_PREFIXES = tuple("cdef")
SPLITS = ("dev", "held-out")
SHINGLE = 4
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[str], str]


def split_of(page_id: str) -> str:
    return "held-out" if page_id.lower().startswith(HELD_OUT_PREFIXES) else "dev"


# --- the metric ---------------------------------------------------------------


def shingles(text: str, size: int = SHINGLE) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    starts = range(max(1, len(tokens) - size + 1))
    return Counter(shingle for i in starts if (shingle := " ".join(tokens[i : i + size])))


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float
    empty: bool  # the extractor's output has no token

    @property
    def precision(self) -> float | None:
        if self.fp == self.fn == 0:
            return 1.0
        return None if self.empty else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def score_page(truth: str, extracted: str) -> PageScore:
    true, found = shingles(truth), shingles(extracted)
    tp = sum((true & found).values())
    fp = sum((found - true).values())
    fn = sum((true - found).values())
    total = tp + fp + fn
    scale = 1 / total if total else 0.0
    return PageScore(tp * scale, fp * scale, fn * scale, not _TOKEN.search(extracted or ""))


@dataclass(frozen=True)
class Summary:
    pages: int
    precision: float
    recall: float
    empty: int
    median_ms: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def summarise(scores: Sequence[PageScore], times: Sequence[float]) -> Summary:
    precisions = [p for score in scores if (p := score.precision) is not None]
    return Summary(
        pages=len(scores),
        precision=statistics.fmean(precisions) if precisions else 0.0,
        recall=statistics.fmean(score.recall for score in scores) if scores else 0.0,
        empty=sum(score.empty for score in scores),
        median_ms=statistics.median(times) * 1000 if times else 0.0,
    )


# --- the extractors -------------------------------------------------------------


def briefgen_text(html: str) -> str:
    """The body text of briefgen's HTML reader, one block a line (no headline)."""
    from briefgen.diagnostics import DiagnosticList
    from briefgen.ingest.html import read_html_article
    from briefgen.ingest.normalize import HiddenCharacters

    path = Path("page.html")
    hidden = HiddenCharacters(path)
    article = read_html_article(path, hidden.clean_source(html), DiagnosticList(), hidden)
    return "\n".join(block.text for block in article.blocks)


def trafilatura_text(html: str) -> str:
    """trafilatura's own extraction with its default settings."""
    import trafilatura

    return trafilatura.extract(html) or ""


def readability_text(html: str) -> str:
    """readability-lxml's summary, as text."""
    from lxml.html import fromstring
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return " ".join(fromstring(summary).itertext()) if summary.strip() else ""


EXTRACTORS: dict[str, Extractor] = {
    "briefgen": briefgen_text,
    "trafilatura": trafilatura_text,
    "readability-lxml": readability_text,
}


# --- the run ------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    id: str
    html: str
    truth: str


def load_corpus(corpus: Path) -> list[Page]:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        with gzip.open(corpus / "html" / f"{page_id}.html.gz", "rb") as handle:
            html = handle.read().decode("utf-8", errors="replace")
        pages.append(Page(page_id, html, truth[page_id].get("articleBody") or ""))
    return pages


def run(
    pages: Sequence[Page], names: Sequence[str], repeat: int
) -> dict[str, dict[str, tuple[PageScore, float]]]:
    """Per extractor, per page: the score and the best time of ``repeat`` runs."""
    for name in names:  # imports and first-call set-up are not timed
        EXTRACTORS[name]("<html><body><p>warm up</p></body></html>")
    texts: dict[str, dict[str, str]] = {name: {} for name in names}
    best: dict[str, dict[str, float]] = {name: {} for name in names}
    for _ in range(repeat):
        for page in pages:
            for name in names:
                start = time.perf_counter()
                text = EXTRACTORS[name](page.html)
                elapsed = time.perf_counter() - start
                texts[name][page.id] = text
                best[name][page.id] = min(elapsed, best[name].get(page.id, elapsed))
    return {
        name: {
            page.id: (score_page(page.truth, texts[name][page.id]), best[name][page.id])
            for page in pages
        }
        for name in names
    }


def report(
    pages: Sequence[Page], results: dict[str, dict[str, tuple[PageScore, float]]]
) -> dict[str, dict[str, Summary]]:
    """Summaries by split (and "all") and extractor."""
    table: dict[str, dict[str, Summary]] = {}
    for split in (*SPLITS, "all"):
        ids = [page.id for page in pages if split in ("all", split_of(page.id))]
        if not ids:
            continue
        table[split] = {
            name: summarise([per_page[i][0] for i in ids], [per_page[i][1] for i in ids])
            for name, per_page in results.items()
        }
    return table


def format_table(table: dict[str, dict[str, Summary]]) -> str:
    lines = [
        f"{'split':<9} {'extractor':<17} {'pages':>5} {'precision':>9} {'recall':>7} "
        f"{'F1':>6} {'empty':>5} {'median ms':>9}"
    ]
    for split, rows in table.items():
        for name, summary in rows.items():
            lines.append(
                f"{split:<9} {name:<17} {summary.pages:>5} {summary.precision:>9.3f} "
                f"{summary.recall:>7.3f} {summary.f1:>6.3f} {summary.empty:>5} "
                f"{summary.median_ms:>9.1f}"
            )
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m briefgen.bench.extract", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--extractors", default=",".join(EXTRACTORS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--split", choices=SPLITS, help="score only these pages")
    parser.add_argument("--pages", action="store_true", help="print F1 per page (dev pages only)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    names = [name.strip() for name in args.extractors.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXTRACTORS]
    if unknown:
        print(f"bench-extract: error: unknown extractor {unknown[0]!r}", file=sys.stderr)
        return 2
    if not (args.corpus / "ground-truth.json").is_file():
        # The pages are not in the repository: they are the outlets' text, not ours to ship.
        print(
            f"bench-extract: error: no corpus at {args.corpus}: expected ground-truth.json and "
            "html/<id>.html.gz there (the extraction development set, by default in "
            "shared/extraction-dev beside the clone); pass --corpus DIR",
            file=sys.stderr,
        )
        return 2
    pages = load_corpus(args.corpus)
    if args.split:
        pages = [page for page in pages if split_of(page.id) == args.split]
    results = run(pages, names, max(args.repeat, 1))
    table = report(pages, results)
    if args.pages:
        for page in pages:
            if split_of(page.id) == "dev":
                figures = " ".join(
                    f"{name}={_page_f1(results[name][page.id][0]):.2f}" for name in names
                )
                print(f"{page.id[:10]} {figures}")
    print(format_table(table))
    if args.json is not None:
        numbers = {
            split: {name: {**vars(s), "f1": s.f1} for name, s in rows.items()}
            for split, rows in table.items()
        }
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


def _page_f1(score: PageScore) -> float:
    precision, recall = score.precision or 0.0, score.recall
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


if __name__ == "__main__":
    raise SystemExit(main())
