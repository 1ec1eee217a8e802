"""Pathological sizes and shapes end within a timeout, with a clear error at a cap.

Each input goes through the real CLI in a subprocess with a timeout, so a
hang fails the test instead of blocking the suite.  The timeout is a safety
bound, not a speed target (those live in the benchmark).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.adversarial.harness import settings_file
from tests.adversarial.safety import live_markup
from tests.adversarial.test_faults import BRIEFGEN
from tests.conftest import BASE_FILES, write_files

TIMEOUT = 30
PATTERNS = {
    "stars": "*" * 60000 + "a" + "*" * 60000,
    "brackets": "[" * 20000,
    "quotes": "> " * 50000,
    "less-than": "<" * 100000,
    "comments": "<!--" * 50000,
}
SIDECAR = "date: 2025-02-06\noutlet: wire\nsummary: Bottom line.\n"


def run(root: Path, files: dict[str, str | bytes], briefgen: dict[str, object] | None = None) -> (
    tuple[int, list[str]]
):
    write_files(root, {**BASE_FILES, **files})
    command = [str(BRIEFGEN), "build", "--root", str(root), "--output", str(root / "output"),
               "--settings", str(settings_file(root, briefgen or {}))]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, cwd=root)
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line.replace(f"{root}/", "") for line in done.stderr.splitlines()]
    return done.returncode, [line for line in lines if not line.startswith("briefgen: ")]


def test_pathological_markdown_articles(tmp_path: Path) -> None:
    """One site, one article per pattern: parsing stays bounded, the text is kept."""
    files: dict[str, str | bytes] = {}
    for name, text in PATTERNS.items():
        files[f"content/briefings/{name}.md"] = f"# Head\n\n{text}\n"
        files[f"content/briefings/{name}.yaml"] = SIDECAR
    status, lines = run(tmp_path, files)
    assert status == 0, lines
    assert all("[briefgen.markdown-too-complex]" in line for line in lines), lines
    assert live_markup(tmp_path / "output") == []


def test_pathological_summaries_hit_the_cap(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {}
    expected = []
    for name, text in PATTERNS.items():
        files[f"content/briefings/{name}.txt"] = "Head\n\nBody.\n"
        files[f"content/briefings/{name}.yaml"] = (
            f"date: 2025-02-06\noutlet: wire\nsummary: {json.dumps(text)}\n"
        )
        if len(text) > 20_000:
            expected.append(
                f"content/briefings/{name}.yaml:3:10: error: expected a value of at most 20000 "
                f"characters but got {len(text)} [briefgen.too-long]"
            )
    status, lines = run(tmp_path, files)
    assert status == 1
    assert lines == sorted(expected)


@pytest.mark.parametrize("name", ["brackets", "less-than"])
def test_pathological_summary_under_a_raised_cap(tmp_path: Path, name: str) -> None:
    sidecar = f"date: 2025-02-06\noutlet: wire\nsummary: {json.dumps(PATTERNS[name])}\n"
    status, lines = run(
        tmp_path,
        {"content/briefings/s.txt": "Head\n\nBody.\n", "content/briefings/s.yaml": sidecar},
        {"max_text_chars": 200_000},
    )
    assert (status, lines) == (0, [])
    assert live_markup(tmp_path / "output") == []


def test_fifty_megabyte_article(tmp_path: Path) -> None:
    (tmp_path / "content/briefings").mkdir(parents=True)
    with (tmp_path / "content/briefings/s.txt").open("w", encoding="utf-8") as handle:
        handle.write("Head\n\n")
        paragraph = "Words of a very long article. " * 30 + "\n\n"
        handle.write(paragraph * (50_000_000 // len(paragraph)))
    status, lines = run(tmp_path, {"content/briefings/s.yaml": SIDECAR})
    size = (tmp_path / "content/briefings/s.txt").stat().st_size
    assert status == 1
    assert lines == [
        f"content/briefings/s.txt:1:1: error: file is too large: expected at most 5000000 bytes "
        f"but got {size} bytes [briefgen.too-large]"
    ]


def test_article_cap_is_a_setting(tmp_path: Path) -> None:
    status, lines = run(
        tmp_path,
        {"content/briefings/s.txt": "Head\n\nBody text.\n", "content/briefings/s.yaml": SIDECAR},
        {"max_article_bytes": 10},
    )
    assert status == 1
    assert lines == [
        "content/briefings/s.txt:1:1: error: file is too large: expected at most 10 bytes "
        "but got 17 bytes [briefgen.too-large]"
    ]
