"""Incremental builds give the same bytes as a clean build, after every kind of edit.

Each case builds a small synthetic site, edits one input, rebuilds
incrementally, then builds the same content with ``full=True`` into another
folder and compares the two trees file by file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from briefgen.bench.synth import generate_site
from briefgen.build import BuildError, BuildReport, build
from briefgen.diagnostics import DiagnosticList
from briefgen.publish.outputs.staging import SearchMode
from briefgen.publish.plugin import writer
from briefgen.settings import Parallel, load_settings

REPO = Path(__file__).resolve().parents[2]
SETTINGS = REPO / "pelicanconf.py"
COUNT = 8


def tree(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def assert_same_trees(built: Path, clean: Path) -> None:
    """The two folders hold the same files with the same bytes."""
    after, expected = tree(built), tree(clean)
    assert sorted(after) == sorted(expected)
    assert [n for n in after if after[n] != expected[n]] == []


def run_build(
    root: Path,
    *,
    full: bool = False,
    output: Path | None = None,
    parallel: Parallel | None = None,
    search: SearchMode = "now",
) -> BuildReport:
    diagnostics = DiagnosticList()
    settings = load_settings(root, settings_file=SETTINGS, output=output, diagnostics=diagnostics)
    if parallel is not None:
        settings.parallel = parallel
    return build(settings, diagnostics, full=full, search=search)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    generate_site(root, COUNT)
    run_build(root, full=True)
    return root


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built site for one test to change, rebuilt once where it now is.

    The cache is keyed by absolute paths, so the copy's first build re-checks
    everything; the test's own build then is a true incremental one.
    """
    import shutil

    root = tmp_path / "site"
    shutil.copytree(built_site, root, symlinks=True)
    run_build(root)
    return root


STATE = Path(".briefgen") / "state.sqlite3"


def cache_entries(root: Path) -> int:
    with closing(sqlite3.connect(root / STATE)) as db:
        query = "SELECT count(*) FROM entries WHERE output = 'checked'"
        return int(db.execute(query).fetchone()[0])


def page_record(root: Path) -> dict[str, Any]:
    """The record of the pages published into ``root / "output"``."""
    with closing(sqlite3.connect(root / STATE)) as db:
        query = "SELECT value FROM entries WHERE output = 'pages' AND key = 'output'"
        return dict(json.loads(db.execute(query).fetchone()[0]))


def briefing(root: Path, number: int, suffix: str) -> Path:
    return root / "content" / "briefings" / f"briefing-{number:05d}{suffix}"


def listed_slugs(root: Path) -> dict[int, list[int]]:
    """Each briefing's number -> the numbers of the briefings that list it as related."""
    listers: dict[int, list[int]] = {}
    for path in sorted((root / "content" / "briefings").glob("*.yaml")):
        number = int(path.stem.rsplit("-", 1)[1])
        for listed in re.findall(r"slug: briefing-(\d+)", path.read_text(encoding="utf-8")):
            listers.setdefault(int(listed), []).append(number)
    return listers


def unrelated(root: Path) -> int:
    """A briefing that no other lists as related (so removing it is no error)."""
    listed = set()
    for path in (root / "content" / "briefings").glob("*.yaml"):
        listed |= set(re.findall(r"slug: briefing-(\d+)", path.read_text(encoding="utf-8")))
    return next(i for i in range(COUNT) if f"{i:05d}" not in listed)


def edit_sidecar(root: Path) -> None:
    path = briefing(root, 3, ".yaml")
    path.write_text(path.read_text().replace("Bottom line of", "Edited bottom line of"))


def edit_sidecar_keeping_size_and_time(root: Path) -> None:
    """An edit that a check of size and modification time alone would miss."""
    path = briefing(root, 3, ".yaml")
    before = os.stat(path)
    text = path.read_text()
    path.write_text(text.replace("Bottom line of", "Bottom LINE of"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size


def edit_article(root: Path) -> None:
    path = briefing(root, 2, ".txt")
    path.write_text(path.read_text().rstrip("\n") + " An added closing sentence.\n")


def edit_glossary_term(root: Path) -> None:
    path = root / "content" / "glossary" / "terms.yaml"
    path.write_text(path.read_text().replace("entry 0 of", "entry zero of", 1))


def edit_source(root: Path) -> None:
    path = root / "content" / "sources" / "outlets.yaml"
    path.write_text(path.read_text().replace("Synthetic outlet number", "Edited outlet number"))


def retitle_listed_briefing(root: Path) -> None:
    """A new headline for a briefing others list: their related lists and the glossary
    and sources pages show its title, though their own files did not change."""
    number = min(listed_slugs(root))
    path = briefing(root, number, ".txt")
    headline, rest = path.read_text().split("\n", 1)
    path.write_text(f"Retitled {headline}\n{rest}")


def edit_claim_note(root: Path) -> None:
    """The note of a claim of a shared source: that source's page lists it."""
    path = briefing(root, 4, ".yaml")
    path.write_text(path.read_text().replace("Claim 2 weighed.", "Claim 2 weighed anew.", 1))


def remove_briefing(root: Path) -> None:
    number = unrelated(root)
    briefing(root, number, ".txt").unlink()
    briefing(root, number, ".yaml").unlink()


def change_tags(root: Path) -> None:
    path = briefing(root, 4, ".yaml")
    text = re.sub(r"^tags: \[.*\]$", "tags: [topic-1, brand-new-tag]", path.read_text(), flags=re.M)
    path.write_text(text)


def settle_differently(root: Path) -> None:
    """briefing-00003 refutes briefing-00002#claim-5 (see briefgen.bench.synth); now it
    confirms it: the earlier page, its source's page and feed, and both annotation
    files change, though briefing-00002's own files did not."""
    path = briefing(root, 3, ".yaml")
    text = path.read_text()
    assert "claim: briefing-00002#claim-5\n    outcome: refuted" in text
    path.write_text(text.replace("outcome: refuted", "outcome: confirmed", 1))


EDITS: dict[str, Callable[[Path], None]] = {
    "settled-outcome": settle_differently,
    "sidecar": edit_sidecar,
    "sidecar-same-size-and-time": edit_sidecar_keeping_size_and_time,
    "article": edit_article,
    "glossary-term": edit_glossary_term,
    "source": edit_source,
    "removed-briefing": remove_briefing,
    "tag-change": change_tags,
    "listed-title": retitle_listed_briefing,
    "claim-note": edit_claim_note,
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_incremental_equals_full(site: Path, tmp_path: Path, name: str) -> None:
    before = tree(site / "output")
    EDITS[name](site)
    run_build(site)
    run_build(site, full=True, output=tmp_path / "clean")
    assert_same_trees(site / "output", tmp_path / "clean")
    assert tree(site / "output") != before  # the edit did show


def test_removed_briefing_page_disappears(site: Path) -> None:
    number = unrelated(site)
    page = f"briefings/briefing-{number:05d}/index.html"
    assert (site / "output" / page).is_file()
    remove_briefing(site)
    run_build(site)
    assert not (site / "output" / page).exists()


def test_noop_rebuild_skips_pelican(site: Path) -> None:
    before = tree(site / "output")
    inode = (site / "output" / "index.html").stat().st_ino
    report = run_build(site)
    assert report.published is None  # Pelican did not run: same rendered files, same code
    assert tree(site / "output") == before
    assert (site / "output" / "index.html").stat().st_ino == inode


def test_annotation_exports_of_unchanged_briefings_are_reused(site: Path) -> None:
    folder = site / "output" / "annotations"
    inodes = {path.name: path.stat().st_ino for path in folder.glob("*.jsonld")}
    assert len(inodes) == COUNT
    edit_sidecar(site)  # briefing 3's summary: its page changes, its annotations do not
    path = briefing(site, 3, ".yaml")
    path.write_text(path.read_text().replace("weighed.", "weighed again.", 1))
    run_build(site)
    now = {path.name: path.stat().st_ino for path in folder.glob("*.jsonld")}
    changed = sorted(name for name in inodes if now[name] != inodes[name])
    assert changed == ["briefing-00003.jsonld"]
    assert "weighed again." in (folder / "briefing-00003.jsonld").read_text()
    assert page_record(site)["pages"]["annotations/briefing-00003.jsonld"]


def test_topic_feeds_without_the_edited_briefing_are_reused(site: Path) -> None:
    folder = site / "output" / "feeds"
    feeds = [path for kind in ("tags", "glossary", "sources") for path in (folder / kind).iterdir()]
    inodes = {path: path.stat().st_ino for path in feeds}
    edit_sidecar(site)  # briefing 3's summary, shown in the feeds of its topics
    run_build(site)
    changed = {path for path in feeds if path.stat().st_ino != inodes[path]}
    with_it = {path for path in feeds if "briefing-00003/" in path.read_text()}
    assert with_it and len(with_it) < len(feeds)
    assert changed == with_it
    assert all("Edited bottom line of" in path.read_text() for path in with_it)


def anchor_history(root: Path) -> dict[str, Any]:
    """The re-anchoring history in the build state: sidecar path -> (digest, body, spans)."""
    from briefgen.reanchor.history import ANCHORS

    with closing(sqlite3.connect(root / STATE)) as db:
        rows = db.execute("SELECT key, value FROM entries WHERE output = 'anchors'")
        return {key: ANCHORS.codec.load(value) for key, value in rows}


def test_the_anchor_history_follows_the_briefings_in_the_build_state(site: Path) -> None:
    history = anchor_history(site)
    assert sorted(history) == [f"briefings/briefing-{i:05d}.yaml" for i in range(COUNT)]
    body = history["briefings/briefing-00002.yaml"][1]
    assert not (site / ".briefgen" / "cache").exists()
    edit_article(site)
    number = unrelated(site)
    remove_briefing(site)
    run_build(site)
    after = anchor_history(site)
    assert f"briefings/briefing-{number:05d}.yaml" not in after
    assert after["briefings/briefing-00002.yaml"][1] == body + " An added closing sentence."
    assert len(after) == COUNT - 1


def test_a_deferred_search_index_is_made_later_and_then_equals_a_full_build(
    site: Path, tmp_path: Path
) -> None:
    previous_index = tree(site / "output" / "pagefind")
    edit_article(site)  # new words: a new index
    report = run_build(site, search="later")
    pending = report.pending_search
    assert pending is not None
    run_build(site, full=True, output=tmp_path / "clean")
    clean = tree(tmp_path / "clean")
    # Meanwhile the pages are new and the index is the previous one.
    assert tree(site / "output" / "pagefind") == previous_index
    assert previous_index != tree(tmp_path / "clean" / "pagefind")
    assert pending.run(cancelled=lambda: True) is False
    assert tree(site / "output" / "pagefind") == previous_index
    assert pending.run() is True
    assert tree(site / "output") == clean
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == [".briefgen"]


def test_a_build_after_a_deferred_index_that_was_never_made_indexes(
    site: Path, tmp_path: Path
) -> None:
    edit_article(site)
    assert run_build(site, search="later").pending_search is not None
    report = run_build(site)  # nothing changed since, but the index is the old one
    assert report.published is not None and report.pending_search is None
    run_build(site, full=True, output=tmp_path / "clean")
    assert tree(site / "output") == tree(tmp_path / "clean")


def test_rebuild_restores_a_deleted_page(site: Path) -> None:
    before = tree(site / "output")
    (site / "output" / "glossary" / "index.html").unlink()
    published = run_build(site).published
    assert published is not None
    assert (published.written, published.skipped > 0) == (1, True)
    assert tree(site / "output") == before


def test_rebuild_after_a_failed_publish_publishes(site: Path) -> None:
    """Markdown rendered by a build whose publishing failed is published by the next one."""
    saved_state = (site / STATE).read_bytes()
    shutil.copytree(site / "output", site / "saved-output")
    edit_sidecar(site)
    run_build(site)
    edited = tree(site / "output")
    # As if publishing had failed: the Markdown is rendered, output and record are old.
    shutil.rmtree(site / "output")
    (site / "saved-output").rename(site / "output")
    (site / STATE).write_bytes(saved_state)
    run_build(site)
    assert tree(site / "output") == edited


def test_failed_content_leaves_output_intact(site: Path) -> None:
    before = tree(site / "output")
    path = briefing(site, 1, ".yaml")
    path.write_text(path.read_text().replace("credibility: 1", "credibility: high", 1))
    with pytest.raises(BuildError, match="the content has errors; nothing was published"):
        run_build(site)
    assert tree(site / "output") == before


def test_failure_while_publishing_leaves_output_intact(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are rewritten into hard-linked staging; a crash after that changes nothing."""
    before = tree(site / "output")
    edit_sidecar(site)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer.BriefgenWriter, "write_feed", crash)
    with pytest.raises(BuildError, match="publishing failed: RuntimeError: disk on fire"):
        run_build(site)
    assert tree(site / "output") == before
    assert [p.name for p in site.iterdir() if p.name.startswith(".output")] == []


def test_full_rebuilds_everything(site: Path) -> None:
    """An incremental build trusts the previous output; ``full`` does not."""
    page = site / "output" / "briefings" / "briefing-00001" / "index.html"
    good = page.read_bytes()
    page.write_bytes(b"tampered")
    run_build(site)
    assert page.read_bytes() == b"tampered"
    run_build(site, full=True)
    assert page.read_bytes() == good


def test_worker_processes_give_the_same_site(site: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """With pools even for a few briefings: checks (and cache entries) made by
    workers, Markdown, body HTML and glossary pages rendered by workers; same
    bytes, same page record, cache kept."""
    pooled = Parallel(2, 2, 2, 2, 2)
    serial = tree(site / "output")
    serial_record = page_record(site)
    run_build(site, full=True, parallel=pooled)
    assert tree(site / "output") == serial
    # Pages written by workers are in the record, in the same order.
    pooled_record = page_record(site)
    assert list(pooled_record["pages"].items()) == list(serial_record["pages"].items())
    # Every entry the workers made was taken and saved by the building process.
    assert cache_entries(site) == COUNT
    edit_sidecar(site)
    run_build(site, parallel=pooled)
    run_build(site, full=True, output=tmp_path / "clean")
    assert tree(site / "output") == tree(tmp_path / "clean")


def test_cache_keeps_checked_briefings_when_another_has_errors(site: Path) -> None:
    """A build that fails on one sidecar still records the others: the next build
    (after the fix) checks only that one again."""
    path = briefing(site, 1, ".yaml")
    good = path.read_text()
    path.write_text(good.replace("credibility: 1", "credibility: high", 1))
    with pytest.raises(BuildError):
        run_build(site)
    assert cache_entries(site) == COUNT - 1


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100])
def test_damaged_cache_is_rebuilt(site: Path, tmp_path: Path, damage: bytes) -> None:
    before = tree(site / "output")
    (site / STATE).write_bytes(damage)
    edit_sidecar(site)
    run_build(site)
    assert cache_entries(site) == COUNT
    run_build(site, full=True, output=tmp_path / "clean")
    assert tree(site / "output") == tree(tmp_path / "clean") != before


def test_related_ranking_is_reused_until_its_inputs_change(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen.check import related as related_module

    rankings: list[int] = []
    original = related_module.rank_by_shared_terms

    def counted(*args: object) -> dict[str, list[str]]:
        rankings.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(related_module, "rank_by_shared_terms", counted)
    edit_sidecar(site)  # the summary: no term, date or link changes
    run_build(site)
    assert rankings == []
    change_tags(site)  # tags are not part of the ranking either
    run_build(site)
    assert rankings == []
    edit_article(site)  # may change the terms found: ranked again only if it did
    path = briefing(site, 5, ".yaml")
    path.write_text(re.sub(r"^date: .*$", "date: 2031-01-01", path.read_text(), flags=re.M))
    run_build(site)
    assert rankings == [1]
    run_build(site, full=True, output=tmp_path / "clean")
    assert tree(site / "output") == tree(tmp_path / "clean")


def test_a_cached_follow_up_is_checked_again_when_the_claim_it_names_changes(
    site: Path,
) -> None:
    """briefing-00003 settles briefing-00002#claim-5 (see briefgen.bench.synth).  Renaming
    that claim's id re-checks the follow-up although briefing-00003's own files, and so
    its check-step entry, are unchanged; renaming it back builds again."""
    follower = briefing(site, 3, ".yaml").read_text()
    assert "claim: briefing-00002#claim-5" in follower
    earlier = briefing(site, 2, ".yaml")
    text = earlier.read_text()
    earlier.write_text(text.replace("id: claim-5", "id: claim-five"))
    diagnostics = DiagnosticList()
    settings = load_settings(site, settings_file=SETTINGS, diagnostics=diagnostics)
    with pytest.raises(BuildError):
        build(settings, diagnostics)
    errors = [d.format(site) for d in diagnostics.items if d.severity.value == "error"]
    assert errors == [
        "content/briefings/briefing-00003.yaml:"
        f"{_line_of(follower, 'claim: briefing-00002#claim-5')}:12: error: briefing "
        "'briefing-00002' has no claim with id 'claim-5'; did you mean 'claim-4', 'claim-3' or "
        "'claim-2'? "
        "[briefgen.unknown-claim]"
    ]
    assert cache_entries(site) == COUNT  # both briefings' own checks were fine
    earlier.write_text(text)
    run_build(site)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_settling_a_claim_differently_remakes_only_the_pages_that_show_it(site: Path) -> None:
    """What a changed outcome remakes follows the build's record, not a list: the
    two briefings' pages and annotation files; every other briefing's page and
    export stays the previous build's file (the same inode)."""
    output = site / "output"
    files = {path: path.stat().st_ino for pattern in ("briefings/*/index.html",
                                                      "annotations/*.jsonld")
             for path in output.glob(pattern)}
    settle_differently(site)
    run_build(site)
    remade = sorted(str(path.relative_to(output)) for path, inode in files.items()
                    if path.stat().st_ino != inode)
    assert remade == [
        "annotations/briefing-00002.jsonld", "annotations/briefing-00003.jsonld",
        "briefings/briefing-00002/index.html", "briefings/briefing-00003/index.html",
    ]


def _errors(root: Path, *, full: bool) -> list[str]:
    diagnostics = DiagnosticList()
    settings = load_settings(root, settings_file=SETTINGS, diagnostics=diagnostics)
    with pytest.raises(BuildError):
        build(settings, diagnostics, full=full)
    return [d.format(root) for d in diagnostics.items if d.severity.value == "error"]


def test_a_related_link_of_an_unchanged_briefing_breaks_and_is_repaired(
    site: Path, tmp_path: Path
) -> None:
    """A briefing takes a new slug: the briefings that list it (their files unchanged,
    their checks recorded) are reported as a full check reports them; renamed back,
    the site is the full build's again."""
    number, listers = min(listed_slugs(site).items())
    path = briefing(site, number, ".yaml")
    text = path.read_text()
    path.write_text(f"slug: renamed-{number}\n{text}")
    incremental = _errors(site, full=False)
    assert incremental == _errors(site, full=True)
    related = [e for e in incremental
               if f"unknown briefing slug 'briefing-{number:05d}' in related" in e]
    assert sorted(e.split(":")[0] for e in related) == [
        f"content/briefings/briefing-{lister:05d}.yaml" for lister in sorted(listers)
    ]
    path.write_text(text)
    run_build(site)
    run_build(site, full=True, output=tmp_path / "clean")
    assert tree(site / "output") == tree(tmp_path / "clean")


def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs of the briefings read whole from the check record from now on."""
    from briefgen.incremental.briefings import BriefingCache

    read: list[str] = []
    original = BriefingCache._whole

    def counted(self: BriefingCache, key: str) -> Any:
        whole = original(self, key)
        read.append(whole.slug)
        return whole

    monkeypatch.setattr(BriefingCache, "_whole", counted)
    return read


def test_only_the_briefings_shown_again_are_read_whole_from_the_record(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged briefing is made from its compact row; the whole of it is read
    from the record only when its page is made again."""
    read = whole_reads(monkeypatch)
    listings = site / ".briefgen" / "site.json"
    before = listings.stat().st_mtime_ns
    edit_sidecar(site)  # briefing 3 is checked again; no other page changes
    run_build(site)
    assert read == []
    assert listings.stat().st_mtime_ns == before  # nothing the listings show changed
    settle_differently(site)  # briefing 2's page shows the new outcome
    run_build(site)
    assert read == ["briefing-00002"]
    edit_claim_note(site)  # a claim the page of a shared source lists
    run_build(site)
    assert listings.stat().st_mtime_ns != before


def test_rows_are_not_used_without_the_entries_they_stand_for(
    site: Path, tmp_path: Path
) -> None:
    """Another version of briefgen built the site meanwhile: it remade the checked
    briefings' entries (under its own stamp) and left the rows alone.  The rows are
    then not used: everything is checked again, and the site is the full build's."""
    with closing(sqlite3.connect(site / STATE)) as db, db:
        db.execute("UPDATE outputs SET stamp = 'another version' WHERE name = 'checked'")
    settle_differently(site)  # the page of briefing 2, unchanged itself, is made again
    run_build(site)
    edit_sidecar(site)
    run_build(site)
    run_build(site, full=True, output=tmp_path / "clean")
    assert tree(site / "output") == tree(tmp_path / "clean")


def test_a_briefing_made_from_its_row_is_the_one_a_full_check_makes(
    site: Path, tmp_path: Path
) -> None:
    """Every field of an unchanged briefing, its bulky ones read from the record after
    the build (as a dev server's kept site does), equals the full build's."""
    import pickle

    from briefgen.incremental.rows import RecordedBriefing

    edit_sidecar(site)
    incremental = run_build(site).site
    full = run_build(site, full=True, output=tmp_path / "clean").site
    assert incremental is not None and full is not None
    recorded = [b for b in incremental.pages if isinstance(b, RecordedBriefing)]
    assert len(recorded) == COUNT - 1
    assert all("article" not in vars(b) for b in recorded)
    assert [b.article_path for b in recorded] == [
        b.article.path for b in full.pages if b.slug in {r.slug for r in recorded}
    ]
    # Pickled, each is a plain Briefing: every field compared, the bulky ones read now.
    plain = [pickle.loads(pickle.dumps(b)) for b in recorded]
    assert plain == [b for b in full.pages if b.slug in {r.slug for r in recorded}]


def test_the_dev_servers_kept_build_reads_no_briefing_whole(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dev server keeps the build's site and maps each briefing's files to it:
    that reads no briefing whole from the record (each would open the state file)."""
    from briefgen.devserver.fastpage import KeptBuild
    read = whole_reads(monkeypatch)
    edit_sidecar(site)
    diagnostics = DiagnosticList()
    settings = load_settings(site, settings_file=SETTINGS, diagnostics=diagnostics)
    report = build(settings, diagnostics)
    assert report.site is not None
    kept = KeptBuild(settings, report.site, generator=None)
    assert len(kept.owners) == 2 * COUNT
    assert read == []
