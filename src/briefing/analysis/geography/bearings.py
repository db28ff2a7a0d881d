"""Bearings as readers name them: the eight compass words and azimuths printed in degrees.

Azimuths are degrees clockwise from true north (see :mod:`geodesy`); the direction check that reads a
compass word as a sector is :mod:`briefing.analysis.checks.directions`.
"""

from __future__ import annotations

COMPASS = {
    "north": 0.0,
    "north-east": 45.0,
    "east": 90.0,
    "south-east": 135.0,
    "south": 180.0,
    "south-west": 225.0,
    "west": 270.0,
    "north-west": 315.0,
}
"""The eight compass words and the azimuth at the centre of each."""


def angle_from(direction: str, azimuth: float) -> float:
    """Signed difference (degrees, -180..180) between an azimuth and a compass word's centre."""
    if direction not in COMPASS:
        raise ValueError(f"unknown compass direction {direction!r}")
    return (float(azimuth) - COMPASS[direction] + 180.0) % 360.0 - 180.0


def normal_azimuth(value: float, digits: int = 0) -> float:
    """An azimuth rounded to ``digits`` and brought into [0, 360): 359.7 prints as 0, never as 360."""
    rounded = round(float(value) % 360.0, digits)
    return 0.0 if rounded >= 360.0 else rounded + 0.0  # + 0.0 turns -0.0 into 0.0


def azimuth_text(value: float, digits: int = 0) -> str:
    """An azimuth as printed: '0°', '10°', '337.5°' (with ``digits`` decimals), always below 360."""
    return f"{normal_azimuth(value, digits):.{digits}f}°"


def compass_point(azimuth: float) -> str:
    """The nearest of the eight compass words to an azimuth."""
    return min(COMPASS, key=lambda word: abs(angle_from(word, azimuth)))
