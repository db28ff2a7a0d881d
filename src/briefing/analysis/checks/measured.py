"""The kinds of check measured on the boundary data: distance, direction, borders and landlocked.

Each kind takes the :class:`context.Context`, the row of the ``claim_checks`` table and the fact it
checks, and returns a :class:`context.Check`; the computed results a finding rests on are cited by the
ids of :mod:`briefing.analysis.computed`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from briefing.analysis import computed
from briefing.analysis.checks import claims, directions, distances, units
from briefing.analysis.checks.context import Check, Context, ids
from briefing.analysis.checks.wording import count_as_said, either, round_km, stated_distance
from briefing.analysis.data import facts, settings
from briefing.analysis.geography import bearings, borders, boundaries, gazetteer, scope
from briefing.analysis.geography import geodesy as geo
from briefing.analysis.geography.measures import KM


def readings_verdict(fits: list[bool]) -> str:
    """Verdict over the plausible readings of a claim: 'consistent' if any fits, else 'all_readings'."""
    return "consistent" if any(fits) else "all_readings"


def distance(ctx: Context, row: pd.Series, fact: dict[str, Any]) -> Check:
    """A stated distance against the geodesic, or against each plausible origin when the source gives none."""
    readings = ctx.readings[ctx.readings["check"] == row["id"]]
    if facts.missing(fact["from_place"]) and len(readings):
        return distance_readings(ctx, fact, readings)
    c = distances.check_distance(fact, ctx.places, extent=ctx.extent)
    if c.computed_km is not None:
        finding, calcs, explanation = _measured(ctx, fact, c)
    elif c.near_km is not None:
        finding, calcs, explanation = _region(ctx, fact, c)
    else:
        finding, calcs, explanation = "not measured", [], f"Nothing to measure: {c.method}."
    return Check(
        stated_distance(fact),
        finding,
        c.verdict,
        explanation,
        [fact["id"], *c.extent_ids],
        [i for i in calcs if i],
        numbers=_numbers(c),
    )


def _numbers(c: distances.DistanceCheck) -> dict[str, float | None]:
    """The measurements behind a distance verdict, for the detail columns."""
    return {
        "stated_km": c.stated_km,
        "low_km": c.low_km,
        "high_km": c.high_km,
        "core_low_km": c.core_low_km,
        "core_high_km": c.core_high_km,
        "computed_km": c.computed_km,
        "near_km": c.near_km,
        "far_km": c.far_km,
        "ratio": c.ratio,
    }


def _measured(ctx: Context, fact: dict[str, Any], c: distances.DistanceCheck) -> tuple[str, list, str]:
    """Finding, computed results and explanation of a distance measured between two located ends."""
    widened = ""
    if c.extent_ids:
        ends = [e for e in (fact["from_place"], fact["to_place"]) if not facts.missing(e) and e in ctx.extent]
        widened = " once " + " and ".join(
            f"{ctx.name(e)} is taken as an area of radius {ctx.extent[e][0]:g} km" for e in ends
        )
    boundary = "boundary" in c.method
    finding = f"{units.length_text(c.computed_km)}" + (" to the nearest border point" if boundary else "")
    gap = (
        ""
        if c.verdict == "consistent"
        else (f" The figure is {abs(c.ratio - 1):.0%} {'above' if c.ratio > 1 else 'below'} the computed distance.")
    )
    explanation = (
        f"The figure admits {units.length_range(c.low_km, c.high_km)}{widened}; the geodesic measures {finding}"
        f"{'' if boundary else ' between the reference points'}.{gap}"
    )
    return finding, [computed.distance_between(fact["from_place"], fact["to_place"])], explanation


def _region(ctx: Context, fact: dict[str, Any], c: distances.DistanceCheck) -> tuple[str, list, str]:
    """Finding, computed results and explanation of a distance to a target known only by its region."""
    finding = f"{units.length_range(c.near_km, c.far_km)} to the region"
    span = [computed.result_id("region-nearest"), computed.result_id("region-farthest")]
    explanation = (
        f"The target is not named, only its region, {ctx.region_name(fact['to_place'])}, which spans "
        f"{finding.split(' to ')[0]}; the figure admits {units.length_range(c.low_km, c.high_km)}, which "
        f"{'overlaps' if c.verdict == 'plausible' else 'misses'} that span, so a site may fit but none can be checked."
    )
    return finding, [i for i in span if i in ctx.calc], explanation


def distance_readings(ctx: Context, fact: dict[str, Any], readings: pd.DataFrame) -> Check:
    """A distance given without origin, measured from each plausible origin (the readings of the sentence)."""
    lo, hi = claims.interval(fact["value"], fact["unit"], fact["qualifier"])
    target = gazetteer.point(ctx.places, fact["to_place"])
    measured = []
    for r in readings.itertuples(index=False):
        km = geo.geodesic(*gazetteer.point(ctx.places, r.place), *target)[0] / KM
        measured.append((r, km, lo <= km * KM <= hi))
    key = readings_verdict([fits for _, _, fits in measured])
    fitting = [r.reading for r, _, fits in measured if fits]
    if not fitting:
        reading = "measured " + either([r.reading for r, _, _ in measured])
    else:
        reading = "" if len(fitting) == len(measured) else "measured " + either(fitting)
    finding = "; ".join(f"{round_km(km)} from {ctx.name(r.place)}" for r, km, _ in measured)
    parts = "; ".join(f"{r.reading}, {round_km(km)}" for r, km, _ in measured)
    verdict_text = ("it fits " + " and ".join(fitting)) if fitting else "it fits no plausible reading"
    explanation = (
        f"The article gives no origin. The figure admits {units.length_range(lo / KM, hi / KM)}; "
        f"measured {parts}: {verdict_text}."
    )
    refs = [i for r, _, _ in measured for i in ids(r.reference)]
    calcs = [computed.distance_between(r.place, fact["to_place"]) for r, _, _ in measured]
    numbers = {
        "stated_km": units.to_metres(float(fact["value"]), fact["unit"]) / KM,
        "low_km": lo / KM,
        "high_km": hi / KM,
    }
    return Check(
        stated_distance(fact),
        finding,
        key,
        explanation,
        [fact["id"], *refs],
        [i for i in calcs if i],
        reading=reading,
        numbers=numbers,
    )


def direction(ctx: Context, row: pd.Series, fact: dict[str, Any]) -> Check:
    """A compass word against the azimuth between the two places."""
    d = directions.check_direction(fact, ctx.places)
    lo, hi = directions.sector(d.direction)
    finding = f"bearing {bearings.azimuth_text(d.azimuth)} ({d.compass})"
    inside = "inside" if d.verdict == "consistent" else "outside"
    explanation = (
        f"Seen from {ctx.name(fact['to_place'])}, {ctx.name(fact['from_place'])} lies on a bearing of "
        f"{bearings.azimuth_text(d.azimuth, 1)}, {inside} the sector the word '{d.direction}' admits "
        f"({bearings.azimuth_text(lo, 1)} to {bearings.azimuth_text(hi, 1)})."
    )
    seen = {fact["from_place"], fact["to_place"]} == {ctx.g.origin, ctx.g.reference_city}
    calcs = [computed.result_id("azimuth-reference-city")] if seen else []
    return Check(d.direction, finding, d.verdict, explanation, [fact["id"]], calcs)


def shared_borders(ctx: Context, row: pd.Series, fact: dict[str, Any]) -> Check:
    """A statement that every member of a group borders the host country."""
    members = ctx.group(row["group"])
    g = ctx.g
    table = borders.border_table(g.host, {m: ctx.iso[m] for m in members["member"]}, [g.primary], g.primary)
    table = table.assign(name=table["member"].map(ctx.short))
    yes, no = table[table["borders"]], table[~table["borders"]]
    host = boundaries.names(boundaries.countries(g.primary))[g.host]
    # the names only: outline lengths of simplified boundaries understate true border lengths
    finding = f"{len(yes)} of {len(table)} share one (" + ", ".join(yes["name"]) + ")"
    explanation = (
        f"In the {scope.scale(g.primary)} boundary data "
        + " and ".join(yes["name"])
        + f" share a border with {host}; "
        + " and ".join(f"{r['name']} ({units.length_text(r['gap_km'])} away)" for _, r in no.iterrows())
        + (" do not." if len(no) else ".")
        + ("" if facts.missing(row["note"]) else f" {row['note']}")
    )
    calcs = [computed.result_id("border", c, g.primary) for c in yes["iso_n3"]]
    return Check(
        f"they share borders with {host}"
        + ("" if named_in(str(fact.get("quote", "")), table["name"]) else " (which of them, not said)"),
        finding,
        claims.share_verdict(list(table["borders"])),
        explanation,
        [fact["id"], *members["id"]],
        [c for c in calcs if c in ctx.calc],
    )


def named_in(quote: str, names: pd.Series) -> bool:
    """Whether an excerpt names any of the members it speaks of."""
    return any(str(n) in quote for n in names)


def landlocked(ctx: Context, row: pd.Series, fact: dict[str, Any]) -> Check:
    """A statement that every member of a group is landlocked."""
    members = ctx.group(row["group"])
    land = borders.landlocked([ctx.iso[m] for m in members["member"]], ctx.g.primary)
    k = int(land["landlocked"].sum())
    example = (settings.section("checks") if "checks" in settings.load() else {}).get("enclosed_water", "")
    water = f"water enclosed by land, such as {example}," if example else "water enclosed by land"
    explanation = (
        f"{k} of {len(land)} territories stay clear of the world ocean in the "
        f"{scope.scale(ctx.g.primary)} boundary data ({water} does not count as ocean)."
    )
    said = " ".join(str(m.get("quote", "")) for _, m in members.iterrows())
    return Check(
        f"{count_as_said(len(land), said)} landlocked nations",
        f"{k} of {len(land)} landlocked",
        claims.share_verdict(list(land["landlocked"])),
        explanation,
        list(members["id"]),
        [],
    )


def group_borders(group: str, resolutions: list[str] | None = None) -> pd.DataFrame:
    """The states of a group (not the host) with their shared border per resolution, or their gap to the host."""
    ctx = Context()
    g = ctx.g
    members = ctx.group(group)
    states = members[members["member"].map(lambda m: ctx.iso.get(m) not in (None, g.host))]
    every = list(g.resolutions)  # one stored table per group, whatever resolutions are asked for
    table = borders.border_table(g.host, {m: ctx.iso[m] for m in states["member"]}, every, g.primary)
    table = table.drop(columns=[r for r in every if r not in (resolutions or [g.primary])])
    fact_of = dict(zip(states["member"], states["id"], strict=True))
    return table.assign(name=table["member"].map(ctx.short), fact=table["member"].map(fact_of)).sort_values(
        [g.primary, "gap_km"], ascending=[False, True], ignore_index=True
    )
