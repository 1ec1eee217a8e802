"""``python -m briefgen.bench``: the build benchmark (``make bench``).

For each N it generates a synthetic site (see :mod:`briefgen.bench.synth`)
and measures, interleaved and repeated, each in a child process: a full
build (``--full``), a no-op rebuild, a rebuild after editing one sidecar,
one after editing one article, one after editing a glossary term that ~20
briefings use, and the peer: plain Pelican on the same texts followed by
Pagefind over its output (:mod:`briefgen.bench.plain_pelican`).  Each
measure reports wall time, CPU time (the process and the processes it
waited for) and the peak of the summed resident memory of the process and
every process it started (:mod:`briefgen.bench.measure`).  Then, for each N,
the devserver's save-to-served-page latency after sidecar and article edits
taken in turns (:mod:`briefgen.bench.live`).  It prints one Markdown table
with the sizes side by side, the ratios to the peer of the same run and the
targets, and writes everything as JSON.  ``--more`` adds the render floor,
the markdown-it pass over our pages, plain Pelican alone and Pagefind alone
over our output.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import re
import shutil
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from briefgen.bench import measure
from briefgen.bench.live import article_edit, measure_reloads, sidecar_edit
from briefgen.bench.measure import Sample, run_child
from briefgen.bench.plain_pelican import prepare
from briefgen.bench.synth import SHARED_TERMS, generate_site, glossary_terms, glossary_yaml

REPO = Path(__file__).resolve().parents[2]
GLOSSARY_SIZES = (20, 2000)
# The rows of the table, in order, with what each measures.
ROWS = {
    "full": "full build (`briefgen build --full`)",
    "noop": "no-op build",
    "sidecar": "one sidecar edited (`briefgen build`)",
    "article": "one article edited",
    "glossary": "one glossary term edited (~20 briefings use it)",
    "reload-sidecar": "devserver: sidecar saved -> page served",
    "reload-article": "devserver: article saved -> page served",
    "reload-page": "devserver: of that, the saved briefing's page made early",
    "reload-search": "devserver: saved -> new search index in",
    "peer": "peer: plain Pelican + Pagefind over its output",
    "pelican": "plain Pelican alone",
    "search": "Pagefind alone over our output",
    "floor": "render floor",
    "markdown": "markdown-it pass over our pages",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m briefgen.bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated N list")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each build")
    parser.add_argument("--edits", type=int, default=5,
                        help="devserver saves of each kind (sidecar, article)")
    parser.add_argument("--more", action="store_true",
                        help="also the render floor, the markdown-it pass, Pelican alone, "
                             "Pagefind alone")
    parser.add_argument("--glossary-n", type=int, default=0,
                        help="N for the 20 vs 2,000 glossary terms comparison (0: skip)")
    parser.add_argument("--work", type=Path, default=REPO / "bench-results" / "work")
    parser.add_argument("--json", type=Path, default=REPO / "bench-results" / "results.json")
    parser.add_argument("--settings", type=Path, default=REPO / "pelicanconf.py")
    parser.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                        help="run the live code instead of a copy taken at the start")
    return parser


def _edit_summary(text: str, rep: int) -> str:
    return re.sub(r"summary: \"(Edit \d+\. )?", f'summary: "Edit {rep}. ', text, count=1)


def _edit_article(text: str, rep: int) -> str:
    return re.sub(r"( Edit \d+\.)?\n*$", f" Edit {rep}.\n", text, count=1)


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
        print(f"  N={n:<5} {name:<15} {sample.seconds:7.2f}s  cpu {sample.cpu_seconds:7.2f}s "
              f"{sample.peak_rss_mb:7.0f} MB", file=sys.stderr, flush=True)

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
        briefings = root / "content" / "briefings"
        self.record(n, "full", self.build(root, "--full"))
        self.record(n, "noop", self.build(root))
        sidecar = briefings / f"briefing-{n // 2:05d}.yaml"
        sidecar.write_text(_edit_summary(sidecar.read_text(encoding="utf-8"), rep),
                           encoding="utf-8")
        self.record(n, "sidecar", self.build(root))
        article = briefings / f"briefing-{n // 3:05d}.txt"
        article.write_text(_edit_article(article.read_text(encoding="utf-8"), rep),
                           encoding="utf-8")
        self.record(n, "article", self.build(root))
        (root / "content" / "glossary" / "terms.yaml").write_text(
            glossary_yaml(glossary_terms(SHARED_TERMS), f" Edited {rep}."), encoding="utf-8"
        )
        self.record(n, "glossary", self.build(root))
        plain_output = root / "plain-output"
        self.record(n, "peer", run_child(
            ["-m", "briefgen.bench.plain_pelican", str(root / "plain-content"),
             str(plain_output), "--search"]))
        if self.args.more:
            self.more(n, root)

    def more(self, n: int, root: Path) -> None:
        floor_out = root / "floor-output"
        shutil.rmtree(floor_out, ignore_errors=True)
        self.record(n, "floor", run_child(
            ["-m", "briefgen.bench.floor", str(root / "content"), str(floor_out)]))
        self.record(n, "markdown", run_child(
            ["-m", "briefgen.bench.markdown_pass", str(root)]))
        self.record(n, "pelican", run_child(
            ["-m", "briefgen.bench.plain_pelican", str(root / "plain-content"),
             str(root / "plain-output")]))
        self.record(n, "search", run_child(
            ["-m", "briefgen.bench.search_index", str(root / "output"),
             str(root / "search-bundle")]))

    def live(self, n: int, root: Path) -> None:
        """The devserver's save-to-served-page latency, with where the time goes."""
        briefings = root / "content" / "briefings"
        edits = [sidecar_edit(briefings / f"briefing-{n // 2:05d}.yaml"),
                 article_edit(briefings / f"briefing-{n // 3:05d}.txt")]
        try:
            reloads, rss = measure_reloads(root, self.args.settings, edits, self.args.edits)
        except (OSError, RuntimeError, ValueError) as error:
            self.failures.append(f"N={n} reload: {error}")
            return
        for reload in reloads:
            self.record(n, f"reload-{reload.kind}", Sample(reload.reload_s, rss, 0))
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
        load_before = os.getloadavg()
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
        results = self.results(sizes, identical)
        results["machine"]["load_average_before"] = [round(x, 2) for x in load_before]
        results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        return results

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
                "median_cpu_s": round(statistics.median(s.cpu_seconds for s in samples), 3),
                "peak_rss_mb": round(max(s.peak_rss_mb for s in samples), 1),
                "runs": len(samples),
            })
        ratios: dict[str, float] = {}
        for n in sizes:
            peer = self.median(n, "peer")
            for name in ("full", "noop", "sidecar", "article", "glossary"):
                ratios[f"{name}/peer N={n}"] = self.median(n, name) / peer
        if 1000 in sizes and 5000 in sizes:
            ratios["sidecar(5000)/sidecar(1000)"] = (
                self.median(5000, "sidecar") / self.median(1000, "sidecar"))
            ratios["full(5000)/full(1000)"] = self.median(5000, "full") / self.median(1000, "full")
        if self.args.glossary_n:
            g = self.args.glossary_n
            ratios["glossary 2000/20 terms"] = (
                self.median(g, "glossary-2000") / self.median(g, "glossary-20")
            )
        return {
            "machine": _machine(),
            "repeat": self.args.repeat,
            "edits": self.args.edits,
            "rows": rows,
            "ratios": {k: round(v, 3) for k, v in ratios.items()},
            "targets": self.targets(sizes),
            "identical_to_full_build": {str(n): same for n, same in identical.items()},
            "failures": self.failures,
        }

    def targets(self, sizes: list[int]) -> list[dict[str, Any]]:
        """Issue 18's targets, for the sizes measured: (what, figure, limit, met)."""
        found: list[dict[str, Any]] = []

        def target(what: str, value: float, limit: float) -> None:
            found.append({"target": what, "value": round(value, 3), "limit": limit,
                          "met": value <= limit})

        def reload_median(n: int) -> float | None:
            samples = self.samples[(n, "reload-sidecar")] + self.samples[(n, "reload-article")]
            return statistics.median(s.seconds for s in samples) if samples else None

        if 1000 in sizes:
            target("N=1,000 full build / peer", self.median(1000, "full") / self.median(
                1000, "peer"), 1.0)
            target("N=1,000 one sidecar edit / peer's full build",
                   self.median(1000, "sidecar") / self.median(1000, "peer"), 0.25)
            reload = reload_median(1000)
            if reload is not None:
                target("N=1,000 devserver save -> served page, s (median)", reload, 0.3)
        if 5000 in sizes:
            target("N=5,000 full build / peer", self.median(5000, "full") / self.median(
                5000, "peer"), 1.0)
            if 1000 in sizes:
                target("N=5,000 one sidecar edit / the same at 1,000",
                       self.median(5000, "sidecar") / self.median(1000, "sidecar"), 1.2)
                small, large = reload_median(1000), reload_median(5000)
                if small and large is not None:
                    target("N=5,000 devserver save -> served page / the same at 1,000",
                           large / small, 1.2)
            builds = ("full", "noop", "sidecar", "article", "glossary")
            peak = max(s.peak_rss_mb for name in builds for s in self.samples[(5000, name)])
            target("N=5,000 peak summed memory of a build and its children, MB", peak, 1024)
        return found


def _machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text(encoding="utf-8"))
        model = found.group(1).strip() if found else ""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "python": platform.python_version(),
        "cpus": len(os.sched_getaffinity(0)),
        "cpu": model,
        "memory_gb": round(memory / 2**30, 1),
        "platform": platform.platform(),
    }


def _same_tree(left: Path, right: Path) -> bool:
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}

    names = files(left)
    if names != files(right):
        return False
    _match, mismatch, errors = filecmp.cmpfiles(left, right, sorted(names), shallow=False)
    return not mismatch and not errors


def format_table(results: dict[str, Any]) -> str:
    """The results as Markdown: one row per measure, the sizes side by side."""
    by_key = {(row["n"], row["measure"]): row for row in results["rows"]}
    sizes = sorted({row["n"] for row in results["rows"]})
    names = [name for name in ROWS if any((n, name) in by_key for n in sizes)]
    names += sorted({row["measure"] for row in results["rows"]} - set(names))
    head = "| measure | " + " | ".join(f"N={n:,}: wall / CPU / peak MB" for n in sizes) + " |"
    lines = [head, "|---|" + "---:|" * len(sizes)]
    for name in names:
        cells = []
        for n in sizes:
            row = by_key.get((n, name))
            cells.append("" if row is None else
                         f"{row['median_s']:.2f} s / {row['median_cpu_s']:.2f} s / "
                         f"{row['peak_rss_mb']:.0f}")
        lines.append(f"| {ROWS.get(name, name)} | " + " | ".join(cells) + " |")
    lines.append("")
    for name, value in results["ratios"].items():
        lines.append(f"- {name}: {value:.3f}")
    if results["targets"]:
        lines += ["", "| target | this run | limit | met |", "|---|---:|---:|---|"]
        for row in results["targets"]:
            lines.append(f"| {row['target']} | {row['value']:.3f} | {row['limit']} | "
                         f"{'yes' if row['met'] else 'NO'} |")
    lines.append("")
    for n, same in results["identical_to_full_build"].items():
        lines.append(f"- incremental == full build, N={n}: {'yes' if same else 'NO'}")
    machine = results["machine"]
    lines.append(f"- machine: {machine['cpus']} CPUs ({machine['cpu']}), "
                 f"{machine['memory_gb']} GB, Python {machine['python']}, "
                 f"{machine['platform']}; load average before "
                 f"{machine.get('load_average_before')}, after "
                 f"{machine.get('load_average_after')}")
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
