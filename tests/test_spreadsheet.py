"""Tables saved by a spreadsheet validate with the same meaning, and are never rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.analysis.data.validate import validate
from helpers import ROOT, SPREADSHEET_VARIANTS, copy_project, run_cli, save_as_spreadsheet, snapshot


@pytest.fixture(scope="module")
def project_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data, copied once; each test copies it again before saving tables in a spreadsheet's way."""
    return copy_project(ROOT, tmp_path_factory.mktemp("data"))


def tables_as_dicts(data: Path) -> dict[str, list[dict[str, str]]]:
    tables, problems = validate(data)
    assert problems == [], [str(p) for p in problems]
    return {name: t.rows for name, t in tables.items()}


@pytest.mark.parametrize("variant", sorted(SPREADSHEET_VARIANTS))
def test_every_table_saved_by_a_spreadsheet_validates_with_the_same_cells(
    project_data: Path, tmp_path: Path, variant: str
):
    root = copy_project(project_data, tmp_path / "p")
    expected = tables_as_dicts(root / "data")
    for path in sorted((root / "data").rglob("*.csv")):
        save_as_spreadsheet(path, **SPREADSHEET_VARIANTS[variant])
    before = snapshot(root / "data")
    assert tables_as_dicts(root / "data") == expected
    result = run_cli(root, "validate")
    assert result.returncode == 0, result.stderr
    assert snapshot(root / "data") == before, "validation rewrote a data file"


def test_crlf_in_a_table_does_not_move_offsets(project_data: Path, tmp_path: Path):
    """char_start counts characters of the source text; a table's line ends are not part of it."""
    root = copy_project(project_data, tmp_path / "p")
    save_as_spreadsheet(root / "data" / "facts" / "distances.csv", crlf=True)
    tables, problems = validate(root / "data")
    assert problems == []
    assert all("\r" not in v for row in tables["distances"].rows for v in row.values())


def test_a_table_in_another_encoding_gets_one_line_naming_the_encoding_to_save_in(mini: Path):
    path = mini / "data" / "facts" / "distances.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("north", "north é").encode("latin-1"))
    before = snapshot(mini / "data")
    result = run_cli(mini, "validate")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: data/facts/distances.csv:2: not UTF-8 (byte 0xe9 at 158): save it as CSV in UTF-8 "
        "(LibreOffice: character set 'Unicode (UTF-8)'; Excel: 'CSV UTF-8')"
    ]
    assert snapshot(mini / "data") == before


def test_mojibake_names_its_cause_not_only_the_missing_quote(project_data: Path, tmp_path: Path):
    """LibreOffice opening the UTF-8 table as Windows-1252: every ’ comes back as â€™."""
    root = copy_project(project_data, tmp_path / "p")
    path = root / "data" / "facts" / "people.csv"
    text = path.read_text(encoding="utf-8")
    assert "’" in text
    path.write_text(text.replace("’", "’".encode().decode("cp1252")), encoding="utf-8")
    _, problems = validate(root / "data")
    lines = [str(p) for p in problems]
    cause = [line for line in lines if "decoded with the wrong character set ('â€™' was '’')" in line]
    assert cause and all(line.startswith("data/facts/people.csv:") for line in cause)
    assert all("reopen the table as UTF-8" in line for line in cause)


def test_accented_names_are_not_taken_for_mojibake(mini: Path):
    path = mini / "data" / "reference" / "places.csv"
    text = path.read_text(encoding="utf-8")
    assert "Test City" in text
    path.write_text(text.replace("Test City", "Zürich São Kraków Łódź “Ça” Ærø naïve"), encoding="utf-8")
    _, problems = validate(mini / "data")
    assert not [p for p in problems if "character set" in p.rule]
