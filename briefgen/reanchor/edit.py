"""Rewriting the quotes of a sidecar in place, every other byte as it was.

A YAML library that loads and dumps a file again loses what editors care
about (comments, key order, quoting styles, line breaks, folded ``>-``
quotes), so :func:`apply_fixes` edits the *text*: it composes the file to find
where each ``quote`` (``prefix``, ``suffix``, ``occurrence``) value was
written, replaces exactly those characters with the new value written in the
same style, inserts a ``key: value`` line under the quote where a key is
missing and removes the line of one that must go.  It then composes the
result and compares it with what was meant (every other value unchanged,
the fixed ones as wanted) before handing it back; anything else is refused
as an :class:`EditProblem`, and the file is left alone.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

_KEYS = ("quote", "prefix", "suffix", "occurrence")
_WIDTH = 80  # folded quotes are wrapped to lines of at most this many characters
_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|:$|^\s|\s$|[\n\r\t]")
_NOT_A_STRING = re.compile(
    r"[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?|true|false|yes|no|on|off|null|~|[-+]?\.(inf|nan)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuoteFix:
    """The values one claim or note must have; ``None``: the key must be absent."""

    kind: str  # "claims", "notes" or "follows"
    index: int
    quote: str
    prefix: str | None
    suffix: str | None
    occurrence: int | None


@dataclass(frozen=True)
class EditProblem:
    """Why a sidecar could not be rewritten (the file is left as it was)."""

    message: str


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def apply_fixes(text: str, fixes: Sequence[QuoteFix]) -> str | EditProblem:
    """``text`` with ``fixes`` applied; see the module docstring."""
    try:
        root = _compose(text)
    except YAMLError as error:
        return EditProblem(f"the sidecar no longer parses: {error}")
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: list[_Edit] = []
    for fix in fixes:
        item = _item(root, fix.kind, fix.index)
        if item is None:
            return EditProblem(f"{fix.kind[:-1]} {fix.index + 1} is no longer in the sidecar")
        made = _edits_for(text, item, fix, newline)
        if isinstance(made, EditProblem):
            return made
        edits.extend(made)
    # From the end, so that earlier offsets stay true; at one offset, a
    # removal before an insertion.
    result = text
    for edit in sorted(edits, key=lambda e: (-e.start, e.end == e.start)):
        result = result[: edit.start] + edit.text + result[edit.end :]
    return _verified(text, result, fixes)


def _compose(text: str) -> Any:
    return YAML(typ="safe", pure=True).compose(text)


def _item(root: Any, kind: str, index: int) -> Any:
    if root is None or root.id != "mapping":
        return None
    for key, value in root.value:
        if key.value == kind and value.id == "sequence" and index < len(value.value):
            item = value.value[index]
            return item if item.id == "mapping" else None
    return None


def _edits_for(text: str, item: Any, fix: QuoteFix, newline: str) -> list[_Edit] | EditProblem:
    nodes = {key.value: (key, value) for key, value in item.value if key.value in _KEYS}
    if "quote" not in nodes or nodes["quote"][1].id != "scalar":
        return EditProblem(f"{fix.kind[:-1]} {fix.index + 1} has no quote to rewrite")
    quote_key, quote_value = nodes["quote"]
    wanted: dict[str, str | None] = {
        "quote": " ".join(fix.quote.split()),
        "prefix": fix.prefix,
        "suffix": fix.suffix,
        "occurrence": None if fix.occurrence is None else str(fix.occurrence),
    }
    edits: list[_Edit] = []
    for key in _KEYS:
        value = wanted[key]
        present = nodes.get(key)
        if present is not None and present[1].id != "scalar":
            return EditProblem(f"'{key}' of {fix.kind[:-1]} {fix.index + 1} is not a plain value")
        if present is None and value is None:
            continue
        if present is not None and value is not None:
            if present[1].value != value:
                edits.append(_replacement(text, present[1], value))
            continue
        if item.flow_style:
            return EditProblem(
                f"{fix.kind[:-1]} {fix.index + 1} is written as a flow mapping "
                f"({{...}}); add or remove '{key}' by hand"
            )
        if present is not None:
            removal = _removal(text, *present)
            if removal is None:
                return EditProblem(
                    f"'{key}' of {fix.kind[:-1]} {fix.index + 1} does not have a line of its "
                    "own; remove it by hand"
                )
            edits.append(removal)
        else:
            assert value is not None
            where = _line_end(text, _content_end(text, quote_value))
            indent = " " * quote_key.start_mark.column
            rendered = value if key == "occurrence" else json.dumps(value, ensure_ascii=False)
            line = f"{indent}{key}: {rendered}"
            insertion = line + newline if where < len(text) else newline + line
            edits.append(_Edit(where, where, insertion))
    return edits


def _content_end(text: str, node: Any) -> int:
    """Where the value's own characters end (a block scalar's trailing breaks excluded)."""
    start, end = node.start_mark.index, node.end_mark.index
    return start + len(text[start:end].rstrip())


def _line_end(text: str, offset: int) -> int:
    """The offset just after the line break that ends the line holding ``offset``."""
    found = text.find("\n", offset)
    return len(text) if found == -1 else found + 1


def _replacement(text: str, node: Any, value: str) -> _Edit:
    start = node.start_mark.index
    end = _content_end(text, node)
    return _Edit(start, end, _render(text, node, value))


def _removal(text: str, key: Any, value: Any) -> _Edit | None:
    line_start = text.rfind("\n", 0, key.start_mark.index) + 1
    if text[line_start : key.start_mark.index].strip():
        return None  # `- key: value`: the line also starts the item
    return _Edit(line_start, _line_end(text, _content_end(text, value)), "")


def _render(text: str, node: Any, value: str) -> str:
    """``value`` written in the style of ``node`` (plain, quoted, folded or literal)."""
    style = node.style
    if style in (">", "|"):
        return _block(text, node, value) or json.dumps(value, ensure_ascii=False)
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or _PLAIN_UNSAFE.search(value) or _NOT_A_STRING.fullmatch(value):
        return json.dumps(value, ensure_ascii=False)
    return value


def _block(text: str, node: Any, value: str) -> str | None:
    """A block scalar with the same header and indentation, folded lines wrapped."""
    region = text[node.start_mark.index : _content_end(text, node)]
    header, _, body = region.partition("\n")
    first = next((line for line in body.split("\n") if line.strip()), None)
    if first is None:
        return None
    indent = first[: len(first) - len(first.lstrip(" "))]
    if node.style == "|":
        lines = [value]
    else:
        lines = textwrap.wrap(
            value,
            width=max(_WIDTH - len(indent), 20),
            break_long_words=False,
            break_on_hyphens=False,
        )
    newline = "\r\n" if "\r\n" in region else "\n"
    return header + newline + newline.join(indent + line for line in lines)


def _normal(value: str | None) -> str | None:
    return None if value is None else " ".join(value.split())


def _plain(node: Any) -> Any:
    if node is None:
        return None
    if node.id == "scalar":
        return node.value
    if node.id == "sequence":
        return [_plain(child) for child in node.value]
    return {key.value: _plain(value) for key, value in node.value}


def _verified(before: str, after: str, fixes: Sequence[QuoteFix]) -> str | EditProblem:
    """``after`` if it means ``before`` with ``fixes`` applied and nothing else."""
    refused = EditProblem("the rewritten sidecar would not mean what was meant; edit it by hand")
    try:
        old, new = _plain(_compose(before)), _plain(_compose(after))
    except YAMLError:
        return refused
    for fix in fixes:
        old_item, new_item = old[fix.kind][fix.index], new[fix.kind][fix.index]
        wanted = {
            "quote": " ".join(fix.quote.split()),
            "prefix": fix.prefix,
            "suffix": fix.suffix,
            "occurrence": None if fix.occurrence is None else str(fix.occurrence),
        }
        for key, value in wanted.items():
            got = new_item.pop(key, None)
            if _normal(got) != _normal(value):
                return refused
            old_item.pop(key, None)
    return after if old == new else refused
