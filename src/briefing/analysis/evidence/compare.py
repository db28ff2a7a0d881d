"""Sources compared: what two or more sources state about the same quantity, event or position.

Which rows speak about the same thing is data, not code: a claim table's ``compare`` property in
datapackage.json names the fields that identify the subject (``subject``) and the fields whose
values the sources may state differently (``values``). Events say ``"match": "happening"``: two
sources' rows are the same happening when they share an actor or their place and their periods
overlap (a day inside the other source's month agrees with it), or when their titles are the same
(then dates that do not overlap differ). Agreement is a fact about the sources; how much it
strengthens a judgment is for the analyst's judgment rows to say.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from briefing.analysis.checks import table as checks
from briefing.analysis.checks import units
from briefing.analysis.data import facts
from briefing.analysis.evidence import sourcing

COLUMNS = ["table", "subject", "sources", "values", "fact_ids", "verdict"]


def stated(row: pd.Series, fields: list[str]) -> str:
    """One source's statement of the compared values, with its qualifier when it is not exact."""
    parts = [facts.fmt_value(row[f]) for f in fields if f in row and not facts.missing(row[f])]
    qualifier = row.get("qualifier")
    if not facts.missing(qualifier) and qualifier != "exact" and "value" in fields:
        parts.insert(0, str(qualifier))
    return " ".join(parts)


def same(a: pd.Series, b: pd.Series, fields: list[str]) -> bool:
    """Whether two rows state the same values.

    When both state a figure, the figure is what is compared (lengths within the rounding of the
    stated figures, in any unit); descriptive fields count only for rows without one.
    """
    if "value" in fields and not facts.missing(a["value"]) and not facts.missing(b["value"]):
        unit_a, unit_b = (str(a.get("unit", "")), str(b.get("unit", ""))) if "unit" in fields else ("", "")
        agree = units.agree(plain(a["value"]), unit_a, plain(b["value"]), unit_b)
        return agree if agree is not None else (plain(a["value"]), unit_a) == (plain(b["value"]), unit_b)
    return all(key(a.get(f)) == key(b.get(f)) for f in fields)


def plain(value: object) -> str:
    return facts.fmt_value(value).replace(",", "")


def key(value: object) -> str:
    return "" if facts.missing(value) else facts.fmt_value(value)


def agree(group: pd.DataFrame, fields: list[str]) -> bool:
    """Sources agree when, for each pair, every value of the one stating fewer is stated by the other too.

    A report naming only the longer of two runways agrees with one naming both; 50 km and 44 km differ.
    """
    by_source = [[r for _, r in rows.iterrows()] for _, rows in group.groupby("source_id", sort=True)]
    pairs = [(a, b) if len(a) <= len(b) else (b, a) for i, a in enumerate(by_source) for b in by_source[i + 1 :]]
    return all(any(same(x, y, fields) for y in more) for fewer, more in pairs for x in fewer)


def subject_label(data: facts.View, name: str, row: pd.Series, fields: list[str]) -> str:
    """The subject in readers' words: referenced ids become names."""
    return " · ".join(
        facts.readable(data, name, f, facts.fmt_value(row[f])) for f in fields if not facts.missing(row[f])
    )


def reader_names(source_ids: list[str]) -> dict[str, str]:
    """How each source is named in a comparison: its outlet, with its date where another source of the
    same outlet is compared too (so that a reader can tell which said which)."""
    register = facts.load("sources").set_index("id")
    outlet = {s: str(register.loc[s, "outlet"]) if s in register.index else s for s in source_ids}
    out = {}
    for s in source_ids:
        shared = [t for t in source_ids if outlet[t] == outlet[s]]
        when = register.loc[s, "dateline_date"] if s in register.index else pd.NaT
        out[s] = outlet[s] if len(shared) == 1 or pd.isna(when) else f"{outlet[s]}, {long_date(when)}"
    return out


def long_date(value: object) -> str:
    return pd.Timestamp(value).strftime("%-d %B %Y")


def overlap(a: pd.Series, b: pd.Series) -> bool:
    """Whether two rows' periods share a day (a day inside a month or year shares it)."""
    return bool(a["date"] <= b["date_end"] and b["date"] <= a["date_end"])


def about_the_same(a: pd.Series, b: pd.Series) -> bool:
    """Two sources' events are one happening: shared actor or place and overlapping periods, or one title."""
    if a["source_id"] == b["source_id"]:
        return False
    if "title" in a and not facts.missing(a["title"]) and key(a["title"]) == key(b.get("title")):
        return True
    actors = set(_items(a.get("actors"))) & set(_items(b.get("actors")))
    place = not facts.missing(a.get("place")) and key(a.get("place")) == key(b.get("place"))
    return bool(actors or place) and overlap(a, b)


def _items(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return value
    return facts.list_cell(value)


def happenings(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Rows grouped into happenings (connected pairs of :func:`about_the_same`), in table order."""
    records = [r for _, r in frame.iterrows()]
    parent = list(range(len(records)))

    def find(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for i, a in enumerate(records):
        for j in range(i + 1, len(records)):
            if about_the_same(a, records[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for k in range(len(records)):
        groups.setdefault(find(k), []).append(k)
    return [frame.iloc[ks] for ks in groups.values()]


def compare_table(name: str) -> pd.DataFrame:
    """Subjects of one claim table stated by two or more sources, one row per subject."""
    data = facts.view()
    spec = data.tables[name].resource.get("compare")
    frame = facts.load(name)
    if not spec or frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    subject, values = spec["subject"], spec["values"]
    if spec.get("match") == "happening":
        groups = happenings(frame)
    else:
        keyed = frame.assign(_key=frame[subject].astype("string").fillna("").agg("\x1f".join, axis=1))
        groups = [group.drop(columns="_key") for _, group in keyed.groupby("_key", sort=True)]
    rows = [compared(data, name, group, subject, values, spec) for group in groups]
    return pd.DataFrame([r for r in rows if r], columns=COLUMNS)


def compared(
    data: facts.View, name: str, group: pd.DataFrame, subject: list[str], values: list[str], spec: dict
) -> dict:
    """One subject's row of the comparison, or {} when fewer than two sources state it."""
    sources = sorted(group["source_id"].unique())
    if len(sources) < 2:
        return {}
    named = reader_names(sources)
    said = "; ".join(
        f"{named[s]}: " + ", ".join(stated(r, values) for _, r in group[group["source_id"] == s].iterrows())
        for s in sources
    )
    if spec.get("match") == "happening":
        rows_ = [r for _, r in group.iterrows()]
        agreed = all(overlap(a, b) for a in rows_ for b in rows_ if a["source_id"] != b["source_id"])
    else:
        agreed = agree(group, values)
    return {
        "table": name,
        "subject": subject_label(data, name, group.iloc[0], subject),
        "sources": "; ".join(sources),
        "values": said,
        "fact_ids": "; ".join(sorted(group["id"])),
        "verdict": "agree" if agreed else "differ",
    }


def sources_compared(tables: Iterable[str] | None = None) -> pd.DataFrame:
    """Every subject that two or more sources speak to, across the claim tables (or some of them), with
    agree or differ.

    Columns: table, subject (readable), sources (ids, '; '), values (each outlet with what it states),
    fact_ids (the rows compared, '; ', for citations) and verdict ('agree' or 'differ').
    """
    names = facts.of_kind("claim") if tables is None else [n for n in facts.of_kind("claim") if n in set(tables)]
    frames = [compare_table(name) for name in names]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)


CHECKED_COLUMNS = ["subject", "source", "stated", "measured or reference", "verdict"]


def checked_quantities() -> pd.DataFrame:
    """Each figure that two or more sources state about one subject, beside the measured or reference value
    and its own verdict: one row per source's figure (columns :data:`CHECKED_COLUMNS`)."""
    details = checks.details()
    by_fact = {f: r for r in details.itertuples() if r.kind in ("distance", "runway") for f in r.facts}
    # only the tables holding checked figures: a new row elsewhere changes nothing here
    compared = sources_compared({facts.index()[f] for f in by_fact if f in facts.index()})
    if compared.empty:
        return pd.DataFrame(columns=CHECKED_COLUMNS)
    rows = []
    for subject in compared.itertuples():
        for fact_id in subject.fact_ids.split("; "):
            check = by_fact.get(fact_id)
            if check is None:
                continue
            rows.append(
                {
                    "subject": subject.subject,
                    "source": sourcing.label(check.source_id),
                    "stated": check.stated,
                    "measured or reference": check.finding,
                    "verdict": check.verdict,
                }
            )
    return pd.DataFrame(rows, columns=CHECKED_COLUMNS)
