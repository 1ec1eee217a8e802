"""``python -m briefgen.bench.reanchor``: re-anchoring a site whose articles all changed.

It generates a synthetic site (:mod:`briefgen.bench.synth`), builds it once
(the build records the anchored texts), times ``briefgen check`` on it (the
check phase of a full build, in a process of its own), then edits every
article as an outlet's update would (a paragraph inserted at the top and, in
each quoted passage, one word inserted and one number-like word changed) and
times ``briefgen reanchor --format json`` over the whole site (and once
with text lines, which rich prints at about half a millisecond each).  It prints both figures,
their ratio and how many quotes were re-anchored or orphaned (every edited
quote should be re-anchored, none orphaned).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from briefgen.bench.synth import generate_site

REPO = Path(__file__).resolve().parents[2]
_QUOTE = re.compile(r'^  - quote: "(.*)"$', re.MULTILINE)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m briefgen.bench.reanchor", description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="briefings in the site")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (median)")
    parser.add_argument("--work", type=Path, default=REPO / "bench-results" / "reanchor")
    parser.add_argument("--settings", type=Path, default=REPO / "pelicanconf.py")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser


def _briefgen(root: Path, settings: Path, *args: str) -> tuple[float, int, str]:
    """Wall time, exit status and output (both streams) of one ``briefgen`` process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", *args, "--root", str(root), "--settings", str(settings)],
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - started, done.returncode, done.stdout + done.stderr


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
    root = args.work / f"n{args.n}"
    shutil.rmtree(root, ignore_errors=True)
    content = generate_site(root, args.n)
    seconds, status, errors = _briefgen(root, args.settings, "build", "--full")
    if status != 0:
        print(errors[-2000:], file=sys.stderr)
        return 1
    checks = []
    for _ in range(args.repeat):
        seconds, status, errors = _briefgen(root, args.settings, "check", "--quiet")
        checks.append(seconds)
    touched = edit_articles(content)
    runs = []
    output = ""
    for _ in range(args.repeat):
        # JSON lines: the time to decide, not that of printing 8,000 lines for people.
        seconds, status, output = _briefgen(root, args.settings, "reanchor", "--format", "json")
        runs.append(seconds)
    text_seconds, _, _ = _briefgen(root, args.settings, "reanchor")
    reanchored = output.count("briefgen.quote-reanchored")
    orphaned = output.count("briefgen.quote-orphaned")
    result = {
        "n": args.n,
        "quotes_edited": touched,
        "reanchored": reanchored,
        "orphaned": orphaned,
        "check_s": round(_median(checks), 3),
        "reanchor_s": round(_median(runs), 3),
        "reanchor/check": round(_median(runs) / _median(checks), 3),
        "reanchor_text_s": round(text_seconds, 3),
    }
    print(
        f"N={args.n}: briefgen check (check phase of a full build) {result['check_s']:.2f}s; "
        f"briefgen reanchor --format json, every article changed, {result['reanchor_s']:.2f}s "
        f"(ratio {result['reanchor/check']:.2f}; {text_seconds:.2f}s printing its lines as text); "
        f"{reanchored} of {touched} edited quotes "
        f"re-anchored, {orphaned} orphaned"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if orphaned == 0 and reanchored == touched else 1


if __name__ == "__main__":
    sys.exit(main())
