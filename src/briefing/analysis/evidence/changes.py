"""What changed since the previous edition, in words a reader can follow: sources added, facts added or
changed with their values, computed figures that moved, judgments whose evidence changed, indicators
that fired. Ids stay out of the sentences; each sentence carries the note marks of its rows instead.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from briefing.analysis.data import facts
from briefing.analysis.evidence import indicators, sourcing
from briefing.analysis.writing.prose import Block, Inline, mark, text

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


def _source_words(source_id: str) -> Inline:
    register = facts.load("sources").set_index("id")
    title = register.loc[source_id, "title"] if source_id in register.index else pd.NA
    words = sourcing.label(source_id) + ("" if facts.missing(title) else f", “{title}”")
    return _with_mark(words, source_id)


def report(
    old: dict[str, Any],
    new: dict[str, Any],
    d: dict[str, pd.DataFrame],
    results: pd.DataFrame,
    headings: dict[str, Inline],
) -> Block:
    """Every part of the change in words, one list per part (parts without entries are left out)."""
    parts = [
        ("Sources added", [_source_words(s) for s in sources_added(old, new)]),
        ("Facts added", facts_added(d)),
        ("Facts changed", facts_changed(d)),
        ("Facts removed", facts_removed(old, d)),
        ("Computed figures that moved", computed_moved(d, results)),
        ("Judgments whose evidence changed", judgments_changed(d, headings)),
        ("Indicators that fired", fired(headings)),
    ]
    html, lines = [], []
    for title, items in parts:
        if not items:
            continue
        html.append(
            f"<p><strong>{text(title).html}.</strong></p><ul>" + "".join(f"<li>{i.html}</li>" for i in items) + "</ul>"
        )
        lines.append(title + ": " + "; ".join(i.text for i in items))
    return Block("".join(html), "\n".join(lines))


def summary(old: dict[str, Any], new: dict[str, Any], d: dict[str, pd.DataFrame]) -> Inline:
    """'one source added, four facts added, …' or 'nothing in the data'."""
    counts = [
        (len(sources_added(old, new)), "source added", "sources added"),
        (len(d["added"]), "fact added", "facts added"),
        (len(d["changed"]["id"].unique()) if len(d["changed"]) else 0, "fact changed", "facts changed"),
        (len(d["removed"]), "fact removed", "facts removed"),
        (len(d["computed"]), "computed figure moved", "computed figures moved"),
        (len(d["judgments"]), "judgment's evidence changed", "judgments' evidence changed"),
    ]
    said = [f"{sourcing.number_word(n)} {one if n == 1 else many}" for n, one, many in counts if n]
    return text(", ".join(said) if said else "nothing in the data")
