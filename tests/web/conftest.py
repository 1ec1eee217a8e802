"""Mini-sites for what the web expects of a site: feeds, sitemap, head tags, JSON-LD, search."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from briefgen.cli import main
from tests.conftest import BASE_FILES, REPO, Run, write_files

ARTICLE = """\
    Ankara and the YPG

    Turkey says the YPG, which leads the Syrian Democratic Forces, must disband.

    Officials said the militia would be targeted, and the Wire reported talks on airbases.
    """
SIDECAR = """\
    date: 2025-02-06
    outlet: wire
    url: https://news.example.com/ankara-ypg
    byline: Jane Doe
    tags: [Turkey, Kurds]
    summary: Ankara *raises* the pressure </script><script>alert(1)</script> & "more".
    sources:
      - wire
      - id: official
        label: Unnamed official
        kind: anonymous-official
        reliability: C
    claims:
      - quote: Officials said the militia would be targeted
        source: official
        credibility: 3
      - quote: the Wire reported talks on airbases
        source: wire
        credibility: 6
    """
SECOND_ARTICLE = """\
    Kobani truce holds

    The SDF said the truce in Kobani held overnight.
    """
SECOND_SIDECAR = """\
    date: 2025-03-01
    outlet: wire
    tags: [Kurds]
    summary: A quiet night.
    claims:
      - quote: the truce in Kobani held overnight
        source: wire
        credibility: 2
    """
FILES: dict[str, str | bytes] = {
    **BASE_FILES,
    "content/briefings/ankara.txt": ARTICLE,
    "content/briefings/ankara.yaml": SIDECAR,
    "content/briefings/kobani.txt": SECOND_ARTICLE,
    "content/briefings/kobani.yaml": SECOND_SIDECAR,
}


def settings_file(root: Path, extra: str = "") -> Path:
    """A settings file that is the repository's pelicanconf.py plus ``extra`` lines."""
    path = root / "site_settings.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pelicanconf import *\n"
        f"THEME = {str(REPO / 'themes/briefing')!r}\n{extra}",
        encoding="utf-8",
    )
    return path


def build(root: Path, *args: str, settings: str = "") -> Run:
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        status = main(["build", "--root", str(root), "--settings",
                       str(settings_file(root, settings)), "--output", str(root / "output"),
                       "--quiet", *args])
    return Run(status, stderr.getvalue(), root)


@pytest.fixture
def web_site(tmp_path: Path) -> Callable[..., Run]:
    """Write the mini-site (plus ``files``) and build it with the given settings lines."""

    def make(settings: str = "", files: dict[str, str | bytes] | None = None) -> Run:
        write_files(tmp_path, {**FILES, **(files or {})})
        return build(tmp_path, settings=settings)

    return make
