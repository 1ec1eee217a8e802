"""Reading from a folder the build does not trust: the content folder and the theme.

Whoever can open a pull request controls every file under ``content/``, so a
name there may be a symbolic link to a secret of the machine that builds the
site, a named pipe that blocks the build, or bytes that are not a name at
all.  Everything the build reads from such a folder goes through a
:class:`Folder`, which holds this line:

* Only regular files are read.  A named pipe, a socket or a device is
  refused (``briefgen.not-a-file``), never opened.
* A symbolic link is followed only when it leads to a regular file inside
  the same folder (the content folder for content, the theme folder for a
  theme).  A link that leaves it is refused (``briefgen.link-outside``), and
  so are links to folders, which are never followed; a link that leads
  nowhere or loops is ``briefgen.broken-link``.  The content folder's other
  neighbours in the site root (``.git/``, the settings, the output) are not
  content, so a link to them is refused too.
* A file or folder name that is not UTF-8 is refused
  (``briefgen.bad-file-name``, the bad bytes shown as ``\\xe9``); nothing in
  such a folder is read.
* Names starting with a dot are skipped: editors' lock and swap files
  (``.#x.yaml`` is a dangling link while Emacs edits ``x.yaml``), ``.git``.

A file is opened one path component at a time from the folder itself, each
with ``O_NOFOLLOW``, and checked with ``fstat`` once open: a file swapped for
a link, a pipe or a folder between listing and reading is refused, never
read, and no file outside the folder is ever opened because content pointed
at it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.diagnostics import DiagnosticList, Location, excerpt, printable_path

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: opening a named pipe that slipped in must not wait for a writer.
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class Refusal:
    """Why a path is not read: a diagnostic code and a message naming what it is."""

    path: Path
    code: str
    message: str

    def report(self, diagnostics: DiagnosticList) -> None:
        diagnostics.error(self.code, self.message, Location(self.path, 1, 1))


class RefusedError(Exception):
    """Raised by :meth:`Folder.read` for a path it will not read."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


@dataclass(frozen=True)
class Listing:
    """The files of a folder tree that may be read, and those refused (already reported)."""

    files: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)


def bad_name(path: Path, *, folder: bool = False) -> Refusal | None:
    """A refusal if the last part of ``path`` is not valid UTF-8.

    Python keeps such bytes as lone surrogates (``\\udce9`` for 0xe9), which
    cannot be written to a terminal, a JSON line or a database key.
    """
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError as error:
        byte = ord(path.name[error.start]) - 0xDC00
        what = "folder" if folder else "file"
        rest = " (nothing in it was read)" if folder else ""
        return Refusal(
            path,
            "briefgen.bad-file-name",
            f"expected a {what} name in UTF-8 but got byte 0x{byte:02x} in "
            f"'{printable_path(Path(path.name))}'; rename the {what}{rest}",
        )
    return None


@dataclass(frozen=True)
class Folder:
    """A folder whose files are read without trusting them; see the module docstring.

    ``given`` is the folder as the settings name it (paths in messages are
    under it), ``real`` the folder it is, every link resolved; ``noun`` names
    it in messages ("content folder", "theme folder").
    """

    given: Path
    real: Path
    noun: str = "content folder"

    @classmethod
    def at(cls, path: Path, noun: str = "content folder") -> Folder:
        given = Path(os.path.abspath(path))
        return cls(given, Path(os.path.realpath(given)), noun)

    # --- what a path is ----------------------------------------------------------

    def refusal(self, path: Path) -> Refusal | None:
        """None if ``path`` (under :attr:`given`) may be read as a file, else why not."""
        try:
            info = os.lstat(path)
        except OSError:
            return None  # not there, say: opening it says so, in the reader's words
        if stat.S_ISLNK(info.st_mode):
            return self._link_refusal(path)
        if stat.S_ISREG(info.st_mode):
            return None
        return _not_a_file(path, info.st_mode)

    def _link_refusal(self, path: Path) -> Refusal | None:
        shown = _link_text(path)
        try:
            target = Path(os.path.realpath(path, strict=True))
        except OSError as error:
            if error.errno == errno.ELOOP:
                return Refusal(
                    path,
                    "briefgen.broken-link",
                    f"expected a file but got a symbolic link to '{shown}' that loops back "
                    "on itself; remove the link and put the file here",
                )
            return Refusal(
                path,
                "briefgen.broken-link",
                f"expected a file but got a symbolic link to '{shown}', which does not "
                "exist; remove the link or put the file here",
            )
        if not target.is_relative_to(self.real):
            what = "folder" if target.is_dir() else "file"
            return Refusal(
                path,
                "briefgen.link-outside",
                f"expected a {what} inside the {self.noun} but got a symbolic link to "
                f"'{shown}', outside it; briefgen reads nothing outside the {self.noun}: "
                f"copy the {what} here instead of linking to it",
            )
        mode = os.stat(target).st_mode
        if stat.S_ISREG(mode):
            return None
        if stat.S_ISDIR(mode):
            return Refusal(
                path,
                "briefgen.not-a-file",
                f"expected a file or a folder but got a symbolic link to the folder '{shown}'; "
                "links to folders are not followed: move the folder here",
            )
        return _not_a_file(path, mode, link=shown)

    # --- listing --------------------------------------------------------------------

    def listing(
        self, folder: Path, suffixes: tuple[str, ...] | None, diagnostics: DiagnosticList
    ) -> Listing:
        """Files under ``folder`` (in :attr:`given`) ending in one of ``suffixes``.

        Every entry with such a suffix that cannot be read, and every folder
        or link to a folder that cannot be entered, is reported (one error
        each) and listed in :attr:`Listing.refused`; the rest is ignored.
        ``suffixes`` None: every file, hidden ones too (a theme's files are
        all copied or read, whatever their names).
        """
        listing = Listing()
        for path, is_dir in self._entries(folder, hidden=suffixes is None):
            refused = None
            if is_dir:
                refused = bad_name(path, folder=True)
            elif suffixes is None or path.suffix.lower() in suffixes or _is_link_to_folder(path):
                refused = bad_name(path) or self.refusal(path)
                if refused is None:
                    listing.files.append(path)
            if refused is not None:
                refused.report(diagnostics)
                listing.refused.append(path)
        listing.files.sort()
        listing.refused.sort()
        return listing

    def _entries(self, folder: Path, hidden: bool) -> Iterator[tuple[Path, bool]]:
        """``(path, is a real folder)`` for everything under ``folder``.

        Folders whose names are not UTF-8 are not entered.
        """
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") and not hidden:
                continue
            path = Path(entry.path)
            is_dir = entry.is_dir(follow_symlinks=False)
            yield path, is_dir
            if is_dir and bad_name(path, folder=True) is None:
                yield from self._entries(path, hidden)

    # --- reading ----------------------------------------------------------------------

    def read(self, path: Path, max_bytes: int | None = None) -> tuple[bytes, int]:
        """``(data, size)`` of the file at ``path``: at most ``max_bytes + 1`` bytes are read.

        ``size`` is the file's size (or what was read, if it grew); nothing is
        read when it is over ``max_bytes``.  Raises :class:`RefusedError` for
        a path that is not a regular file inside the folder (see the module
        docstring), :class:`OSError` when it cannot be read.
        """
        refused = bad_name(path) or self.refusal(path)
        if refused is not None:
            raise RefusedError(refused)
        descriptor = self._open(path, self._real_path(path))
        with os.fdopen(descriptor, "rb") as handle:
            size = os.fstat(descriptor).st_size
            if max_bytes is not None and size > max_bytes:
                return b"", size
            chunks = []
            wanted = None if max_bytes is None else max_bytes + 1
            while wanted is None or wanted > 0:
                chunk = handle.read(_READ_CHUNK if wanted is None else min(_READ_CHUNK, wanted))
                if not chunk:
                    break
                chunks.append(chunk)
                if wanted is not None:
                    wanted -= len(chunk)
        data = b"".join(chunks)
        return data, max(size, len(data))

    def _real_path(self, path: Path) -> Path:
        """Where ``path`` really is; a link is resolved, a plain file is not (no link to resolve).

        If a folder on the way became a link meanwhile, :meth:`_open` refuses it.
        """
        if path.is_relative_to(self.given) and not os.path.islink(path):
            return self.real / path.relative_to(self.given)
        return Path(os.path.realpath(path))

    def _open(self, path: Path, real: Path) -> int:
        """A descriptor of ``real``, opened from :attr:`real` without following any link."""
        if not real.is_relative_to(self.real) or real == self.real:
            raise RefusedError(_changed(path, self.noun))
        *folders, name = real.relative_to(self.real).parts
        current = os.open(self.real, _DIRECTORY)
        try:
            for part in folders:
                parent, current = current, os.open(part, _DIRECTORY, dir_fd=current)
                os.close(parent)
            descriptor = os.open(name, _FILE, dir_fd=current)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.ENOTDIR):
                raise RefusedError(_changed(path, self.noun)) from None
            raise
        finally:
            os.close(current)
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            os.close(descriptor)
            raise RefusedError(_not_a_file(path, mode))
        return descriptor


def check_folder(site_root: Path, folder: Path, noun: str, diagnostics: DiagnosticList) -> None:
    """Report everything in ``folder`` that the build would refuse to read (a theme, say).

    Pelican copies a theme's static files and reads its templates itself, so
    the theme is checked as a whole before Pelican runs.
    """
    refused = folder_refusal(site_root, folder, noun)
    if refused is not None:
        refused.report(diagnostics)
        return
    Folder.at(folder, noun).listing(folder, None, diagnostics)


def folder_refusal(site_root: Path, folder: Path, noun: str) -> Refusal | None:
    """A refusal if ``folder``, named inside ``site_root``, really lies outside it.

    The content folder and the theme are parts of the site, so a pull request
    may replace ``content`` itself by a link to ``/``.  A folder the settings
    place outside the site root is the settings' choice, and trusted.
    """
    given = Path(os.path.abspath(folder))
    root = Path(os.path.realpath(site_root))
    if not given.is_relative_to(Path(os.path.abspath(site_root))) and not given.is_relative_to(
        root
    ):
        return None
    real = Path(os.path.realpath(given))
    if real.is_relative_to(root):
        return None
    return Refusal(
        given,
        "briefgen.link-outside",
        f"expected the {noun} inside the site root but it is a symbolic link to a folder "
        f"outside it ('{excerpt(str(real))}'); briefgen reads nothing outside the site root",
    )


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def _not_a_file(path: Path, mode: int, link: str | None = None) -> Refusal:
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    got = f"a symbolic link to {kind} ('{link}')" if link is not None else kind
    fix = "rename the folder" if stat.S_ISDIR(mode) else "replace it with the file itself"
    return Refusal(path, "briefgen.not-a-file", f"expected a regular file but got {got}; {fix}")


def _changed(path: Path, noun: str) -> Refusal:
    return Refusal(
        path,
        "briefgen.link-outside",
        f"the file changed into a link while it was being read; briefgen reads nothing "
        f"outside the {noun}: build again from files that do not change",
    )


def _link_text(path: Path) -> str:
    try:
        return excerpt(printable_path(Path(os.readlink(path))))
    except OSError:
        return "?"


def _is_link_to_folder(path: Path) -> bool:
    return path.is_symlink() and os.path.isdir(path)
