"""The content folder as a trust boundary: :class:`briefgen.boundary.Folder` on real files."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from briefgen.boundary import Folder, RefusedError, bad_name, folder_refusal
from briefgen.diagnostics import DiagnosticList


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """``site/content`` with one article, and a secret outside the site."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("SECRET\n", encoding="utf-8")
    content = tmp_path / "site" / "content"
    (content / "briefings" / "sub").mkdir(parents=True)
    (content / "briefings" / "a.txt").write_text("Headline\n\nText.\n", encoding="utf-8")
    return content


def refusal_of(folder: Folder, path: Path) -> tuple[str, str]:
    with pytest.raises(RefusedError) as raised:
        folder.read(path)
    return raised.value.refusal.code, raised.value.refusal.message


def test_a_regular_file_is_read(tree: Path) -> None:
    data, size = Folder.at(tree).read(tree / "briefings" / "a.txt")
    assert (data, size) == (b"Headline\n\nText.\n", 16)


def test_the_size_cap_reads_nothing_of_a_large_file(tree: Path) -> None:
    data, size = Folder.at(tree).read(tree / "briefings" / "a.txt", max_bytes=4)
    assert (data, size) == (b"", 16)


def test_a_link_inside_the_folder_is_followed(tree: Path) -> None:
    link = tree / "briefings" / "sub" / "b.txt"
    link.symlink_to("../a.txt")
    assert Folder.at(tree).refusal(link) is None
    assert Folder.at(tree).read(link)[0] == b"Headline\n\nText.\n"


def test_a_link_out_of_the_folder_is_refused(tree: Path) -> None:
    link = tree / "briefings" / "leak.txt"
    link.symlink_to(tree.parent.parent / "outside" / "secret.txt")
    code, message = refusal_of(Folder.at(tree), link)
    assert code == "briefgen.link-outside"
    assert message.startswith("expected a file inside the content folder but got a symbolic link")


def test_a_link_to_the_site_root_outside_content_is_refused(tree: Path) -> None:
    # .git/config, the settings and the output are in the site root, not content.
    (tree.parent / "pelicanconf.py").write_text("SECRET = 1\n", encoding="utf-8")
    link = tree / "briefings" / "conf.txt"
    link.symlink_to("../../pelicanconf.py")
    assert refusal_of(Folder.at(tree), link)[0] == "briefgen.link-outside"


def test_dangling_links_and_loops(tree: Path) -> None:
    gone = tree / "briefings" / "gone.txt"
    gone.symlink_to("nowhere.txt")
    loop_a, loop_b = tree / "briefings" / "x.txt", tree / "briefings" / "y.txt"
    loop_a.symlink_to("y.txt")
    loop_b.symlink_to("x.txt")
    folder = Folder.at(tree)
    assert refusal_of(folder, gone) == (
        "briefgen.broken-link",
        "expected a file but got a symbolic link to 'nowhere.txt', which does not exist; "
        "remove the link or put the file here",
    )
    assert refusal_of(folder, loop_a) == (
        "briefgen.broken-link",
        "expected a file but got a symbolic link to 'y.txt' that loops back on itself; "
        "remove the link and put the file here",
    )


def test_pipes_sockets_and_folders_are_not_files(tree: Path) -> None:
    pipe = tree / "briefings" / "p.txt"
    os.mkfifo(pipe)
    sock_path = tree / "briefings" / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    folder_link = tree / "briefings" / "d.txt"
    folder_link.symlink_to("sub")
    folder = Folder.at(tree)
    try:
        assert refusal_of(folder, pipe) == (
            "briefgen.not-a-file",
            "expected a regular file but got a named pipe; replace it with the file itself",
        )
        socket_message = refusal_of(folder, sock_path)[1]
        assert socket_message.startswith("expected a regular file but got a socket")
        assert refusal_of(folder, folder_link) == (
            "briefgen.not-a-file",
            "expected a file or a folder but got a symbolic link to the folder 'sub'; "
            "links to folders are not followed: move the folder here",
        )
    finally:
        server.close()


def test_a_file_swapped_for_a_link_after_the_check_is_not_opened(tree: Path) -> None:
    # What a race could do between the check and the open: _open walks the real
    # path from the folder with O_NOFOLLOW, so the link is never followed.
    folder = Folder.at(tree)
    article = tree / "briefings" / "a.txt"
    article.unlink()
    article.symlink_to(tree.parent.parent / "outside" / "secret.txt")
    with pytest.raises(RefusedError):
        folder._open(article, article)  # the path as checked before the swap
    sub = tree / "briefings" / "sub"
    (sub / "c.txt").write_text("x", encoding="utf-8")
    sub.rename(tree / "briefings" / "sub2")
    sub.symlink_to(tree.parent.parent / "outside")
    with pytest.raises(RefusedError):
        folder._open(sub / "secret.txt", sub / "secret.txt")


def test_a_name_that_is_not_utf8(tree: Path) -> None:
    path = Path(os.fsdecode(bytes(tree / "briefings") + b"/caf\xe9.txt"))
    path.write_bytes(b"Headline\n\nText.\n")
    refusal = bad_name(path)
    assert refusal is not None
    assert refusal.message == (
        "expected a file name in UTF-8 but got byte 0xe9 in 'caf\\xe9.txt'; rename the file"
    )
    assert refusal_of(Folder.at(tree), path)[0] == "briefgen.bad-file-name"


def test_listing_reports_each_refused_entry_once(tree: Path) -> None:
    briefings = tree / "briefings"
    os.mkfifo(briefings / "pipe.txt")
    (briefings / "leak.yaml").symlink_to(tree.parent.parent / "outside" / "secret.txt")
    (briefings / "away").symlink_to(tree.parent.parent / "outside")
    (briefings / ".#a.txt").symlink_to("editor@host.123")  # an editor's lock file: skipped
    (briefings / "notes.log").symlink_to("nowhere")  # not a file the build reads
    bad_folder = Path(os.fsdecode(bytes(briefings) + b"/d\xe9j\xe0"))
    bad_folder.mkdir()
    (bad_folder / "x.txt").write_text("x", encoding="utf-8")
    diagnostics = DiagnosticList()
    listing = Folder.at(tree).listing(briefings, (".txt", ".yaml"), diagnostics)
    assert listing.files == [briefings / "a.txt"]
    assert [p.name for p in listing.refused] == ["away", bad_folder.name, "leak.yaml", "pipe.txt"]
    assert [d.code for d in diagnostics.sorted()] == [
        "briefgen.link-outside",
        "briefgen.bad-file-name",
        "briefgen.link-outside",
        "briefgen.not-a-file",
    ]


def test_a_content_folder_that_is_a_link_out_of_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "content").symlink_to("/")
    (site / "inner").mkdir()
    (site / "moved").symlink_to("inner")
    refusal = folder_refusal(site, site / "content", "content folder")
    assert refusal is not None and refusal.code == "briefgen.link-outside"
    assert folder_refusal(site, site / "moved", "content folder") is None
    # A folder the settings place outside the site is their choice.
    assert folder_refusal(site, tmp_path / "elsewhere", "theme folder") is None
