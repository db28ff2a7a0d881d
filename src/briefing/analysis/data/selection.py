"""Selecting rows by what they say, and counting the independent sources behind them.

Pure functions over validated rows (dicts of CSV text), shared by validation (which must refuse a
judgment above its sourcing cap before anything runs) and by the evidence model of the chapters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Row = Mapping[str, str]

#: An actor entry naming a group of the memberships table rather than one actor.
GROUP_PREFIX = "group:"
#: A stance entry that excludes rather than selects ("not:opposes": any stance but opposition).
NOT_PREFIX = "not:"
#: Columns that say whom a row is about.
ACTOR_COLUMNS = ("actor", "speaker_actor", "member", "subject")
CONFIDENCE_ORDER = ("low", "moderate", "high")


def items(value: str | None) -> tuple[str, ...]:
    """The entries of a ';'-separated cell."""
    return tuple(i.strip() for i in (value or "").split(";") if i.strip())


def groups(memberships: Iterable[Row]) -> dict[str, set[str]]:
    """Members of each group of the memberships table."""
    out: dict[str, set[str]] = {}
    for row in memberships:
        out.setdefault(row.get("group", ""), set()).add(row.get("member", ""))
    return out


def expand(actors: Iterable[str], members: Mapping[str, set[str]]) -> set[str]:
    """Actor ids, each ``group:NAME`` replaced by that group's members."""
    out: set[str] = set()
    for actor in actors:
        out |= set(members.get(actor[len(GROUP_PREFIX) :], ())) if actor.startswith(GROUP_PREFIX) else {actor}
    return out


def about(row: Row) -> set[str]:
    """Who a row is about: its actor, speaker's actor, member or subject, and its actors list."""
    found = {row[c] for c in ACTOR_COLUMNS if row.get(c)}
    return found | set(items(row.get("actors")))


def stance_ok(stance: str, wanted: tuple[str, ...]) -> bool:
    """Whether a stance passes a list of wanted stances and ``not:`` exclusions."""
    chosen = [w for w in wanted if not w.startswith(NOT_PREFIX)]
    excluded = [w[len(NOT_PREFIX) :] for w in wanted if w.startswith(NOT_PREFIX)]
    return (not chosen or stance in chosen) and stance not in excluded


def selects(query: Row, row: Row, members: Mapping[str, set[str]]) -> bool:
    """Whether one row meets every condition a query states (an empty condition admits anything)."""
    who = about(row)
    anyone, everyone = expand(items(query.get("actors")), members), expand(items(query.get("all_actors")), members)
    kinds, issues = items(query.get("event_kinds")), items(query.get("issues"))
    return (
        (not anyone or bool(who & anyone))
        and everyone <= who
        and (not issues or row.get("issue", "") in issues)
        and stance_ok(row.get("stance", ""), items(query.get("stances")))
        and (not query.get("period") or row.get("period", "") == query["period"])
        and (not kinds or row.get("kind", "") in kinds)
    )


def select(query: Row, rows: Iterable[Row], members: Mapping[str, set[str]]) -> list[str]:
    """Ids of the rows a query selects, in table order."""
    return [row["id"] for row in rows if row.get("id") and selects(query, row, members)]


def outlets(register: Iterable[Row]) -> dict[str, str]:
    """Each source's independence key: the outlet of the source it derives from, else its own outlet.

    Two sources are independent when their keys differ (see the sourcing rules in data/analysis)."""
    rows = {r["id"]: r for r in register if r.get("id")}

    def root(source_id: str, seen: frozenset[str] = frozenset()) -> str:
        row = rows.get(source_id, {})
        parent = row.get("derived_from", "")
        if parent and parent in rows and parent not in seen:
            return root(parent, seen | {source_id})
        return row.get("outlet", source_id) or source_id

    return {source_id: root(source_id) for source_id in rows}


def independent(source_ids: Iterable[str], keys: Mapping[str, str]) -> list[str]:
    """The independence keys (outlets) among some sources, sorted."""
    return sorted({keys.get(s, s) for s in source_ids})


def cap(count: int, caps: Iterable[Row]) -> str:
    """The highest confidence the sourcing rules allow for evidence resting on ``count`` independent
    sources: the rule with the largest threshold not above ``count``; ``high`` when no rule applies."""
    fitting = [r for r in caps if int(r.get("independent_sources") or 0) <= count and r.get("max_confidence")]
    if not fitting:
        return CONFIDENCE_ORDER[-1]
    return max(fitting, key=lambda r: int(r["independent_sources"]))["max_confidence"]


def above(confidence: str, limit: str) -> bool:
    """Whether a confidence level is higher than a limit on the low-moderate-high scale."""
    order = {c: k for k, c in enumerate(CONFIDENCE_ORDER)}
    return order.get(confidence, 0) > order.get(limit, len(CONFIDENCE_ORDER))
