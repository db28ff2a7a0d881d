"""Charts: one mark per input row, each mark where its data put it, labels that never collide."""

from __future__ import annotations

import calendar
import itertools
import random

import matplotlib

matplotlib.use("agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from briefing.analysis.data import dates, facts
from briefing.analysis.figures import intervals, style, timelines
from briefing.analysis.figures.labels import assign_lanes, pack_labels
from briefing.analysis.figures.matrix import Symbol, cell_offsets, stance_matrix

COLOURS = {"a": "#0072b2", "b": "#d55e00", "c": "#009e73"}  # "d" deliberately has no colour
SYMBOLS = {
    "for": Symbol("^", True, "for", colour="#c98a00"),
    "against": Symbol("X", True, "against", colour="#b2432f"),
    "other": Symbol("o", False, "other"),
}  # no colour: drawn in the neutral grey
ROWS, COLUMNS = ["a", "b", "c", "d"], ["x", "y", "z"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def statements(seed: int = 7, count: int = 30) -> pd.DataFrame:
    """Random statements, with crowded cells (several statements of one actor in one column); every row
    and column holds at least one."""
    rng = random.Random(seed)
    rows = [
        {"id": f"s{i}", "actor": rng.choice(ROWS), "issue": rng.choice(COLUMNS), "stance": rng.choice(list(SYMBOLS))}
        for i in range(count)
    ]
    rows += [{"id": f"crowd{i}", "actor": "a", "issue": "x", "stance": "for"} for i in range(6)]
    rows += [
        {"id": f"all{k}", "actor": r, "issue": c, "stance": "against"}
        for k, (r, c) in enumerate(zip(ROWS, COLUMNS * 2))
    ]
    return pd.DataFrame(rows)


def matrix(data: pd.DataFrame, **kw):
    return stance_matrix(data, ROWS, COLUMNS, SYMBOLS, column="issue", **kw)


def marks(fig) -> dict[str, object]:
    """Every artist carrying a gid, by gid (tick labels and guides carry none)."""
    found = {}
    for ax in fig.axes:
        for artist in [*ax.lines, *ax.patches]:
            if artist.get_gid():
                assert artist.get_gid() not in found, f"{artist.get_gid()} drawn twice"
                found[artist.get_gid()] = artist
    return found


def labels(fig) -> list[Text]:
    return [t for ax in fig.axes for t in ax.texts if (t.get_gid() or "").endswith("-label")]


def disjoint(a, b) -> bool:
    return a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0


# --- Stance matrix ---------------------------------------------------------------------------


def test_matrix_draws_one_marker_per_statement():
    data = statements()
    fig = matrix(data)
    assert sorted(marks(fig)) == sorted(data["id"])


def test_matrix_markers_sit_in_their_cell_without_covering_each_other():
    data = statements()
    groups = {"a": "G1", "b": "G1", "c": "G2", "d": "G2"}
    fig = matrix(data, groups=groups)
    ax = fig.axes[0]
    fig.canvas.draw()
    row_y = dict(zip(ROWS, ax.get_yticks()))
    found = marks(fig)
    centres = {}
    for s in data.itertuples():
        x, y = found[s.id].get_xdata()[0], found[s.id].get_ydata()[0]
        assert abs(x - COLUMNS.index(s.issue)) < 0.5 and abs(y - row_y[s.actor]) < 0.5, s.id
        centres[s.id] = ax.transData.transform((x, y))
    for _, cell in data.groupby(["actor", "issue"]):
        for p, q in itertools.combinations(cell["id"], 2):
            size_px = found[p].get_markersize() * fig.dpi / 72
            distance = ((centres[p] - centres[q]) ** 2).sum() ** 0.5
            assert distance >= size_px, f"{p} and {q} overlap"


def test_matrix_shape_fill_and_colour_are_the_stances_never_the_rows():
    data = statements()
    found = marks(matrix(data))
    for s in data.itertuples():
        line, marker = found[s.id], SYMBOLS[s.stance]
        expected = to_rgba(marker.colour or style.NEUTRAL)
        assert line.get_marker() == marker.shape
        if marker.filled:
            assert to_rgba(line.get_markerfacecolor()) == expected
        else:
            assert to_rgba(line.get_markeredgecolor()) == expected
            assert to_rgba(line.get_markerfacecolor()) == to_rgba("white")
    colours = {to_rgba(found[s.id].get_markerfacecolor()) for s in data.itertuples() if s.stance == "for"}
    assert len(colours) == 1  # one stance, one colour, whoever the actor


def test_matrix_has_a_legend_entry_per_stance_drawn():
    data = statements()
    fig = matrix(data[data["stance"] != "other"], legend_title="On the question:")
    legend = fig.legends[0]
    assert {t.get_text() for t in legend.get_texts()} == {"for", "against"}
    assert legend.get_title().get_text() == "On the question:"


def test_matrix_text_is_at_least_seven_points_at_print_width():
    fig = matrix(statements(), groups={"a": "G1", "c": "G2"}, legend_title="Key")
    print_scale = min(1.0, (16.5 / 2.54) / fig.get_figwidth())  # A4 text width
    texts = [t for ax in fig.axes for t in [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels()]]
    texts += [t for legend in fig.legends for t in [*legend.get_texts(), legend.get_title()]]
    assert texts and min(t.get_fontsize() for t in texts if t.get_text()) * print_scale >= 7


def test_matrix_column_heads_are_horizontal():
    fig = matrix(statements(), column_labels={"x": "A long column heading that must wrap"})
    heads = fig.axes[0].get_xticklabels()
    assert all(t.get_rotation() == 0 for t in heads)
    assert "\n" in heads[0].get_text()


@pytest.mark.parametrize("column, value", [("actor", "zz"), ("issue", "nowhere"), ("stance", "undecided")])
def test_matrix_refuses_statements_it_cannot_place(column, value):
    data = statements()
    data.loc[0, column] = value
    with pytest.raises(ValueError):
        matrix(data)


@pytest.mark.parametrize("column, key", [("actor", "d"), ("issue", "z")])
def test_matrix_refuses_a_row_or_column_without_a_mark(column, key):
    data = statements()
    with pytest.raises(ValueError, match="without any statement"):
        matrix(data[data[column] != key])


def test_cell_offsets_are_distinct_and_each_line_is_centred():
    for count in range(1, 10):
        offsets = cell_offsets(count, 3, 0.25, 0.3)
        assert len(set(offsets)) == count
        lines = sorted({y for _, y in offsets})
        assert len(lines) == -(-count // 3) and sum(lines) == pytest.approx(0)
        for line in lines:
            assert sum(x for x, y in offsets if y == line) == pytest.approx(0)


# --- Timeline --------------------------------------------------------------------------------

TRACKS = [timelines.Track("claim", "Claims"), timelines.Track("reference", "Reference", hollow=True)]
WINDOW = timelines.Window(pd.Timestamp("2019-06-01"), pd.Timestamp("2025-12-31"), "Main")


def timeline_items() -> pd.DataFrame:
    """Ranges of month, year and multi-year precision, and crowded points with long labels."""
    T = pd.Timestamp
    rows = [
        ("m1", T("2020-01-01"), T("2020-01-31"), "claim", "#0072b2", "A month-long event with a fairly long label"),
        ("y1", T("2021-01-01"), T("2021-12-31"), "claim", "#d55e00", "A whole year"),
        ("y2", T("2024-01-01"), T("2024-12-31"), "claim", None, "Another year, without a main actor"),
        ("m2", T("2025-05-01"), T("2025-05-31"), "claim", "#009e73", "Four things in one month, the first"),
        ("m3", T("2025-05-01"), T("2025-05-31"), "claim", "#009e73", "the second"),
        (
            "m4",
            T("2025-05-01"),
            T("2025-05-31"),
            "claim",
            None,
            "the third, with a label long enough to wrap twice over",
        ),
        ("m5", T("2025-05-01"), T("2025-05-31"), "claim", "#0072b2", "the fourth"),
    ]
    rows += [
        (
            f"d{i}",
            T("2025-10-07") + pd.Timedelta(days=i % 3),
            T("2025-10-07") + pd.Timedelta(days=i % 3),
            "claim",
            "#cc79a7" if i % 2 else None,
            f"Point event number {i} on a crowded day",
        )
        for i in range(6)
    ]
    rows += [
        ("r1", T("2020-02-29"), T("2020-02-29"), "reference", "#2f4f6f", "Reference date near the first month"),
        ("r2", T("2021-08-15"), T("2021-08-15"), "reference", "#2f4f6f", "Reference inside the year"),
        ("r3", T("2021-08-30"), T("2021-08-30"), "reference", "#2f4f6f", "A second reference a fortnight later"),
    ]
    return pd.DataFrame(rows, columns=["id", "start", "end", "band", "colour", "label"])


def test_timeline_draws_each_item_once():
    items = timeline_items()
    assert sorted(marks(timelines.timeline(items, [WINDOW], TRACKS))) == sorted(items["id"])


def test_ranges_span_their_dates_and_points_sit_on_their_day():
    items = timeline_items()
    found = marks(timelines.timeline(items, [WINDOW], TRACKS))
    for item in items.itertuples():
        mark = found[item.id]
        if item.start == item.end:
            assert isinstance(mark, Line2D)
            assert mark.get_xdata()[0] == pytest.approx(mdates.date2num(item.start))
        else:
            assert isinstance(mark, Rectangle)
            assert mark.get_x() == pytest.approx(mdates.date2num(item.start))
            assert mark.get_x() + mark.get_width() == pytest.approx(mdates.date2num(item.end + pd.Timedelta(days=1)))


def test_timeline_colours_follow_the_data_and_hollow_tracks_stay_hollow():
    items = timeline_items()
    found = marks(timelines.timeline(items, [WINDOW], TRACKS))
    for item in items.itertuples():
        mark = found[item.id]
        face = mark.get_facecolor() if isinstance(mark, Rectangle) else mark.get_markerfacecolor()
        if item.band == "reference" or pd.isna(item.colour):
            assert to_rgba(face) == to_rgba("white")
        else:
            assert to_rgba(face) == to_rgba(item.colour)
        if item.band == "reference":
            assert isinstance(mark, Line2D) and mark.get_marker() != found["d1"].get_marker()


def label_boxes(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return {t.get_gid().removesuffix("-label"): t.get_window_extent(renderer) for t in labels(fig)}, renderer


def test_no_two_timeline_labels_overlap():
    items = timeline_items()
    fig = timelines.timeline(items, [WINDOW], TRACKS)
    boxes, _ = label_boxes(fig)
    assert set(boxes) == set(items["id"])
    for (p, a), (q, b) in itertools.combinations(boxes.items(), 2):
        assert disjoint(a, b), f"labels of {p} and {q} overlap"


def test_labels_cover_no_other_mark_and_stay_in_the_figure():
    items = timeline_items()
    fig = timelines.timeline(items, [WINDOW], TRACKS)
    boxes, renderer = label_boxes(fig)
    found = marks(fig)
    figure_box = fig.bbox
    for gid, box in boxes.items():
        assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1, f"label of {gid} leaves the figure"
        for other, mark in found.items():
            if other != gid:
                assert disjoint(box, mark.get_window_extent(renderer)), f"label of {gid} covers {other}"


def test_items_go_to_the_narrowest_window():
    items = timeline_items()
    detail = timelines.Window(pd.Timestamp("2025-09-01"), pd.Timestamp("2025-10-31"), "Detail")
    fig = timelines.timeline(items, [WINDOW, detail], TRACKS)
    main_ax, detail_ax = fig.axes
    in_detail = {a.get_gid() for a in [*detail_ax.lines, *detail_ax.patches] if a.get_gid()}
    expected = set(items.loc[(items["start"] >= detail.start) & (items["end"] <= detail.end), "id"])
    assert in_detail == expected
    assert sorted(marks(fig)) == sorted(items["id"])


def test_items_outside_every_window_are_refused():
    items = timeline_items()
    with pytest.raises(ValueError):
        timelines.timeline(
            items, [timelines.Window(pd.Timestamp("2022-01-01"), pd.Timestamp("2025-12-31"), "Late")], TRACKS
        )


def test_the_briefings_own_events_get_collision_free_labels():
    events = facts.load("events")
    items = pd.DataFrame(
        {
            "id": events["id"],
            "start": events["date"],
            "end": events["date_end"],
            "band": "claim",
            "colour": None,
            "label": events["title"],
        }
    )
    window = timelines.Window(
        events["date"].min() - pd.Timedelta(days=400), events["date_end"].max() + pd.Timedelta(days=60), "All"
    )
    fig = timelines.timeline(items, [window], TRACKS[:1])
    boxes, _ = label_boxes(fig)
    assert len(boxes) == len(items)
    for (p, a), (q, b) in itertools.combinations(boxes.items(), 2):
        assert disjoint(a, b), f"labels of {p} and {q} overlap"


def max_overlap(intervals, gap):
    """Most intervals (widened by gap) covering one point: a lower bound on any lane assignment."""
    edges = sorted(
        [(lo, 1) for lo, _ in intervals] + [(hi + gap, -1) for _, hi in intervals], key=lambda e: (e[0], e[1])
    )
    depth = best = 0
    for _, step in edges:
        depth += step
        best = max(best, depth)
    return best


@pytest.mark.parametrize("seed", range(5))
def test_lanes_never_overlap_and_use_no_more_lanes_than_needed(seed):
    rng = random.Random(seed)
    intervals = sorted((lo, lo + rng.uniform(0.1, 5)) for lo in (rng.uniform(0, 20) for _ in range(40)))
    chosen = assign_lanes([[iv] for iv in intervals], gap=0.2)
    lanes = {}
    for iv, (lane, option) in zip(intervals, chosen, strict=True):
        assert option == 0
        lanes.setdefault(lane, []).append(iv)
    for members in lanes.values():
        for (a0, a1), (b0, b1) in itertools.combinations(members, 2):
            assert a1 + 0.2 <= b0 or b1 + 0.2 <= a0
    assert len(lanes) == max_overlap(intervals, 0.2)


def test_pack_labels_prefers_the_side_that_shares_a_lane():
    # a long bar whose label fits on either side, and a point right after it whose label fits only to the right
    sides = [{"right": (0.0, 15.0), "left": (-6.0, 10.0)}, {"right": (11.0, 16.0)}]
    assert pack_labels(sides) == [(0, "left"), (0, "right")]


@pytest.mark.parametrize("day", ["2025-10-07", "2001-09-11", "2020-02-29"])
def test_period_text_keeps_the_stated_precision(day):
    d = pd.Timestamp(day)
    month = calendar.month_name[d.month]
    assert dates.period_text(d, d, "day").split() == [str(d.day), month, str(d.year)]
    assert dates.period_text(d.replace(day=1), d + pd.offsets.MonthEnd(0), "month").split() == [month, str(d.year)]
    assert dates.period_text(d.replace(month=1, day=1), d.replace(month=12, day=31), "year") == str(d.year)
    decade = d.year - d.year % 10
    start, end = pd.Timestamp(f"{decade}-01-01"), pd.Timestamp(f"{decade + 9}-12-31")
    assert dates.period_text(start, end, "decade") == f"{decade}s"


def resolved_items() -> pd.DataFrame:
    items = timeline_items()
    return items.assign(resolved=[i in ("d0", "d1", "y1") for i in items["id"]])


def test_resolved_points_are_half_filled_in_their_colour_and_other_marks_are_not():
    items = resolved_items()
    found = marks(timelines.timeline(items, [WINDOW], TRACKS, resolved="resolved"))
    for item in items.itertuples():
        mark = found[item.id]
        if not isinstance(mark, Line2D) or item.band == "reference":
            continue
        if item.resolved:
            assert mark.get_fillstyle() == "left", item.id
            assert to_rgba(mark.get_markerfacecoloralt()) == to_rgba("white")
            if isinstance(item.colour, str):
                assert to_rgba(mark.get_markerfacecolor()) == to_rgba(item.colour)
        else:
            assert mark.get_fillstyle() == "full", item.id
    assert isinstance(found["y1"], Rectangle)  # a resolved range is still drawn as its bar


def keys(fig) -> dict[str, object]:
    """The drawn key of each entry of the first legend row (the marks), by legend text."""
    legend = fig.legends[0]
    return {t.get_text(): h for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)}


def test_resolved_points_get_a_legend_entry_only_when_drawn():
    with_flag = keys(
        timelines.timeline(resolved_items(), [WINDOW], TRACKS, resolved="resolved", resolved_label="resolved day")
    )
    assert "resolved day" in with_flag
    only_ranges = resolved_items().assign(resolved=lambda f: f["id"] == "y1")
    assert "resolved day" not in keys(
        timelines.timeline(only_ranges, [WINDOW], TRACKS, resolved="resolved", resolved_label="resolved day")
    )
    assert "resolved day" not in keys(
        timelines.timeline(timeline_items(), [WINDOW], TRACKS, resolved_label="resolved day")
    )


def test_mark_keys_are_ink_outlines_that_no_colour_swatch_can_be_taken_for():
    items = timeline_items()
    legend = {"Taliban": "#666666", "Pakistan": "#009e73", "no colour": "white"}
    fig = timelines.timeline(items, [WINDOW], TRACKS, legend=legend)
    drawn = keys(fig)
    bar, day = drawn["month or year (range)"], drawn["exact day"]
    assert isinstance(bar, Rectangle) and bar.get_width() > 3 * bar.get_height()  # a thin bar, unlike the swatches
    for key in (bar, day):
        assert to_rgba(key.get_facecolor()) == to_rgba("white")
        assert to_rgba(key.get_edgecolor()) == to_rgba(style.INK)
    swatches = fig.legends[1].legend_handles
    assert {to_rgba(s.get_facecolor()) for s in swatches} == {to_rgba(c) for c in legend.values()}
    for swatch in swatches:
        assert swatch.get_width() <= 2 * swatch.get_height()  # colour swatches stay squares


def test_the_legend_keys_only_the_kinds_of_mark_drawn():
    only_ranges = timeline_items()
    only_ranges = only_ranges[(only_ranges["start"] != only_ranges["end"]) & (only_ranges["band"] == "claim")]
    texts = keys(timelines.timeline(only_ranges, [WINDOW], TRACKS))
    assert "month or year (range)" in texts and "exact day" not in texts
    assert not any("reference" in t for t in texts)  # no item in the hollow track, so no key for it


def test_timeline_text_prints_at_seven_points_or_more_at_a4_text_width():
    fig = timelines.timeline(resolved_items(), [WINDOW], TRACKS, resolved="resolved", legend={"a": "#0072b2"})
    fig.canvas.draw()
    scale = min(1.0, 6.5 / fig.get_figwidth())  # A4 text width (16.5 cm) in inches
    sizes = [t.get_fontsize() * scale for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert sizes and min(sizes) >= 7


def test_keys_take_the_colour_of_marks_drawn_in_one_colour_without_a_colour_legend():
    items = resolved_items().assign(colour="#7a4b00")
    fig = timelines.timeline(items, [WINDOW], TRACKS, resolved="resolved")
    legend = fig.legends[0]
    fig.canvas.draw()
    faces = {
        to_rgba(a.get_facecolor())
        for a in legend.findobj(matplotlib.patches.Patch)
        if a.get_facecolor()[3] and a.get_facecolor()[:3] != (1.0, 1.0, 1.0)
    }
    assert to_rgba("#7a4b00") in faces


# --- Interval chart --------------------------------------------------------------------------


def test_interval_chart_shows_the_widened_interval_and_legible_labels():
    rows = [
        intervals.IntervalRow(
            "a – b", 44, 34.5, 53.5, 47.1, verdict="Consistent", core=(43.5, 44.5), note="stated ÷ computed 0.93"
        ),
        intervals.IntervalRow("c – d", 800, 675, 935, 520.6, others=((779, "K"),), verdict="Overstated"),
    ]
    fig = intervals.interval_chart(rows)
    ax = fig.axes[0]
    assert len(ax.patches) == 3  # two admitted intervals, one core inside
    texts = {t.get_text(): t for t in ax.texts}
    assert {"47.1 km", "521 km", "K", "Consistent", "stated ÷ computed 0.93"} <= set(texts)
    assert min(t.get_fontsize() for t in ax.texts) >= 7.5
    labels = {t.get_text() for t in fig.legends[0].get_texts()}
    assert any("extent" in label for label in labels)
    plt.close(fig)


def test_interval_chart_has_one_row_per_claim_on_a_log_scale():
    rows = [
        intervals.IntervalRow("a", 44, 43.5, 44.5, 47.1, verdict="Understated"),
        intervals.IntervalRow("b", 2400, 2115, 2695, None, (524, 2494), ((2268, "H"),), "Plausible"),
        intervals.IntervalRow("c", 8000, 6750, 8000, None, None, ((5736, "C"), (11127, "W")), "Unverifiable"),
    ]
    fig = intervals.interval_chart(rows)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["c", "b", "a"]
    lo, hi = ax.get_xlim()
    assert lo < 43.5 and hi > 11127
    assert len(ax.patches) == 3
    plt.close(fig)
