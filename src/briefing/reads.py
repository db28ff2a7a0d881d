"""The read set: what a chapter actually read, recorded in its kernel while it runs.

The loaders record each table, file, settings section and shared result they hand out, with a
fingerprint of its content. The build asks the kernel for the record after the last cell and keeps
it with the cached chapter; a later build re-executes the chapter only when one of those
fingerprints changed. Tables are fingerprinted on their parsed rows, so a spreadsheet re-save that
changes no value changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

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


#: Today's fingerprint of every table, supplied by the loader (the only one that knows how tables are
#: parsed); the bottom layer never imports the analysis half.
_TABLE_PRINTS: list[Callable[[], dict[str, str]]] = []


def tables_from(prints: Callable[[], dict[str, str]]) -> None:
    """Name the function that gives today's table fingerprints (called by the loader on import)."""
    _TABLE_PRINTS[:] = [prints]


def table_prints() -> dict[str, str]:
    """Today's table fingerprints: none known until a loader has been imported (then nothing table-based
    was recorded either)."""
    return _TABLE_PRINTS[0]() if _TABLE_PRINTS else {}


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

    def __init__(self, root: Path, table_prints: dict[str, str], config: Path, editions: Path):
        self.root, self.tables, self.config, self.editions = root, table_prints, config, editions
        self._memo: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        if key not in self._memo:
            kind, _, name = key.partition(":")
            self._memo[key] = {
                "table": lambda: self.tables.get(name, "missing"),
                "file": lambda: file_print(self.root / name),
                "settings": lambda: settings_print(self.config, name),
                "editions": lambda: editions_print(self.editions),
            }.get(kind, lambda: "unknown")()
        return self._memo[key]

    def holds(self, record: dict[str, str]) -> bool:
        """True when everything in a read set is as it was when it was recorded."""
        return all(self(key) == value for key, value in record.items())
