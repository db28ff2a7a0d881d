"""Taking in new material: register a source text; every change to data/ goes through :func:`commit`.

A change is validated first on a mirror of data/ (links to the unchanged files, the changed ones
written out), and only then written, atomically, file by file; a refused command leaves nothing written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from briefing import paths
from briefing.analysis.data import excerpts
from briefing.analysis.data.validate import Problem, Table, read_package, read_table, validate

REGISTER = "sources"


class Refusal(Exception):
    """A command refused: one line saying why; nothing was written."""


@dataclass(frozen=True)
class NewSource:
    """What an analyst states about a new text when registering it."""

    path: Path
    id: str
    outlet: str
    date: str
    place: str = ""
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


Writes = dict[Path, bytes | None]


def validate_with(data_dir: Path, writes: Writes) -> tuple[dict[str, Table], list[Problem]]:
    """Validate data/ as it would be after ``writes`` (None deletes a file), without touching data/."""
    changed = {path.resolve(): payload for path, payload in writes.items()}
    base = data_dir.resolve()
    with tempfile.TemporaryDirectory(prefix="briefing-check-") as tmp:
        mirror = Path(tmp) / "data"
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(base)
            if path.is_dir() or rel.parts[0] in paths.UNBUILT_DATA or path in changed:
                continue
            (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
            (mirror / rel).symlink_to(path)
        for path, payload in changed.items():
            if payload is not None:
                (mirror / path.relative_to(base)).parent.mkdir(parents=True, exist_ok=True)
                (mirror / path.relative_to(base)).write_bytes(payload)
        return validate(mirror)


def commit(data_dir: Path, writes: Writes, describe: Callable[[Problem], str] = str) -> None:
    """Validate the change on a mirror, then write it; a problem refuses it with nothing written."""
    _, problems = validate_with(data_dir, writes)
    if problems:
        raise Refusal(first_of(problems, describe))
    apply(writes)


def apply(writes: Writes) -> None:
    """Write (or delete) each file atomically; an error part-way puts back the files already written."""
    from briefing.atomic import write_atomic

    before = {path: path.read_bytes() if path.exists() else None for path in writes}
    try:
        for path, payload in writes.items():
            if payload is None:
                path.unlink(missing_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, payload)
    except BaseException:
        restore(before)
        raise


def restore(before: dict[Path, bytes | None]) -> None:
    """Put files back as they were (None: the file did not exist)."""
    from briefing.atomic import write_atomic

    for path, payload in before.items():
        if payload is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, payload)


#: Words of a rule that name a cause outside the data: such a problem is told first.
CAUSES = ("spreadsheet", "character set", "prints it with")


def first_of(problems: list[Problem], describe: Callable[[Problem], str] = str) -> str:
    """The first problem in one line (a spreadsheet's doing first), and how many more there are."""
    problems = sorted(problems, key=lambda p: not any(c in p.rule for c in CAUSES))
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
    """Copy a text byte for byte into data/sources/ID.txt, register it with its sha256, and validate."""
    raw, text = source_text(new.path)
    parse_date(new.date)
    if new.title is not None and new.title not in text:
        found = excerpts.hint(text, new.title)
        raise Refusal(
            f"--title {new.title!r} does not occur in the text"
            + (f"; {found}" if found else " (a title must be the source's own words)")
        )
    if Path(new.id).name != new.id or new.id.startswith("."):
        raise Refusal(f"--id {new.id!r}: not usable as a file name (lower case letters, digits, hyphens)")
    register = table(data_dir, REGISTER)
    rows = {r.get("id"): r for r in register.rows}
    target = data_dir / "sources" / f"{new.id}.txt"
    digest = hashlib.sha256(raw).hexdigest()
    if new.id in rows:
        raise Refusal(f"source id {new.id!r} is already registered")
    if any(r.get("file") == target.name for r in register.rows) or target.exists():
        raise Refusal(f"a file named {target.name} is already in data/sources/; remove it or choose another id")
    twin = next((r["id"] for r in register.rows if r.get("sha256") == digest), None)
    if twin:
        raise Refusal(f"the same text is already registered as {twin!r}")
    row = register_row(new, target.name, digest, [f["name"] for f in register.fields])
    commit(data_dir, {register.path: appended(register.path, [row]), target: raw})
    return target


def registered_text(data_dir: Path, source_id: str) -> tuple[dict[str, str], str]:
    """A source's register row and its stored text; refused when it has no stored text."""
    register = table(data_dir, REGISTER)
    row = next((r for r in register.rows if r.get("id") == source_id), None)
    if row is None or not row.get("file"):
        raise Refusal(f"no source with a stored text has id {source_id!r}")
    path = data_dir / "sources" / row["file"]
    if not path.is_file():
        raise Refusal(f"data/sources/{row['file']}: source file missing (named by the register row of {source_id!r})")
    return row, path.read_text(encoding="utf-8")


def locate(data_dir: Path, source_id: str, excerpt: str) -> list[int]:
    """Every offset of an excerpt in a source; refused, with a hint about quote marks, when there is none."""
    row, text = registered_text(data_dir, source_id)
    hits = [m.start() for m in re.finditer(f"(?={re.escape(excerpt)})", text)] if excerpt else []
    if not hits:
        found = excerpts.hint(text, excerpt)
        raise Refusal(f"the excerpt does not occur verbatim in {row['file']}" + (f"; {found}" if found else ""))
    return hits
