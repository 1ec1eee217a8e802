"""``briefgen new SOURCE``: start a briefing from a web address or a file, in one command.

It writes exactly two files under ``content/briefings/``: the article (a
downloaded page byte for byte as served, or a copy of the file) and its
sidecar, prefilled (:mod:`.scaffold`).  Everything is read, fetched and
checked before anything is written; nothing is ever overwritten; a slug
already used anywhere under ``briefings/`` is refused.  Every failure is one
:class:`NewError` line for the editor, and then nothing was written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from briefgen.check.registers import Registers, load_registers
from briefgen.diagnostics import DiagnosticList
from briefgen.ingest import ARTICLE_SUFFIXES, read_article
from briefgen.ingest.metadata import PageMetadata, read_page_metadata
from briefgen.model import Article
from briefgen.new.fetch import FetchError, Limits, fetch
from briefgen.new.scaffold import choose_outlet, make_slug, sidecar_text
from briefgen.sidecar import YamlLimits, site_schema
from briefgen.sidecar.schema import SLUG

SCHEMA_FILE = Path(".briefgen") / site_schema.SCHEMA_FILE  # kept by every build
FILE_SUFFIXES = (".txt", ".md", ".html", ".htm")


class NewError(Exception):
    """Why nothing was written, in one line."""


@dataclass(frozen=True)
class Request:
    source: str
    content: Path
    root: Path
    slug: str | None = None
    outlet: str | None = None
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class Written:
    article: Path
    sidecar: Path
    schema: Path | None = None  # the schema file, when there was none yet


def new_briefing(request: Request, today: dt.date | None = None) -> Written:
    """Make the two files; raise :class:`NewError` (having written nothing) on any failure."""
    briefings = request.content / "briefings"
    if not briefings.is_dir():
        raise NewError(f"{briefings}: no such folder (run in the site root, or pass --content)")
    if request.slug is not None and not SLUG.fullmatch(request.slug):
        raise NewError(f"bad slug '{request.slug}': expected lowercase letters, digits and '-'")
    data, suffix, fetched_from = _read_source(request)
    with tempfile.TemporaryDirectory(prefix="briefgen-new-") as folder:
        # Read exactly as the build will read it: the same file, the same reader.
        probe = Path(folder) / f"article{suffix}"
        probe.write_bytes(data)
        article = _read(probe, request.source)
    meta = _page_metadata(data, fetched_from) if suffix in (".html", ".htm") else None
    url = fetched_from and without_tracking(fetched_from)
    if meta is not None and meta.url is not None:
        url = meta.url  # the page's canonical address, not the one it was fetched at
    slug = request.slug or make_slug(article.headline or "")
    if not slug:
        raise NewError(f"{request.source}: the article has no headline to make a slug; pass --slug")
    _refuse_used_slug(briefings, slug)
    registers = _registers(request.content)
    # The outlet is matched by where the page came from as well as by where it says it lives.
    outlet = choose_outlet(registers, meta, fetched_from or url, request.outlet)
    article_path = briefings / f"{slug}{suffix}"
    sidecar_path = briefings / f"{slug}.yaml"
    schema_ref = os.path.relpath(request.root / SCHEMA_FILE, briefings)
    text = sidecar_text(
        article, meta, url, outlet, registers, schema_ref, today or dt.date.today()
    )
    _write_both(article_path, data, sidecar_path, text.encode("utf-8"))
    return Written(article_path, sidecar_path, _first_schema(request.root, registers))


def _first_schema(root: Path, registers: Registers) -> Path | None:
    """The schema the sidecar's first line names, written if no build has written it yet.

    So that the editor's YAML extension checks and completes the new sidecar
    at once; the build keeps it up to date (with the briefings' slugs too).
    """
    path = root / SCHEMA_FILE
    if path.exists():
        return None
    ids = site_schema.site_ids(
        ((i, s.kind) for i, s in registers.sources.items()), registers.glossary, ()
    )
    try:
        site_schema.write_site_schema(path.parent, ids)
    except OSError:
        return None  # a convenience for the editor's editor: the briefing is written
    return path


def _read_source(request: Request) -> tuple[bytes, str, str | None]:
    """The article's bytes, the suffix to save it with, and the address it came from."""
    source = request.source
    if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", source):
        try:
            fetched = fetch(source, request.limits)
        except FetchError as error:
            raise NewError(str(error)) from None
        return fetched.body, ".html", fetched.url
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise NewError(
            f"{source}: expected a .txt, .md or .html file or an http(s) URL"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NewError(f"{source}: cannot read the file: {error.strerror or error}") from None
    if len(data) > request.limits.max_bytes:
        raise NewError(f"{source}: the file is larger than {request.limits.max_bytes} bytes")
    return data, ".html" if suffix == ".htm" else suffix, None


def _read(path: Path, shown_as: str) -> Article:
    diagnostics = DiagnosticList()
    article = read_article(path, diagnostics, max_bytes=Limits().max_bytes)
    problems = [d.message for d in diagnostics.errors]
    if article is None or problems:
        reason = problems[0] if problems else "no article text found"
        raise NewError(f"{shown_as}: cannot use this article: {reason}")
    if not article.body_text.strip():
        raise NewError(f"{shown_as}: no article text found in it")
    return article


def _page_metadata(data: bytes, fetched_from: str | None) -> PageMetadata:
    return read_page_metadata(data.decode("utf-8", "replace"), base=fetched_from)


# Query parameters that say how a reader came to a page, not which page it is.
_TRACKING = re.compile(
    r"(?i)^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|ocid)$"
)


def without_tracking(url: str) -> str:
    """``url`` without its tracking parameters (``utm_source``, ``fbclid``...); the
    others are kept as written."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [
        piece
        for piece in parts.query.split("&")
        if piece and not _TRACKING.match(unquote_plus(piece.split("=", 1)[0]))
    ]
    return urlunsplit(parts._replace(query="&".join(kept)))


def _refuse_used_slug(briefings: Path, slug: str) -> None:
    """Refuse a slug that a file stem or a sidecar's ``slug:`` already uses."""
    declared = re.compile(rf"^slug:\s*[\"']?{re.escape(slug)}[\"']?\s*(#.*)?$", re.MULTILINE)
    for path in sorted(briefings.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue  # the build reads no link that could lead out of the folder either
        if path.stem == slug and (path.suffix.lower() in (*ARTICLE_SUFFIXES, ".yaml")):
            raise NewError(f"slug '{slug}' is already used by {path}; pass --slug")
        if path.suffix == ".yaml":
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if declared.search(text):
                raise NewError(f"slug '{slug}' is already used by {path} (its slug:); pass --slug")


def _registers(content: Path) -> Registers:
    return load_registers(content, DiagnosticList(), YamlLimits())


def _write_both(article: Path, data: bytes, sidecar: Path, text: bytes) -> None:
    """Create both files, never replacing one; on failure leave neither."""
    made: list[Path] = []
    try:
        for path, payload in ((article, data), (sidecar, text)):
            with path.open("xb") as handle:
                made.append(path)
                handle.write(payload)
    except OSError as error:
        for path in made:
            path.unlink(missing_ok=True)
        if isinstance(error, FileExistsError):
            raise NewError(f"{error.filename}: already exists; nothing was written") from None
        raise NewError(f"cannot write {error.filename}: {error.strerror}") from None
