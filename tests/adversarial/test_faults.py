"""Faults during a build, through the real CLI in a subprocess.

A template error, a crashing plugin, a full disk and an interrupt must all
leave the published ``output/`` byte for byte as it was, leave no staging
folder behind, exit non-zero, and say what happened in one line, without a
traceback.  A dangerous output folder is refused before anything is touched.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.adversarial.harness import settings_file
from tests.conftest import BASE_FILES, REPO, write_files

BRIEFGEN = Path(sys.executable).parent / "briefgen"
SITE: dict[str, str | bytes] = {
    **BASE_FILES,
    "content/briefings/story.txt": "Head\n\nThe YPG said the talks failed.\n",
    "content/briefings/story.yaml": "date: 2025-02-06\noutlet: wire\nsummary: Bottom line.\n",
}
TIMEOUT = 60


def briefgen(root: Path, *args: str, settings: Path | None = None, **popen: object) -> (
    subprocess.CompletedProcess[str]
):
    command = [str(BRIEFGEN), "build", "--root", str(root), "--output", str(root / "output"),
               "--settings", str(settings or settings_file(root, {})), *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, cwd=root, **popen  # type: ignore[call-overload]
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if "staging" in p.name or ".old" in p.name)


@pytest.fixture
def published(tmp_path: Path) -> dict[str, bytes]:
    """A site built once, successfully; returns the snapshot of its output."""
    write_files(tmp_path, SITE)
    first = briefgen(tmp_path)
    assert first.returncode == 0, first.stderr
    return snapshot(tmp_path / "output")


def assert_failed_cleanly(root: Path, before: dict[str, bytes], run_stderr: str, status: int,
                          says: str) -> None:
    assert status != 0
    assert "Traceback" not in run_stderr, run_stderr
    last = run_stderr.strip().splitlines()[-1]
    assert last.startswith("briefgen: ") and says in last, run_stderr
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


def test_template_error(tmp_path: Path, published: dict[str, bytes]) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "themes" / "briefing", theme)
    (theme / "templates" / "article.html").write_text("{% if %}broken", encoding="utf-8")
    settings = settings_file(tmp_path, {}, f"THEME = {str(theme)!r}\n")
    run = briefgen(tmp_path, settings=settings)
    assert_failed_cleanly(tmp_path, published, run.stderr, run.returncode, "failed")


def test_plugin_crash(tmp_path: Path, published: dict[str, bytes]) -> None:
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "crash.py").write_text(
        textwrap.dedent(
            """\
            from pelican import signals

            def crash(generators):
                raise RuntimeError("the plugin crashed")

            def register():
                signals.all_generators_finalized.connect(crash)
            """
        ),
        encoding="utf-8",
    )
    extra = f"PLUGIN_PATHS = [{str(tmp_path / 'plugins')!r}]\nPLUGINS = PLUGINS + ['crash']\n"
    run = briefgen(tmp_path, settings=settings_file(tmp_path, {}, extra))
    assert_failed_cleanly(tmp_path, published, run.stderr, run.returncode, "the plugin crashed")


def _files_at_most(size: int) -> Callable[[], None]:
    """In the child: writing more than ``size`` bytes to a file fails like a full disk."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_disk_full_while_writing_pages(tmp_path: Path, published: dict[str, bytes]) -> None:
    run = briefgen(tmp_path, preexec_fn=_files_at_most(1000))
    assert_failed_cleanly(tmp_path, published, run.stderr, run.returncode, "cannot write")


def test_disk_full_while_copying_theme_files(
    tmp_path: Path, published: dict[str, bytes]
) -> None:
    run = briefgen(tmp_path, preexec_fn=_files_at_most(4096))
    assert_failed_cleanly(tmp_path, published, run.stderr, run.returncode, "cannot write")


def _slow_plugin(root: Path) -> Path:
    (root / "plugins").mkdir(exist_ok=True)
    (root / "plugins" / "slow.py").write_text(
        textwrap.dedent(
            """\
            import time
            from pelican import signals

            def slow(generators):
                print("in the slow plugin", flush=True)  # what the test waits for
                time.sleep(30)

            def register():
                signals.all_generators_finalized.connect(slow)
            """
        ),
        encoding="utf-8",
    )
    extra = f"PLUGIN_PATHS = [{str(root / 'plugins')!r}]\nPLUGINS = PLUGINS + ['slow']\n"
    return settings_file(root, {}, extra)


_WITH_DEFAULT_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupt_while_publishing(
    tmp_path: Path, published: dict[str, bytes], signum: int
) -> None:
    settings = _slow_plugin(tmp_path)
    command = [str(BRIEFGEN), "build", "--root", str(tmp_path), "--output",
               str(tmp_path / "output"), "--settings", str(settings)]
    # The build as a terminal starts it, Ctrl-C at its default: a shell without
    # job control starts background commands (this test run, say) with it ignored.
    process = subprocess.Popen(
        [sys.executable, "-c", _WITH_DEFAULT_SIGINT, *command],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        # Blocks until the build is inside Pelican, in the plugin ("" if it ended first).
        assert process.stdout.readline() == "in the slow plugin\n", process.communicate()
        assert [p for p in tmp_path.iterdir() if "staging" in p.name]
        process.send_signal(signum)
        _out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
    assert_failed_cleanly(tmp_path, published, err, process.returncode, "interrupted")


@pytest.mark.parametrize("where", ["root", "home", "site-root", "content-parent", "content"])
def test_dangerous_output_refused(tmp_path: Path, where: str) -> None:
    home = tmp_path / "home"
    site = home / "site"
    write_files(site, SITE)
    (home / "keep.txt").parent.mkdir(parents=True, exist_ok=True)
    (home / "keep.txt").write_text("precious", encoding="utf-8")
    output = {
        "root": Path("/"),
        "home": home,
        "site-root": site,
        "content-parent": site / "content" / "..",
        "content": site / "content",
    }[where]
    before = snapshot(home)
    command = [str(BRIEFGEN), "build", "--root", str(site), "--output", str(output),
               "--settings", str(settings_file(tmp_path, {}))]
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, cwd=site,
        env={**os.environ, "HOME": str(home)},
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"refusing to replace output folder {output.resolve()}" in run.stderr, run.stderr
    assert "[briefgen.bad-output]" in run.stderr
    assert snapshot(home) == before
