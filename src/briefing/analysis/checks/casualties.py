"""A stated count whose measure is ambiguous, read in each sense it allows and checked against reference counts.

"Casualties" may mean the dead alone or the dead and the wounded. Each reading names the reference
facts whose values, added up, give the count under that reading (the readings are settings, not
code). The stated figure is read as an interval by the tolerance rule of :mod:`claims` (its
qualifier and rounding), on a scale of one, and judged against each reading's total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from briefing.analysis.checks import claims
from briefing.analysis.data import facts, lookup

COLUMNS = ["reading", "references", "reference", "low", "high", "verdict", "ratio"]


def interval(value: Any, qualifier: str) -> tuple[float, float]:
    """The counts a stated figure admits: the tolerance rule of distances applied to a count."""
    return claims.interval(value, "m", qualifier)  # metres have a scale of one: the rule is unit-free


def verdict(value: Any, qualifier: str, reference: float | None) -> str:
    """'consistent', 'overstated' or 'understated' against a reference count; 'unverifiable' without one."""
    return claims.verdict(value, "m", qualifier, reference)


def readings(fact_id: str, senses: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """One row per reading of the stated figure ``fact_id``: reference ids, their total, interval, verdict.

    ``senses`` maps a reading ('killed') to the ids of the reference facts that add up to it; ``ratio``
    is the stated figure over the reference total.
    """
    stated = lookup.row(fact_id)
    if facts.missing(stated["value"]):
        raise ValueError(f"{fact_id!r} states no number to check")
    qualifier = "exact" if facts.missing(stated.get("qualifier")) else str(stated["qualifier"])
    low, high = interval(stated["value"], qualifier)
    rows = []
    for reading, ids in senses.items():
        if not ids:
            raise ValueError(f"reading {reading!r} names no reference fact")
        total = float(sum(float(lookup.row(i)["value"]) for i in ids))
        rows.append(
            {
                "reading": reading,
                "references": tuple(ids),
                "reference": total,
                "low": low,
                "high": high,
                "verdict": verdict(stated["value"], qualifier, total),
                "ratio": float(stated["value"]) / total if total else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
