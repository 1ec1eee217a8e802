"""Placeholders left in a sidecar: text that ``briefgen new`` wrote for the editor to replace.

A placeholder is a text value that starts with ``TODO`` (the summary, a
source's label or note, a claim's note, a local term's definition), or a
date written ``TODO 2025-02-06`` (:class:`~briefgen.sidecar.schema.PlaceholderDate`:
the article gave none).  In a preview it is a warning, not an error, so that
a fresh scaffold builds and the editor sees the page at once; the warning
stays until the text is written.  A build that publishes the site (``make
publish``) refuses a briefing that is not a draft and still has one: readers
would see the TODO.
"""

from __future__ import annotations

from briefgen.check.context import SidecarCheck
from briefgen.sidecar.schema import PlaceholderDate

MARKER = "TODO"


def is_placeholder(text: str | None) -> bool:
    return text is not None and text.lstrip().startswith(MARKER)


def placeholders(check: SidecarCheck, *, publishing: bool = False) -> None:
    """A warning for each placeholder; under ``publishing`` an error, unless a draft."""
    sidecar = check.sidecar
    found: list[tuple[str, tuple[str | int, ...]]] = []
    if isinstance(sidecar.date, PlaceholderDate):
        found.append(("date", ("date",)))
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
    refused = publishing and sidecar.status != "draft"
    for what, path in found:
        message = f"the {what} is still a placeholder; write it (and remove 'TODO')"
        if refused:
            check.error(
                "briefgen.placeholder",
                f"{message}: a published briefing cannot keep one (or keep it a draft: "
                "status: draft)",
                check.at(*path),
            )
        else:
            check.warning("briefgen.placeholder", message, check.at(*path))
