"""``briefgen reanchor`` re-anchors a follow-up's quote (format 1.2) like any other."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import BASE_FILES, run_briefgen, write_files
from tests.reanchor.test_reanchor_site import NEW_ARTICLE, OLD_ARTICLE, SIDECAR, SIDECAR_AFTER


def test_a_follow_up_quote_is_reanchored_like_a_claim_it_coincides_with(tmp_path: Path) -> None:
    # The follow-up quotes the same words as the second claim: two kinds of
    # mark on one passage, both re-anchored, neither an overlap.
    follows = (
        "follows:\n"
        "  - claim: early#pact-soon\n"
        "    outcome: refuted\n"
        "    quote: 'it is too early to talk about a pact'\n"
    )
    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/early.txt": "Early\n\nA pact will be signed this week.\n",
            "content/briefings/early.yaml": (
                "date: 2025-01-10\noutlet: wire\nsummary: S.\nclaims:\n"
                "  - {quote: A pact will be signed this week, source: wire, credibility: 4,"
                " id: pact-soon}\n"
            ),
            "content/briefings/pact.txt": OLD_ARTICLE,
            "content/briefings/pact.yaml": SIDECAR + follows,
        },
    )
    assert run_briefgen(tmp_path, "build").status == 0
    (tmp_path / "content/briefings/pact.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    run = run_briefgen(tmp_path, "reanchor", "--write")
    assert run.status == 0, run.stderr
    sidecar = tmp_path / "content/briefings/pact.yaml"
    assert sidecar.read_text(encoding="utf-8") == SIDECAR_AFTER + follows.replace(
        "it is too early", "it is far too early"
    )
    assert run.diagnostics[-1] == (
        f"{sidecar}:23:12: warning: quote re-anchored: "
        '"it is too early to talk about a pact" -> "it is far too early to talk about a pact" '
        "[briefgen.quote-reanchored]"
    )
    assert run_briefgen(tmp_path, "check").status == 0
