"""The citing API of chapter prose: what MyST inline expressions call.

A chapter's Markdown says ``{eval}`p.fact("dist-bagram-kabul")``` and the reader sees the value with
a note mark. Each call returns an :class:`Inline`: inline HTML for the briefing and JupyterLab
(``_repr_html_``) and a deterministic plain text (``repr``), so that builds stay byte-identical.
Calls only read; they never write files (JupyterLab evaluates them again at every render).
"""

from __future__ import annotations

import html
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.writing import narrative


@dataclass(frozen=True)
class Inline:
    """A piece of inline prose: HTML for readers, plain text for logs and diffs."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def row(fact_id: str) -> dict[str, Any]:
    """The typed row of any citable fact, found by its id."""
    table = facts.index().get(fact_id)
    if table is None:
        raise KeyError(f"no fact {fact_id!r} in data/")
    frame = facts.load(table).set_index("id")
    return {"id": fact_id, **frame.loc[fact_id].to_dict()}


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
        return f"{narrative.number(float(r['value']), _digits(r['value']))}{unit}"
    if "date" in r and not facts.missing(r["date"]):
        return long_date(r["date"])
    for column in ("text", "name", "title", "statement"):
        if column in r and not facts.missing(r[column]):
            return str(r[column])
    raise ValueError(f"fact {r['id']!r} has no value, date or text to print; give a template")


def _digits(value: Any) -> int:
    return 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])


def long_date(value: Any) -> str:
    """A date as readers write it: 9 October 2025."""
    return pd.Timestamp(value).strftime("%-d %B %Y")


def fact(fact_id: str, template: str | None = None, *also: str) -> Inline:
    """A fact's value with its note mark; ``template`` formats the row, e.g. ``"{value:,g} {unit}"``.

    Extra ids in ``also`` are cited with it (e.g. the fact a derived figure also rests on).
    """
    r = row(fact_id)
    text = _format(template, r) if template else default_text(r)
    return Inline(narrative.value(text, fact_id, *also), text)


def calc(calc_id: str, template: str | None = None) -> Inline:
    """A computed result with its note mark: ``template`` may use value, unit and quantity."""
    r = computed.get(calc_id)
    values = {"value": r.value, "unit": r.unit, "quantity": r.quantity}
    text = _format(template, values) if template else r.text
    return Inline(narrative.value(text, calc=calc_id), text)


def value(text: Any, *ids: str, calc: str | None = None) -> Inline:
    """A figure computed in a code cell, cited to the facts or computed result it comes from."""
    return Inline(narrative.value(text, *ids, calc=calc), str(text))


def mark(*ids: str) -> Inline:
    """Only the note marks of facts, sources or computed results (:func:`computed.is_id`)."""
    facts_ids = [i for i in ids if not computed.is_id(i)]
    marks = narrative.cite(*facts_ids) if facts_ids else ""
    marks += "".join(narrative.cite_calc(i) for i in ids if computed.is_id(i))
    return Inline(marks, "")


def count(ids: Sequence[str], singular: str, plural: str | None = None) -> Inline:
    """'4 states': how many rows, cited to each of them, with the noun agreeing."""
    n = len(ids)
    text = f"{n:,} {singular if n == 1 else (plural or singular + 's')}"
    return Inline(narrative.value(text, *ids), text)


def plural(n: int, singular: str, plural_: str | None = None) -> Inline:
    """The noun agreeing with ``n``, without the number (which is cited elsewhere)."""
    word = singular if n == 1 else (plural_ or singular + "s")
    return Inline(html.escape(word), word)


def names(items: Iterable[Any], conjunction: str = "and") -> Inline:
    """'A, B and C'; items may be plain strings or :class:`Inline` values. Empty gives 'none'."""
    parts = list(items)
    htmls = [p.html if isinstance(p, Inline) else html.escape(str(p)) for p in parts]
    texts = [p.text if isinstance(p, Inline) else str(p) for p in parts]
    return Inline(_join(htmls, conjunction), _join(texts, conjunction))


def _join(parts: list[str], conjunction: str) -> str:
    if not parts:
        return "none"
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def text(words: Any) -> Inline:
    """Words from data (a name, a label) that need no citation, escaped."""
    value_ = "" if facts.missing(words) else str(words)
    return Inline(html.escape(value_), value_)


def link(label: str, anchor: str) -> Inline:
    """A link to another part of the briefing (a chapter or section anchor)."""
    return Inline(f'<a href="#{html.escape(anchor)}">{html.escape(label)}</a>', label)


@dataclass(frozen=True)
class Group:
    """The members of a group coded in the memberships table, ready for prose."""

    ids: tuple[str, ...]
    members: tuple[str, ...]
    labels: tuple[str, ...]

    def names(self, conjunction: str = "and") -> Inline:
        """'Russia, India and China', cited to the membership rows."""
        listed = names(self.labels, conjunction)
        return Inline(listed.html + mark(*self.ids).html, listed.text)

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
    return Inline(narrative.value(words, source_id), words)
