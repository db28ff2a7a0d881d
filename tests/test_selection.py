"""Rows selected by what they say, independent sources and the confidence caps, as rules."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd

from briefing.analysis.data import selection
from briefing.analysis.data.validate import validate
from briefing.analysis.evidence.compare import about_the_same, happenings
from helpers import ROOT

MEMBERS = {"club": {"a", "b"}}
POSITIONS = [
    {"id": "p1", "actor": "a", "issue": "bases", "stance": "opposes", "period": "current"},
    {"id": "p2", "actor": "b", "issue": "bases", "stance": "other", "period": "current"},
    {"id": "p3", "actor": "c", "issue": "bases", "stance": "supports", "period": "current"},
    {"id": "p4", "actor": "a", "issue": "bases", "stance": "supports", "period": "past"},
]


def test_a_group_stands_for_its_members_and_not_excludes_a_stance():
    query = {"actors": "group:club", "issues": "bases", "stances": "not:opposes", "period": "current"}
    assert selection.select(query, POSITIONS, MEMBERS) == ["p2"]


def test_an_empty_condition_admits_anything():
    assert selection.select({}, POSITIONS, MEMBERS) == ["p1", "p2", "p3", "p4"]


def test_all_actors_must_be_among_an_events_actors():
    events = [{"id": "e1", "actors": "us;taliban", "kind": "talks"}, {"id": "e2", "actors": "us", "kind": "talks"}]
    assert selection.select({"all_actors": "us;taliban", "event_kinds": "talks"}, events, {}) == ["e1"]
    assert selection.select({"event_kinds": "meeting"}, events, {}) == []


def test_a_row_without_a_kind_matches_no_kind_query():
    assert selection.select({"event_kinds": "talks"}, [{"id": "e", "actors": "us"}], {}) == []


def test_sources_of_one_outlet_or_derived_from_another_are_not_independent():
    register = [
        {"id": "x1", "outlet": "X"},
        {"id": "x2", "outlet": "X"},
        {"id": "y", "outlet": "Y", "derived_from": "x1"},
        {"id": "z", "outlet": "Z"},
    ]
    keys = selection.outlets(register)
    assert selection.independent(["x1", "x2", "y"], keys) == ["X"]
    assert selection.independent(["x1", "z"], keys) == ["X", "Z"]


def test_the_cap_is_the_rule_with_the_largest_threshold_reached():
    caps = [
        {"independent_sources": "1", "max_confidence": "low"},
        {"independent_sources": "3", "max_confidence": "high"},
    ]
    assert [selection.cap(n, caps) for n in (1, 2, 3, 5)] == ["low", "low", "high", "high"]
    assert selection.above("moderate", "low") and not selection.above("low", "low")


def rewrite(path: Path, change) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        change(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_validation_refuses_a_judgment_above_its_sourcing_cap(tmp_path: Path):
    data = Path(shutil.copytree(ROOT / "data", tmp_path / "data"))
    caps = data / "analysis" / "sourcing_rules.csv"
    rewrite(caps, lambda r: r.update(max_confidence="low") if r["applies_to"] == "judgments" else None)
    first = next(csv.DictReader((data / "analysis" / "judgments.csv").open(encoding="utf-8")))["id"]
    rewrite(data / "analysis" / "judgments.csv", lambda r: r.update(confidence="high") if r["id"] == first else None)
    problems = [str(p) for p in validate(data)[1]]
    assert len(problems) == 1
    assert problems[0].startswith("data/analysis/judgments.csv:2: column 'confidence': above the cap")


def event(source: str, start: str, end: str, actors: str, title: str = "") -> pd.Series:
    return pd.Series(
        {
            "id": f"{source}-{start}",
            "source_id": source,
            "date": pd.Timestamp(start),
            "date_end": pd.Timestamp(end),
            "actors": actors,
            "place": pd.NA,
            "title": title or f"event {start}",
        }
    )


def test_a_day_inside_another_sources_month_is_the_same_happening():
    day, month = event("a", "2025-09-18", "2025-09-18", "us"), event("b", "2025-09-01", "2025-09-30", "us;uk")
    assert about_the_same(day, month)
    assert not about_the_same(day, event("b", "2025-10-01", "2025-10-31", "us"))
    assert not about_the_same(day, event("b", "2025-09-01", "2025-09-30", "russia"))


def test_a_title_matches_across_dates_and_one_sources_rows_are_never_paired():
    a, b = (
        event("a", "2025-10-07", "2025-10-07", "x", "Moscow talks"),
        event("b", "2025-10-08", "2025-10-08", "y", "Moscow talks"),
    )
    assert about_the_same(a, b)
    assert not about_the_same(a, event("a", "2025-10-07", "2025-10-07", "x"))
    assert [len(g) for g in happenings(pd.DataFrame([a, b]))] == [2]
