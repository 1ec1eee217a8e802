"""Put a finished staging folder in the place of the output, and remove retired outputs.

Two renames swap the folders, so a reader of the output sees the old site or
the new one, never half of each.  The replaced output is removed off the
build's path: by the next build while Pelican works, or in the background
while this build records what it did.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

RETIRED = "retired"  # in the work folder: outputs the next build removes


def swap_in(staging: Path, output: Path, retire_into: Path | None = None) -> None:
    """Put ``staging`` in the place of ``output`` with two renames.

    The retired output is moved into ``retire_into`` (a third rename), where
    the next build removes it while Pelican works (:func:`remove_retired`):
    removing ~17,000 files and 6,000 folders at 5,000 briefings waits on the
    disk for a second or more.  Without ``retire_into``, or when it is on
    another file system, it is removed while this build records what it did
    (see :func:`finish_removals`).
    """
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    had_output = output.exists()
    if had_output:
        output.rename(retired)
    staging.rename(output)
    if not had_output:
        return
    if retire_into is not None:
        try:
            retire_into.mkdir(parents=True, exist_ok=True)
            retired.rename(retire_into / f"{output.name}-{os.getpid()}-{time.time_ns()}")
            return
        except OSError:
            pass
    _REMOVALS.append(_remove(retired))


def remove_retired(folder: Path) -> None:
    """Start removing the outputs earlier builds retired into ``folder``."""
    try:
        retired = list(folder.iterdir())
    except OSError:
        return
    _REMOVALS.extend(_remove(path) for path in retired)


def _remove(folder: Path) -> Callable[[], object]:
    """Start deleting ``folder``; return what waits until it is gone.

    By ``rm -rf`` where there is one: a process of its own, on the other
    core, that holds no interpreter lock while the build goes on (a retired
    output at 5,000 briefings is ~17,000 files and 6,000 folders); else by a
    thread (file removal waits on the disk more than on the interpreter).
    """
    rm = shutil.which("rm") if os.name == "posix" else None
    if rm is not None:
        try:
            process = subprocess.Popen([rm, "-rf", "--", str(folder)], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            pass
        else:
            def wait() -> None:
                process.wait()
                shutil.rmtree(folder, ignore_errors=True)  # whatever rm could not remove

            return wait
    remover = threading.Thread(target=shutil.rmtree, args=(folder, True), daemon=True)
    remover.start()
    return remover.join


_REMOVALS: list[Callable[[], object]] = []


def finish_removals() -> None:
    """Wait for the retired outputs to be deleted (a build leaves none behind)."""
    while _REMOVALS:
        _REMOVALS.pop()()
