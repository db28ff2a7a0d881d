"""The briefing's claim checks: one row per checked claim, computed from the data.

Which statements are checked, by which kind of check, against which reference facts and under
which reading is the analyst's choice, kept as data (``claim_checks``; the plausible origins of a
distance given without one in ``claim_readings``); the tolerance rule is the ``tolerance`` table
(see :mod:`claims`). Nothing here names a place or an article.

Kinds: ``distance`` (a stated distance against the geodesic, or against every plausible origin
when the source gives none), ``direction`` (a compass word against the azimuth), ``borders`` and
``landlocked`` (a statement about every member of a group), ``date`` (a dated event against
reference dates), ``measure`` (a figure whose measure is ambiguous: checked under each reading the settings
name, ``[security]``, or named and not rated),
``runway`` (a stated runway length against the reference runway of the same rank, see
:mod:`runways`), ``unmeasured`` (nothing in the data to measure it with) and ``context`` (shown, never rated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from briefing import store as shared
from briefing.analysis import computed
from briefing.analysis.checks import casualties, claimreview, claims, directions, distances, runways, units
from briefing.analysis.data import facts, settings
from briefing.analysis.figures import charts
from briefing.analysis.geography import bearings, borders, boundaries, gazetteer, measures, scope
from briefing.analysis.geography import geodesy as geo
from briefing.analysis.geography.measures import KM
from briefing.analysis.writing import prose

COLUMNS = ["check", "claim", "stated", "finding", "verdict", "reading", "facts", "calcs", "plain", "explanation"]
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

PRECISION = {"day": "%-d %B %Y", "month": "%B %Y", "year": "%Y"}


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


def round_km(km: float) -> str:
    """A distance as a finding states it: to the hundred above a thousand km ('5,700 km'), else as printed."""
    return f"{round(km, -2):,.0f} km" if km >= 1000 else units.length_text(km)


def stated_distance(fact: dict[str, Any]) -> str:
    """A stated distance as the source prints it, with its qualifier: 'nearly 8,000 km'."""
    words = "" if fact["qualifier"] == "exact" else f"{fact['qualifier']} "
    return f"{words}{float(claims.stated_text(fact['value'])):,g} {fact['unit']}"


def stated_date(event: dict[str, Any]) -> str:
    """An event's date at the precision the source gives it: '9 October 2025', 'January 2020', 'the 1950s'."""
    start = pd.Timestamp(event["date"])
    if event["precision"] == "decade":
        return f"the {start.year}s"
    return start.strftime(PRECISION.get(str(event["precision"]), "%-d %B %Y"))


def date_verdict(start: Any, end: Any, references: list[Any]) -> str:
    """'consistent' when a reference date falls within start..end, else 'wrong_date'."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    return "consistent" if any(lo <= pd.Timestamp(d) <= hi for d in references) else "wrong_date"


def readings_verdict(fits: list[bool]) -> str:
    """Verdict over the plausible readings of a claim: 'consistent' if any fits, else 'all_readings'."""
    return "consistent" if any(fits) else "all_readings"


def either(readings: list[str]) -> str:
    """Readings joined as alternatives: 'either A, or B'; 'A, B, or C'; a single one as it is."""
    if len(readings) == 2:
        return f"either {readings[0]}, or {readings[1]}"
    return ", or ".join(readings)


def verdict_words(key: str) -> str:
    """The verdict as readers see it: the label in lower case ('partly consistent', 'wrong date')."""
    return claims.label(key).lower()


def _ids(cell: Any) -> list[str]:
    return [] if facts.missing(cell) else [i.strip() for i in str(cell).split(";") if i.strip()]


@dataclass
class _Check:
    """What one kind of check fills in beyond the row of the ``claim_checks`` table."""

    stated: str
    finding: str
    verdict_key: str
    explanation: str
    facts: list[str]
    calcs: list[str]
    reading: str = ""
    numbers: dict[str, float | None] | None = None


class _Context:
    """What the checks read, loaded once per computation."""

    def __init__(self) -> None:
        self.g = scope.geography()
        self.places = facts.load("places")
        self.place = self.places.set_index("id")
        actors = facts.load("actors")
        self.iso = {a: c for a, c in zip(actors["id"], actors["iso_n3"], strict=True) if not facts.missing(c)}
        self.short = dict(zip(actors["id"], actors["short_name"], strict=True))
        self.members = facts.load("memberships")
        self.calc = set(computed.ids())
        self.extent = gazetteer.extents(self.places)
        readings = facts.load("claim_readings")
        self.readings = readings[readings["role"] == "reading"]
        self.candidates = readings[readings["role"] == "candidate"]

    def region_name(self, place_id: str) -> str:
        """The name of the boundary place sharing a place's geometry (the region it is known by)."""
        ref = self.place.loc[place_id, "geometry_ref"]
        hit = self.places[(self.places["geometry_ref"] == ref).fillna(False) & (self.places["kind"] == "boundary")]
        return str(hit.iloc[0]["name"]) if len(hit) else self.name(place_id)

    def label(self, place_id: Any) -> str:
        """A place as a short chart label: 'China's border', 'missile facility in Xinjiang', 'Bagram'."""
        if facts.missing(place_id):
            return "unstated origin"
        kind, name = self.place.loc[place_id, "kind"], self.name(place_id)
        if kind == "boundary":
            return f"{name}'s border"
        if kind == "unlocated":
            return name[0].lower() + name[1:]
        return name.split(" Air ")[0]

    def name(self, place_id: str) -> str:
        return str(self.place.loc[place_id, "name"]).split(" (")[0]


def _distance(ctx: _Context, row: pd.Series, fact: dict[str, Any]) -> _Check:
    readings = ctx.readings[ctx.readings["check"] == row["id"]]
    if facts.missing(fact["from_place"]) and len(readings):
        return _distance_readings(ctx, fact, readings)
    c = distances.check_distance(fact, ctx.places, extent=ctx.extent)
    admits = units.length_range(c.low_km, c.high_km)
    widened = ""
    if c.extent_ids:
        ends = [e for e in (fact["from_place"], fact["to_place"]) if not facts.missing(e) and e in ctx.extent]
        widened = " once " + " and ".join(
            f"{ctx.name(e)} is taken as an area of radius {ctx.extent[e][0]:g} km" for e in ends
        )
    numbers = {
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
    if c.computed_km is not None:
        boundary = "boundary" in c.method
        finding = f"{units.length_text(c.computed_km)}" + (" to the nearest border point" if boundary else "")
        calcs = [computed.distance_between(fact["from_place"], fact["to_place"])]
        gap = (
            ""
            if c.verdict == "consistent"
            else (f" The figure is {abs(c.ratio - 1):.0%} {'above' if c.ratio > 1 else 'below'} the computed distance.")
        )
        explanation = (
            f"The figure admits {admits}{widened}; the geodesic measures {finding}"
            f"{'' if boundary else ' between the reference points'}.{gap}"
        )
    elif c.near_km is not None:
        finding = f"{units.length_range(c.near_km, c.far_km)} to the region"
        span = [computed.result_id("region-nearest"), computed.result_id("region-farthest")]
        calcs = [i for i in span if i in ctx.calc]
        region = ctx.region_name(fact["to_place"])
        explanation = (
            f"The target is not named, only its region, {region}, which spans {finding.split(' to ')[0]}; "
            f"the figure admits {admits}, which {'overlaps' if c.verdict == 'plausible' else 'misses'} "
            "that span, so a site may fit but none can be checked."
        )
    else:
        finding, calcs = "not measured", []
        explanation = f"Nothing to measure: {c.method}."
    return _Check(
        stated_distance(fact),
        finding,
        c.verdict,
        explanation,
        [fact["id"], *c.extent_ids],
        [i for i in calcs if i],
        numbers=numbers,
    )


def _distance_readings(ctx: _Context, fact: dict[str, Any], readings: pd.DataFrame) -> _Check:
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
    refs = [i for r, _, _ in measured for i in _ids(r.reference)]
    calcs = [computed.distance_between(r.place, fact["to_place"]) for r, _, _ in measured]
    numbers = {
        "stated_km": units.to_metres(float(fact["value"]), fact["unit"]) / KM,
        "low_km": lo / KM,
        "high_km": hi / KM,
    }
    return _Check(
        stated_distance(fact),
        finding,
        key,
        explanation,
        [fact["id"], *refs],
        [i for i in calcs if i],
        reading=reading,
        numbers=numbers,
    )


def _direction(ctx: _Context, row: pd.Series, fact: dict[str, Any]) -> _Check:
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
    return _Check(d.direction, finding, d.verdict, explanation, [fact["id"]], calcs)


def _group(ctx: _Context, group: str) -> pd.DataFrame:
    return ctx.members[ctx.members["group"] == group]


def _borders(ctx: _Context, row: pd.Series, fact: dict[str, Any]) -> _Check:
    members = _group(ctx, row["group"])
    g = ctx.g
    table = borders.border_table(g.host, {m: ctx.iso[m] for m in members["member"]}, [g.primary], g.primary)
    table = table.assign(name=table["member"].map(ctx.short))
    yes, no = table[table["borders"]], table[~table["borders"]]
    host = boundaries.names(boundaries.countries(g.primary))[g.host]
    finding = (
        f"{len(yes)} of {len(table)} share one ("
        + ", ".join(f"{r['name']} {units.length_text(r[g.primary])}" for _, r in yes.iterrows())
        + ")"
    )
    explanation = (
        f"In the {scope.scale(g.primary)} boundary data "
        + " and ".join(yes["name"])
        + f" share a border with {host}; "
        + " and ".join(f"{r['name']} ({units.length_text(r['gap_km'])} away)" for _, r in no.iterrows())
        + (" do not." if len(no) else ".")
        + ("" if facts.missing(row["note"]) else f" {row['note']}")
    )
    calcs = [computed.result_id("border", c, g.primary) for c in yes["iso_n3"]]
    return _Check(
        f"{len(table)} states share borders",
        finding,
        claims.share_verdict(list(table["borders"])),
        explanation,
        [fact["id"], *members["id"]],
        [c for c in calcs if c in ctx.calc],
    )


def _landlocked(ctx: _Context, row: pd.Series, fact: dict[str, Any]) -> _Check:
    members = _group(ctx, row["group"])
    land = borders.landlocked([ctx.iso[m] for m in members["member"]], ctx.g.primary)
    k = int(land["landlocked"].sum())
    explanation = (
        f"{k} of {len(land)} territories stay clear of the world ocean in the "
        f"{scope.scale(ctx.g.primary)} boundary data (water enclosed by land, such as the Caspian Sea, "
        "does not count as ocean)."
    )
    return _Check(
        f"{len(land)} landlocked nations",
        f"{k} of {len(land)} landlocked",
        claims.share_verdict(list(land["landlocked"])),
        explanation,
        list(members["id"]),
        [],
    )


def _date(ctx: _Context, row: pd.Series, fact: dict[str, Any]) -> _Check:
    refs = [prose.row(i) for i in _ids(row["reference"])]
    key = date_verdict(fact["date"], fact["date_end"], [r["date"] for r in refs])
    stated = stated_date(fact)
    finding = "; ".join(f"{pd.Timestamp(r['date']).strftime('%-d %B %Y')} ({r['label']})" for r in refs)
    unit = {"day": "day", "month": "month", "year": "year", "decade": "decade"}.get(str(fact["precision"]), "date")
    if key == "consistent":
        explanation = f"Reference data give {finding}, within the {unit} the article gives, {stated}."
    else:
        explanation = (
            f"Reference data give {finding}. {stated[0].upper()}{stated[1:]}, the {unit} the article "
            f"gives, matches {'neither' if len(refs) == 2 else 'none of them' if len(refs) > 2 else 'it'}."
        )
    return _Check(stated, finding, key, explanation, [*_ids(row["facts"]), *(r["id"] for r in refs)], [])


def _measure(ctx: _Context, row: pd.Series, fact: dict[str, Any]) -> _Check:
    stated = f"{fact.get('value_text') or fact.get('value')} {fact['measure']}"
    ambiguity = f"The article does not say what it counts: {row['reading']}."
    senses = settings.section("security") if "security" in settings.load() else {}
    if senses.get("casualty_claim") != fact["id"]:
        note = "" if facts.missing(row["note"]) else f" {row['note']}"
        return _Check(
            stated,
            str(row["reading"]),
            "ambiguous",
            f"{ambiguity} The figure is reported, not rated.{note}",
            [fact["id"]],
            [],
        )
    t = casualties.readings(fact["id"], senses["casualty_readings"])
    finding = "; ".join(f"{r.reference:,.0f} {r.reading}" for r in t.itertuples())
    verdicts = set(t["verdict"])
    if len(verdicts) == 1:
        key = verdicts.pop()
        outcome = f"the figure is {verdict_words(key)} under each reading"
        reading = f"'{fact['measure']}' read as " + " or as ".join(t["reading"])
    else:
        key, reading = "ambiguous", ""
        outcome = "; ".join(f"{verdict_words(r.verdict)} if it counts people {r.reading}" for r in t.itertuples())
    explanation = f"{ambiguity} Reference data give {finding}: {outcome}."
    refs = [i for ids in t["references"] for i in ids]
    return _Check(stated, finding, key, explanation, [fact["id"], *refs], [], reading=reading)


def _runway(ctx: _Context, row: pd.Series, fact: dict[str, Any]) -> _Check:
    r = runways.check().set_index("fact").loc[fact["id"]]
    stated = r["stated"]
    if not r["reference"]:
        return _Check(
            stated,
            "no reference runway",
            "unverifiable",
            "No reference runway of the same rank is recorded for this facility.",
            [fact["id"]],
            [],
        )
    metres = f"{r['reference_m'] / 1000:,.2f} km"
    explanation = (
        f"Reference data give the runway of the same rank, {r['reference_label']}, as {metres} "
        f"({r['reference_text']}); the stated figure admits "
        f"{r['low_m'] / 1000:,.2f}–{r['high_m'] / 1000:,.2f} km."
    )
    if r["alt_verdict"] and r["alt_verdict"] != r["verdict"]:
        explanation += f" The article's own conversion, {r['alt_stated']}, is {verdict_words(r['alt_verdict'])}."
    return _Check(
        stated,
        f"{metres} ({r['reference_text']}, {r['reference_label']})",
        r["verdict"],
        explanation,
        [fact["id"], r["reference"]],
        [],
    )


def _unmeasured(ctx: _Context, row: pd.Series, fact: dict[str, Any]) -> _Check:
    value = "" if facts.missing(fact.get("value")) else f"{float(fact['value']):g} {fact.get('unit', '')}".strip()
    note = "" if facts.missing(row["note"]) else str(row["note"])
    return _Check(
        value, "not measured", "unverifiable", f"{note} The figure is reported, not checked.".strip(), [fact["id"]], []
    )


KINDS = {
    "distance": _distance,
    "direction": _direction,
    "borders": _borders,
    "landlocked": _landlocked,
    "date": _date,
    "measure": _measure,
    "runway": _runway,
    "unmeasured": _unmeasured,
}


def _compute_details() -> pd.DataFrame:
    ctx = _Context()
    table = facts.load("claim_checks")
    rows = []
    for i, row in enumerate(table.itertuples(index=False)):
        row = pd.Series(row._asdict())
        if row["kind"] not in KINDS:
            continue
        fact = prose.row(_ids(row["facts"])[0])
        c = KINDS[row["kind"]](ctx, row, fact)
        reading = c.reading or ("" if facts.missing(row["reading"]) or row["kind"] == "measure" else row["reading"])
        rows.append(
            {
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
                "kind": row["kind"],
                "verdict_key": c.verdict_key,
                "source_id": fact["source_id"],
                "quote": fact["quote"],
                "order": i,
                **{k: (c.numbers or {}).get(k) for k in DETAIL[5:]},
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS + DETAIL)


def context_rows(kind: str = "context") -> pd.DataFrame:
    """The rows of the ``claim_checks`` table shown beside the checks and not rated."""
    table = facts.load("claim_checks")
    return table[table["kind"] == kind].reset_index(drop=True)


def group_borders(group: str, resolutions: list[str] | None = None) -> pd.DataFrame:
    """The states of a group (not the host) with their shared border per resolution, or their gap to the host."""
    ctx = _Context()
    g = ctx.g
    members = _group(ctx, group)
    states = members[members["member"].map(lambda m: ctx.iso.get(m) not in (None, g.host))]
    every = list(g.resolutions)  # one stored table per group, whatever resolutions are asked for
    table = borders.border_table(g.host, {m: ctx.iso[m] for m in states["member"]}, every, g.primary)
    table = table.drop(columns=[r for r in every if r not in (resolutions or [g.primary])])
    ids = dict(zip(states["member"], states["id"], strict=True))
    return table.assign(name=table["member"].map(ctx.short), fact=table["member"].map(ids)).sort_values(
        [g.primary, "gap_km"], ascending=[False, True], ignore_index=True
    )


# ---------------------------------------------------------------------------------------------
# What the annex shows beside the table
# ---------------------------------------------------------------------------------------------


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
    """Readings and candidate places of a distance check, with the distance each gives and whether it fits.

    Candidates are the analyst's search for where a figure could come from; they never enter a verdict.
    """
    ctx = _Context()
    fact = prose.row(_ids(facts.load("claim_checks").set_index("id").loc[check_id, "facts"])[0])
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
    ctx, row = _Context(), details().set_index("check").loc[check_id]
    g, lo, hi = ctx.g, row["low_km"], row["high_km"]
    located = measures.distances_from(gazetteer.point(ctx.places, g.origin), ctx.places, exclude=[g.origin])
    near = located[(located["km"] >= row["stated_km"] / factor) & (located["km"] <= row["stated_km"] * factor)]
    bands = measures.country_bands(
        gazetteer.point(ctx.places, g.origin),
        sorted({ctx.iso[a] for a in ctx.places["country"].dropna() if a in ctx.iso}),
        g.primary,
    )
    bands = bands.assign(part=[reach(b.near_km, b.far_km, lo, hi) for b in bands.itertuples()])
    home = {ctx.iso[a] for a in ctx.place.loc[near["id"], "country"].dropna() if a in ctx.iso}
    bands = bands[(bands["part"] != "no") | bands["iso_n3"].isin(home)]
    actor_of = {c: a for a, c in ctx.iso.items()}

    def point(b: Any) -> str:
        ends = {"its nearest part only": (b.near_lat, b.near_lon), "its farthest part only": (b.far_lat, b.far_lon)}
        if b.part not in ends:
            return ""
        lat, lon = ends[b.part]
        return f"{abs(lat):.1f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.1f}° {'E' if lon >= 0 else 'W'}"

    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "candidate origin": near["name"],
                    "kind": near["kind"],
                    "distance to Bagram (km)": [units.length_text(x, "") for x in near["km"]],
                    "in the stated interval": ["yes" if lo <= x <= hi else "no" for x in near["km"]],
                    "point in the interval": "",
                    "key": near["km"],
                }
            ),
            pd.DataFrame(
                {
                    "candidate origin": [
                        f"{ctx.short.get(actor_of.get(b.iso_n3, ''), b.name)} (territory)" for b in bands.itertuples()
                    ],
                    "kind": "country",
                    "distance to Bagram (km)": [
                        units.length_range(b.near_km, b.far_km, "") for b in bands.itertuples()
                    ],
                    "in the stated interval": list(bands["part"]),
                    "point in the interval": [point(b) for b in bands.itertuples()],
                    "key": bands["near_km"],
                }
            ),
        ]
    )
    frame = frame.assign(fits=frame["in the stated interval"] != "no").sort_values(
        ["fits", "key"], ascending=[False, True]
    )
    return frame.drop(columns=["key", "fits"]).reset_index(drop=True)


def interval_rows() -> list[charts.IntervalRow]:
    """One chart row per distance check: the admitted interval, the stated figure, what was measured."""
    ctx = _Context()
    rows = []
    for r in details().query("kind == 'distance'").itertuples(index=False):
        fact = prose.row(r.facts[0])
        ends = [ctx.label(e) for e in (fact["from_place"], fact["to_place"])]
        others = alternatives(r.check)
        core = (
            (r.core_low_km, r.core_high_km)
            if r.core_low_km is not None
            and not pd.isna(r.core_low_km)
            and (r.core_low_km > r.low_km or r.core_high_km < r.high_km)
            else None
        )
        computed = None if r.computed_km is None or pd.isna(r.computed_km) else r.computed_km
        band = None if r.near_km is None or pd.isna(r.near_km) else (r.near_km, r.far_km)
        rows.append(
            charts.IntervalRow(
                " – ".join(ends),
                r.stated_km,
                r.low_km,
                r.high_km,
                computed,
                band,
                tuple((float(o.km), o.name.split(" nuclear")[0]) for o in others.itertuples()),
                r.verdict[:1].upper() + r.verdict[1:],
                core=core,
                note=f"stated ÷ computed = {r.ratio:.2f}" if computed else "",
            )
        )
    return sorted(rows, key=lambda row: row.stated)


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


@dataclass(frozen=True)
class Cited:
    """One check's reader columns as cited inline values, for MyST expressions (``{eval}`c.stated```)."""

    claim: Any
    stated: Any
    finding: Any
    verdict: Any
    reading: Any
    explanation: Any


def cited(check_id: str) -> Cited:
    """A check's reader columns as :class:`prose.Inline` values: the stated figure cited to the claim, the
    finding to the reference facts and computed results it rests on, the explanation to all of them."""
    r = details().set_index("check").loc[check_id]
    refs = [i for i in r["facts"][1:]]

    def with_marks(text: str, ids: list[str], calcs: list[str]) -> Any:
        if not ids and not calcs:
            return prose.text(text)
        value = prose.value(text, *ids, calc=calcs[0] if calcs else None)  # numbers in it are cited values
        marks = prose.mark(*calcs[1:]) if len(calcs) > 1 else prose.text("")
        return prose.Inline(value.html + marks.html, value.text)

    verdict = prose.Inline(f"<strong>{prose.text(r['verdict']).html}</strong>", r["verdict"])
    return Cited(
        prose.text(r["claim"]),
        prose.value(r["stated"], r["facts"][0]),
        with_marks(r["finding"], refs, list(r["calcs"])),
        verdict,
        prose.text(r["reading"]),
        with_marks(r["explanation"], list(r["facts"]), list(r["calcs"])),
    )


def cited_all() -> dict[str, Cited]:
    """:func:`cited` for every check, by check id."""
    return {c: cited(c) for c in details()["check"]}


def named(name: str, value: Any) -> Any:
    """'Name (value)' as one inline piece: the name uncited, the value (an Inline) with its marks."""
    return prose.Inline(f"{prose.text(name).html} ({value.html})", f"{name} ({value.text})")
