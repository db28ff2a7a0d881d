"""The edition date: the one date a build may stamp on its outputs."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def edition_date(source_dates: list[date]) -> str:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the newest date of the stored sources."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return max(source_dates).isoformat()


def edition() -> str:
    """The edition date of the briefing, from the source register (the build and the chapters use this)."""
    from briefing.analysis.data import facts

    sources = facts.load("sources")
    stored = sources[sources["file"].notna() & sources["dateline_date"].notna()]
    if stored.empty and not os.environ.get("SOURCE_DATE_EPOCH"):
        raise ValueError("data/sources/sources.csv: no stored source has a dateline_date to date the edition")
    return edition_date([d.date() for d in stored["dateline_date"]])
