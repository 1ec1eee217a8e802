"""A build never opens what content points at outside the site, nor the network: audited.

``sys.addaudithook`` sees every ``open`` (Python's and ``os.open``) and every
folder listing of the process, Pelican's included.  A site full of symbolic
links is built in-process: links out of each content folder and the theme
(the build fails, and nothing outside was opened or listed), then links that
stay inside (the build publishes, every file it opened under the test's
folder lies inside the site, and it made no network connection).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from tests.adversarial.harness import settings_file
from tests.conftest import BASE_FILES, REPO, run_briefgen, write_files

# Names found nowhere else, so an open relative to a folder descriptor is recognised too.
SECRET_NAMES = ("secret-7c1e.txt", "secret-7c1e.yaml", "inner-7c1e.txt")
_RECORD: list[tuple[str, str]] | None = None  # (event, path) while a build is audited


NETWORK_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo", "urllib.Request"})


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _RECORD is None:
        return
    if event in NETWORK_EVENTS:
        _RECORD.append((event, repr(args)))
        return
    if event not in ("open", "os.listdir", "os.scandir"):
        return
    path = args[0] if args else None
    if isinstance(path, str | bytes | os.PathLike):
        _RECORD.append((event, os.fsdecode(path)))


sys.addaudithook(_audit)  # hooks cannot be removed: it records only inside audited()


def audited(root: Path, *args: str) -> tuple[int, list[tuple[str, str]]]:
    """Build in-process; the status and every (event, absolute path) it caused."""
    global _RECORD
    _RECORD = []
    try:
        run = run_briefgen(root, "build", *args)
    finally:
        recorded, _RECORD = _RECORD, None
    cwd = os.getcwd()
    return run.status, [
        (event, path if event in NETWORK_EVENTS else os.path.join(cwd, path))
        for event, path in recorded
    ]


def outside_files(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / SECRET_NAMES[0]).write_text("SECRET\n\nSECRET.\n", encoding="utf-8")
    (outside / SECRET_NAMES[1]).write_text("x:\n  name: SECRET\n", encoding="utf-8")
    (outside / "inner" / SECRET_NAMES[2]).write_text("SECRET\n\nSECRET.\n", encoding="utf-8")
    return outside


def good_site(root: Path, theme: bool) -> list[str]:
    write_files(
        root,
        {
            **BASE_FILES,
            "content/briefings/story.txt": "Talks\n\nAnkara said the talks went well.\n",
            "content/briefings/story.yaml": "date: 2025-02-06\noutlet: wire\nsummary: S.\n",
        },
    )
    if not theme:
        return []
    shutil.copytree(REPO / "themes" / "briefing", root / "theme")
    return ["--settings", str(settings_file(root, {}, f"THEME = {str(root / 'theme')!r}\n"))]


def link(path: Path, target: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def test_links_out_are_never_opened(tmp_path: Path) -> None:
    outside = outside_files(tmp_path)
    root = tmp_path / "site"
    args = good_site(root, theme=True)
    content = root / "content"
    secret_txt, secret_yaml = outside / SECRET_NAMES[0], outside / SECRET_NAMES[1]
    link(content / "briefings" / "a.txt", secret_txt)  # absolute
    write_files(root, {"content/briefings/a.yaml": "date: 2025-02-06\noutlet: wire\nsummary: S.\n"})
    link(content / "briefings" / "b.yaml", f"../../../outside/{SECRET_NAMES[1]}")  # relative
    write_files(root, {"content/briefings/b.txt": "Headline\n\nText.\n"})
    link(content / "briefings" / "chain.txt", "a.txt")  # a link to a link out
    link(content / "briefings" / "deep", outside / "inner")  # a folder out
    link(content / "briefings" / "up", "../..")  # a folder in, not followed
    link(content / "glossary" / "g.yaml", secret_yaml)
    link(content / "sources" / "s.yaml", secret_yaml)
    link(root / "theme" / "static" / "css" / "t.css", secret_txt)
    link(root / "theme" / "templates" / "t.html", f"../../../outside/{SECRET_NAMES[0]}")

    status, recorded = audited(root, *args)

    assert status == 1
    assert not (root / "output").exists()
    reached = [
        (event, path)
        for event, path in recorded
        if Path(path).is_relative_to(outside) or Path(path).name in SECRET_NAMES
    ]
    assert reached == []
    # The hook did see the build: the site's own files were opened.
    assert ("open", str(content / "briefings" / "story.yaml")) in recorded or any(
        path.endswith("story.yaml") for _, path in recorded
    )


def test_links_that_stay_inside_are_read_and_nothing_outside_is(tmp_path: Path) -> None:
    outside = outside_files(tmp_path)
    root = tmp_path / "site"
    args = good_site(root, theme=True)
    content = root / "content"
    write_files(root, {"content/shared/article.txt": "Shared talks\n\nDamascus said so.\n"})
    link(content / "briefings" / "again.txt", "../shared/article.txt")
    sidecar = "date: 2025-02-07\noutlet: wire\nsummary: S.\n"
    write_files(root, {"content/briefings/again.yaml": sidecar})
    write_files(root, {"content/shared/terms.yaml": "pkk:\n  term: PKK\n  definition: A party.\n"})
    link(content / "glossary" / "more.yaml", "../shared/terms.yaml")
    link(root / "theme" / "static" / "css" / "copy.css", "site.css")

    status, recorded = audited(root, *args)

    assert status == 0
    assert (root / "output" / "briefings" / "again" / "index.html").is_file()
    # Published minified under a hashed name, like the theme's own CSS.
    (copied,) = (root / "output" / "theme" / "css").glob("copy.*.css")
    (site_css,) = (root / "output" / "theme" / "css").glob("site.*.css")
    assert copied.name.split(".")[1] == site_css.name.split(".")[1]
    assert copied.read_bytes() == site_css.read_bytes()
    under_test = [path for _, path in recorded if Path(path).is_relative_to(tmp_path)]
    assert under_test, "the hook saw no open of the site"
    assert [path for path in under_test if not Path(path).is_relative_to(root)] == []
    assert not any(Path(path).is_relative_to(outside) for _, path in recorded)
    # No network during a build.
    assert [(event, args) for event, args in recorded if event in NETWORK_EVENTS] == []
