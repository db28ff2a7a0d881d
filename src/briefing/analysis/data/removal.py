"""Taking a source out again: its register row, stored text, draft and every row citing it.

Rows are cut out of their tables line for line, so a table keeps the bytes of every other row: a
source added and removed again leaves data/ exactly as it was. Rows of other tables that rest on a
removed row (a judgment's evidence, an indicator) are listed and the removal refused, unless the
analyst confirms; then the removed ids are dropped from their lists.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing.analysis.data.intake import REGISTER, Refusal, commit, csv_bytes
from briefing.analysis.data.review import drafts_of
from briefing.analysis.data.validate import BOM, LIST_SEPARATOR, Table, validate


@dataclass(frozen=True)
class Dependant:
    """A row outside the source that names a removed row."""

    table: Table
    line: int
    column: str
    ids: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.table.label} line {self.line} ({self.column}: {', '.join(self.ids)})"


@dataclass
class Removal:
    """What removing a source takes out, and what rests on it."""

    source_id: str
    files: list[Path] = field(default_factory=list)
    rows: dict[str, list[int]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    dependants: list[Dependant] = field(default_factory=list)

    def summary(self, data_dir: Path) -> list[str]:
        """One line per kind of thing removed."""
        lines = [f"removed source {self.source_id}:"]
        lines += [f"  {path.relative_to(data_dir.parent).as_posix()}" for path in self.files]
        lines += [
            f"  {label}: {len(found)} row(s) (lines {', '.join(map(str, found))})" for label, found in self.rows.items()
        ]
        lines += [f"  dropped from {d}" for d in self.dependants]
        return lines


def citing(tables: dict[str, Table], source_id: str) -> dict[str, list[int]]:
    """The lines of every row, in any table, whose source_id is the source (the register row included)."""
    found: dict[str, list[int]] = {}
    for t in tables.values():
        column = "id" if t.name == REGISTER else "source_id"
        if column not in {f["name"] for f in t.fields}:
            continue
        lines = [line for row, line in zip(t.rows, t.lines) if row.get(column) == source_id]
        if lines:
            found[t.name] = lines
    return found


def links(t: Table) -> list[tuple[str, bool]]:
    """The columns of a table that name rows of other tables: (column, holds a list)."""
    keys = [(fk["fields"], False) for fk in t.resource.get("schema", {}).get("foreignKeys", [])]
    return keys + [(f["name"], True) for f in t.fields if "listOf" in f]


def dependants(tables: dict[str, Table], removed: dict[str, list[int]], ids: set[str]) -> list[Dependant]:
    """Rows that stay but name a removed row's id."""
    found = []
    for t in tables.values():
        gone = set(removed.get(t.name, []))
        for row, line in zip(t.rows, t.lines):
            if line in gone:
                continue
            for column, is_list in links(t):
                items = row.get(column, "").split(LIST_SEPARATOR) if is_list else [row.get(column, "")]
                hit = tuple(i.strip() for i in items if i.strip() in ids)
                if hit:
                    found.append(Dependant(t, line, column, hit))
    return found


def plan(data_dir: Path, source_id: str) -> Removal:
    """What removing the source would take out; refused for an unknown id or data that do not validate."""
    tables, problems = validate(data_dir)
    if problems:
        raise Refusal(f"data/ does not validate ({problems[0]}); fix it before removing a source")
    register = tables.get(REGISTER)
    row = next((r for r in register.rows if r.get("id") == source_id), None) if register else None
    if row is None:
        raise Refusal(f"no source has id {source_id!r}")
    result = Removal(source_id)
    if row.get("file"):
        result.files.append(data_dir / "sources" / row["file"])
    result.files += drafts_of(data_dir, source_id)
    removed = citing(tables, source_id)
    result.rows = {tables[name].label: lines for name, lines in removed.items()}
    result.ids = {
        r.get("id", "")
        for name, lines in removed.items()
        for r, ln in zip(tables[name].rows, tables[name].lines)
        if ln in lines
    } - {""}
    result.dependants = dependants(tables, removed, result.ids)
    return result


def remove_source(data_dir: Path, source_id: str, yes: bool = False) -> Removal:
    """Remove a source and everything citing it; refused, listing them, when other rows rest on it."""
    result = plan(data_dir, source_id)
    if result.dependants and not yes:
        listed = "; ".join(str(d) for d in result.dependants)
        raise Refusal(
            f"{len(result.dependants)} row(s) rest on rows of {source_id!r}: {listed}; nothing removed (--yes drops those ids from them)"
        )
    edits: dict[Path, dict[int, dict[str, str] | None]] = {}
    for label, lines in result.rows.items():
        path = data_dir.parent / label
        edits.setdefault(path, {}).update(dict.fromkeys(lines))
    for d in result.dependants:
        row = dict(zip(d.table.lines, d.table.rows))[d.line]
        current = edits.setdefault(d.table.path, {}).get(d.line) or dict(row)
        current[d.column] = LIST_SEPARATOR.join(
            i for i in current[d.column].split(LIST_SEPARATOR) if i.strip() not in result.ids
        )
        edits[d.table.path][d.line] = current
    writes: dict[Path, bytes | None] = {path: edited(path, changes) for path, changes in edits.items()}
    writes.update(dict.fromkeys(result.files))
    commit(data_dir, writes)
    return result


def edited(path: Path, changes: dict[int, dict[str, str] | None]) -> bytes:
    """A table's bytes with some records cut (None) or rewritten; every other line kept byte for byte.

    ``changes`` is keyed by the line a record ends on, as the table reader numbers rows.
    """
    raw = path.read_bytes()
    bom = raw.startswith(BOM)
    text = raw.removeprefix(BOM).decode("utf-8")
    physical = re.findall(r"[^\n]*\n|[^\n]+$", text)  # lines as the CSV reader counts them
    terminator = "\r\n" if "\r\n" in text else "\n"
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n"), newline=""), strict=True)
    header, out, start = None, [], 0
    for record in reader:
        end = reader.line_num
        lines = physical[start:end]
        if header is None:
            header = record
        if end in changes:
            change = changes[end]
            lines = [] if change is None else [csv_bytes([[change.get(c, "") for c in header]], terminator).decode()]
        out += lines
        start = end
    out += physical[start:]
    return (BOM if bom else b"") + "".join(out).encode("utf-8")
