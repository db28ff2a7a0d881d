"""Checking stated figures against computed ones, and publishing the checks as ClaimReview.

The tolerance rule is stated once here and printed in the briefing's method section:
a stated figure is read as an interval that depends on its qualifier, and the verdict says
whether the computed value falls inside that interval.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

from . import units

#: Relative widening of a stated figure per qualifier: (below, above) as fractions of the value.
QUALIFIER_BAND: dict[str, tuple[float, float]] = {
    "exact": (0.0, 0.0),
    "about": (0.10, 0.10),
    "nearly": (0.10, 0.0),
    "more than": (0.0, float("inf")),
    "less than": (1.0, 0.0),
}

VERDICTS = {
    "consistent": "Consistent with the computed value",
    "overstated": "Overstated: the computed value is smaller",
    "understated": "Understated: the computed value is larger",
    "unverifiable": "Unverifiable: the origin or target is not identifiable",
}

#: ClaimReview ratings on a 1-3 scale (worst 1, best 3); unverifiable claims carry no number.
RATING = {"overstated": 1, "understated": 1, "consistent": 3}


def tolerance_rule() -> list[tuple[str, str]]:
    """Human-readable statement of the rule, one row per qualifier."""
    rows = []
    for qualifier, (below, above) in QUALIFIER_BAND.items():
        lo = "no lower bound" if below >= 1 else f"{below:.0%} below"
        hi = "no upper bound" if above == float("inf") else f"{above:.0%} above"
        rows.append((qualifier, f"rounding interval of the stated figure, widened {lo} and {hi}"))
    return rows


def interval(value: float | str, unit: str, qualifier: str) -> tuple[float, float]:
    """Metres that a stated figure with its qualifier admits."""
    if qualifier not in QUALIFIER_BAND:
        raise ValueError(f"unknown qualifier {qualifier!r}")
    lo, hi = units.stated_interval(str(value), unit)
    below, above = QUALIFIER_BAND[qualifier]
    return lo * (1 - below), hi * (1 + above) if above != float("inf") else float("inf")


def verdict(value: float | str, unit: str, qualifier: str, computed_m: float | None) -> str:
    """Consistent, overstated, understated, or unverifiable when nothing was computed."""
    if computed_m is None:
        return "unverifiable"
    lo, hi = interval(value, unit, qualifier)
    if lo <= computed_m <= hi:
        return "consistent"
    return "overstated" if computed_m < lo else "understated"


@dataclass(frozen=True)
class Review:
    """One checked claim, ready for the table and for ClaimReview."""

    claim_id: str
    claim: str
    quote: str
    verdict: str
    explanation: str


def claim_review(review: Review, source: dict[str, Any], publisher: str, date: str) -> dict[str, Any]:
    """A schema.org ClaimReview for one checked claim, citing the source article."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": VERDICTS[review.verdict],
                              "bestRating": 3, "worstRating": 1}
    if review.verdict in RATING:
        rating["ratingValue"] = RATING[review.verdict]
    article = {"@type": "NewsArticle", "headline": source.get("title", ""), "datePublished": source.get("dateline_date", ""),
               "publisher": {"@type": "Organization", "name": source.get("outlet", "")}}
    if source.get("url"):
        article["url"] = source["url"]
    return {
        "@type": "ClaimReview",
        "identifier": review.claim_id,
        "claimReviewed": review.claim,
        "datePublished": date,
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": rating,
        "reviewBody": review.explanation,
        "itemReviewed": {"@type": "Claim", "text": review.quote, "appearance": article,
                         "datePublished": source.get("dateline_date", "")},
    }


def claim_reviews_jsonld(reviews: Iterable[Review], source_of: dict[str, dict[str, Any]], publisher: str, date: str) -> str:
    """The JSON-LD document: a graph of ClaimReviews, deterministic byte for byte."""
    graph = [claim_review(r, source_of[r.claim_id], publisher, date) for r in reviews]
    doc = {"@context": "https://schema.org", "@graph": graph}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
