"""The claim checks published as schema.org ClaimReview: one record per check, deterministic byte for byte.

A review cites the source it checks by the register's own words: its outlet, date and address, and its
title only where the title is the source's own (see :func:`review_sources`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from briefing.analysis.checks.claims import BEST_RATING, RATING, VERDICTS, WORST_RATING, label
from briefing.analysis.data import facts, settings
from briefing.analysis.data.facts import missing


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


def review_sources(source_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Some sources' rows (those the reviews check), by id, each with a ``headline``: the register's title
    where it is the source's own (its type among ``[annex] titled_source_types``), else empty, never a title
    the analyst supplied. Read row by row: a source no review checks changes nothing here."""
    config = settings.load()
    titled = set(config.get("annex", {}).get("titled_source_types", []))
    out = {}
    for source_id in sorted(set(source_ids)):
        row = facts.typed_row("sources", source_id).to_dict() | {"id": source_id}
        own = row.get("type") in titled and not facts.missing(row.get("title"))
        row["headline"] = str(row["title"]) if own else ""
        out[str(row["id"])] = row
    return out
