"""What one Pelican run shares between the plugin's parts, passed through Pelican itself.

``briefgen build`` puts a :class:`PublishRequest` into Pelican's settings
(under :data:`REQUEST`).  At Pelican's ``initialized`` signal the plugin
makes one :class:`PluginState` from it and keeps it in the same settings
(under :data:`STATE`), where the reader, the generators and the writer find
it: Pelican hands each of them its settings.  At ``finalized`` the state is
closed, what the run produced is handed back as ``request.outcome``, and the
state is dropped.  A run that fails before ``finalized`` is closed by
:func:`close_state`, which the build calls whatever happened.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from briefgen.incremental import digest
from briefgen.model.page import SiteListings, from_plain
from briefgen.publish.plugin.bodies import Bodies
from briefgen.settings import Parallel

REQUEST = "BRIEFGEN_PUBLISH"
STATE = "BRIEFGEN_STATE"


class ReadMemo(Protocol):
    """What the reader may reuse, by digest of a file's bytes: the page record as
    plain data (:func:`briefgen.model.page.to_plain`) and the summary's HTML."""

    def get(self, key: str) -> tuple[dict[str, Any], str] | None: ...

    def put(self, key: str, record: dict[str, Any], summary: str) -> None: ...


class NoMemo:
    """A :class:`ReadMemo` that remembers nothing."""

    def get(self, key: str) -> tuple[dict[str, Any], str] | None:
        return None

    def put(self, key: str, record: dict[str, Any], summary: str) -> None:
        pass


Stamp = tuple[int, int, int, int]  # inode, size, modification and change time (ns)
# An article's metadata as plain data: per key, the value's kind and what makes it again.
Row = dict[str, tuple[str, Any]]


class ListedMemo(Protocol):
    """The listing row of each rendered file (see :mod:`briefgen.publish.plugin.listed`),
    by its path: the file's stamp and digest when the row was made, and the row."""

    def get(self, key: str) -> tuple[Stamp, str, Row] | None: ...

    def put(self, key: str, stamp: Stamp, data_hash: str, row: Row) -> None: ...


class NoListing:
    """A :class:`ListedMemo` that remembers nothing."""

    def get(self, key: str) -> tuple[Stamp, str, Row] | None:
        return None

    def put(self, key: str, stamp: Stamp, data_hash: str, row: Row) -> None:
        pass


@dataclass
class PublishRequest:
    """What ``briefgen build`` asks of one Pelican run."""

    site_listings: Path  # site.json: what the glossary and sources pages show
    parallel: Parallel = field(default_factory=Parallel)
    bodies: list[str] = field(default_factory=list)  # rendered briefings to make HTML of meanwhile
    old_pages: dict[str, str] = field(default_factory=dict)  # page -> fingerprint, previous output
    # The previous output, whose unchanged pages are hard-linked one by one
    # when the writer reaches them; None for a full build (nothing to reuse).
    previous_output: str | None = None
    read_memo: ReadMemo = field(default_factory=NoMemo)
    # What each theme template reads (see writer.template_variables), by digest
    # of its source: the build's record, to which the run adds what it parsed.
    template_names: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    # The listing row of each rendered file read before (see .listed).
    listed: ListedMemo = field(default_factory=NoListing)
    on_page: Callable[[], None] | None = None
    # Called with the output folder and the pages' fingerprints so far each
    # time Pelican has written another month of briefings' pages, and once it
    # has written them all (the build starts their search shards meanwhile).
    on_pages_written: Callable[[str, dict[str, str]], None] | None = None
    outcome: PublishOutcome | None = None  # set when the run finished


@dataclass
class PublishOutcome:
    """What one Pelican run wrote: every page's fingerprint, and how many were rendered."""

    pages: dict[str, str]
    written: int
    skipped: int
    read: int = 0  # rendered briefings read (the others came from their listing rows)


@dataclass
class PageReuse:
    """Which pages one run may reuse from the previous output, and which it made."""

    old_pages: dict[str, str]
    previous_output: str | None
    on_page: Callable[[], None] | None = None
    new_pages: dict[str, str] = field(default_factory=dict)
    written: int = 0
    skipped: int = 0
    _folders: threading.Thread | None = field(default=None, init=False, repr=False)
    _made: tuple[str, list[str]] = field(default=("", []), init=False, repr=False)

    def make_folders(self, staging: str) -> None:
        """Start creating the old pages' folders in ``staging``, in a thread.

        Creating ~1,400 folders is ~0.1-0.25 s of system calls (which release
        the GIL); done meanwhile, Pelican finds them there when it writes.
        """
        folders = sorted({os.path.dirname(os.path.join(staging, n)) for n in self.old_pages})
        self._made = (staging, folders)

        def make() -> None:
            for folder in folders:
                # On failure it is made again (or reported) when a page is written there.
                with contextlib.suppress(OSError):
                    os.makedirs(folder, exist_ok=True)

        self._folders = threading.Thread(target=make, daemon=True)
        self._folders.start()

    def finish(self) -> None:
        """Wait for :meth:`make_folders` (before the staging folder is moved or removed).

        Then remove the folders it made that no page went into (a page that
        is gone: a briefing removed, renamed or made a draft), so that the
        output is the one a full build makes.
        """
        if self._folders is not None:
            self._folders.join()
            staging, folders = self._made
            for folder in reversed(folders):  # deepest first
                while folder != staging and folder.startswith(staging):
                    try:
                        os.rmdir(folder)  # only if empty
                    except OSError:
                        break
                    folder = os.path.dirname(folder)

    def decide(self, name: str, fingerprint: str, staging: str) -> bool:
        """Record page ``name``; True if it must be rendered, False if it was linked."""
        self.new_pages[name] = fingerprint
        if self.old_pages.get(name) == fingerprint and self.link_page(name, staging):
            self.skipped += 1
            return False
        self.written += 1
        if self.on_page is not None:
            self.on_page()
        return True

    def link_page(self, name: str, staging: str) -> bool:
        """Hard-link page ``name`` of the previous output into ``staging``; False if gone."""
        if self.previous_output is None:
            return False
        target = os.path.join(staging, name)
        source = os.path.join(self.previous_output, name)
        try:
            try:
                os.link(source, target)
            except FileNotFoundError:
                # Its folder is not made yet (make_folders runs meanwhile), or
                # the old page is gone (then the second link fails too).
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.link(source, target)
        except OSError:
            return False
        return True


class PluginState:
    """The plugin's state for one Pelican run; see the module docstring."""

    def __init__(self, request: PublishRequest, output_path: str) -> None:
        self.request = request
        self.parallel = request.parallel
        self.read_memo = request.read_memo
        from briefgen.publish.plugin.listed import ListedBriefings  # imports Pelican

        self.listed = ListedBriefings(request.listed)
        # Each page's last change ("glossary/ypg/" -> "2025-02-06"), for the sitemap.
        self.page_dates: dict[str, str] = {}
        self.pages = PageReuse(request.old_pages, request.previous_output, request.on_page)
        if request.previous_output is not None:
            self.pages.make_folders(output_path)
        self.bodies = Bodies(request.bodies, request.parallel)
        self._site_listings: SiteListings | None = None
        self._month: tuple[int, int] | None = None  # of the briefing page written last
        # Fingerprints of values known without looking at them again, by id.
        self._fingerprints: dict[int, tuple[object, str]] = {}

    def site_listings(self) -> SiteListings:
        """The decoded ``site.json``; the generators only read it, so one decoding is shared."""
        if self._site_listings is None:
            path = self.request.site_listings
            plain = json.loads(path.read_bytes()) if path.is_file() else {}
            listings = from_plain(SiteListings, plain)
            self._fingerprint_listings(listings, plain)
            self._site_listings = listings
        return self._site_listings

    def article_starting(self, date: Any, output_path: str) -> None:
        """Pelican is about to write the page of a briefing of this ``date``
        (``article_generator_write_article``): newest first, so when its month
        is not the last one's, the last one's pages are all written."""
        month = (date.year, date.month)
        if self._month is not None and month != self._month:
            self._pages_written(output_path)
        self._month = month

    def articles_written(self, output_path: str) -> None:
        """Pelican wrote every briefing's page (``article_writer_finalized``)."""
        self.bodies.close()  # every body was taken
        self._pages_written(output_path)

    def _pages_written(self, output_path: str) -> None:
        if self.request.on_pages_written is not None:
            self.request.on_pages_written(output_path, dict(self.pages.new_pages))
    def _fingerprint_listings(self, listings: SiteListings, plain: dict[str, Any]) -> None:
        """Fingerprint each entry of the listings, and each section, from the JSON it
        was decoded from (what the writer would otherwise make of the records again,
        entry by entry, for every glossary and sources page)."""
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                  check_circular=False).encode
        for section in ("terms", "sources"):
            records: dict[str, Any] = getattr(listings, section)
            plains = plain.get(section) or {}
            entries = []
            for key, record in records.items():
                # Written with its keys sorted (model.page.dumps): the same entry, the same text.
                fingerprint = digest("listing", section, encode(plains[key]))
                self._fingerprints[id(record)] = (record, fingerprint)
                entries.append(f"{key}\0{fingerprint}")
            self._fingerprints[id(records)] = (records, digest("listings", section, *entries))

    def known_fingerprint(self, value: object) -> str | None:
        """The fingerprint of ``value`` if this run already knows it (see
        :meth:`site_listings`), else None."""
        known = self._fingerprints.get(id(value))
        return known[1] if known is not None and known[0] is value else None

    def close(self) -> PublishOutcome:
        self.bodies.close()
        self.pages.finish()
        return PublishOutcome(self.pages.new_pages, self.pages.written, self.pages.skipped,
                              len(self.listed.read))


def plugin_state(settings: dict[str, Any]) -> PluginState | None:
    """The state of the run these Pelican settings belong to (None outside a build)."""
    state = settings.get(STATE)
    return state if isinstance(state, PluginState) else None


def open_state(settings: dict[str, Any]) -> PluginState | None:
    """``initialized``: make the run's state from the request; None if there is none."""
    request = settings.get(REQUEST)
    if not isinstance(request, PublishRequest):
        return None
    state = PluginState(request, str(settings["OUTPUT_PATH"]))
    settings[STATE] = state
    return state


def close_state(settings: dict[str, Any]) -> None:
    """``finalized`` (or a failed run): close the state, hand back its outcome, drop it."""
    state = settings.pop(STATE, None)
    if isinstance(state, PluginState):
        state.request.outcome = state.close()
