"""One page's claims view is the view the whole site's pass gives it."""

from __future__ import annotations

from pathlib import Path

from briefgen.bench.synth import generate_site
from briefgen.check import load_site
from briefgen.diagnostics import DiagnosticList
from briefgen.render.claims import claims_view, claims_views
from briefgen.settings import load_settings
from tests.conftest import SETTINGS


def test_one_pages_view_equals_the_sites_pass(tmp_path: Path) -> None:
    """``claims_view`` (the devserver's early page) makes only the references one
    page shows; ``claims_views`` makes every page's (the build)."""
    generate_site(tmp_path, 40)
    diagnostics = DiagnosticList()
    settings = load_settings(tmp_path, settings_file=SETTINGS, diagnostics=diagnostics)
    site = load_site(settings, diagnostics)
    assert not diagnostics.has_errors()
    every = claims_views(site)
    for briefing in site.pages:
        assert claims_view(briefing, site) == every[briefing.slug], briefing.slug
    # The synthetic site settles claims: the views are not all empty.
    assert any(view.follows for view in every.values())
    assert any(view.settled for view in every.values())
    assert any(view.story for view in every.values())
