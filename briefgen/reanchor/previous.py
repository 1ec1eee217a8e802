"""The previous text of an article: from the last build's record, else from git.

Read-only: git is asked which files differ from ``HEAD`` (``git diff
--name-only``, once per work tree and process) and for ``HEAD:<path>`` of
those (``git show``).  On a fresh clone nothing differs from ``HEAD``: for a
briefing whose quotes do not all anchor, the article's text is taken from
the history (as it was when the sidecar was last committed, or before the
article's last commit).  No pager, no optional locks; a folder that is not
a git work tree, a file git does not know, or a git that is missing simply
give no text.
"""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path

from briefgen.diagnostics import DiagnosticList
from briefgen.ingest import READERS
from briefgen.ingest.normalize import HiddenCharacters, decode_utf8
from briefgen.reanchor.history import AnchoredText, AnchorHistory

_GIT_TIMEOUT = 20  # seconds
_GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"}


def _git(folder: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "--no-pager", "-C", str(folder), *args],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
            env={**os.environ, **_GIT_ENV},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


@cache
def _work_tree(folder: Path) -> Path | None:
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    return Path(top.decode("utf-8", "replace").strip()).resolve()


@cache
def _changed_since_head(top: Path) -> frozenset[str] | None:
    """Paths (under ``top``) whose text differs from ``HEAD``'s; None if git cannot tell."""
    names = _git(top, "diff", "--name-only", "--no-renames", "-z", "HEAD", "--")
    if names is None:
        return None
    return frozenset(os.fsdecode(name) for name in names.split(b"\0") if name)


def _differs_from_head(path: Path) -> bool:
    """Whether ``path`` may differ from its text in ``HEAD`` (True when git cannot tell)."""
    top = _work_tree(path.parent.resolve())
    if top is None:
        return False
    changed = _changed_since_head(top)
    if changed is None:
        return True
    try:
        return path.resolve().relative_to(top).as_posix() in changed
    except ValueError:
        return False


def _in_git(path: Path) -> tuple[Path, str] | None:
    """The git work tree ``path`` lies in, and its path there; None outside one."""
    top = _work_tree(path.parent.resolve())
    if top is None:
        return None
    try:
        return top, path.resolve().relative_to(top).as_posix()
    except ValueError:
        return None


def committed_text(path: Path, revision: str = "HEAD") -> str | None:
    """The file as committed in ``revision`` of the git work tree it lies in, if any."""
    found = _in_git(path)
    if found is None:
        return None
    top, relative = found
    data = _git(top, "show", f"{revision}:{relative}")
    if data is None:
        return None
    return decode_utf8(data, path, DiagnosticList())


def _last_commit(path: Path) -> str | None:
    """The last commit that changed ``path``, if git knows one."""
    found = _in_git(path)
    if found is None:
        return None
    top, relative = found
    commit = _git(top, "log", "-n", "1", "--format=%H", "HEAD", "--", relative)
    return commit.decode("ascii", "replace").strip() or None if commit else None


def earlier_commits(article: Path, sidecar: Path) -> list[str]:
    """Revisions whose text of ``article`` the sidecar's quotes may have been written
    against, likeliest first: as the sidecar was last committed, else just before
    the article's last change (a correction committed without its sidecar)."""
    revisions = []
    for commit, revision in ((_last_commit(sidecar), ""), (_last_commit(article), "^")):
        if commit is not None:
            revisions.append(commit + revision)
    return revisions


def body_of(path: Path, text: str) -> str | None:
    """The body text of an article file's ``text``, read as the build reads ``path``."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return None
    hidden = HiddenCharacters(path)
    article = reader(path, hidden.clean_source(text), DiagnosticList(), hidden)
    return article.body_text if article is not None else None


def previous_texts(
    history: AnchorHistory,
    key: str,
    article: Path,
    current: str,
    sidecar: Path | None = None,
) -> list[tuple[str, AnchoredText]]:
    """Earlier bodies of ``article`` that differ from ``current``, best first.

    ``(source, text)``, source ``"last build"``, ``"git HEAD"`` or ``"git
    <commit>"``; git is asked only when the last build's text is missing or
    the same as now: for ``HEAD``'s text of an article that git lists as
    changed since ``HEAD``, else, given the ``sidecar`` (for a briefing whose
    quotes do not all anchor as they are), for the text of the commits of
    :func:`earlier_commits`.
    """
    found = []
    recorded = history.load(key)
    if recorded is not None and recorded.body != current:
        found.append(("last build", recorded))
    # One `git show` per article would cost more than deciding: only for those
    # git lists as changed (an unchanged one has no other text to compare with).
    if not found and _differs_from_head(article):
        committed = committed_text(article)
        body = body_of(article, committed) if committed is not None else None
        if body is not None and body != current:
            found.append(("git HEAD", AnchoredText(body, ())))
    if not found and sidecar is not None:
        for revision in earlier_commits(article, sidecar):
            committed = committed_text(article, revision)
            body = body_of(article, committed) if committed is not None else None
            if body is not None and body != current:
                found.append((f"git {revision}", AnchoredText(body, ())))
                break
    return found
