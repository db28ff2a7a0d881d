"""Stated runway lengths checked against reference runway lengths, by the tolerance rule of distances.

Which rows are runways is data: claim rows and reference rows whose ``attribute`` is
:data:`ATTRIBUTE`, tied by facility (the claim's ``facility``, the reference row's ``subject``).
A source that states runway lengths without naming the runways is read by rank: its longest stated
runway against the longest reference runway of the same facility, and so on. Each stated figure
and its printed conversion are read as intervals by :func:`claims.interval` (rounding, qualifier)
and judged by :func:`claims.verdict` against the reference length.
"""

from __future__ import annotations

import pandas as pd

from briefing.analysis.checks import claimreview, claims, units
from briefing.analysis.data import facts
from briefing.analysis.writing import prose

ATTRIBUTE = "runway_length"
"""The attribute that marks a row, claim or reference, as a runway length."""

#: The columns that make a claim table hold runway figures.
RUNWAY_COLUMNS = {"attribute", "facility", "value", "unit"}

COLUMNS = [
    "fact",
    "reference",
    "facility",
    "rank",
    "stated",
    "stated_m",
    "low_m",
    "high_m",
    "verdict",
    "alt_stated",
    "alt_low_m",
    "alt_high_m",
    "alt_verdict",
    "reference_m",
    "reference_text",
    "reference_label",
]


def _figure(value: object, unit: object) -> str:
    if facts.missing(value) or facts.missing(unit):
        return ""
    return f"{float(claims.stated_text(value)):,g} {unit}"


def _judge(value: object, unit: object, qualifier: object, reference_m: float | None) -> tuple[float, float, str]:
    """(low, high, verdict) of one stated figure; NaN bounds and '' when the figure is missing."""
    if facts.missing(value) or facts.missing(unit):
        return float("nan"), float("nan"), ""
    qualifier = "exact" if facts.missing(qualifier) else str(qualifier)
    low, high = claims.interval(value, str(unit), qualifier)
    return low, high, claims.verdict(value, str(unit), qualifier, reference_m)


def compare(stated: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """One row per stated runway length: its interval, the reference length paired by rank, the verdicts.

    ``stated`` has columns id, facility, attribute, value, unit, qualifier, alt_value, alt_unit;
    ``reference`` has id, subject, attribute, value, unit. Rows of other attributes are ignored.
    A stated runway without a reference runway of the same rank is 'unverifiable'. With a ``source_id``
    column, each source's runways are ranked apart.
    """
    said = stated[stated["attribute"] == ATTRIBUTE].copy()
    known = reference[reference["attribute"] == ATTRIBUTE].copy()
    said["_m"] = [units.to_metres(float(v), str(u)) for v, u in zip(said["value"], said["unit"])]
    known["_m"] = [units.to_metres(float(v), str(u)) for v, u in zip(known["value"], known["unit"])]
    rows = []
    # each source's runways are ranked among themselves: a second source's figure pairs with its own rank
    keys = ["facility", "source_id"] if "source_id" in said.columns else ["facility"]
    for key, group in said.groupby(keys, sort=True):
        facility = key[0] if isinstance(key, tuple) else key
        ref = known[known["subject"] == facility].sort_values(["_m", "id"], ascending=[False, True])
        for rank, (_, s) in enumerate(group.sort_values(["_m", "id"], ascending=[False, True]).iterrows(), 1):
            r = ref.iloc[rank - 1] if rank <= len(ref) else None
            ref_m = None if r is None else float(r["_m"])
            low, high, verdict = _judge(s["value"], s["unit"], s.get("qualifier"), ref_m)
            alt_low, alt_high, alt_verdict = _judge(s.get("alt_value"), s.get("alt_unit"), s.get("qualifier"), ref_m)
            rows.append(
                {
                    "fact": s["id"],
                    "reference": "" if r is None else r["id"],
                    "facility": facility,
                    "rank": rank,
                    "stated": _figure(s["value"], s["unit"]),
                    "stated_m": float(s["_m"]),
                    "low_m": low,
                    "high_m": high,
                    "verdict": verdict,
                    "alt_stated": _figure(s.get("alt_value"), s.get("alt_unit")),
                    "alt_low_m": alt_low,
                    "alt_high_m": alt_high,
                    "alt_verdict": alt_verdict,
                    "reference_m": float("nan") if ref_m is None else ref_m,
                    "reference_text": "" if r is None else _figure(r["value"], r["unit"]),
                    "reference_label": "" if r is None or facts.missing(r.get("label")) else str(r["label"]),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def check() -> pd.DataFrame:
    """:func:`compare` on the data package: every claim table with runway rows against the reference facts."""
    data = facts.view()
    runway_tables = [n for n in facts.of_kind("claim") if RUNWAY_COLUMNS <= {f["name"] for f in data.schema(n)}]
    stated = [facts.load(name) for name in runway_tables]
    frame = pd.concat(stated, ignore_index=True) if stated else pd.DataFrame(columns=["attribute"])
    return compare(frame, facts.load("reference_facts"))


def stated_by(table: pd.DataFrame, facility: str, like: str) -> pd.DataFrame:
    """The rows of :func:`check` for one facility from the source of the fact ``like``: one source's
    runways, never pooled with another's (their figures are set side by side in the claim checks)."""
    return table[(table["facility"] == facility) & (table["fact"].map(source_of) == source_of(like))]


def source_of(fact_id: str) -> str | None:
    """The source a fact cites (None for an unknown id), read as that row alone."""
    data = facts.view()
    table = data.table_of(fact_id)
    return (data.row(table, fact_id) or {}).get("source_id") if table else None


def overall(table: pd.DataFrame, column: str = "verdict") -> str:
    """One verdict for all stated runways: consistent, partly, inconsistent or unverifiable."""
    verdicts = [v for v in table[column] if v]
    if not verdicts or "unverifiable" in verdicts:
        return "unverifiable"
    return claims.share_verdict([v == "consistent" for v in verdicts])


def reference(facility: str) -> pd.DataFrame:
    """The reference runway rows of one facility, longest first, with their length in metres (``metres``)."""
    known = facts.load("reference_facts")
    known = known[(known["attribute"] == ATTRIBUTE) & (known["subject"] == facility)].copy()
    known["metres"] = [units.to_metres(float(v), str(u)) for v, u in zip(known["value"], known["unit"])]
    return known.sort_values(["metres", "id"], ascending=[False, True]).reset_index(drop=True)


def _span(low: float, high: float, stated: str) -> str:
    """An interval in the stated figure's unit, one decimal finer than the figure: '3.55–3.65 km'."""
    if not stated:
        return ""
    number, unit = stated.split(" ")
    digits = len(number.split(".")[1]) + 1 if "." in number else 1
    scale = units.METRES[unit]
    return f"{low / scale:,.{digits}f}–{high / scale:,.{digits}f} {unit}"


def _in(metres: float, stated: str) -> str:
    return (
        ""
        if not stated or pd.isna(metres)
        else f"{metres / units.METRES[stated.split(' ')[1]]:,.2f} {stated.split(' ')[1]}"
    )


def table(check: pd.DataFrame) -> pd.DataFrame:
    """The check as the briefing shows it: one row per stated figure (and per printed conversion), cited.

    Columns: runway (the reference runway's label), stated, admits, reference, verdict; ``stated`` and
    ``reference`` hold HTML (a value with its note mark) where a fact stands behind them.
    """
    rows = []
    for r in check.itertuples():
        for stated, low, high, verdict, first in (
            (r.stated, r.low_m, r.high_m, r.verdict, True),
            (r.alt_stated, r.alt_low_m, r.alt_high_m, r.alt_verdict, False),
        ):
            if not stated:
                continue
            ref = f"{_in(r.reference_m, stated)} ({r.reference_text})" if first else _in(r.reference_m, stated)
            rows.append(
                {
                    "runway": r.reference_label,
                    "stated": (prose.value(stated, r.fact) if first else prose.text(f"{stated} (conversion)")).html,
                    "admits": _span(low, high, stated),
                    "reference": (prose.value(ref, r.reference) if r.reference and first else prose.text(ref)).html,
                    "verdict": claims.label(verdict),
                }
            )
    return pd.DataFrame(rows, columns=["runway", "stated", "admits", "reference", "verdict"])


def reviews(check: pd.DataFrame) -> list[claimreview.Review]:
    """One :class:`claimreview.Review` per stated runway length (check id ``check-`` + fact id), for the claim checks.

    The verdict is that of the stated figure; the explanation gives the reference length, the interval
    the figure admits and, when the source prints a conversion, that conversion's own verdict.
    """
    out = []
    for r in check.itertuples():
        row, place = _claim(r.fact), facts.load("places").set_index("id").loc[r.facility, "name"]
        if r.reference:
            said = (
                f"The reference length of the runway of the same rank ({r.reference_label or 'unnamed'}) is "
                f"{_in(r.reference_m, r.stated)} ({r.reference_text}); the stated figure admits "
                f"{_span(r.low_m, r.high_m, r.stated)}."
            )
        else:
            said = "No reference runway of the same rank is recorded for this facility."
        if r.alt_verdict and r.reference:
            said += (
                f" The printed conversion, {r.alt_stated}, admits {_span(r.alt_low_m, r.alt_high_m, r.alt_stated)}"
                f" against {_in(r.reference_m, r.alt_stated)}: {claims.label(r.alt_verdict).lower()}."
            )
        ids = (r.fact, r.reference) if r.reference else (r.fact,)
        out.append(
            claimreview.Review(
                f"check-{r.fact}",
                ids,
                str(row["source_id"]),
                f"{place} has a runway {r.stated} long",
                str(row["quote"]),
                r.verdict,
                said,
            )
        )
    return out


def _claim(fact_id: str) -> pd.Series:
    return facts.load(facts.index()[fact_id]).set_index("id").loc[fact_id]
