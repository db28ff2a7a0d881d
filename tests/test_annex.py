"""The annex registers: source register and table of computed results."""

from __future__ import annotations

import pandas as pd

from briefing.analysis import computed
from briefing.analysis.writing import annex
from helpers import ROOT


def sources() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["b-post", "a-paper"],
            "type": ["other", "article"],
            "outlet": ["Site", "Paper"],
            "title": ["Post by someone", "Real headline"],
            "description": ["What it says", "Summary"],
            "dateline_date": [pd.NaT, pd.Timestamp("2025-10-09")],
            "licence": [None, "CC"],
            "sha256": [None, "0123456789abcdef"],
        }
    )


def test_a_title_is_shown_as_the_sources_own_only_for_titled_types():
    table = annex.source_register(sources(), ["article"]).set_index("id")
    assert table.loc["a-paper", "title or headline"] == "Real headline"
    assert table.loc["a-paper", "description (analyst's)"] == "Summary"
    assert table.loc["b-post", "title or headline"] == ""
    assert table.loc["b-post", "description (analyst's)"] == "Post by someone. What it says"
    assert table.loc["a-paper", "sha256"] == "01234567" and table.loc["a-paper", "date"] == "2025-10-09"
    assert list(table.index) == ["a-paper", "b-post"]


def test_computed_results_keep_every_id_once_with_its_printed_value(use_project):
    use_project(ROOT)
    table = annex.computed_results()
    results = computed.load()
    assert list(table["id"]) == list(results["id"]) and table["id"].is_unique
    assert all(v for v in table["value"])
    distances = table[[computed.parse(i)[0] == "distance" for i in table["id"]]]
    assert len(distances) and all(b.endswith(")") for b in distances["bearing from origin"])
