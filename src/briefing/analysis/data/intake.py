"""Taking in new material: register a source text, and promote reviewed draft rows into the tables.

Every change goes through :func:`commit`, which writes atomically, validates the whole package and
puts every file back as it was when validation fails, so a refused command leaves nothing written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from briefing import paths
from briefing.analysis.data.validate import Problem, Table, read_package, read_table, validate

REGISTER = "sources"
KEEP_WORDS = {"yes", "y", "x", "true", "1", "keep"}
PROMOTED = "promoted"


class Refusal(Exception):
    """A command refused: one line saying why; nothing was written."""


@dataclass(frozen=True)
class NewSource:
    """What an analyst states about a new text when registering it."""

    path: Path
    id: str
    outlet: str
    date: str
    place: str
    type: str = "article"
    language: str = "en"
    licence: str = "not recorded"
    title: str | None = None
    description: str | None = None
    url: str | None = None


def resource(data_dir: Path, name: str) -> dict[str, Any]:
    """One resource of datapackage.json; a missing descriptor or resource is a refusal."""
    package, problems = read_package(data_dir / "datapackage.json")
    if problems:
        raise Refusal(str(problems[0]))
    found = next((r for r in package.get("resources", []) if r.get("name") == name), None)
    if found is None:
        raise Refusal(f"datapackage.json has no resource named {name!r}")
    return found


def table(data_dir: Path, name: str) -> Table:
    """One table read as validation reads it; unreadable tables are refused with their first problem."""
    found, problems = read_table(data_dir, resource(data_dir, name))
    if found is None:
        raise Refusal(str(problems[0]))
    return found


def csv_bytes(rows: Iterable[Iterable[str]], terminator: str = "\n") -> bytes:
    """Rows as CSV, quoted only where needed (the form the committed tables use)."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=terminator).writerows(rows)
    return out.getvalue().encode("utf-8")


def appended(path: Path, rows: list[list[str]]) -> bytes:
    """A table's bytes with rows added at the end, in the file's own line ends; earlier bytes untouched."""
    raw = path.read_bytes()
    terminator = "\r\n" if b"\r\n" in raw else "\n"
    if raw and not raw.endswith(b"\n"):
        raw += terminator.encode()
    return raw + csv_bytes(rows, terminator)


def commit(data_dir: Path, writes: dict[Path, bytes], describe: Callable[[Problem], str] = str) -> None:
    """Write files atomically, validate, and restore every file if validation finds a problem."""
    from briefing.atomic import write_atomic

    before = {path: path.read_bytes() if path.exists() else None for path in writes}
    try:
        for path, payload in writes.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, payload)
        _, problems = validate(data_dir)
    except BaseException:
        restore(before)
        raise
    if problems:
        restore(before)
        raise Refusal(first_of(problems, describe))


def restore(before: dict[Path, bytes | None]) -> None:
    from briefing.atomic import write_atomic

    for path, payload in before.items():
        if payload is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, payload)


def first_of(problems: list[Problem], describe: Callable[[Problem], str] = str) -> str:
    more = (
        f" (and {len(problems) - 1} more problem(s): python -m briefing validate lists them)"
        if len(problems) > 1
        else ""
    )
    return f"validation failed, nothing written: {describe(problems[0])}{more}"


# ---------------------------------------------------------------- add-source


def source_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its text; refused unless it is UTF-8 text."""
    if not path.is_file():
        raise Refusal(f"{path.name}: no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refusal(
            f"{path.name}: not UTF-8 text (byte 0x{raw[exc.start : exc.start + 1].hex()} at {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None
    if "\x00" in text or not text.strip():
        raise Refusal(f"{path.name}: not a text file (empty or binary)")
    return raw, text


def parse_date(value: str) -> str:
    """An ISO calendar date, else a refusal."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise Refusal(f"--date {value!r}: not a calendar date in YYYY-MM-DD form")


def register_row(new: NewSource, name: str, digest: str, fields: list[str]) -> list[str]:
    """The register row in the register's own column order.

    Without ``--title`` the title stays empty: a register carries a title only where the source has one.
    """
    title = new.title or ""
    values = {
        "id": new.id,
        "type": new.type,
        "outlet": new.outlet,
        "title": title,
        "description": new.description or "",
        "dateline_place": new.place,
        "dateline_date": new.date,
        "language": new.language,
        "file": name,
        "sha256": digest,
        "url": new.url or "",
        "licence": new.licence,
    }
    missing = [k for k in ("title", "description", "url") if getattr(new, k) and k not in fields]
    if missing:
        raise Refusal(f"the register has no {missing[0]} column; add it to datapackage.json first")
    return [values.get(f, "") for f in fields]


def add_source(data_dir: Path, new: NewSource) -> Path:
    """Copy a text byte for byte into data/sources/, register it with its sha256, and validate."""
    raw, text = source_text(new.path)
    parse_date(new.date)
    if new.title is not None and new.title not in text:
        raise Refusal(f"--title {new.title!r} does not occur in the text (a title must be the source's own words)")
    register = table(data_dir, REGISTER)
    rows = {r.get("id"): r for r in register.rows}
    target = data_dir / "sources" / new.path.name
    digest = hashlib.sha256(raw).hexdigest()
    if new.id in rows:
        raise Refusal(f"source id {new.id!r} is already registered")
    if any(r.get("file") == target.name for r in register.rows) or target.exists():
        raise Refusal(f"a file named {target.name} is already in data/sources/; rename the new text")
    twin = next((r["id"] for r in register.rows if r.get("sha256") == digest), None)
    if twin:
        raise Refusal(f"the same text is already registered as {twin!r}")
    row = register_row(new, target.name, digest, [f["name"] for f in register.fields])
    commit(data_dir, {register.path: appended(register.path, [row]), target: raw})
    return target


# ---------------------------------------------------------------- promote


def draft_path(data_dir: Path, source_id: str) -> Path:
    """Where drafted rows wait for review: outside the package, never validated, hashed or built."""
    return data_dir / paths.DRAFTS / f"{source_id}.csv"


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


def draft_columns(package: dict[str, Any]) -> list[str]:
    """A draft's header: review columns, then every field of the claim tables, each once.

    Promotion copies a row's cells into the columns of the same name in the table it names.
    """
    columns = list(DRAFT_COLUMNS)
    for res in package.get("resources", []):
        if res.get("kind") == "claim":
            columns += [f["name"] for f in res.get("schema", {}).get("fields", []) if f["name"] not in columns]
    return columns


def read_draft(data_dir: Path, source_id: str) -> tuple[list[str], list[dict[str, str]], list[int]]:
    """A draft's header, rows and line numbers, read with the same reader as the tables."""
    path = draft_path(data_dir, source_id)
    if not path.is_file():
        raise Refusal(f"no draft for {source_id!r}: run python -m briefing draft {source_id} first")
    package, _ = read_package(data_dir / "datapackage.json")
    header = draft_columns(package)
    spec = {"name": "draft", "path": f"drafts/{path.name}", "schema": {"fields": [{"name": c} for c in header]}}
    found, problems = read_table(data_dir, spec)
    if found is None or problems:
        raise Refusal(str(problems[0]))
    return header, found.rows, found.lines


def kept(row: dict[str, str]) -> bool:
    return row.get("keep", "").strip().lower() in KEEP_WORDS


def promote(data_dir: Path, source_id: str) -> dict[str, int]:
    """Append the draft's kept rows to their tables, validate, then mark them promoted in the draft.

    A row is kept when its ``keep`` cell says yes and its ``id`` and ``table`` are filled; its cells
    go to the columns of the same name in that table. Returns the number of rows added per table.
    """
    header, rows, lines = read_draft(data_dir, source_id)
    chosen = [(row, line) for row, line in zip(rows, lines) if kept(row)]
    if not chosen:
        raise Refusal(f"no row of data/drafts/{source_id}.csv is marked keep=yes")
    package, _ = read_package(data_dir / "datapackage.json")
    claim = {r["name"]: r for r in package.get("resources", []) if r.get("kind") == "claim"}
    added: dict[str, list[list[str]]] = {}
    origin: dict[tuple[str, int], int] = {}
    tables: dict[str, Table] = {}
    for row, line in chosen:
        name = row.get("table", "")
        if name not in claim:
            raise Refusal(f"data/drafts/{source_id}.csv:{line}: column 'table': not a claim table ({name!r})")
        if not row.get("id"):
            raise Refusal(f"data/drafts/{source_id}.csv:{line}: column 'id': kept rows need an id")
        tables.setdefault(name, table(data_dir, name))
        header_of = [f["name"] for f in tables[name].fields]
        added.setdefault(name, []).append([row.get(c, "") for c in header_of])
        last = tables[name].lines[-1] if tables[name].lines else 1
        origin[(tables[name].label, last + len(added[name]))] = line
    writes = {tables[n].path: appended(tables[n].path, new) for n, new in added.items()}

    def describe(problem: Problem) -> str:
        line = origin.get((problem.file, problem.row))
        if line is None:
            return str(problem)
        column = f" column '{problem.column}':" if problem.column else ""
        value = f" (value: {problem.value!r})" if problem.value else ""
        return f"data/drafts/{source_id}.csv:{line}:{column} {problem.rule}{value} (as {problem.file}:{problem.row})"

    commit(data_dir, writes, describe)
    mark_promoted(data_dir, source_id, header, rows, lines, {line for _, line in chosen})
    return {n: len(v) for n, v in added.items()}


def mark_promoted(
    data_dir: Path, source_id: str, header: list[str], rows: list[dict[str, str]], lines: list[int], done: set[int]
) -> None:
    """Set ``keep`` to 'promoted' on the rows just added, so a second run does not add them again."""
    from briefing.atomic import write_atomic

    out = [header] + [
        [PROMOTED if (c == "keep" and line in done) else row.get(c, "") for c in header]
        for row, line in zip(rows, lines)
    ]
    write_atomic(draft_path(data_dir, source_id), csv_bytes(out))
