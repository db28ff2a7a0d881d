"""Loader API: validated tables of the data package as typed pandas DataFrames.

Notebooks read data only through this module, so that every table they see has passed
validation and carries the dtypes its Table Schema declares.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from briefing import paths, reads
from briefing import store as shared
from briefing.analysis.data.derived import DERIVED
from briefing.analysis.data.validate import Table, check

if TYPE_CHECKING:  # pandas is imported where frames are made: the build reads rows and notes without it
    import pandas as pd

LABEL_COLUMNS = ("short_name", "name", "title", "label")

DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}


@dataclass(frozen=True)
class View:
    """Everything derived from one state of the data folder: validated tables and id labels."""

    tables: dict[str, Table]
    labels: dict[str, dict[str, str]]
    index: dict[str, str]  # fact id -> the table holding it
    prints: reads.DataPrints  # fingerprints of tables, rows and schemas (see briefing.reads)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, compare=False)  # typed once (see load)

    def read(self, name: str) -> Table:
        """One table, recorded in the read set of the running chapter."""
        reads.record("table", name, self.prints("table", name))
        return self.tables[name]

    def row(self, name: str, row_id: str) -> dict[str, str] | None:
        """One row of a table by its id (None when there is none), recorded as that row alone: a chapter
        that looks rows up by id does not re-run when other rows are added."""
        found = self.prints.by_id.get(name, {}).get(row_id)
        reads.record("row", f"{name}/{row_id}", reads.row_print(found))
        if name in self.tables:
            reads.record("schema", name, self.prints("schema", name))  # how its fields read (labels, lists)
        return found

    def table_of(self, row_id: str) -> str | None:
        """The table holding an id (None when none does), recorded as that lookup: an id added later
        re-runs the chapter that looked for it in vain."""
        table = self.index.get(row_id)
        reads.record("index", row_id, table or "missing")
        return table

    def derived(self, name: str) -> str:
        """A value of :data:`DERIVED`, recorded as that value alone."""
        value = self.prints.derived(name)
        reads.record("derived", name, reads.text_print(value))
        return value

    def schema(self, name: str) -> list[dict[str, Any]]:
        """A table's schema fields, recorded as the schema alone (not its rows)."""
        reads.record("schema", name, self.prints("schema", name))
        return self.tables[name].fields


@lru_cache(maxsize=4)
def _view(data_dir: Path, stamp: tuple) -> View:
    # validated once per state of the files, whichever process comes first: the build's kernels all
    # read the same data (kept on disk, so keyed on what no copy of a file carries over)
    key = repr(paths.stamp(data_dir, strict=True))
    tabs = shared.keyed("validated-data", key, lambda: check(data_dir))
    labels: dict[str, dict[str, str]] = {}  # per table, id -> a readable label (short name, name or title)
    for name, table in tabs.items():
        column = next((c for c in LABEL_COLUMNS if table.rows and c in table.rows[0]), None)
        if column:
            labels[name] = {r["id"]: r[column] for r in table.rows if r.get("id") and r.get(column)}
    index = {r["id"]: name for name, table in tabs.items() for r in table.rows if r.get("id")}
    return View(tabs, labels, index, reads.DataPrints(tabs, DERIVED))


def _today_prints() -> reads.DataPrints:
    return view().prints


reads.tables_from(_today_prints)


def view() -> View:
    """The data as they are now: validated again only after a file under data/ changed."""
    folder = paths.data_dir().resolve()
    return _view(folder, paths.stamp(folder))


def tables() -> dict[str, Table]:
    """Every table of the package, validated (a chapter calling this depends on all of them)."""
    data = view()
    return {name: data.read(name) for name in data.tables}


def index() -> dict[str, str]:
    """Where each id lives: fact id -> table name."""
    return view().index


def names() -> list[str]:
    """Resource names in the package's order."""
    return list(view().tables)


def resource(name: str) -> dict[str, Any]:
    """The datapackage.json descriptor of one table."""
    return view().read(name).resource


def load(name: str) -> pd.DataFrame:
    """One table as a DataFrame typed by its schema; dates become datetime64.

    Typed once per state of the data and handed out as a copy: a chapter asks for the same tables
    dozens of times, and the caller may change what it gets."""
    data = view()
    data.read(name)
    return _frame(data, name).copy()


def select(name: str, **equal: str) -> pd.DataFrame:
    """The rows of a table whose columns hold the given values, typed as :func:`load` types them and
    recorded as that selection alone: a new row outside it re-runs nothing."""
    data = view()
    data.schema(name)  # the rows are typed by it
    query = urlencode(sorted(equal.items()))
    rows = data.tables[name].rows
    picked = reads.selected(rows, query)
    reads.record("select", f"{name}?{query}", reads.text_print(picked))
    # matched once, on the validated text (what the read set records), and taken typed by position
    chosen = {id(r) for r in picked}
    return _frame(data, name).iloc[[i for i, r in enumerate(rows) if id(r) in chosen]].copy()


def typed_row(name: str, row_id: str) -> pd.Series:
    """One row of a table by its id, typed as :func:`load` types it and recorded as that row alone;
    KeyError when the table has no such id."""
    data = view()
    if data.row(name, row_id) is None:
        raise KeyError(f"no row {row_id!r} in table {name}")
    data.schema(name)  # the row is typed by it
    return _frame(data, name).set_index("id").loc[row_id].copy()


def _frame(data: View, name: str) -> pd.DataFrame:
    """The typed frame of one table, made once per state of the data (not recorded: callers record)."""
    if name not in data.frames:
        data.frames[name] = typed(name, data.tables[name])
    return data.frames[name]


def typed(name: str, table: Table) -> pd.DataFrame:
    """A validated table as a DataFrame with the dtypes its schema declares."""
    import pandas as pd

    frame = pd.DataFrame(table.rows, columns=[f["name"] for f in table.fields], dtype="string")
    frame = frame.replace("", pd.NA)
    for spec in table.fields:
        col, ftype = spec["name"], spec.get("type", "string")
        if ftype == "date":
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif spec.get("listOf") or spec.get("listSeparator"):
            frame[col] = [list_cell(v, spec.get("listSeparator", ";")) for v in frame[col]]
        elif ftype == "boolean":
            frame[col] = frame[col].map({"true": True, "false": False}).astype("boolean")
        else:
            frame[col] = frame[col].astype(DTYPES.get(ftype, "string"))
    frame.attrs.update(name=name, kind=table.resource.get("kind", ""), title=table.resource.get("title", name))
    return frame


def list_cell(value: Any, separator: str = ";") -> tuple[str, ...]:
    """A list column's cell as the tuple of its entries (empty for a missing value): the schema says which
    columns are lists, so no caller splits a cell by hand."""
    if isinstance(value, tuple):
        return value
    return () if missing(value) else tuple(i.strip() for i in str(value).split(separator) if i.strip())


def readable(data: View, name: str, column: str, value: str) -> str:
    """A cell as a reader should see it: referenced ids become names, enum codes become words."""
    table = data.tables[name]
    schema = table.resource.get("schema", {})
    targets = {
        fk["fields"]: fk["reference"]["resource"]
        for fk in schema.get("foreignKeys", [])
        if fk["fields"] != "source_id" and fk["reference"].get("fields", "id") == "id"
    }
    targets.update({f["name"]: f["listOf"] for f in table.fields if f.get("listOf") and f["listOf"] != "*"})
    if column in targets and targets[column] in data.labels:
        data.read(targets[column])
        items = [data.labels[targets[column]].get(v.strip(), v.strip()) for v in value.split(";")]
        return ", ".join(items)
    field = next((f for f in table.fields if f["name"] == column), {})
    if "enum" in field.get("constraints", {}):
        return value.replace("_", " ")
    return value


def statement(data: View, name: str, row: pd.Series | dict[str, Any]) -> str:
    """A readable one-line statement of a fact, from its table's ``statement`` template."""
    template = data.tables[name].resource.get("statement", "{id}")
    values = {k: ("" if missing(v) else readable(data, name, k, fmt_value(v))) for k, v in dict(row).items()}
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    text = template.format(**{f: values.get(f, "") for f in fields})
    return " ".join(text.split())


#: What an id looks like inside free text: lower-case words joined by '-' or '_'.
ID_IN_TEXT = re.compile(r"(?<![\w-])[a-z0-9]+(?:[-_][a-z0-9]+)+(?![\w-])")


def words_for_ids(text: str) -> str:
    """Free text from data (a note, a dating rule) with the ids it names given as readers know them:
    their label, name or title; an id of a row without one stays."""
    data = view()

    def label(match: re.Match) -> str:
        found = match.group(0)
        table = data.index.get(found)
        if not table:
            return found
        data.read(table)  # the label is read: a chapter printing it depends on the table
        return data.labels.get(table, {}).get(found, found)

    return ID_IN_TEXT.sub(label, text)


def missing(value: Any) -> bool:
    """True for every flavour of pandas' missing value (NA, NaN, NaT, None)."""
    if value is None or isinstance(value, (str, list, tuple, dict)):
        return value is None
    import pandas as pd

    return bool(pd.isna(value))


def fmt_value(value: Any) -> str:
    """Numbers without spurious decimals, dates as ISO, the rest as text."""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,}"
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, datetime):  # a pandas Timestamp is one: no pandas import to format text
        return value.date().isoformat()
    return str(value)


def of_kind(kind: str) -> list[str]:
    """Names of the tables of one kind: claim, reference, judgment or register."""
    return [n for n, t in view().tables.items() if t.resource.get("kind") == kind]


def register(kinds: tuple[str, ...] = ("claim", "reference")) -> pd.DataFrame:
    """Every citable row as id, kind, table, statement, evidence and source: the fact register.

    Evidence is the verbatim quote for claims, and the citation or record locator for reference rows.
    """
    import pandas as pd

    rows = []
    data = view()
    for kind in kinds:
        for name in of_kind(kind):
            frame = load(name)
            if "id" not in frame:
                continue
            for _, row in frame.iterrows():
                rows.append(
                    {
                        "id": row["id"],
                        "kind": kind,
                        "table": name,
                        "statement": statement(data, name, row),
                        "evidence": evidence(row),
                        "source_id": row.get("source_id", pd.NA),
                        "char_start": row.get("char_start", pd.NA),
                    }
                )
    return pd.DataFrame(rows).sort_values(["kind", "table", "id"], ignore_index=True)


def evidence(row: pd.Series) -> str:
    """What proves a row: its quote, else its citation, else the record it was read from."""
    for column in ("quote", "citation", "locator"):
        if column in row and not missing(row[column]):
            return str(row[column])
    return ""
