"""The briefing's maps, drawn from data and settings: the regional map, a region's distance band, a city detail.

Each function returns a :class:`Drawn` (figure, alt text, credit line); the chapter adds the caption
and shows it with ``narrative.figure``. What is drawn (which meeting, which issue, which colours) comes
from ``[figures]`` and ``[geography]`` in notebooks/briefing.toml and from the data tables.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import shapely

from briefing.analysis import computed as registry  # 'computed' names a value below
from briefing.analysis.checks import directions, units
from briefing.analysis.checks import table as checks
from briefing.analysis.data import facts, provenance, settings
from briefing.analysis.figures import maps
from briefing.analysis.figures.style import Drawn
from briefing.analysis.geography import bearings, borders, boundaries, gazetteer, measures, scope
from briefing.analysis.geography import geodesy as geo

GEODESY = "Distances computed on the WGS84 ellipsoid."
REGION_OUTLINE = {"color": "#3d2a5c", "linestyle": (0, (4, 1.5, 1, 1.5)), "linewidth": 1.3}


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "none"


def _short(place_name: str) -> str:
    return place_name.split(" (")[0].replace(" nuclear test base", " test base")


def regional_map(width: float = 6.4, stances: bool = False) -> Drawn:
    """Bagram and the region (China, Central Asia) in an azimuthal equidistant projection centred on the origin.

    Rings show the distances the source states from the origin and the computed nearest border point and
    farthest point of the region. With ``stances``, countries at the meeting of ``[figures.regional_map]``
    are also shaded by the stance recorded for them on its issue and hatched where they belong to its
    declaration group (a second message: off by default, one message per figure).
    """
    g, cfg = scope.geography(), settings.section("figures")
    look, fill_of = cfg["regional_map"], cfg["stance_fill"]
    places, actors = facts.load("places"), facts.load("actors")
    members, positions = facts.load("memberships"), facts.load("positions")
    distances = facts.load("distances")
    iso = {a: c for a, c in zip(actors["id"], actors["iso_n3"], strict=True) if not facts.missing(c)}
    actor_of, short = {c: a for a, c in iso.items()}, dict(zip(actors["id"], actors["short_name"], strict=True))
    layer = boundaries.countries(g.primary)
    name_of = boundaries.names(layer)
    origin = gazetteer.point(places, g.origin)
    participants = members.loc[members["group"] == look["meeting"], "member"].tolist()
    signatories = set(members.loc[members["group"] == look["declaration"], "member"])
    recorded = (
        positions[positions["issue"] == look["issue"]]
        .groupby("actor")["stance"]
        .agg(lambda s: " and ".join(sorted(set(s))))
    )
    fills = {
        iso[a]: maps.Fill(
            recorded.get(a, "other"),
            fill_of.get(recorded.get(a, "other"), fill_of["other"]),
            maps.STRIPES if a in signatories else None,
        )
        for a in participants
        if iso.get(a) not in (None, g.host)
    }
    if not stances:
        fills = {}
    fills[g.host] = maps.Fill("host", look["host_fill"])
    neighbours = borders.borders(g.host, g.primary)
    shown = {iso[a] for a in participants if a in iso} | set(fills) | set(neighbours["iso_n3"])
    labels = {c: short.get(actor_of.get(c, ""), name_of.get(c, c)) for c in sorted(shown)}
    near, far = registry.lookup("nearest-border", g.primary), registry.lookup("region-farthest")
    claimed = distances[
        (distances["from_place"] == g.origin).fillna(False)
        & (distances["unit"] == "km")
        & (distances["to_place"] != g.reference_city)
    ].sort_values("value")
    rings = [
        maps.Ring(
            near.value,
            f"nearest point of {name_of[g.interest]}",
            "computed",
            label_azimuth=200,
        ),
        maps.Ring(
            far.value,
            f"{far.text} farthest point of Xinjiang",
            "computed",
            label_azimuth=236,
        ),
    ]
    rings += [
        maps.Ring(float(d.value), f"{d.value:,.0f} km stated", "claim", label_azimuth=214) for d in claimed.itertuples()
    ]
    nearest = (registry.lookup("nearest-border-lon").value, registry.lookup("nearest-border-lat").value)
    points = [
        maps.Pin(*origin, _short(places.set_index("id").loc[g.origin, "name"]).split(" Air")[0], "origin"),
        maps.Pin(
            registry.lookup("region-farthest-lon").value,
            registry.lookup("region-farthest-lat").value,
            "farthest point",
            "point",
        ),
    ]
    points += [
        maps.Pin(float(p.lon), float(p.lat), _short(p.name))
        for p in places.dropna(subset=["lat", "lon"]).itertuples()
        if p.id not in (g.origin, g.reference_city)
    ]
    frame = maps.Frame.square(*origin, g.half_km, g.window)
    meeting, declaration = short[look["meeting"]], short[look["declaration"]]
    legend = [
        maps.patch(f"At the {meeting}; {stance} {look['issue_words']}", colour)
        for stance, colour in sorted({(f.label, f.colour) for c, f in fills.items() if c != g.host})
    ]
    if stances:
        legend += [
            maps.patch(f"… and signed the {declaration}", fill_of["opposes"], maps.STRIPES),
            maps.patch(f"Not at the {meeting}", maps.LAND),
        ]
    legend += [
        maps.patch(f"{name_of[g.host]}: host country", look["host_fill"]),
        maps.stroke("Distance stated in the article", "claim"),
        maps.stroke("Distance computed", "computed"),
        maps.stroke("Xinjiang (DCW outline)", **REGION_OUTLINE),
        maps.dot("Bagram airfield", "origin"),
        maps.dot("Place"),
        maps.dot("Computed point", "point"),
    ]
    fig = maps.distance_map(
        frame,
        layer,
        fills=fills,
        default=maps.Fill("none", maps.LAND),
        country_labels=labels,
        outlines=[maps.Outline(boundaries.resolve(g.region), "Xinjiang")],
        rings=rings,
        routes=[maps.Route(origin, nearest, near.text)],
        points=points,
        legend=legend,
        scale_km=1000,
        scale_note="true along lines through Bagram",
        width=width,
    )
    shading = (
        f"; the other states at the {meeting} are shaded by their recorded stance on {look['issue_words']}, "
        f"hatched where they also signed the {declaration} ({_names(sorted(short[a] for a in signatories))}); "
        "states that did not take part are grey"
        if stances
        else ""
    )
    alt = (
        f"Map centred on Bagram airfield in an azimuthal equidistant projection, covering "
        f"{_names(sorted(labels.values()))}. {name_of[g.host]} is sand-coloured{shading}. Xinjiang is outlined. Solid green rings mark the computed {near.text} to "
        f"China's nearest border point and {far.text} to Xinjiang's farthest point; dashed brown "
        f"rings mark the article's stated {_names([f'{d:,.0f} km' for d in claimed['value']])}."
    )
    credit = provenance.credit(
        [g.source(g.primary), g.source(g.region), *sorted(set(places.dropna(subset=["lat"])["source_id"]))], GEODESY
    )
    return Drawn(fig, alt, credit)


def band_map(check_id: str, width: float = 6.4) -> Drawn:
    """A region seen from the origin, with the band of distances a stated figure admits and the part inside it."""
    g = scope.geography()
    row = checks.details().set_index("check").loc[check_id]
    places = facts.load("places")
    place = places.set_index("id")
    fact = facts.load("distances").set_index("id").loc[row["facts"][0]]
    ref = place.loc[fact["to_place"], "geometry_ref"]
    region, origin = boundaries.resolve(ref), gazetteer.point(places, g.origin)
    share, part = measures.band_part(origin, region, row["low_km"], row["high_km"])
    inside = [
        p
        for p in measures.distances_from(origin, places, exclude=[g.origin]).itertuples()
        if region.covers(shapely.Point(place.loc[p.id, "lon"], place.loc[p.id, "lat"]))
    ]
    probe = maps.Frame.square(*origin, 1.0)
    x, y = probe.xy(*shapely.get_coordinates(shapely.segmentize(region.envelope, 0.5)).T)
    pad = 150
    frame = maps.Frame(*origin, (min(x) / 1000 - pad, max(x) / 1000 + pad, min(y) / 1000 - pad, max(y) / 1000 + pad))
    layer = boundaries.countries(g.primary)
    name_of = boundaries.names(layer)
    far = registry.lookup("region-farthest").value
    fig = maps.distance_map(
        frame,
        layer,
        fills={},
        default=maps.Fill("country", maps.LAND),
        country_labels={c: name_of[c] for c in sorted(set(layer["iso_n3"].dropna()) & {g.interest, g.host})},
        outlines=[maps.Outline(region, "Xinjiang")],
        areas=[(maps.annulus(origin, row["low_km"], row["high_km"]), "#f0dcb4", None), (part, "#e2b978", maps.DOTS)],
        rings=[
            maps.Ring(row["stated_km"], f"{row['stated']} stated", "claim", label_azimuth=62),
            maps.Ring(far, "farthest point", "computed", label_azimuth=52),
        ],
        points=[
            maps.Pin(
                float(place.loc[p.id, "lon"]),
                float(place.loc[p.id, "lat"]),
                f"{_short(p.name)} {units.length_text(p.km)}",
            )
            for p in inside
        ],
        legend=[
            maps.patch("Distances the stated figure admits", "#f0dcb4"),
            maps.patch("Part of the region at those distances", "#e2b978", maps.DOTS),
            maps.stroke("Stated distance", "claim"),
            maps.stroke("Farthest point of the region", "computed"),
            maps.stroke("Region (DCW outline)", **REGION_OUTLINE),
            maps.dot("Place (distance from Bagram)"),
        ],
        scale_km=500,
        scale_note="true along lines through Bagram",
        grid_step=5.0,
        width=width,
    )
    alt = (
        f"Map of the region and its neighbours seen from Bagram. A pale band marks the distances from Bagram that "
        f"the stated figure admits ({units.length_range(row['low_km'], row['high_km'])}); the dotted part of the "
        f"region inside it is {share:.0%} of the region's area. Places marked with their distance: "
        f"{_names([f'{p.name} {units.length_text(p.km)}' for p in inside])}."
    )
    credit = provenance.credit(
        [g.source(g.primary), g.source(ref), *sorted(set(place.loc[[p.id for p in inside], "source_id"]))], GEODESY
    )
    return Drawn(fig, alt, credit)


def _seen(colour: str, alpha: float) -> str:
    """A translucent colour as it shows on land."""
    return mcolors.to_hex(
        [alpha * a + (1 - alpha) * b for a, b in zip(mcolors.to_rgb(colour), mcolors.to_rgb(maps.LAND), strict=True)]
    )


def city_map(check_id: str, width: float = 6.0) -> Drawn:
    """The reference city and the origin at the finest resolution: the stated circle, the bands it admits, the sector."""
    g = scope.geography()
    row = checks.details().set_index("check").loc[check_id]
    places = facts.load("places")
    fact = facts.load("distances").set_index("id").loc[row["facts"][0]]
    city, origin = gazetteer.point(places, g.reference_city), gazetteer.point(places, g.origin)
    city_name = places.set_index("id").loc[g.reference_city, "name"]
    extent = gazetteer.extents(places)
    radius = {e: extent[e][0] for e in (fact["from_place"], fact["to_place"]) if e in extent}
    lo, hi, core_lo, core_hi = row["low_km"], row["high_km"], row["core_low_km"], row["core_high_km"]
    a_lo, a_hi = directions.sector(fact["direction"])
    computed = registry.lookup("origin-reference-city").value
    admitted, core, disc, sector = "#d9932f", "#8a5a12", "#5b7fa6", "#fbf3da"
    note_at = geo.GEOD.fwd(city[0], city[1], bearings.COMPASS[fact["direction"]] - 9, 24_000)[:2]
    areas = [
        maps.Area(maps.sector(city, a_lo, a_hi, 80), sector, None, edge="#b49a5c", alpha=0.9, zorder=2.4),
        maps.Area(maps.annulus(city, lo, hi), admitted, maps.STRIPES, edge=core, alpha=0.35),
        maps.Area(maps.annulus(city, core_lo, core_hi), core, None, edge=core, alpha=0.9, linewidth=0.4),
    ]
    areas += [
        maps.Area(
            maps.annulus(gazetteer.point(places, e), 0, r),
            disc,
            None,
            edge="#2f4f6f",
            alpha=0.35,
            linewidth=1.0,
            linestyle=(0, (3, 1.5)),
            zorder=2.7,
        )
        for e, r in radius.items()
    ]
    fig = maps.distance_map(
        maps.Frame(city[0], city[1], (-42, 42, -14, 58)),
        boundaries.countries(g.resolutions[-1]),
        fills={},
        default=maps.Fill("land", maps.LAND),
        areas=areas,
        rings=[maps.Ring(float(fact["value"]), f"{row['stated']} stated", "claim", centre=city, label_azimuth=318)],
        routes=[maps.Route(city, origin, f"{units.length_text(computed)} computed")],
        points=[maps.Pin(*origin, "Bagram", "origin"), maps.Pin(*city, city_name)],
        notes=[(*note_at, f"sector ‘{fact['direction']}’")],
        legend=[
            maps.patch(
                f"Distances admitted with {city_name}'s extent ({units.length_range(lo, hi)})",
                _seen(admitted, 0.35),
                maps.STRIPES,
            ),
            maps.patch(f"Distances the figure alone admits ({units.length_range(core_lo, core_hi)})", core),
            *[maps.patch(f"{city_name} as an area: radius {r:g} km", _seen(disc, 0.35)) for r in radius.values()],
            maps.patch(f"Bearings the word ‘{fact['direction']}’ admits", sector),
            maps.stroke(f"Stated distance, around {city_name}'s centre point", "claim"),
            maps.stroke("Computed geodesic between the reference points", "computed"),
        ],
        legend_columns=1,
        scale_km=10,
        grid_step=0.25,
        width=width,
    )
    verdict = directions.direction_verdict(fact["direction"], registry.lookup("azimuth-reference-city").value)
    alt = (
        f"Detail map of {city_name} and Bagram. A dashed circle with the stated radius of {row['stated']} is drawn "
        f"around {city_name}'s centre point, with a dark ring for the distances the figure admits on its own "
        f"({units.length_range(core_lo, core_hi)}) and a striped band for those it admits when {city_name} is taken "
        f"as an area ({units.length_range(lo, hi)}). Bagram lies {'inside' if lo <= computed <= hi else 'outside'} "
        f"the striped band; a green line from {city_name} to Bagram is labelled {units.length_text(computed)} and "
        f"runs {'inside' if verdict == 'consistent' else 'outside'} a pale wedge marking the bearings the word "
        f"{fact['direction']} admits."
    )
    credit = provenance.credit(
        [
            g.source(g.resolutions[-1]),
            *sorted(set(places.set_index("id").loc[[g.reference_city, g.origin], "source_id"])),
        ],
        f"Extent of {city_name}: analyst estimate.",
        GEODESY,
    )
    return Drawn(fig, alt, credit)
