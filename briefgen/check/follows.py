"""Follow-ups checked against the briefings they name, and the track-record warning.

Each briefing is checked on its own first (its follow-ups' quotes are
anchored with its other quotes); which claim a follow-up settles can only be
checked once every briefing has been read.  Every briefing, with errors or
without, :class:`Declared` what the others are checked against: its slug,
date, status, claim ids and its own follow-ups.  So a follow-up of a
briefing that has errors of its own is still checked against the claim ids
that briefing declares, and its errors do not cascade into the follow-up's.

This runs in every build over every briefing's :class:`Declared` (cached
briefings included), so what another briefing declares is never stale.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.check.registers import Registers
from briefgen.diagnostics import DiagnosticList, Location, Suggestion, suggest, suggestion_of
from briefgen.model import Briefing, ClaimRef, sortable_date
from briefgen.model.claims import Ledger, record_contradicts, record_counts
from briefgen.sidecar import Loaded, Salvaged
from briefgen.sidecar.schema import Sidecar


@dataclass(frozen=True)
class Followed:
    """One follow-up as written: the claim it names, its outcome, where."""

    target: ClaimRef
    outcome: str
    location: Location  # the ``claim`` value


@dataclass(frozen=True)
class Declared:
    """What one briefing declares that follow-ups are checked against (see the module)."""

    slug: str
    path: Path  # its sidecar
    date: dt.date | dt.datetime | None  # None: not known (its own error says why)
    draft: bool
    claim_ids: tuple[str, ...]
    follows: tuple[Followed, ...]


def declared_by_briefing(briefing: Briefing) -> Declared:
    """What a briefing that checked without errors declares."""
    return Declared(
        slug=briefing.slug,
        path=briefing.sidecar_path,
        date=briefing.date,
        draft=briefing.draft,
        claim_ids=tuple(c.id for c in briefing.claims if c.id is not None),
        follows=tuple(
            Followed(f.target, f.outcome, f.location or Location(briefing.sidecar_path))
            for f in briefing.follows
        ),
    )


def declared_by_sidecar(loaded: Loaded[Sidecar] | Salvaged, slug: str) -> Declared:
    """What a briefing with errors declares, as its sidecar has it."""
    at = loaded.positions.at
    if isinstance(loaded, Salvaged):
        return Declared(
            slug=slug,
            path=loaded.path,
            date=loaded.date,
            draft=loaded.draft,
            claim_ids=tuple(claim_id for _, claim_id in loaded.claim_ids),
            follows=tuple(
                Followed(ClaimRef.parse(claim), outcome, at("follows", index, "claim"))
                for index, claim, outcome in loaded.follows
            ),
        )
    sidecar = loaded.value
    return Declared(
        slug=slug,
        path=loaded.path,
        date=sidecar.date,
        draft=sidecar.status == "draft",
        claim_ids=tuple(c.id for c in sidecar.claims if c.id is not None),
        follows=tuple(
            Followed(ClaimRef.parse(f.claim), f.outcome, at("follows", index, "claim"))
            for index, f in enumerate(sidecar.follows)
        ),
    )


def check_follows(
    declared: Sequence[Declared],
    diagnostics: DiagnosticList,
    report: Collection[Path] | None = None,
) -> None:
    """Every follow-up checked against the briefing it names; conflicts between them.

    ``report``: the sidecars whose problems are reported (default: all), when
    only some briefings are being checked.
    """
    by_slug: dict[str, Declared] = {}
    for item in declared:
        by_slug.setdefault(item.slug, item)

    def reported(item: Declared) -> bool:
        return report is None or item.path in report

    for item in declared:
        if reported(item):
            for follow in item.follows:
                _check_one(item, follow, by_slug, diagnostics)
    _conflicts([d for d in declared if not d.draft], diagnostics, reported)


def _check_one(
    item: Declared, follow: Followed, by_slug: dict[str, Declared], diagnostics: DiagnosticList
) -> None:
    target = follow.target
    if target.slug == item.slug:
        diagnostics.error(
            "briefgen.follows-own-claim",
            f"'{target}' is a claim of this briefing; follows: names claims of earlier "
            "briefings",
            follow.location,
        )
        return
    earlier = by_slug.get(target.slug)
    if earlier is None:
        every_claim = [f"{d.slug}#{i}" for d in by_slug.values() for i in d.claim_ids]
        closest = suggest(str(target), every_claim, most=3)
        if closest.fix is None:
            slugs = suggest(target.slug, [s for s in by_slug if s != item.slug], most=3)
            closest = _as_refs(slugs, lambda slug: f"{slug}#{target.claim_id}", say_whole=True)
        diagnostics.error(
            "briefgen.unknown-briefing",
            f"unknown briefing slug '{target.slug}' in claim '{target}'{closest.words}",
            follow.location,
            closest.fix,
        )
        return
    if target.claim_id not in earlier.claim_ids:
        fix = None
        if earlier.claim_ids:
            ids = suggest(target.claim_id, list(earlier.claim_ids), most=3)
            refs = _as_refs(ids, lambda i: f"{target.slug}#{i}", say_whole=False)
            hint, fix = refs.words, refs.fix
        else:
            hint = (
                f"; none of its claims has an id: give the claim an 'id:' in "
                f"{earlier.path.name}"
            )
        diagnostics.error(
            "briefgen.unknown-claim",
            f"briefing '{target.slug}' has no claim with id '{target.claim_id}'{hint}",
            follow.location,
            fix,
        )
    if (
        item.date is not None
        and earlier.date is not None
        and sortable_date(earlier.date) > sortable_date(item.date)
    ):
        diagnostics.error(
            "briefgen.follows-later-claim",
            f"'{target}' is a claim of a briefing dated {_day(earlier.date)}, after this "
            f"one ({_day(item.date)}); a briefing settles only earlier claims",
            follow.location,
        )
    if earlier.draft and not item.draft:
        diagnostics.error(
            "briefgen.follows-draft",
            f"'{target}' is a claim of a draft; a published briefing cannot settle it until "
            f"'{target.slug}' is published (or make this briefing a draft too)",
            follow.location,
        )


def _conflicts(
    declared: Iterable[Declared],
    diagnostics: DiagnosticList,
    reported: Callable[[Declared], bool],
) -> None:
    """Two follow-ups of one claim dated the same day must give the same outcome."""
    same_day: dict[tuple[ClaimRef, str], list[tuple[Declared, Followed]]] = defaultdict(list)
    for item in declared:
        if item.date is None:
            continue
        for follow in item.follows:
            same_day[(follow.target, _day(item.date))].append((item, follow))
    for (target, day), found in sorted(same_day.items()):
        if len({follow.outcome for _, follow in found}) < 2:
            continue
        found.sort(key=lambda pair: _place(pair[1].location))
        first_item, first = found[0]
        for item, follow in found[1:]:
            if follow.outcome == first.outcome or not reported(item):
                continue
            where = first.location
            diagnostics.error(
                "briefgen.conflicting-outcomes",
                f"this follow-up says '{target}' was {follow.outcome}, but "
                f"{_shown(where)} ('{first_item.slug}', dated the same day, {day}) says "
                f"{first.outcome}; follow-ups of one claim on one day must agree",
                follow.location,
            )


def record_warnings(
    briefings: Sequence[Briefing],
    book: Ledger,
    registers: Registers,
    diagnostics: DiagnosticList,
) -> None:
    """``briefgen.record-vs-grade`` at each register entry its track record contradicts."""
    records = record_counts(briefings, book)
    for source_id, source in registers.sources.items():
        counts = records.get(source_id)
        if counts is None:
            continue
        shows = record_contradicts(source.reliability, counts)
        if shows is None:
            continue
        diagnostics.warning(
            "briefgen.record-vs-grade",
            f"source '{source_id}' is graded {source.reliability} ({source.reliability_words}) "
            f"but {shows} (confirmed {counts['confirmed']}, partly {counts['partly']}, "
            f"refuted {counts['refuted']}, open {counts['open']}); review its reliability",
            registers.reliability_at.get(source_id),
        )


def _as_refs(found: Suggestion, ref: Callable[[str], str], *, say_whole: bool) -> Suggestion:
    """A suggestion of slugs or claim ids whose fix writes the whole ``slug#id``
    (the value of ``claim``); ``say_whole``: its words say the whole too."""
    if found.fix is None:
        return found
    values = [ref(found.fix.value), *(ref(v) for v in found.fix.alternatives)]
    whole = suggestion_of(values, found.fix.action)
    return whole if say_whole else Suggestion(found.words, whole.fix)


def _day(date: dt.date | dt.datetime) -> str:
    return sortable_date(date)[:10]


def _place(location: Location) -> tuple[str, int, int]:
    return (location.path.as_posix(), location.line, location.col)


def _shown(location: Location) -> str:
    return f"{location.path}:{location.line}:{location.col}"
