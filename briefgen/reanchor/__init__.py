"""``briefgen reanchor``: follow the quotes of the sidecars when their articles change.

:mod:`.site` runs it over a site, :mod:`.history` keeps what the last
build anchored, :mod:`.previous` finds an article's previous text (that
record, or git), and :mod:`.edit` rewrites quotes in a sidecar's text.  The
decision itself is pure: :mod:`briefgen.anchor.relocate`.
"""

from __future__ import annotations

from briefgen.reanchor.site import ReanchorReport, history_path, reanchor_site

__all__ = ["ReanchorReport", "history_path", "reanchor_site"]
