"""The one writing API of chapters: what MyST inline expressions and code cells call.

A chapter's Markdown says ``{eval}`p.fact("dist-bagram-kabul")``` and the reader sees the value with
a note mark; a code cell ends with ``p.table(...)`` or ``p.figure(...)`` and the block is shown.
Values are :class:`Inline` and blocks :class:`Block` objects: HTML for the briefing and JupyterLab
(``_repr_html_``) and a deterministic plain text (``repr``), so that builds stay byte-identical.
Inline calls only read; they never write files (JupyterLab evaluates them again at every render).
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.data.lookup import find, row
from briefing.analysis.writing import completion
from briefing.analysis.writing.blocks import Block, blocks, paragraph, print_only, screen_only, verbatim
from briefing.analysis.writing.images import figure
from briefing.analysis.writing.inline import Inline, link, long_date, mark, names, number, plural, text, value
from briefing.analysis.writing.tables import table

__all__ = [
    "Block",
    "Group",
    "Inline",
    "blocks",
    "calc",
    "count",
    "fact",
    "figure",
    "find",
    "group",
    "link",
    "long_date",
    "mark",
    "names",
    "paragraph",
    "plural",
    "print_only",
    "row",
    "screen_only",
    "source",
    "stated",
    "table",
    "text",
    "value",
    "verbatim",
]


def _format(template: str, values: dict[str, Any]) -> str:
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing = sorted(f.split(".")[0].split("[")[0] for f in fields if f.split(".")[0].split("[")[0] not in values)
    if missing:
        raise KeyError(f"{template!r} names {', '.join(missing)}, not a column of the row")
    return template.format(**{k: ("" if facts.missing(v) else v) for k, v in values.items()})


def default_text(r: dict[str, Any]) -> str:
    """What a fact says when no template is given: value and unit, a date, or its text."""
    if "value" in r and not facts.missing(r["value"]):
        unit = "" if facts.missing(r.get("unit")) else f" {r['unit']}"
        return f"{number(float(r['value']), _digits(r['value']))}{unit}"
    if "date" in r and not facts.missing(r["date"]):
        return long_date(r["date"])
    for column in ("text", "name", "title", "statement"):
        if column in r and not facts.missing(r[column]):
            return str(r[column])
    raise ValueError(f"fact {r['id']!r} has no value, date or text to print; give a template")


def _digits(value: Any) -> int:
    return 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])


def fact(fact_id: str, template: str | None = None, *also: str) -> Inline:
    """A fact's value with its note mark; ``template`` formats the row, e.g. ``"{value:,g} {unit}"``.

    Extra ids in ``also`` are cited with it (e.g. the fact a derived figure also rests on).
    """
    r = row(fact_id)
    return value(_format(template, r) if template else default_text(r), fact_id, *also)


def calc(calc_id: str, template: str | None = None) -> Inline:
    """A computed result with its note mark: ``template`` may use value, unit and quantity."""
    r = computed.get(calc_id)
    values = {"value": r.value, "unit": r.unit, "quantity": r.quantity}
    words = _format(template, values) if template else r.text
    return value(words, calc=calc_id)


def count(ids: Sequence[str], singular: str, plural: str | None = None) -> Inline:
    """'4 states': how many rows, cited to each of them, with the noun agreeing."""
    n = len(ids)
    return value(f"{n:,} {singular if n == 1 else (plural or singular + 's')}", *ids)


@dataclass(frozen=True)
class Group:
    """The members of a group coded in the memberships table, ready for prose."""

    ids: tuple[str, ...]
    members: tuple[str, ...]
    labels: tuple[str, ...]

    def names(self, conjunction: str = "and") -> Inline:
        """'Russia, India and China', cited to the membership rows."""
        return names(self.labels, conjunction) + mark(*self.ids)

    def count(self, singular: str, plural_: str | None = None) -> Inline:
        return count(self.ids, singular, plural_)

    def without(self, *members: str) -> Group:
        keep = [k for k, m in enumerate(self.members) if m not in members]
        return Group(*(tuple(seq[k] for k in keep) for seq in (self.ids, self.members, self.labels)))


def group(name: str) -> Group:
    """A group of the memberships table (e.g. the participants of one meeting), in table order."""
    rows = facts.load("memberships")
    rows = rows[rows["group"] == name]
    if rows.empty:
        raise KeyError(f"no group {name!r} in the memberships table")
    label = facts.view().labels.get("actors", {})
    return Group(tuple(rows["id"]), tuple(rows["member"]), tuple(label.get(m, m) for m in rows["member"]))


def source(source_id: str) -> Inline:
    """A source as readers name it: outlet, place and date, cited to the source register."""
    r = row(source_id)
    where = [str(r[c]) for c in ("dateline_place",) if not facts.missing(r.get(c))]
    if not facts.missing(r.get("dateline_date")):
        where.append(long_date(r["dateline_date"]))
    words = f"{r['outlet']} ({', '.join(where)})" if where else str(r["outlet"])
    return value(words, source_id)


def stated(claims: pd.DataFrame, digits: int = 0) -> Inline:
    """What the sources state for one quantity: a value, or a range naming each source when they differ.

    ``claims`` holds rows of one claim table about the same quantity (columns id, source_id, value, unit).
    """
    units_used = set(claims["unit"])
    if len(units_used) != 1:
        raise ValueError(f"claims about one quantity use several units: {sorted(units_used)}")
    unit = units_used.pop()
    low, high = float(claims["value"].min()), float(claims["value"].max())
    ids = list(claims["id"])
    if low == high:
        return value(f"{number(low, digits)} {unit}", *ids)
    outlets = facts.load("sources").set_index("id")["outlet"]
    named = [
        text(f"{outlets.get(r.source_id, r.source_id)}: ") + value(f"{number(float(r.value), digits)} {unit}", r.id)
        for r in claims.sort_values("value").itertuples()
    ]
    differ = Inline("; ".join(n.html for n in named), "; ".join(n.text for n in named))
    return value(f"{number(low, digits)}–{number(high, digits)} {unit}", *ids) + " (sources differ: " + differ + ")"


def _offer_ids_on_tab() -> None:
    """In a kernel (IPython), ids complete with Tab inside the calls above (:mod:`.completion`)."""
    import sys

    ipython = sys.modules.get("IPython")
    if ipython is not None:
        completion.register(ipython.get_ipython())


_offer_ids_on_tab()
