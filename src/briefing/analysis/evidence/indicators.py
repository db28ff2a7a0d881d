"""Watch indicators that fire: each is a query over the coded facts, and fires when rows new since the
last published edition match it. Page one of the brief opens with what fired; before a first edition
is published, or when nothing matched, nothing fires.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.analysis.data import facts
from briefing.analysis.evidence import editions, queries, rows, sourcing
from briefing.analysis.writing.prose import Inline, mark, names, text


@dataclass(frozen=True)
class Fired:
    """One new row that set off one indicator."""

    indicator: str
    fact_id: str
    judgment: str
    direction: str
    weighed: bool


def fired() -> list[Fired]:
    """Every (indicator, new row) pair, in indicator order; weighed ones are kept but marked."""
    if "indicators" not in facts.names():
        return []
    done = queries.weighed()
    out = []
    for _, r in facts.load("indicators").iterrows():
        for fact_id in editions.new_since_last_edition(queries.for_target(r["id"], "fires")):
            weighed = (fact_id, r["id"]) in done or (fact_id, r["judgment"]) in done
            out.append(Fired(r["id"], fact_id, str(r["judgment"]), str(r["direction"]), weighed))
    return out


def _row(fact_id: str) -> dict[str, str]:
    data = facts.view()
    table = data.index[fact_id]
    return next(r for r in data.read(table).rows if r.get("id") == fact_id)


def _when(row: dict[str, str]) -> str:
    return row.get("date", "")


def sentence(item: Fired, headings: dict[str, Inline]) -> Inline:
    """'What happened (who), reported by Outlet, date: bears on Judgment (direction); under review.'"""
    row = _row(item.fact_id)
    what = rows.describe(item.fact_id)
    source = sourcing.label(row["source_id"]) if row.get("source_id") else "an unregistered source"
    heading = headings.get(item.judgment, text(item.judgment))
    state = "weighed" if item.weighed else "the judgment is under review"
    words = f"{what}. Reported by {source}. Bears on “{heading.text}”: {item.direction}; {state}."
    html = (
        f"{text(what).html}{mark(item.fact_id).html}. Reported by {text(source).html}. "
        f"Bears on “{heading.html}”: {text(item.direction).html}; {text(state).html}."
    )
    return Inline(html, words)


def since_last_edition(headings: dict[str, Inline]) -> Inline:
    """The block that opens page one when indicators fired (empty otherwise)."""
    items = fired()
    if not items:
        return Inline("", "")
    listed = "".join(f"<li>{sentence(i, headings).html}</li>" for i in items)
    html = f'<section class="since-last-edition"><h2>Since the last edition</h2><ul>{listed}</ul></section>'
    return Inline(html, "Since the last edition: " + " ".join(sentence(i, headings).text for i in items))


def fired_names() -> Inline:
    """The indicators that fired, by their words (for the chapter on changes)."""
    labels = dict(zip(facts.load("indicators")["id"], facts.load("indicators")["indicator"]))
    return names(labels[i] for i in dict.fromkeys(f.indicator for f in fired()))
