"""What the annex shows beside the table of checks: the rules with examples, the readings and candidate
places of a distance, the analyst's search for an origin, and the rows of the stated-against-computed chart.

Candidates and the origin search are the analyst's search for where a figure could come from; they never
enter a verdict.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from briefing.analysis import computed
from briefing.analysis.checks import claims, directions, units
from briefing.analysis.checks.context import Context
from briefing.analysis.checks.table import details
from briefing.analysis.data import facts, lookup
from briefing.analysis.figures import intervals
from briefing.analysis.geography import bearings, gazetteer, measures
from briefing.analysis.geography import geodesy as geo
from briefing.analysis.geography.measures import KM


def rule_table() -> pd.DataFrame:
    """The tolerance rule (from data), with an example from the article per qualifier and for the area rule."""
    distances, places = facts.load("distances"), facts.load("places")
    extent = gazetteer.extents(places)
    examples = {q: (r["value"], r["unit"]) for q, r in distances.groupby("qualifier").first().iterrows()}
    area = None
    for d in distances.itertuples(index=False):
        ends = [e for e in (d.from_place, d.to_place) if not facts.missing(e) and e in extent]
        if ends:
            name = dict(zip(places["id"], places["name"], strict=True))
            words = "between " + " and ".join(
                name[e] + (f" (radius {extent[e][0]:g} km)" if e in extent else "") for e in (d.from_place, d.to_place)
            )
            area = (d.value, d.unit, d.qualifier, sum(extent[e][0] for e in ends) * KM, words)
            break
    return claims.rule_table(examples, area).rename(columns={"example": "example from the article"})


def direction_table() -> pd.DataFrame:
    """The bearings each compass word admits (clockwise from true north)."""
    return pd.DataFrame(
        {
            "direction": list(bearings.COMPASS),
            "admits bearings": [
                " to ".join(bearings.azimuth_text(a, 1) for a in directions.sector(d)) for d in bearings.COMPASS
            ],
        }
    )


def alternatives(check_id: str) -> pd.DataFrame:
    """Readings and candidate places of a distance check, with the distance each gives and whether it fits."""
    ctx = Context()
    fact = lookup.row(details().set_index("check").loc[check_id, "facts"][0])
    lo, hi = claims.interval(fact["value"], fact["unit"], fact["qualifier"])
    end = fact["to_place"] if facts.missing(fact["from_place"]) else fact["from_place"]
    rows = []
    for r in pd.concat([ctx.readings, ctx.candidates]).itertuples(index=False):
        if r.check != check_id:
            continue
        km = geo.geodesic(*gazetteer.point(ctx.places, r.place), *gazetteer.point(ctx.places, end))[0] / KM
        rows.append(
            {
                "role": r.role,
                "place": r.place,
                "name": ctx.name(r.place),
                "reading": r.reading,
                "km": km,
                "fits": bool(lo <= km * KM <= hi),
                "calc": computed.distance_between(r.place, end) or "",
            }
        )
    return pd.DataFrame(rows, columns=["role", "place", "name", "reading", "km", "fits", "calc"])


def reach(near_km: float, far_km: float, low_km: float, high_km: float) -> str:
    """Which part of a territory spanning near..far km lies in the interval low..high."""
    near_in, far_in = low_km <= near_km <= high_km, low_km <= far_km <= high_km
    if near_km > high_km or far_km < low_km:
        return "no"
    if near_in and far_in:
        return "all of it"
    return "its nearest part only" if near_in else "its farthest part only" if far_in else "a middle belt only"


def origin_search(check_id: str, factor: float) -> pd.DataFrame:
    """The analyst's search for the origin of a distance given without one (annex only).

    Places of the gazetteer within ``factor`` of the stated figure, and the territory of every country of
    the gazetteer that reaches into the interval the figure admits or holds one of those places.
    """
    ctx, row = Context(), details().set_index("check").loc[check_id]
    g, lo, hi = ctx.g, row["low_km"], row["high_km"]
    origin = gazetteer.point(ctx.places, g.origin)
    located = measures.distances_from(origin, ctx.places, exclude=[g.origin])
    near = located[(located["km"] >= row["stated_km"] / factor) & (located["km"] <= row["stated_km"] * factor)]
    codes = sorted({ctx.iso[a] for a in ctx.places["country"].dropna() if a in ctx.iso})
    bands = measures.country_bands(origin, codes, g.primary)
    bands = bands.assign(part=[reach(b.near_km, b.far_km, lo, hi) for b in bands.itertuples()])
    home = {ctx.iso[a] for a in ctx.place.loc[near["id"], "country"].dropna() if a in ctx.iso}
    bands = bands[(bands["part"] != "no") | bands["iso_n3"].isin(home)]
    column = f"distance to {gazetteer.short_name(ctx.places, g.origin)} (km)"
    frame = pd.concat([_places(near, lo, hi, column), _territories(ctx, bands, column)])
    frame = frame.assign(fits=frame["in the stated interval"] != "no").sort_values(
        ["fits", "key"], ascending=[False, True]
    )
    return frame.drop(columns=["key", "fits"]).reset_index(drop=True)


def _places(near: pd.DataFrame, lo: float, hi: float, column: str) -> pd.DataFrame:
    """Rows of the origin search for places of the gazetteer (``key`` sorts them by distance)."""
    return pd.DataFrame(
        {
            "candidate origin": near["name"],
            "kind": near["kind"],
            column: [units.length_text(x, "") for x in near["km"]],
            "in the stated interval": ["yes" if lo <= x <= hi else "no" for x in near["km"]],
            "point in the interval": "",
            "key": near["km"],
        }
    )


def _territories(ctx: Context, bands: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows of the origin search for countries' territories, with the point that lies in the interval."""
    actor_of = {c: a for a, c in ctx.iso.items()}
    return pd.DataFrame(
        {
            "candidate origin": [
                f"{ctx.short.get(actor_of.get(b.iso_n3, ''), b.name)} (territory)" for b in bands.itertuples()
            ],
            "kind": "country",
            column: [units.length_range(b.near_km, b.far_km, "") for b in bands.itertuples()],
            "in the stated interval": list(bands["part"]),
            "point in the interval": [_point_in(b) for b in bands.itertuples()],
            "key": bands["near_km"],
        }
    )


def _point_in(band: Any) -> str:
    """The point of a territory that lies in the interval, when only its nearest or farthest part does."""
    ends = {
        "its nearest part only": (band.near_lat, band.near_lon),
        "its farthest part only": (band.far_lat, band.far_lon),
    }
    if band.part not in ends:
        return ""
    lat, lon = ends[band.part]
    return f"{abs(lat):.1f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.1f}° {'E' if lon >= 0 else 'W'}"


def interval_rows() -> list[intervals.IntervalRow]:
    """One chart row per distance check: the admitted interval, the stated figure, what was measured."""
    ctx = Context()
    rows = []
    for r in details().query("kind == 'distance'").itertuples(index=False):
        fact = lookup.row(r.facts[0])
        ends = [ctx.label(e) for e in (fact["from_place"], fact["to_place"])]
        others = alternatives(r.check)
        core = (
            (r.core_low_km, r.core_high_km)
            if r.core_low_km is not None
            and not pd.isna(r.core_low_km)
            and (r.core_low_km > r.low_km or r.core_high_km < r.high_km)
            else None
        )
        measured = None if r.computed_km is None or pd.isna(r.computed_km) else r.computed_km
        band = None if r.near_km is None or pd.isna(r.near_km) else (r.near_km, r.far_km)
        rows.append(
            intervals.IntervalRow(
                " – ".join(ends),
                r.stated_km,
                r.low_km,
                r.high_km,
                measured,
                band,
                tuple((float(o.km), gazetteer.short_name(ctx.places, o.place)) for o in others.itertuples()),
                r.verdict[:1].upper() + r.verdict[1:],
                core=core,
                note=f"stated ÷ computed = {r.ratio:.2f}" if measured else "",
            )
        )
    return sorted(rows, key=lambda row: row.stated)
