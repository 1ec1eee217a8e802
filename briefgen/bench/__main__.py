"""``python -m briefgen.bench``: the build benchmark (``make bench``).

For each N it generates a synthetic site (see :mod:`briefgen.bench.synth`)
and measures, interleaved and repeated, each in a child process (wall time
and peak RSS): a full build (``--full``), a no-op rebuild, a rebuild after
editing one sidecar, one after editing a glossary term that ~20 briefings
use, the render floor, and plain Pelican on the same texts; plus full builds
with a glossary of 20 and of 2,000 terms on the same briefings, and the
markdown-it pass over our rendered pages alone (:mod:`briefgen.bench.markdown_pass`,
one process: the least any build of these pages spends in markdown-it-py), and
the search index (Pagefind over the built site, :mod:`briefgen.bench.search_index`).  It prints
one table of medians and ratios and writes it as JSON.  Last, for each N, the
devserver's save-to-reload latency after one sidecar edit (:mod:`briefgen.bench.live`):
``reload`` (save to reloaded page fetched), ``reload-event`` (save to the
event that tells the page), the devserver's rebuild with its phases, and
``reload-search`` (save to the new search index in: the devserver makes it
after the reload).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import platform
import shutil
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from briefgen.bench import measure
from briefgen.bench.live import measure_reloads
from briefgen.bench.measure import Sample, run_child
from briefgen.bench.plain_pelican import prepare
from briefgen.bench.synth import SHARED_TERMS, generate_site, glossary_terms, glossary_yaml

REPO = Path(__file__).resolve().parents[2]
MEASURES = ("full", "noop", "sidecar", "glossary", "floor", "markdown", "pelican", "search")
GLOSSARY_SIZES = (20, 2000)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m briefgen.bench", description=__doc__)
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated N list")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each measure")
    parser.add_argument("--glossary-n", type=int, default=1000,
                        help="N for the 20 vs 2,000 glossary terms comparison (0: skip)")
    parser.add_argument("--work", type=Path, default=REPO / "bench-results" / "work")
    parser.add_argument("--json", type=Path, default=REPO / "bench-results" / "results.json")
    parser.add_argument("--settings", type=Path, default=REPO / "pelicanconf.py")
    parser.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                        help="run the live code instead of a copy taken at the start")
    return parser


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.samples: dict[tuple[int, str], list[Sample]] = defaultdict(list)
        self.failures: list[str] = []

    def build(self, root: Path, *extra: str) -> Sample:
        return run_child(
            ["-m", "briefgen", "build", "--root", str(root), "--settings",
             str(self.args.settings), "--quiet", *extra]
        )

    def record(self, n: int, name: str, sample: Sample) -> None:
        if sample.returncode != 0:
            self.failures.append(f"N={n} {name}: exit {sample.returncode}")
        self.samples[(n, name)].append(sample)
        print(f"  N={n:<5} {name:<13} {sample.seconds:7.2f}s {sample.peak_rss_mb:7.0f} MB",
              file=sys.stderr, flush=True)

    def setup(self, n: int) -> Path:
        root = self.args.work / f"n{n}"
        shutil.rmtree(root, ignore_errors=True)
        generate_site(root, n)
        prepare(root / "content", root / "plain-content")
        return root

    def setup_glossary(self, n: int, size: int) -> Path:
        root = self.args.work / f"n{n}-glossary{size}"
        shutil.rmtree(root, ignore_errors=True)
        # Both sites mark the same terms (drawn from the smaller glossary), so
        # the comparison measures the glossary's size, not how many terms are marked.
        generate_site(root, n, glossary_size=size, term_pool=min(GLOSSARY_SIZES))
        return root

    def one_round(self, n: int, root: Path, rep: int) -> None:
        self.record(n, "full", self.build(root, "--full"))
        self.record(n, "noop", self.build(root))
        sidecar = root / "content" / "briefings" / f"briefing-{n // 2:05d}.yaml"
        text = sidecar.read_text(encoding="utf-8").replace(
            "summary: \"Bottom line of", f"summary: \"Edit {rep}. Bottom line of", 1
        )
        if "Edit " in text and f"Edit {rep}." not in text:
            text = text.replace(f"Edit {rep - 1}.", f"Edit {rep}.", 1)
        sidecar.write_text(text, encoding="utf-8")
        self.record(n, "sidecar", self.build(root))
        (root / "content" / "glossary" / "terms.yaml").write_text(
            glossary_yaml(glossary_terms(SHARED_TERMS), f" Edited {rep}."), encoding="utf-8"
        )
        self.record(n, "glossary", self.build(root))
        floor_out = root / "floor-output"
        shutil.rmtree(floor_out, ignore_errors=True)
        self.record(n, "floor", run_child(
            ["-m", "briefgen.bench.floor", str(root / "content"), str(floor_out)]))
        self.record(n, "markdown", run_child(
            ["-m", "briefgen.bench.markdown_pass", str(root)]))
        self.record(n, "pelican", run_child(
            ["-m", "briefgen.bench.plain_pelican", str(root / "plain-content"),
             str(root / "plain-output")]))
        # Pagefind over the published pages: part of every build that runs Pelican.
        self.record(n, "search", run_child(
            ["-m", "briefgen.bench.search_index", str(root / "output"),
             str(root / "search-bundle")]))

    def live(self, n: int, root: Path) -> None:
        """The devserver's save-to-reload latency, with where the time goes."""
        sidecar = root / "content" / "briefings" / f"briefing-{n // 2:05d}.yaml"
        try:
            reloads, rss = measure_reloads(root, self.args.settings, sidecar, self.args.repeat)
        except (OSError, RuntimeError, ValueError) as error:
            self.failures.append(f"N={n} reload: {error}")
            return
        for reload in reloads:
            self.record(n, "reload", Sample(reload.reload_s, rss, 0))
            self.record(n, "reload-event", Sample(reload.event_s, rss, 0))
            self.record(n, "reload-rebuild", Sample(reload.rebuild_s, rss, 0))
            self.record(n, "reload-search", Sample(reload.search_s, rss, 0))
            for phase, seconds in reload.phases.items():
                self.record(n, f"reload-{phase}", Sample(seconds, rss, 0))

    def identical_to_full(self, root: Path) -> bool:
        """Whether the incremental output equals a clean build of the same content."""
        check = root / "output-full"
        self.build(root, "--full", "--output", str(check))
        same = _same_tree(root / "output", check)
        if same:  # kept otherwise, to look at
            shutil.rmtree(check, ignore_errors=True)
        return same

    def snapshot(self) -> None:
        """Run a copy of the code, so that edits made meanwhile do not skew the runs."""
        code = self.args.work / "code"
        shutil.rmtree(code, ignore_errors=True)
        shutil.copytree(REPO / "briefgen", code / "briefgen",
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(REPO / "themes", code / "themes")
        shutil.copy2(self.args.settings, code / "pelicanconf.py")
        self.args.settings = code / "pelicanconf.py"
        measure.CODE = code

    def run(self) -> dict[str, Any]:
        if self.args.snapshot:
            self.snapshot()
        sizes = [int(s) for s in self.args.sizes.split(",") if s.strip()]
        roots = {n: self.setup(n) for n in sizes}
        glossary_roots = {}
        if self.args.glossary_n:
            for size in GLOSSARY_SIZES:
                glossary_roots[size] = self.setup_glossary(self.args.glossary_n, size)
        for rep in range(self.args.repeat):
            print(f"repetition {rep + 1} of {self.args.repeat}", file=sys.stderr)
            for n in sizes:
                self.one_round(n, roots[n], rep)
            for size, root in glossary_roots.items():
                self.record(self.args.glossary_n, f"glossary-{size}", self.build(root, "--full"))
        for n in sizes:
            self.live(n, roots[n])
        identical = {n: self.identical_to_full(roots[n]) for n in sizes}
        return self.results(sizes, identical)

    def median(self, n: int, name: str) -> float:
        return statistics.median(s.seconds for s in self.samples[(n, name)])

    def results(self, sizes: list[int], identical: dict[int, bool]) -> dict[str, Any]:
        rows = []
        for (n, name), samples in sorted(self.samples.items()):
            rows.append({
                "n": n,
                "measure": name,
                "median_s": round(statistics.median(s.seconds for s in samples), 3),
                "min_s": round(min(s.seconds for s in samples), 3),
                "peak_rss_mb": round(max(s.peak_rss_mb for s in samples), 1),
                "runs": len(samples),
            })
        ratios: dict[str, float] = {}
        for n in sizes:
            full = self.median(n, "full")
            ratios[f"full/floor N={n}"] = full / self.median(n, "floor")
            ratios[f"full/pelican N={n}"] = full / self.median(n, "pelican")
            ratios[f"markdown/floor N={n}"] = self.median(n, "markdown") / self.median(n, "floor")
            ratios[f"sidecar/full N={n}"] = self.median(n, "sidecar") / full
            ratios[f"glossary/full N={n}"] = self.median(n, "glossary") / full
            ratios[f"noop/full N={n}"] = self.median(n, "noop") / full
            ratios[f"search/full N={n}"] = self.median(n, "search") / full
        if 1000 in sizes and 5000 in sizes:
            ratios["full(5000)/full(1000)"] = self.median(5000, "full") / self.median(1000, "full")
        if self.args.glossary_n:
            g = self.args.glossary_n
            ratios["glossary 2000/20 terms"] = (
                self.median(g, "glossary-2000") / self.median(g, "glossary-20")
            )
        return {
            "machine": {
                "python": platform.python_version(),
                "cpus": _cpus(),
                "platform": platform.platform(),
            },
            "repeat": self.args.repeat,
            "rows": rows,
            "ratios": {k: round(v, 3) for k, v in ratios.items()},
            "identical_to_full_build": {str(n): same for n, same in identical.items()},
            "failures": self.failures,
        }


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _same_tree(left: Path, right: Path) -> bool:
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}

    names = files(left)
    if names != files(right):
        return False
    _match, mismatch, errors = filecmp.cmpfiles(left, right, sorted(names), shallow=False)
    return not mismatch and not errors


def format_table(results: dict[str, Any]) -> str:
    lines = [f"{'N':>6}  {'measure':<14}{'median s':>10}{'min s':>9}{'peak RSS MB':>13}"]
    for row in results["rows"]:
        lines.append(
            f"{row['n']:>6}  {row['measure']:<14}{row['median_s']:>10.3f}{row['min_s']:>9.3f}"
            f"{row['peak_rss_mb']:>13.0f}"
        )
    lines.append("")
    for name, value in results["ratios"].items():
        lines.append(f"{name:<32}{value:>8.3f}")
    for n, same in results["identical_to_full_build"].items():
        lines.append(f"incremental == full build, N={n}: {'yes' if same else 'NO'}")
    for failure in results["failures"]:
        lines.append(f"FAILED: {failure}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    results = Bench(args).run()
    print(format_table(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"written {args.json}", file=sys.stderr)
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
