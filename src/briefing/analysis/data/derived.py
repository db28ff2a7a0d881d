"""Values derived from whole tables: a chapter that uses one depends on the value alone, so a new row
that leaves it unchanged re-runs nothing (see :mod:`briefing.reads`). Free of pandas: the build uses it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from briefing import reads


def newest_stored(register: list[dict[str, str]]) -> str:
    """The newest dateline date (ISO) of the stored sources among a register's validated rows ("" if none)."""
    return max((r["dateline_date"] for r in register if r.get("file") and r.get("dateline_date")), default="")


def newest_source_date(tabs: Mapping[str, reads.Rows]) -> str:
    """The newest dateline date of the stored sources ("" when none is stored and dated)."""
    return newest_stored(tabs["sources"].rows if "sources" in tabs else [])


#: Each derived value by the name read sets record it under.
DERIVED: dict[str, Callable[[Mapping[str, reads.Rows]], str]] = {"newest-source-date": newest_source_date}
