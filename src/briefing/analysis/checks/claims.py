"""Checking stated figures against computed ones: the tolerance rule, the verdicts and their labels.

The tolerance rule is stated once here and printed in the briefing: a stated figure is read as
an interval that depends on its qualifier (:func:`rules`, from data), and the verdict says where the computed
value falls relative to that interval. Directions are checked by :mod:`directions`; the checks are
published as ClaimReview by :mod:`claimreview`. Nothing here knows about a particular place or article.

Areas. A distance "from a city" does not say from which point of the city it is measured. When an
end of a stated distance is an area with a known extent (the radius of a city's built-up area),
the distance may be measured from any of its points: between two areas of radii r1 and r2 whose
reference points lie d apart, point-to-point distances range over d - r1 - r2 .. d + r1 + r2. So
the interval a stated figure admits is widened, after the qualifier has been applied, by the sum of
the extents of both ends, on both sides (never below zero); an end without a known extent (an
airfield, a boundary) counts as a point (:data:`EXTENT_RULE`, ``extent_m`` below).

Interpretive verdicts. Some verdicts depend on a reading of the sentence, not only on measurement
(which countries a clause refers to, a loose word taken in a strict sense). Such a check carries
the reading applied (:attr:`claimreview.Review.reading`); it is printed beside the verdict and stated in the
ClaimReview's reviewBody and ratingExplanation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from briefing.analysis.checks import units
from briefing.analysis.data import facts

EXTENT_RULE = (
    "When an end of the distance is an area (a city), the distance may be measured from any of its "
    "points: the interval is widened on both sides by the extents (radii) of both ends, after the "
    "qualifier has been applied; an end without a recorded extent counts as a point."
)
"""The area rule in words (no digits: it is printed as prose and in the rule table)."""


@dataclass(frozen=True)
class Rule:
    """How a qualifier turns a stated figure into an interval.

    ``lower``/``upper`` name the anchor of each bound: ``rounding`` (the end of the interval of
    values that round to the stated figure), ``value`` (the figure itself), ``zero`` or ``none``
    (no bound); ``below``/``above`` widen the anchor by a fraction of itself.
    """

    lower: str
    below: float
    upper: str
    above: float


def rules() -> dict[str, Rule]:
    """The tolerance rule per qualifier: analyst policy, read from the ``tolerance`` table."""
    table = facts.load("tolerance")
    return {
        str(r.qualifier): Rule(str(r.lower), float(r.below), str(r.upper), float(r.above))
        for r in table.itertuples(index=False)
    }


#: Verdict key -> (short label used as ClaimReview alternateName, meaning), in reading order.
VERDICTS: dict[str, tuple[str, str]] = {
    "consistent": (
        "Consistent",
        (
            "The computed value lies inside the interval the stated figure admits, or the "
            "statement holds for everything it names."
        ),
    ),
    "overstated": ("Overstated", "The computed value lies below the interval: the stated figure is too large."),
    "understated": ("Understated", "The computed value lies above the interval: the stated figure is too small."),
    "plausible": (
        "Plausible, not verifiable",
        (
            "The target is known only as a region; part of the region lies "
            "inside the interval, so some location fits, but none can be checked."
        ),
    ),
    "partly": ("Partly consistent", "The statement holds for some of the places or countries it names, not all."),
    "inconsistent": (
        "Inconsistent",
        (
            "The statement holds for none of the places or countries it names, or "
            "the direction lies outside the stated sector."
        ),
    ),
    "all_readings": (
        "Inconsistent under every plausible reading",
        "The figure fits none of the plausible readings of the sentence; each reading is named.",
    ),
    "wrong_date": ("Wrong date", "The date the source gives matches no reference date of the event it names."),
    "ambiguous": (
        "Ambiguous measure",
        (
            "The measure the figure counts can be read in more than one way; the "
            "readings are named and the figure is not checked."
        ),
    ),
    "unverifiable": ("Unverifiable", "The origin or the target cannot be identified from the text or the data."),
}

#: ClaimReview ratings on a scale from 1 (worst) to 5 (best); unverifiable claims carry no number.
RATING: dict[str, int] = {
    "consistent": 5,
    "plausible": 3,
    "partly": 3,
    "overstated": 2,
    "understated": 2,
    "inconsistent": 1,
    "all_readings": 1,
    "wrong_date": 1,
}
BEST_RATING, WORST_RATING = 5, 1


# ---------------------------------------------------------------------------------------------
# Distances and other magnitudes
# ---------------------------------------------------------------------------------------------


def stated_text(value: Any) -> str:
    """A stated figure as decimal text ('800', '3.6'), whether it arrives as text or as a number."""
    if isinstance(value, str):
        return value.replace(",", "").strip()
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    text = repr(number)
    return text.removesuffix(".0")


def interval(value: Any, unit: str, qualifier: str, extent_m: float = 0.0) -> tuple[float, float]:
    """The interval (metres) that a stated length with its qualifier admits; upper may be inf.

    ``extent_m`` is the sum of the extents (radii, metres) of the two ends when they are areas: the
    interval is widened by it on both sides, after the qualifier's rule, and never reaches below zero.
    """
    if extent_m < 0 or not math.isfinite(extent_m):
        raise ValueError(f"extent must be a finite length >= 0, not {extent_m!r}")
    known = rules()
    if qualifier not in known:
        raise ValueError(f"unknown qualifier {qualifier!r}; known: {', '.join(known)}")
    text = stated_text(value)
    rule = known[qualifier]
    r_lo, r_hi = units.stated_interval(text, unit)
    v = units.to_metres(float(text), unit)
    lo = {"rounding": r_lo, "value": v, "zero": 0.0}[rule.lower] * (1.0 - rule.below)
    hi = math.inf if rule.upper == "none" else {"rounding": r_hi, "value": v}[rule.upper] * (1.0 + rule.above)
    return max(lo - extent_m, 0.0), hi + extent_m


def verdict(value: Any, unit: str, qualifier: str, computed_m: float | None, extent_m: float = 0.0) -> str:
    """'consistent', 'overstated' or 'understated'; 'unverifiable' when nothing was computed.

    ``computed_m`` is measured between the reference points of the two ends; ``extent_m`` (the sum
    of their extents) widens the interval, see :func:`interval`.
    """
    if computed_m is None or (isinstance(computed_m, float) and math.isnan(computed_m)):
        return "unverifiable"
    lo, hi = interval(value, unit, qualifier, extent_m)
    if lo <= computed_m <= hi:
        return "consistent"
    return "overstated" if computed_m < lo else "understated"


def band_verdict(value: Any, unit: str, qualifier: str, near_m: float, far_m: float, extent_m: float = 0.0) -> str:
    """Verdict for a target known only as a region spanning distances near_m..far_m from the origin."""
    lo, hi = interval(value, unit, qualifier, extent_m)
    if far_m < lo:
        return "overstated"
    if near_m > hi:
        return "understated"
    return "plausible"


def share_verdict(holds: Sequence[bool]) -> str:
    """Verdict for a statement about several members: all, some or none satisfy it."""
    if len(holds) == 0:
        return "unverifiable"
    if all(holds):
        return "consistent"
    return "partly" if any(holds) else "inconsistent"


def deviation(stated: float, computed: float | None) -> tuple[float | None, float | None]:
    """(stated / computed, stated - computed), or (None, None) without a computed value."""
    if computed is None or computed == 0 or (isinstance(computed, float) and math.isnan(computed)):
        return None, None
    return stated / computed, stated - computed


AREA_ROW = "to or from an area"
"""The label of the rule table's last row: the widening for ends that are areas (any qualifier)."""


def _km_text(metres: float, unit: str) -> str:
    scale = units.METRES[unit]
    return f"{metres / scale:,.4g} {unit}"


ANCHORS = {
    "rounding": "values that round to the figure",
    "value": "the figure itself",
    "zero": "zero",
    "none": "no upper bound",
}
"""The anchors of a rule's bounds (see :class:`Rule`) in words."""


def rule_table(
    examples: dict[str, tuple[Any, str]] | None = None, area_example: tuple[Any, str, str, float, str] | None = None
) -> pd.DataFrame:
    """The tolerance rule: one row per qualifier, then the area rule (:data:`AREA_ROW`).

    ``examples`` maps a qualifier to (value, unit); ``area_example`` is (value, unit, qualifier,
    extent in metres, words naming the ends and their extents) for the area row.
    """
    rows = [
        {
            "qualifier": qualifier,
            "lower bound": _bound(rule.lower, rule.below, "lower"),
            "upper bound": _bound(rule.upper, rule.above, "upper"),
            "example": _example(qualifier, examples[qualifier]) if examples and qualifier in examples else "",
        }
        for qualifier, rule in rules().items()
    ]
    rows.append(
        {
            "qualifier": f"any, {AREA_ROW}",
            "lower bound": "the qualifier's lower bound, minus the extents of both ends (not below zero)",
            "upper bound": "the qualifier's upper bound, plus the extents of both ends",
            "example": _area_example(*area_example) if area_example else "",
        }
    )
    return pd.DataFrame(rows)


def _bound(anchor: str, widen: float, side: str) -> str:
    """One bound of a rule in words: 'lowest values that round to the figure, minus 10%'."""
    words = ANCHORS[anchor]
    if anchor == "rounding":
        words = ("lowest " if side == "lower" else "highest ") + words
    if widen:
        words += f", {'minus' if side == 'lower' else 'plus'} {widen:.0%}"
    return words


def _example(qualifier: str, stated: tuple[Any, str]) -> str:
    """The interval a qualified figure admits, as the rule table prints it."""
    value, unit = stated
    lo, hi = interval(value, unit, qualifier)
    scale = units.METRES[unit]
    top = "no upper bound" if math.isinf(hi) else f"{hi / scale:,.4g} {unit}"
    return f"{qualifier} {float(stated_text(value)):,g} {unit}: {lo / scale:,.4g} {unit} to {top}"


def _area_example(value: Any, unit: str, qualifier: str, extent_m: float, ends: str) -> str:
    """The interval a figure between areas admits, widened by their extents, as the rule table prints it."""
    lo, hi = interval(value, unit, qualifier, extent_m)
    return (
        f"{'' if qualifier == 'exact' else qualifier + ' '}{float(stated_text(value)):,g} {unit} {ends}: "
        f"{_km_text(lo, unit)} to {_km_text(hi, unit)}"
    )


def verdict_table(used: Iterable[str] | None = None) -> pd.DataFrame:
    """Verdict labels and meanings (only those in ``used``, if given), in reading order."""
    keep = set(used) if used is not None else set(VERDICTS)
    return pd.DataFrame(
        [
            {"verdict": label, "meaning": meaning, "rating": RATING.get(key, "")}
            for key, (label, meaning) in VERDICTS.items()
            if key in keep
        ]
    )


#: The same verdicts in the words a reader of the brief knows; the annex keeps the method's terms (:data:`VERDICTS`).
PLAIN: dict[str, str] = {
    "consistent": "about right",
    "overstated": "too high",
    "understated": "too low",
    "plausible": "cannot be checked",
    "partly": "partly right",
    "inconsistent": "wrong",
    "all_readings": "wrong",
    "wrong_date": "wrong date",
    "ambiguous": "unclear",
    "unverifiable": "cannot be checked",
}


def plain_label(key: str) -> str:
    """A verdict in plain words for the brief: one record, two labels."""
    return PLAIN[key]


def label(key: str, interpretive: bool = False) -> str:
    """The short label of a verdict key; an interpretive verdict says so."""
    return VERDICTS[key][0] + (" (interpretive)" if interpretive else "")
