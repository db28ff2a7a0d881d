"""Who stands where: actors' positions, the joint statements they signed, and what others say of them.

Functions take the fact tables as DataFrames (``facts.load``) and return frames or lists; the
briefing's choices (which issues make up the question drawn, which groups are joint statements,
who the parties are, readers' names of stances and issues) are settings, read by :func:`config`.
A position row's ``attribution`` says whose statement it is (the actor's own, the article's
reporting, an analyst's assessment) and its ``period`` whether it holds now or is history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from briefing import theme
from briefing.analysis.data import lookup, settings
from briefing.analysis.data.dates import period_text
from briefing.analysis.figures import style
from briefing.analysis.figures.matrix import Symbol, stance_matrix
from briefing.analysis.figures.style import Drawn
from briefing.analysis.writing import prose


def config() -> dict[str, Any]:
    """The ``[alignment]`` settings of notebooks/briefing.toml."""
    return settings.section("alignment")


def current(positions: pd.DataFrame) -> pd.DataFrame:
    """Positions that hold at the time of the source (period 'current'), not history."""
    return positions[positions["period"] == "current"]


def past(positions: pd.DataFrame) -> pd.DataFrame:
    """What the source says an actor did or held before: context, never a present position."""
    return positions[positions["period"] == "past"]


def own(positions: pd.DataFrame) -> pd.DataFrame:
    """Statements that are the actor's own or the source's reporting of the actor, not an analyst's view."""
    return positions[positions["attribution"] != "analyst"]


def assessed(positions: pd.DataFrame) -> pd.DataFrame:
    """Analysts' assessments of an actor (attribution 'analyst')."""
    return positions[positions["attribution"] == "analyst"]


def members(memberships: pd.DataFrame, group: str) -> list[str]:
    """Members of a group, meeting or declaration in the table's order; empty for an unknown group."""
    return list(dict.fromkeys(memberships.loc[memberships["group"] == group, "member"]))


def _span(row: Any) -> tuple[int, int]:
    start = int(row["char_start"])
    return start, start + len(str(row["quote"]))


def joint_statement_of(positions: pd.DataFrame, memberships: pd.DataFrame, groups: Sequence[str]) -> pd.Series:
    """For each position, the group of ``groups`` it was stated through, or '' for none.

    A position belongs to a joint statement when its quote overlaps the quote recording the same
    actor's part in that statement (same source): the article says both in one sentence.
    """
    parts = memberships[memberships["group"].isin(list(groups))]
    found = []
    for _, row in positions.iterrows():
        start, end = _span(row)
        hit = ""
        for _, m in parts[(parts["member"] == row["actor"]) & (parts["source_id"] == row["source_id"])].iterrows():
            m_start, m_end = _span(m)
            if start < m_end and m_start < end:
                hit = str(m["group"])
                break
        found.append(hit)
    return pd.Series(found, index=positions.index, dtype="string")


def record(
    positions: pd.DataFrame, memberships: pd.DataFrame, issues: Sequence[str], groups: Sequence[str]
) -> pd.DataFrame:
    """The current for-or-against statements on ``issues`` that are actors' own or the source's reporting.

    ``column`` is the joint statement (one of ``groups``) a row was stated through, else its
    attribution ('actor' or 'article'): what the positions figure draws, one mark per row.
    """
    rows = own(current(positions))
    rows = rows[rows["issue"].isin(list(issues)) & (rows["stance"] != "other")]
    joint = joint_statement_of(rows, memberships, groups)
    column = joint.where(joint != "", rows["attribution"])
    return pd.DataFrame(
        {"id": rows["id"], "actor": rows["actor"], "column": column.astype(str), "stance": rows["stance"]}
    ).reset_index(drop=True)


def columns_in_use(
    drawn: pd.DataFrame, groups: Sequence[str], voices: Sequence[str] = ("actor", "article")
) -> list[str]:
    """The figure's columns in reading order (joint statements by date, then voices), only those with a mark."""
    used = set(drawn["column"])
    return [c for c in [*groups, *voices] if c in used]


def row_order(drawn: pd.DataFrame, parties: Sequence[str], statements: Sequence[Sequence[str]]) -> list[str]:
    """Rows of the figure: the parties, then the members of each joint statement in date order (earlier
    signatories first, so a statement's growth shows as a block), then anyone else drawn."""
    present = list(dict.fromkeys(drawn["actor"]))
    first = [a for a in [*parties, *(m for group in statements for m in group)] if a in present]
    return list(dict.fromkeys(first + present))


def symbols(drawn: pd.DataFrame, stances: Mapping[str, Mapping[str, Any]], palette: theme.Palette) -> dict[str, Symbol]:
    """The figure's symbol per stance drawn, from the settings' label and marker shape and the palette's colour."""
    return {
        k: Symbol(v["marker"], True, v["label"], 1.2 if v["marker"] == "*" else 1.0, palette.mark(k))
        for k, v in stances.items()
        if k in set(drawn["stance"])
    }


def positions_drawn(
    positions: pd.DataFrame, memberships: pd.DataFrame, actors: pd.DataFrame, cfg: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The statements the positions figure draws: those of states and governments on the settings' question."""
    cfg = cfg or config()
    kind = dict(zip(actors["id"], actors["type"], strict=True))
    groups = [j["group"] for j in cfg["joint_statements"]]
    drawn = record(positions, memberships, cfg["question"], groups)
    return drawn[drawn["actor"].map(kind).isin(["state", "government"])].reset_index(drop=True)


def positions_figure(
    positions: pd.DataFrame,
    memberships: pd.DataFrame,
    actors: pd.DataFrame,
    events: pd.DataFrame,
    cfg: Mapping[str, Any] | None = None,
    group_labels: tuple[str, str] = ("Parties to the dispute", "Other states"),
) -> Drawn:
    """The positions figure (the statements of :func:`positions_drawn`) with its alt text."""
    cfg = cfg or config()
    short = dict(zip(actors["id"], actors["short_name"], strict=True))
    groups = [j["group"] for j in cfg["joint_statements"]]
    drawn = positions_drawn(positions, memberships, actors, cfg)
    rows = row_order(drawn, cfg["parties"], [members(memberships, g) for g in groups])
    dated = events.set_index("id")
    heads = {
        j["group"]: f"{j['heading']}, {period_text(*dated.loc[j['event'], ['date', 'date_end', 'precision']])}"
        for j in cfg["joint_statements"]
    }
    columns, labels = columns_in_use(drawn, groups), {**heads, **cfg["voice_labels"]}
    fig = stance_matrix(
        drawn,
        rows,
        columns,
        symbols(drawn, cfg["stances"], style.palette()),
        row_labels=short,
        column_labels=labels,
        groups={a: group_labels[a not in cfg["parties"]] for a in rows},
        legend_title=cfg.get("question_label", ""),
    )
    stance_words = {k: v["label"] for k, v in cfg["stances"].items()}
    alt = describe(drawn, [short.get(r, r) for r in rows], rows, [labels[c] for c in columns], columns, stance_words)
    return Drawn(fig, alt, "")


def describe(
    drawn: pd.DataFrame,
    row_names: Sequence[str],
    rows: Sequence[str],
    column_names: Sequence[str],
    columns: Sequence[str],
    stance_words: Mapping[str, str],
) -> str:
    """Alt text of the positions figure: its grid, then each row's marks by column, from the rows drawn."""
    parts = [
        (
            f"Chart with one mark per statement: {len(rows)} rows ({', '.join(row_names)}) and "
            f"{len(columns)} columns ({'; '.join(column_names)})."
        )
    ]
    for r, name in zip(rows, row_names, strict=True):
        mine = drawn[drawn["actor"] == r]
        cells = [
            f"{len(g)} '{stance_words.get(s, s)}' under {name_}"
            for c, name_ in zip(columns, column_names, strict=True)
            for s, g in mine[mine["column"] == c].groupby("stance", sort=False)
        ]
        parts.append(f"{name}: {', '.join(cells)}.")
    return " ".join(parts)


def cites(ids: Sequence[str]) -> str:
    return prose.mark(*ids).html


def signatures_table(
    memberships: pd.DataFrame, groupings: Sequence[str], short: Mapping[str, str], first: Sequence[str] = ()
) -> pd.DataFrame:
    """Who took part in or belongs to each grouping: a mark and its note per membership, blank where the source is silent.

    Rows follow ``first`` (e.g. the parties), then the order of the memberships table.
    """
    rows = memberships[memberships["group"].isin(list(groupings))]
    order = [m for m in dict.fromkeys([*first, *rows["member"]]) if m in set(rows["member"])]

    def mark(member: str, group: str) -> str:
        hit = rows[(rows["member"] == member) & (rows["group"] == group)]
        if hit.empty:
            return ""
        word = "leads" if (hit["role"] == "leader").any() else "✓"
        return f"{word} {cites(list(hit['id']))}"

    return pd.DataFrame(
        {"Actor": [short.get(m, m) for m in order], **{short.get(g, g): [mark(m, g) for m in order] for g in groupings}}
    )


def same_statement(positions: pd.DataFrame, position_id: str) -> list[str]:
    """Ids of the rows coding the same words as ``position_id`` (one sentence about several actors), in table order."""
    row = positions.set_index("id").loc[position_id]
    hit = positions[
        (positions["char_start"] == row["char_start"])
        & (positions["quote"] == row["quote"])
        & (positions["issue"] == row["issue"])
    ]
    return list(hit["id"])


def when(event_id: str) -> prose.Inline:
    """An event's date at its stated precision ('7 October 2025', 'May 2025'), cited to the event."""
    r = lookup.row(event_id)
    return prose.value(period_text(r["date"], r["date_end"], r["precision"]), event_id)
