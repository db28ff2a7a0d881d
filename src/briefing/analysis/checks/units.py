"""Units of measure and the rounding-aware comparison of figures stated in two units."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

METRES = {"m": 1.0, "km": 1000.0, "mi": 1609.344, "ft": 0.3048}
"""Metres per unit: the international mile and foot (exact by definition)."""


def to_metres(value: float, unit: str) -> float:
    """Convert a length to metres; unknown units raise ValueError."""
    if unit not in METRES:
        raise ValueError(f"unknown length unit {unit!r}")
    return value * METRES[unit]


def length_text(value: float, unit: str = "km") -> str:
    """A computed length as the briefing prints it: a decimal below 100, none above ('47.1 km', '1,854 km')."""
    tenths = round(value, 1) + 0.0  # round first, so that 99.96 prints as 100, not 100.0; + 0.0 drops '-0.0'
    number = f"{tenths:,.1f}" if abs(tenths) < 100 else f"{round(value) + 0:,}"
    return f"{number} {unit}" if unit else number


def length_range(low: float, high: float, unit: str = "km") -> str:
    """Two lengths sharing one unit, each printed as :func:`length_text` prints it: '34.5–53.5 km'."""
    return f"{length_text(low, '')}–{length_text(high, unit)}"


def parse(text: str) -> Decimal:
    """A stated figure as an exact decimal; ValueError when it is not a finite number."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return number


def rounding_halfwidth(text: str) -> Decimal:
    """Half a unit of the last significant digit of a stated figure: '3.6' -> 0.05, '2400' -> 50."""
    number = parse(text)
    # '2.0' states a tenth; '2400' states only its non-zero digits (trailing zeros of integers are not significant)
    exponent = number.as_tuple().exponent if "." in text else number.normalize().as_tuple().exponent
    return Decimal(5) * Decimal(10) ** (exponent - 1)


def stated_interval(text: str, unit: str) -> tuple[float, float]:
    """The interval, in metres, of values that round to the stated figure."""
    value, half = parse(text), rounding_halfwidth(text)
    return to_metres(float(value - half), unit), to_metres(float(value + half), unit)


def agree(value: str, unit: str, alt_value: str, alt_unit: str) -> bool | None:
    """Whether two stated lengths can denote the same quantity; None when units are not lengths."""
    if unit not in METRES or alt_unit not in METRES:
        return None
    lo1, hi1 = stated_interval(value, unit)
    lo2, hi2 = stated_interval(alt_value, alt_unit)
    return lo1 <= hi2 and lo2 <= hi1


def is_conversion(value: str, unit: str, alt_value: str, alt_unit: str) -> bool:
    """Whether ``alt_value alt_unit`` is ``value unit`` converted and rounded as printed ('1.9 mi' of '3 km')."""
    if unit not in METRES or alt_unit not in METRES:
        return False
    low, high = stated_interval(alt_value, alt_unit)
    return low <= to_metres(float(parse(value)), unit) <= high
