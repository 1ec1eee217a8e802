"""Raw YAML values to the Python types a schema field asks for (StrictYAML-style).

YAML's own type resolution is never used: a plain scalar is a number only
where the schema wants an integer, a date only where it wants a date, and
otherwise the text written (``no``, ``on``, ``010``, ``12:34:56`` stay
strings).  Plain ``~``/``null``/empty mean "not given" for optional keys and
are a missing value for required ones.  What cannot be converted is passed on
as is, for the pydantic model to reject with a precise location.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from briefgen.diagnostics import DiagnosticList, excerpt
from briefgen.sidecar.markdown import check_inline_markdown
from briefgen.sidecar.nodes import Raw, RawScalar
from briefgen.sidecar.positions import KeyPath, PositionMap
from briefgen.sidecar.schema import MARKDOWN_FLAG, PLACEHOLDER_DATE_PATTERN, PlaceholderDate

_INTEGER = re.compile(r"^[-+]?[0-9]+$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_PLACEHOLDER_DATE = re.compile(PLACEHOLDER_DATE_PATTERN)
_DATETIME = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?"
    r"([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$"
)


@dataclass
class Coercion:
    """State of one file's conversion: where things are and what was already said."""

    positions: PositionMap
    diagnostics: DiagnosticList
    reported: set[KeyPath] = field(default_factory=set)

    def error(self, code: str, message: str, path: KeyPath) -> None:
        self.diagnostics.error(code, message, self.positions.at(*path))
        self.reported.add(path)


def plain_python(raw: Raw | None) -> Any:
    """Raw values as plain strings, lists and dicts (for values no field describes)."""
    if isinstance(raw, RawScalar):
        return raw.text
    if isinstance(raw, list):
        return [plain_python(item) for item in raw]
    if isinstance(raw, dict):
        return {key: plain_python(value) for key, value in raw.items()}
    return raw


def coerce_model(raw: Raw, model: type[BaseModel], path: KeyPath, state: Coercion) -> Any:
    """The keyword arguments for ``model`` from a raw mapping (anything else passes through)."""
    if isinstance(raw, RawScalar):
        bare_key = getattr(model, "bare_key", None)
        if bare_key is not None:
            # `- reuters` in `sources:` stands for `- id: reuters`.
            state.positions.set_value((*path, bare_key), state.positions.at(*path))
            state.positions.set_key((*path, bare_key), state.positions.at(*path))
            return {bare_key: raw.text}
        return raw.text
    if not isinstance(raw, dict):
        return plain_python(raw)
    fields = _fields_of(model)
    arguments: dict[str, Any] = {}
    for key, value in raw.items():
        field_plan = fields.get(key)
        if field_plan is None:
            arguments[key] = plain_python(value)  # the model reports the unknown key
            continue
        key_path = (*path, key)
        if isinstance(value, RawScalar) and value.is_null:
            if field_plan.required:
                state.error(
                    "briefgen.missing-key",
                    f"expected a value for required key '{key}' but got nothing",
                    key_path,
                )
            continue
        coerced = _coerce(value, field_plan.shape, key_path, state)
        if coerced is _REPORTED:
            continue
        arguments[key] = coerced
        if field_plan.markdown and isinstance(coerced, str):
            check_inline_markdown(coerced, state.positions.at(*key_path), state.diagnostics)
    return arguments


class _Reported:
    """Marker: the value was refused and reported; leave the key out."""


_REPORTED: Any = _Reported()


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a field type asks of a raw value: ``kind``, plus the model or item shape.

    Worked out once per field: looking at typing annotations
    for every value (``get_origin``, hashing ``Literal``/``Union`` objects) cost
    more than converting the values.
    """

    kind: Literal["date", "model", "list", "int", "plain"]
    model: type[BaseModel] | None = None
    item: _Shape | None = None


@dataclass(frozen=True, slots=True)
class _Field:
    """One field of a model, as :func:`coerce_model` needs it."""

    shape: _Shape
    required: bool
    markdown: bool  # inline Markdown whose links are checked


@functools.cache
def _fields_of(model: type[BaseModel]) -> dict[str, _Field]:
    """The fields of ``model`` by name (computed once per model class)."""
    fields: dict[str, _Field] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        markdown = isinstance(extra, dict) and bool(extra.get(MARKDOWN_FLAG))
        fields[name] = _Field(_shape(info.annotation), info.is_required(), markdown)
    return fields


def _shape(annotation: Any) -> _Shape:
    annotation, choices = _unwrap(annotation)
    if choices and choices <= {dt.date, dt.datetime}:
        return _Shape("date")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Shape("model", model=annotation)
    if get_origin(annotation) is list:
        (item_type,) = get_args(annotation)
        return _Shape("list", item=_shape(item_type))
    if annotation is int:
        return _Shape("int")
    return _Shape("plain")


def _coerce(raw: Raw, shape: _Shape, path: KeyPath, state: Coercion) -> Any:
    kind = shape.kind
    if kind == "date":
        return _coerce_date(raw, path, state)
    if kind == "model":
        assert shape.model is not None
        return coerce_model(raw, shape.model, path, state)
    if kind == "list":
        if not isinstance(raw, list):
            return plain_python(raw)
        item = shape.item
        assert item is not None
        return [_coerce(value, item, (*path, index), state) for index, value in enumerate(raw)]
    if kind == "int" and isinstance(raw, RawScalar):
        written_as_number = (raw.plain and raw.tag is None) or raw.tag == "int"
        if written_as_number and _INTEGER.match(raw.text):
            return int(raw.text)
        return raw.text
    return plain_python(raw)


def _unwrap(annotation: Any) -> tuple[Any, frozenset[Any]]:
    """Strip ``Annotated`` and ``None`` from a field type; return it and its union members."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = frozenset(arg for arg in get_args(annotation) if arg is not type(None))
        if len(members) == 1:
            return _unwrap(next(iter(members)))
        return annotation, members
    if get_origin(annotation) is Literal:
        return str, frozenset()
    return annotation, frozenset()


def parse_date(text: str) -> dt.date | dt.datetime | str:
    """An ISO 8601 date or date-time, or the reason ``text`` is not one."""
    match = _DATE.match(text)
    try:
        if match:
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if _DATETIME.match(text):
            return dt.datetime.fromisoformat(text.upper().replace(",", "."))
    except ValueError as error:
        return str(error)
    return ""


def _coerce_date(raw: Raw, path: KeyPath, state: Coercion) -> Any:
    if not isinstance(raw, RawScalar):
        kind = "a list" if isinstance(raw, list) else "a mapping"
        state.error(
            "briefgen.wrong-type",
            f"expected an ISO 8601 date (YYYY-MM-DD) or date-time but got {kind}",
            path,
        )
        return _REPORTED
    placeholder = _PLACEHOLDER_DATE.match(raw.text)
    parsed = parse_date(placeholder.group(1) if placeholder else raw.text)
    if isinstance(parsed, dt.date) and placeholder:
        return PlaceholderDate(parsed.year, parsed.month, parsed.day)
    if isinstance(parsed, dt.date):
        return parsed
    if parsed:
        state.error("briefgen.bad-date", f"invalid date '{excerpt(raw.text)}': {parsed}", path)
    else:
        state.error(
            "briefgen.bad-date",
            f"expected an ISO 8601 date (YYYY-MM-DD) or date-time but got '{excerpt(raw.text)}'",
            path,
        )
    return _REPORTED
