"""The analyst's key judgments as the brief prints them: statement, likelihood on the estimative
scale (cited to the scale's source) and confidence, in the order of their rank."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.analysis.data import facts
from briefing.analysis.writing.prose import Block, Inline, fact, text


@dataclass(frozen=True)
class Judgment:
    id: str
    number: int
    heading: Inline
    statement: Inline
    likelihood: Inline
    confidence: Inline
    reason: Inline
    evidence_for: tuple[str, ...]
    evidence_against: tuple[str, ...]

    @property
    def verdict(self) -> Inline:
        """'Likely (55–80 %), moderate confidence', the likelihood cited to the estimative scale."""
        first = self.likelihood.text[:1].upper() + self.likelihood.text[1:]
        html = self.likelihood.html.replace(self.likelihood.text, first, 1)
        return Inline(f"{html}, {self.confidence.html} confidence", f"{first}, {self.confidence.text} confidence")


def _ids(value: object) -> tuple[str, ...]:
    return () if facts.missing(value) else tuple(i.strip() for i in str(value).split(";") if i.strip())


def key_judgments() -> dict[str, Judgment]:
    """Every key judgment by id, in rank order."""
    rows = facts.load("judgments").sort_values("rank")
    scale = facts.load("estimative_scale").set_index("term")
    out = {}
    for number, (_, j) in enumerate(rows.iterrows(), start=1):
        term = scale.loc[j["likelihood"]]
        likelihood = fact(term["id"], "{term} ({low:.0f}–{high:.0f} %)")
        out[j["id"]] = Judgment(
            j["id"],
            number,
            text(j["short"]),
            text(j["statement"]),
            likelihood,
            text(j["confidence"]),
            text(j["confidence_reason"]),
            _ids(j["evidence_for"]),
            _ids(j.get("evidence_against")),
        )
    return out


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
    """What to watch: each indicator, with the judgment it bears on and how."""
    items, lines = [], []
    for _, r in facts.load("indicators").iterrows():
        j = judged.get(r["judgment"])
        bears = f"{j.heading.text}: {r['direction']}" if j else str(r["direction"])
        items.append(f'<li>{text(r["indicator"]).html} <span class="bears">({text(bears).html})</span></li>')
        lines.append(f"{r['indicator']} ({bears})")
    return Block(f'<ul class="watch">{"".join(items)}</ul>', "\n".join(lines))
