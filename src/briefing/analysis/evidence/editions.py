"""Editions: a snapshot of facts, computed figures and judgments per published build, and the diff.

The chapter on changes writes the current snapshot as a side file; the build files it under
``reports/editions/<edition>/`` with a copy of the briefing. The previous edition is the newest
snapshot built from different inputs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import fingerprint, paths, reads
from briefing import store as shared
from briefing.analysis import computed
from briefing.analysis.data import facts
from briefing.analysis.evidence import queries, rows

if TYPE_CHECKING:  # pandas is imported where a table is made: the build writes its snapshot without it
    import pandas as pd

SNAPSHOT = paths.SNAPSHOT


def fact_values() -> dict[str, dict[str, str]]:
    """Every claim and reference row as {id: {column: text}} (the CSV text, so changes are exact)."""
    out: dict[str, dict[str, str]] = {}
    for name, table in facts.tables().items():
        if table.resource.get("kind") not in ("claim", "reference"):
            continue
        skip = {"id", "char_start"} | display_columns(table.resource)
        for row in table.rows:
            if row.get("id"):
                out[row["id"]] = {"table": name, **{k: v for k, v in row.items() if k not in skip}}
    return out


def display_columns(resource: dict[str, Any]) -> set[str]:
    """Columns marked ``"role": "display"`` in the schema: labels for figures, not part of any fact."""
    return {f["name"] for f in resource.get("schema", {}).get("fields", []) if f.get("role") == "display"}


def judgment_inputs(values: dict[str, dict[str, str]]) -> dict[str, str]:
    """A hash per judgment over its own row and every fact it rests on."""
    out: dict[str, str] = {}
    if "judgments" not in facts.names():
        return out
    for _, row in facts.load("judgments").iterrows():
        h = hashlib.sha256(json.dumps({k: str(v) for k, v in row.items()}, sort_keys=True).encode())
        for fact_id in evidence_of(row):
            h.update(json.dumps(values.get(fact_id, {}), sort_keys=True).encode())
        out[str(row["id"])] = h.hexdigest()
    return out


def evidence_of(row: pd.Series) -> list[str]:
    """A judgment's evidence: the ids its row names and the rows its queries select, for and against."""
    picked = [i for c in ("evidence_for", "evidence_against") for i in rows.split(row.get(c))]
    found = [*picked, *queries.for_target(str(row["id"]), "for"), *queries.for_target(str(row["id"]), "against")]
    return list(dict.fromkeys(found))


def snapshot(edition: str, computed: dict[str, float]) -> dict[str, Any]:
    """Everything an edition says, in comparable form."""
    values, judgments = shared.result(FACTS_STORE, _facts_and_judgments)
    prints = fingerprint.inputs(paths.root(), paths.package_dir())
    return {
        "edition": edition,
        "inputs": prints["all"],
        "software": prints["software"],
        "facts": values,
        "computed": {k: round(float(v), 3) for k, v in sorted(computed.items())},
        "judgments": judgments,
    }


FACTS_STORE = "edition-facts"
"""Name of the snapshot's facts and judgment inputs in the shared store: the chapter that compares
editions computes them, and the build reads them back without the table stack."""


def _facts_and_judgments() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    values = fact_values()
    return values, judgment_inputs(values)


def published(editions_dir: Path | None = None) -> list[dict[str, Any]]:
    """Snapshots of earlier editions, oldest first."""
    folder = editions_dir or paths.editions_dir()
    reads.record("editions", "published", reads.editions_print(folder))
    snaps = []
    for path in sorted(folder.glob(f"*/{SNAPSHOT}")):
        try:
            snaps.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            continue  # a damaged old edition must not stop a new one
    return sorted(snaps, key=lambda s: s.get("sequence", 0))


def last_published_facts() -> set[str] | None:
    """Ids of the facts of the newest published edition; None before a first edition is published."""
    snaps = published()
    return set(snaps[-1].get("facts", {})) if snaps else None


def new_since_last_edition(ids: list[str]) -> list[str]:
    """The ids not in the last published edition (none before a first edition: nothing is 'new' then)."""
    known = last_published_facts()
    return [] if known is None else [i for i in ids if i not in known]


def previous(current_inputs: str, editions_dir: Path | None = None) -> dict[str, Any] | None:
    """The newest published edition built from other inputs, or None for a first edition."""
    earlier = [s for s in published(editions_dir) if s.get("inputs") != current_inputs]
    return earlier[-1] if earlier else None


#: The parts of a diff, in reading order, with the caption each gets in the briefing.
PARTS = {
    "added": "Facts added.",
    "removed": "Facts removed.",
    "changed": "Facts changed (old and new values).",
    "computed": "Computed figures that moved.",
    "judgments": "Judgments whose inputs changed.",
    "software": "Software changed: the lock file differs.",
}


def summary(changes: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """How many entries each part of a diff holds, the parts named by their captions."""
    import pandas as pd

    if set(changes) != set(PARTS):
        raise ValueError(f"a diff has the parts {sorted(PARTS)}, not {sorted(changes)}")
    return pd.DataFrame(
        {"change": [caption.rstrip(".") for caption in PARTS.values()], "count": [len(changes[part]) for part in PARTS]}
    )


def unchanged(changes: dict[str, pd.DataFrame]) -> bool:
    """True when no fact, computed figure, judgment input or locked software differs."""
    return not any(len(part) for part in changes.values())


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Facts added, removed and changed; computed figures that moved; judgments whose inputs changed; software."""
    import pandas as pd

    of, nf = old.get("facts", {}), new.get("facts", {})
    added = pd.DataFrame(
        [{"id": i, "table": nf[i]["table"]} for i in sorted(set(nf) - set(of))], columns=["id", "table"]
    )
    removed = pd.DataFrame(
        [{"id": i, "table": of[i]["table"]} for i in sorted(set(of) - set(nf))], columns=["id", "table"]
    )
    changed = pd.DataFrame(
        [
            {"id": i, "column": c, "old": of[i].get(c, ""), "new": nf[i].get(c, "")}
            for i in sorted(set(of) & set(nf))
            for c in sorted(set(of[i]) | set(nf[i]))
            if of[i].get(c, "") != nf[i].get(c, "")
        ],
        columns=["id", "column", "old", "new"],
    )
    oc, nc = old.get("computed", {}), new.get("computed", {})
    moved = pd.DataFrame(
        [{"id": k, "old": oc.get(k), "new": nc.get(k)} for k in sorted(set(oc) | set(nc)) if oc.get(k) != nc.get(k)],
        columns=["id", "old", "new"],
    )
    oj, nj = old.get("judgments", {}), new.get("judgments", {})
    judged = pd.DataFrame(
        [
            {"id": k, "change": "new" if k not in oj else "removed" if k not in nj else "inputs changed"}
            for k in sorted(set(oj) | set(nj))
            if oj.get(k) != nj.get(k)
        ],
        columns=["id", "change"],
    )
    return {
        "added": added,
        "removed": removed,
        "changed": changed,
        "computed": moved,
        "judgments": judged,
        "software": software_change(old, new),
    }


def software_change(old: dict[str, Any], new: dict[str, Any]) -> pd.DataFrame:
    """One row (old and new lock sha256, shortened) when the locked software differs, else none."""
    import pandas as pd

    before, after = old.get("software", ""), new.get("software", "")
    rows = [{"lock": "requirements lock", "old": before[:16] or "not recorded", "new": after[:16] or "none"}]
    return pd.DataFrame(rows if before != after else [], columns=["lock", "old", "new"])


def computed_values() -> dict[str, float]:
    """The computed results of this state of the inputs by id, from the shared store when present."""
    found = computed.stored_records()
    if found is None:
        from briefing import settings_file

        if "geography" not in settings_file.parse(paths.config()):
            return {}  # a project without geography computes nothing
        found = computed.records()
    return {r.id: r.value for r in found}
