"""The plugin's life in one Pelican run, and plain ``pelican`` on a briefgen site."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pelican import Pelican

from briefgen.diagnostics import DiagnosticList
from briefgen.publish.outputs.staging import pelican_settings
from briefgen.publish.plugin import NOT_BRIEFGEN
from briefgen.publish.plugin.state import REQUEST, PublishRequest, plugin_state
from briefgen.settings import load_settings
from tests.conftest import SETTINGS, Run

ARTICLE = """\
    A headline

    The YPG said it would stay.
    """
SIDECAR = """\
    date: 2025-02-06
    outlet: wire
    summary: A summary.
    """
REPO = Path(__file__).resolve().parents[2]


def built(site: Callable[..., Run]) -> Run:
    run = site({"content/briefings/one.txt": ARTICLE, "content/briefings/one.yaml": SIDECAR})
    assert run.status == 0, run.stderr
    return run


def test_state_lives_from_initialized_to_finalized(site: Callable[..., Run]) -> None:
    root = built(site).root
    settings = load_settings(root, settings_file=SETTINGS, diagnostics=DiagnosticList())
    config = pelican_settings(settings, root / "again")
    request = PublishRequest(site_listings=settings.work / "site.json")
    config[REQUEST] = request
    pelican = Pelican(config)
    state = plugin_state(config)
    assert state is not None and state.request is request  # made at ``initialized``
    pelican.run()
    assert plugin_state(config) is None  # dropped at ``finalized``
    assert request.outcome is not None
    assert "briefings/one/index.html" in request.outcome.pages
    assert request.outcome.written == len(request.outcome.pages)
    assert (root / "again" / "briefings" / "one" / "index.html").is_file()


def test_plain_pelican_says_to_run_briefgen_build(site: Callable[..., Run]) -> None:
    root = built(site).root
    before = sorted(p.relative_to(root) for p in (root / "output").rglob("*"))
    command = [sys.executable, "-m", "pelican", "content", "-s", str(SETTINGS),
               "-o", str(root / "output")]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [NOT_BRIEFGEN]
    assert sorted(p.relative_to(root) for p in (root / "output").rglob("*")) == before


def test_stages_before_publish_do_not_load_pelican() -> None:
    code = (
        "import sys\n"
        "import briefgen.ingest, briefgen.sidecar, briefgen.anchor, briefgen.render\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pelican'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, check=True)
    assert result.stdout == "[]\n"
