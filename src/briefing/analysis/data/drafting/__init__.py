"""Candidate fact rows drafted from a registered source text, for an analyst to review and promote.

The drafter reads; it never decides. Each candidate carries a verbatim quote and its char_start (so
that validation will accept it unchanged), the table whose fields it fits and the typed fields it
could fill. Tables are chosen by the fields they have and the words of their listed values, and
known names come from the tables, so nothing here is specific to one project. Names the tables
already know get no row of their own: their mentions fill the rows that name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from briefing.analysis.data.drafting import fit
from briefing.analysis.data.drafting.dates import Dates
from briefing.analysis.data.drafting.institutions import institution_mentions, with_institutions
from briefing.analysis.data.drafting.known import (
    Known,
    Mention,
    demonym_actor,
    demonym_mentions,
    known_names,
    mentions,
    occasions,
    spelled_otherwise,
)
from briefing.analysis.data.drafting.names import (
    NewName,
    name_candidates,
    new_mentions,
    new_names,
    role_actor,
)
from briefing.analysis.data.drafting.numbers import Figures
from briefing.analysis.data.drafting.speech import Quotations
from briefing.analysis.data.drafting.stances import Stances
from briefing.analysis.data.drafting.text import (
    Candidate,
    dateline,
    inside,
    quoted,
    sentence_of,
    sentence_text,
    sentences,
    title_span,
)
from briefing.analysis.data.intake import Refusal
from briefing.analysis.data.review import draft_bytes, draft_columns, draft_path, drafts_of
from briefing.analysis.data.validate import Table, validate
from briefing.atomic import write_atomic

#: Review columns a draft adds after the tables' fields: what the drafter read, for the reviewer.
EXTRA = ("draft_speaker", "draft_actor", "draft_mentions")


@dataclass(frozen=True)
class Draft:
    path: Path
    rows: int
    by_table: dict[str, int]


def candidates(
    text: str, register_row: dict[str, str], tables: dict[str, Table], package: dict[str, Any]
) -> list[Candidate]:
    """Every candidate of a text in reading order; the dateline and the title give none."""
    day = date.fromisoformat(register_row["dateline_date"]) if register_row.get("dateline_date") else None
    line = dateline(text, register_row.get("dateline_place", ""))
    skip = [s for s in (line, title_span(text, register_row.get("title", ""))) if s]
    spans = sentences(text)
    known = occasions(known_names(tables), tables, day)
    found_mentions = mentions(text, known, skip)
    quotes = quoted(text)
    # a country's adjective ('from Afghan soil') is not a new place
    new = [n for n in new_names(text, found_mentions, skip, quotes) if not demonym_actor(n.name, known)]
    found_mentions, new = respelled(found_mentions, new, known)
    dated = [r for t in tables.values() if t.resource.get("kind") == "reference" for r in t.rows if r.get("date")]
    dating = Dates(text, day, spans, dated)
    dates = dating.all(skip)
    # a headline's figure is the source's too ('Ten countries' over a report of eleven), its dates are not
    title = next((s for s in skip if s != line), None)
    title_dates = [m.span() for _, m in dating.expressions([], title[1])] if title else []
    undated = [s for s in skip if s == line] + [c.span for c in dates] + [s for s in title_dates if inside(s, skip)]
    figures = list(Figures(text, package, found_mentions, known, spans).all(undated, quotes))
    medium = fit.enum(fit.resource(package, fit.table_for(package, "quotation")), "medium")
    institutions = institution_mentions(text, found_mentions, known)
    speech = Quotations(text, with_institutions(found_mentions, institutions), new, spans, known).all(quotes, medium)
    attributions = [(c.start, c.end) for c in speech]
    everyone = with_institutions(
        sorted(found_mentions + new_mentions(text, new, known), key=lambda m: m.start), institutions
    )
    orgs = [m.span for m in everyone if m.known.kind == "organisation" and not m.known.id]
    everyone = named_for(everyone, orgs)  # 'The Kabul Times reported': the paper speaks, not the city
    outside = [m for m in everyone if not inside(m.span, quotes)]
    adjectives = demonym_mentions(text, known, skip)  # 'British Prime Minister' names the United Kingdom
    stances = Stances(text, package, tables, outside, spans, [m for m in adjectives if not inside(m.span, quotes)])
    positions = stances.all(quotes, attributions, dates, day)
    positions += stances.quoted(speech, positions, dates, day)
    for c in dates:
        involved(c, found_mentions, spans)
    names = name_candidates(text, new, found_mentions, {"person": "person", "organisation": "organisation"})
    rows = dates + figures + speech + positions + names
    # the dateline gives no row, but the place it names (often in capitals) is mentioned
    head = text[: line[0]] + text[line[0] : line[1]].title() if line else ""
    placed = [m for m in mentions(head, known, [s for s in skip if s != line]) if line and inside(m.span, [line])]
    mentioned = named_for(sorted(placed + found_mentions + adjectives, key=lambda m: m.start), orgs)
    listed = only_mentioned(text, mentioned, rows, after=line[1] if line else 0)
    return sorted(rows + listed, key=lambda c: (c.start, c.kind))


def respelled(found: list[Mention], new: list[NewName], known: list[Known]) -> tuple[list[Mention], list[NewName]]:
    """New names that are registered people spelled another way become mentions of those people."""
    kept = []
    for n in new:
        person = spelled_otherwise(n.name, known) if n.kind in ("person", "name") else None
        if person is not None and n.role and not same_role(n.role, person, known):
            person = None  # 'Kamran Bukhari, a lawmaker' is not the analyst Kamran Bokhari
        if person is None:
            kept.append(n)
        else:
            found = found + [Mention(s, s + len(n.name), person) for s in n.mentions]
    return sorted(found, key=lambda m: m.start), kept


def named_for(found: list[Mention], orgs: list[tuple[int, int]]) -> list[Mention]:
    """Mentions without the places printed inside a new organisation's name."""
    return [m for m in found if not (m.known.kind == "place" and any(s <= m.start and m.end < e for s, e in orgs))]


def same_role(role: str, person: Known, known: list[Known]) -> bool:
    """A role printed in the text agrees with a registered person's: a word in common, or the same actor."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", role)}
    theirs = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", person.role)}
    return bool(words & theirs) or bool(person.actor) and role_actor(role, known) == person.actor


def only_mentioned(text: str, found: list[Mention], rows: list[Candidate], after: int = 0) -> list[Candidate]:
    """One row listing the registered names the text mentions that no drafted row carries (Kabul named in
    passing): the reviewer sees who else the text names, and no name gets a bare row of its own. The row
    quotes the first such name printed from ``after`` on (past the dateline) when there is one."""
    carried = {v.strip() for c in rows for value in c.fields.values() for v in str(value).split(";")}
    unlinked: dict[str, list[Mention]] = {}
    for m in found:
        if m.known.id and m.known.id not in carried:
            unlinked.setdefault(m.known.id, []).append(m)
    if not unlinked:
        return []
    if all(m.start < after for ms in unlinked.values() for m in ms):
        return []  # the dateline alone gives no row
    first = min((m for ms in unlinked.values() for m in ms if m.start >= after), key=lambda m: m.start)
    said = ", ".join(f"{ms[0].known.name}" + (f" ({len(ms)} times)" if len(ms) > 1 else "") for ms in unlinked.values())
    note = f"registered names this text mentions with no drafted row: {said}; no row is needed for them"
    fields = {"draft_mentions": ";".join(unlinked)}
    return [Candidate(first.start, text[first.start : first.end], "mentions", "", fields, note, table="")]


def involved(c: Candidate, found: list[Mention], spans: list) -> None:
    """An event's actors and place: those its sentence names (the analyst keeps the ones that took part)."""
    start, end = sentence_of(spans, c.start)
    named = [m for m in found if start <= m.start < end]
    actors = list(dict.fromkeys(m.known.actor for m in named if m.known.actor))
    places = [m.known.id for m in named if m.known.kind == "place"]
    if actors and c.fields:
        c.fields["actors"] = ";".join(actors)
    if places and c.fields:
        c.fields["place"] = places[0]


def draft(data_dir: Path, source_id: str, force: bool = False, fmt: str = "csv") -> Draft:
    """Write data/drafts/SOURCE_ID.csv (or .xlsx) with every candidate row of a registered source text."""
    tables, problems = validate(data_dir)
    if problems:
        raise Refusal(f"data/ does not validate ({problems[0]}); fix it before drafting")
    row = next((r for r in tables["sources"].rows if r["id"] == source_id), None) if "sources" in tables else None
    if row is None or not row.get("file"):
        raise Refusal(f"no source with a stored text has id {source_id!r}")
    existing = drafts_of(data_dir, source_id)
    if existing and not force:
        raise Refusal(f"data/drafts/{existing[0].name} exists and may hold your review; delete it or use --force")
    target = draft_path(data_dir, source_id, fmt)
    text = (data_dir / "sources" / row["file"]).read_text(encoding="utf-8")
    package = {"resources": [t.resource for t in tables.values()]}
    header = draft_columns(package) + list(EXTRA)
    found = candidates(text, row, tables, package)
    spans = sentences(text)
    rows = [header] + [draft_row(c, header, package, source_id, text, spans) for c in found]
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, draft_bytes(target, rows))
    for other in existing:
        if other != target:
            other.unlink()
    by_table: dict[str, int] = {}
    for r in rows[1:]:
        by_table[r[2] or "(none)"] = by_table.get(r[2] or "(none)", 0) + 1
    return Draft(target, len(found), dict(sorted(by_table.items())))


def draft_row(
    c: Candidate, header: list[str], package: dict[str, Any], source_id: str, text: str, spans: list
) -> list[str]:
    values = {
        "table": fit.table_for(package, c.signature) if c.table is None else c.table,
        "source_id": source_id,
        "quote": c.quote,
        "char_start": str(c.start),
        "draft_kind": c.kind,
        "draft_note": c.note,
        "draft_sentence": sentence_text(text, spans, c.start, c.end),
        **c.fields,
    }
    return [values.get(col, "") for col in header]
