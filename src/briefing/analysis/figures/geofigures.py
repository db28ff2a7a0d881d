"""The briefing's maps, drawn from data and settings: the regional map, a region's distance band, a city detail.

Each function returns a :class:`Drawn` (figure, alt text, credit line); the chapter adds the caption
and shows it with ``prose.figure``. What is drawn comes from the data tables and from
``[figures]`` and ``[geography]`` in notebooks/briefing.toml: which meeting and issue, the words the
maps print for places, where ring labels sit, scale bars and grids. Nothing here names a place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.colors as mcolors
import pandas as pd
import shapely
from matplotlib.artist import Artist

from briefing import theme
from briefing.analysis import computed as registry  # 'computed' names a value below
from briefing.analysis.checks import directions, units
from briefing.analysis.checks import table as checks
from briefing.analysis.data import facts, provenance, settings
from briefing.analysis.figures import map_marks as mark
from briefing.analysis.figures import style
from briefing.analysis.figures.maps import distance_map
from briefing.analysis.figures.projection import Frame, annulus, sector
from briefing.analysis.figures.style import Drawn
from briefing.analysis.geography import bearings, borders, boundaries, gazetteer, measures, scope
from briefing.analysis.geography import geodesy as geo

GEODESY = "Distances computed on the WGS84 ellipsoid."
REGION_OUTLINE = {"color": theme.MAP.region, **mark.OUTLINE}
BAND_PAD_KM = 150  # room around a region on its band map


@dataclass(frozen=True)
class Words:
    """What the maps call places (``[figures.maps]``): short names, the origin's key, the outlines' source."""

    place_labels: Mapping[str, str]
    origin_key: str
    outline_source: str

    @classmethod
    def from_settings(cls) -> Words:
        """The words of ``[figures.maps]`` in notebooks/briefing.toml."""
        cfg = settings.section("figures")["maps"]
        return cls(dict(cfg.get("place_labels", {})), cfg["origin_key"], cfg["outline_source"])

    def place(self, places: pd.DataFrame, place_id: str) -> str:
        """A place's name on a map: the settings' label, else its register name without a parenthesis."""
        if place_id in self.place_labels:
            return self.place_labels[place_id]
        return str(places.set_index("id").loc[place_id, "name"]).split(" (")[0]

    def region(self, places: pd.DataFrame, geometry_ref: str) -> str:
        """The name of the region a geometry reference outlines (its boundary place in the register)."""
        hit = places[(places["geometry_ref"] == geometry_ref).fillna(False) & (places["kind"] == "boundary")]
        return self.place(places, str(hit.iloc[0]["id"])) if len(hit) else geometry_ref


def _names(items: list[str]) -> str:
    """Items as a reader lists them: 'A', 'A and B', 'A, B and C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "none"


def _layout(name: str) -> Mapping[str, Any]:
    """One map's table of ``[figures]``: where its ring labels sit, its scale bar and grid."""
    return settings.section("figures")[name]


# --- The regional map ---------------------------------------------------------------------------


def regional_map(width: float = 6.4, stances: bool = False) -> Drawn:
    """The origin and its region, with rings for the distances stated from it and computed. With ``stances``
    the meeting's states are also shaded by stance (a second message: off by default, one per figure)."""
    g, look, words = scope.geography(), _layout("regional_map"), Words.from_settings()
    places, actors = facts.load("places"), facts.load("actors")
    iso = {a: c for a, c in zip(actors["id"], actors["iso_n3"], strict=True) if not facts.missing(c)}
    actor_of, short = {c: a for a, c in iso.items()}, dict(zip(actors["id"], actors["short_name"], strict=True))
    layer = boundaries.countries(g.primary)
    name_of = boundaries.names(layer)
    origin = gazetteer.point(places, g.origin)
    members = facts.load("memberships")
    participants = members.loc[members["group"] == look["meeting"], "member"].tolist()
    signatories = set(members.loc[members["group"] == look["declaration"], "member"])
    fills = _stance_fills(look, iso, participants, signatories, g.host) if stances else {}
    fills[g.host] = mark.Fill("host", style.palette().host)
    neighbours = borders.borders(g.host, g.primary)
    shown = {iso[a] for a in participants if a in iso} | set(fills) | set(neighbours["iso_n3"])
    labels = {c: short.get(actor_of.get(c, ""), name_of.get(c, c)) for c in sorted(shown)}
    near, far = registry.lookup("nearest-border", g.primary), registry.lookup("region-farthest")
    claimed = _stated_from_origin(g)
    region, origin_name = words.region(places, g.region), words.place(places, g.origin)
    rings = _regional_rings(near, far, claimed, (name_of[g.interest], region), look["ring_labels"])
    meeting, declaration = short[look["meeting"]], short[look["declaration"]]
    legend = _regional_legend(look, fills, g.host, (meeting, declaration), stances)
    legend += [
        mark.patch(f"{name_of[g.host]}: host country", style.palette().host),
        mark.stroke("Distance stated in the article", "claim"),
        mark.stroke("Distance computed", "computed"),
        mark.stroke(f"{region} ({words.outline_source})", **REGION_OUTLINE),
        mark.dot(words.origin_key, "origin"),
        mark.dot("Place"),
        mark.dot("Computed point", "point"),
    ]
    fig = distance_map(
        Frame.square(*origin, g.half_km, g.window),
        layer,
        fills=fills,
        default=mark.Fill("none", theme.MAP.land),
        country_labels=labels,
        outlines=[mark.Outline(boundaries.resolve(g.region), region)],
        rings=rings,
        routes=[mark.Route(origin, _nearest_point(), near.text)],
        points=_regional_points(g, places, words),
        legend=legend,
        scale_km=look["scale_km"],
        scale_note=f"true along lines through {origin_name}",
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
        f"Map centred on {words.origin_key} in an azimuthal equidistant projection, covering "
        f"{_names(sorted(labels.values()))}. {name_of[g.host]} is sand-coloured{shading}. {region} is outlined. "
        f"Solid green rings mark the computed {near.text} to {name_of[g.interest]}'s nearest border point and "
        f"{far.text} to {region}'s farthest point; dashed brown rings mark the article's stated "
        f"{_names([f'{d:,.0f} km' for d in claimed['value']])}."
    )
    credit = provenance.credit(
        [g.source(g.primary), g.source(g.region), *sorted(set(places.dropna(subset=["lat"])["source_id"]))],
        GEODESY,
        lead="Map",
    )
    return Drawn(fig, alt, credit)


def _stated_from_origin(g: scope.Geography) -> pd.DataFrame:
    """The distances the source states from the origin in km (to the reference city aside), shortest first."""
    distances = facts.load("distances")
    return distances[
        (distances["from_place"] == g.origin).fillna(False)
        & (distances["unit"] == "km")
        & (distances["to_place"] != g.reference_city)
    ].sort_values("value")


def _nearest_point() -> tuple[float, float]:
    """The computed nearest border point, as longitude and latitude."""
    return registry.lookup("nearest-border-lon").value, registry.lookup("nearest-border-lat").value


def _regional_rings(
    near: registry.Result,
    far: registry.Result,
    claimed: pd.DataFrame,
    names: tuple[str, str],
    at: Mapping[str, float],
) -> list[mark.Ring]:
    """Computed rings to the nearest border point and the region's farthest point, then one per stated distance."""
    interest, region = names
    rings = [
        mark.Ring(near.value, f"nearest point of {interest}", "computed", label_azimuth=at["nearest"]),
        mark.Ring(
            far.value,
            f"{far.text} farthest point of {region}",
            "computed",
            label_azimuth=at["farthest"],
        ),
    ]
    return rings + [
        mark.Ring(float(d.value), f"{d.value:,.0f} km stated", "claim", label_azimuth=at["stated"])
        for d in claimed.itertuples()
    ]


def _regional_points(g: scope.Geography, places: pd.DataFrame, words: Words) -> list[mark.Pin]:
    """The origin, the region's farthest point, and every located place but the reference city."""
    points = [
        mark.Pin(*gazetteer.point(places, g.origin), words.place(places, g.origin), "origin"),
        mark.Pin(
            registry.lookup("region-farthest-lon").value,
            registry.lookup("region-farthest-lat").value,
            "farthest point",
            "point",
        ),
    ]
    return points + [
        mark.Pin(float(p.lon), float(p.lat), words.place(places, p.id))
        for p in places.dropna(subset=["lat", "lon"]).itertuples()
        if p.id not in (g.origin, g.reference_city)
    ]


def _stance_fills(
    look: Mapping[str, Any], iso: Mapping[str, str], participants: Sequence[str], signatories: set[str], host: str
) -> dict[str, mark.Fill]:
    """Each participant's country in the fill of its recorded stance on the issue, striped if a signatory."""
    positions, palette = facts.load("positions"), style.palette()
    recorded = (
        positions[positions["issue"] == look["issue"]]
        .groupby("actor")["stance"]
        .agg(lambda s: " and ".join(sorted(set(s))))
    )
    return {
        iso[a]: mark.Fill(
            recorded.get(a, "other"),
            palette.fill(recorded.get(a, "other")),
            mark.STRIPES if a in signatories else None,
        )
        for a in participants
        if iso.get(a) not in (None, host)
    }


def _regional_legend(
    look: Mapping[str, Any], fills: Mapping[str, mark.Fill], host: str, groups: tuple[str, str], stances: bool
) -> list[Artist]:
    """Keys of the stance fills drawn and, with ``stances``, of the declaration's stripes and the absent."""
    meeting, declaration = groups
    legend: list[Artist] = [
        mark.patch(f"At the {meeting}; {stance} {look['issue_words']}", colour)
        for stance, colour in sorted({(f.label, f.colour) for c, f in fills.items() if c != host})
    ]
    if stances:
        legend += [
            mark.patch(f"… and signed the {declaration}", style.palette().fill("opposes"), mark.STRIPES),
            mark.patch(f"Not at the {meeting}", theme.MAP.land),
        ]
    return legend


# --- A region's distance band -------------------------------------------------------------------


def band_map(check_id: str, width: float = 6.4) -> Drawn:
    """A region seen from the origin, with the band of distances a stated figure admits and the part inside it."""
    g, look, words = scope.geography(), _layout("band_map"), Words.from_settings()
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
    layer = boundaries.countries(g.primary)
    name_of = boundaries.names(layer)
    far = registry.lookup("region-farthest").value
    origin_name, at = words.place(places, g.origin), look["ring_labels"]
    fig = distance_map(
        _frame_around(origin, region, BAND_PAD_KM),
        layer,
        fills={},
        default=mark.Fill("country", theme.MAP.land),
        country_labels={c: name_of[c] for c in sorted(set(layer["iso_n3"].dropna()) & {g.interest, g.host})},
        outlines=[mark.Outline(region, words.region(places, ref))],
        areas=[
            (annulus(origin, row["low_km"], row["high_km"]), theme.BANDS.band, None),
            (part, theme.BANDS.band_part, mark.DOTS),
        ],
        rings=[
            mark.Ring(row["stated_km"], f"{row['stated']} stated", "claim", label_azimuth=at["stated"]),
            mark.Ring(far, "farthest point", "computed", label_azimuth=at["farthest"]),
        ],
        points=[
            mark.Pin(
                float(place.loc[p.id, "lon"]),
                float(place.loc[p.id, "lat"]),
                f"{words.place(places, p.id)} {units.length_text(p.km)}",
            )
            for p in inside
        ],
        legend=[
            mark.patch("Distances the stated figure admits", theme.BANDS.band),
            mark.patch("Part of the region at those distances", theme.BANDS.band_part, mark.DOTS),
            mark.stroke("Stated distance", "claim"),
            mark.stroke("Farthest point of the region", "computed"),
            mark.stroke(f"Region ({words.outline_source})", **REGION_OUTLINE),
            mark.dot(f"Place (distance from {origin_name})"),
        ],
        scale_km=look["scale_km"],
        scale_note=f"true along lines through {origin_name}",
        grid_step=look["grid_step"],
        width=width,
    )
    alt = (
        f"Map of the region and its neighbours seen from {origin_name}. A pale band marks the distances from "
        f"{origin_name} that the stated figure admits ({units.length_range(row['low_km'], row['high_km'])}); the "
        f"dotted part of the region inside it is {share:.0%} of the region's area. Places marked with their distance: "
        f"{_names([f'{p.name} {units.length_text(p.km)}' for p in inside])}."
    )
    credit = provenance.credit(
        [g.source(g.primary), g.source(ref), *sorted(set(place.loc[[p.id for p in inside], "source_id"]))],
        GEODESY,
        lead="Map",
    )
    return Drawn(fig, alt, credit)


def _frame_around(origin: tuple[float, float], region: shapely.Geometry, pad_km: float) -> Frame:
    """A frame centred on the origin that holds the region's envelope with ``pad_km`` to spare."""
    probe = Frame.square(*origin, 1.0)
    x, y = probe.xy(*shapely.get_coordinates(shapely.segmentize(region.envelope, 0.5)).T)
    return Frame(
        *origin, (min(x) / 1000 - pad_km, max(x) / 1000 + pad_km, min(y) / 1000 - pad_km, max(y) / 1000 + pad_km)
    )


# --- A city detail ------------------------------------------------------------------------------


def _seen(colour: str, alpha: float) -> str:
    """A translucent colour as it shows on land."""
    return mcolors.to_hex(
        [
            alpha * a + (1 - alpha) * b
            for a, b in zip(mcolors.to_rgb(colour), mcolors.to_rgb(theme.MAP.land), strict=True)
        ]
    )


def city_map(check_id: str, width: float = 6.0) -> Drawn:
    """The reference city and the origin at the finest resolution: the stated circle, the bands it admits, the sector."""
    g, look, words = scope.geography(), _layout("city_map"), Words.from_settings()
    row = checks.details().set_index("check").loc[check_id]
    places = facts.load("places")
    fact = facts.load("distances").set_index("id").loc[row["facts"][0]]
    city, origin = gazetteer.point(places, g.reference_city), gazetteer.point(places, g.origin)
    city_name, origin_name = places.set_index("id").loc[g.reference_city, "name"], words.place(places, g.origin)
    extent = gazetteer.extents(places)
    radius = {e: extent[e][0] for e in (fact["from_place"], fact["to_place"]) if e in extent}
    computed = registry.lookup("origin-reference-city").value
    turn, km = look["sector_note"]
    note_at = geo.GEOD.fwd(city[0], city[1], bearings.COMPASS[fact["direction"]] + turn, km * 1000)[:2]
    fig = distance_map(
        Frame(city[0], city[1], tuple(look["extent_km"])),
        boundaries.countries(g.resolutions[-1]),
        fills={},
        default=mark.Fill("land", theme.MAP.land),
        areas=_city_areas(
            city,
            directions.sector(fact["direction"]),
            row,
            [(gazetteer.point(places, e), r) for e, r in radius.items()],
        ),
        rings=[
            mark.Ring(
                float(fact["value"]), f"{row['stated']} stated", "claim", centre=city, label_azimuth=look["ring_label"]
            )
        ],
        routes=[mark.Route(city, origin, f"{units.length_text(computed)} computed")],
        points=[mark.Pin(*origin, origin_name, "origin"), mark.Pin(*city, city_name)],
        notes=[(*note_at, f"sector ‘{fact['direction']}’")],
        legend=_city_keys(city_name, row, list(radius.values()), fact["direction"]),
        legend_columns=1,
        scale_km=look["scale_km"],
        grid_step=look["grid_step"],
        width=width,
    )
    verdict = directions.direction_verdict(fact["direction"], registry.lookup("azimuth-reference-city").value)
    alt = _city_alt(city_name, origin_name, row, computed, fact["direction"], verdict)
    credit = provenance.credit(
        [
            g.source(g.resolutions[-1]),
            *sorted(set(places.set_index("id").loc[[g.reference_city, g.origin], "source_id"])),
        ],
        f"Extent of {city_name}: analyst estimate.",
        GEODESY,
        lead="Map",
    )
    return Drawn(fig, alt, credit)


def _city_areas(
    city: tuple[float, float],
    bearings: tuple[float, float],
    row: Mapping[str, Any],
    discs: Sequence[tuple[tuple[float, float], float]],
) -> list[mark.Area]:
    """The sector of bearings, the band admitted with the places' extents, the figure's own band, the places as discs."""
    bands = theme.BANDS
    areas = [
        mark.Area(sector(city, *bearings, 80), bands.sector, None, edge=bands.sector_edge, alpha=0.9, zorder=2.4),
        mark.Area(
            annulus(city, row["low_km"], row["high_km"]), bands.admitted, mark.STRIPES, edge=bands.core, alpha=0.35
        ),
        mark.Area(
            annulus(city, row["core_low_km"], row["core_high_km"]),
            bands.core,
            None,
            edge=bands.core,
            alpha=0.9,
            linewidth=0.4,
        ),
    ]
    areas += [
        mark.Area(
            annulus(centre, 0, r),
            bands.extent,
            None,
            edge=bands.extent_edge,
            alpha=0.35,
            linewidth=1.0,
            linestyle=(0, (3, 1.5)),
            zorder=2.7,
        )
        for centre, r in discs
    ]
    return areas


def _city_keys(city: str, row: Mapping[str, Any], radii: Sequence[float], direction: str) -> list[Artist]:
    """Keys of the city map's areas, in the colours they show on land, and of its ring and route."""
    bands, lo, hi = theme.BANDS, row["low_km"], row["high_km"]
    return [
        mark.patch(
            f"Distances admitted with {city}'s extent ({units.length_range(lo, hi)})",
            _seen(bands.admitted, 0.35),
            mark.STRIPES,
        ),
        mark.patch(
            f"Distances the figure alone admits ({units.length_range(row['core_low_km'], row['core_high_km'])})",
            bands.core,
        ),
        *[mark.patch(f"{city} as an area: radius {r:g} km", _seen(bands.extent, 0.35)) for r in radii],
        mark.patch(f"Bearings the word ‘{direction}’ admits", bands.sector),
        mark.stroke(f"Stated distance, around {city}'s centre point", "claim"),
        mark.stroke("Computed geodesic between the reference points", "computed"),
    ]


def _city_alt(city: str, origin: str, row: Mapping[str, Any], computed: float, direction: str, verdict: str) -> str:
    """The city map in words: the stated circle, the bands it admits, where the origin lies, the sector."""
    lo, hi, core = row["low_km"], row["high_km"], units.length_range(row["core_low_km"], row["core_high_km"])
    return (
        f"Detail map of {city} and {origin}. A dashed circle with the stated radius of {row['stated']} is "
        f"drawn around {city}'s centre point, with a dark ring for the distances the figure admits on its own "
        f"({core}) and a striped band for those it admits when {city} is taken "
        f"as an area ({units.length_range(lo, hi)}). {origin} lies "
        f"{'inside' if lo <= computed <= hi else 'outside'} the striped band; a green line from {city} to "
        f"{origin} is labelled {units.length_text(computed)} and runs "
        f"{'inside' if verdict == 'consistent' else 'outside'} a pale wedge marking the bearings the word "
        f"{direction} admits."
    )
