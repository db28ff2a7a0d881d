"""The regional alignment and voices chapters on the real data: what they draw, cite and say apart.

What the figure shows of this article (who demands, who opposes) is tested in test_briefing_verdicts."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt
import nbformat
import pytest

from briefing.analysis.data import facts
from briefing.analysis.evidence import alignment as al
from briefing.analysis.evidence import voices
from helpers import ROOT

CHAPTERS = {"05": ROOT / "notebooks" / "05-regional-alignment.ipynb", "08": ROOT / "notebooks" / "08-voices.ipynb"}
HISTORY = re.compile(r"\b(?:previously|until a few years ago|once seen)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def data():
    return {name: facts.load(name) for name in ("positions", "memberships", "actors", "events", "quotations", "people")}


@pytest.fixture(scope="module")
def figure(data):
    shown = al.positions_figure(data["positions"], data["memberships"], data["actors"], data["events"])
    yield shown.fig, al.positions_drawn(data["positions"], data["memberships"], data["actors"]), shown.alt
    plt.close(shown.fig)


def source(chapter: str) -> str:
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    return "\n".join(c.source for c in nb.cells)


def test_history_is_coded_as_past_and_never_drawn(data, figure):
    positions = data["positions"]
    historical = positions[positions["quote"].str.contains(HISTORY)]
    assert len(historical) >= 2
    assert set(historical["period"]) == {"past"}, historical[["id", "period"]]
    _, drawn, _ = figure
    assert not set(drawn["id"]) & set(al.past(positions)["id"])


def test_figure_draws_only_the_actors_own_or_reported_current_stands(data, figure):
    _, drawn, _ = figure
    rows = data["positions"].set_index("id").loc[drawn["id"]]
    assert set(rows["attribution"]) <= {"actor", "article"} and set(rows["period"]) == {"current"}
    assert "other" not in set(drawn["stance"])
    assert set(rows["issue"]) <= set(al.config()["question"])


def test_figure_marks_carry_information_and_text_reads_in_print(data, figure):
    fig, drawn, alt = figure
    ax = fig.axes[0]
    assert len(ax.get_xticks()) == drawn["column"].nunique()  # no empty column
    assert len(ax.get_yticks()) == drawn["actor"].nunique()  # no empty row
    print_scale = min(1.0, (16.5 / 2.54) / fig.get_figwidth())
    texts = [
        *ax.texts,
        *ax.get_xticklabels(),
        *ax.get_yticklabels(),
        *(t for legend in fig.legends for t in [*legend.get_texts(), legend.get_title()]),
    ]
    assert min(t.get_fontsize() for t in texts if t.get_text()) * print_scale >= 7
    faces = {line.get_markerfacecolor() for line in ax.lines if line.get_gid()}
    assert len(faces) == drawn["stance"].nunique()  # colour follows the stance, not the actor
    short = data["actors"].set_index("id")["short_name"]
    assert all(short[actor] in alt for actor in drawn["actor"].unique())  # every row is named in words


def test_every_quotation_of_a_person_is_quoted_in_the_voices_chapter(data):
    text = source("08")
    quoted = set(re.findall(r'v\.quote\("([^"]+)"\)', text))
    people = set(data["quotations"].loc[data["quotations"]["speaker"].notna(), "id"])
    assert people <= quoted, people - quoted
    statements = set(data["quotations"].loc[data["quotations"]["medium"] == "statement", "id"])
    assert statements <= quoted | set(re.findall(r'"(quote-[a-z0-9-]+)"', source("05") + text))


def test_every_analyst_assessment_reaches_the_voices_chapter(data):
    positions, quotations = data["positions"], data["quotations"]
    table = voices.assessments_table(positions, data["people"], data["actors"], quotations, {})
    marks = " ".join(table.iloc[:, -1])  # rows proved by one excerpt share a mark that names them in data-rows
    in_table = set(re.findall(r"fact-([a-z0-9-]+)", " ".join(re.findall(r'data-rows="([^"]+)"', marks))))
    quoted_ids = set(re.findall(r'v\.quote\("([^"]+)"\)', source("08")))
    coded = {p for q in quoted_ids for p in voices.coded_from(q, positions)}
    assessed = set(al.assessed(positions)["id"])
    assert assessed <= in_table | coded, assessed - in_table - coded


def test_every_present_position_of_an_actor_is_drawn_or_cited(data, figure):
    _, drawn, _ = figure
    positions = data["positions"]
    cited = set(re.findall(r'"(pos-[a-z0-9-]+)"', source("05")))
    cited |= {s for pid in cited if pid in set(positions["id"]) for s in al.same_statement(positions, pid)}
    quoted = set(re.findall(r'v\.quote\("([^"]+)"\)', source("05") + source("08")))
    cited |= {p for q in quoted for p in voices.coded_from(q, positions)}
    present = set(al.own(al.current(positions))["id"])
    assert present - cited - set(drawn["id"]) == set()
