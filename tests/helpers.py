"""Helpers shared by the tests: project copies and the command line run as a user runs it."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from briefing.paths import Project

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def copy_project(source: Path, target: Path) -> Path:
    """Copy the parts of a project a build reads (data and notebooks) into ``target``."""
    for part in ("data", "notebooks"):
        shutil.copytree(
            source / part, target / part, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        )
    return target


def run_cli(root: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``python -m briefing ARGS`` with the project at ``root``."""
    env = {**clean_environment(), **Project.at(root).environment()}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout
    )


def clean_environment() -> dict[str, str]:
    """This process's environment without any project named in it: the project comes from a Project."""
    return {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}


def add_cell(chapter: Path, cell, at: int | None = None) -> None:
    """Add a cell to a chapter notebook (at the end, or before cell ``at``), as an analyst's edit."""
    import nbformat

    nb = nbformat.read(chapter, as_version=4)
    nb.cells.insert(len(nb.cells) if at is None else at, cell)
    nbformat.write(nb, chapter)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to prove a folder was left untouched."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def save_as_spreadsheet(path: Path, *, bom: bool = False, crlf: bool = False, quote_all: bool = False) -> None:
    """Rewrite a CSV as a spreadsheet saves it: same cells, with a BOM, CRLF line ends or every field quoted."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO(newline="")
    csv.writer(
        out, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    ).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


SPREADSHEET_VARIANTS = {
    "bom": {"bom": True},
    "crlf": {"crlf": True},
    "quote-all": {"quote_all": True},
    "excel-csv-utf8": {"bom": True, "crlf": True},
    "all-three": {"bom": True, "crlf": True, "quote_all": True},
}


def apply_review(draft: Path, review: Path) -> None:
    """Do what an analyst's review does: keep the draft rows named in ``review`` (by quote), with their ids and cells."""
    with draft.open(encoding="utf-8-sig", newline="") as handle:  # a draft starts with a byte-order mark
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    with review.open(encoding="utf-8", newline="") as handle:
        decisions = list(csv.DictReader(handle))
    for decision in decisions:
        row = next(r for r in rows if r["quote"] == decision["quote"] and not r["keep"])
        row.update({k: v for k, v in decision.items() if v and k != "quote"}, keep="yes")
    with draft.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


SECOND_SOURCE = FIXTURES / "second-source"
SECOND_SOURCE_ID = "testwire-2025-10-10"
SECOND_SOURCE_TITLE = "Neighbours close ranks as Bagram demand lingers"
#: ``add-source`` for the fixture article, as an analyst would type it ({path}: the article's path).
ADD_SECOND_SOURCE = (
    "add-source",
    "{path}",
    "--id",
    SECOND_SOURCE_ID,
    "--outlet",
    "Test Wire",
    "--date",
    "2025-10-10",
    "--place",
    "Kabul, Afghanistan",
    "--licence",
    "Test text written for the tests",
    "--title",
    SECOND_SOURCE_TITLE,
    "--description",
    "A test text imitating a wire report, used to try a second source.",
)


def take_in_second_source(root: Path) -> None:
    """add-source, draft, the review of ``review.csv`` and promote: the fixture article into a project."""
    for step in (
        [a.format(path=SECOND_SOURCE / "article.txt") for a in ADD_SECOND_SOURCE],
        ("draft", SECOND_SOURCE_ID),
    ):
        result = run_cli(root, *step)
        assert result.returncode == 0, result.stdout + result.stderr
    apply_review(root / "data" / "drafts" / f"{SECOND_SOURCE_ID}.csv", SECOND_SOURCE / "review.csv")
    result = run_cli(root, "promote", SECOND_SOURCE_ID)
    assert result.returncode == 0, result.stdout + result.stderr


def code_lines(notebook: Path) -> list[str]:
    """The code a chapter runs: its code cells' lines, without blank lines and comments."""
    import json

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        line
        for c in cells
        if c["cell_type"] == "code"
        for line in "".join(c["source"]).splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


NEW_REPORTING = FIXTURES / "new-reporting"
NEW_REPORTING_ID = "steppe-2025-10-14"
ADD_NEW_REPORTING = (
    "add-source",
    str(NEW_REPORTING / "article.txt"),
    "--id",
    NEW_REPORTING_ID,
    "--outlet",
    "Steppe Test Wire",
    "--date",
    "2025-10-14",
    "--place",
    "Almaty, Kazakhstan",
    "--licence",
    "Test text written for the tests",
    "--title",
    "Kazakhstan opens door to Western logistics as Bagram talks begin",
    "--description",
    "A test text imitating a wire report: new reporting for the evidence model.",
)


def add_rows_by_hand(root: Path, source_id: str, rows_csv: Path, text: str) -> list[str]:
    """Append the fixture's rows to their tables as an analyst editing the CSVs would: each row's cells
    under the table's own header, with the source id and the quote's offset in the text."""
    added = []
    for row in csv.DictReader(rows_csv.open(encoding="utf-8")):
        table = {"positions": "facts/positions.csv", "events": "facts/events.csv"}.get(
            row["table"], f"facts/{row['table']}.csv"
        )
        path = root / "data" / table
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        cells = {**row, "source_id": source_id, "char_start": str(text.index(row["quote"]))}
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([cells.get(column, "") for column in header])
        with path.open("a", encoding="utf-8") as handle:
            handle.write(out.getvalue())
        added.append(row["id"])
    return added


def take_in_new_reporting(root: Path) -> list[str]:
    """Register the new-reporting fixture and add its rows by hand; returns the ids added."""
    result = run_cli(root, *ADD_NEW_REPORTING)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (NEW_REPORTING / "article.txt").read_text(encoding="utf-8")
    return add_rows_by_hand(root, NEW_REPORTING_ID, NEW_REPORTING / "rows.csv", text)
