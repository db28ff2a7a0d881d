"""Reviewing a draft in a spreadsheet: CSV with a byte-order mark, .xlsx with text cells, and what a
spreadsheet can do to a cell (a date, a wrong character set, straight quotes) named on one line.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from helpers import (
    ADD_SECOND_SOURCE,
    ROOT,
    SECOND_SOURCE,
    SECOND_SOURCE_ID,
    apply_review,
    copy_project,
    run_cli,
    snapshot,
)

DRAFTS = Path("data") / "drafts"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(ROOT, tmp_path_factory.mktemp("pristine"))
    add = [a.format(path=SECOND_SOURCE / "article.txt") for a in ADD_SECOND_SOURCE]
    assert run_cli(root, *add).returncode == 0
    return root


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    return copy_project(pristine, tmp_path / "p")


def draft(root: Path, *extra: str) -> None:
    result = run_cli(root, "draft", SECOND_SOURCE_ID, *extra)
    assert result.returncode == 0, result.stderr


def review_rows() -> list[dict[str, str]]:
    with (SECOND_SOURCE / "review.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def refusal(root: Path, *args: str) -> str:
    """The one error line of a refused command, which must leave data/ as it was."""
    before = snapshot(root / "data")
    result = run_cli(root, *args)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert snapshot(root / "data") == before
    return lines[0]


def test_the_csv_draft_starts_with_a_byte_order_mark(project: Path):
    draft(project)
    raw = (project / DRAFTS / f"{SECOND_SOURCE_ID}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfkeep,id,table,")


# ---------------------------------------------------------------- .xlsx


def xlsx_review(path: Path, change: dict[str, dict[str, object]]) -> None:
    """Keep the rows named by quote in ``change`` with their cells, as an analyst does in a spreadsheet."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        quote = row[header.index("quote")].value
        if quote in change:
            for column, value in {"keep": "yes", **change.pop(quote)}.items():
                row[header.index(column)].value = value
    assert not change, f"no draft row for {list(change)}"
    book.save(path)


def reviewed_cells() -> dict[str, dict[str, object]]:
    return {r["quote"]: {k: v for k, v in r.items() if v and k != "quote"} for r in review_rows()}


def test_an_xlsx_draft_has_text_cells_and_promotes(project: Path):
    from openpyxl import load_workbook

    draft(project, "--format", "xlsx")
    path = project / DRAFTS / f"{SECOND_SOURCE_ID}.xlsx"
    assert not (project / DRAFTS / f"{SECOND_SOURCE_ID}.csv").exists()
    sheet = load_workbook(path).worksheets[0]
    assert {c.number_format for row in sheet.iter_rows() for c in row} == {"@"}
    assert {type(c.value) for row in sheet.iter_rows() for c in row} <= {str, type(None)}
    xlsx_review(path, reviewed_cells())
    result = run_cli(project, "promote", SECOND_SOURCE_ID)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("promoted 4 rows")
    kept = [row[0].value for row in load_workbook(path).worksheets[0].iter_rows(min_row=2) if row[0].value]
    assert kept == ["promoted"] * 4


def test_a_quote_cell_a_spreadsheet_made_a_date_is_named(project: Path):
    draft(project, "--format", "xlsx")
    path = project / DRAFTS / f"{SECOND_SOURCE_ID}.xlsx"
    cells = {
        "15 August 2021": {
            "quote": dt.datetime(2021, 8, 15),
            "id": "evt-testwire-taliban-take-kabul",
            "title": "Taliban take Kabul",
            "actors": "taliban",
        }
    }
    xlsx_review(path, cells)
    line = refusal(project, "promote", SECOND_SOURCE_ID)
    assert "column 'quote': not found verbatim at char_start" in line
    assert "a spreadsheet turned the text '15 August 2021" in line and "into the date '2021-08-15 00:00:00'" in line


def test_two_drafts_of_one_source_are_refused(project: Path):
    draft(project)
    shutil.copy(project / DRAFTS / f"{SECOND_SOURCE_ID}.csv", project / DRAFTS / "x.csv")
    (project / DRAFTS / "x.csv").rename(project / DRAFTS / f"{SECOND_SOURCE_ID}.xlsx")
    line = refusal(project, "promote", SECOND_SOURCE_ID)
    assert "two drafts for 'testwire-2025-10-10'" in line and "keep the one you reviewed" in line


# ---------------------------------------------------------------- CSV cells a spreadsheet changed


def keep_csv(root: Path, found_by: str, **cells: str) -> int:
    """Mark the CSV draft row whose quote is ``found_by`` as kept, changing cells; returns its line."""
    path = root / DRAFTS / f"{SECOND_SOURCE_ID}.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    index = next(i for i, r in enumerate(rows) if r["quote"] == found_by)
    rows[index].update(keep="yes", **cells)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return index + 2


EVENT = {"id": "evt-testwire-taliban-take-kabul", "title": "Taliban take Kabul", "actors": "taliban"}


def test_a_quote_a_csv_spreadsheet_made_a_date_is_named_with_its_draft_line(project: Path):
    draft(project)
    line = keep_csv(project, "15 August 2021", quote="08/15/21", **EVENT)
    error = refusal(project, "promote", SECOND_SOURCE_ID)
    assert error.startswith(f"error: validation failed, nothing written: data/drafts/{SECOND_SOURCE_ID}.csv:{line}:")
    assert "a spreadsheet turned the text '15 August 2021" in error and "into the date '08/15/21'" in error


def test_a_quotation_garbled_by_a_wrong_character_set_is_named(project: Path):
    draft(project)
    rows = [r for r in csv.DictReader((project / DRAFTS / f"{SECOND_SOURCE_ID}.csv").open(encoding="utf-8-sig"))]
    quote = next(r["quote"] for r in rows if r["draft_kind"] == "quotation")
    # as a spreadsheet reading UTF-8 as Windows-1252 shows it (bytes 1252 leaves undefined as Latin-1)
    garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in quote.encode("utf-8"))
    keep_csv(project, quote, quote=garbled, id="quote-testwire-castellan", context="Regional unity")
    error = refusal(project, "promote", SECOND_SOURCE_ID)
    assert "text decoded with the wrong character set ('â€œ' was '“')" in error


def test_straight_quotes_for_curly_ones_get_a_hint(project: Path):
    draft(project)
    rows = [r for r in csv.DictReader((project / DRAFTS / f"{SECOND_SOURCE_ID}.csv").open(encoding="utf-8-sig"))]
    quote = next(r["quote"] for r in rows if r["draft_kind"] == "quotation")
    keep_csv(project, quote, quote=quote.replace("“", '"').replace("”", '"'), id="quote-testwire-x", context="c")
    error = refusal(project, "promote", SECOND_SOURCE_ID)
    assert 'the text prints it with “ for ", ” for " at' in error


def test_locate_hints_at_curly_apostrophes(project: Path):
    line = refusal(project, "locate", "aj-2025-10-09", "his country's military")
    assert "the text prints it with ’ for ' at" in line and "'his country’s military'" in line
    found = run_cli(project, "locate", "aj-2025-10-09", "his country’s military")
    assert found.returncode == 0 and found.stdout.strip().isdigit()


# ---------------------------------------------------------------- states


def test_an_error_names_the_draft_line_and_the_tables_line_and_validate_says_the_same(project: Path):
    draft(project)
    apply_review(project / DRAFTS / f"{SECOND_SOURCE_ID}.csv", SECOND_SOURCE / "review.csv")
    line = keep_csv(project, "15 August 2021", id="evt-1950s-bagram-built-by-soviet-union", title="t", actors="taliban")
    error = refusal(project, "promote", SECOND_SOURCE_ID)
    expected = (
        f"data/drafts/{SECOND_SOURCE_ID}.csv:{line}: column 'id': duplicate of data/facts/events.csv line 2 "
        "(must be unique) (value: 'evt-1950s-bagram-built-by-soviet-union') (to become data/facts/events.csv line"
    )
    assert expected in error
    validated = run_cli(project, "validate")
    assert validated.returncode == 2
    assert expected in validated.stderr
    assert "problem(s) in rows of data/drafts/ marked keep=yes" in validated.stderr
