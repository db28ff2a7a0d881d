"""Who speaks in a source: people, their quotations, and the assessments the source reports in its own words.

Quotations (table ``quotations``) are words a source prints in quotation marks; analysts' assessments
(``positions`` rows with attribution 'analyst') are the source's own sentences about what an analyst
thinks. The two stay apart: :func:`quote` sets a speaker's words in quotation marks, :func:`phrase`
sets the source's words about them, and tables label which is which.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from briefing.analysis.data import facts, lookup
from briefing.analysis.writing import prose, typography


def words(text: Any) -> str:
    """A quotation's words as they stand in a sentence: without the comma the source ends them with."""
    return str(text).strip().rstrip(",").strip()


def _cited(text: str, ids: Sequence[str]) -> prose.Inline:
    """Words in quotation marks with note marks; words holding a numeral are set as a cited value."""
    shown = typography.quoted(text)
    if re.search(r"\d", text):  # a cited value, but words may wrap (figures alone do not)
        return prose.Inline(
            f'<span class="num words">{prose.text(shown).html}</span>' + prose.mark(*ids).html,
            shown,
        )
    return prose.Inline(typography.quoted(prose.text(text).html) + prose.mark(*ids).html, shown)


def words_span(quotation: Mapping[str, Any]) -> tuple[int, int]:
    """Where a quotation's words stand in the source: offsets of its ``words`` inside its ``quote``."""
    start = int(quotation["char_start"]) + str(quotation["quote"]).find(str(quotation["words"]))
    return start, start + len(str(quotation["words"]))


def inside(rows: pd.DataFrame, spans: Sequence[tuple[int, int]]) -> pd.Series:
    """For each row, True when its quote lies wholly within one of ``spans`` (e.g. a speaker's quoted words)."""
    starts = rows["char_start"].astype(int)
    ends = starts + rows["quote"].str.len().astype(int)
    hit = [any(a <= s and e <= b for a, b in spans) for s, e in zip(starts, ends, strict=True)]
    return pd.Series(hit, index=rows.index, dtype=bool)


def coded_from(quote_id: str, positions: pd.DataFrame | None = None) -> list[str]:
    """Ids of the positions coded from a quotation's own words (their quote lies within them)."""
    positions = facts.load("positions") if positions is None else positions
    span = words_span(lookup.row(quote_id))
    same = positions[positions["source_id"] == lookup.row(quote_id)["source_id"]]
    return list(same.loc[inside(same, [span]), "id"])


def quote(quote_id: str) -> prose.Inline:
    """A quotation's words in quotation marks, with the note marks of its row and of the positions coded from it."""
    return _cited(words(lookup.row(quote_id)["words"]), [quote_id, *coded_from(quote_id)])


def phrase(fact_id: str, *also: str) -> prose.Inline:
    """The source's own words recorded for a fact (its quote) in quotation marks, with the note marks of
    the fact and of ``also`` (other rows coding the same words)."""
    return _cited(str(lookup.row(fact_id)["quote"]), [fact_id, *also])


def organisation(actor: str, organisations: pd.DataFrame, actors: pd.DataFrame) -> str:
    """An affiliation's name: the organisation's as printed, else the actor's."""
    orgs = organisations.set_index("actor")["name"]
    names = actors.set_index("id")["name"]
    return str(orgs.get(actor, names.get(actor, actor)))


def based(person: Mapping[str, Any], organisations: pd.DataFrame) -> str:
    """Where the source says a person is based: their city, else their organisation's, else ''."""
    if not facts.missing(person.get("city")):
        return str(person["city"])
    org = organisations.set_index("actor")["based_in"].get(person.get("affiliation"))
    return "" if facts.missing(org) else str(org)


def introduce(person_id: str, people: pd.DataFrame, organisations: pd.DataFrame, actors: pd.DataFrame) -> prose.Inline:
    """'Taimur Khan, researcher, Institute … (ISSI), based in Islamabad' with the person's note mark.

    A state's official is introduced by role alone ('Donald Trump, President of the United States').
    """
    p = people.set_index("id").loc[person_id].to_dict() | {"id": person_id}
    kind = actors.set_index("id")["type"].get(p["affiliation"])
    text = f"{p['name']}, {str(p['role']).replace('; ', ' and ')}"
    if kind not in ("state", "government"):
        text += f", {organisation(p['affiliation'], organisations, actors)}"
    place = based(p, organisations)
    text += f", based in {place}" if place else ""
    return prose.text(text) + prose.mark(person_id)


def voice(person_id: str, affiliation: str, quotations: pd.DataFrame, parties: Sequence[str]) -> str:
    """'party to the dispute', 'analyst' or 'named, not quoted': how a person enters the source."""
    if person_id not in set(quotations["speaker"].dropna()):
        return "named, not quoted"
    return "party to the dispute" if affiliation in parties else "analyst"


VOICE_ORDER = ("party to the dispute", "analyst", "named, not quoted")


def roster(
    people: pd.DataFrame,
    quotations: pd.DataFrame,
    organisations: pd.DataFrame,
    actors: pd.DataFrame,
    parties: Sequence[str],
) -> pd.DataFrame:
    """Everyone the source names: role and organisation as printed, where based, voice, number of quotations."""
    rows = people.assign(
        _voice=[voice(i, a, quotations, parties) for i, a in zip(people["id"], people["affiliation"], strict=True)]
    )
    rows = rows.assign(_o=rows["_voice"].map(VOICE_ORDER.index), _c=rows["char_start"].astype(int))
    rows = rows.sort_values(["_o", "_c"])
    return pd.DataFrame(
        {
            "Name": rows["name"],
            "Role": rows["role"],
            "Organisation": [organisation(a, organisations, actors) for a in rows["affiliation"]],
            "Based in": [based(r, organisations) for r in rows.to_dict("records")],
            "Voice": rows["_voice"],
            "Quotations": [int((quotations["speaker"] == i).sum()) for i in rows["id"]],
            "Fact": [prose.mark(i).html for i in rows["id"]],
        }
    ).reset_index(drop=True)


def people_with_voice(people: pd.DataFrame, quotations: pd.DataFrame, parties: Sequence[str], which: str) -> list[str]:
    """Ids of the people of one voice, in the order the source first names them."""
    rows = people.assign(_c=people["char_start"].astype(int)).sort_values("_c")
    return [
        i for i, a in zip(rows["id"], rows["affiliation"], strict=True) if voice(i, a, quotations, parties) == which
    ]


def assessments_table(
    positions: pd.DataFrame,
    people: pd.DataFrame,
    actors: pd.DataFrame,
    quotations: pd.DataFrame,
    issues: Mapping[str, str],
    unnamed: str = "Unnamed experts or analysts",
) -> pd.DataFrame:
    """Analysts' assessments in the source's own sentences: whose, about whom and what, in the source's words.

    Assessments coded from an analyst's quoted words are left out (they are quotations, cited with
    :func:`quote`). One line per statement (rows coding one sentence about several actors are merged),
    by analyst in the order the source first names them, unnamed speakers last.
    """
    rows = positions[positions["attribution"] == "analyst"]
    rows = rows[~inside(rows, [words_span(q) for q in quotations.to_dict("records")])].copy()
    names = people.set_index("id")["name"]
    first = people.set_index("id")["char_start"].astype(int)
    short = dict(zip(actors["id"], actors["short_name"], strict=True))
    rows["_who"] = [
        ", ".join(str(names[s]) for s in facts.list_cell(v)) if facts.list_cell(v) else unnamed for v in rows["speaker"]
    ]
    rows["_w"] = [min((first[s] for s in facts.list_cell(v)), default=10**9) for v in rows["speaker"]]
    rows["_c"] = rows["char_start"].astype(int)
    lines = (
        rows.sort_values(["_w", "_c"])
        .groupby(["_who", "_c", "issue"], sort=False)
        .agg(
            about=("actor", lambda s: ", ".join(short.get(a, a) for a in s)), ids=("id", list), quote=("quote", "first")
        )
        .reset_index()
    )
    return pd.DataFrame(
        {
            "Analyst": lines["_who"],
            "About": lines["about"],
            "Issue": [issues.get(i, str(i).replace("_", " ")) for i in lines["issue"]],
            "The article's words for the analyst's view": [
                typography.quoted(prose.text(q).html) + " " + prose.mark(*ids).html
                for q, ids in zip(lines["quote"], lines["ids"], strict=True)
            ],
        }
    )
