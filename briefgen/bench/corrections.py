"""``python -m briefgen.bench.corrections``: re-anchoring a site whose articles all changed.

It generates a synthetic site (:mod:`briefgen.bench.synth`), builds it once
(the build records the anchored texts) and copies it; in the copy it edits
every article as an outlet's update would (a paragraph inserted at the top
and, in each quoted passage, one word inserted and one word changed).  Then,
taking turns so that both see the same load on a shared machine, it times
``briefgen check`` on the site as built (the check phase of a full build, in
a process of its own) and ``briefgen reanchor --format json`` on the copy
(the decisions, printed as JSON lines for scripts), and once ``briefgen
reanchor`` printing its lines as text for people.  It prints the medians of
wall and CPU time (the process and its workers), their ratios and how many
quotes were re-anchored or orphaned (every edited quote should be
re-anchored, none orphaned).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from briefgen.bench.synth import generate_site

REPO = Path(__file__).resolve().parents[2]
_QUOTE = re.compile(r'^  - quote: "(.*)"$', re.MULTILINE)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m briefgen.bench.corrections", description=__doc__
    )
    parser.add_argument("--n", type=int, default=1000, help="briefings in the site")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (median)")
    parser.add_argument("--work", type=Path, default=REPO / "bench-results" / "reanchor")
    parser.add_argument("--settings", type=Path, default=REPO / "pelicanconf.py")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _briefgen(root: Path, settings: Path, *args: str) -> tuple[float, float, int, str]:
    """Wall and CPU time (with its workers'), exit status and output of one ``briefgen``."""
    cpu = _cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", *args, "--root", str(root), "--settings", str(settings)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    return wall, _cpu_of_children() - cpu, done.returncode, done.stdout + done.stderr


def edit_articles(content: Path) -> int:
    """Update every article as an outlet would; the number of quotes touched."""
    touched = 0
    for article in sorted((content / "briefings").glob("*.txt")):
        quotes = _QUOTE.findall(article.with_suffix(".yaml").read_text(encoding="utf-8"))
        headline, _, body = article.read_text(encoding="utf-8").partition("\n\n")
        for quote in quotes:
            words = quote.split(" ")
            edited = [*words[:2], "reportedly", *words[2:]]
            edited[-2] = edited[-2] + "s"
            body = body.replace(quote, " ".join(edited), 1)
            touched += 1
        update = "Updated: this story was corrected and expanded after publication."
        article.write_text(f"{headline}\n\n{update}\n\n{body}", encoding="utf-8")
    return touched


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    built, edited = args.work / f"n{args.n}", args.work / f"n{args.n}-edited"
    for root in (built, edited):
        shutil.rmtree(root, ignore_errors=True)
    generate_site(built, args.n)
    _, _, status, errors = _briefgen(built, args.settings, "build", "--full")
    if status != 0:
        print(errors[-2000:], file=sys.stderr)
        return 1
    shutil.copytree(built, edited, symlinks=True)
    touched = edit_articles(edited / "content")
    checks: list[tuple[float, float]] = []
    runs: list[tuple[float, float]] = []
    output = ""
    for _ in range(args.repeat):
        wall, cpu, status, errors = _briefgen(built, args.settings, "check", "--quiet")
        if status != 0:
            print(errors[-2000:], file=sys.stderr)
            return 1
        checks.append((wall, cpu))
        wall, cpu, status, output = _briefgen(edited, args.settings, "reanchor", "--format", "json")
        runs.append((wall, cpu))
    text_seconds, _, _, _ = _briefgen(edited, args.settings, "reanchor")
    reanchored = output.count("briefgen.quote-reanchored")
    orphaned = output.count("briefgen.quote-orphaned")
    check_s, check_cpu = _median([w for w, _ in checks]), _median([c for _, c in checks])
    reanchor_s, reanchor_cpu = _median([w for w, _ in runs]), _median([c for _, c in runs])
    result = {
        "n": args.n,
        "quotes_edited": touched,
        "reanchored": reanchored,
        "orphaned": orphaned,
        "check_s": round(check_s, 3),
        "reanchor_s": round(reanchor_s, 3),
        "reanchor/check": round(reanchor_s / check_s, 3),
        "check_cpu_s": round(check_cpu, 3),
        "reanchor_cpu_s": round(reanchor_cpu, 3),
        "reanchor/check cpu": round(reanchor_cpu / check_cpu, 3) if check_cpu else None,
        "reanchor_text_s": round(text_seconds, 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(
        f"N={args.n}, medians of {args.repeat}, taking turns: "
        f"briefgen check (check phase of a full build) {check_s:.2f}s ({check_cpu:.2f}s CPU); "
        f"briefgen reanchor --format json, every article changed, {reanchor_s:.2f}s "
        f"({reanchor_cpu:.2f}s CPU); ratio {result['reanchor/check']:.2f} "
        f"(CPU {result['reanchor/check cpu']}); {text_seconds:.2f}s printing its lines as text; "
        f"{reanchored} of {touched} edited quotes re-anchored, {orphaned} orphaned; "
        f"load average {result['load_average'][0]:.2f}"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if orphaned == 0 and reanchored == touched else 1


if __name__ == "__main__":
    sys.exit(main())
