"""Finding facts by id or by words: one row, a search over the registers, and "did you mean" for typos.

Chapters cite facts by id (``p.fact("dist-bagram-kabul")``); an analyst finds ids with
``p.find("runway")`` and a mistyped id names the closest ones, so that nobody greps data/.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from briefing import messages
from briefing.analysis.data import facts

#: The columns :func:`find` shows before the fields of each row.
FOUND = ["id", "table", "statement", "fields"]


def table_of(fact_id: str) -> str:
    """The table holding a fact id; a KeyError naming the id, and the closest ids, when there is none."""
    table = facts.index().get(fact_id)
    if table is None:
        raise KeyError(f"no fact {fact_id!r} in data/{messages.did_you_mean(fact_id, facts.index())}")
    return table


def row(fact_id: str) -> dict[str, Any]:
    """The typed row of any citable fact, found by its id."""
    return {"id": fact_id, **facts.typed_row(table_of(fact_id), fact_id).to_dict()}


def find(words: str, table: str | None = None) -> pd.DataFrame:
    """The facts whose id, statement or any field holds every one of ``words`` (case ignored), with
    their table, readable statement and filled fields: what a chapter may cite, and by which id."""
    wanted = words.lower().split()
    data = facts.view()
    found = []
    for name in [table] if table else facts.names():
        for r in data.read(name).rows:
            if not r.get("id"):
                continue
            fields = {k: facts.fmt_value(v) for k, v in r.items() if k != "id" and not facts.missing(v) and v != ""}
            said = facts.statement(data, name, r)
            haystack = " ".join([r["id"], said, *fields.values()]).lower()
            if all(w in haystack for w in wanted):
                shown = "; ".join(f"{k}: {v}" for k, v in fields.items())
                found.append([r["id"], name, said, shown])
    return pd.DataFrame(found, columns=FOUND)
