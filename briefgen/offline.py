"""An offline copy of a built site: every link names the page's ``index.html``.

The published site keeps clean addresses (``briefings/<slug>/``): a web
server answers a folder with its ``index.html``.  Opened from disk
(``file://``) a browser shows the folder instead, so ``briefgen build
--offline DIR`` also writes a copy of the output in which each relative link
to a folder (``../../glossary/ypg/``, ``../../``, ``./#bg-claims``) names
the page itself (``../../glossary/ypg/index.html``).  Links to files,
fragments on the same page and links to other sites are left as they are.

The search form's ``action`` is rewritten the same way.

Search cannot work from disk: a browser runs no module script and fetches
no index over ``file://``.  So the copy holds no search index
(:data:`NOT_COPIED`), and each page's ``<html>`` is marked
``data-offline``: the theme then shows, instead of the search box and on the
search page, that search needs the hosted site.

The copy is made from the finished output, so it is exactly the published
site but for those links and marks; it is replaced as a whole, and only a
folder that is an earlier offline copy (it holds :data:`MARKER`) or empty is
replaced.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

MARKER = ".briefgen-offline"
# Folders of the site left out of the copy: the search index (see above).
NOT_COPIED = ("pagefind",)
# href="..." (and a form's action) as our templates and markdown-it write
# it: double quotes, and any quote inside the value escaped as &quot;.
_HREF = re.compile(r'(\s(?:href|action)=")([^"]*)(")')
_HTML_START = re.compile(r"<html\b")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class OfflineError(Exception):
    """The offline copy cannot be written; the message says why."""


def offline_href(href: str) -> str:
    """``href`` with ``index.html`` named when it is a relative link to a folder."""
    if not href or href.startswith(("#", "/", "?")) or _SCHEME.match(href):
        return href
    cut = min((i for i in (href.find("#"), href.find("?")) if i >= 0), default=len(href))
    path, rest = href[:cut], href[cut:]
    if path in (".", ".."):
        path += "/"
    if not path.endswith("/"):
        return href
    return f"{path}index.html{rest}"


def offline_html(html: str) -> str:
    """A page's HTML with its folder links naming ``index.html``, marked as read from disk."""
    html = _HTML_START.sub("<html data-offline", html, count=1)
    return _HREF.sub(lambda m: m.group(1) + offline_href(m.group(2)) + m.group(3), html)


def _left_out(output: Path) -> Callable[[str, list[str]], list[str]]:
    """copytree's ``ignore``: the folders of :data:`NOT_COPIED` at the top of ``output``."""

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n in NOT_COPIED] if Path(folder) == output else []

    return ignore


def write_offline_copy(output: Path, target: Path) -> int:
    """Copy the built site ``output`` to ``target`` for reading from disk.

    Returns the number of pages whose links changed.
    """
    output, target = output.resolve(), target.resolve()
    if target == output or target.is_relative_to(output) or output.is_relative_to(target):
        raise OfflineError(f"the offline copy {target} cannot be or hold the output {output}")
    if target.exists() and not (
        (target / MARKER).is_file() or (target.is_dir() and not any(target.iterdir()))
    ):
        raise OfflineError(
            f"refusing to replace {target}: it is not an earlier offline copy (no {MARKER})"
        )
    staging = target.with_name(f".{target.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    changed = 0
    try:
        shutil.copytree(output, staging, ignore=_left_out(output))
        for page in sorted(staging.rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            rewritten = offline_html(html)
            if rewritten != html:
                page.write_text(rewritten, encoding="utf-8")
                changed += 1
        (staging / MARKER).write_text(
            "An offline copy written by `briefgen build --offline`; replaced by the next one.\n",
            encoding="utf-8",
        )
        retired = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OfflineError(f"cannot write the offline copy: {error}") from error
    return changed
