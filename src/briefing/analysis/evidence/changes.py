"""What changed since the previous edition, in words a reader can follow: sources added, facts added or
changed with their values, computed figures that moved, judgments whose evidence changed, indicators
that fired. Ids stay out of the sentences; each sentence carries the note marks of its rows instead.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from briefing.analysis.data import facts
from briefing.analysis.evidence import indicators, sourcing
from briefing.analysis.writing.prose import Inline, mark, text

#: Snapshot columns that locate a row rather than say something.
QUIET = {"table", "quote", "source_id"}


def _cited_sources(values: dict[str, dict[str, str]]) -> set[str]:
    return {v["source_id"] for v in values.values() if v.get("source_id")}


def sources_added(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Sources the current facts cite that the previous edition's facts did not."""
    added = _cited_sources(new.get("facts", {})) - _cited_sources(old.get("facts", {}))
    return [s for s in sourcing.reporting() if s in added] + sorted(added - set(sourcing.reporting()))


def _statement(fact_id: str) -> str:
    register = facts.register().set_index("id")
    return str(register.loc[fact_id, "statement"]) if fact_id in register.index else ""


def _with_mark(words: str, *ids: str) -> Inline:
    return Inline(text(words).html + mark(*ids).html, words)


def facts_added(d: dict[str, pd.DataFrame]) -> list[Inline]:
    """'Statement (Outlet, date)' for each added row, marked."""
    out = []
    new_rows = facts.register().set_index("id")
    for fact_id in d["added"]["id"]:
        source = new_rows.loc[fact_id, "source_id"] if fact_id in new_rows.index else pd.NA
        by = f" ({sourcing.label(source)})" if not facts.missing(source) else ""
        out.append(_with_mark(f"{_statement(fact_id)}{by}", fact_id))
    return out


def facts_changed(d: dict[str, pd.DataFrame]) -> list[Inline]:
    """'Statement: column was X, now Y' for each changed row."""
    out = []
    for fact_id, rows in d["changed"].groupby("id", sort=True):
        said = "; ".join(
            f"{r.column.replace('_', ' ')} was {r.old or 'empty'}, now {r.new or 'empty'}"
            for r in rows.itertuples()
            if r.column not in QUIET
        )
        if said:
            out.append(_with_mark(f"{_statement(fact_id)}: {said}", fact_id))
    return out


def facts_removed(old: dict[str, Any], d: dict[str, pd.DataFrame]) -> list[Inline]:
    """What a removed row quoted, since it has no statement in today's data."""
    gone = old.get("facts", {})
    return [text(f"a {gone[i]['table']} row quoting “{gone[i].get('quote', '')}”") for i in d["removed"]["id"]]


def computed_moved(d: dict[str, pd.DataFrame], results: pd.DataFrame) -> list[Inline]:
    """'Quantity: old → new unit' for each computed figure that moved."""
    known = results.set_index("id") if not results.empty else pd.DataFrame()
    out = []
    for r in d["computed"].itertuples():
        if r.id not in known.index:
            out.append(text("a computed figure no longer computed"))
            continue
        row = known.loc[r.id]
        old = "not computed" if r.old is None else f"{float(r.old):,.1f}"
        new = "not computed" if r.new is None else f"{float(r.new):,.1f}"
        out.append(text(f"{row['quantity']}: {old} → {new} {row['unit']}"))
    return out


def judgments_changed(d: dict[str, pd.DataFrame], headings: dict[str, Inline]) -> list[Inline]:
    """The headings of the judgments whose row or evidence changed, with how."""
    return [
        text(f"{headings[r.id].text if r.id in headings else 'a removed judgment'} ({r.change})")
        for r in d["judgments"].itertuples()
    ]


def fired(headings: dict[str, Inline]) -> list[Inline]:
    """Each indicator that fired on new rows, as the brief's block says it."""
    return [indicators.sentence(item, headings) for item in indicators.fired()]
