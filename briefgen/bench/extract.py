"""``python -m briefgen.bench.extract``: the extraction benchmark (``make bench-extract``).

Scores briefgen's HTML reader, trafilatura and readability-lxml side by side
on two sets of saved pages, each with its own metric:

- ``news`` (``extraction-dev``: ``html/<id>.html.gz``, ``ground-truth.json``):
  news pages with a person's article body as the truth.  ``\\w+`` tokens,
  multisets of 4-token shingles, per-page TP/FP/FN normalised to sum to 1,
  precision and recall per page (both 1 when FP = FN = 0; pages with an empty
  output are left out of the precision mean), corpus precision and recall the
  means of the per-page values, F1 their harmonic mean.
- ``snippets`` (``extraction-dev-2``: ``html/<id>.html.gz``, ``evaldata.json``):
  blogs, magazines and news in several languages, with passages the text must
  contain (``with``) and passages of boilerplate it must not (``without``).
  White space folded in both; per page TP = ``with`` found, FN = ``with`` not
  found, FP = ``without`` found; summed over the pages, then precision,
  recall and F1.

Both sets are looked for in ``shared/`` beside the clone or beside any folder
above it (a git worktree in ``wt/<name>/`` finds the ``shared/`` of its main
checkout's parent); ``--news`` and ``--snippets`` name other folders.

**The split.**  Each page is tuning or held-out by one fixed rule, the same
for both sets: held out when the first byte of sha256 of its id (the file
name without ``.html.gz``) is odd.  The reader is tuned on the tuning half
only; ``--pages`` prints per-page figures of the tuning half only, and
errors on held-out pages are counted, never shown.

Time is wall time per page of each extractor's own call (the reader's
includes its page metadata), the minimum over ``--repeat`` interleaved
runs; a table gives the median over pages.  "worse" counts the pages where
the extractor's F1 is below 0.5 while another extractor's is above 0.9.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

REPO = Path(__file__).resolve().parents[2]
SPLITS = ("tuning", "held-out")
SHINGLE = 4
# "worse" pages: below this F1 where another extractor is above the second figure.
WORSE_F1, PEER_F1 = 0.5, 0.9
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")

Extractor = Callable[[str], str]


def split_of(page_id: str) -> str:
    """``"held-out"`` when the first byte of sha256 of the page's id is odd."""
    return "held-out" if hashlib.sha256(page_id.encode()).digest()[0] & 1 else "tuning"


def shared_folder(name: str, start: Path = REPO) -> Path:
    """``shared/<name>`` beside ``start`` or beside the nearest folder above it that has one."""
    for folder in (start, *start.parents):
        candidate = folder.parent / "shared" / name
        if candidate.is_dir():
            return candidate
    return start.parent / "shared" / name


# --- the metrics --------------------------------------------------------------


@dataclass(frozen=True)
class PageScore:
    """One page's figures: counts of the set's metric, and whether the text was empty."""

    tp: float
    fp: float
    fn: float
    empty: bool  # the extractor's output has no token
    failed: bool = False  # the extractor raised

    @property
    def precision(self) -> float | None:
        if self.fp == self.fn == 0:
            return 1.0
        return None if self.empty or not self.tp + self.fp else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        precision, recall = self.precision or 0.0, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def shingles(text: str, size: int = SHINGLE) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    starts = range(max(1, len(tokens) - size + 1))
    return Counter(shingle for i in starts if (shingle := " ".join(tokens[i : i + size])))


def score_page(truth: str, extracted: str) -> PageScore:
    """The news set's metric for one page."""
    true, found = shingles(truth), shingles(extracted)
    tp = sum((true & found).values())
    fp = sum((found - true).values())
    fn = sum((true - found).values())
    total = tp + fp + fn
    scale = 1 / total if total else 0.0
    return PageScore(tp * scale, fp * scale, fn * scale, not _TOKEN.search(extracted or ""))


@dataclass(frozen=True)
class Snippets:
    """A page's passages of the snippet set: main text, and boilerplate."""

    inside: tuple[str, ...]
    outside: tuple[str, ...]


def score_snippets(truth: Snippets, extracted: str) -> PageScore:
    """The snippet set's metric for one page (counts of passages, not normalised)."""
    text = _SPACE.sub(" ", extracted or "")
    found = [_SPACE.sub(" ", snippet).strip() in text for snippet in truth.inside]
    fp = sum(_SPACE.sub(" ", snippet).strip() in text for snippet in truth.outside)
    tp = sum(found)
    return PageScore(tp, fp, len(found) - tp, not _TOKEN.search(text))


@dataclass(frozen=True)
class Summary:
    pages: int
    precision: float
    recall: float
    empty: int
    exceptions: int
    worse: int  # pages below WORSE_F1 where another extractor is above PEER_F1
    median_ms: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def mean_of_pages(scores: Sequence[PageScore]) -> tuple[float, float]:
    """The news set's corpus figures: means of the per-page precision and recall."""
    precisions = [p for score in scores if (p := score.precision) is not None]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(score.recall for score in scores) if scores else 0.0
    return precision, recall


def pooled(scores: Sequence[PageScore]) -> tuple[float, float]:
    """The snippet set's corpus figures: precision and recall of the summed counts."""
    tp = sum(score.tp for score in scores)
    fp = sum(score.fp for score in scores)
    fn = sum(score.fn for score in scores)
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


# --- the sets -----------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    id: str
    html: str
    truth: str | Snippets


class Corpus(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def folder(self) -> Path: ...

    def present(self) -> bool: ...
    def load(self) -> list[Page]: ...
    def score(self, page: Page, text: str) -> PageScore: ...
    def figures(self, scores: Sequence[PageScore]) -> tuple[float, float]: ...


def _read_page(folder: Path, page_id: str) -> str:
    with gzip.open(folder / "html" / f"{page_id}.html.gz", "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


@dataclass(frozen=True)
class NewsCorpus:
    folder: Path
    name: str = "news"

    def present(self) -> bool:
        return (self.folder / "ground-truth.json").is_file()

    def load(self) -> list[Page]:
        truth = json.loads((self.folder / "ground-truth.json").read_text(encoding="utf-8"))
        return [
            Page(page_id, _read_page(self.folder, page_id), truth[page_id].get("articleBody") or "")
            for page_id in sorted(truth)
        ]

    def score(self, page: Page, text: str) -> PageScore:
        assert isinstance(page.truth, str)
        return score_page(page.truth, text)

    def figures(self, scores: Sequence[PageScore]) -> tuple[float, float]:
        return mean_of_pages(scores)


@dataclass(frozen=True)
class SnippetCorpus:
    folder: Path
    name: str = "snippets"

    def present(self) -> bool:
        return (self.folder / "evaldata.json").is_file()

    def load(self) -> list[Page]:
        data = json.loads((self.folder / "evaldata.json").read_text(encoding="utf-8"))
        return [
            Page(
                page_id,
                _read_page(self.folder, page_id),
                Snippets(tuple(entry.get("with", ())), tuple(entry.get("without", ()))),
            )
            for page_id, entry in sorted(data.items())
        ]

    def score(self, page: Page, text: str) -> PageScore:
        assert isinstance(page.truth, Snippets)
        return score_snippets(page.truth, text)

    def figures(self, scores: Sequence[PageScore]) -> tuple[float, float]:
        return pooled(scores)


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


@dataclass
class Results:
    """Per extractor, per page id: the score and the best time of the runs."""

    scores: dict[str, dict[str, PageScore]] = field(default_factory=dict)
    seconds: dict[str, dict[str, float]] = field(default_factory=dict)
    errors: dict[str, dict[str, str]] = field(default_factory=dict)  # what was raised


def run(corpus: Corpus, pages: Sequence[Page], names: Sequence[str], repeat: int) -> Results:
    for name in names:  # imports and first-call set-up are not timed
        EXTRACTORS[name]("<html><body><p>warm up</p></body></html>")
    results = Results()
    texts: dict[str, dict[str, str | None]] = {name: {} for name in names}
    for name in names:
        results.seconds[name], results.errors[name] = {}, {}
    for _ in range(repeat):
        for page in pages:
            for name in names:
                start = time.perf_counter()
                try:
                    text: str | None = EXTRACTORS[name](page.html)
                except Exception as error:  # counted: the reader must never raise
                    text = None
                    results.errors[name][page.id] = f"{type(error).__name__}: {error}"[:200]
                elapsed = time.perf_counter() - start
                texts[name][page.id] = text
                best = results.seconds[name].get(page.id, elapsed)
                results.seconds[name][page.id] = min(elapsed, best)
    for name in names:
        results.scores[name] = {}
        for page in pages:
            text = texts[name][page.id]
            score = corpus.score(page, text or "")
            if text is None:
                score = PageScore(score.tp, score.fp, score.fn, True, failed=True)
            results.scores[name][page.id] = score
    return results


def summarise(corpus: Corpus, results: Results, ids: Sequence[str]) -> dict[str, Summary]:
    table = {}
    for name, per_page in results.scores.items():
        scores = [per_page[i] for i in ids]
        precision, recall = corpus.figures(scores)
        others = [other for other in results.scores if other != name]
        worse = sum(
            per_page[i].f1 < WORSE_F1
            and any(results.scores[other][i].f1 > PEER_F1 for other in others)
            for i in ids
        )
        times = [results.seconds[name][i] for i in ids]
        table[name] = Summary(
            pages=len(ids),
            precision=precision,
            recall=recall,
            empty=sum(score.empty for score in scores),
            exceptions=sum(score.failed for score in scores),
            worse=worse,
            median_ms=statistics.median(times) * 1000 if times else 0.0,
        )
    return table


def report(
    corpus: Corpus, pages: Sequence[Page], results: Results
) -> dict[str, dict[str, Summary]]:
    """Summaries by split (and "all") and extractor."""
    table: dict[str, dict[str, Summary]] = {}
    for split in (*SPLITS, "all"):
        ids = [page.id for page in pages if split in ("all", split_of(page.id))]
        if ids:
            table[split] = summarise(corpus, results, ids)
    return table


def format_table(set_name: str, table: dict[str, dict[str, Summary]]) -> str:
    lines = [
        f"{'set':<8} {'split':<9} {'extractor':<17} {'pages':>5} {'precision':>9} {'recall':>7} "
        f"{'F1':>6} {'empty':>5} {'raised':>6} {'worse':>5} {'median ms':>9} {'x trafi':>7}"
    ]
    for split, rows in table.items():
        reference = rows.get("trafilatura")
        for name, summary in rows.items():
            ratio = (
                f"{summary.median_ms / reference.median_ms:>7.2f}"
                if reference and reference.median_ms
                else f"{'-':>7}"
            )
            lines.append(
                f"{set_name:<8} {split:<9} {name:<17} {summary.pages:>5} "
                f"{summary.precision:>9.3f} {summary.recall:>7.3f} {summary.f1:>6.3f} "
                f"{summary.empty:>5} {summary.exceptions:>6} {summary.worse:>5} "
                f"{summary.median_ms:>9.1f} {ratio}"
            )
    return "\n".join(lines)


def tuning_pages(pages: Sequence[Page], results: Results) -> str:
    """Per-page F1 and errors, of the tuning half only."""
    lines = []
    for page in pages:
        if split_of(page.id) != "tuning":
            continue
        figures = " ".join(
            f"{name}={per_page[page.id].f1:.2f}" for name, per_page in results.scores.items()
        )
        raised = "; ".join(
            f"{name} raised {errors[page.id]}"
            for name, errors in results.errors.items()
            if page.id in errors
        )
        lines.append(f"{page.id[:16]} {figures}{'  ' + raised if raised else ''}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m briefgen.bench.extract",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--news", type=Path, default=None, help="the news set's folder")
    parser.add_argument("--snippets", type=Path, default=None, help="the snippet set's folder")
    parser.add_argument("--sets", default="news,snippets", help="which sets to score")
    parser.add_argument("--extractors", default=",".join(EXTRACTORS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--split", choices=SPLITS, help="score only these pages")
    parser.add_argument("--pages", action="store_true", help="print per-page F1 (tuning half)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    names = [name.strip() for name in args.extractors.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXTRACTORS]
    if unknown:
        print(f"bench-extract: error: unknown extractor {unknown[0]!r}", file=sys.stderr)
        return 2
    available: dict[str, Corpus] = {
        "news": NewsCorpus(args.news or shared_folder("extraction-dev")),
        "snippets": SnippetCorpus(args.snippets or shared_folder("extraction-dev-2")),
    }
    wanted = [name.strip() for name in args.sets.split(",") if name.strip()]
    if any(name not in available for name in wanted) or not wanted:
        print(f"bench-extract: error: --sets takes {', '.join(available)}", file=sys.stderr)
        return 2
    missing = [available[name] for name in wanted if not available[name].present()]
    for corpus in missing:  # the pages are the outlets' text, not ours to ship
        print(
            f"bench-extract: error: no {corpus.name} set at {corpus.folder} (expected "
            f"html/<id>.html.gz and its truth file there; name the folder with --{corpus.name})",
            file=sys.stderr,
        )
    if missing:
        return 2
    numbers: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for set_name in wanted:
        corpus = available[set_name]
        pages = corpus.load()
        if args.split:
            pages = [page for page in pages if split_of(page.id) == args.split]
        results = run(corpus, pages, names, max(args.repeat, 1))
        table = report(corpus, pages, results)
        if args.pages:
            print(tuning_pages(pages, results))
        print(format_table(set_name, table))
        numbers[set_name] = {
            split: {name: {**vars(s), "f1": s.f1} for name, s in rows.items()}
            for split, rows in table.items()
        }
    end_load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min) at start {load:.2f}, at end {end_load:.2f}")
    if args.json is not None:
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
