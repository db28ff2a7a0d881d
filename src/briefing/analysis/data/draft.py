"""Candidate fact rows drafted from a registered source text, for an analyst to review and promote.

The drafter reads; it never decides. Each candidate carries a verbatim quote and its char_start (so
that validation will accept it unchanged), the table whose fields it fits and the typed fields it
could fill. Tables are chosen by the fields they have, not by their names, and known names come
from the reference tables, so nothing here is specific to one project.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from briefing.analysis.data.intake import Refusal, csv_bytes, draft_columns, draft_path
from briefing.analysis.data.validate import Table, validate
from briefing.atomic import write_atomic

#: Fields a claim table must have to receive each kind of candidate (first such table in the package).
SIGNATURES = {
    "length": ("value", "unit", "to_place"),
    "amount": ("measure", "value", "unit"),
    "count": ("measure", "value"),
    "date": ("date", "date_end", "precision", "date_rule"),
    "quotation": ("words", "speaker"),
    "actor": ("actor", "stance"),
    "organisation": ("actor", "name", "type"),
    "person": ("name", "role", "affiliation"),
    "place": ("place", "date"),
}

QUALIFIERS = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "more than": "more than",
    "over": "more than",
    "less than": "less than",
    "fewer than": "less than",
    "under": "less than",
    "at least": "at least",
    "up to": "up to",
}
LENGTHS = {
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "miles": "mi",
    "mile": "mi",
    "mi": "mi",
    "metres": "m",
    "meters": "m",
    "m": "m",
    "feet": "ft",
    "ft": "ft",
}
PERCENT = {"%": "percent", "percent": "percent", "per cent": "percent"}
CURRENCIES = {
    "US$": "USD",
    "$": "USD",
    "USD": "USD",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "dollars": "USD",
    "euros": "EUR",
    "pounds": "GBP",
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9}


def alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
QUAL = rf"(?:(?P<qual>{alternation(QUALIFIERS)})\s+)?"
UNIT = alternation([*LENGTHS, *PERCENT, "dollars", "euros", "pounds"])
NUMBER = re.compile(
    rf"(?<![\w.,]){QUAL}(?P<cur>US\$|\$|€|£|(?:USD|EUR|GBP)\s?)?(?P<num>{NUM})"
    rf"(?:[\s-]?(?P<scale>{alternation(SCALES)})\b)?"
    rf"(?:(?:\s?|-)(?P<unit>{UNIT})(?!\w)|\s(?P<noun>[a-z]{{3,}}))?"
    rf"(?:\s*\((?:(?P<altqual>{alternation(QUALIFIERS)})\s+)?(?P<alt>{NUM})\s?(?P<altunit>{alternation(LENGTHS)})\))?(?!\w)",
    re.IGNORECASE,
)

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MON = rf"(?P<month>{alternation(calendar.month_name[1:])}|{alternation(calendar.month_abbr[1:])}\.?)"
#: Words that make a bare month name a date ('in May', not 'may'); each a fixed-width look-behind.
MONTH_CUES = ("in", "since", "until", "by", "from", "early", "late", "last", "this", "next", "of", "mid")
DATE_PATTERNS = [
    ("iso", r"(?P<year>\d{4})-(?P<mm>\d{2})-(?P<day>\d{2})"),
    ("dmy", rf"(?P<day>\d{{1,2}})\s+{MON}\s*,?\s+(?P<year>\d{{4}})"),
    ("mdy", rf"{MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"),
    ("dm", rf"(?P<day>\d{{1,2}})\s+{MON}"),
    ("md", rf"{MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"),
    ("my", rf"{MON}\s+(?P<year>\d{{4}})"),
    ("m", "(?:" + "|".join(f"(?<=\\b{w} )" for w in MONTH_CUES) + rf"){MON}"),
    ("decade", r"(?:the\s+)?(?P<year>(?:1[5-9]|20)\d0)s"),
    ("year", r"(?P<year>(?:19|20)\d{2})"),
    ("weekday", rf"(?:(?P<rel>last|this|next|on)\s+)?(?P<weekday>{alternation(calendar.day_name)})"),
    ("relative", r"(?P<word>yesterday|today|tomorrow|last year|this year|last month|this month)"),
]
DATES = [
    (kind, re.compile(rf"(?<![\w-]){p}(?![\w-])", re.IGNORECASE if kind in ("relative",) else 0))
    for kind, p in DATE_PATTERNS
]

QUOTED = re.compile(r"“(?P<words>[^”]{12,})”|\"(?P<plain>[^\"]{12,})\"")
VERBS = r"said|says|told [A-Z][\w]*(?: [A-Z][\w]*)*|wrote|added|stated|warned|argued|noted"
AFTER = re.compile(
    rf"^,?\s*(?:(?P<verb1>{VERBS})\s+(?P<who1>(?:the\s+)?[\w.’'-]+(?:\s+[A-Z][\w’'-]+)*)"
    rf"|(?P<who2>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)(?:,[^,“”\"]{{1,60}},)?\s+(?P<verb2>{VERBS}))"
)
BEFORE = re.compile(rf"(?P<who>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+(?P<verb>{VERBS})\s*[,:]?\s*$")


@dataclass
class Candidate:
    """One drafted row: where it is in the text, what kind it is and the fields it could fill."""

    start: int
    quote: str
    kind: str
    signature: str
    fields: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.quote)


@dataclass(frozen=True)
class Known:
    """A name from the reference tables and what it identifies."""

    name: str
    kind: str
    id: str


# ---------------------------------------------------------------- numbers


def decimal_text(number: Decimal) -> str:
    """A value as the tables write it: no exponent, no trailing zeros."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def number_candidate(m: re.Match) -> Candidate:
    """A figure with its qualifier, unit or currency, scale and an alternate unit in brackets."""
    value = Decimal(m["num"].replace(",", "")) * SCALES.get((m["scale"] or "").lower(), 1)
    qual = QUALIFIERS.get((m["qual"] or "").lower(), "exact")
    unit_word = (m["unit"] or "").lower()
    fields = {"value": decimal_text(value), "qualifier": qual}
    currency = CURRENCIES.get((m["cur"] or "").strip()) or CURRENCIES.get(unit_word)
    if unit_word in LENGTHS:
        kind, fields["unit"] = "length", LENGTHS[unit_word]
    elif unit_word in PERCENT:
        kind, fields["unit"] = "amount", PERCENT[unit_word]
    elif currency:
        kind, fields["unit"] = "amount", currency
    else:
        kind = "count"
        if m["noun"]:
            fields["unit"] = fields["measure"] = m["noun"].lower()
    if m["alt"]:
        fields.update(
            alt_value=m["alt"].replace(",", ""),
            alt_unit=LENGTHS[m["altunit"].lower()],
            alt_qualifier=QUALIFIERS.get((m["altqual"] or "").lower(), qual),
        )
    note = "number" + ("" if m["qual"] else " (no qualifier word: taken as exact)")
    return Candidate(m.start(), m.group().rstrip(), "number", kind, fields, note)


def numbers(text: str, taken: list[tuple[int, int]]) -> Iterator[Candidate]:
    for m in NUMBER.finditer(text):
        span = (m.start("num"), m.end("num"))
        if not overlaps(span, taken):
            yield number_candidate(m)


# ---------------------------------------------------------------- dates


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def latest_on_or_before(dateline: date, month: int, day: int | None = None) -> int:
    """The year that puts a month (and day) without a printed year on or before the dateline."""
    candidate = date(dateline.year, month, day or 1)
    return dateline.year if candidate <= dateline else dateline.year - 1


def resolve(kind: str, m: re.Match, dateline: date | None) -> tuple[date, date, str, str] | None:
    """Start, end, precision and the rule applied; None when the expression needs a dateline and has none."""
    g = m.groupdict()
    month = MONTHS.get((g.get("month") or "").lower().rstrip(".")) if g.get("month") else None
    said = m.group()
    if kind == "iso":
        d = date(int(g["year"]), int(g["mm"]), int(g["day"]))
        return d, d, "day", f"'{said}' stated in full"
    if kind in ("dmy", "mdy"):
        d = date(int(g["year"]), month, int(g["day"]))
        return d, d, "day", f"'{said}' stated in full"
    if kind == "my":
        return (
            date(int(g["year"]), month, 1),
            month_end(int(g["year"]), month),
            "month",
            f"'{said}' stated with its year",
        )
    if kind == "decade":
        y = int(g["year"])
        return date(y, 1, 1), date(y + 9, 12, 31), "decade", f"'{said}' taken as {y}-{y + 9}"
    if kind == "year":
        y = int(g["year"])
        return date(y, 1, 1), date(y, 12, 31), "year", f"'{said}' taken as the whole year"
    if dateline is None:
        return None
    return relative_date(kind, g, said, month, dateline)


def relative_date(
    kind: str, g: dict[str, str], said: str, month: int | None, dateline: date
) -> tuple[date, date, str, str]:
    """Expressions without a year, resolved against the dateline; the rule says how."""
    on = f"the dateline {dateline.isoformat()} ({calendar.day_name[dateline.weekday()]})"
    if kind in ("dm", "md"):
        y = latest_on_or_before(dateline, month, int(g["day"]))
        d = date(y, month, int(g["day"]))
        return d, d, "day", f"'{said}': year not printed; taken as the latest such date on or before {on}"
    if kind == "m":
        y = latest_on_or_before(dateline, month)
        return (
            date(y, month, 1),
            month_end(y, month),
            "month",
            f"'{said}': year not printed; taken as the latest such month on or before {on}",
        )
    if kind == "weekday":
        return weekday_date(g, said, dateline, on)
    word = g["word"].lower()
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1}
    if word in shift:
        d = dateline + timedelta(days=shift[word])
        return d, d, "day", f"'{said}' counted from {on}"
    if word.endswith("year"):
        y = dateline.year - (word == "last year")
        return date(y, 1, 1), date(y, 12, 31), "year", f"'{said}' counted from {on}"
    first = (
        dateline.replace(day=1)
        if word == "this month"
        else (dateline.replace(day=1) - timedelta(days=1)).replace(day=1)
    )
    return first, month_end(first.year, first.month), "month", f"'{said}' counted from {on}"


def weekday_date(g: dict[str, str], said: str, dateline: date, on: str) -> tuple[date, date, str, str]:
    """A weekday named without a date: the latest such day on or before the dateline ('next': the first after)."""
    rel = (g.get("rel") or "").lower()
    wanted = WEEKDAYS[g["weekday"].lower()]
    back = (dateline.weekday() - wanted) % 7
    if rel == "last" and back == 0:
        back = 7
    if rel == "next":
        d = dateline + timedelta(days=(wanted - dateline.weekday()) % 7 or 7)
        rule = f"'{said}' taken as the first {g['weekday']} after {on}"
    else:
        d = dateline - timedelta(days=back)
        rule = f"'{said}' taken as the latest {g['weekday']} {'before' if rel == 'last' else 'on or before'} {on}"
    return d, d, "day", rule


def dates(text: str, dateline: date | None) -> Iterator[Candidate]:
    taken: list[tuple[int, int]] = []
    for kind, pattern in DATES:
        for m in pattern.finditer(text):
            if overlaps(m.span(), taken):
                continue
            taken.append(m.span())
            resolved = resolve(kind, m, dateline)
            if resolved is None:
                yield Candidate(
                    m.start(), m.group(), "date", "date", {}, "date without a year and no dateline date to resolve it"
                )
                continue
            start, end, precision, rule = resolved
            yield Candidate(
                m.start(),
                m.group(),
                "date",
                "date",
                {"date": start.isoformat(), "date_end": end.isoformat(), "precision": precision, "date_rule": rule},
                "date expression",
            )


# ---------------------------------------------------------------- names and quotations


def known_names(tables: dict[str, Table]) -> list[Known]:
    """Names of actors, places, organisations and people in the tables, longest first."""
    found: dict[str, Known] = {}
    for t in tables.values():
        columns = {f["name"] for f in t.fields}
        for row in t.rows:
            for known in names_of(t, columns, row):
                found.setdefault(known.name, known)
    return sorted(found.values(), key=lambda k: -len(k.name))


def names_of(t: Table, columns: set[str], row: dict[str, str]) -> list[Known]:
    """What one row names: an actor or place of a reference table, an organisation or a person of a claim table."""
    kind = t.resource.get("kind")
    if kind == "reference" and {"name", "short_name"} <= columns:
        return [Known(row[c], "actor", row["id"]) for c in ("name", "short_name") if row.get(c)]
    if kind == "reference" and {"name", "lat", "lon"} <= columns:
        return [Known(row["name"], "place", row["id"])] if row.get("name") else []
    if kind == "claim" and {"actor", "name", "type"} <= columns and row.get("name"):
        return [Known(row["name"], "organisation", row["actor"])]
    if kind == "claim" and {"name", "role", "affiliation"} <= columns and row.get("name"):
        return [Known(row["name"], "person", row["id"]), Known(row["name"].split()[-1], "person", row["id"])]
    return []


def mentions(text: str, known: list[Known]) -> Iterator[Candidate]:
    taken: list[tuple[int, int]] = []
    for k in known:
        for m in re.finditer(rf"(?<!\w){re.escape(k.name)}(?!\w)", text):
            if overlaps(m.span(), taken):
                continue
            taken.append(m.span())
            fields = {
                "actor": {"actor": k.id},
                "place": {"place": k.id},
                "organisation": {"actor": k.id, "name": k.name},
                "person": {"name": k.name, "speaker": k.id},
            }[k.kind]
            yield Candidate(m.start(), m.group(), "mention", k.kind, fields, f"mention of the known {k.kind} {k.id}")


def quotations(text: str, known: list[Known]) -> Iterator[Candidate]:
    """Direct quotations of a dozen characters or more, with the speaker when the sentence names one."""
    people = {k.name: k.id for k in known if k.kind == "person"}
    actors = {k.name: k.id for k in known if k.kind in ("actor", "organisation")}
    for m in QUOTED.finditer(text):
        words = (m["words"] or m["plain"]).strip()
        if len(words.split()) < 3:
            continue
        who, verb = attribution(text, m.start(), m.end())
        fields = {"words": words.rstrip(",")}
        if verb:
            fields["medium"] = verb
        speaker = next((pid for name, pid in people.items() if who and name in who), "")
        speaker = speaker or next(
            (pid for name, pid in people.items() if name in sentence(text, m.start(), m.end())), ""
        )
        if speaker:
            fields["speaker"] = speaker
        actor = next((aid for name, aid in actors.items() if who and name in who), "")
        if actor:
            fields["speaker_actor"] = actor
        note = f"direct quotation; speaker: {who}" if who else "direct quotation; no speaker named next to it"
        yield Candidate(m.start(), m.group(), "quotation", "quotation", fields, note)


def attribution(text: str, start: int, end: int) -> tuple[str, str]:
    """Who is said to speak and the verb, from the words right after or right before the quotation."""
    after = AFTER.match(text[end : end + 80])
    if after:
        return (after["who1"] or after["who2"] or "").strip(), (after["verb1"] or after["verb2"] or "").strip()
    before = BEFORE.search(text[max(0, start - 80) : start])
    if before:
        return before["who"].strip(), before["verb"].strip()
    return "", ""


# ---------------------------------------------------------------- the draft


BOUNDARY = re.compile(r"[.!?][”\"’)]*\s+(?=[A-Z“\"‘(])|\n+")


def sentence(text: str, start: int, end: int) -> str:
    """The sentence(s) around a span, for the reviewer's eye."""
    before = [m.end() for m in BOUNDARY.finditer(text, 0, start)]
    after = BOUNDARY.search(text, end)
    return " ".join(text[before[-1] if before else 0 : after.start() + 1 if after else len(text)].split())


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def candidates(text: str, dateline: date | None, known: list[Known]) -> list[Candidate]:
    """Every candidate in reading order: dates first claim their digits, so '7 October' is not a number."""
    found = list(dates(text, dateline))
    taken = [(c.start, c.end) for c in found]
    found += numbers(text, taken)
    found += mentions(text, known)
    found += quotations(text, known)
    return sorted(found, key=lambda c: (c.start, c.kind))


def table_for(package: dict[str, Any], signature: str) -> str:
    """The first claim table whose fields include the candidate's signature."""
    needed = set(SIGNATURES[signature])
    for res in package.get("resources", []):
        if res.get("kind") == "claim" and needed <= {f["name"] for f in res.get("schema", {}).get("fields", [])}:
            return res["name"]
    return ""


@dataclass(frozen=True)
class Draft:
    path: Path
    rows: int
    by_table: dict[str, int]


def draft(data_dir: Path, source_id: str, force: bool = False) -> Draft:
    """Write data/drafts/SOURCE_ID.csv with every candidate row of a registered source text."""
    tables, problems = validate(data_dir)
    if problems:
        raise Refusal(f"data/ does not validate ({problems[0]}); fix it before drafting")
    row = next((r for r in tables["sources"].rows if r["id"] == source_id), None) if "sources" in tables else None
    if row is None or not row.get("file"):
        raise Refusal(f"no source with a stored text has id {source_id!r}")
    target = draft_path(data_dir, source_id)
    if target.exists() and not force:
        raise Refusal(f"data/drafts/{target.name} exists and may hold your review; delete it or use --force")
    text = (data_dir / "sources" / row["file"]).read_text(encoding="utf-8")
    dateline = date.fromisoformat(row["dateline_date"]) if row.get("dateline_date") else None
    package = {"resources": [t.resource for t in tables.values()]}
    header = draft_columns(package)
    found = candidates(text, dateline, known_names(tables))
    rows = [header] + [draft_row(c, header, package, source_id, text) for c in found]
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, csv_bytes(rows))
    by_table: dict[str, int] = {}
    for r in rows[1:]:
        by_table[r[2] or "(none)"] = by_table.get(r[2] or "(none)", 0) + 1
    return Draft(target, len(found), dict(sorted(by_table.items())))


def draft_row(c: Candidate, header: list[str], package: dict[str, Any], source_id: str, text: str) -> list[str]:
    values = {
        "table": table_for(package, c.signature),
        "source_id": source_id,
        "quote": c.quote,
        "char_start": str(c.start),
        "draft_kind": c.kind,
        "draft_note": c.note,
        "draft_sentence": sentence(text, c.start, c.end),
        **c.fields,
    }
    return [values.get(col, "") for col in header]
