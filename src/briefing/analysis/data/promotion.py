"""Promote reviewed draft rows into the tables, or say why not, naming the draft's line.

The same plan serves ``promote`` (validate, then write) and ``validate`` (validate only), so the two
report the same problems in the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing import paths
from briefing.analysis.data.intake import Refusal, appended, commit, table, validate_with
from briefing.analysis.data.review import PROMOTED, Review, kept, marked, read_review
from briefing.analysis.data.validate import Problem, Table, read_package


class NothingToPromote(Exception):
    """Every kept row of the draft is in its table already: not an error, nothing written."""


@dataclass
class Plan:
    """The rows a promotion would append, and where each came from in the draft."""

    review: Review
    writes: dict[Path, bytes] = field(default_factory=dict)
    added: dict[str, int] = field(default_factory=dict)
    origin: dict[tuple[str, int], int] = field(default_factory=dict)
    done: set[int] = field(default_factory=set)

    def describe(self, problem: Problem) -> str:
        """A problem on an appended row, told by its draft line; the table's line named as the table's."""
        line = self.origin.get((problem.file, problem.row))
        if line is None:
            return str(problem)
        rule = re.sub(r"\bline (\d+)", rf"{problem.file} line \1", problem.rule)
        column = f" column '{problem.column}':" if problem.column else ""
        shown = problem.value if len(problem.value) <= 80 else problem.value[:77] + "..."
        value = f" (value: {shown!r})" if problem.value else ""
        return f"{self.review.label}:{line}:{column} {rule}{value} (to become {problem.file} line {problem.row})"


def claim_tables(data_dir: Path) -> set[str]:
    package, _ = read_package(data_dir / "datapackage.json")
    return {r["name"] for r in package.get("resources", []) if r.get("kind") == "claim"}


def plan(data_dir: Path, source_id: str) -> Plan:
    """Read the draft and line up its kept rows for their tables; refused on a row that cannot go."""
    review = read_review(data_dir, source_id)
    chosen = [(row, line) for row, line in zip(review.rows, review.lines) if kept(row)]
    promoted = sum(row.get("keep", "").strip().lower() == PROMOTED for row in review.rows)
    if not chosen:
        if promoted:
            raise NothingToPromote(
                f"already promoted: the {promoted} kept row(s) of {review.label} are in their tables (keep=promoted)"
            )
        raise Refusal(f"no row of {review.label} is marked keep=yes")
    claim = claim_tables(data_dir)
    result = Plan(review)
    tables: dict[str, Table] = {}
    rows: dict[str, list[list[str]]] = {}
    for row, line in chosen:
        name = row.get("table", "").strip()
        if name not in claim:
            raise Refusal(f"{review.label}:{line}: column 'table': not a claim table ({name!r})")
        if not row.get("id", "").strip():
            raise Refusal(f"{review.label}:{line}: column 'id': kept rows need an id")
        tables.setdefault(name, table(data_dir, name))
        cells = [row.get(f["name"], "") for f in tables[name].fields]
        if in_table(tables[name], cells):
            result.done.add(line)
            continue
        rows.setdefault(name, []).append(cells)
        last = tables[name].lines[-1] if tables[name].lines else 1
        result.origin[(tables[name].label, last + len(rows[name]))] = line
        result.done.add(line)
    if not rows:
        raise NothingToPromote(f"already promoted: every kept row of {review.label} is in its table already")
    result.writes = {tables[n].path: appended(tables[n].path, new) for n, new in rows.items()}
    result.added = {n: len(v) for n, v in rows.items()}
    return result


def in_table(found: Table, cells: list[str]) -> bool:
    """True when the table already holds this very row (a draft promoted before, then saved again)."""
    names = [f["name"] for f in found.fields]
    return any([row.get(n, "") for n in names] == cells for row in found.rows)


def promote(data_dir: Path, source_id: str) -> dict[str, int]:
    """Append the draft's kept rows to their tables, validate, then mark them promoted in the draft."""
    from briefing.atomic import write_atomic

    result = plan(data_dir, source_id)
    commit(data_dir, result.writes, result.describe)
    write_atomic(result.review.path, marked(result.review.path, result.review, result.done))
    return result.added


def draft_problems(data_dir: Path, source_id: str, known: list[Problem]) -> list[str]:
    """What promote would refuse in a source's draft, in promote's words; [] when it would go through."""
    try:
        result = plan(data_dir, source_id)
    except NothingToPromote:
        return []
    except Refusal as exc:
        return [] if str(exc).startswith("no row of") else [str(exc)]
    _, problems = validate_with(data_dir, result.writes)
    return [result.describe(p) for p in problems if p not in known]


def pending_drafts(data_dir: Path) -> list[str]:
    """Source ids with a draft file under data/drafts/."""
    folder = data_dir / paths.DRAFTS
    if not folder.is_dir():
        return []
    return sorted({p.stem for p in folder.iterdir() if p.suffix in (".csv", ".xlsx") and not p.name.startswith(".")})
