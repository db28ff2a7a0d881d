"""Dates: the edition date (the one date a build may stamp on its outputs), and dates as readers write them."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from briefing.analysis.data import derived

if TYPE_CHECKING:  # the build imports this module: it stays free of pandas at run time
    import pandas as pd


def edition_date(source_dates: list[date]) -> str:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the newest date of the stored sources."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return max(source_dates).isoformat()


def edition(register: list[dict[str, str]] | None = None) -> str:
    """The edition date of the briefing, from the validated rows of the source register (the build's),
    else from the loader (a chapter's, which then depends on this date alone, not on the whole register)."""
    if register is None:
        from briefing.analysis.data import facts

        newest = facts.view().derived("newest-source-date")
    else:
        newest = derived.newest_stored(register)
    if not newest and not os.environ.get("SOURCE_DATE_EPOCH"):
        raise ValueError("data/sources/sources.csv: no stored source has a dateline_date to date the edition")
    return edition_date([date.fromisoformat(newest)] if newest else [])


def day_text(date: pd.Timestamp) -> str:
    """A date as readers write it: '7 October 2025'."""
    return f"{date.day} {date:%B %Y}"


def period_text(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """A dated period at its stated precision: '7 October 2025', 'May 2025', '2001', '1950s'."""
    if precision == "day" or start == end:
        return day_text(start)
    if precision == "month":
        return f"{start:%B %Y}"
    if precision == "year":
        return f"{start:%Y}"
    if precision == "decade":
        return f"{start:%Y}s"
    return f"{day_text(start)} to {day_text(end)}"
