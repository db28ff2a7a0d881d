"""The registry of computed results: what the analysis derives, each with an id, a method and its inputs.

It mirrors the fact loader (:mod:`briefing.analysis.data.facts`): chapters cite a computed result by its
id as they cite a fact, and read the results through :func:`load` and :func:`get`. Ids are made and read
here only: ``calc-<kind>`` and the kind's parts, built by :func:`result_id` and read back by :func:`parse`;
:data:`KINDS` is the one list of what exists. One small producer per topic (:data:`PRODUCERS`) makes the
results, once per state of their inputs (:mod:`briefing.store`). Producers import the geography stack when
they run, so that reading ids and stored results (the build does) costs no boundary data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from briefing import messages
from briefing import store as shared
from briefing.analysis.checks import units
from briefing.analysis.data import facts
from briefing.analysis.geography import bearings, scope

if TYPE_CHECKING:  # pandas is imported where a table is made: the build reads stored results without it
    from collections.abc import Callable

    import pandas as pd

PREFIX = "calc-"
"""What every computed-result id starts with (and no fact id does)."""

STORE = "computed-results"
"""Name of the results in the shared store."""

COLUMNS = ["id", "quantity", "value", "unit", "method", "inputs"]
"""The columns of :func:`load`."""


@dataclass(frozen=True)
class Kind:
    """One kind of computed result: its name in ids, the parts that follow it, its unit and what it measures."""

    name: str
    parts: tuple[str, ...]
    unit: str
    meaning: str


KINDS: tuple[Kind, ...] = (
    Kind("nearest-border", ("resolution",), "km", "origin to the nearest point of the country of interest"),
    Kind("nearest-border-lat", (), "deg_lat", "latitude of that point at the primary resolution"),
    Kind("nearest-border-lon", (), "deg_lon", "longitude of that point at the primary resolution"),
    Kind("nearest-border-azimuth", (), "deg", "bearing from the origin to that point"),
    Kind("origin-reference-city", (), "km", "reference city to origin"),
    Kind("azimuth-reference-city", (), "deg", "bearing of the origin as seen from the reference city"),
    Kind("region-nearest", (), "km", "origin to the nearest point of the region"),
    Kind("region-nearest-lat", (), "deg_lat", "latitude of that point"),
    Kind("region-nearest-lon", (), "deg_lon", "longitude of that point"),
    Kind("region-farthest", (), "km", "origin to the farthest point of the region"),
    Kind("region-farthest-lat", (), "deg_lat", "latitude of that point"),
    Kind("region-farthest-lon", (), "deg_lon", "longitude of that point"),
    Kind("neighbours", ("resolution",), "count", "countries sharing a border with the host country"),
    Kind("border", ("iso_n3", "resolution"), "km", "the host's border with a neighbour (a lower bound)"),
    Kind("distance", ("place",), "km", "origin to a located place (its id with '_' as '-')"),
)
"""Every kind of computed result, in the order :func:`load` lists them. ``resolution`` is each boundary
resolution of the settings, ``iso_n3`` an ISO numeric code, ``place`` a place id."""

_KIND = {k.name: k for k in KINDS}


# ---------------------------------------------------------------------------------------------
# Ids
# ---------------------------------------------------------------------------------------------


def id_part(text: str) -> str:
    """A part of an id as it is written: lower case, letters and digits, runs of anything else as one '-'."""
    out = "".join(c if c.isalnum() else "-" for c in str(text).lower())
    return "-".join(part for part in out.split("-") if part)


def result_id(kind: str, *parts: str) -> str:
    """The id of a computed result: ``result_id("border", "156", "50m")`` is 'calc-border-156-50m'."""
    if kind not in _KIND:
        raise KeyError(f"no kind of computed result {kind!r} (known: {', '.join(_KIND)})")
    names = _KIND[kind].parts
    written = tuple(id_part(p) for p in parts)
    if len(written) != len(names) or not all(written):
        raise ValueError(f"a {kind!r} result id needs {len(names)} non-empty parts ({', '.join(names)}), not {parts!r}")
    made = PREFIX + "-".join((kind, *written))
    if parse(made) != (kind, written):
        raise ValueError(f"{made!r} would read as another kind of result: parts {parts!r} are ambiguous")
    return made


def parse(text: str) -> tuple[str, tuple[str, ...]]:
    """(kind, parts) of a computed-result id, parts as written in it; ValueError if it is not one."""
    if not is_id(text):
        raise ValueError(f"{text!r} is not a computed-result id (it starts with {PREFIX!r})")
    rest = text[len(PREFIX) :]
    for kind in sorted(KINDS, key=lambda k: -len(k.name)):  # the longest name first: 'nearest-border-lat'
        if rest == kind.name and not kind.parts:
            return kind.name, ()
        if kind.parts and rest.startswith(kind.name + "-"):
            parts = tuple(rest[len(kind.name) + 1 :].split("-", len(kind.parts) - 1))
            if len(parts) == len(kind.parts) and all(parts):
                return kind.name, parts
    raise ValueError(f"{text!r} names no kind of computed result")


def is_id(text: str) -> bool:
    """Whether a cited id names a computed result (rather than a fact or a source)."""
    return str(text).startswith(PREFIX)


# ---------------------------------------------------------------------------------------------
# Results and lookup
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One computed result: its id, what it is in words, its value and unit, how and from what it was computed."""

    id: str
    quantity: str
    value: float
    unit: str
    method: str
    inputs: str

    @classmethod
    def of(cls, kind: str, *parts: str, quantity: str, value: float, method: str, inputs: str) -> Result:
        """A result of a kind of :data:`KINDS`, with its id made from the parts and the kind's unit."""
        return cls(result_id(kind, *parts), quantity, float(value), _KIND[kind].unit, method, inputs)

    @property
    def kind(self) -> str:
        """The kind of result (see :data:`KINDS`)."""
        return parse(self.id)[0]

    @property
    def parts(self) -> tuple[str, ...]:
        """The parts of its id after the kind, as written in the id."""
        return parse(self.id)[1]

    @property
    def text(self) -> str:
        """The value as the briefing prints it, e.g. '521 km'."""
        return format_value(self.value, self.unit)


def records() -> tuple[Result, ...]:
    """Every computed result, in the order of :data:`KINDS`; computed once per state of its inputs."""
    return shared.result(STORE, _produce)


def load() -> pd.DataFrame:
    """Every computed result as a table (columns :data:`COLUMNS`), one row per result."""
    return _frame(records())


def stored_records() -> tuple[Result, ...] | None:
    """:func:`records` when the shared store holds them for this state of the inputs, else None."""
    return shared.stored(STORE)


def _frame(results: tuple[Result, ...]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([[getattr(r, c) for c in COLUMNS] for r in results], columns=COLUMNS)


def get(result_id: str) -> Result:
    """One computed result by its id; KeyError names the id."""
    known = _index(records())
    found = known.get(result_id)
    if found is None:
        raise KeyError(f"no computed result {result_id!r}{messages.did_you_mean(result_id, known)}")
    return found


def lookup(kind: str, *parts: str) -> Result:
    """One computed result by its kind and parts: ``lookup("nearest-border", "50m")``."""
    return get(result_id(kind, *parts))


def ids() -> list[str]:
    """The id of every computed result, in order."""
    return [r.id for r in records()]


def of_kind(kind: str) -> list[Result]:
    """The computed results of one kind, in order."""
    if kind not in _KIND:
        raise KeyError(f"no kind of computed result {kind!r}")
    return [r for r in records() if r.kind == kind]


@lru_cache(maxsize=4)
def _index(results: tuple[Result, ...]) -> dict[str, Result]:
    return {r.id: r for r in results}


def format_value(value: float, unit: str) -> str:
    """A computed value as printed in the briefing, with its unit."""
    if unit == "km":
        return units.length_text(value)
    if unit == "deg_lat":
        return f"{abs(value):.2f}° {'N' if value >= 0 else 'S'}"
    if unit == "deg_lon":
        return f"{abs(value):.2f}° {'E' if value >= 0 else 'W'}"
    if unit == "deg":
        return bearings.azimuth_text(value)
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,g} {unit}"


def distance_between(start: str | None, end: str) -> str | None:
    """Id of the computed result measuring the distance from place ``start`` to place ``end``, if one exists.

    The reference city and the origin (either way round); the origin and a boundary of the country of
    interest (at the primary resolution); the origin and any located place (either way round).
    """
    g = scope.geography()
    place = facts.load("places").set_index("id")
    if {start, end} == {g.origin, g.reference_city}:
        found = result_id("origin-reference-city")
    elif start == g.origin and place.loc[end, "kind"] == "boundary":
        prefix, _, code = str(place.loc[end, "geometry_ref"]).partition(":")
        found = result_id("nearest-border", g.primary) if (prefix, code) == ("iso_n3", g.interest) else None
    elif g.origin in (start, end):
        found = result_id("distance", str(end if start == g.origin else start))
    else:
        found = None
    return found if found in _index(records()) else None


# ---------------------------------------------------------------------------------------------
# Producers: one per topic, each phrasing what the geography modules measure
# ---------------------------------------------------------------------------------------------

BEARING = "initial bearing of the geodesic, clockwise from true north"
"""The method of every bearing."""


@dataclass(frozen=True, eq=False)
class Scene:
    """What every producer reads: the settings, the gazetteer, the two located ends and the names to phrase with."""

    g: scope.Geography
    places: pd.DataFrame
    origin: tuple[float, float]
    city: tuple[float, float]
    place_names: dict[str, str]
    country_names: dict[str, str]

    @property
    def origin_name(self) -> str:
        """The origin as the gazetteer names it."""
        return self.place_names[self.g.origin]

    @property
    def origin_input(self) -> str:
        """The origin as an input of a result."""
        return f"{self.origin_name} (gazetteer)"

    @staticmethod
    def outlet(source_id: str) -> str:
        """The outlet of a registered source ("" when none is registered under the id)."""
        return str((facts.view().row("sources", source_id) or {}).get("outlet", ""))

    def country(self, iso_n3: str) -> str:
        """A country's name in the primary boundary layer (its code when it has none)."""
        return self.country_names.get(iso_n3, iso_n3)

    def boundaries(self, resolution: str) -> str:
        """The country boundaries at a resolution, in words, named after the outlet of their source."""
        outlet = self.outlet(self.g.source(resolution)).split(" / ")[0]
        return f"{outlet} {scope.scale(resolution)} country boundaries"


def scene() -> Scene:
    """What the producers read, loaded once; ValueError when the origin or the reference city is not located."""
    from briefing.analysis.geography import boundaries, gazetteer

    g = scope.geography()
    places = facts.load("places")
    origin, city = gazetteer.point(places, g.origin), gazetteer.point(places, g.reference_city)
    if origin is None or city is None:
        raise ValueError("the origin and the reference city of [geography] must be located places")
    country_names = boundaries.names(boundaries.countries(g.primary))
    return Scene(g, places, origin, city, dict(zip(places["id"], places["name"])), country_names)


def nearest_border(s: Scene) -> list[Result]:
    """The origin to the nearest point of the country of interest, per resolution; that point and its bearing."""
    from briefing.analysis.geography import measures

    g, interest = s.g, s.country(s.g.interest)
    near = measures.nearest_by_resolution(s.origin, g.interest, g.resolutions).set_index("resolution")
    out = [
        Result.of(
            "nearest-border",
            res,
            quantity=f"{s.origin_name} to the nearest point of {interest}'s boundary ({scope.scale(res)})",
            value=near.loc[res, "km"],
            method="geodesic to the nearest point of the outline",
            inputs=f"{s.origin_input}; {interest} in the {s.boundaries(res)}",
        )
        for res in g.resolutions
    ]
    point, primary, at = near.loc[g.primary], result_id("nearest-border", g.primary), scope.scale(g.primary)
    for kind, key, words in (("nearest-border-lat", "lat", "latitude"), ("nearest-border-lon", "lon", "longitude")):
        quantity = f"{words.capitalize()} of that nearest point ({at})"
        out.append(
            Result.of(kind, quantity=quantity, value=point[key], method="coordinate of that point", inputs=primary)
        )
    quantity = f"Bearing from {s.origin_name} to that nearest point ({at})"
    out.append(
        Result.of("nearest-border-azimuth", quantity=quantity, value=point["azimuth"], method=BEARING, inputs=primary)
    )
    return out


def reference_city(s: Scene) -> list[Result]:
    """The reference city to the origin: distance, and the bearing of the origin seen from the city."""
    from briefing.analysis.geography import geodesy
    from briefing.analysis.geography.measures import KM

    city = s.place_names[s.g.reference_city]
    distance, azimuth = geodesy.geodesic(*s.city, *s.origin)
    inputs = f"{city} and {s.origin_name} (gazetteer points)"
    return [
        Result.of(
            "origin-reference-city",
            quantity=f"{city} to {s.origin_name}",
            value=distance / KM,
            method="geodesic, point to point",
            inputs=inputs,
        ),
        Result.of(
            "azimuth-reference-city",
            quantity=f"Bearing of {s.origin_name} as seen from {city}",
            value=azimuth,
            method=BEARING,
            inputs=inputs,
        ),
    ]


def region(s: Scene) -> list[Result]:
    """The origin to the nearest and the farthest point of the region, and where those points lie."""
    from briefing.analysis.geography import boundaries, geodesy, measures

    g, places = s.g, s.places
    band = measures.region_band(s.origin, boundaries.resolve(g.region, boundaries.countries(g.primary), g.layer_map))
    named = places[(places["geometry_ref"] == g.region).fillna(False) & (places["kind"] == "boundary").fillna(False)]
    name = str(named.iloc[0]["name"]) if len(named) else g.region
    source = s.outlet(str(named.iloc[0]["source_id"])) if len(named) else g.region.partition(":")[0]
    inputs = f"{s.origin_input}; outline of {name} ({source})"
    far = f"geodesic to the farthest point of the outline (points every {geodesy.DENSIFY_DEG}° along it)"
    near = "geodesic to the nearest point of the outline"
    ends = (
        ("near", "nearest", "region-nearest", ("region-nearest-lat", "region-nearest-lon"), near),
        ("far", "farthest", "region-farthest", ("region-farthest-lat", "region-farthest-lon"), far),
    )
    out = []
    for end, words, kind, coordinates, how in ends:
        quantity = f"{s.origin_name} to the {words} point of {name}"
        out.append(Result.of(kind, quantity=quantity, value=band[f"{end}_km"], method=how, inputs=inputs))
        for coordinate, key, axis in zip(coordinates, ("lat", "lon"), ("Latitude", "Longitude")):
            out.append(
                Result.of(
                    coordinate,
                    quantity=f"{axis} of the {words} point of {name}",
                    value=band[f"{end}_{key}"],
                    method="coordinate of that point",
                    inputs=result_id(kind),
                )
            )
    return out


def shared_borders(s: Scene) -> list[Result]:
    """How many countries border the host country, and the length of each border, per resolution."""
    from briefing.analysis.geography import borders
    from briefing.analysis.geography.measures import KM

    g, host = s.g, s.country(s.g.host)
    per_res = {res: borders.borders(g.host, res) for res in g.resolutions}
    out = [
        Result.of(
            "neighbours",
            res,
            quantity=f"Countries sharing a border with {host} ({scope.scale(res)})",
            value=len(table),
            method=f"countries sharing at least {borders.MIN_SHARED_M / KM:g} km of outline",
            inputs=f"{host} in the {s.boundaries(res)}",
        )
        for res, table in per_res.items()
    ]
    first = list(per_res[g.primary]["iso_n3"])  # the primary resolution's neighbours, then those only others see
    for code in first + sorted({c for t in per_res.values() for c in t["iso_n3"]} - set(first)):
        for res, table in per_res.items():
            hit = table[table["iso_n3"] == code]
            if not hit.empty:
                out.append(_border(s, host, hit.iloc[0], res))
    return out


def _border(s: Scene, host: str, neighbour: pd.Series, resolution: str) -> Result:
    other = neighbour["name"]
    return Result.of(
        "border",
        neighbour["iso_n3"],
        resolution,
        quantity=f"Border {host}–{other} ({scope.scale(resolution)})",
        value=neighbour["km"],
        method="length of the shared outline (a lower bound: simplified lines cut corners)",
        inputs=f"{host} and {other} in the {s.boundaries(resolution)}",
    )


def distances(s: Scene) -> list[Result]:
    """The origin to every other located place of the gazetteer."""
    from briefing.analysis.geography import measures

    return [
        Result.of(
            "distance",
            r.id,
            quantity=f"{s.origin_name} to {r.name}",
            value=r.km,
            method="geodesic, point to point",
            inputs=f"{s.origin_name} and {r.name} (gazetteer points)",
        )
        for r in measures.distances_from(s.origin, s.places, exclude=[s.g.origin]).itertuples(index=False)
    ]


PRODUCERS: tuple[Callable[[Scene], list[Result]], ...] = (
    nearest_border,
    reference_city,
    region,
    shared_borders,
    distances,
)
"""The producers, in the order their results are listed."""


def _produce() -> tuple[Result, ...]:
    s = scene()
    results = tuple(r for make in PRODUCERS for r in make(s))
    seen = [r.id for r in results]
    twice = sorted({i for i in seen if seen.count(i) > 1})
    if twice:
        raise ValueError(f"duplicate computed-result ids: {twice}")
    return results
