"""Size limits, pathological input and the block builder's offset mapping.

These inputs are generated (megabytes are no fixture material).  The
pathological ones assert that ingest returns with the right result, not how
fast; each takes well under a second on an idle machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.diagnostics import DiagnosticList
from briefgen.ingest import read_article
from briefgen.ingest.builder import BlockBuilder
from briefgen.ingest.markdown import INLINE_MARKUP_BUDGET, LINE_BUDGET
from briefgen.ingest.normalize import fold_whitespace

FOUR_MB = 4_000_000


def ingest(path: Path, **options: int) -> tuple[object, list[str]]:
    diagnostics = DiagnosticList()
    article = read_article(path, diagnostics, **options)
    return article, [d.format(root=path.parent) for d in diagnostics]


def test_fifty_megabytes_are_refused_from_the_size_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(50 * 1024 * 1024)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    article, diagnostics = ingest(path)
    assert article is None
    assert diagnostics == [
        "huge.txt:1:1: error: file is too large: expected at most 5000000 bytes "
        "but got 52428800 bytes [briefgen.too-large]"
    ]


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "exact.txt"
    path.write_bytes(b"Headline\n\n" + b"x" * 90)
    article, diagnostics = ingest(path, max_bytes=100)
    assert diagnostics == []
    assert article is not None


def test_an_unreadable_path_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "folder.md"
    path.mkdir()
    article, diagnostics = ingest(path)
    assert article is None
    assert diagnostics == [
        "folder.md:1:1: error: expected a regular file but got a folder; rename the folder "
        "[briefgen.not-a-file]"
    ]


def write_repeated(path: Path, unit: str) -> Path:
    path.write_text(unit * (FOUR_MB // len(unit)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("unit", "first_block"),
    [
        ("*" * 60000 + "a" + "*" * 60000 + "\n\n", "*" * 60000 + "a" + "*" * 60000),
        ("[" * 20000 + "\n\n", "[" * 20000),
        ("_a" * 20000 + "\n\n", "_a" * 20000),
        ("![" * 20000 + "\n\n", "![" * 20000),
    ],
    ids=["stars", "brackets", "underscores", "images"],
)
def test_markup_soup_is_kept_as_written_past_the_budget(
    tmp_path: Path, unit: str, first_block: str
) -> None:
    path = write_repeated(tmp_path / "soup.md", unit)
    article, diagnostics = ingest(path)
    assert article is not None
    blocks = article.blocks  # type: ignore[attr-defined]
    assert len(blocks) == FOUR_MB // len(unit)
    assert all(block.text == blocks[-1].text for block in blocks[1:])
    assert blocks[-1].text == first_block  # past the budget: literal
    assert len(diagnostics) == 1
    assert diagnostics[0].startswith("soup.md:")
    assert diagnostics[0].endswith(
        f"expected at most {INLINE_MARKUP_BUDGET} markup characters (* _ [ ] ! ` < & \\) "
        "per file but got more [briefgen.markdown-too-complex]"
    )


def test_nested_quote_markers_return(tmp_path: Path) -> None:
    path = write_repeated(tmp_path / "quotes.md", "> " * 50000 + "\n\n")
    article, diagnostics = ingest(path)
    assert article is not None
    assert diagnostics == []


def test_the_inline_budget_warning_names_the_first_block(tmp_path: Path) -> None:
    path = tmp_path / "budget.md"
    under = "*a* " * (INLINE_MARKUP_BUDGET // 2 // 2)  # half the budget
    path.write_text(f"# Title\n\n{under}\n\n{under}\n\n{under}\n\n*b*\n", encoding="utf-8")
    article, diagnostics = ingest(path)
    assert diagnostics == [
        "budget.md:7:1: warning: inline Markdown left as written in 2 blocks: expected at most "
        f"{INLINE_MARKUP_BUDGET} markup characters (* _ [ ] ! ` < & \\) per file but got more "
        "[briefgen.markdown-too-complex]"
    ]
    blocks = article.blocks  # type: ignore[attr-defined]
    assert [len(block.marks) for block in blocks] == [INLINE_MARKUP_BUDGET // 4] * 2 + [0, 0]
    assert blocks[2].text.startswith("*a* *a*")
    assert blocks[3].text == "*b*"


def test_lines_past_the_line_budget_are_plain_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "lines.md"
    count = LINE_BUDGET - 10
    items = "".join(f"- item {n}\n" for n in range(count))
    # A paragraph that crosses the budget: the cut goes back to the blank line before it.
    crossing = "*x* line\n" * 30
    path.write_text(f"# Title\n\n{items}\n{crossing}\nlast\n", encoding="utf-8")
    article, diagnostics = ingest(path)
    blank_line = count + 3
    assert diagnostics == [
        f"lines.md:{blank_line}:1: warning: Markdown from line {blank_line} on left as written: "
        f"expected at most {LINE_BUDGET} lines but got {count + 35} "
        "[briefgen.markdown-too-complex]"
    ]
    blocks = article.blocks  # type: ignore[attr-defined]
    assert article.headline == "Title"  # type: ignore[attr-defined]
    assert len(blocks) == count + 2
    assert (blocks[-3].kind, blocks[-3].text) == ("list_item", f"item {count - 1}")
    assert (blocks[-2].kind, blocks[-2].text, blocks[-2].marks) == (
        "paragraph",
        " ".join(["*x* line"] * 30),
        (),
    )
    assert blocks[-1].text == "last"


def test_deeply_nested_html_returns(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    depth = 20000
    path.write_text(
        "<div>" * depth + "<p>deep <em>text</em></p>" + "<ul><li>item " * 2000,
        encoding="utf-8",
    )
    article, diagnostics = ingest(path)
    assert diagnostics == []
    blocks = article.blocks  # type: ignore[attr-defined]
    assert blocks[0].text == "deep text"
    assert [block.text for block in blocks[1:]] == ["item"] * 2000
    assert len({block.group for block in blocks[1:]}) == 2000


# -- BlockBuilder: marks keep covering the same words after folding -------------------

_pieces = st.lists(
    st.tuples(
        st.text(alphabet=" \n\tab", max_size=6),
        st.sampled_from(["", "open", "close"]),
    ),
    max_size=12,
)


@given(_pieces)
def test_marks_cover_the_folded_marked_text(pieces: list[tuple[str, str]]) -> None:
    builder = BlockBuilder("paragraph")
    raw, open_marks, expected = "", [], []
    for text, action in pieces:
        if action == "open":
            open_marks.append((builder.open_mark("em"), len(raw)))
        elif action == "close" and open_marks:
            handle, start = open_marks.pop()
            builder.close_mark(handle)
            expected.append(raw[start:])
        builder.text(text)
        raw += text
    for _, start in open_marks:
        expected.append(raw[start:])
    block = builder.build()
    if block is None:
        assert fold_whitespace(raw) == ""
        return
    assert block.text == fold_whitespace(raw)
    # (identical marks are kept once, hence sets)
    covered = {block.text[mark.start : mark.end] for mark in block.marks}
    wanted = {folded for text in expected if (folded := fold_whitespace(text))}
    assert covered == wanted
