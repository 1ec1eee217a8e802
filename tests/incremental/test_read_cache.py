"""The reader's cache of front matter and summary HTML (perf, issue 5)."""

from __future__ import annotations

from pathlib import Path

from briefgen.publish.reader import ReadCache


def test_entries_read_by_a_build_are_kept_and_others_dropped(tmp_path: Path) -> None:
    path = tmp_path / "read.marshal"
    first = ReadCache(path, "stamp-1")
    first.put("a", {"title": "A"}, "<em>a</em>")
    first.put("b", {"title": "B"}, "b")
    first.save()

    second = ReadCache(path, "stamp-1")
    assert second.get("a") == ({"title": "A"}, "<em>a</em>")
    second.save()

    third = ReadCache(path, "stamp-1")
    assert third.get("a") == ({"title": "A"}, "<em>a</em>")
    assert third.get("b") is None


def test_a_cache_made_by_other_code_or_not_read_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "read.marshal"
    cache = ReadCache(path, "stamp-1")
    cache.put("a", {"title": "A"}, "a")
    cache.save()
    assert ReadCache(path, "stamp-2").get("a") is None
    assert ReadCache(path, "stamp-1", read=False).get("a") is None
    path.write_bytes(b"not marshal")
    assert ReadCache(path, "stamp-1").get("a") is None
