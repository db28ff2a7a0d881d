"""Draft files for review in a spreadsheet: CSV with a byte-order mark, or .xlsx with text-typed cells.

A spreadsheet opens a CSV without a byte-order mark in its own character set, and turns cells such
as "September 20" into dates; the mark fixes the first, text-typed .xlsx cells fix both. Drafts live
in data/drafts/, a folder validation, fingerprints and the build never read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing import paths
from briefing.analysis.data.intake import Refusal, csv_bytes
from briefing.analysis.data.validate import BOM, decode_table, read_package

FORMATS = ("csv", "xlsx")
KEEP_WORDS = {"yes", "y", "x", "true", "1", "keep"}
PROMOTED = "promoted"
#: Review columns first; the fields of the claim tables follow (see :func:`draft_columns`).
DRAFT_COLUMNS = (
    "keep",
    "id",
    "table",
    "source_id",
    "quote",
    "char_start",
    "draft_kind",
    "draft_note",
    "draft_sentence",
)
REQUIRED = ("keep", "id", "table", "source_id", "quote", "char_start")
TEXT = "@"  # the number format that types a spreadsheet cell as text


@dataclass
class Review:
    """A draft as read back: its file, header, rows and the line (sheet row) of each."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]

    @property
    def label(self) -> str:
        return f"data/{paths.DRAFTS}/{self.path.name}"


def draft_columns(package: dict[str, Any]) -> list[str]:
    """A draft's header: review columns, then every field of the claim tables, each once."""
    columns = list(DRAFT_COLUMNS)
    for res in package.get("resources", []):
        if res.get("kind") == "claim":
            columns += [f["name"] for f in res.get("schema", {}).get("fields", []) if f["name"] not in columns]
    return columns


def date_columns(package: dict[str, Any]) -> set[str]:
    """Columns typed as dates in some claim table: a date cell there is meant as a date."""
    return {
        f["name"]
        for res in package.get("resources", [])
        if res.get("kind") == "claim"
        for f in res.get("schema", {}).get("fields", [])
        if f.get("type") == "date"
    }


def drafts_of(data_dir: Path, source_id: str) -> list[Path]:
    """The draft files of a source that exist, in any format."""
    folder = data_dir / paths.DRAFTS
    return [folder / f"{source_id}.{fmt}" for fmt in FORMATS if (folder / f"{source_id}.{fmt}").is_file()]


def draft_path(data_dir: Path, source_id: str, fmt: str | None = None) -> Path:
    """The draft of a source: the one that exists (refused when two do), else a new one in ``fmt``."""
    found = drafts_of(data_dir, source_id)
    if fmt is not None or not found:
        return data_dir / paths.DRAFTS / f"{source_id}.{fmt or FORMATS[0]}"
    if len(found) > 1:
        names = " and ".join(f"data/{paths.DRAFTS}/{p.name}" for p in found)
        raise Refusal(f"two drafts for {source_id!r}: {names}; keep the one you reviewed and delete the other")
    return found[0]


def draft_bytes(path: Path, rows: list[list[str]]) -> bytes:
    """A draft in the format its name says: CSV with a byte-order mark, or .xlsx with text cells."""
    if path.suffix == ".xlsx":
        return xlsx_bytes(rows)
    return BOM + csv_bytes(rows)


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    """One sheet, every cell and every column typed as text, the header frozen and bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "draft"
    for row in rows:
        sheet.append([value if value != "" else None for value in row])
    for column in range(1, len(rows[0]) + 1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].number_format = TEXT
        for cell in sheet[letter]:
            cell.number_format = TEXT
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_review(data_dir: Path, source_id: str) -> Review:
    """A source's draft as rows of text, read as a spreadsheet saved it."""
    path = draft_path(data_dir, source_id)
    if not path.is_file():
        raise Refusal(f"no draft for {source_id!r}: run python -m briefing draft {source_id} first")
    package, _ = read_package(data_dir / "datapackage.json")
    records = xlsx_records(path, date_columns(package)) if path.suffix == ".xlsx" else csv_records(path)
    if not records:
        raise Refusal(f"data/{paths.DRAFTS}/{path.name}: empty (no header row)")
    header = records[0][1]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise Refusal(f"data/{paths.DRAFTS}/{path.name}:1: column {missing[0]!r} is missing (draft again with --force)")
    rows, lines = [], []
    for line, record in records[1:]:
        if any(cell.strip() for cell in record):
            rows.append(dict(zip(header, record + [""] * (len(header) - len(record)))))
            lines.append(line)
    return Review(path, header, rows, lines)


def csv_records(path: Path) -> list[tuple[int, list[str]]]:
    """A CSV draft's records with the line each ends on; a file not in UTF-8 is refused with advice."""
    label = f"data/{paths.DRAFTS}/{path.name}"
    text, problem = decode_table(path.read_bytes(), label)
    if problem:
        raise Refusal(str(problem))
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n"), newline=""), strict=True)
    records = []
    try:
        for record in reader:
            records.append((reader.line_num, record))
    except csv.Error as exc:
        raise Refusal(f"{label}:{reader.line_num}: malformed CSV: {exc}") from None
    return records


def xlsx_records(path: Path, dates: set[str]) -> list[tuple[int, list[str]]]:
    """An .xlsx draft's first sheet as text, row by row; a date a spreadsheet made stays recognisable."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise Refusal(
            f"data/{paths.DRAFTS}/{path.name}: not a readable .xlsx workbook ({type(exc).__name__})"
        ) from None
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    header = [cell_text(v, False) for v in rows[0]] if rows else []
    return [
        (number, [cell_text(v, header[i] in dates if i < len(header) else False) for i, v in enumerate(row)])
        for number, row in enumerate(rows, start=1)
    ]


def cell_text(value: Any, date_column: bool) -> str:
    """A cell as the text a CSV would hold; a date outside a date column keeps a spreadsheet's form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.isoformat() if date_column else f"{day.isoformat()} 00:00:00"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def kept(row: dict[str, str]) -> bool:
    return row.get("keep", "").strip().lower() in KEEP_WORDS


def marked(path: Path, review: Review, done: set[int]) -> bytes:
    """The draft's bytes with ``keep`` set to 'promoted' on the given lines, in the draft's own format."""
    if path.suffix == ".xlsx":
        return xlsx_marked(path, review.header.index("keep") + 1, done)
    out = [review.header] + [
        [PROMOTED if (c == "keep" and line in done) else row.get(c, "") for c in review.header]
        for row, line in zip(review.rows, review.lines)
    ]
    return BOM + csv_bytes(out)


def xlsx_marked(path: Path, column: int, done: set[int]) -> bytes:
    """The workbook with the keep cells of the promoted rows changed in place (the rest as saved)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    for line in done:
        sheet.cell(row=line, column=column).value = PROMOTED
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
