"""Dated events as the marks of a timeline: one mark per happening, at the precision the data support.

Events are coded facts with a date, a last day and a precision. Several events may describe one
happening (an article can mention the same takeover three times): a table of happenings groups
them, so the happening is drawn once, and names the reference fact that gives its day where the
source prints only a month or a year. Reference dates not used that way are marks of their own.
Nothing here knows the briefing's subject.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from briefing.analysis.data import facts
from briefing.analysis.data.dates import period_text
from briefing.analysis.figures.timelines import Window
from briefing.analysis.writing import prose

REFERENCE_ID = re.compile(r"\bref-[a-z0-9-]+")
UNPRINTED = re.compile(r"\b(no \w+|\w+ not) printed\b")
COLUMNS = ["id", "start", "end", "precision", "label", "band", "actor", "colour", "resolved", "facts"]


def named_references(rule: object) -> list[str]:
    """Ids of the reference facts a date rule names, in order, each once."""
    return list(dict.fromkeys(REFERENCE_ID.findall("" if facts.missing(rule) else str(rule))))


def unprinted(rule: object) -> str:
    """What a date rule says the source leaves out ('year not printed', 'no date printed'), or ''."""
    found = UNPRINTED.search("" if facts.missing(rule) else str(rule))
    return found.group(1) + " printed" if found else ""


def main_actor(actors: object) -> str | None:
    """The first-named of one or two actors; None for events with more (or none)."""
    ids = list(facts.list_cell(actors))
    return ids[0] if 1 <= len(ids) <= 2 else None


def event_label(event: Mapping) -> str:
    """An event's short title, or its title."""
    return str(event["title"] if facts.missing(event.get("short_title")) else event["short_title"])


def marks(
    events: pd.DataFrame,
    references: pd.DataFrame,
    happenings: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
    uniform: str | None = None,
) -> pd.DataFrame:
    """One row per mark: each happening once, each ungrouped event, each reference date not used as a day.

    A happening's day comes from its ``day_from`` reference, which must fall within every grouped
    event's coded period (else ValueError); such a day is ``resolved`` (not printed by the source)
    unless the source printed that very day. ``facts`` lists the ids each mark rests on. A mark's
    colour is its first-named actor's in ``colours``, or ``uniform`` for every mark of the source
    (so that colour carries nothing a label does not).
    """
    colours = colours or {}

    def colour(actor: str | None) -> str | None:
        return uniform if uniform else colours.get(actor)

    ev = events.set_index("id", drop=False)
    ref = references.set_index("id", drop=False)
    grouped: dict[str, str] = {}
    rows = []
    for h in happenings.itertuples():
        ids = list(facts.list_cell(h.events))
        if taken := [i for i in ids if i in grouped]:
            raise ValueError(f"{h.id}: events already grouped elsewhere: {taken}")
        grouped.update(dict.fromkeys(ids, h.id))
        first = ev.loc[ids[0]]
        start, end, precision, resolved, cited = first["date"], first["date_end"], first["precision"], False, ids
        if not facts.missing(h.day_from):
            day = ref.loc[h.day_from, "date"]
            if outside := [i for i in ids if not ev.loc[i, "date"] <= day <= ev.loc[i, "date_end"]]:
                raise ValueError(f"{h.id}: {h.day_from} ({day:%Y-%m-%d}) lies outside the period of {outside}")
            printed = first["precision"] == "day" and not unprinted(first["date_rule"])
            start, end, precision, resolved, cited = day, day, "day", not printed, [*ids, h.day_from]
        actor = main_actor(first["actors"])
        rows.append([h.id, start, end, precision, h.label, "claim", actor, colour(actor), resolved, tuple(cited)])
    for e in ev.itertuples():
        if e.id not in grouped:
            gap = unprinted(e.date_rule)
            actor = main_actor(e.actors)
            point = e.date == e.date_end  # a bar cannot say by its shape what the source left out: its label does
            rows.append(
                [
                    e.id,
                    e.date,
                    e.date_end,
                    e.precision,
                    event_label(e._asdict()) + (f" ({gap})" if gap and not point else ""),
                    "claim",
                    actor,
                    colour(actor),
                    bool(gap) and point,
                    (e.id,),
                ]
            )
    used = set(happenings["day_from"].dropna())
    for r in ref[ref["date"].notna()].itertuples():
        if r.id not in used:
            label = r.text if facts.missing(r.label) else r.label
            rows.append([r.id, r.date, r.date, "day", label, "reference", None, None, False, (r.id,)])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["colour"] = frame["colour"].astype(object).where(frame["colour"].notna(), None)
    return frame.sort_values(["start", "end", "id"], ignore_index=True)


def clusters(items: pd.DataFrame, gap: pd.Timedelta) -> list[pd.DataFrame]:
    """Items split where more than ``gap`` passes between the end of everything before and the next start."""
    ordered = items.sort_values(["start", "end"])
    groups, current, reach = [], [], None
    for i, row in ordered.iterrows():
        if current and row["start"] - reach > gap:
            groups.append(ordered.loc[current])
            current = []
        current.append(i)
        reach = row["end"] if len(current) == 1 else max(reach, row["end"])
    if current:
        groups.append(ordered.loc[current])
    return groups


def month_span(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'January 2020 to August 2021', 'September to October 2025', 'May 2025'."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    return f"{start:%B} to {end:%B %Y}" if start.year == end.year else f"{start:%B %Y} to {end:%B %Y}"


def window(items: pd.DataFrame, title: str | None = None, pad: float = 0.04, least_days: int = 6) -> Window:
    """A panel holding ``items``, padded by ``pad`` of its span (at least ``least_days``) on each side."""
    start, end = items["start"].min(), items["end"].max()
    margin = max(pd.Timedelta(days=least_days), (end - start) * pad)
    margin = pd.Timedelta(days=math.ceil(margin / pd.Timedelta(days=1)))
    return Window(start - margin, end + margin, title or month_span(start, end))


def describe(items: pd.DataFrame, reference_word: str = "reference") -> str:
    """Every item with its date at its precision, for alt text: '20 January 2025 Trump …; …'."""
    parts = []
    for r in items.sort_values(["start", "end"]).itertuples():
        kind = f"({reference_word}) " if r.band == "reference" else ""
        resolved = " (day from a reference, not printed in the source)" if r.resolved else ""
        parts.append(f"{period_text(r.start, r.end, r.precision)}: {kind}{r.label}{resolved}")
    return "; ".join(parts)


def date_checks(events: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """Each event against each dated reference its date rule names: does the reference day fall in its period?

    ``within`` is True or False, or None where the source prints no full date (the coded date rests
    on the reference, so the comparison proves nothing); ``gap`` says what the source leaves out.
    """
    ref = references.set_index("id", drop=False)
    rows = []
    for e in events.sort_values(["date", "id"]).itertuples():
        for r in named_references(e.date_rule):
            if r in ref.index and not facts.missing(ref.loc[r, "date"]):
                day, gap = ref.loc[r, "date"], unprinted(e.date_rule)
                rows.append(
                    {
                        "event": e.id,
                        "reference": r,
                        "stated": period_text(e.date, e.date_end, e.precision),
                        "gap": gap,
                        "day": day,
                        "within": None if gap else bool(e.date <= day <= e.date_end),
                    }
                )
    return pd.DataFrame(rows, columns=["event", "reference", "stated", "gap", "day", "within"])


def detail_start(dateline: pd.Timestamp, months: int) -> pd.Timestamp:
    """First day of the last ``months`` calendar months up to the dateline's month."""
    return (pd.Timestamp(dateline).to_period("M") - (months - 1)).to_timestamp()


def split(
    items: pd.DataFrame, drawn_from: pd.Timestamp, detail_from: pd.Timestamp, gap: pd.Timedelta
) -> tuple[pd.DataFrame, list[pd.DataFrame], pd.DataFrame]:
    """Items before ``drawn_from`` (listed, not drawn), the overview's clusters, and the detail's items."""
    early = items[items["end"] < drawn_from]
    detail = items[items["start"] >= detail_from]
    middle = items[(items["end"] >= drawn_from) & (items["start"] < detail_from)]
    return early, clusters(middle, gap), detail


def sources(items: pd.DataFrame, *tables: pd.DataFrame) -> list[str]:
    """Ids of the sources of the facts the items rest on, looked up in ``tables`` (with id and source_id)."""
    source_of = {i: s for t in tables for i, s in zip(t["id"], t["source_id"], strict=True) if not facts.missing(s)}
    return sorted({source_of[i] for i in cited(items) if i in source_of})


def cited(items: pd.DataFrame) -> Sequence[str]:
    """Every fact id the items rest on, each once."""
    return list(dict.fromkeys(i for ids in items["facts"] for i in ids))


# --- Reader tables and labels (the chapter shows these; note marks link each row to its facts) ---------------

VERDICT = {True: "yes", False: "no", None: "not a check: the coded date rests on this reference"}


def label(mark: object, dated: bool = True) -> prose.Inline:
    """A mark's label with its date at its precision (cited), or with only the note marks of its facts."""
    r = mark  # a row of :func:`marks` (itertuples)
    if not dated:
        when = prose.mark(*r.facts)
        return prose.Inline(html.escape(r.label) + when.html, r.label)
    day = " (day from a reference)" if r.resolved else ""
    when = prose.value(period_text(r.start, r.end, r.precision) + day, *r.facts)
    return prose.Inline(f"{html.escape(r.label)}, {when.html}", f"{r.label}, {when.text}")


def check_table(events: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """:func:`date_checks` for readers: event title, the article's date, the reference day, the verdict, marks."""
    checks, title = date_checks(events, references), dict(zip(events["id"], events["title"], strict=True))
    return pd.DataFrame(
        {
            "Event (claim)": checks["event"].map(title),
            "Article's date": [
                f"{g}; coded as {s}" if g else s for g, s in zip(checks["gap"], checks["stated"], strict=True)
            ],
            "Reference date": checks["day"].map(prose.long_date),
            "Within the article's period?": checks["within"].map(VERDICT),
            "Facts": [prose.mark(e, r).html for e, r in zip(checks["event"], checks["reference"], strict=True)],
        }
    )


def outside(events: pd.DataFrame, references: pd.DataFrame) -> prose.Inline:
    """The titles of the events whose named reference day falls outside their period, cited; 'none' if none."""
    checks, title = date_checks(events, references), dict(zip(events["id"], events["title"], strict=True))
    return prose.names(
        prose.value(title[e], e, r)
        for e, r, w in zip(checks["event"], checks["reference"], checks["within"], strict=True)
        if w is False
    )


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """Every dated event in date order: the resolved date, its precision, the rule, the title, a note mark."""
    ordered = events.sort_values(["date", "date_end", "id"])
    return pd.DataFrame(
        {
            "Date (resolved)": [period_text(e.date, e.date_end, e.precision) for e in ordered.itertuples()],
            "Precision": ordered["precision"],
            "How the date was resolved": [facts.words_for_ids(r).replace("->", "→") for r in ordered["date_rule"]],
            "Event": ordered["title"],
            "Fact": [prose.mark(i).html for i in ordered["id"]],
        }
    )


def reference_table(references: pd.DataFrame) -> pd.DataFrame:
    """Every dated reference fact in date order, with its source's citation and a note mark."""
    dated = references[references["date"].notna()].sort_values(["date", "id"])
    return pd.DataFrame(
        {
            "Date": dated["date"].map(prose.long_date),
            "Reference fact": dated["text"],
            "Source": dated["citation"],
            "Fact": [prose.mark(i).html for i in dated["id"]],
        }
    )
