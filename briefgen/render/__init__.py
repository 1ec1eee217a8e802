"""Render: one Markdown briefing per article, through Jinja templates.

The Markdown goes to ``.briefgen/rendered/`` (git-ignored) where a person can
read exactly what Pelican receives.  Each file starts with a front matter,
the page's record (:class:`briefgen.model.page.BriefingPage` in the JSON of
:func:`briefgen.model.page.dumps`), followed by the briefing's sections.

The page is CommonMark with inline HTML (see :mod:`briefgen.markup`): any
CommonMark engine makes the page's HTML from it, with no plugin.  The Jinja
environment escapes every value for CommonMark unless it is already
:class:`~briefgen.render.escape.Markdown` (our own HTML, or an editor's
inline Markdown prepared by :func:`inline_markdown`), which is the Markdown
counterpart of HTML autoescaping.  Editor text is only ever a value passed
to a template, never a template itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2

from briefgen import markup
from briefgen.editor_markdown import inline_html
from briefgen.model import Briefing, Site
from briefgen.model import page as page_codec
from briefgen.render.annotate import Annotation, annotated_body
from briefgen.render.claims import (
    ClaimsView,
    claims_view,
    claims_views,
    day_words,
    outcome_sentence,
    settles_sentence,
    settles_words,
)
from briefgen.render.escape import Markdown, escape_text, inline_markdown
from briefgen.render.page import briefing_page, own_language
from briefgen.render.record import RenderedRecord
from briefgen.settings import Parallel
from briefgen.typography import nested_quotes
from briefgen.workers import ordered_map

TEMPLATES = Path(__file__).parent / "templates"
EMPTY_VIEW = ClaimsView()  # a page that shows nothing of other briefings


def _finalize(value: object) -> object:
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_text(value)
    return value


def _target(kind: str, key: str) -> Markdown:
    return Markdown(markup.target(kind, key))


def _strong(text: str) -> Markdown:
    return Markdown(markup.strong(text if isinstance(text, Markdown) else escape_text(text)))


def _link(href: str, text: str) -> Markdown:
    """A link (``href`` one of ours) around ``text`` (escaped unless it is Markdown)."""
    inner = text if isinstance(text, Markdown) else escape_text(text)
    return Markdown(f'<a href="{markup.escape_html(href)}">{inner}</a>')


def _section_open(name: str) -> Markdown:
    return Markdown(markup.section_open(name))


def sources_table(briefing: Briefing) -> Markdown:
    """The briefing's sources as an HTML table (an HTML block: the engine reads no
    Markdown in it, so every value is HTML here, escaped or rendered)."""
    rows = []
    for source in briefing.sources:
        name = markup.escape_html(source.name)
        if source.shared:
            href = markup.escape_html(f"{markup.BRIEFING_ROOT}sources/{source.id}/")
            name = f'<a href="{href}">{name}</a>'
        about = source.note or source.rationale
        cells = (
            name,
            markup.escape_html(source.kind.replace("-", " ")),
            markup.escape_html(markup.reliability_rating(source.reliability)),
            inline_html(about, markup.BRIEFING_ROOT) if about else "",
        )
        rows.append("<tr>\n" + "".join(f"<td>{cell}</td>\n" for cell in cells) + "</tr>\n")
    columns = ("Source", "Kind", "Reliability", "About")
    head = "".join(f'<th scope="col">{column}</th>\n' for column in columns)
    return Markdown(
        f"<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table>"
    )


def create_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # Markdown, not HTML: _finalize escapes for Markdown instead
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The HTML, anchors and grade words of the markup contract, as values:
    # the template spells none of them.
    env.globals.update(
        target=_target,
        strong=_strong,
        link=_link,
        section_open=_section_open,
        section_close=Markdown(markup.SECTION_CLOSE),
        credibility_grade=markup.credibility_grade,
        reliability_rating=markup.reliability_rating,
    )
    return env


def annotations_of(briefing: Briefing, view: ClaimsView | None = None) -> list[Annotation]:
    """The claims, notes, follow-ups and first-use terms of a briefing as annotations.

    ``view`` (:func:`briefgen.render.claims.claims_views`): what other
    briefings say of its claims, and the claims its follow-ups settle.
    """
    view = view or ClaimsView()
    annotations: list[Annotation] = []
    for claim in briefing.claims:
        source = claim.source
        heading = escape_text(markup.tip_heading(markup.CLAIM, claim.credibility))
        grade = escape_text(markup.reliability_grade(source.reliability))
        tip = f"{markup.strong(heading)} Source: {escape_text(source.name)}, {grade}."
        if claim.note:
            tip += f" {inline_markdown(claim.note)}"
        settled = view.settled.get(claim.key)
        if settled is not None:
            tip += f" {outcome_sentence(settled)}"
        head = markup.Head(
            markup.CLAIM, claim.key, claim.number, source.id, claim.credibility,
            outcome=settled.outcome if settled is not None else "",
        )
        annotations.append(Annotation(claim.span.start, claim.span.end, head, Markdown(tip)))
    for follow in view.follows:
        heading = escape_text(markup.tip_heading(markup.FOLLOW, outcome=follow.outcome))
        tip = f"{markup.strong(heading)} {settles_sentence(follow)}"
        if follow.note:
            tip += f" {inline_markdown(follow.note)}"
        head = markup.Head(
            markup.FOLLOW, follow.key, follow.number, outcome=follow.outcome,
            slug=follow.claim.briefing.slug, claim=follow.claim.claim_id,
        )
        annotations.append(Annotation(follow.start, follow.end, head, Markdown(tip)))
    for note in briefing.notes:
        heading = escape_text(markup.tip_heading(markup.NOTE))
        tip = f"{markup.strong(heading)} {inline_markdown(note.text)}"
        head = markup.Head(markup.NOTE, note.key, note.number)
        annotations.append(Annotation(note.span.start, note.span.end, head, Markdown(tip)))
    for term, match in briefing.terms:
        name = escape_text(term.term)
        if term.expansion:
            name = Markdown(f"{name} ({escape_text(term.expansion)})")
        tip = f"{markup.strong(f'{name}:')} {inline_markdown(term.definition)}"
        head = markup.Head(markup.TERM, term.id, local=not term.shared)
        annotations.append(Annotation(match.span.start, match.span.end, head, Markdown(tip)))
    return annotations


def render_briefing(
    env: jinja2.Environment,
    briefing: Briefing,
    site: Site,
    by_slug: dict[str, Briefing] | None = None,
    view: ClaimsView | None = None,
) -> str:
    """The Markdown document of one briefing (pass ``by_slug`` and its ``view``,
    from :func:`~briefgen.render.claims.claims_views`, when rendering many)."""
    by_slug = by_slug if by_slug is not None else site.by_slug()
    view = view if view is not None else claims_view(briefing, site)
    template = env.get_template("briefing.md.j2")
    language = briefing.language or site.language
    own = own_language(briefing, site)

    def quoted(text: str) -> Markdown:
        """Article words inside double quotation marks, in their language."""
        escaped = escape_text(nested_quotes(text))
        return Markdown(f"“{markup.in_language(own, escaped) if own else escaped}”")

    ui_language = site.language if own else None
    return template.render(
        front_matter=Markdown(page_codec.dumps(briefing_page(briefing, site, view))),
        briefing=briefing,
        summary=inline_markdown(briefing.summary, line_start=True),
        body=annotated_body(briefing.article, annotations_of(briefing, view), ui_language),
        view=view,
        outcome_sentence=outcome_sentence,
        settles_sentence=settles_sentence,
        settles_words=settles_words,
        day_words=day_words,
        body_open=Markdown(markup.article_body_open(language)),
        sources_table=sources_table(briefing) if briefing.sources else None,
        md=inline_markdown,
        root=markup.BRIEFING_ROOT,
        by_slug=by_slug,
        quoted=quoted,
        passage_id=markup.passage_id,
    )


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds it; True if written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def render_key(
    briefing: Briefing,
    inputs_key: str,
    by_slug: dict[str, Briefing],
    site_language: str = "",
    view: ClaimsView | None = None,
) -> str:
    """What a rendered briefing depends on beyond its own inputs: its related
    titles, the site's language, and what it shows of other briefings' claims
    and follow-ups (``view``, the very value the page is made from)."""
    related = [
        f"{link.slug}\0{by_slug[link.slug].title}\0{link.reason}\0{link.note}"
        for link in briefing.related
    ]
    # Most pages show nothing of other briefings: their view need not be encoded.
    shown = "" if view is None or view == EMPTY_VIEW else page_codec.dumps(view)
    text = "\n".join([inputs_key, site_language, *related, shown]).encode("utf-8")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def page_keys(
    site: Site,
    inputs_key: Callable[[Briefing], str | None],
    views: dict[str, ClaimsView] | None = None,
) -> dict[str, str | None]:
    """Each page's :func:`render_key` by slug (None where its inputs' key is unknown).

    A page's Markdown and its page record are made from what the key covers
    and nothing else: an export made from the record may be keyed by it too.
    """
    by_slug = site.by_slug()
    views = views if views is not None else claims_views(site)
    keys: dict[str, str | None] = {}
    for briefing in site.pages:
        own = inputs_key(briefing)
        keys[briefing.slug] = None if own is None else render_key(
            briefing, own, by_slug, site.language, views[briefing.slug]
        )
    return keys


def render_site(
    site: Site,
    folder: Path,
    *,
    inputs_key: Callable[[Briefing], str | None] | None = None,
    record: RenderedRecord | None = None,
    on_briefing: Callable[[], None] | None = None,
    parallel: Parallel | None = None,
    views: dict[str, ClaimsView] | None = None,
    keys: dict[str, str | None] | None = None,
) -> list[Path]:
    """Write every briefing's Markdown (drafts too) under ``folder``; remove stale ones.

    Returns the paths written (unchanged files are left alone).  With
    ``inputs_key`` (the key of a briefing's inputs) and ``record`` (a
    :class:`briefgen.render.record.RenderedRecord`) a briefing whose inputs
    and related titles did not change since the last build is not rendered.
    ``views`` and ``keys`` (from :func:`~briefgen.render.claims.claims_views`
    and :func:`page_keys`), when the caller has them, are not made again.
    """
    folder.mkdir(parents=True, exist_ok=True)
    by_slug = site.by_slug()
    views = views if views is not None else claims_views(site)
    if keys is None and inputs_key is not None:
        keys = page_keys(site, inputs_key, views)
    wanted: set[Path] = set()
    todo: list[tuple[int, Path]] = []
    for index, briefing in enumerate(site.pages):
        path = folder / "briefings" / f"{briefing.slug}.md"
        wanted.add(path)
        key = keys.get(briefing.slug) if keys is not None else None
        if key is not None and record is not None:
            unchanged = record.unchanged(path.name, key)
            if unchanged and path.is_file():
                continue
        todo.append((index, path))
    rendered = _render_all(site, by_slug, views, todo, on_briefing, parallel or Parallel())
    written = [path for path, changed in rendered if changed]
    for stale in sorted((folder / "briefings").glob("*.md")):
        if stale not in wanted:
            stale.unlink()
    return written


def _render_all(
    site: Site,
    by_slug: dict[str, Briefing],
    views: dict[str, ClaimsView],
    todo: list[tuple[int, Path]],
    on_briefing: Callable[[], None] | None,
    parallel: Parallel,
) -> Iterator[tuple[Path, bool]]:
    """Render and write ``todo`` (index into ``site.pages``, path), in order.

    Yields each path and whether its file changed.  Many briefings are
    rendered by worker processes (each is independent); the files written
    are the same.
    """
    env: jinja2.Environment | None = None  # one per process that renders

    def render_one(item: tuple[int, Path]) -> bool:
        nonlocal env
        if env is None:
            env = create_environment()
        index, path = item
        briefing = site.pages[index]
        text = render_briefing(env, briefing, site, by_slug, views[briefing.slug])
        return write_if_changed(path, text)

    changes = ordered_map(
        render_one, todo, workers=parallel.workers, min_items=parallel.min_parallel_renders
    )
    for (_index, path), changed in zip(todo, changes, strict=True):
        if on_briefing is not None:
            on_briefing()
        yield path, changed
