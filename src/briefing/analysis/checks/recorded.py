"""The kinds of check made against recorded reference facts, or not made: date, measure, runway, unmeasured.

Each kind takes the :class:`context.Context`, the row of the ``claim_checks`` table and the fact it
checks, and returns a :class:`context.Check` (see :mod:`measured` for the kinds measured on the map).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from briefing.analysis.checks import casualties, claims, runways, units
from briefing.analysis.checks.context import Check, Context, ids
from briefing.analysis.checks.wording import figures, stated_date, verdict_words
from briefing.analysis.data import facts, lookup, settings
from briefing.analysis.writing import typography


def date_verdict(start: Any, end: Any, references: list[Any]) -> str:
    """'consistent' when a reference date falls within start..end, else 'wrong_date'."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    return "consistent" if any(lo <= pd.Timestamp(d) <= hi for d in references) else "wrong_date"


def date(ctx: Context, row: pd.Series, fact: dict[str, Any]) -> Check:
    """A dated event against the reference dates of the event it names."""
    refs = [lookup.row(i) for i in ids(row["reference"])]
    key = date_verdict(fact["date"], fact["date_end"], [r["date"] for r in refs])
    dated = stated_date(fact)
    # the article's own words when it dates the event relative to something ("four years after ...")
    said = figures(dated) <= figures(str(fact.get("quote", "")))
    stated = dated if said else typography.quoted(str(fact["quote"]))
    reading = "" if said else f"The article's wording places it in {dated} (the timeline gives how). "
    finding = "; ".join(f"{pd.Timestamp(r['date']).strftime('%-d %B %Y')} ({r['label']})" for r in refs)
    unit = {"day": "day", "month": "month", "year": "year", "decade": "decade"}.get(str(fact["precision"]), "date")
    gives = "the article gives" if said else "so read"
    if key == "consistent":
        explanation = f"{reading}Reference data give {finding}, within the {unit} {gives} ({dated})."
    else:
        explanation = (
            f"{reading}Reference data give {finding}. {dated[0].upper()}{dated[1:]}, the {unit} {gives}, "
            f"matches {'neither' if len(refs) == 2 else 'none of them' if len(refs) > 2 else 'it'}."
        )
    return Check(stated, finding, key, explanation, [*ids(row["facts"]), *(r["id"] for r in refs)], [])


def measure(ctx: Context, row: pd.Series, fact: dict[str, Any]) -> Check:
    """A figure whose measure is ambiguous: checked under each reading the settings name (``[security]``), else named."""
    stated = f"{fact.get('value_text') or fact.get('value')} {fact['measure']}"
    ambiguity = f"The article does not say what it counts: {row['reading']}."
    senses = settings.section("security") if "security" in settings.load() else {}
    if senses.get("casualty_claim") != fact["id"]:
        note = "" if facts.missing(row["note"]) else f" {row['note']}"
        return Check(
            stated,
            str(row["reading"]),
            "ambiguous",
            f"{ambiguity} The figure is reported, not rated.{note}",
            [fact["id"]],
            [],
        )
    t = casualties.readings(fact["id"], senses["casualty_readings"])
    finding = "; ".join(f"{r.reference:,.0f} {r.reading}" for r in t.itertuples())
    verdicts = set(t["verdict"])
    if len(verdicts) == 1:
        key = verdicts.pop()
        outcome = f"the figure is {verdict_words(key)} under each reading"
        reading = f"'{fact['measure']}' read as " + " or as ".join(t["reading"])
    else:
        key, reading = "ambiguous", ""
        outcome = "; ".join(f"{verdict_words(r.verdict)} if it counts people {r.reading}" for r in t.itertuples())
    explanation = f"{ambiguity} Reference data give {finding}: {outcome}."
    refs = [i for ids in t["references"] for i in ids]
    return Check(stated, finding, key, explanation, [fact["id"], *refs], [], reading=reading)


def runway(ctx: Context, row: pd.Series, fact: dict[str, Any]) -> Check:
    """A stated runway length against the reference runway of the same rank (see :mod:`runways`)."""
    r = runways.check().set_index("fact").loc[fact["id"]]
    stated = r["stated"]
    if not r["reference"]:
        return Check(
            stated,
            "no reference runway",
            "unverifiable",
            "No reference runway of the same rank is recorded for this facility.",
            [fact["id"]],
            [],
        )
    metres = f"{r['reference_m'] / 1000:,.2f} km"
    explanation = (
        f"Reference data give the runway of the same rank, {r['reference_label']}, as {metres} "
        f"({r['reference_text']}); the stated figure admits "
        f"{r['low_m'] / 1000:,.2f}–{r['high_m'] / 1000:,.2f} km."
    )
    if r["alt_verdict"] and r["alt_verdict"] not in (r["verdict"], "consistent"):
        explanation += " " + conversion_words(fact, r)
    return Check(
        stated,
        f"{metres} ({r['reference_text']}, {r['reference_label']})",
        r["verdict"],
        explanation,
        [fact["id"], r["reference"]],
        [],
    )


def unmeasured(ctx: Context, row: pd.Series, fact: dict[str, Any]) -> Check:
    """A figure nothing in the data can measure: reported, not checked."""
    value = "" if facts.missing(fact.get("value")) else f"{float(fact['value']):g} {fact.get('unit', '')}".strip()
    note = "" if facts.missing(row["note"]) else str(row["note"])
    return Check(
        value, "not measured", "unverifiable", f"{note} The figure is reported, not checked.".strip(), [fact["id"]], []
    )


def conversion_words(fact: dict[str, Any], r: pd.Series) -> str:
    """Why the article's printed conversion of a figure gets another verdict than the figure, in words: a
    conversion of a rounded figure carries its rounding ('1.9 mi is the article's conversion of 3 km …')."""
    value, unit = claims.stated_text(fact["value"]), str(fact["unit"])
    alt, alt_unit = claims.stated_text(fact["alt_value"]), str(fact["alt_unit"])
    if not units.is_conversion(value, unit, alt, alt_unit):
        return f"The article's own conversion, {r['alt_stated']}, is {verdict_words(r['alt_verdict'])}."
    measured = r["reference_m"] / units.METRES[alt_unit]
    off = float(units.parse(alt)) / measured - 1
    exact = units.to_metres(float(units.parse(value)), unit) / units.METRES[alt_unit]
    return (
        f"{r['alt_stated']} is the article's conversion of {r['stated']} ({r['stated']} is {exact:,.2f} {alt_unit}); "
        f"the runway measures {r['reference_m'] / 1000:,.2f} km, {measured:,.2f} {alt_unit}, so the {alt_unit} figure is "
        f"{abs(off):.0%} {'high' if off > 0 else 'low'}: it converts the rounded figure, not the runway's length."
    )
