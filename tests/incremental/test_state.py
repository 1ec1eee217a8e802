"""The one owner of build state: declared inputs, kept entries, the build lock."""

from __future__ import annotations

import fcntl
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from briefgen.bench.synth import generate_site
from briefgen.incremental import (
    JSON,
    TEXT,
    BuildState,
    Output,
)
from briefgen.incremental.store import LOCK_FILE, STATE_FILE

REPO = Path(__file__).resolve().parents[2]
SETTINGS = REPO / "pelicanconf.py"
WORDS: Output[str] = Output("words", TEXT, depends_on=("code",))
EVERY: Output[list[int]] = Output("every", JSON, keep="all", preload=True)


def one_build(
    work: Path, code: str, *, read: bool = True, get: tuple[str, ...] = (), put: str = ""
) -> tuple[str | None, ...]:
    """A build that reads ``get`` from WORDS, then records ``put`` (itself, under its name)."""
    state = BuildState.open(work, read=read)
    state.declare("code", code)
    words = state.table(WORDS)
    found = tuple(words.get(key) for key in get)
    if put:
        words.put(put, put.upper())
    words.commit()
    state.close()
    return found


def test_entries_live_while_used_and_while_their_inputs_stay(tmp_path: Path) -> None:
    state = BuildState.open(tmp_path)
    every = state.table(EVERY)
    every.put("x", [1, 2])
    every.commit()
    state.close()
    one_build(tmp_path, "v1", put="a")
    one_build(tmp_path, "v1", put="b")  # "a" unused by this build: dropped
    assert one_build(tmp_path, "v1", get=("a", "b")) == (None, "B")
    assert one_build(tmp_path, "v1", get=("b",)) == ("B",)  # used by the last build: kept
    # A declared input changed: nothing is reused (and the old entries go).
    assert one_build(tmp_path, "v2", get=("b",), put="c") == (None,)
    assert one_build(tmp_path, "v1", get=("b", "c")) == (None, None)
    state = BuildState.open(tmp_path)
    assert state.table(EVERY).get("x") == [1, 2]  # keep="all": unused, still there
    state.close()


def test_full_build_reads_nothing_but_records(tmp_path: Path) -> None:
    one_build(tmp_path, "v1", put="a")
    assert one_build(tmp_path, "v1", read=False, get=("a",), put="b") == (None,)
    assert one_build(tmp_path, "v1", get=("a", "b")) == (None, "B")


def test_damaged_state_starts_afresh(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_bytes(b"not a database" * 100)
    assert one_build(tmp_path, "v1", get=("a",), put="a") == (None,)
    assert one_build(tmp_path, "v1", get=("a",)) == ("A",)


def briefgen(root: Path, content: str, output: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "briefgen", "build", "--root", str(root), "--settings",
               str(SETTINGS), "--content", str(root / content), "--output",
               str(root / output), "--quiet"]
    return subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE, text=True)


def exit_status(root: Path, content: str, output: str) -> int:
    process = briefgen(root, content, output)
    process.communicate(timeout=300)
    return process.returncode


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_two_builds_of_one_root_with_other_content_run_one_after_the_other(
    tmp_path: Path,
) -> None:
    """Both start while a third holds the lock; each waits, then builds its own site."""
    root = tmp_path / "site"
    generate_site(root, 6)
    shutil.copytree(root / "content", root / "other")
    for path in (root / "other" / "briefings").glob("*.yaml"):
        path.write_text(path.read_text().replace("Bottom line of", "Other bottom line of"))
    (root / ".briefgen").mkdir()
    with (root / ".briefgen" / LOCK_FILE).open("ab") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        first = briefgen(root, "content", "out-a")
        second = briefgen(root, "other", "out-b")
        for process in (first, second):
            assert process.stderr is not None
            # Blocks until the build says it waits: both are running, neither built.
            assert process.stderr.readline() == (
                "briefgen: waiting for another build of this site root to finish\n"
            )
        assert not (root / ".briefgen" / "rendered").exists()
        fcntl.flock(lock, fcntl.LOCK_UN)
    for process in (first, second):
        _out, err = process.communicate(timeout=300)
        assert (process.returncode, err) == (0, "")
    built_a, built_b = tree(root / "out-a"), tree(root / "out-b")
    assert b"Other bottom line of" in b"".join(built_b.values())
    assert b"Other bottom line of" not in b"".join(built_a.values())
    # Each is what a build of its content alone makes.
    for content, output, built in (("content", "out-a", built_a), ("other", "out-b", built_b)):
        assert exit_status(root, content, f"{output}-alone") == 0
        assert tree(root / f"{output}-alone") == built


def test_compiled_templates_are_reused_from_the_build_state(tmp_path: Path) -> None:
    import jinja2

    from briefgen.incremental import BuildState
    from briefgen.publish.outputs.record import TEMPLATES, TemplateBytecode

    (tmp_path / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")

    class Counting(jinja2.Environment):
        compiled = 0

        def _compile(self, source: str, filename: str) -> object:
            Counting.compiled += 1
            return super()._compile(source, filename)

    def render(title: str) -> str:
        state = BuildState.open(tmp_path / "work")
        state.declare("publish", "stamp")
        table = state.table(TEMPLATES)
        env = Counting(loader=jinja2.FileSystemLoader(str(tmp_path)),
                       bytecode_cache=TemplateBytecode(table))
        text = env.get_template("page.html").render(title=title)
        table.commit()
        state.close()
        return text

    assert render("one") == "<p>one</p>" and Counting.compiled == 1
    assert render("two") == "<p>two</p>" and Counting.compiled == 1  # from the state
    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    assert render("three") == "<h1>three</h1>" and Counting.compiled == 2  # source changed


def _pages(path: Path) -> tuple[int, int]:
    """(free pages, all pages) of a SQLite file."""
    db = sqlite3.connect(path)
    try:
        return (db.execute("PRAGMA freelist_count").fetchone()[0],
                db.execute("PRAGMA page_count").fetchone()[0])
    finally:
        db.close()


def test_the_state_file_gives_back_the_space_of_what_it_forgets(tmp_path: Path) -> None:
    big = "x" * 200_000
    state = BuildState.open(tmp_path)
    state.declare("code", "v1")
    words = state.table(WORDS)
    for key in range(20):
        words.put(str(key), big)
    words.commit()
    state.close()
    assert (tmp_path / STATE_FILE).stat().st_size > 20 * len(big)
    # The next build uses one entry: the 19 others are forgotten, their pages given back.
    assert one_build(tmp_path, "v1", get=("0",)) == (big,)
    assert _pages(tmp_path / STATE_FILE)[0] == 0
    assert (tmp_path / STATE_FILE).stat().st_size < 2 * len(big)


def test_a_state_file_made_without_giving_back_space_is_converted(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / STATE_FILE)
    db.execute("CREATE TABLE filler (value BLOB)")
    db.executemany("INSERT INTO filler VALUES (?)", [(b"x" * 100_000,)] * 50)
    db.commit()
    db.execute("DELETE FROM filler")
    db.commit()
    db.close()
    assert _pages(tmp_path / STATE_FILE)[0] > 1000  # free pages, kept
    one_build(tmp_path, "v1", put="a")
    assert _pages(tmp_path / STATE_FILE)[0] == 0
    assert one_build(tmp_path, "v1", get=("a",)) == ("A",)
