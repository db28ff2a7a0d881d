"""Validation of the data package: Table Schema rules plus provenance checks.

Every problem becomes one line naming the file, the CSV line, the column, the rule and the value,
so that an analyst can fix a table without reading Python. All problems are collected at once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from briefing.analysis.checks import units
from briefing.analysis.data import excerpts, selection
from briefing.analysis.data.cells import MOJIBAKE, charset_cause, date_cause, looks_like_spreadsheet_date, misdecoded

LIST_SEPARATOR = ";"


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule, located as precisely as the data allows."""

    file: str
    row: int
    column: str
    rule: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        col = f" column '{self.column}':" if self.column else ""
        shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        val = f" (value: {shown!r})" if self.value else ""
        return f"{where}:{col} {self.rule}{val}"


class DataError(Exception):
    """Raised when the data package does not validate; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Table:
    """A CSV resource read as strings, with its schema and the line number of each row."""

    name: str
    path: Path
    label: str
    resource: dict[str, Any]
    rows: list[dict[str, str]]
    lines: list[int]

    @property
    def fields(self) -> list[dict[str, Any]]:
        return self.resource.get("schema", {}).get("fields", [])


def read_package(package_path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Parse datapackage.json; a broken descriptor is itself a problem."""
    label = package_path.name
    try:
        return json.loads(package_path.read_text(encoding="utf-8")), []
    except FileNotFoundError:
        return {}, [Problem(label, 0, "", "file missing")]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, [Problem(label, 0, "", f"not valid JSON: {exc}")]


BOM = b"\xef\xbb\xbf"
#: What an analyst should do when a table is not UTF-8: the two spreadsheets' own words.
SAVE_AS_UTF8 = "save it as CSV in UTF-8 (LibreOffice: character set 'Unicode (UTF-8)'; Excel: 'CSV UTF-8')"


def read_table(base: Path, resource: dict[str, Any]) -> tuple[Table | None, list[Problem]]:
    """Read one CSV as a spreadsheet saves it: UTF-8 with or without BOM, CRLF or LF, any quoting.

    The file is only read, never rewritten, so what an analyst saved stays as saved.
    """
    rel = resource.get("path", "")
    path = base / rel
    label = f"data/{rel}"
    name = resource.get("name", rel)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(label, 0, "", "file missing")]
    text, problem = decode_table(raw, label)
    if problem:
        return None, [problem]
    if not text.strip():
        return None, [Problem(label, 1, "", "file is empty (a header row is required)")]
    if "\r\n" in text:  # a spreadsheet's line ends, also inside multi-line cells: same meaning as LF
        text = text.replace("\r\n", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            records.append((reader.line_num, record))
    except csv.Error as exc:
        return None, [Problem(label, reader.line_num, "", f"malformed CSV: {exc}")]
    header = records[0][1]
    expected = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
    problems = header_problems(label, header, expected)
    if problems:
        return None, problems
    rows, lines = [], []
    for line, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(Problem(label, line, "", f"has {len(record)} cells, header has {len(header)}"))
            continue
        rows.append(dict(zip(header, record)))
        lines.append(line)
    return Table(name, path, label, resource, rows, lines), problems


def decode_table(raw: bytes, label: str) -> tuple[str, Problem | None]:
    """The table's text, dropping a UTF-8 byte-order mark; other encodings are refused with advice."""
    try:
        return raw.removeprefix(BOM).decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        return "", Problem(label, line, "", f"not UTF-8 (byte 0x{byte} at {exc.start}): {SAVE_AS_UTF8}")


def mojibake_problems(table: Table) -> list[Problem]:
    """Cells garbled by a spreadsheet that opened the UTF-8 table in another character set."""
    problems = []
    for row, line in zip(table.rows, table.lines):
        for column, value in row.items():
            fixed = misdecoded(value)
            if fixed is not None:
                mark = MOJIBAKE.search(value).group()
                was = misdecoded(mark) or "?"
                problems.append(
                    Problem(
                        table.label,
                        line,
                        column,
                        f"text decoded with the wrong character set ('{mark}' was '{was}'): "
                        "reopen the table as UTF-8 and save it again",
                        value,
                    )
                )
    return problems


def header_problems(label: str, header: list[str], expected: list[str]) -> list[Problem]:
    """Unknown, missing and duplicated columns."""
    problems = [
        Problem(label, 1, col, "unknown column (not in datapackage.json)") for col in header if col not in expected
    ]
    problems += [Problem(label, 1, col, "missing column") for col in expected if col not in header]
    problems += [Problem(label, 1, col, "duplicated column") for col in set(header) if header.count(col) > 1]
    return problems


def cast(value: str, ftype: str) -> Any:
    """Convert a CSV cell to its Table Schema type; raise ValueError when it cannot be."""
    if ftype == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError("not an integer")
        return int(value)
    if ftype == "number":
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValueError("not a number") from None
        if not number.is_finite():
            raise ValueError("not a finite number")
        return float(number)
    if ftype == "date":
        if looks_like_spreadsheet_date(value):
            raise ValueError("not a date in YYYY-MM-DD form (a spreadsheet's date format: keep the column as Text)")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("not a date in YYYY-MM-DD form")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("not a real calendar date") from None
    if ftype == "boolean":
        if value not in ("true", "false"):
            raise ValueError("not a boolean (true or false)")
        return value == "true"
    return value


def field_problems(table: Table) -> list[Problem]:
    """Types and constraints of every cell, and uniqueness within each column."""
    problems: list[Problem] = []
    primary = table.resource.get("schema", {}).get("primaryKey")
    for field in table.fields:
        name, ftype = field["name"], field.get("type", "string")
        cons = field.get("constraints", {})
        unique = cons.get("unique") or name == primary
        seen: dict[str, int] = {}
        for row, line in zip(table.rows, table.lines):
            value = row[name]
            if value == "":
                if cons.get("required") or name == primary:
                    problems.append(Problem(table.label, line, name, "required value is missing"))
                continue
            if value != value.strip():
                problems.append(Problem(table.label, line, name, "leading or trailing whitespace", value))
                continue
            try:
                typed = cast(value, ftype)
            except ValueError as exc:
                problems.append(Problem(table.label, line, name, f"{exc} (type {ftype})", value))
                continue
            problems += constraint_problems(table.label, line, name, cons, value, typed)
            if unique:
                if value in seen:
                    problems.append(
                        Problem(table.label, line, name, f"duplicate of line {seen[value]} (must be unique)", value)
                    )
                seen.setdefault(value, line)
    return problems


def constraint_problems(
    label: str, line: int, name: str, cons: dict[str, Any], value: str, typed: Any
) -> list[Problem]:
    """Enum, range and pattern constraints of one typed cell."""
    problems = []
    if "enum" in cons and value not in [str(v) for v in cons["enum"]]:
        problems.append(Problem(label, line, name, "not one of " + ", ".join(map(str, cons["enum"])), value))
    if "minimum" in cons and typed < cast_bound(cons["minimum"], typed):
        problems.append(Problem(label, line, name, f"below minimum {cons['minimum']}", value))
    if "maximum" in cons and typed > cast_bound(cons["maximum"], typed):
        problems.append(Problem(label, line, name, f"above maximum {cons['maximum']}", value))
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        problems.append(Problem(label, line, name, f"does not match pattern {cons['pattern']}", value))
    return problems


def cast_bound(bound: Any, typed: Any) -> Any:
    return date.fromisoformat(bound) if isinstance(typed, date) else bound


ANY_FACT = "*"


def key_problems(tables: dict[str, Table]) -> list[Problem]:
    """Foreign keys, including semicolon-separated list columns marked with ``listOf``.

    ``"listOf": "*"`` accepts the id of any row of a claim or reference table.
    """
    keys = {name: {row.get("id", "") for row in t.rows} for name, t in tables.items()}
    keys[ANY_FACT] = {i for n, t in tables.items() if t.resource.get("kind") in ("claim", "reference") for i in keys[n]}
    problems: list[Problem] = []
    for table in tables.values():
        links = [
            (fk["fields"], fk["reference"]["resource"], fk["reference"].get("fields", "id"), False)
            for fk in table.resource.get("schema", {}).get("foreignKeys", [])
        ]
        links += [(f["name"], f["listOf"], "id", True) for f in table.fields if "listOf" in f]
        for column, target, target_field, is_list in links:
            if target != ANY_FACT and target not in tables:
                continue  # the target table's own problems are already reported
            valid = keys[target] if target_field == "id" else {r.get(target_field, "") for r in tables[target].rows}
            what = "any claim or reference table" if target == ANY_FACT else target
            for row, line in zip(table.rows, table.lines):
                items = row.get(column, "").split(LIST_SEPARATOR) if is_list else [row.get(column, "")]
                for item in (i.strip() for i in items):
                    if item and item not in valid:
                        problems.append(Problem(table.label, line, column, f"no such {target_field} in {what}", item))
    return problems


def source_texts(base: Path, sources: Table) -> tuple[dict[str, str], list[Problem]]:
    """Read each registered source file, checking its sha256 against the register."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for row, line in zip(sources.rows, sources.lines):
        if not row.get("file"):
            continue
        path = base / "sources" / row["file"]
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(sources.label, line, "file", "source file missing", row["file"]))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != row.get("sha256"):
            problems.append(
                Problem(
                    f"data/sources/{row['file']}",
                    0,
                    "",
                    f"changed since it was registered: its sha256 is {digest}, "
                    f"{sources.label} line {line} records {row.get('sha256', '')} (source texts are immutable; restore the original)",
                )
            )
            continue
        try:
            texts[row["id"]] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(sources.label, line, "file", f"source is not valid UTF-8 at byte {exc.start}", row["file"])
            )
    return texts, problems


def orphan_problems(base: Path, sources: Table, package: dict[str, Any]) -> list[Problem]:
    """A text under data/sources/ that no register row names: left behind, or copied in by hand."""
    folder = base / "sources"
    named = {row.get("file") for row in sources.rows} | {
        Path(r.get("path", "")).name
        for r in package.get("resources", [])
        if Path(r.get("path", "")).parent.name == "sources"
    }
    return [
        Problem(
            f"data/sources/{path.name}",
            0,
            "",
            f"no row of {sources.label} names this text: register it with add-source, or delete it",
        )
        for path in sorted(folder.iterdir() if folder.is_dir() else [])
        if path.is_file() and not path.name.startswith(".") and path.name not in named
    ]


def quote_problems(table: Table, texts: dict[str, str]) -> list[Problem]:
    """Each quote must sit verbatim at its recorded offset in its source text."""
    if not {"quote", "char_start", "source_id"} <= {f["name"] for f in table.fields}:
        return []
    problems = []
    for row, line in zip(table.rows, table.lines):
        quote, start, source = row["quote"], row["char_start"], row["source_id"]
        if not quote or not re.fullmatch(r"\d+", start) or source not in texts:
            continue
        text, offset = texts[source], int(start)
        if text[offset : offset + len(quote)] == quote:
            continue
        problems.append(
            Problem(
                table.label,
                line,
                "quote",
                f"not found verbatim at char_start {offset}; {where(text, quote, offset)}",
                quote,
            )
        )
    return problems


def where(text: str, quote: str, offset: int) -> str:
    """Where a misplaced quote is after all, or the likeliest cause when it is nowhere: a spreadsheet, or typed marks."""
    found = text.find(quote)
    if found >= 0:
        return f"it occurs at {found}"
    original = text[offset : offset + max(len(quote), 24)]
    cause = charset_cause(quote) or date_cause(quote, original) or excerpts.hint(text, quote)
    return cause or "it does not occur in the source"


def unit_pair_problems(table: Table) -> list[Problem]:
    """A value and its alternate unit must agree within the rounding of the stated figures."""
    names = {f["name"] for f in table.fields}
    if not {"value", "unit", "alt_value", "alt_unit"} <= names:
        return []
    problems = []
    for row, line in zip(table.rows, table.lines):
        if not all(row[c] for c in ("value", "unit", "alt_value", "alt_unit")):
            continue
        try:
            agree = units.agree(row["value"], row["unit"], row["alt_value"], row["alt_unit"])
        except ValueError:
            continue  # type or unit problems are reported by the schema rules
        if agree is False:
            problems.append(
                Problem(
                    table.label,
                    line,
                    "alt_value",
                    f"{row['alt_value']} {row['alt_unit']} disagrees with {row['value']} {row['unit']} beyond rounding",
                    row["alt_value"],
                )
            )
    return problems


def date_order_problems(table: Table) -> list[Problem]:
    """A period must not end before it starts (columns named in ``periods``)."""
    problems = []
    for start, end in table.resource.get("periods", []):
        for row, line in zip(table.rows, table.lines):
            try:
                if row[start] and row[end] and cast(row[end], "date") < cast(row[start], "date"):
                    problems.append(Problem(table.label, line, end, f"ends before {start} {row[start]}", row[end]))
            except (ValueError, KeyError):
                continue
    return problems


GEO_RECORD = Path("geo") / "provenance.json"
SQLITE_MAGIC = b"SQLite format 3\x00"


def geo_problems(data_dir: Path) -> list[Problem]:
    """Boundary files must exist, be GeoPackages and match the checksums of their provenance record."""
    record_path = data_dir / GEO_RECORD
    if not record_path.is_file():
        return []
    try:
        files = json.loads(record_path.read_text(encoding="utf-8"))["files"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError) as exc:
        return [Problem(f"data/{GEO_RECORD.as_posix()}", 0, "", f"unreadable provenance record ({type(exc).__name__})")]
    problems = []
    for name, rec in sorted(files.items()):
        if not name.endswith(".gpkg"):
            continue  # tables such as places.csv are edited by analysts and validated by their schema
        path = data_dir.parent / name
        if not path.is_file():
            problems.append(Problem(name, 0, "", "boundary file missing (regenerate with data/geo/make_geo.py)"))
            continue
        raw = path.read_bytes()
        if not raw.startswith(SQLITE_MAGIC):
            problems.append(Problem(name, 0, "", "not a GeoPackage (no SQLite header)"))
        elif hashlib.sha256(raw).hexdigest() != rec.get("sha256"):
            problems.append(
                Problem(name, 0, "", f"sha256 does not match data/{GEO_RECORD.as_posix()} (corrupt or replaced)")
            )
    return problems


def sourcing_problems(tables: dict[str, Table]) -> list[Problem]:
    """Query targets that exist, and no judgment above the confidence its sourcing allows (the caps
    in the sourcing rules, by the independent sources its supporting evidence rests on)."""
    rows = {name: t.rows for name, t in tables.items()}
    problems: list[Problem] = []
    if "evidence_queries" in tables:
        targets = {r["id"] for n in ("judgments", "explanations", "indicators") for r in rows.get(n, [])}
        queries = tables["evidence_queries"]
        for row, line in zip(queries.rows, queries.lines):
            if row["target"] and row["target"] not in targets:
                problems.append(
                    Problem(queries.label, line, "target", "no such judgment, explanation or indicator", row["target"])
                )
    if "judgments" not in tables or "sourcing_rules" not in tables:
        return problems
    caps = [r for r in rows["sourcing_rules"] if r.get("applies_to") == "judgments"]
    members = selection.groups(rows.get("memberships", []))
    cited = {
        r["id"]: r.get("source_id", "")
        for n, t in tables.items()
        if t.resource.get("kind") in ("claim", "reference")
        for r in t.rows
    }
    keys = selection.outlets(rows.get("sources", []))
    judgments = tables["judgments"]
    for row, line in zip(judgments.rows, judgments.lines):
        ids = list(selection.items(row.get("evidence_for")))
        for query in rows.get("evidence_queries", []):
            if query["target"] == row["id"] and query["side"] == "for":
                ids += selection.select(query, rows.get(query["table"], []), members)
        outlets = selection.independent([cited[i] for i in ids if cited.get(i)], keys)
        limit = selection.cap(len(outlets), caps)
        if selection.above(row["confidence"], limit):
            rule = f"above the cap of the sourcing rules: evidence resting on {len(outlets)} independent source(s) allows at most {limit!r}"
            problems.append(Problem(judgments.label, line, "confidence", rule, row["confidence"]))
    return problems


def validate(data_dir: Path) -> tuple[dict[str, Table], list[Problem]]:
    """Validate the whole package; returns the tables read and every problem found."""
    package, problems = read_package(data_dir / "datapackage.json")
    tables: dict[str, Table] = {}
    for resource in package.get("resources", []):
        table, found = read_table(data_dir, resource)
        problems += found
        if table is not None:
            tables[table.name] = table
    for table in tables.values():
        problems += field_problems(table)
        problems += unit_pair_problems(table)
        problems += date_order_problems(table)
        problems += mojibake_problems(table)
    problems += key_problems(tables)
    problems += sourcing_problems(tables)
    problems += geo_problems(data_dir)
    if "sources" in tables:
        texts, found = source_texts(data_dir, tables["sources"])
        problems += found + orphan_problems(data_dir, tables["sources"], package)
        for table in tables.values():
            problems += quote_problems(table, texts)
    return tables, sorted(set(problems))


def check(data_dir: Path) -> dict[str, Table]:
    """Validate and return the tables, or raise DataError listing every problem."""
    tables, problems = validate(data_dir)
    if problems:
        raise DataError(problems)
    return tables
