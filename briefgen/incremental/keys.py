"""Digests that key what builds remember: of bytes, of files, of briefgen's code."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

CACHE_VERSION = "2"
PACKAGE = Path(__file__).resolve().parents[1]


def digest(*parts: str | bytes) -> str:
    """A short stable digest of ``parts`` (length-prefixed so they cannot run together)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        # surrogateescape: a path whose name is not UTF-8 still has a digest.
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def files_stamp(roots: Iterable[Path], suffixes: tuple[str, ...] | None = None) -> str:
    """Digest of the names, sizes and modification times of the files under ``roots``."""
    entries: list[str] = []
    for root in roots:
        if root.is_file():
            paths = [root]
        elif root.is_dir():
            paths = sorted(p for p in root.rglob("*") if p.is_file())
        else:
            continue
        for path in paths:
            if suffixes is not None and path.suffix not in suffixes:
                continue
            stat = path.stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return digest(*entries)


def code_stamp() -> str:
    """Changes whenever briefgen's own code or templates change."""
    return digest(CACHE_VERSION, files_stamp([PACKAGE], (".py", ".j2")))


def inputs_stamp(folder: Path, *files: Path) -> str:
    """What Pelican reads, as the file system describes it: each file under
    ``folder`` and each of ``files`` by path, inode, size, modification and
    change time (no file is read: at 5,000 briefings the rendered ones are
    ~130 MB).  Any rewrite changes it; one that keeps the bytes only makes
    Pelican run, and write the same pages."""
    parts: list[str] = []

    def add(path: str, status: os.stat_result) -> None:
        parts.append(f"{path}\0{status.st_ino}\0{status.st_size}\0{status.st_mtime_ns}"
                     f"\0{status.st_ctime_ns}")

    def walk(top: str) -> None:
        try:
            with os.scandir(top) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path)
            elif entry.is_file():
                add(entry.path, entry.stat())

    walk(str(folder))
    for path in files:
        try:
            add(str(path), path.stat())
        except OSError:
            parts.append(f"{path}\0missing")
    return digest(*parts)
