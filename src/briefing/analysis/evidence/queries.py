"""Evidence declared as queries over the coded facts, so that new reporting finds its judgment.

A judgment, a competing explanation or an indicator names the rows it rests on in two ways: by id
(the analyst's hand-picked rows, in its own table) and by query (``data/analysis/evidence_queries.csv``:
a table, actors or an actor group, issue, stance, period, event kind). Every row that matches is
evidence; rows that are new since the last published edition stay *unweighed* until the analyst
records, in ``data/analysis/weighed.csv``, that they were weighed.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.analysis.data import facts, selection

QUERIES = "evidence_queries"
WEIGHED = "weighed"
SOURCING_RULES = "sourcing_rules"


def _rows(name: str) -> list[dict[str, str]]:
    """A table's validated rows (recorded as read); none when the project has no such table."""
    data = facts.view()
    return list(data.read(name).rows) if name in data.tables else []


def declared(target: str | None = None, side: str | None = None) -> list[dict[str, str]]:
    """The evidence queries, all or those of one target and side, in table order."""
    return [
        q for q in _rows(QUERIES) if (target is None or q["target"] == target) and (side is None or q["side"] == side)
    ]


def matches(query: dict[str, str]) -> list[str]:
    """Ids of the rows one query selects."""
    members = selection.groups(_rows("memberships"))
    return selection.select(query, _rows(query["table"]), members)


def for_target(target: str, side: str) -> list[str]:
    """Ids all queries of one target and side select, without repeats, in query order."""
    ids: dict[str, None] = {}
    for query in declared(target, side):
        ids.update(dict.fromkeys(matches(query)))
    return list(ids)


def evidence(target: str, side: str, picked: Iterable[str] = ()) -> tuple[str, ...]:
    """The analyst's hand-picked ids first, then every row a query adds."""
    return tuple(dict.fromkeys([*picked, *for_target(target, side)]))


def weighed() -> set[tuple[str, str]]:
    """(fact id, target) pairs the analyst has recorded as weighed."""
    return {(r["fact_id"], r["target"]) for r in _rows(WEIGHED)}


def sources_of(ids: Iterable[str]) -> list[str]:
    """The sources the rows cite, in order of first appearance (reference rows included)."""
    data = facts.view()
    found: dict[str, None] = {}
    for fact_id in ids:
        table = data.index.get(fact_id)
        row = next((r for r in data.read(table).rows if r.get("id") == fact_id), {}) if table else {}
        if row.get("source_id"):
            found[row["source_id"]] = None
    return list(found)


def independent_outlets(ids: Iterable[str]) -> list[str]:
    """The independent outlets the rows rest on (sources derived from another count as that one)."""
    return selection.independent(sources_of(ids), selection.outlets(_rows("sources")))


def confidence_cap(ids: Iterable[str]) -> str:
    """The highest confidence the sourcing rules allow for evidence resting on these rows."""
    return selection.cap(len(independent_outlets(ids)), _rows(SOURCING_RULES))


def rules() -> list[dict[str, str]]:
    """The sourcing rules as written in data, for the method."""
    return _rows(SOURCING_RULES)
