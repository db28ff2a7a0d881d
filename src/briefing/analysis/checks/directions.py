"""Checking a stated compass direction: the word read as a sector of the compass, against the computed azimuth.

Directions are read as sectors of an eight-point compass (:data:`SECTOR_HALF_WIDTH`); the compass words
themselves are :data:`briefing.analysis.geography.bearings.COMPASS`. Nothing here knows about a place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from briefing.analysis.geography import bearings, gazetteer
from briefing.analysis.geography import geodesy as geo

SECTOR_HALF_WIDTH = 22.5
"""Half-width (degrees) of the sector a compass word admits: eight points, each 45 degrees wide."""


def sector(direction: str) -> tuple[float, float]:
    """Azimuths (degrees, clockwise from north, may wrap through 0) that a compass word admits."""
    centre = bearings.COMPASS[direction]
    return (centre - SECTOR_HALF_WIDTH) % 360.0, (centre + SECTOR_HALF_WIDTH) % 360.0


def direction_verdict(direction: str, azimuth: float) -> str:
    """'consistent' when the azimuth lies within the compass word's sector, else 'inconsistent'."""
    return "consistent" if abs(bearings.angle_from(direction, azimuth)) <= SECTOR_HALF_WIDTH else "inconsistent"


def direction_rule() -> str:
    """The direction rule in words (no digits: it is printed as prose)."""
    return (
        "A compass word is read as a sector of an eight-point compass centred on that direction, extending "
        "half-way to the neighbouring points on either side; the direction is consistent when the computed "
        "azimuth lies inside that sector."
    )


@dataclass(frozen=True)
class DirectionCheck:
    """A stated compass direction set against the computed azimuth."""

    fact_id: str
    direction: str
    azimuth: float
    offset: float
    compass: str
    verdict: str
    method: str


def check_direction(fact: pd.Series | dict[str, Any], places: pd.DataFrame) -> DirectionCheck:
    """Azimuth from ``to_place`` to ``from_place`` (where the latter lies as seen from the former)."""
    seen_from = gazetteer.point(places, str(fact["to_place"]))
    target = gazetteer.point(places, str(fact["from_place"]))
    if seen_from is None or target is None:
        raise ValueError(f"{fact['id']}: both places must be located to check a direction")
    azimuth = geo.geodesic(*seen_from, *target)[1]
    direction = str(fact["direction"])
    return DirectionCheck(
        str(fact["id"]),
        direction,
        azimuth,
        bearings.angle_from(direction, azimuth),
        bearings.compass_point(azimuth),
        direction_verdict(direction, azimuth),
        "forward azimuth of the geodesic from the reference place, clockwise from true north",
    )
