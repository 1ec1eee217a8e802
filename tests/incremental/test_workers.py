"""The one worker helper: results in order, from workers only above the threshold."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.diagnostics import DiagnosticList
from briefgen.settings import Parallel, load_settings
from briefgen.workers import Lookahead, ordered_map


def test_ordered_map_keeps_order_and_uses_workers_from_the_threshold() -> None:
    parent = os.getpid()
    offset = 1000  # a closure: workers inherit it, nothing is pickled

    def work(item: int) -> tuple[int, bool]:
        return item + offset, os.getpid() != parent

    items = list(range(50))
    below = list(ordered_map(work, items, workers=2, min_items=51, chunk=4))
    above = list(ordered_map(work, items, workers=2, min_items=50, chunk=4))
    assert [value for value, _ in below] == [value for value, _ in above] == [
        i + 1000 for i in items
    ]
    assert not any(in_worker for _, in_worker in below)
    assert all(in_worker for _, in_worker in above)
    one_worker = list(ordered_map(work, items, workers=1, min_items=1))
    assert not any(in_worker for _, in_worker in one_worker)


def test_lookahead_gives_each_result_when_asked_in_any_order() -> None:
    items = [f"item {i}" for i in range(40)]
    background = Lookahead(str.upper, items, workers=2, ahead=3, chunk=2)
    try:
        order = [5, 0, 39, 1, *range(2, 5), *range(6, 39)]
        taken = {index: background.take(index) for index in order}
    finally:
        background.close()
    assert taken == {i: f"ITEM {i}" for i in range(40)}


def test_worker_settings_come_from_briefgen_and_are_checked(tmp_path: Path) -> None:
    settings_file = tmp_path / "pelicanconf.py"
    settings_file.write_text('BRIEFGEN = {"workers": 3, "min_parallel_pages": 10}\n')
    diagnostics = DiagnosticList()
    settings = load_settings(tmp_path, diagnostics=diagnostics)
    assert diagnostics.items == []
    assert settings.parallel == Parallel(workers=3, min_parallel_pages=10)
    settings_file.write_text('BRIEFGEN = {"workers": 0}\n')
    load_settings(tmp_path, diagnostics=diagnostics)
    assert [d.message for d in diagnostics.items] == [
        "expected BRIEFGEN['workers'] to be a positive whole number but got 0"
    ]
