"""The one exception a build step raises to stop the build."""

from __future__ import annotations


class BuildError(Exception):
    """A build step failed; the message says what happened."""
