"""Note marks and what their notes say, read from the data.

A mark names register rows (facts, reference facts, sources) or a computed result; its note is the
row's quote, citation or method. The markup itself is :mod:`briefing.citations`'s; the build numbers
the marks and prints the same note texts (:func:`note_text`) at the chapter's end.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from briefing import citations, messages, paths
from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.writing import typography


def anchors() -> dict[str, str]:
    """Citable ids and the anchor of their row in the appendix: facts, reference facts, sources."""
    return _anchors(paths.data_dir(), paths.stamp(paths.data_dir()))


@lru_cache(maxsize=4)
def _anchors(data_dir: Path, stamp: tuple) -> dict[str, str]:
    return {
        row["id"]: citations.ANCHOR_PREFIX[t.resource["kind"]] + row["id"]
        for t in facts.view().tables.values()
        if t.resource.get("kind") in citations.ANCHOR_PREFIX
        for row in t.rows
        if row.get("id")
    }


def fact_marks(*ids: str) -> str:
    """Marks linking to rows of the fact or source register; unknown ids fail loudly.

    Rows proved by the same excerpt share one mark, which names them all."""
    groups: dict[str, list[str]] = {}
    for fact_id in ids:
        if fact_id not in anchors():
            raise KeyError(f"cited fact {fact_id!r} is not in data/{messages.did_you_mean(fact_id, anchors())}")
        groups.setdefault(note_text(fact_id), []).append(anchors()[fact_id])
    return citations.run(citations.mark(rows, text) for text, rows in groups.items())


def calc_mark(calc_id: str) -> str:
    """The mark of a computed result, linking to its row (id = the calc id) in the table of computed figures."""
    return citations.calc_mark(calc_id, note_text(calc_id))


def note_text(cited: str) -> str:
    """What a note says about a cited id: a claim's quote, a reference's citation, a computed result's
    quantity, value and method, a source's outlet and date. Read from the data, never from rendered HTML."""
    if computed.is_id(cited):
        r = computed.get(cited)
        return f"Computed: {r.quantity}, {r.text} ({r.method})."
    data = facts.view()
    table = data.index.get(cited)
    if table is None:
        raise KeyError(f"cited id {cited!r} is not in data/{messages.did_you_mean(cited, data.index)}")
    row = data.row(table, cited) or {}
    if data.tables[table].resource.get("kind") == "register":
        return ", ".join(v for v in (row.get("outlet"), row.get("dateline_place"), row.get("dateline_date")) if v) + "."
    proof = facts.evidence(row)
    text = typography.quoted(proof) if row.get("quote") else (proof or facts.statement(data, table, row))
    source = data.row("sources", row["source_id"]) if row.get("source_id") else None
    outlet = (source or {}).get("outlet", "")
    return f"{text} ({outlet})" if outlet and outlet not in text else text
