"""Dates of briefings, as text that sorts in time order."""

from __future__ import annotations

import datetime as dt


def sortable_date(date: dt.date | dt.datetime) -> str:
    """A date or date-time as text that sorts in time order (date-times in UTC)."""
    if isinstance(date, dt.datetime):
        if date.tzinfo is not None:
            date = date.astimezone(dt.UTC).replace(tzinfo=None)
        return date.isoformat()
    return dt.datetime.combine(date, dt.time()).isoformat()
