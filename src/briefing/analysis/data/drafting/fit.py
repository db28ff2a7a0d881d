"""Which table a candidate goes to, and which of a table's listed values it fits, read from the package.

Nothing here names a table: a table is chosen by the fields it has and by the words of its listed
values ('runway_length' fits a length in a sentence about a runway); an issue is suggested from the
rows already coded under each issue.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from briefing.analysis.data.drafting.text import same_stem, stem, stems
from briefing.analysis.data.validate import Table

#: Fields a claim table must have to receive each kind of candidate (first such table in the package).
SIGNATURES = {
    "length": ("value", "unit", "to_place"),
    "amount": ("measure", "value", "unit"),
    "count": ("measure", "value"),
    "date": ("date", "date_end", "precision", "date_rule"),
    "quotation": ("words", "speaker"),
    "position": ("actor", "stance", "issue"),
    "organisation": ("actor", "name", "type"),
    "person": ("name", "role", "affiliation"),
    "place": ("place", "date"),
}
#: Listed fields a drafter fills itself; the other listed fields are matched on the sentence's words.
OWN = {
    "unit",
    "alt_unit",
    "qualifier",
    "alt_qualifier",
    "direction",
    "precision",
    "medium",
    "stance",
    "issue",
    "period",
    "attribution",
}
STOPWORDS = set(
    "the a an and or of to in on at by for from with as is are was were be been has have had it its this that "
    "these those their they them he she his her we our not no but into over about after before than which who "
    "whom what when where while said says also any more most such can could would will may might".split()
)


def claims(package: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in package.get("resources", []) if r.get("kind") == "claim"]


def fields(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}


def enum(resource: dict[str, Any], name: str) -> list[str]:
    return [str(v) for v in fields(resource).get(name, {}).get("constraints", {}).get("enum", [])]


def table_for(package: dict[str, Any], signature: str) -> str:
    """The first claim table whose fields include the signature's."""
    needed = set(SIGNATURES.get(signature, ("\0",)))
    return next((r["name"] for r in claims(package) if needed <= set(fields(r))), "")


def resource(package: dict[str, Any], name: str) -> dict[str, Any]:
    return next((r for r in claims(package) if r["name"] == name), {})


def value_fit(value: str, words: set[str], kind_word: str) -> float:
    """How much of a listed value the words hold: the share of its words found, 0 unless one is the text's own."""
    tokens = [stem(t) for t in value.replace("_", " ").split() if t not in STOPWORDS]
    if not tokens:
        return 0.0
    hits = [t for t in tokens if any(same_stem(t, w) for w in words | {kind_word})]
    own = [t for t in hits if any(same_stem(t, w) for w in words) and not same_stem(t, kind_word)]
    return len(hits) / len(tokens) if own and len(hits) * 2 >= len(tokens) else 0.0


def listed_fits(res: dict[str, Any], words: set[str], kind_word: str) -> tuple[float, dict[str, str]]:
    """The best listed value of each categorical field the words fit, with the total fit."""
    chosen, score = {}, 0.0
    for name, spec in fields(res).items():
        values = spec.get("constraints", {}).get("enum")
        if not values or name in OWN:
            continue
        best = max(((value_fit(str(v), words, kind_word), str(v)) for v in values), default=(0.0, ""))
        if best[0] > 0:
            chosen[name], score = best[1], score + best[0]
    return score, chosen


def best_table(
    package: dict[str, Any], needed: set[str], words: set[str], kind_word: str, unit: str = "", place: bool = False
) -> tuple[str, dict[str, str]]:
    """The claim table a figure fits best: its listed values in the sentence, its unit, a place to measure to."""
    ranked = []
    for order, res in enumerate(claims(package)):
        have = fields(res)
        if not needed <= set(have):
            continue
        score, chosen = listed_fits(res, words, kind_word)
        score *= 3
        if unit and unit in enum(res, "unit"):
            score += 4
        if place and "to_place" in have:
            score += 4
        ranked.append((-score, order, res["name"], chosen))
    if not ranked or min(ranked)[0] >= 0:
        return "", {}
    _, _, name, chosen = min(ranked)
    return name, chosen


def profiles(table: Table | None, column: str) -> dict[str, Counter]:
    """For each listed value of a column, the words of the rows already coded with it and of the value itself."""
    if table is None:
        return {}
    found: dict[str, Counter] = {}
    for value in enum(table.resource, column):
        found[value] = Counter({stem(w): 2 for w in value.replace("_", " ").split()})
    for row in table.rows:
        if row.get(column) in found:
            words = stems(" ".join(row.get(c, "") for c in ("note", "quote", "text", "title")))
            found[row[column]].update(w for w in words if w not in STOPWORDS)
    return found


def suggest(found: dict[str, Counter], text: str) -> str:
    """The listed value whose coded rows share the most telling words with the text, or '' when none does."""
    words = {w for w in stems(text) if w not in STOPWORDS and len(w) > 2}
    if not found or not words:
        return ""
    df = Counter(w for profile in found.values() for w in profile)
    n = len(found)
    scores = {value: sum(math.log((n + 1) / df[w]) for w in words if w in profile) for value, profile in found.items()}
    best = max(scores, key=lambda v: (scores[v], v))
    return best if scores[best] >= 2.0 else ""
