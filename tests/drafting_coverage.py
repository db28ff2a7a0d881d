"""How much of an article `draft` gets right, against a key written by a reader (tests/fixtures/drafting/).

Run ``python tests/drafting_coverage.py [ARTICLE KEY.json ...]`` for the README's table: the fixtures,
the project's own source against the rows coded from it, and any article given with its key.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from briefing.analysis.data.drafting import candidates
from briefing.analysis.data.drafting.known import known_names, mentions
from briefing.analysis.data.drafting.text import Candidate
from briefing.analysis.data.validate import Table, validate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = HERE / "fixtures" / "drafting"
LINKS = (
    "draft_mentions",
    "draft_actor",
    "country",
    "actor",
    "target",
    "speaker",
    "speaker_actor",
    "actors",
    "from_place",
    "to_place",
    "facility",
    "place",
    "subject",
)


@dataclass
class Score:
    """Found out of expected, per kind; quotations also by speaker right, empty and wrong."""

    found: dict[str, int] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    speakers: dict[str, int] = field(default_factory=lambda: {"right": 0, "empty": 0, "wrong": 0})
    missed: list[str] = field(default_factory=list)

    def add(self, kind: str, ok: bool, what: str) -> None:
        self.expected[kind] = self.expected.get(kind, 0) + 1
        self.found[kind] = self.found.get(kind, 0) + ok
        if not ok:
            self.missed.append(f"{kind}: {what}")

    def share(self, kind: str) -> float:
        return self.found.get(kind, 0) / self.expected[kind] if self.expected.get(kind) else 1.0

    def cell(self, kind: str) -> str:
        return f"{self.found.get(kind, 0)}/{self.expected.get(kind, 0)}" if self.expected.get(kind) else "–"


def overlapping(found: list[Candidate], start: int, end: int) -> list[Candidate]:
    return [c for c in found if c.start < end and start < c.end]


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def counts(c: Candidate) -> str:
    """What a drafted count counts, as its note gives it to the reviewer ('counts: soldiers (Pakistani)')."""
    found = re.search(r"counts: ([a-z][^;(]*?)\s*(?:\(|;|$)|count before it counts \(([^)]+)\)", c.note)
    return (found.group(2) or found.group(1)).strip() if found else ""


def same_head(keyed: str, drafted: str) -> bool:
    """The same counted thing: the same head noun ('casualties' ~ 'civilian casualties')."""
    return bool(drafted) and keyed.split()[-1] == drafted.split()[-1]


def linked(found: list[Candidate]) -> set[str]:
    """Every id or new name the draft's rows carry."""
    ids = {c.quote for c in found if c.kind == "name"}
    for c in found:
        for column in LINKS:
            ids |= {i.strip() for i in c.fields.get(column, "").split(";") if i.strip()}
        ids.add(c.fields.get("draft_speaker", ""))
    return ids - {""}


def speaker_verdict(c: Candidate, wanted: str) -> str:
    drafted = {c.fields.get(k, "") for k in ("speaker", "speaker_actor", "draft_speaker")} - {""}
    if not drafted:
        return "empty"
    same = any(wanted == d or wanted.endswith(" " + d) or d.endswith(" " + wanted) for d in drafted)
    return "right" if wanted and same else "wrong"


def tables_and_package(data: Path) -> tuple[dict[str, Table], dict]:
    tables, problems = validate(data)
    assert not problems, problems[:3]
    return tables, {"resources": [t.resource for t in tables.values()]}


def measure(text: str, register: dict[str, str], key: dict, data: Path = ROOT / "data") -> Score:
    """Compare the draft of a text with its key."""
    tables, package = tables_and_package(data)
    found = candidates(text, register, tables, package)
    score = Score()
    for n in key.get("numbers", []):
        near = overlapping(found, *span(text, n["quote"]))
        ok = any(
            c.fields.get("value") == n["value"]
            and (n.get("unit", "").lower() in ("", c.fields.get("unit", "").lower()) or same_head(n["unit"], counts(c)))
            and c.fields.get("alt_value", "") == n.get("alt_value", c.fields.get("alt_value", ""))
            for c in near
        )
        score.add("numbers", ok, n["quote"])
    for d in key.get("dates", []):
        near = overlapping(found, *span(text, d["quote"]))
        score.add(
            "dates",
            any((c.fields.get("date"), c.fields.get("date_end")) == (d["date"], d["date_end"]) for c in near),
            d["quote"],
        )
    ids = linked(found)
    named = mentions(text, known_names(tables), [])
    registered = {m.known.id for m in named} | {m.known.actor for m in named}
    bare = {re.sub(r"^The\s+", "", i) for i in ids}  # 'The Associated Press' is 'Associated Press'
    for actor in key.get("actors", []):
        score.add("actors", actor in ids or re.sub(r"^The\s+", "", actor) in bare, actor)
        if actor not in ids and actor in registered:  # by design: a registered name gets no row of its own
            score.found["registered, mentioned only"] = score.found.get("registered, mentioned only", 0) + 1
    for q in key.get("quotations", []):
        drafted = [c for c in found if c.kind == "quotation" and c.quote.startswith(q["starts"])]
        score.add("quotations", bool(drafted), q["starts"])
        if drafted:
            verdict = speaker_verdict(drafted[0], q["speaker"])
            score.speakers[verdict] += 1
            if verdict == "wrong":
                score.missed.append(f"wrong speaker: {q['starts']} -> {drafted[0].fields}")
    for s in key.get("statements", []):
        near = [c for c in overlapping(found, *span(text, s["says"])) if c.kind == "position"]
        score.add("statements", bool(near), s["says"])
        actors = [c.fields.get("actor") or c.fields.get("draft_actor", "") for c in near]
        score.add("statement actors", s["actor"] in actors, s["says"])
    score.found["rows"] = len(found)
    return score


def coded_key(data: Path, source_id: str) -> dict:
    """A key made of the rows an analyst coded from a source: figures, event dates, quotations, actors."""
    tables, _ = tables_and_package(data)
    key: dict[str, list] = {"numbers": [], "dates": [], "actors": [], "quotations": []}
    for t in tables.values():
        for row in t.rows:
            if row.get("source_id") != source_id or not row.get("quote"):
                continue
            if row.get("value") and t.name not in ("quotations",):
                key["numbers"].append({"quote": row["quote"], "value": row["value"]})
            if t.name == "events":
                key["dates"].append({"quote": row["quote"], "date": row["date"], "date_end": row["date_end"]})
            if t.name == "quotations":
                key["quotations"].append(
                    {"starts": row["quote"][:20], "speaker": row["speaker"] or row["speaker_actor"]}
                )
            for column in ("actor", "target", "speaker_actor"):
                if row.get(column) and row[column] not in key["actors"]:
                    key["actors"].append(row[column])
    return key


def fixture_scores() -> dict[str, Score]:
    keys = json.loads((FIXTURES / "keys.json").read_text(encoding="utf-8"))
    return {name: measure((FIXTURES / name).read_text(encoding="utf-8"), k["register"], k) for name, k in keys.items()}


def row(name: str, s: Score) -> str:
    speakers = s.speakers
    only = f" (+{s.found['registered, mentioned only']})" if s.found.get("registered, mentioned only") else ""
    return (
        f"| {name} | {s.found['rows']} | {s.cell('numbers')} | {s.cell('dates')} | {s.cell('actors')}{only} | {s.cell('quotations')} "
        f"| {speakers['right']} / {speakers['empty']} / {speakers['wrong']} | {s.cell('statements')} ({s.cell('statement actors')} actor right) |"
    )


def main(argv: list[str]) -> None:
    print(
        "| article | rows drafted | numbers | dates | actors in rows (+ registered, only mentioned) | quotations "
        "| speaker right / empty / wrong | reporting-verb statements proposed |"
    )
    print("|---|---|---|---|---|---|---|---|")
    scores = fixture_scores()
    for pair in zip(argv[::2], argv[1::2]):
        key = json.loads(Path(pair[1]).read_text(encoding="utf-8"))
        scores[Path(pair[0]).name] = measure(Path(pair[0]).read_text(encoding="utf-8"), key["register"], key)
    tables, _ = tables_and_package(ROOT / "data")
    own = next(r for r in tables["sources"].rows if r.get("file"))
    text = (ROOT / "data" / "sources" / own["file"]).read_text(encoding="utf-8")
    scores[f"{own['id']} (against its coded rows)"] = measure(text, own, coded_key(ROOT / "data", own["id"]))
    for name, s in scores.items():
        print(row(name, s))
    for name, s in scores.items():
        for miss in s.missed:
            print(f"  {name}: {miss}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
