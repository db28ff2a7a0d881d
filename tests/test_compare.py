"""Sources compared: subjects stated by two or more sources, as agree or differ."""

from __future__ import annotations

from pathlib import Path

from briefing.analysis.evidence.compare import COLUMNS, sources_compared
from helpers import ROOT

DIST = "facts/distances.csv"


def edit(data: Path, old: str, new: str) -> None:
    text = (data / DIST).read_text(encoding="utf-8")
    assert old in text
    (data / DIST).write_text(text.replace(old, new), encoding="utf-8")


def test_two_sources_with_different_values_differ(mini: Path, use_project):
    use_project(mini)
    frame = sources_compared()
    assert list(frame.columns) == COLUMNS
    assert frame.to_dict("records") == [
        {
            "table": "distances",
            "subject": "Test Depot · Test City",
            "sources": "alpha; beta",
            "values": "Alpha News: 44 km; Beta Wire: about 46 km",
            "fact_ids": "dist-alpha; dist-beta",
            "verdict": "differ",
        }
    ]


def test_the_same_value_agrees_whatever_the_qualifier(mini: Path, use_project):
    edit(mini / "data", "dist-beta,beta,depot,city,46,km,about", "dist-beta,beta,depot,city,44,km,about")
    use_project(mini)
    assert sources_compared()["verdict"].tolist() == ["agree"]


def test_a_length_in_another_unit_agrees_within_rounding(mini: Path, use_project):
    edit(mini / "data", "dist-beta,beta,depot,city,46,km", "dist-beta,beta,depot,city,27,mi")
    use_project(mini)
    assert sources_compared()["verdict"].tolist() == ["agree"]
    edit(mini / "data", "dist-beta,beta,depot,city,27,mi", "dist-beta,beta,depot,city,29,mi")
    assert sources_compared()["verdict"].tolist() == ["differ"]


def test_a_subject_stated_by_one_source_is_not_compared(mini: Path, use_project):
    edit(mini / "data", "dist-beta,beta,depot,city", "dist-beta,beta,city,depot")
    use_project(mini)
    frame = sources_compared()
    assert frame.empty and list(frame.columns) == COLUMNS


def test_the_committed_data_have_one_stored_source_so_nothing_is_compared(use_project):
    use_project(ROOT)
    assert sources_compared().empty
