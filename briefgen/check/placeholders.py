"""Placeholders left in a sidecar: text that ``briefgen new`` wrote for the editor to replace.

A placeholder is a text value that starts with ``TODO`` (the summary, a
source's label or note, a claim's note, a local term's definition).  It is a
warning, not an error, so that a fresh scaffold builds and the editor sees
the page at once; the warning stays until the text is written.
"""

from __future__ import annotations

from briefgen.check.context import SidecarCheck

MARKER = "TODO"


def is_placeholder(text: str | None) -> bool:
    return text is not None and text.lstrip().startswith(MARKER)


def placeholder_warnings(check: SidecarCheck) -> None:
    sidecar = check.sidecar
    found: list[tuple[str, tuple[str | int, ...]]] = []
    if is_placeholder(sidecar.summary):
        found.append(("summary", ("summary",)))
    for index, source in enumerate(sidecar.sources):
        for key in ("label", "note"):
            if is_placeholder(getattr(source, key, None)):
                found.append((f"{key} of source '{source.id}'", ("sources", index, key)))
    for index, claim in enumerate(sidecar.claims):
        if is_placeholder(claim.note):
            found.append((f"note of claim {index + 1}", ("claims", index, "note")))
    for index, term in enumerate(sidecar.glossary):
        if is_placeholder(term.definition):
            found.append((f"definition of term '{term.id}'", ("glossary", index, "definition")))
    for what, path in found:
        check.warning(
            "briefgen.placeholder",
            f"the {what} is still a placeholder; write it (and remove 'TODO')",
            check.at(*path),
        )
