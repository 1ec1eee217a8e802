"""``briefgen reanchor`` on real mini-sites: what it reports, and what --write changes.

The old article text comes from git (a site that is a git repository) or
from the record of the last successful build; the sidecars are compared
byte for byte with what an editor would have written by hand.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from briefgen.diagnostics import DiagnosticList
from briefgen.reanchor.edit import QuoteFix
from briefgen.reanchor.site import _write, reanchor_site
from briefgen.settings import load_settings
from tests.cli.harness import briefgen
from tests.conftest import BASE_FILES, SETTINGS, run_briefgen, write_files

OLD_ARTICLE = """\
Turkey plays down talk of a defence pact

Reuters reported on Tuesday that Turkey and Syria were to discuss a joint
defense pact, including establishing two Turkish airbases in Syria and
training for its new army.

Asked about the report, a ministry source said it is too early to talk about a pact.

A strike near the border killed 12 people on Monday, officials said.
"""

NEW_ARTICLE = """\
Turkey plays down talk of a defence pact

Reuters reported on Tuesday that Turkey and Syria were to discuss a joint defence pact.

The talks could include establishing two Turkish air bases in Syria and
training for its new army, the agency said.

Asked about the report, a ministry source said it is far too early to talk about a pact.

A strike near the border killed 15 people on Monday, officials said.
"""

SIDECAR = """\
# Briefing on the pact: keep this comment
date: 2025-02-06   # publication date
outlet: wire
summary: >
  Ankara plays down a report.
claims:
  - quote: >-
      establishing two Turkish airbases
      in Syria and training for its new army
    source: wire   # the agency
    credibility: 3
  - source: wire
    quote: 'it is too early to talk about a pact'
    credibility: 2
notes:
  # a note on numbers
  - quote: "12 people"   # as first reported
    prefix: 'killed'
    text: Casualty count, unconfirmed.
"""

# What an editor would have written: the three quotes, nothing else.
SIDECAR_AFTER = """\
# Briefing on the pact: keep this comment
date: 2025-02-06   # publication date
outlet: wire
summary: >
  Ankara plays down a report.
claims:
  - quote: >-
      establishing two Turkish air bases in Syria and training for its new army
    source: wire   # the agency
    credibility: 3
  - source: wire
    quote: 'it is far too early to talk about a pact'
    credibility: 2
notes:
  # a note on numbers
  - quote: "15 people"   # as first reported
    prefix: 'killed'
    text: Casualty count, unconfirmed.
"""


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def git_site(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.fail("git is needed (CI installs it)")
    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/pact.txt": OLD_ARTICLE,
            "content/briefings/pact.yaml": SIDECAR,
        },
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "first version")
    (tmp_path / "content/briefings/pact.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    return tmp_path


def test_check_refuses_the_changed_quotes_and_names_the_fix(git_site: Path) -> None:
    run = run_briefgen(git_site, "check")
    assert run.status == 1
    not_found = [line for line in run.diagnostics if "[briefgen.quote-not-found]" in line]
    assert len(not_found) == 3
    assert all("briefgen reanchor --write" in line for line in not_found)
    assert any('it now reads "15 people"' in line for line in not_found)


def test_reanchor_reports_one_line_per_moved_quote(git_site: Path) -> None:
    sidecar = git_site / "content/briefings/pact.yaml"
    run = run_briefgen(git_site, "reanchor")
    assert run.status == 0, run.stderr
    assert run.diagnostics == [
        f"{sidecar}:7:12: warning: quote re-anchored: "
        '"establishing two Turkish airbases in Syria and training for its new army" -> '
        '"establishing two Turkish air bases in Syria and training for its new army" '
        "[briefgen.quote-reanchored]",
        f"{sidecar}:13:12: warning: quote re-anchored: "
        '"it is too early to talk about a pact" -> "it is far too early to talk about a pact" '
        "[briefgen.quote-reanchored]",
        f'{sidecar}:17:12: warning: quote re-anchored: "12 people" -> "15 people" '
        "[briefgen.quote-reanchored]",
    ]
    assert sidecar.read_text(encoding="utf-8") == SIDECAR  # nothing written without --write
    # ... and the last line says so, and how to write them.
    assert run.stderr.splitlines()[-1] == (
        "briefgen: 3 quotes re-anchored, 0 orphaned, 0 unchanged in 1 briefing; nothing was "
        "written: briefgen reanchor --write rewrites the quotes in 1 sidecar (0 errors, 3 warnings)"
    )


def test_write_changes_only_the_quotes_byte_for_byte(git_site: Path) -> None:
    sidecar = git_site / "content/briefings/pact.yaml"
    article = git_site / "content/briefings/pact.txt"
    run = run_briefgen(git_site, "reanchor", "--write")
    assert run.status == 0, run.stderr
    assert sidecar.read_bytes() == SIDECAR_AFTER.encode("utf-8")
    assert article.read_text(encoding="utf-8") == NEW_ARTICLE
    # The build now anchors every annotation, and a second run finds nothing to do.
    assert run_briefgen(git_site, "check").status == 0
    again = run_briefgen(git_site, "reanchor")
    assert (again.status, again.diagnostics) == (0, [])
    assert again.stderr.splitlines()[-1] == (
        "briefgen: 0 quotes re-anchored, 0 orphaned, 3 unchanged in 1 briefing; nothing was "
        "written (0 errors, 0 warnings)"
    )


def test_an_orphan_is_an_error_and_its_sidecar_is_left_alone(git_site: Path) -> None:
    article = git_site / "content/briefings/pact.txt"
    paragraphs = NEW_ARTICLE.split("\n\n")
    article.write_text(
        "\n\n".join(p for p in paragraphs if not p.startswith("Asked about")), encoding="utf-8"
    )
    sidecar = git_site / "content/briefings/pact.yaml"
    run = run_briefgen(git_site, "reanchor", "--write")
    assert run.status == 1
    orphans = [line for line in run.diagnostics if "[briefgen.quote-orphaned]" in line]
    assert len(orphans) == 1
    assert orphans[0].startswith(f"{sidecar}:13:12: error: quote orphaned: ")
    # Its paragraph was deleted: what is left shares a few words with it ("talk",
    # "a"), and offering those as its "closest passage" would mislead.
    assert "closest passage" not in orphans[0]
    assert orphans[0].endswith("no passage is much like it [briefgen.quote-orphaned]")
    # The other two are written; the orphan's line is as it was.
    written = sidecar.read_text(encoding="utf-8")
    assert "quote: 'it is too early to talk about a pact'" in written
    assert 'quote: "15 people"   # as first reported' in written


def test_a_sidecar_changed_since_it_was_read_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SIDECAR, encoding="utf-8")
    as_read = path.read_bytes()
    path.write_text(SIDECAR + "# edited meanwhile\n", encoding="utf-8")
    diagnostics = DiagnosticList()
    fix = QuoteFix("notes", 0, "15 people", "killed", None, None)
    assert not _write(tmp_path, path, as_read, [fix], diagnostics)
    assert [d.code for d in diagnostics] == ["briefgen.write-refused"]
    assert path.read_text(encoding="utf-8") == SIDECAR + "# edited meanwhile\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]  # no temporary left


def test_the_last_build_is_the_old_text_and_a_repeat_gets_an_occurrence(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/pact.txt": OLD_ARTICLE,
            "content/briefings/pact.yaml": SIDECAR,
        },
    )
    assert run_briefgen(tmp_path, "build").status == 0
    # The new text says "it is too early to talk about a pact" twice; the
    # ministry source's place (the old context) is the second.
    repeated = OLD_ARTICLE.replace(
        "Asked about the report",
        "Analysts said it is too early to talk about a pact.\n\nAsked about the report",
    )
    (tmp_path / "content/briefings/pact.txt").write_text(repeated, encoding="utf-8")
    run = run_briefgen(tmp_path, "reanchor", "--write")
    assert run.status == 0, run.stderr
    sidecar = (tmp_path / "content/briefings/pact.yaml").read_text(encoding="utf-8")
    assert sidecar == SIDECAR.replace(
        "    quote: 'it is too early to talk about a pact'\n",
        "    quote: 'it is too early to talk about a pact'\n    occurrence: 2\n",
    )
    built = run_briefgen(tmp_path, "build")
    assert built.status == 0, built.stderr
    claim = built.page("briefings/pact/index.html").find_all(attrs={"data-claim": True})[1]
    paragraph = claim.find_parent("p").get_text(" ", strip=True)
    assert "ministry source" in paragraph


def test_a_sidecar_with_another_error_still_has_its_quotes_reanchored(git_site: Path) -> None:
    sidecar = git_site / "content/briefings/pact.yaml"
    sidecar.write_text(SIDECAR + "sumary: x\n", encoding="utf-8")
    run = run_briefgen(git_site, "reanchor", "--write")
    assert run.status == 1
    codes = [line.rsplit(" ", 1)[-1] for line in run.diagnostics]
    assert codes == ["[briefgen.quote-reanchored]"] * 3 + ["[briefgen.unknown-key]"]
    assert sidecar.read_text(encoding="utf-8") == SIDECAR_AFTER + "sumary: x\n"


def test_a_sidecar_that_is_a_link_is_not_replaced_by_a_file(git_site: Path) -> None:
    sidecar = git_site / "content/briefings/pact.yaml"
    real = git_site / "content/kept/pact.yaml"
    real.parent.mkdir()
    sidecar.rename(real)
    sidecar.symlink_to(Path("../kept/pact.yaml"))
    run = run_briefgen(git_site, "reanchor", "--write")
    assert run.status == 1
    assert [line for line in run.diagnostics if "error:" in line] == [
        f"{sidecar}:1:1: error: not rewritten: the sidecar is a link, not a file "
        "[briefgen.write-refused]"
    ]
    assert sidecar.is_symlink() and real.read_text(encoding="utf-8") == SIDECAR


def test_json_lines_on_standard_output(git_site: Path) -> None:
    out = briefgen(git_site, "reanchor", "--root", str(git_site), "--format", "json")
    assert out.status == 0
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["line"], r["column"], r["severity"], r["code"]) for r in records] == [
        (7, 12, "warning", "briefgen.quote-reanchored"),
        (13, 12, "warning", "briefgen.quote-reanchored"),
        (17, 12, "warning", "briefgen.quote-reanchored"),
    ]
    assert records[2]["message"] == 'quote re-anchored: "12 people" -> "15 people"'


def test_workers_decide_as_the_building_process_does(git_site: Path) -> None:
    briefings = git_site / "content/briefings"
    for n in range(2, 6):
        (briefings / f"pact{n}.txt").write_text(OLD_ARTICLE, encoding="utf-8")
        (briefings / f"pact{n}.yaml").write_text(SIDECAR, encoding="utf-8")
    _git(git_site, "add", "-A")
    _git(git_site, "commit", "-q", "-m", "more briefings")
    for n in range(2, 6):
        (briefings / f"pact{n}.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    results = []
    for workers, from_briefings in ((1, 200), (2, 1)):  # in this process; in two workers
        diagnostics = DiagnosticList()
        settings = load_settings(git_site, settings_file=SETTINGS, diagnostics=diagnostics)
        settings.parallel.workers = workers
        settings.parallel.min_parallel_checks = from_briefings
        report = reanchor_site(settings, diagnostics)
        results.append((report, [d.format() for d in diagnostics.sorted()]))
    assert results[0] == results[1]
    assert (results[0][0].briefings, results[0][0].reanchored) == (5, 15)


def test_git_head_is_the_old_text_of_the_articles_git_lists_as_changed(git_site: Path) -> None:
    # No build record: git's HEAD is the old text.  Of the two places that
    # now say "it is too early to talk about a pact", the ministry source's
    # (the second) is known only from it; the quote alone finds two equals.
    briefings = git_site / "content/briefings"
    (briefings / "pact.txt").write_text(OLD_ARTICLE, encoding="utf-8")  # as committed
    (briefings / "other.txt").write_text(OLD_ARTICLE, encoding="utf-8")  # unchanged since HEAD
    (briefings / "other.yaml").write_text(SIDECAR, encoding="utf-8")
    _git(git_site, "add", "-A")
    _git(git_site, "commit", "-q", "-m", "another briefing")
    repeated = OLD_ARTICLE.replace(
        "Asked about the report",
        "Analysts said it is too early to talk about a pact.\n\nAsked about the report",
    )
    (briefings / "pact.txt").write_text(repeated, encoding="utf-8")
    run = run_briefgen(git_site, "reanchor")
    assert run.status == 0, run.stderr
    assert run.diagnostics == [
        f"{briefings / 'pact.yaml'}:13:12: warning: quote re-anchored: "
        '"it is too early to talk about a pact" -> "it is too early to talk about a pact" '
        "(occurrence: 2) [briefgen.quote-reanchored]"
    ]


ORDERED_SIDECAR = """\
date: 2025-02-06
outlet: wire
summary: Ankara plays down a report.
claims:
  - quote: establishing two Turkish airbases in Syria
    source: wire
    credibility: 3
  - quote: it is too early to talk about a pact
    source: wire
    credibility: 2
  - quote: killed 12 people on Monday
    source: wire
    credibility: 2
"""


def _fresh_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, article: str) -> Path:
    """A site with no build record and in no git repository (git looks no higher)."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/pact.txt": article,
            "content/briefings/pact.yaml": ORDERED_SIDECAR,
        },
    )
    assert not (tmp_path / ".briefgen").exists()
    return tmp_path


def test_without_record_or_git_the_claims_order_tells_a_pull_quote_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pull quote repeats the second claim's passage at the end, after the
    # third claim's: only the place between the first and the third is its.
    pulled = OLD_ARTICLE + '\n"it is too early to talk about a pact"\n'
    root = _fresh_clone(tmp_path, monkeypatch, pulled)
    assert run_briefgen(root, "check").status == 1  # the quote is now ambiguous
    run = run_briefgen(root, "reanchor", "--write")
    assert run.status == 0, run.stderr
    sidecar = root / "content/briefings/pact.yaml"
    assert sidecar.read_text(encoding="utf-8") == ORDERED_SIDECAR.replace(
        "  - quote: it is too early to talk about a pact\n",
        "  - quote: it is too early to talk about a pact\n    occurrence: 1\n",
    )
    built = run_briefgen(root, "build")
    assert built.status == 0, built.stderr
    claim = built.page("briefings/pact/index.html").find_all(attrs={"data-claim": True})[1]
    assert "ministry source" in claim.find_parent("p").get_text(" ", strip=True)


def test_without_record_or_git_a_repeat_between_the_neighbours_stays_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The repeat stands between the first and the third claim's passages,
    # as the second claim's own does: nothing tells them apart.
    pulled = OLD_ARTICLE.replace(
        "Asked about the report",
        '"it is too early to talk about a pact"\n\nAsked about the report',
    )
    root = _fresh_clone(tmp_path, monkeypatch, pulled)
    run = run_briefgen(root, "reanchor", "--write")
    assert run.status == 1
    sidecar = root / "content/briefings/pact.yaml"
    [orphan] = [line for line in run.diagnostics if "[briefgen.quote-orphaned]" in line]
    assert orphan.startswith(f"{sidecar}:8:12: error: quote orphaned: two passages fit it")
    assert "(paragraph 2)" in orphan and "(paragraph 3)" in orphan
    assert sidecar.read_text(encoding="utf-8") == ORDERED_SIDECAR


def _commit_a_repeat(root: Path) -> Path:
    """The article corrected and committed: "it is too early to talk about a
    pact" now said twice, the ministry source's (the quote's) the second; the
    quote alone, or the claims' order, finds two equals."""
    article = root / "content/briefings/pact.txt"
    article.write_text(OLD_ARTICLE, encoding="utf-8")  # as committed first
    repeated = OLD_ARTICLE.replace(
        "Asked about the report",
        "Analysts said it is too early to talk about a pact.\n\nAsked about the report",
    )
    article.write_text(repeated, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "correction")
    assert not (root / ".briefgen").exists()
    return root / "content/briefings/pact.yaml"


REPEAT_REANCHORED = (
    ':13:12: warning: quote re-anchored: "it is too early to talk about a pact" -> '
    '"it is too early to talk about a pact" (occurrence: 2) [briefgen.quote-reanchored]'
)


def test_a_committed_correction_is_compared_with_the_text_git_had_before(
    git_site: Path,
) -> None:
    # A fresh clone: nothing differs from HEAD and there is no build record;
    # git's history has the text the quotes were written against (as the
    # sidecar was last committed).
    sidecar = _commit_a_repeat(git_site)
    run = run_briefgen(git_site, "reanchor")
    assert run.status == 0, run.stderr
    assert run.diagnostics == [f"{sidecar}{REPEAT_REANCHORED}"]


def test_a_sidecar_committed_after_the_correction_uses_the_text_before_it(
    git_site: Path,
) -> None:
    sidecar = _commit_a_repeat(git_site)
    sidecar.write_text(SIDECAR.replace("Casualty count", "Casualty figure"), encoding="utf-8")
    _git(git_site, "commit", "-q", "-am", "a note reworded, quotes left as they were")
    run = run_briefgen(git_site, "reanchor")
    assert run.status == 0, run.stderr
    assert run.diagnostics == [f"{sidecar}{REPEAT_REANCHORED}"]


def test_without_record_or_git_follow_ups_are_not_told_apart_by_their_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The follow-ups quote the claims' passages in the same order, but their
    # list follows the earlier claims' order, not this article's: the
    # second claim is told apart by its neighbours, the second follow-up not.
    pulled = OLD_ARTICLE + '\n"it is too early to talk about a pact"\n'
    root = _fresh_clone(tmp_path, monkeypatch, pulled)
    follows = "follows:\n" + "".join(
        f"  - {{claim: 'early#c{n}', outcome: confirmed, quote: '{quote}'}}\n"
        for n, quote in enumerate(
            [
                "establishing two Turkish airbases in Syria",
                "it is too early to talk about a pact",
                "killed 12 people on Monday",
            ]
        )
    )
    early_claims = "".join(
        f"  - {{quote: 'Claim {n}', source: wire, credibility: 3, id: c{n}}}\n" for n in range(3)
    )
    write_files(
        root,
        {
            "content/briefings/early.txt": "Early\n\nClaim 0. Claim 1. Claim 2.\n",
            "content/briefings/early.yaml": (
                "date: 2025-01-10\noutlet: wire\nsummary: S.\nclaims:\n" + early_claims
            ),
            "content/briefings/pact.yaml": ORDERED_SIDECAR + follows,
        },
    )
    run = run_briefgen(root, "reanchor", "--write")
    assert run.status == 1
    sidecar = root / "content/briefings/pact.yaml"
    [orphan] = [line for line in run.diagnostics if "[briefgen.quote-orphaned]" in line]
    assert orphan.startswith(f"{sidecar}:16:") and "two passages fit it" in orphan
    assert sidecar.read_text(encoding="utf-8") == ORDERED_SIDECAR.replace(
        "  - quote: it is too early to talk about a pact\n",
        "  - quote: it is too early to talk about a pact\n    occurrence: 1\n",
    ) + follows
