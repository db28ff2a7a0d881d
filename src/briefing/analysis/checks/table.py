"""The briefing's claim checks: one row per checked claim, computed from the data.

Which statements are checked, by which kind of check, against which reference facts and under
which reading is the analyst's choice, kept as data (``claim_checks``; the plausible origins of a
distance given without one in ``claim_readings``); the tolerance rule is the ``tolerance`` table
(see :mod:`claims`). Nothing here names a place or an article. The kinds are in :mod:`measured` and
:mod:`recorded`; what chapters quote of a check is in :mod:`inline`, what the annex shows beside the
table in :mod:`annex`.

Kinds: ``distance`` (a stated distance against the geodesic, or against every plausible origin
when the source gives none), ``direction`` (a compass word against the azimuth), ``borders`` and
``landlocked`` (a statement about every member of a group), ``date`` (a dated event against
reference dates), ``measure`` (a figure whose measure is ambiguous: checked under each reading the settings
name, ``[security]``, or named and not rated),
``runway`` (a stated runway length against the reference runway of the same rank, see
:mod:`runways`), ``unmeasured`` (nothing in the data to measure it with) and ``context`` (shown, never rated).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from briefing import store as shared
from briefing.analysis.checks import claimreview, claims, measured, recorded
from briefing.analysis.checks.context import Check, Context, ids
from briefing.analysis.checks.wording import verdict_words
from briefing.analysis.data import facts, lookup

COLUMNS = [
    "check",
    "claim",
    "stated",
    "finding",
    "verdict",
    "reading",
    "facts",
    "calcs",
    "plain",
    "explanation",
    "verdict_plain",
]
"""The columns of :func:`claim_checks`, the interface the brief reads."""

DETAIL = [
    "kind",
    "verdict_key",
    "source_id",
    "quote",
    "order",
    "stated_km",
    "low_km",
    "high_km",
    "core_low_km",
    "core_high_km",
    "computed_km",
    "near_km",
    "far_km",
    "ratio",
]
"""Further columns of :func:`details`, for the annex and the side files."""


def claim_checks() -> pd.DataFrame:
    """One row per checked claim, in the order of the ``claim_checks`` table (columns :data:`COLUMNS`).

    Computed once per state of its inputs and kept on disk (:mod:`shared`), then cached in the process:
    several chapters may call it cheaply.
    """
    return details()[COLUMNS].copy()


def details() -> pd.DataFrame:
    """:func:`claim_checks` with the measurements behind each verdict (:data:`DETAIL`)."""
    return shared.result("claim-checks", _compute_details).copy()


def reviews() -> list[claimreview.Review]:
    """The checks as ClaimReview records (see :func:`claimreview.claim_reviews_jsonld`)."""
    return [
        claimreview.Review(
            r.check, tuple(r.facts), r.source_id, r.claim, r.quote, r.verdict_key, r.explanation, reading=r.reading
        )
        for r in details().itertuples(index=False)
    ]


KINDS: dict[str, Callable[[Context, pd.Series, dict[str, Any]], Check]] = {
    "distance": measured.distance,
    "direction": measured.direction,
    "borders": measured.shared_borders,
    "landlocked": measured.landlocked,
    "date": recorded.date,
    "measure": recorded.measure,
    "runway": recorded.runway,
    "unmeasured": recorded.unmeasured,
}
"""The check each kind of the ``claim_checks`` table runs (other kinds, such as ``context``, are not rated)."""


def _compute_details() -> pd.DataFrame:
    ctx = Context()
    table = with_automatic_checks(facts.load("claim_checks"), ctx)
    rows = [_row(ctx, i, pd.Series(row._asdict())) for i, row in enumerate(table.itertuples(index=False))]
    return pd.DataFrame([r for r in rows if r], columns=COLUMNS + DETAIL)


def with_automatic_checks(table: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The hand-written checks, then a check for every stated distance between two known places and every
    stated runway length that no hand-written row checks already (a hand-written reading overrides)."""
    covered = {(kind, i) for kind, cell in zip(table["kind"], table["facts"]) for i in ids(cell)}
    extra = []
    distances = facts.load("distances")
    for d in distances.itertuples(index=False):
        known = all(not facts.missing(x) and x in ctx.place.index for x in (d.from_place, d.to_place))
        if known and ("distance", d.id) not in covered:
            words = f"{ctx.label(d.from_place)} to {ctx.label(d.to_place)}: the distance"
            extra.append({"id": f"check-{d.id}", "kind": "distance", "facts": (d.id,), "claim": words})
    base = facts.load("base")
    for b in base[base["attribute"] == "runway_length"].itertuples(index=False):
        if ("runway", b.id) not in covered and not facts.missing(b.value):
            facility = ctx.label(b.facility) if not facts.missing(b.facility) else "the base"
            extra.append(
                {
                    "id": f"check-{b.id}",
                    "kind": "runway",
                    "facts": (b.id,),
                    "claim": f"Length of a runway of {facility}",
                }
            )
    if not extra:
        return table
    return pd.concat([table, pd.DataFrame(extra).reindex(columns=table.columns)], ignore_index=True)


def _row(ctx: Context, order: int, row: pd.Series) -> dict[str, Any] | None:
    """One row of :func:`details`: the check its kind runs, with the claim it checks; None for kinds not rated."""
    if row["kind"] not in KINDS:
        return None
    fact = lookup.row(ids(row["facts"])[0])
    c = KINDS[row["kind"]](ctx, row, fact)
    reading = c.reading or ("" if facts.missing(row["reading"]) or row["kind"] == "measure" else row["reading"])
    return {
        "check": row["id"],
        "claim": row["claim"],
        "stated": c.stated,
        "finding": c.finding,
        "verdict": verdict_words(c.verdict_key),
        "reading": reading,
        "facts": list(dict.fromkeys(c.facts)),
        "calcs": c.calcs,
        "plain": c.verdict_key == "consistent" and not reading,
        "explanation": c.explanation,
        "verdict_plain": claims.plain_label(c.verdict_key),
        "kind": row["kind"],
        "verdict_key": c.verdict_key,
        "source_id": fact["source_id"],
        "quote": fact["quote"],
        "order": order,
        **{k: (c.numbers or {}).get(k) for k in DETAIL[5:]},
    }


def context_rows(kind: str = "context") -> pd.DataFrame:
    """The rows of the ``claim_checks`` table shown beside the checks and not rated."""
    table = facts.load("claim_checks")
    return table[table["kind"] == kind].reset_index(drop=True)


def csv_text() -> str:
    """The published table of checks (claim-checks.csv): every column, ids joined by '; ', sorted by check."""
    t = details().sort_values("check")
    for column in ("facts", "calcs"):
        t[column] = t[column].map("; ".join)
    for column in DETAIL[5:]:
        t[column] = t[column].map(
            lambda x: "" if x is None or pd.isna(x) else "inf" if x == float("inf") else f"{x:.3f}"
        )
    return t.to_csv(index=False, lineterminator="\n")
