"""The read set: what a chapter actually read, recorded in its kernel while it runs.

The loaders record each table, file, settings section and shared result they hand out, with a
fingerprint of its content. A table is recorded whole when it is read whole, and row by row when
only some of its rows are looked up by id (``row:table/id``) or selected by equal values
(``select:table?column=value``), when only its schema is consulted
(``schema:table``) and when only a value the loader derives from it is used (``derived:name``, such
as the newest source's date): a new row then re-runs only the chapters it can change. The build asks the kernel for the record after the last cell and keeps
it with the cached chapter; a later build re-executes the chapter only when one of those
fingerprints changed. Tables are fingerprinted on their parsed rows, so a spreadsheet re-save that
changes no value changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl

#: kind:name -> fingerprint, for the current kernel (one chapter per kernel).
_RECORD: dict[str, str] = {}


def record(kind: str, name: str, fingerprint: str) -> None:
    _RECORD[f"{kind}:{name}"] = fingerprint


def recorded() -> str:
    """The record as JSON text: what the build reads back through an inline expression."""
    return json.dumps(dict(sorted(_RECORD.items())))


def reset() -> None:
    _RECORD.clear()


@contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Record the reads of a block on their own (the yielded dict fills as it runs); afterwards they
    join the enclosing record too, so whoever uses the block's result depends on them as well."""
    outer = dict(_RECORD)
    _RECORD.clear()
    inner: dict[str, str] = {}
    try:
        yield inner
    finally:
        inner.update(_RECORD)
        _RECORD.update(outer)


#: Today's fingerprints of the data, supplied by the loader (the only one that knows how tables are
#: parsed); the bottom layer never imports the analysis half.
_DATA_PRINTS: list[Callable[[], DataPrints]] = []

DATA_KINDS = ("table", "row", "select", "schema", "derived", "index")


def tables_from(prints: Callable[[], DataPrints]) -> None:
    """Name the function that gives today's data fingerprints (called by the loader on import)."""
    _DATA_PRINTS[:] = [prints]


def data_prints() -> DataPrints:
    """Today's data fingerprints: none known until a loader has been imported (then nothing table-based
    was recorded either)."""
    return _DATA_PRINTS[0]() if _DATA_PRINTS else DataPrints({}, {})


def row_print(row: dict[str, Any] | None) -> str:
    """One row's fingerprint ("missing" when no row has the id)."""
    return "missing" if row is None else text_print(row)


def selected(rows: list[dict[str, str]], query: str) -> list[dict[str, str]]:
    """The rows matching an encoded ``column=value&…`` query (every value equal)."""
    wanted = parse_qsl(query, keep_blank_values=True)
    return [r for r in rows if all((r.get(c) or "") == v for c, v in wanted)]


class Rows(Protocol):
    """A validated table as the read sets see it: its parsed rows and its schema fields."""

    rows: list[dict[str, str]]
    fields: list[dict[str, Any]]


class DataPrints:
    """Fingerprints of one state of the validated tables, by the kind and name a read set gives them:
    ``table:name``, ``row:name/id``, ``select:name?column=value``, ``schema:name`` and
    ``derived:name`` (a value computed from the tables by one of ``derived``, named) and ``index:id``
    (the table holding an id)."""

    def __init__(self, tabs: Mapping[str, Rows], derived: Mapping[str, Callable[[Mapping[str, Rows]], str]]):
        self.tabs, self._derive = tabs, derived
        self.by_id = {n: {r["id"]: r for r in t.rows if r.get("id")} for n, t in tabs.items()}
        self._tables: dict[str, str] = {}

    def derived(self, name: str) -> str:
        """A derived value for this state of the tables."""
        return self._derive[name](self.tabs)

    def __call__(self, kind: str, name: str) -> str:
        table, _, rest = name.partition("?" if kind == "select" else "/")
        if kind == "derived":
            return text_print(self.derived(name)) if name in self._derive else "missing"
        if kind == "index":  # the table holding an id, recorded as its name (not a print)
            return next((t for t, rows in self.by_id.items() if name in rows), "missing")
        if table not in self.tabs:
            return "missing"
        if kind == "row":
            return row_print(self.by_id[table].get(rest))
        if kind == "select":
            return text_print(selected(self.tabs[table].rows, rest))
        if kind == "schema":
            return text_print(self.tabs[table].fields)
        if table not in self._tables:
            self._tables[table] = table_print(self.tabs[table].rows, self.tabs[table].fields)
        return self._tables[table]


def text_print(value: Any) -> str:
    """sha256 of a JSON-able value, keys sorted."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def table_print(rows: list[dict[str, str]], fields: list[dict[str, Any]]) -> str:
    """A table's fingerprint: its parsed rows and schema fields, not the bytes of its file."""
    return text_print({"rows": rows, "fields": fields})


def file_print(path: Path) -> str:
    """sha256 of a file, computed once per state of the file (boundary files are read by many calls)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "missing"
    return _file_print(str(path), info.st_size, info.st_mtime_ns) if path.is_file() else "missing"


@lru_cache(maxsize=256)
def _file_print(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file(path: Path, root: Path) -> None:
    """Record a file read under the project root (by its path relative to the root)."""
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return  # outside the project: part of the software, covered by the package key
    record("file", rel, file_print(path))


def settings_print(config: Path, section: str) -> str:
    from briefing.settings_file import parse

    try:
        value = parse(config).get(section)
    except (OSError, ValueError):
        return "unreadable"
    return text_print(value)


def editions_print(folder: Path) -> str:
    """Fingerprint of the published editions' snapshots (what the chapter on changes compares with)."""
    snaps = sorted(folder.glob("*/edition-snapshot.json"))
    return text_print([[p.parent.name, file_print(p)] for p in snaps])


class Current:
    """Today's fingerprint of anything a read set can name, computed once per key."""

    def __init__(self, root: Path, data: DataPrints, config: Path, editions: Path):
        self.root, self.data, self.config, self.editions = root, data, config, editions
        self._memo: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        if key not in self._memo:
            kind, _, name = key.partition(":")
            if kind in DATA_KINDS:
                self._memo[key] = self.data(kind, name)
                return self._memo[key]
            self._memo[key] = {
                "file": lambda: file_print(self.root / name),
                "settings": lambda: settings_print(self.config, name),
                "editions": lambda: editions_print(self.editions),
            }.get(kind, lambda: "unknown")()
        return self._memo[key]

    def holds(self, record: dict[str, str]) -> bool:
        """True when everything in a read set is as it was when it was recorded."""
        return all(self(key) == value for key, value in record.items())
