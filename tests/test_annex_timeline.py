"""The timeline chapter's marks and figures from the real data: every event once, days where known, print sizes."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.text import Text

from briefing.analysis.data import facts, settings
from briefing.analysis.evidence import timeline as tl
from briefing.analysis.figures import style, timelines
from helpers import ROOT


@pytest.fixture(autouse=True)
def project(use_project):
    use_project(ROOT)
    yield
    plt.close("all")


def marks() -> pd.DataFrame:
    return tl.marks(
        facts.load("events"),
        facts.load("reference_facts"),
        facts.load("happenings"),
        style.colours(facts.load("actors")),
    )


def parts():
    cfg, events = settings.section("timeline"), facts.load("events")
    dateline = facts.load("sources").set_index("id").loc[events["source_id"].iloc[0], "dateline_date"]
    detail_from = tl.detail_start(dateline, cfg["detail_months"])
    return tl.split(marks(), pd.Timestamp(cfg["drawn_from"]), detail_from, pd.Timedelta(days=cfg["gap_days"]))


def test_every_event_is_in_exactly_one_mark():
    cited = [i for ids in marks()["facts"] for i in ids if i.startswith("evt-")]
    assert sorted(cited) == sorted(facts.load("events")["id"])


def test_a_reference_giving_a_happenings_day_is_not_drawn_again():
    items, happenings = marks(), facts.load("happenings")
    assert not set(happenings["day_from"].dropna()) & set(items.loc[items["band"] == "reference", "id"])


def test_happenings_known_to_the_day_are_points_on_that_day():
    items = marks().set_index("id")
    refs = facts.load("reference_facts").set_index("id")
    for h in facts.load("happenings").dropna(subset=["day_from"]).itertuples():
        assert items.loc[h.id, "start"] == items.loc[h.id, "end"] == refs.loc[h.day_from, "date"], h.id


def test_list_overview_and_detail_share_out_every_mark_once():
    early, clusters, detail = parts()
    ids = [*early["id"], *(i for c in clusters for i in c["id"]), *detail["id"]]
    assert len(ids) == len(set(ids)) and set(ids) == set(marks()["id"])
    assert len(clusters) >= 1 and len(detail) >= 1


def test_no_panel_spans_decades():
    _, clusters, detail = parts()
    for group in [*clusters, detail]:
        w = tl.window(group)
        assert (w.end - w.start).days < 3 * 365, w.title


def test_the_figures_draw_each_mark_once_with_text_of_seven_points_at_print_width():
    _, clusters, detail = parts()
    tracks = [timelines.Track("claim", "Article"), timelines.Track("reference", "Reference\ndates", hollow=True)]
    for items, windows in [(pd.concat(clusters), [tl.window(c) for c in clusters]), (detail, [tl.window(detail)])]:
        fig = timelines.timeline(items, windows, tracks, resolved="resolved")
        gids = [a.get_gid() for ax in fig.axes for a in [*ax.lines, *ax.patches] if a.get_gid()]
        assert sorted(gids) == sorted(items["id"])
        fig.canvas.draw()
        scale = min(1.0, 6.5 / fig.get_figwidth())
        assert min(t.get_fontsize() * scale for t in fig.findobj(Text) if t.get_text().strip()) >= 7
