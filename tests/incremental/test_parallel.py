"""Worker processes (checks, rendered Markdown, body HTML) change nothing: same bytes.

The thresholds are lowered so that a small site takes the parallel paths;
the same site is then built with them out of reach, and the outputs and the
diagnostics (text and order) must be identical.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.bench.synth import generate_site
from briefgen.build import build
from briefgen.diagnostics import DiagnosticList
from briefgen.settings import Parallel, load_settings

REPO = Path(__file__).resolve().parents[2]
SETTINGS = REPO / "pelicanconf.py"


def tree(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def build_into(root: Path, output: Path, parallel: Parallel) -> list[str]:
    diagnostics = DiagnosticList()
    settings = load_settings(root, settings_file=SETTINGS, output=output, diagnostics=diagnostics)
    settings.parallel = parallel
    build(settings, diagnostics, full=True)
    return [d.format(root) for d in diagnostics.items]


def test_parallel_build_equals_sequential(tmp_path: Path) -> None:
    root = tmp_path / "site"
    generate_site(root, 12)
    # Warnings from several briefings, to check their order.
    for number in (2, 5, 9):
        article = root / "content" / "briefings" / f"briefing-{number:05d}.txt"
        text = article.read_text(encoding="utf-8")
        article.write_text(text + f"\nThe XYZ{'Q' * number} said officials told.\n",
                           encoding="utf-8")
    sequential = build_into(root, tmp_path / "sequential", Parallel(workers=1))
    rendered_sequentially = tree(root / ".briefgen" / "rendered")
    for path in (root / ".briefgen" / "rendered").rglob("*.md"):
        path.unlink()  # the parallel build must write every rendered file itself
    pooled = Parallel(
        workers=2,
        min_parallel_checks=2,
        min_parallel_renders=2,
        min_parallel_bodies=2,
        min_parallel_pages=2,
        bodies_ahead=3,  # some bodies left to the main process
    )
    parallel = build_into(root, tmp_path / "parallel", pooled)
    assert len([d for d in sequential if "XYZ" in d]) == 6  # acronym + anonymous claim, x3
    assert parallel == sequential
    assert tree(root / ".briefgen" / "rendered") == rendered_sequentially
    assert tree(tmp_path / "parallel") == tree(tmp_path / "sequential")
