"""pydantic validation errors to editor-facing diagnostics at the right place.

pydantic's ``loc`` is the key path of the offending value; the file's
:class:`PositionMap` turns it into a line and column.  Messages are written
here ("expected ... but got ..."); pydantic's own wording never reaches the
editor.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from briefgen.diagnostics import (
    DiagnosticList,
    FixAction,
    Suggestion,
    excerpt,
    or_list,
    suggest,
    suggestion_of,
)
from briefgen.sidecar.positions import KeyPath, PositionMap

_NOT_ID_CHARS = re.compile(r"[^a-z0-9]+")
# An unknown key that is no near miss of a known one: the message lists the keys
# allowed where there are at most this many (a related briefing's slug and note);
# a sidecar's twenty would drown it.
FEW_KEYS = 6


def report_validation_error(
    error: ValidationError,
    model: type[BaseModel],
    positions: PositionMap,
    diagnostics: DiagnosticList,
    reported: set[KeyPath],
) -> None:
    """Add one diagnostic per pydantic error, skipping paths already reported."""
    items = error.errors(include_url=False)
    # `qoute:` is reported as an unknown key suggesting 'quote'; a second error
    # "missing required key 'quote'" for the same typo would only be noise.
    suggested: set[KeyPath] = set()
    for item in items:
        if item["type"] == "extra_forbidden":
            path = tuple(item["loc"])
            owner, _ = _field_at(model, path)
            if owner is not None:
                for match in difflib.get_close_matches(str(path[-1]), list(owner.model_fields), 1):
                    suggested.add((*path[:-1], match))
    for item in items:
        path = tuple(item["loc"])
        if any(path[:end] in reported for end in range(len(path) + 1)):
            continue
        if item["type"] == "missing" and path in suggested:
            continue
        _report_one(item["type"], path, item.get("input"), model, positions, diagnostics)


def _report_one(
    kind: str,
    path: KeyPath,
    value: Any,
    root: type[BaseModel],
    positions: PositionMap,
    diagnostics: DiagnosticList,
) -> None:
    owner, info = _field_at(root, path)
    name = str(path[-1]) if path else ""
    where = positions.at(*path)
    if kind == "missing":
        # The top of a sidecar needs no "in sidecar"; everything else says where.
        suffix = "" if owner is None or owner.__name__ == "Sidecar" else f" in {owner.noun}"  # type: ignore[attr-defined]
        diagnostics.error(
            "briefgen.missing-key",
            f"missing required key '{name}'{suffix}",
            positions.at(*path[:-1]),
        )
    elif kind == "extra_forbidden":
        known = list(owner.model_fields) if owner is not None else []
        hint = suggest(name, known, action=FixAction.REPLACE_KEY)
        diagnostics.error(
            "briefgen.unknown-key",
            f"unknown key '{name}' in {_in_what(owner)}{hint.words or _allowed(known)}",
            positions.key_at(*path),
            hint.fix,
        )
    elif kind in ("greater_than_equal", "less_than_equal") and name == "credibility":
        diagnostics.error(
            "briefgen.bad-credibility",
            f"expected a credibility grade 1-6 but got {value}",
            where,
        )
    elif kind == "literal_error" and name == "reliability":
        hint = suggest(str(value).upper(), "ABCDEF") if isinstance(value, str) else Suggestion()
        diagnostics.error(
            "briefgen.bad-reliability",
            f"expected a reliability grade A-F but got {_describe_scalar(value)}{hint.words}",
            where,
            hint.fix,
        )
    elif kind == "literal_error":
        choices = _literal_choices(info)
        hint = suggest(str(value), choices)
        diagnostics.error(
            f"briefgen.bad-{name.replace('_', '-')}",
            f"expected one of {', '.join(choices)} but got {_describe_scalar(value)}"
            f"{hint.words}",
            where,
            hint.fix,
        )
    elif kind in ("bad_id", "bad_slug"):
        noun = "a slug" if kind == "bad_slug" else "an id"
        hint = id_suggestion(str(value))
        diagnostics.error(
            f"briefgen.{kind.replace('_', '-')}",
            f"expected {noun} of lowercase letters, digits and hyphens "
            f"but got {_describe_scalar(value)}{hint.words}",
            where,
            hint.fix,
        )
    elif kind == "bad_claim_ref":
        diagnostics.error(
            "briefgen.bad-claim-ref",
            "expected an earlier claim as <briefing slug>#<claim id> (e.g. "
            f"'turkey-syria-defense-pact#airbases') but got {_describe_scalar(value)}",
            where,
        )
    elif kind == "bad_language":
        diagnostics.error(
            "briefgen.bad-language",
            f"expected a BCP 47 language tag such as 'ar', 'tr' or 'ku-Arab' but got "
            f"{_describe_scalar(value)}",
            where,
        )
    elif kind == "bad_url":
        diagnostics.error(
            "briefgen.bad-url",
            f"expected an http:// or https:// URL but got {_describe_scalar(value)}",
            where,
        )
    elif kind in ("empty", "string_too_short"):
        if isinstance(path[-1], int):  # a list item is not a key that can be missing
            diagnostics.error(
                "briefgen.wrong-type", "expected a non-empty string but got an empty one", where
            )
        else:
            diagnostics.error(
                "briefgen.missing-key",
                f"expected a value for required key '{name}' but got an empty string",
                where,
            )
    else:
        diagnostics.error(
            "briefgen.wrong-type",
            f"{field_name(path)}: expected {_expected(info, path)} "
            f"but got {_describe_found(value, info, path)}",
            where,
        )


def _in_what(owner: type[BaseModel] | None) -> str:
    """``sidecar``, ``a claim``, ``an ...``: what the unknown key was written in."""
    if owner is None:
        return "a mapping"
    noun: str = owner.noun  # type: ignore[attr-defined]
    if owner.__name__ == "Sidecar":
        return noun
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _allowed(keys: list[str]) -> str:
    """``"; expected slug or note"`` when there are few allowed keys, else ``""``."""
    if not keys or len(keys) > FEW_KEYS:
        return ""
    return f"; expected {or_list(keys)}"


def field_name(path: KeyPath) -> str:
    """The field a message is about, as the editor wrote it: ``credibility``, ``tags item 2``."""
    keys = [step for step in path if isinstance(step, str)]
    name = keys[-1] if keys else "value"
    if path and isinstance(path[-1], int):
        return f"{name} item {path[-1] + 1}"
    return name


def id_suggestion(value: str, action: FixAction = FixAction.REPLACE_VALUE) -> Suggestion:
    """``"; did you mean 'x'?"`` with ``value`` made into an id (and that fix), or nothing."""
    suggestion = _NOT_ID_CHARS.sub("-", value.lower()).strip("-")
    if not suggestion or suggestion == value:
        return Suggestion()
    return suggestion_of([suggestion], action)


def _field_at(root: type[BaseModel], path: KeyPath) -> tuple[type[BaseModel] | None, Any]:
    """The model owning the last key of ``path`` and that key's type (list items: item type)."""
    model: type[BaseModel] | None = root
    annotation: Any = root
    owner: type[BaseModel] | None = root
    for step in path:
        if isinstance(step, int):
            args = [arg for arg in get_args(_strip(annotation)) if arg is not type(None)]
            annotation = args[0] if args else Any
        else:
            model = _model_of(annotation)
            if model is None or step not in model.model_fields:
                return model, None
            owner = model
            annotation = model.model_fields[step]
    return owner, annotation


def _strip(annotation: Any) -> Any:
    """The bare type of a field or type: drops FieldInfo, Annotated and ``None``."""
    if isinstance(annotation, FieldInfo):
        annotation = annotation.annotation
    while True:
        origin = get_origin(annotation)
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if origin is not None and origin is not list and len(args) == 1:
            annotation = args[0]  # Optional[X], Annotated[X, ...]
        elif origin is not None and "Annotated" in str(origin):
            annotation = args[0]
        else:
            return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    bare = _strip(annotation)
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return bare
    return None


def _literal_choices(info: Any) -> list[str]:
    bare = _strip(info)
    return [str(arg) for arg in get_args(bare)]


def _int_range(info: Any) -> str:
    low = high = None
    if isinstance(info, FieldInfo):
        for constraint in info.metadata:
            if isinstance(constraint, annotated_types.Ge):
                low = constraint.ge
            elif isinstance(constraint, annotated_types.Le):
                high = constraint.le
    if low is not None and high is not None:
        return f"an integer from {low} to {high}"
    if low is not None:
        return f"an integer of at least {low}"
    return "an integer"


def _expected(info: Any, path: KeyPath) -> str:
    """What the field at ``path`` wants, in words."""
    if path and isinstance(path[-1], int) and isinstance(info, FieldInfo):
        # a list item: describe the item type
        args = get_args(_strip(info))
        bare = _strip(args[0]) if args else Any
    else:
        bare = _strip(info)
    if bare is int:
        return _int_range(info)
    if get_origin(bare) is list:
        item = _strip(get_args(bare)[0]) if get_args(bare) else str
        if isinstance(item, type) and issubclass(item, BaseModel):
            return f"a list of {item.plural}"  # type: ignore[attr-defined]
        return "a list of strings"
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return f"a mapping (a {bare.noun})"  # type: ignore[attr-defined]
    if bare is str:
        return "a string"
    return "a different kind of value"


def _describe_scalar(value: Any) -> str:
    if isinstance(value, str):
        return f"'{excerpt(value)}'"
    return _describe_found(value, None, ())


def _describe_found(value: Any, info: Any, path: KeyPath) -> str:
    """What the editor wrote, in words: a value for scalars, a kind for containers."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "a list"
    if value == "":
        return "nothing"
    if isinstance(value, str):
        wanted = _expected(info, path)
        if wanted.startswith(("a list", "a mapping")):
            return "a string"
        if wanted.startswith("an integer") and value.lstrip("+-").isdigit():
            return f"the quoted string '{excerpt(value)}'"
        return f"'{excerpt(value)}'"
    return excerpt(str(value))
