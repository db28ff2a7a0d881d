"""Edition snapshots: what counts as a change of the facts."""

from pathlib import Path

from briefing.analysis.evidence import editions
from helpers import ROOT, copy_project


def edit_cell(path: Path, row_id: str, column: str, value: str) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    col = rows[0].index(column)
    next(r for r in rows if r[0] == row_id)[col] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_display_columns_are_not_facts_but_titles_are(tmp_path: Path, use_project):
    data = copy_project(ROOT, tmp_path / "p") / "data"
    use_project(data.parent)
    before = editions.fact_values()
    event = next(i for i, v in before.items() if v["table"] == "events")
    reference = next(i for i, v in before.items() if v["table"] == "reference_facts")
    assert "short_title" not in before[event] and "label" not in before[reference]
    edit_cell(data / "facts" / "events.csv", event, "short_title", "A new short label")
    edit_cell(data / "reference" / "facts.csv", reference, "label", "A new label")
    assert editions.fact_values() == before
    edit_cell(data / "facts" / "events.csv", event, "title", "A new title")
    changed = editions.diff({"facts": before}, {"facts": editions.fact_values()})["changed"]
    assert changed[["id", "column"]].values.tolist() == [[event, "title"]]


def test_summary_names_every_part_and_an_identical_snapshot_is_unchanged():
    snap = {"facts": {"a": {"table": "t", "value": "1"}}, "computed": {"calc-x": 1.0}, "judgments": {"kj": "h"}}
    same = editions.diff(snap, snap)
    assert editions.unchanged(same)
    assert editions.summary(same)["count"].tolist() == [0] * len(editions.PARTS)
    moved = editions.diff(snap, {**snap, "computed": {"calc-x": 2.0}})
    assert not editions.unchanged(moved)
    table = editions.summary(moved).set_index("change")["count"]
    assert table["Computed figures that moved"] == 1 and table.sum() == 1
