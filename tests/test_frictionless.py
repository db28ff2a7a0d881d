"""The Data Package standard's reference validator (frictionless-py) agrees with our fast validator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.analysis.data.validate import validate
from helpers import ROOT, SPREADSHEET_VARIANTS, copy_project, save_as_spreadsheet, take_in_second_source

frictionless = pytest.importorskip("frictionless")


def standard_valid(data: Path) -> tuple[bool, list[str]]:
    report = frictionless.validate(str(data / "datapackage.json"))
    return report.valid, [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]


def both_valid(data: Path) -> None:
    _, problems = validate(data)
    valid, errors = standard_valid(data)
    assert problems == [] and valid, ([str(p) for p in problems], errors[:3])


def test_the_committed_data_are_valid_for_both():
    both_valid(ROOT / "data")


def test_a_promoted_draft_is_valid_for_both(tmp_path: Path):
    root = copy_project(ROOT, tmp_path / "p")
    take_in_second_source(root)
    both_valid(root / "data")


@pytest.mark.parametrize("variant", sorted(SPREADSHEET_VARIANTS))
def test_tables_saved_by_a_spreadsheet_are_valid_for_both(mini: Path, variant: str):
    for path in (mini / "data").rglob("*.csv"):
        save_as_spreadsheet(path, **SPREADSHEET_VARIANTS[variant])
    both_valid(mini / "data")


def test_the_real_tables_saved_by_a_spreadsheet_are_valid_for_both(tmp_path: Path):
    root = copy_project(ROOT, tmp_path / "p")
    for path in (root / "data").rglob("*.csv"):
        save_as_spreadsheet(path, bom=True, crlf=True, quote_all=True)
    both_valid(root / "data")


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        text = (data / rel).read_text(encoding="utf-8")
        assert old in text
        (data / rel).write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


DIST = "facts/distances.csv"
BROKEN = {
    "wrong type": edit(DIST, "44,km", "forty-four,km"),
    "outside enum": edit(DIST, "44,km", "44,kms"),
    "required value missing": edit(DIST, "depot,city,44", "depot,,44"),
    "duplicate id": edit(DIST, "dist-beta", "dist-alpha"),
    "dangling foreign key": edit(DIST, "depot,city,44", "depot,town,44"),
    "pattern": edit("sources/sources.csv", "beta,article", "Beta!,article"),
    "missing column": lambda d: (d / DIST).write_text("id,source_id\nx,alpha\n", encoding="utf-8"),
}


def test_a_table_declared_utf8_but_saved_in_latin1_is_rejected_by_both(tmp_path: Path):
    """The real package declares each table's encoding; the mini fixture leaves frictionless to guess it."""
    root = copy_project(ROOT, tmp_path / "p")
    path = root / "data" / "facts" / "distances.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("north", "nörth").encode("latin-1"))
    _, problems = validate(root / "data")
    valid, _ = standard_valid(root / "data")
    assert problems and not valid


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_tables_are_rejected_by_both(mini: Path, case: str):
    BROKEN[case](mini / "data")
    _, problems = validate(mini / "data")
    valid, _ = standard_valid(mini / "data")
    assert problems and not valid
