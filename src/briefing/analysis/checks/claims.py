"""Checking stated figures against computed ones, and publishing the checks as ClaimReview.

The tolerance rule is stated once here and printed in the briefing: a stated figure is read as
an interval that depends on its qualifier (:func:`rules`, from data), and the verdict says where the computed
value falls relative to that interval. Directions are read as sectors of an eight-point compass
(:data:`SECTOR_HALF_WIDTH`). Nothing here knows about a particular place or article.

Areas. A distance "from a city" does not say from which point of the city it is measured. When an
end of a stated distance is an area with a known extent (the radius of a city's built-up area),
the distance may be measured from any of its points: between two areas of radii r1 and r2 whose
reference points lie d apart, point-to-point distances range over d - r1 - r2 .. d + r1 + r2. So
the interval a stated figure admits is widened, after the qualifier has been applied, by the sum of
the extents of both ends, on both sides (never below zero); an end without a known extent (an
airfield, a boundary) counts as a point (:data:`EXTENT_RULE`, ``extent_m`` below).

Interpretive verdicts. Some verdicts depend on a reading of the sentence, not only on measurement
(which countries a clause refers to, a loose word taken in a strict sense). Such a check carries
the reading applied (:attr:`Review.reading`); it is printed beside the verdict and stated in the
ClaimReview's reviewBody and ratingExplanation.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from briefing import paths, reads
from briefing.analysis.checks import units
from briefing.analysis.data import facts
from briefing.analysis.data.facts import missing

SECTOR_HALF_WIDTH = 22.5
"""Half-width (degrees) of the sector a compass word admits: eight points, each 45 degrees wide."""

EXTENT_RULE = (
    "When an end of the distance is an area (a city), the distance may be measured from any of its "
    "points: the interval is widened on both sides by the extents (radii) of both ends, after the "
    "qualifier has been applied; an end without a recorded extent counts as a point."
)
"""The area rule in words (no digits: it is printed as prose and in the rule table)."""

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


def rule_table(
    examples: dict[str, tuple[Any, str]] | None = None, area_example: tuple[Any, str, str, float, str] | None = None
) -> pd.DataFrame:
    """The tolerance rule: one row per qualifier, then the area rule (:data:`AREA_ROW`).

    ``examples`` maps a qualifier to (value, unit); ``area_example`` is (value, unit, qualifier,
    extent in metres, words naming the ends and their extents) for the area row.
    """
    anchors = {
        "rounding": "values that round to the figure",
        "value": "the figure itself",
        "zero": "zero",
        "none": "no upper bound",
    }

    def bound(anchor: str, widen: float, side: str) -> str:
        words = anchors[anchor]
        if anchor == "rounding":
            words = ("lowest " if side == "lower" else "highest ") + words
        if widen:
            words += f", {'minus' if side == 'lower' else 'plus'} {widen:.0%}"
        return words

    rows = []
    for qualifier, rule in rules().items():
        example = ""
        if examples and qualifier in examples:
            value, unit = examples[qualifier]
            lo, hi = interval(value, unit, qualifier)
            scale = units.METRES[unit]
            top = "no upper bound" if math.isinf(hi) else f"{hi / scale:,.4g} {unit}"
            example = f"{qualifier} {float(stated_text(value)):,g} {unit}: {lo / scale:,.4g} {unit} to {top}"
        rows.append(
            {
                "qualifier": qualifier,
                "lower bound": bound(rule.lower, rule.below, "lower"),
                "upper bound": bound(rule.upper, rule.above, "upper"),
                "example": example,
            }
        )
    example = ""
    if area_example:
        value, unit, qualifier, extent_m, ends = area_example
        lo, hi = interval(value, unit, qualifier, extent_m)
        example = (
            f"{'' if qualifier == 'exact' else qualifier + ' '}{float(stated_text(value)):,g} {unit} {ends}: "
            f"{_km_text(lo, unit)} to {_km_text(hi, unit)}"
        )
    rows.append(
        {
            "qualifier": f"any, {AREA_ROW}",
            "lower bound": "the qualifier's lower bound, minus the extents of both ends (not below zero)",
            "upper bound": "the qualifier's upper bound, plus the extents of both ends",
            "example": example,
        }
    )
    return pd.DataFrame(rows)


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


def label(key: str, interpretive: bool = False) -> str:
    """The short label of a verdict key; an interpretive verdict says so."""
    return VERDICTS[key][0] + (" (interpretive)" if interpretive else "")


# ---------------------------------------------------------------------------------------------
# Directions
# ---------------------------------------------------------------------------------------------


def angle_from(direction: str, azimuth: float) -> float:
    """Signed difference (degrees, -180..180) between an azimuth and a compass word's centre."""
    if direction not in COMPASS:
        raise ValueError(f"unknown compass direction {direction!r}")
    return (float(azimuth) - COMPASS[direction] + 180.0) % 360.0 - 180.0


def sector(direction: str) -> tuple[float, float]:
    """Azimuths (degrees, clockwise from north, may wrap through 0) that a compass word admits."""
    centre = COMPASS[direction]
    return (centre - SECTOR_HALF_WIDTH) % 360.0, (centre + SECTOR_HALF_WIDTH) % 360.0


def direction_verdict(direction: str, azimuth: float) -> str:
    """'consistent' when the azimuth lies within the compass word's sector, else 'inconsistent'."""
    return "consistent" if abs(angle_from(direction, azimuth)) <= SECTOR_HALF_WIDTH else "inconsistent"


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


def direction_rule() -> str:
    """The direction rule in words (no digits: it is printed as prose)."""
    return (
        "A compass word is read as a sector of an eight-point compass centred on that direction, extending "
        "half-way to the neighbouring points on either side; the direction is consistent when the computed "
        "azimuth lies inside that sector."
    )


# ---------------------------------------------------------------------------------------------
# Source context
# ---------------------------------------------------------------------------------------------


def source_text(source_id: str, sources: pd.DataFrame) -> str:
    """The stored text of a source (UTF-8), from the register's ``file`` column."""
    row = sources.set_index("id").loc[source_id]
    if pd.isna(row["file"]):
        raise FileNotFoundError(f"source {source_id!r} is cited, not stored: no text to quote")
    path = paths.sources_dir() / str(row["file"])
    reads.file(path, paths.root())
    return path.read_text(encoding="utf-8")


def sentence_at(text: str, start: int, length: int = 0) -> str:
    """The sentence (or sentences) of ``text`` holding characters start..start+length."""
    ends = [m.end() for m in re.finditer(r"[.!?](?:[”\"’)]*)\s+|\n+", text)]
    begin = max([e for e in ends if e <= start], default=0)
    finish = min([e for e in ends if e >= start + max(length, 1)], default=len(text))
    return " ".join(text[begin:finish].split())


# ---------------------------------------------------------------------------------------------
# ClaimReview
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """One checked claim, ready for the table and for ClaimReview."""

    check_id: str
    fact_ids: tuple[str, ...]
    source_id: str
    claim: str
    quote: str
    verdict: str
    explanation: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    reading: str = ""
    """The reading of the sentence the verdict rests on, when it rests on one (an interpretive verdict)."""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")

    @property
    def interpretive(self) -> bool:
        """Whether the verdict depends on a reading of the sentence, not on measurement alone."""
        return bool(self.reading.strip())

    @property
    def body(self) -> str:
        """The explanation, preceded for an interpretive verdict by the reading applied."""
        if not self.interpretive:
            return self.explanation
        return f"Interpretive verdict. Reading applied: {self.reading.strip().rstrip('.')}. {self.explanation}"


def _date(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)


def claim_review(review: Review, source: dict[str, Any], publisher: str, date: str, url: str = "") -> dict[str, Any]:
    """A schema.org ClaimReview for one checked claim, citing the source article."""
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": label(review.verdict, review.interpretive),
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
    }
    if review.verdict in RATING:
        rating["ratingValue"] = RATING[review.verdict]
    if review.interpretive:
        rating["ratingExplanation"] = f"Interpretive verdict. Reading applied: {review.reading.strip().rstrip('.')}."
    published = _date(source.get("dateline_date"))
    text = {k: ("" if missing(source.get(k)) else str(source.get(k))) for k in ("headline", "outlet", "url")}
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "datePublished": published,
        "publisher": {"@type": "Organization", "name": text["outlet"]},
    }
    if text["headline"]:  # only a headline the source itself carries, never a title supplied by the analyst
        article["headline"] = text["headline"]
    if text["url"]:
        article["url"] = text["url"]
    doc = {
        "@type": "ClaimReview",
        "identifier": review.check_id,
        "claimReviewed": review.claim,
        "datePublished": date,
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": rating,
        "reviewBody": review.body,
        "itemReviewed": {
            "@type": "Claim",
            "text": review.quote,
            "appearance": article,
            "datePublished": published,
            "author": {"@type": "Organization", "name": str(source.get("outlet", "") or "")},
            "identifier": list(review.fact_ids),
        },
    }
    if url:
        doc["url"] = url
    return doc


def claim_reviews_jsonld(
    reviews: Iterable[Review], sources: dict[str, dict[str, Any]], publisher: str, date: str, url: str = ""
) -> str:
    """The JSON-LD document: a graph of ClaimReviews sorted by check id, deterministic byte for byte.

    ``url`` (optional) is the briefing's address; each review then links to ``url#<check id>``.
    """
    graph = [
        claim_review(r, sources[r.source_id], publisher, date, f"{url}#{r.check_id}" if url else "")
        for r in sorted(reviews, key=lambda r: r.check_id)
    ]
    doc = {"@context": "https://schema.org", "@graph": graph}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
