"""YAML text to a tree of raw values, with positions, without YAML's type guessing.

YAML is only *composed* here: the parser gives nodes with marks, source
text and style.  ruamel.yaml is the reference parser (it reports every syntax
error); libyaml, through PyYAML, composes the common case much faster when it
applies (see :func:`_compose_with_libyaml`).  Both give nodes of the same
shape (``id``, ``tag``, ``value``, ``style``, ``start_mark``), and one
converter walks either.  This module turns them into plain ``dict``/``list`` and
:class:`RawScalar` (the text as written, whether it was plain, and an explicit
standard tag if any); the schema decides later what a scalar means, so ``no``
stays ``"no"`` where a string is wanted.  On the way it refuses duplicate
keys, non-standard tags and alias expansion beyond a limit.  The limit counts
the nodes that aliases add (every node converted a second time or more, so
nested aliases multiply), not the nodes written out: a large hand-written
glossary is fine, a "billion laughs" stops after ``max_alias_nodes``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Union

from ruamel.yaml import YAML
from ruamel.yaml.composer import ReusedAnchorWarning
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from briefgen.diagnostics import DiagnosticList, Location
from briefgen.sidecar.positions import KeyPath, Mark, PositionMap
from briefgen.sidecar.syntax import SyntaxProblem, explain

try:  # PyYAML's libyaml binding, only for the fast path of compose_yaml
    import yaml as _pyyaml
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - then ruamel does all the work
    _CParser = None

DEFAULT_MAX_ALIAS_NODES = 10_000
_STANDARD_PREFIX = "tag:yaml.org,2002:"
_STANDARD_TAGS = frozenset(
    _STANDARD_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
# Resolved (never written) tag of the `<<` key; it is then just an unknown key.
_IMPLICIT_ONLY_TAGS = frozenset({_STANDARD_PREFIX + "merge"})
# Deeper nesting is refused before any recursive step (converting, screening,
# coercing) can run out of stack; a sidecar is a few levels deep.
MAX_DEPTH = 300

# A composed node of either parser: ruamel's or PyYAML's (libyaml) node classes,
# which share the attributes read here (``id`` is "scalar", "sequence" or "mapping").
Node = Any


@dataclass(frozen=True, slots=True)
class RawScalar:
    """A scalar as written: its text, whether it was plain, and ``tag`` if one was given.

    ``tag`` is the short name of an explicit standard tag (``"str"``, ``"int"``...).
    """

    text: str
    plain: bool
    tag: str | None = None
    location: Location | None = None

    @property
    def is_null(self) -> bool:
        """Plain ``~``/``null``/empty, or ``!!null``: "nothing written here"."""
        if self.tag == "null":
            return True
        return self.plain and self.tag is None and self.text in ("", "~", "null", "Null", "NULL")


Raw = Union["RawScalar", dict[str, "Raw"], list["Raw"]]


@dataclass(frozen=True)
class DuplicatePolicy:
    """How to report a repeated key at the top level of a file (glossary/source ids)."""

    code: str
    noun: str


class _AliasLimitExceeded(Exception):
    """Raised inside the converter to stop at once; never leaves this module."""


class _TooDeep(Exception):
    """Raised inside the converter past :data:`MAX_DEPTH`; never leaves this module."""


class _Converter:
    """Walks a composed node graph once, recording positions and problems.

    Positions go into :attr:`values` and :attr:`keys` as (line, column) marks,
    the tables of the file's :class:`PositionMap`.
    """

    def __init__(
        self,
        path: Path,
        diagnostics: DiagnosticList,
        max_alias_nodes: int,
        top_duplicates: DuplicatePolicy | None,
        *,
        tags_written: bool,
    ) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self.max_alias_nodes = max_alias_nodes
        self.top_duplicates = top_duplicates
        # False when the text has no `!` at all: every node then has a resolved
        # standard tag, and the tag checks can be skipped.
        self.tags_written = tags_written
        self.values: dict[KeyPath, Mark] = {}
        self.keys: dict[KeyPath, Mark] = {}
        self.visited: set[int] = set()
        # Nodes converted a second time or more: what aliases cost.
        self.repeated = 0
        # Collections being converted: meeting one again means an alias inside itself.
        self.open: set[int] = set()
        self.rejected: set[KeyPath] = set()

    def convert(self, node: Node, path: KeyPath, mark: Mark | None = None) -> Raw | None:
        if id(node) in self.visited:
            self.repeated += 1
            if self.repeated > self.max_alias_nodes:
                raise _AliasLimitExceeded(
                    path,
                    f"expected aliases to expand to at most {self.max_alias_nodes} nodes "
                    "but got more",
                )
        else:
            self.visited.add(id(node))
        if len(path) > MAX_DEPTH:
            raise _TooDeep
        if mark is None:
            mark = _mark(node)
        self.values[path] = mark
        kind = node.id
        if kind == "scalar":
            location = Location(self.path, *mark)
            if self.tags_written and not self._tag_allowed(node, location):
                self.rejected.add(path)
                return None
            short = self._short_tag(node) if self.tags_written else None
            # ruamel marks a plain scalar with style None, PyYAML with "".
            return RawScalar(str(node.value), not node.style, short, location)
        if id(node) in self.open:
            raise _AliasLimitExceeded(
                path, "expected aliases that expand to a finite size but got one inside itself"
            )
        self.open.add(id(node))
        try:
            if self.tags_written and not self._tag_allowed(node, Location(self.path, *mark)):
                self.rejected.add(path)
                return None
            if kind == "sequence":
                return self._sequence(node, path)
            return self._mapping(node, path)
        finally:
            self.open.discard(id(node))

    def _sequence(self, node: Node, path: KeyPath) -> list[Raw]:
        items: list[Raw] = []
        for index, child in enumerate(node.value):
            item_path = (*path, index)
            self.keys[item_path] = _mark(child)
            item = self.convert(child, item_path)
            # A refused item keeps its place so that later indices stay true.
            items.append(item if item is not None else RawScalar("", plain=False))
        return items

    def _mapping(self, node: Node, path: KeyPath) -> dict[str, Raw]:
        result: dict[str, Raw] = {}
        first_seen: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            key_mark = _mark(key_node)
            if key_node.id != "scalar":
                kind = "a list" if key_node.id == "sequence" else "a mapping"
                self.diagnostics.error(
                    "briefgen.wrong-type",
                    f"expected a plain key but got {kind}",
                    Location(self.path, *key_mark),
                )
                continue
            if self.tags_written and not self._tag_allowed(
                key_node, Location(self.path, *key_mark)
            ):
                continue
            key = str(key_node.value)
            if key in first_seen:
                self._report_duplicate(key, first_seen[key], key_mark, top=not path)
                continue
            first_seen[key] = key_mark
            key_path = (*path, key)
            self.keys[key_path] = key_mark
            # An empty value is marked where the next token starts, often the next
            # line; the key is where an editor looks for it.
            empty = value_node.id == "scalar" and value_node.value == "" and not value_node.style
            value = self.convert(value_node, key_path, key_mark if empty else None)
            if value is not None:
                result[key] = value
        return result

    def _report_duplicate(self, key: str, first: Mark, second: Mark, top: bool) -> None:
        line, col = first
        if top and self.top_duplicates is not None:
            self.diagnostics.error(
                self.top_duplicates.code,
                f"duplicate {self.top_duplicates.noun} '{key}' "
                f"(first defined at {self.path}:{line}:{col})",
                Location(self.path, *second),
            )
            return
        self.diagnostics.error(
            "briefgen.duplicate-key",
            f"duplicate key '{key}' (first defined at line {line}, column {col})",
            Location(self.path, *second),
        )

    def _tag_allowed(self, node: Node, location: Location) -> bool:
        tag = str(node.tag)
        if tag in _STANDARD_TAGS or (tag in _IMPLICIT_ONLY_TAGS and not _is_explicit(node)):
            return True
        shown = "!!" + tag[len(_STANDARD_PREFIX) :] if tag.startswith(_STANDARD_PREFIX) else tag
        self.diagnostics.error(
            "briefgen.yaml-tag",
            f"expected no tag or a standard one (!!str, !!int, !!float, !!bool, !!null, "
            f"!!map, !!seq, !!timestamp) but got '{shown}'",
            location,
        )
        return False

    def _short_tag(self, node: Node) -> str | None:
        """``"int"`` for an explicit ``!!int`` and so on; ``None`` for a resolved tag."""
        tag = str(node.tag)
        explicit = _is_explicit(node)
        return tag[len(_STANDARD_PREFIX) :] if explicit and tag in _STANDARD_TAGS else None


def _mark(node: Node) -> Mark:
    """Where ``node`` starts, 1-based."""
    start = node.start_mark
    return (start.line + 1, start.column + 1)


def _is_explicit(node: Node) -> bool:
    """Whether the tag was written (``!!int``, ``!x``, ``!<...>``) rather than resolved."""
    tag: Any = node.tag
    return getattr(tag, "handle", None) is not None or not str(tag).startswith(_STANDARD_PREFIX)


@dataclass
class Composed:
    """A converted file: its raw tree (``None`` for an empty file) and bookkeeping."""

    raw: Raw | None
    positions: PositionMap
    rejected: set[KeyPath]
    ok: bool  # False when the file could not be parsed or converted at all


_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def _flow_depth(text: str) -> int:
    """Deepest nesting of flow brackets (an upper bound: quoted brackets count too)."""
    depth = deepest = 0
    for bracket in _NOT_BRACKETS.sub("", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


if _CParser is not None:

    class _LibyamlComposer(_CParser):
        """libyaml's composer, resolving each node's tag by its kind alone.

        What ``yaml.CBaseLoader`` does too (its ``BaseResolver`` has no
        implicit resolvers and no tag is written in the text composed here),
        without its three Python calls per node.
        """

        _TAGS: ClassVar[dict[type, str]] = {
            _pyyaml.ScalarNode: _STANDARD_PREFIX + "str",
            _pyyaml.SequenceNode: _STANDARD_PREFIX + "seq",
            _pyyaml.MappingNode: _STANDARD_PREFIX + "map",
        }

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            return self._TAGS[kind]

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass


def _compose_with_libyaml(text: str) -> tuple[bool, Node | None]:
    """Compose with libyaml (C, ~50x faster than ruamel): (applicable, node).

    A fast path: only for text without tags
    (``!``), a BOM or deep flow nesting, and only when libyaml accepts it;
    anything else (including every syntax error, so that messages stay
    ruamel's) goes through ruamel.  PyYAML's nodes are converted as they
    are, with no ruamel nodes in between: with no tag written, every node
    carries one of the resolved standard str/seq/map tags, so the converter
    skips its tag checks (``tags_written=False``).
    """
    if _CParser is None or "!" in text or text.startswith("\ufeff"):
        return False, None
    if _flow_depth(text) > 50:  # deep flow nesting: leave recursion limits to ruamel
        return False, None
    try:
        return True, _pyyaml.compose(text, Loader=_LibyamlComposer)
    except Exception:
        return False, None


def _composer() -> YAML:
    """A fresh ruamel composer (parsers keep state, so one per file).

    The "safe" pure-Python pipeline composes the same nodes as round-trip mode
    without collecting comments, which makes it about a quarter faster.
    """
    return YAML(typ="safe", pure=True)


def compose_yaml(
    text: str,
    path: Path,
    diagnostics: DiagnosticList,
    *,
    max_alias_nodes: int = DEFAULT_MAX_ALIAS_NODES,
    top_duplicates: DuplicatePolicy | None = None,
) -> Composed:
    """Parse ``text`` as one YAML document and convert it; see the module docstring."""
    positions = PositionMap(path)
    try:
        with warnings.catch_warnings():
            # A reused anchor name is valid YAML (the later one wins); no need to shout.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            applicable, node = _compose_with_libyaml(text)
            if not applicable:
                node = _composer().compose(text)
    except MarkedYAMLError as error:
        _report_syntax(error, path, text, diagnostics)
        return Composed(None, positions, set(), ok=False)
    except RecursionError:
        _report_too_deep(path, diagnostics)
        return Composed(None, positions, set(), ok=False)
    except (YAMLError, AssertionError, ValueError) as error:  # unmarked parser complaints
        diagnostics.error("briefgen.yaml-syntax", f"invalid YAML: {error}", Location(path, 1, 1))
        return Composed(None, positions, set(), ok=False)
    if node is None:
        return Composed(None, positions, set(), ok=True)
    converter = _Converter(
        path, diagnostics, max_alias_nodes, top_duplicates, tags_written=not applicable
    )
    positions = PositionMap.from_marks(path, converter.values, converter.keys)
    try:
        raw = converter.convert(node, ())
    except _AliasLimitExceeded as stop:
        where: KeyPath = stop.args[0]
        # Report at the innermost key: list items of an expansion are all marked
        # at the anchored node, far from where the alias was used.
        keys = [index for index, step in enumerate(where) if isinstance(step, str)]
        where = where[: keys[-1] + 1] if keys else ()
        diagnostics.error("briefgen.yaml-alias-limit", stop.args[1], positions.key_at(*where))
        return Composed(None, positions, converter.rejected, ok=False)
    except (_TooDeep, RecursionError):
        _report_too_deep(path, diagnostics)
        return Composed(None, positions, converter.rejected, ok=False)
    return Composed(raw, positions, converter.rejected, ok=True)


def _report_too_deep(path: Path, diagnostics: DiagnosticList) -> None:
    """Nesting past what the parser (RecursionError) or the converter (MAX_DEPTH) takes."""
    diagnostics.error(
        "briefgen.yaml-syntax",
        "expected YAML nested at most a few hundred levels deep but got more",
        Location(path, 1, 1),
    )


def _report_syntax(
    error: MarkedYAMLError, path: Path, text: str, diagnostics: DiagnosticList
) -> None:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or error.context or "could not parse"
    context = error.context if error.context and error.problem else ""
    context_mark = error.context_mark
    explained = explain(
        SyntaxProblem(
            problem=problem,
            context=context,
            line=line,
            col=col,
            context_line=context_mark.line + 1 if context_mark else None,
            context_col=context_mark.column + 1 if context_mark else None,
            lines=text.splitlines(),
        )
    )
    if explained is not None:
        diagnostics.error(
            "briefgen.yaml-syntax",
            f"invalid YAML: {explained.message}",
            Location(path, explained.line, explained.col),
        )
        return
    if context.startswith("expected ") and problem.startswith("but "):
        # ruamel splits "expected a single document ... but found another document"
        message = f"{context} {problem}"
    else:
        if context and context_mark is not None and context_mark is not mark:
            context += f" started at line {context_mark.line + 1}, column {context_mark.column + 1}"
        message = f"{problem} ({context})" if context else problem
    diagnostics.error("briefgen.yaml-syntax", f"invalid YAML: {message}", Location(path, line, col))
