"""Loading the YAML that editors write: sidecars, shared glossary, shared sources.

Each loader reads a file as YAML 1.2, keeps the position of every value
(:class:`PositionMap`) and validates it against :mod:`briefgen.sidecar.schema`.
Every problem becomes a diagnostic with a precise position; nothing raises.
Cross-file checks (unknown ids, quotes, related slugs) belong to the build,
which uses the positions kept here.

A sidecar with any error loads as a :class:`Salvaged` value: the parts that
can still be checked on their own (each claim's and note's quote, the ids of
its outlet and sources, its related slugs), so that one run reports their
problems too.  A glossary or sources file loses only
the entries that have errors, and says which ids those were
(:attr:`Register.broken`), so that nobody reports them as unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from briefgen.boundary import Folder
from briefgen.diagnostics import DiagnosticList, FixAction, Location, Severity, excerpt
from briefgen.sidecar.coerce import Coercion, coerce_model, parse_date
from briefgen.sidecar.errors import id_suggestion, report_validation_error
from briefgen.sidecar.markdown import check_inline_markdown
from briefgen.sidecar.nodes import (
    DEFAULT_MAX_ALIAS_NODES,
    DuplicatePolicy,
    Raw,
    RawScalar,
    compose_yaml,
)
from briefgen.sidecar.positions import KeyPath, PositionMap
from briefgen.sidecar.reading import DEFAULT_MAX_BYTES, read_yaml_text
from briefgen.sidecar.schema import (
    CLAIM_REF_PATTERN,
    ID_PATTERN,
    OUTCOMES,
    SLUG,
    Anchored,
    ClaimEntry,
    GlossaryEntry,
    LocalSource,
    LocalTerm,
    NoteEntry,
    Related,
    Sidecar,
    SourceEntry,
    sidecar_json_schema,
)
from briefgen.sidecar.screen import DEFAULT_MAX_CHARS, nothing_to_screen, screen_values

if TYPE_CHECKING:
    from briefgen.settings import Limits

__all__ = [
    "ID_PATTERN",
    "ClaimEntry",
    "GlossaryEntry",
    "Loaded",
    "LocalSource",
    "LocalTerm",
    "NoteEntry",
    "PositionMap",
    "Register",
    "Related",
    "Salvaged",
    "Sidecar",
    "SourceEntry",
    "YamlLimits",
    "check_inline_markdown",
    "load_glossary",
    "load_sidecar",
    "load_sources",
    "sidecar_json_schema",
]

T = TypeVar("T", bound=BaseModel)
M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[T]):
    """A validated value, where each of its parts was written, and the file."""

    value: T
    positions: PositionMap

    @property
    def path(self) -> Path:
        """The file it was loaded from."""
        return self.positions.path


@dataclass(frozen=True)
class Salvaged:
    """What can still be checked of a sidecar that has errors.

    ``anchored`` holds each claim or note whose quote fields (``quote``,
    ``occurrence``, ``prefix``, ``suffix``) are valid on their own, as
    ``(section, index, item)``; ``slug`` is the sidecar's slug when it is valid;
    ``phrases`` are the terms and aliases written in its ``glossary``, so that
    warnings about unexplained words stay quiet about them.

    The ids it refers to, each where it is a valid id (the others have their
    own error): ``outlet``; ``bare_sources``, the ``sources:`` items that are
    an id alone, as ``(index, id)``; ``local_sources``, every id of a
    ``sources:`` mapping (a new source or an override, valid or not: citing
    it is not "unknown"); ``claim_sources``, each claim's ``source`` as
    ``(index, id)``; ``related``, each related slug as ``(index, slug)``;
    ``glossary_exclude`` as ``(index, id)``.

    What other briefings' follow-ups are checked against is kept too: the
    valid claim ``id``s written (``claim_ids``, as ``(index, id)``), its
    follow-ups whose ``claim`` and ``outcome`` are valid (``follows``, as
    ``(index, claim, outcome)``), its date when valid and whether it is a draft.
    """

    anchored: list[tuple[str, int, Anchored]]
    slug: str | None
    phrases: list[str]
    positions: PositionMap
    outlet: str | None = None
    bare_sources: tuple[tuple[int, str], ...] = ()
    local_sources: frozenset[str] = frozenset()
    claim_sources: tuple[tuple[int, str], ...] = ()
    related: tuple[tuple[int, str], ...] = ()
    glossary_exclude: tuple[tuple[int, str], ...] = ()
    claim_ids: tuple[tuple[int, str], ...] = ()
    follows: tuple[tuple[int, str, str], ...] = ()
    date: dt.date | dt.datetime | None = None
    draft: bool = False

    @property
    def path(self) -> Path:
        return self.positions.path


@dataclass(frozen=True)
class Register(Generic[T]):
    """A shared register: valid entries by id, and the ids whose entries have errors.

    ``broken_phrases`` are the terms and aliases written in entries with
    errors, so that no warning calls those words unexplained.
    """

    entries: dict[str, Loaded[T]]
    broken: frozenset[str]
    broken_phrases: tuple[str, ...] = ()


def load_sidecar(
    path: Path,
    diagnostics: DiagnosticList,
    *,
    limits: YamlLimits | None = None,
    folder: Folder | None = None,
) -> Loaded[Sidecar] | None:
    """Load one sidecar; ``None`` if it has any error (all of them are reported)."""
    loaded = load_sidecar_or_salvage(path, diagnostics, limits=limits, folder=folder)
    return loaded if isinstance(loaded, Loaded) else None


def load_sidecar_or_salvage(
    path: Path,
    diagnostics: DiagnosticList,
    *,
    limits: YamlLimits | None = None,
    folder: Folder | None = None,
) -> Loaded[Sidecar] | Salvaged | None:
    """Load one sidecar; with errors (all reported), what can still be checked of it.

    ``None`` when nothing can: the file cannot be read or parsed, or is not a mapping.
    ``folder`` is the content folder it is read from (:mod:`briefgen.boundary`).
    """
    limits = limits or YamlLimits()
    mark = len(diagnostics.items)
    text = read_yaml_text(path, diagnostics, max_bytes=limits.max_bytes, folder=folder)
    if text is None:
        return None
    composed = compose_yaml(text, path, diagnostics, max_alias_nodes=limits.max_alias_nodes)
    if not composed.ok:
        return None
    raw = composed.raw
    if not nothing_to_screen(text, limits.max_chars):
        raw = screen_values(raw, diagnostics, max_chars=limits.max_chars)
    if not isinstance(raw, dict):
        found = "an empty file" if raw is None else _kind(raw)
        diagnostics.error(
            "briefgen.wrong-type",
            f"expected a mapping of sidecar keys (date, outlet, summary...) but got {found}",
            composed.positions.at(),
        )
        return None
    state = Coercion(composed.positions, diagnostics, set(composed.rejected))
    value = _validate(raw, Sidecar, state, ())
    if value is None or _errors_since(diagnostics, mark):
        return _salvage(raw, composed.positions, set(composed.rejected))
    return Loaded(value, composed.positions)


def _salvage(raw: dict[str, Raw], positions: PositionMap, rejected: set[KeyPath]) -> Salvaged:
    """The parts of a sidecar with errors that are valid on their own (nothing reported)."""
    quiet = Coercion(positions, DiagnosticList(), set(rejected))
    anchored: list[tuple[str, int, Anchored]] = []
    for section in ("claims", "notes", "follows"):
        items = raw.get(section)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            fields = {k: v for k, v in item.items() if k in Anchored.model_fields}
            mark = len(quiet.diagnostics.items)
            value = _validate(fields, Anchored, quiet, (section, index))
            if value is not None and not _errors_since(quiet.diagnostics, mark):
                anchored.append((section, index, value))
    glossary = raw.get("glossary")
    phrases = _written_phrases(glossary if isinstance(glossary, list) else [])
    sources = _items(raw, "sources")
    return Salvaged(
        anchored,
        _valid(raw.get("slug"), SLUG),
        phrases,
        positions,
        outlet=_valid(raw.get("outlet"), _ID),
        bare_sources=_ids_of(sources, None),
        local_sources=frozenset(source for _, source in _ids_of(sources, "id")),
        claim_sources=_ids_of(_items(raw, "claims"), "source"),
        related=_ids_of(_items(raw, "related"), "slug", SLUG),
        glossary_exclude=_ids_of(_items(raw, "glossary_exclude"), None),
        claim_ids=_ids_of(_items(raw, "claims"), "id"),
        follows=_follows(_items(raw, "follows")),
        date=_date(raw.get("date")),
        draft=_valid(raw.get("status"), _DRAFT) is not None,
    )


def _follows(items: list[Raw]) -> tuple[tuple[int, str, str], ...]:
    """``(index, claim, outcome)`` of each follow-up whose claim and outcome are valid."""
    found = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        claim = _valid(item.get("claim"), _CLAIM_REF)
        outcome = _valid(item.get("outcome"), _OUTCOME)
        if claim is not None and outcome is not None:
            found.append((index, claim, outcome))
    return tuple(found)


def _date(value: Raw | None) -> dt.date | dt.datetime | None:
    """A date as the schema reads it, or None when it is not one."""
    if not isinstance(value, RawScalar):
        return None
    parsed = parse_date(value.text)
    return parsed if isinstance(parsed, dt.date) else None


_ID = re.compile(ID_PATTERN)
_CLAIM_REF = re.compile(CLAIM_REF_PATTERN)
_OUTCOME = re.compile("|".join(OUTCOMES))
_DRAFT = re.compile("draft")


def _items(raw: dict[str, Raw], section: str) -> list[Raw]:
    items = raw.get(section)
    return items if isinstance(items, list) else []


def _valid(value: Raw | None, pattern: re.Pattern[str]) -> str | None:
    """The text of a scalar that is a whole match of ``pattern``, else None."""
    if isinstance(value, RawScalar) and pattern.fullmatch(value.text):
        return value.text
    return None


def _ids_of(
    items: list[Raw], key: str | None, pattern: re.Pattern[str] = _ID
) -> tuple[tuple[int, str], ...]:
    """``(index, id)`` of each item's valid id: the item itself (``key`` None, a
    list of ids) or the value of ``key`` in each mapping item."""
    found = []
    for index, item in enumerate(items):
        written = item if key is None else item.get(key) if isinstance(item, dict) else None
        value = _valid(written, pattern)
        if value is not None:
            found.append((index, value))
    return tuple(found)


def _written_phrases(entries: list[Raw]) -> list[str]:
    """Every term and alias written in glossary entries, valid or not."""
    phrases = []
    for item in entries:
        if not isinstance(item, dict):
            continue
        for key in ("term", "aliases"):
            value = item.get(key)
            for scalar in value if isinstance(value, list) else [value]:
                if isinstance(scalar, RawScalar) and scalar.text:
                    phrases.append(scalar.text)
    return phrases


@dataclass(frozen=True)
class YamlLimits:
    """Caps on one YAML file (see :class:`briefgen.settings.Limits`)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_alias_nodes: int = DEFAULT_MAX_ALIAS_NODES
    max_chars: int = DEFAULT_MAX_CHARS

    @classmethod
    def of(cls, limits: Limits) -> YamlLimits:
        """The caps of the site's settings that apply to one YAML file."""
        return cls(limits.max_sidecar_bytes, limits.max_yaml_nodes, limits.max_text_chars)


def load_glossary(
    paths: list[Path],
    diagnostics: DiagnosticList,
    limits: YamlLimits | None = None,
    folder: Folder | None = None,
) -> Register[GlossaryEntry]:
    """Load shared glossary files (id -> entry); a term id defined twice is an error."""
    return _load_register(
        paths,
        diagnostics,
        GlossaryEntry,
        "term",
        "briefgen.duplicate-term",
        limits or YamlLimits(),
        folder,
    )


def load_sources(
    paths: list[Path],
    diagnostics: DiagnosticList,
    limits: YamlLimits | None = None,
    folder: Folder | None = None,
) -> Register[SourceEntry]:
    """Load shared source register files (id -> entry); an id defined twice is an error."""
    return _load_register(
        paths,
        diagnostics,
        SourceEntry,
        "source",
        "briefgen.duplicate-source",
        limits or YamlLimits(),
        folder,
    )


def _load_register(
    paths: list[Path],
    diagnostics: DiagnosticList,
    model: type[M],
    noun: str,
    duplicate_code: str,
    limits: YamlLimits,
    folder: Folder | None = None,
) -> Register[M]:
    """Files mapping ids to entries of ``model``; later duplicates lose to the first."""
    entries: dict[str, Loaded[M]] = {}
    broken: set[str] = set()
    broken_phrases: list[str] = []
    first_defined: dict[str, Location] = {}
    policy = DuplicatePolicy(duplicate_code, noun)
    for path in paths:
        text = read_yaml_text(path, diagnostics, max_bytes=limits.max_bytes, folder=folder)
        if text is None:
            continue
        composed = compose_yaml(
            text,
            path,
            diagnostics,
            max_alias_nodes=limits.max_alias_nodes,
            top_duplicates=policy,
        )
        raw = composed.raw
        if not composed.ok or raw is None:
            continue  # unparsable (reported) or empty
        if not isinstance(raw, dict):
            diagnostics.error(
                "briefgen.wrong-type",
                f"expected a mapping of {noun} ids to entries but got {_kind(raw)}",
                composed.positions.at(),
            )
            continue
        state = Coercion(composed.positions, diagnostics, set(composed.rejected))
        screen = not nothing_to_screen(text, limits.max_chars)
        for entry_id, entry_raw in raw.items():
            key_location = composed.positions.key_at(entry_id)
            if not _valid_id(entry_id, key_location, noun, diagnostics):
                broken_phrases.extend(_written_phrases([entry_raw]))
                continue
            if entry_id in first_defined:
                first = first_defined[entry_id]
                diagnostics.error(
                    duplicate_code,
                    f"duplicate {noun} '{entry_id}' "
                    f"(first defined at {first.path}:{first.line}:{first.col})",
                    key_location,
                )
                continue
            first_defined[entry_id] = key_location
            mark = len(diagnostics.items)
            screened: Raw | None = entry_raw
            if screen:
                screened = screen_values(entry_raw, diagnostics, max_chars=limits.max_chars)
            value = _validate(screened, model, state, (entry_id,))
            if value is not None and not _errors_since(diagnostics, mark):
                entries[entry_id] = Loaded(value, composed.positions.sub(entry_id))
            else:
                broken.add(entry_id)
                broken_phrases.extend(_written_phrases([entry_raw]))
    return Register(entries, frozenset(broken), tuple(broken_phrases))


def _validate(raw: Any, model: type[M], state: Coercion, path: KeyPath) -> M | None:
    """Coerce and validate one mapping; report problems at their places."""
    if not isinstance(raw, dict):
        found = "nothing" if isinstance(raw, RawScalar) and raw.is_null else _kind(raw)
        diagnostics = state.diagnostics
        diagnostics.error(
            "briefgen.wrong-type",
            f"expected a mapping (a {model.noun}) but got {found}",  # type: ignore[attr-defined]
            state.positions.at(*path),
        )
        return None
    arguments = coerce_model(raw, model, path, state)
    try:
        return model.model_validate(arguments)
    except ValidationError as error:
        positions = state.positions.sub(*path)
        reported = {key[len(path) :] for key in state.reported if key[: len(path)] == path}
        report_validation_error(error, model, positions, state.diagnostics, reported)
        return None


def _valid_id(entry_id: str, location: Location, noun: str, diagnostics: DiagnosticList) -> bool:
    if re.fullmatch(ID_PATTERN, entry_id):
        return True
    hint = id_suggestion(entry_id, FixAction.REPLACE_KEY)
    diagnostics.error(
        "briefgen.bad-id",
        f"expected a {noun} id of lowercase letters, digits and hyphens "
        f"but got '{excerpt(entry_id)}'{hint.words}",
        location,
        hint.fix,
    )
    return False


def _kind(raw: Any) -> str:
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "a mapping"
    if isinstance(raw, RawScalar):
        return f"the string '{excerpt(raw.text)}'" if raw.text else "nothing"
    return "nothing"


def _errors_since(diagnostics: DiagnosticList, mark: int) -> bool:
    """Whether an error was added after ``mark`` (a former ``len(diagnostics.items)``)."""
    return any(item.severity is Severity.ERROR for item in diagnostics.items[mark:])
