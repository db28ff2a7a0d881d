"""The annex's registers: the source register and the table of computed results, as reader tables.

These are the tables where ids belong: each row keeps its id as the anchor that notes link to.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.geography import bearings, gazetteer, measures, scope


def source_register(sources: pd.DataFrame, titled: Iterable[str]) -> pd.DataFrame:
    """Sources as readers see them: the source's own title or headline only for ``titled`` types.

    For other types (a social media post, the analyst's own entries) the register's title column is
    the analyst's naming, so it is shown with the description, which is always the analyst's.
    """
    own = sources["type"].isin(list(titled))
    described = [
        d if o or facts.missing(t) else f"{t}. {d}"
        for o, t, d in zip(own, sources["title"], sources["description"].fillna(""), strict=True)
    ]
    return pd.DataFrame(
        {
            "id": sources["id"],
            "outlet": sources["outlet"],
            "title or headline": sources["title"].where(own, ""),
            "description (analyst's)": described,
            "date": sources["dateline_date"].map(lambda d: "" if pd.isna(d) else f"{d:%Y-%m-%d}"),
            "licence": sources["licence"].fillna(""),
            "sha256": sources["sha256"].fillna("").str.slice(0, 8),
        }
    ).sort_values("id", ignore_index=True)


def computed_results() -> pd.DataFrame:
    """Every computed result with its id, words, printed value, bearing from the origin (for places) and method."""
    g = scope.geography()
    places = facts.load("places")
    rows = measures.distances_from(gazetteer.point(places, g.origin), places, exclude=[g.origin])
    bearing = {
        computed.result_id("distance", r.id): f"{bearings.azimuth_text(r.azimuth)} ({r.compass})"
        for r in rows.itertuples()
    }
    results = computed.load()
    return pd.DataFrame(
        {
            "id": results["id"],
            "quantity": results["quantity"],
            "value": [
                computed.format_value(x, u).replace(" ", "\u00a0")
                for x, u in zip(results["value"], results["unit"], strict=True)
            ],
            "bearing from origin": [bearing.get(i, "") for i in results["id"]],
            "method": results["method"],
        }
    )
