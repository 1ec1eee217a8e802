"""``briefgen claims``: the site's claims with their grade and outcome.

``--open`` lists the claims not yet settled, oldest first (a desk's
follow-up list; with ``--older-than 30``, those a month old or more);
``--source ID`` one source's track record, with its counts by outcome.
``--format json`` gives the same for scripts.  Only published briefings
count: a draft's follow-ups settle nothing.  Briefings with errors are left
out (``briefgen check`` says what they are); a line on standard error says
how many.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Any

from briefgen.check import load_site
from briefgen.commands.site import add_site_options, site_settings
from briefgen.diagnostics import DiagnosticList, Severity, did_you_mean, one_line
from briefgen.model import Briefing, Claim, ClaimRef, Settlement, Site, sortable_date
from briefgen.model.claims import OPEN, RECORD_ORDER
from briefgen.printer import plural


def add_parser(commands: Any) -> None:
    help_text = "list the site's claims with their grade and outcome"
    command = commands.add_parser("claims", help=help_text, description=help_text)
    command.add_argument(
        "--open", action="store_true", help="only claims not yet settled, oldest first"
    )
    command.add_argument(
        "--older-than",
        type=int,
        metavar="DAYS",
        help="only claims of briefings published more than DAYS days ago",
    )
    command.add_argument("--source", metavar="ID", help="one source's claims: its track record")
    command.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    add_site_options(command)


@dataclass(frozen=True)
class Row:
    """One claim as the command lists it."""

    briefing: Briefing
    claim: Claim
    outcome: str  # confirmed, partly, refuted or open
    settlement: Settlement | None  # the follow-up that decides it, when one settles it
    history: list[Settlement]  # every follow-up of the claim, oldest first

    @property
    def name(self) -> str:
        """``slug#id`` as a follow-up names it; a claim without an id cannot be followed."""
        if self.claim.id is None:
            return f"{self.briefing.slug} claim {self.claim.number} (no id)"
        return f"{self.briefing.slug}#{self.claim.id}"


def claim_rows(
    site: Site,
    *,
    only_open: bool = False,
    older_than: int | None = None,
    source: str | None = None,
    today: dt.date | None = None,
) -> list[Row]:
    """The claims the options ask for: oldest first with ``only_open``, else newest first."""
    book = site.ledger
    cutoff = None
    if older_than is not None:
        cutoff = (today or dt.datetime.now(dt.UTC).date()) - dt.timedelta(days=older_than)
    rows = []
    for briefing in site.briefings:  # newest first
        if cutoff is not None and sortable_date(briefing.date)[:10] >= cutoff.isoformat():
            continue
        for claim in briefing.claims:
            if source is not None and claim.source.id != source:
                continue
            outcome = book.outcome(briefing.slug, claim.id)
            if only_open and outcome != OPEN:
                continue
            history = (
                book.history.get(ClaimRef(briefing.slug, claim.id), [])
                if claim.id is not None
                else []
            )
            rows.append(
                Row(briefing, claim, outcome, book.settlement(briefing.slug, claim.id), history)
            )
    if only_open:
        rows.reverse()
    return rows


def counts(rows: list[Row]) -> dict[str, int]:
    found = Counter(row.outcome for row in rows)
    return {outcome: found.get(outcome, 0) for outcome in RECORD_ORDER}


def text_lines(rows: list[Row]) -> list[str]:
    """One line per claim: name, date, source, grade, outcome (when and by which briefing)."""
    lines = []
    width = max((len(row.name) for row in rows), default=0)
    for row in rows:
        claim = row.claim
        outcome = row.outcome
        if row.settlement is not None:
            outcome += f" {row.settlement.day} by {row.settlement.slug}"
        lines.append(
            f"{row.name.ljust(width)}  {sortable_date(row.briefing.date)[:10]}  "
            f"{claim.source.id} ({claim.source.reliability})  "
            f"credibility {claim.credibility} ({claim.credibility_words})  {outcome}  "
            f"\"{one_line(claim.quote)}\""
        )
    return lines


def json_value(rows: list[Row]) -> dict[str, Any]:
    return {
        "claims": [
            {
                "claim": None if row.claim.id is None else row.name,
                "briefing": row.briefing.slug,
                "number": row.claim.number,
                "date": row.briefing.date.isoformat(),
                "source": row.claim.source.id,
                "source_name": row.claim.source.name,
                "reliability": row.claim.source.reliability,
                "credibility": row.claim.credibility,
                "credibility_words": row.claim.credibility_words,
                "quote": row.claim.quote,
                "outcome": row.outcome,
                "settled_by": None
                if row.settlement is None
                else _settlement_value(row.settlement),
                "follow_ups": [_settlement_value(s) for s in row.history],
            }
            for row in rows
        ],
        "counts": counts(rows),
    }


def _settlement_value(settlement: Settlement) -> dict[str, Any]:
    return {
        "briefing": settlement.slug,
        "date": settlement.date.isoformat(),
        "outcome": settlement.outcome,
    }


def run(args: argparse.Namespace) -> int:
    diagnostics = DiagnosticList()
    settings = site_settings(args, diagnostics)
    found = DiagnosticList()  # the content's problems: ``briefgen check`` shows them
    site = load_site(settings, found)
    source = args.source
    if source is not None and source not in site.sources:
        known = {c.source.id for b in site.briefings for c in b.claims} | set(site.sources)
        if source not in known:
            print(
                f"briefgen claims: unknown source '{source}'{did_you_mean(source, known)}",
                file=sys.stderr,
            )
            return 2
    rows = claim_rows(
        site, only_open=args.open, older_than=args.older_than, source=source
    )
    if args.format == "json":
        text = json.dumps(json_value(rows), ensure_ascii=False, indent=2)
    else:
        heading = [_record_heading(site, source, rows)] if source is not None else []
        text = "\n".join([*heading, *text_lines(rows)])
    try:
        if text:
            print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    errors = {d.location.path for d in found.items if d.severity is Severity.ERROR and d.location}
    if errors:
        print(
            f"briefgen claims: {plural(len(errors), 'file')} with errors left out; "
            "run briefgen check",
            file=sys.stderr,
        )
    return 0


def _record_heading(site: Site, source: str, rows: list[Row]) -> str:
    shared = site.sources.get(source)
    grade = f", graded {shared.reliability} ({shared.reliability_words})" if shared else ""
    name = shared.name if shared else source
    tally = ", ".join(f"{outcome} {count}" for outcome, count in counts(rows).items())
    return f"{source} ({name}){grade}: {tally}"
