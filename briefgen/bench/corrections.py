"""``python -m briefgen.bench.corrections``: ``briefgen reanchor`` after every article changed.

It generates a synthetic site (:mod:`briefgen.bench.synth`, claims and notes
in reading order as editors write them), builds it once (the build records
the anchored texts) and edits every article as an outlet's update would
(:func:`edit_articles`: a paragraph put at the top, a word inserted and one
changed in the quoted passages, one passage repeated as a pull quote and,
in every other article, two in a summary box at the top).

Speed: taking turns so that both see the same load on a shared machine, it
times ``briefgen check`` on the site as built (the check phase of a full
build, in a process of its own) and ``briefgen reanchor --format json`` on
the edited copy, and once ``briefgen reanchor`` printing its lines as text;
it prints the medians of wall and CPU time (the process and its workers)
and their ratios.

Accuracy: in each of :data:`SETTINGS` (the build record kept; no record
but the site in git, the edits uncommitted or committed as a fresh clone
has them; neither; neither, with one claim of every sidecar out of order)
it runs ``briefgen reanchor --write`` on a fresh copy and anchors each
quote as the sidecar then has it: right (where the edit put the passage),
misplaced (anywhere else) or orphaned (left for the editor).  The exit
status is 1 if a quote is misplaced in a setting with sidecars in order.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from briefgen.anchor import FoldedText, Span, anchor_quote, fold
from briefgen.bench.synth import generate_site
from briefgen.diagnostics import DiagnosticList
from briefgen.ingest import read_article

REPO = Path(__file__).resolve().parents[2]
_QUOTE = re.compile(r'^  - quote: "(.*)"$', re.MULTILINE)
_FOLLOW_QUOTE = re.compile(r'^    quote: "(.*)"$', re.MULTILINE)
# Private-use characters that fence quote N while the article is edited.
_OPEN = [chr(0xE000 + n) for n in range(64)]
_CLOSE = [chr(0xE100 + n) for n in range(64)]
_MARKERS = "\ue000-\ue03f\ue100-\ue13f"
_YAML = YAML(typ="safe", pure=True)


@dataclass(frozen=True)
class Setting:
    """What ``briefgen reanchor`` has to go by in one accuracy run."""

    name: str
    record: bool = False  # the build record (.briefgen/) kept
    git: bool = False  # the site as built committed in a git repository of its own
    committed: bool = False  # the edited articles committed too (a fresh clone of it)
    disorder: bool = False  # one claim of every sidecar moved to the end


SETTINGS = (
    Setting("build record", record=True),
    Setting("git, edits uncommitted", git=True),
    Setting("git, edits committed", git=True, committed=True),
    Setting("no build record, no git"),
    Setting("as above, claims out of order", disorder=True),
)
_CLAIM = re.compile(r"^  - quote: .*\n(?:    .*\n)*", re.MULTILINE)
_GIT: tuple[str, ...] = ("git", "-c", "user.name=bench", "-c", "user.email=bench@example.org")
_GIT += ("-c", "commit.gpgsign=false")


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
    """Wall and CPU time (with its workers'), exit status and output of one ``briefgen``.

    Git looks for a repository no higher than the site's folder (the bench's
    work folder may lie in the project's own).
    """
    cpu = _cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", *args, "--root", str(root), "--settings", str(settings)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(root.parent)},
    )
    wall = time.perf_counter() - started
    return wall, _cpu_of_children() - cpu, done.returncode, done.stdout + done.stderr


@dataclass(frozen=True)
class Expected:
    """Where one quote of a sidecar must anchor after the edits (body offsets)."""

    sidecar: str  # path under the content folder
    kind: str  # "claims", "notes" or "follows"
    index: int
    span: tuple[int, int]
    repeated: bool  # the article repeats its passage (a pull quote, a summary box)


def edit_articles(content: Path) -> list[Expected]:
    """Update every article as an outlet would; where each quote must now anchor.

    A paragraph is put at the top and each quoted passage (of claims, notes
    and follow-ups) gets one word inserted and one changed, except some that
    the outlet repeats, which may keep their words; one passage of a claim or
    note is repeated as a pull quote (a paragraph of its own, anywhere) and
    every other article gets a summary box at the top repeating two.  Repeats
    carry the new wording.  The same content always gets the same edits.
    """
    expected: list[Expected] = []
    for article in sorted((content / "briefings").glob("*.txt")):
        rng = random.Random(article.stem)
        sidecar = article.with_suffix(".yaml")
        claims, _, notes = sidecar.read_text(encoding="utf-8").partition("\nnotes:\n")
        notes, _, follows = notes.partition("\nfollows:\n")
        quotes = [("claims", i, q) for i, q in enumerate(_QUOTE.findall(claims))]
        quotes += [("notes", i, q) for i, q in enumerate(_QUOTE.findall(notes))]
        count = len(quotes)  # the claims and notes, of which some are repeated
        quotes += [("follows", i, q) for i, q in enumerate(_FOLLOW_QUOTE.findall(follows))]
        headline, _, body = article.read_text(encoding="utf-8").partition("\n\n")
        paragraphs = body.rstrip("\n").split("\n\n")
        pulled = rng.randrange(count)
        boxed = rng.sample(range(count), 2) if rng.random() < 0.5 else []
        repeated = {pulled, *boxed}
        new_words: list[str] = []
        for number, (_, _, quote) in enumerate(quotes):
            words = quote.split(" ")
            if number not in repeated or rng.random() < 0.6:
                words = [*words[:2], "reportedly", *words[2:]]
                words[-2] = re.sub(r"(\w)(\W*)$", r"\1s\2", words[-2])  # a plural
            new_words.append(" ".join(words))
            at = next(i for i, p in enumerate(paragraphs) if quote in p)
            fenced = f"{_OPEN[number]}{new_words[number]}{_CLOSE[number]}"
            paragraphs[at] = paragraphs[at].replace(quote, fenced, 1)
        paragraphs.insert(rng.randint(0, len(paragraphs)), f"“{new_words[pulled]}”")
        top = ["Updated: this story was corrected and expanded after publication."]
        if boxed:
            top.append("In brief: " + " … ".join(new_words[n] for n in boxed) + ".")
        marked = "\n\n".join([*top, *paragraphs])
        new_body = re.sub(f"[{_MARKERS}]", "", marked)
        for number, (kind, index, _) in enumerate(quotes):
            start = re.sub(f"[{_MARKERS}]", "", marked[: marked.index(_OPEN[number])])
            span = (len(start), len(start) + len(new_words[number]))
            relative = sidecar.relative_to(content).as_posix()
            expected.append(Expected(relative, kind, index, span, number in repeated))
        article.write_text(f"{headline}\n\n{new_body}\n", encoding="utf-8")
    return expected


@dataclass
class Tally:
    """How the quotes came out after ``briefgen reanchor --write`` in one setting."""

    right: int = 0
    misplaced: int = 0
    orphaned: int = 0  # not anchored (reported, left for the editor)
    repeated_right: int = 0
    repeated: int = 0
    misplaced_names: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, object]:
        total = self.right + self.misplaced + self.orphaned
        return {
            "right": self.right,
            "misplaced": self.misplaced,
            "orphaned": self.orphaned,
            "right_share": round(self.right / total, 4) if total else None,
            "repeated": self.repeated,
            "repeated_right": self.repeated_right,
            "misplaced_examples": self.misplaced_names[:5],
        }


def score(content: Path, expected: list[Expected]) -> Tally:
    """Anchor each quote as the sidecar now has it and compare with where it must be."""
    tally = Tally()
    bodies: dict[str, FoldedText] = {}
    sidecars: dict[str, Any] = {}
    for item in expected:
        if item.sidecar not in sidecars:
            path = content / item.sidecar
            sidecars[item.sidecar] = _YAML.load(path.read_text(encoding="utf-8"))
            article = read_article(path.with_suffix(".txt"), DiagnosticList())
            assert article is not None, path
            bodies[item.sidecar] = fold(article.body_text)
        entry = sidecars[item.sidecar][item.kind][item.index]
        found = anchor_quote(
            bodies[item.sidecar],
            str(entry["quote"]),
            prefix=entry.get("prefix"),
            suffix=entry.get("suffix"),
            occurrence=entry.get("occurrence"),
        )
        tally.repeated += item.repeated
        if not isinstance(found, Span):
            tally.orphaned += 1
        elif (found.start, found.end) == item.span:
            tally.right += 1
            tally.repeated_right += item.repeated
        else:
            tally.misplaced += 1
            tally.misplaced_names.append(f"{item.sidecar} {item.kind}[{item.index}]")
    return tally


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def claims_out_of_order(content: Path, expected: list[Expected]) -> list[Expected]:
    """In every sidecar, one claim (not the last) moved to the end of the claims,
    as an editor adds one late; the expectations follow the claims' new indexes."""
    moved: dict[str, tuple[int, int]] = {}  # sidecar: (index moved, claims)
    for path in sorted((content / "briefings").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition("claims:\n")
        claims, notes = rest.split("notes:\n", 1)
        blocks = _CLAIM.findall(claims)
        assert "".join(blocks) == claims, path
        index = random.Random(path.stem).randrange(len(blocks) - 1)
        blocks.append(blocks.pop(index))
        path.write_text(f"{head}claims:\n{''.join(blocks)}notes:\n{notes}", encoding="utf-8")
        moved[path.relative_to(content).as_posix()] = (index, len(blocks))
    result = []
    for item in expected:
        index, count = moved[item.sidecar]
        if item.kind == "claims" and item.index >= index:
            new_index = count - 1 if item.index == index else item.index - 1
            item = Expected(item.sidecar, item.kind, new_index, item.span, item.repeated)
        result.append(item)
    return result


def _setting(
    setting: Setting, built: Path, work: Path, settings: Path
) -> tuple[list[Expected], Tally, dict[str, float]]:
    """Edit a copy of the built site as ``setting`` says and run ``briefgen reanchor
    --write`` on it."""
    root = work / setting.name.replace(" ", "-").replace(",", "")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(built, root, symlinks=True)
    if not setting.record:
        shutil.rmtree(root / ".briefgen")
    if setting.git:
        subprocess.run([*_GIT, "init", "-q", str(root)], check=True)
        subprocess.run([*_GIT, "-C", str(root), "add", "content"], check=True)
        subprocess.run([*_GIT, "-C", str(root), "commit", "-q", "-m", "built"], check=True)
    expected = edit_articles(root / "content")
    if setting.committed:
        subprocess.run([*_GIT, "-C", str(root), "commit", "-q", "-am", "edits"], check=True)
    if setting.disorder:
        expected = claims_out_of_order(root / "content", expected)
    wall, _, _, output = _briefgen(root, settings, "reanchor", "--write", "--format", "json")
    codes = {
        "reanchor_write_s": round(wall, 2),
        "reported_reanchored": output.count("briefgen.quote-reanchored"),
        "reported_orphaned": output.count("briefgen.quote-orphaned"),
    }
    return expected, score(root / "content", expected), codes


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    work = args.work.resolve()
    built, edited = work / f"n{args.n}", work / f"n{args.n}-edited"
    for root in (built, edited):
        shutil.rmtree(root, ignore_errors=True)
    generate_site(built, args.n, reading_order=True)
    _, _, status, errors = _briefgen(built, args.settings, "build", "--full")
    if status != 0:
        print(errors[-2000:], file=sys.stderr)
        return 1
    shutil.copytree(built, edited, symlinks=True)
    touched = len(edit_articles(edited / "content"))
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
    accuracy: dict[str, dict[str, object]] = {}
    for setting in SETTINGS:
        _, tally, codes = _setting(setting, built, work / f"n{args.n}-settings", args.settings)
        accuracy[setting.name] = {**tally.figures(), **codes}
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
        "accuracy": accuracy,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(
        f"N={args.n}, medians of {args.repeat}, taking turns: "
        f"briefgen check (check phase of a full build) {check_s:.2f}s ({check_cpu:.2f}s CPU); "
        f"briefgen reanchor --format json, every article changed, {reanchor_s:.2f}s "
        f"({reanchor_cpu:.2f}s CPU); ratio {result['reanchor/check']:.2f} "
        f"(CPU {result['reanchor/check cpu']}); {text_seconds:.2f}s printing its lines as text; "
        f"load average {result['load_average'][0]:.2f}"
    )
    for name, figures in accuracy.items():
        print(
            f"  {name:<30} {figures['right']} right ({figures['right_share']:.1%}), "
            f"{figures['misplaced']} misplaced, {figures['orphaned']} orphaned of {touched} "
            f"quotes; of the {figures['repeated']} repeated passages "
            f"{figures['repeated_right']} right; {figures['reanchor_write_s']}s"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    # Claims out of order are a measure of the risk, not a promise.
    in_order = [accuracy[s.name] for s in SETTINGS if not s.disorder]
    return 0 if all(figures["misplaced"] == 0 for figures in in_order) else 1


if __name__ == "__main__":
    sys.exit(main())
