"""Tests of briefing.analysis.figures.geofigures: the maps the brief and the annex draw."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from briefing.analysis.figures import geofigures, style


@pytest.fixture(scope="module")
def regional():
    drawn = geofigures.regional_map()
    yield drawn
    plt.close(drawn.fig)


def test_regional_map_text_is_legible_at_print_width(regional):
    assert style.smallest_print_pt(regional.fig) >= 7.0


def test_regional_map_legend_carries_no_stance_unless_asked(regional):
    labels = (
        [t.get_text() for t in regional.fig.axes[0].get_legend().get_texts()]
        if regional.fig.axes[0].get_legend()
        else [t.get_text() for legend in regional.fig.legends for t in legend.get_texts()]
    )
    assert labels and not any("opposes" in label for label in labels)  # one message: geography
    assert "521 km" in regional.alt and "Xinjiang" in regional.alt
    assert "Natural Earth" in regional.credit


def test_regional_map_with_stances_hatches_the_declaration():
    drawn = geofigures.regional_map(stances=True)
    labels = [t.get_text() for legend in drawn.fig.legends for t in legend.get_texts()] or [
        t.get_text() for t in drawn.fig.axes[0].get_legend().get_texts()
    ]
    assert any("signed" in label for label in labels) and any("opposes" in label for label in labels)
    plt.close(drawn.fig)
