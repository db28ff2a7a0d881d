"""The analyst's key judgments as the brief prints them: statement, likelihood on the estimative
scale (cited to the scale's source) and confidence, in the order of their rank.

A judgment's evidence is the rows the analyst picked plus every row its evidence queries select, so
that new reporting reaches it without a code edit; rows new since the last published edition are
listed apart until the analyst records them as weighed. The sourcing part of the confidence reason
is computed from the sources those rows cite.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefing.analysis.data import facts
from briefing.analysis.evidence import editions, queries, rows, sourcing
from briefing.analysis.writing.inline import own
from briefing.analysis.writing.prose import Block, Inline, mark, text


@dataclass(frozen=True)
class Judgment:
    id: str
    number: int
    heading: Inline
    statement: Inline
    likelihood: Inline
    confidence: Inline
    analyst_reason: Inline
    sourcing: Inline
    evidence_for: tuple[str, ...]
    evidence_against: tuple[str, ...]
    new_for: tuple[str, ...] = ()
    new_against: tuple[str, ...] = ()

    @property
    def verdict(self) -> Inline:
        """'Likely (55–80 %), low confidence'."""
        first = self.likelihood.text[:1].upper() + self.likelihood.text[1:]
        html = self.likelihood.html.replace(self.likelihood.text, first, 1)
        return Inline(f"{html}, {self.confidence.html} confidence", f"{first}, {self.confidence.text} confidence")

    @property
    def reason(self) -> Inline:
        """The analyst's reason for the confidence, then the computed sourcing sentence."""
        return Inline(
            f"{self.analyst_reason.html} {self.sourcing.html}".strip(),
            f"{self.analyst_reason.text} {self.sourcing.text}".strip(),
        )

    @property
    def unweighed(self) -> Inline:
        """New evidence not yet weighed, as sentences for the For/Against blocks; empty when there is none."""
        parts = [(side, ids) for side, ids in (("for", self.new_for), ("against", self.new_against)) if ids]
        if not parts:
            return Inline("", "")
        items = [f"{rows.describe(i)}{mark(i).html}" for _, ids in parts for i in ids]
        words = "; ".join(rows.describe(i) for _, ids in parts for i in ids)
        html = "<em>New since the last edition, not yet weighed:</em> " + "; ".join(items) + "."
        return Inline(html, f"New since the last edition, not yet weighed: {words}.")


def _new(target: str, ids: tuple[str, ...], picked: tuple[str, ...]) -> tuple[str, ...]:
    """Rows a query added that are new since the last edition and not recorded as weighed."""
    done = queries.weighed()
    added = [i for i in ids if i not in picked]
    return tuple(i for i in editions.new_since_last_edition(added) if (i, target) not in done)


def likelihood(term: str) -> Inline:
    """'likely (55–80 %)': a term of the estimative scale with its range, in the analyst's own words
    (no note mark: notes are for what sources say; the method chapter cites the scale)."""
    row = facts.load("estimative_scale").set_index("term").loc[term]
    return own(f"{term} ({row['low']:.0f}–{row['high']:.0f} %)")


def key_judgments() -> dict[str, Judgment]:
    """Every key judgment by id, in rank order."""
    table = facts.load("judgments").sort_values("rank")
    out = {}
    for number, (_, j) in enumerate(table.iterrows(), start=1):
        picked_for, picked_against = rows.split(j["evidence_for"]), rows.split(j.get("evidence_against"))
        evidence_for = queries.evidence(j["id"], "for", picked_for)
        evidence_against = queries.evidence(j["id"], "against", picked_against)
        out[j["id"]] = Judgment(
            j["id"],
            number,
            text(j["short"]),
            text(j["statement"]),
            likelihood(j["likelihood"]),
            text(j["confidence"]),
            text(j["confidence_reason"]),
            sourcing.sourcing_reason(evidence_for),
            evidence_for,
            evidence_against,
            _new(j["id"], evidence_for, tuple(picked_for)),
            _new(j["id"], evidence_against, tuple(picked_against)),
        )
    return out


def said_once(judged: dict[str, Judgment]) -> tuple[dict[str, Judgment], Inline]:
    """The judgments without a sourcing sentence they all share, and that sentence for every judgment,
    to be said once where the brief describes its sources ('' when the judgments' sourcing differs)."""
    said = {j.sourcing.text for j in judged.values()}
    if len(judged) < 2 or len(said) != 1:
        return judged, text("")
    shared = sourcing.sourcing_reason(next(iter(judged.values())).evidence_for, "Each judgment's evidence")
    return {k: replace(j, sourcing=text("")) for k, j in judged.items()}, shared


def summary_list(judged: dict[str, Judgment]) -> Block:
    """The key judgments for page one: heading, the judgment itself and its verdict."""
    items = [
        f'<li><strong>{j.heading.html}.</strong> {j.statement.html} <span class="verdict">{j.verdict.html}.</span></li>'
        for j in judged.values()
    ]
    return Block(
        f'<ol class="kj-list">{"".join(items)}</ol>',
        "\n".join(f"{j.heading.text}. {j.statement.text}" for j in judged.values()),
    )


def indicator_list(judged: dict[str, Judgment]) -> Block:
    """What to watch: each indicator, with the judgment it bears on and how; while the reporting rests
    on one outlet, a second independent source is watched for too (computed, not typed)."""
    items, lines = [], []
    for _, r in facts.load("indicators").iterrows():
        j = judged.get(r["judgment"])
        bears = f"{j.heading.text}: {r['direction']}" if j else str(r["direction"])
        items.append(f'<li>{text(r["indicator"]).html} <span class="bears">({text(bears).html})</span></li>')
        lines.append(f"{r['indicator']} ({bears})")
    if sourcing.single_source():
        allowed = sourcing.cap_with(2)
        watch = "A second independent source for the reporting the judgments rest on"
        bears = f"the sourcing rules allow up to {allowed} confidence on two"
        items.append(f'<li>{text(watch).html} <span class="bears">({text(bears).html})</span></li>')
        lines.append(f"{watch} ({bears})")
    return Block(f'<ul class="watch">{"".join(items)}</ul>', "\n".join(lines))


def explanation_list() -> Block:
    """One line per competing explanation: its name, what it holds and the likelihood the annex gives it."""
    if "explanations" not in facts.names():
        return Block("", "")
    rows = facts.load("explanations")
    items = [
        f"<li><strong>{text(r.hypothesis).html}</strong>: {text(r.assessment).html}. {text(r.description).html}</li>"
        for r in rows.itertuples()
    ]
    lines = [f"{r.hypothesis}: {r.assessment}. {r.description}" for r in rows.itertuples()]
    return Block(f'<ul class="explanations">{"".join(items)}</ul>', "\n".join(lines))
