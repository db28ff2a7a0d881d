"""What this briefing finds for this article, from the built project: the runway and casualty readings
behind its checks, and the regional front its figure shows.

The rules that produce them are tested on fixtures and synthetic rows (test_runways, test_casualties,
test_annex_alignment); this file holds what they give for the committed data, so that a change of data or of
a rule that moves a verdict shows here, in one place."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.analysis.checks import casualties, runways
from briefing.analysis.data import facts, settings
from briefing.analysis.evidence import alignment as al

pytestmark = pytest.mark.slow


@pytest.fixture
def built(project_built: Path, use_project) -> Path:
    """The built project as the one the package answers for."""
    use_project(project_built)
    return project_built


def chapter_text(root: Path, stem: str) -> str:
    soup = BeautifulSoup((root / "reports" / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    return " ".join(soup.find("section", id=stem).get_text(" ").split())


def chapter_cells(root: Path, stem: str) -> list[str]:
    soup = BeautifulSoup((root / "reports" / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    return [td.get_text(" ", strip=True) for td in soup.find("section", id=stem).select("table td")]


# ---------------------------------------------------------------------------------------------
# The base and security chapters: runways and casualties
# ---------------------------------------------------------------------------------------------


def test_the_article_runway_lengths_against_the_reference_runways(built):
    table = runways.check()
    assert "unverifiable" not in set(table["verdict"])
    bagram = table[table["facility"] == settings.section("geography")["origin"]].set_index("fact")
    assert list(bagram.index) == ["base-bagram-runway-1-length", "base-bagram-runway-2-length"]
    assert list(bagram["reference"]) == [
        "ref-bagram-airfield-runway-03r-21l-length",
        "ref-bagram-airfield-runway-03l-21r-length",
    ]
    assert list(bagram["verdict"]) == ["consistent", "consistent"]
    # 1.9 miles admits 2,977-3,138 m; the shorter runway is 9,687 ft = 2,953 m
    assert list(bagram["alt_verdict"]) == ["consistent", "overstated"]
    assert runways.overall(bagram) == "consistent" and runways.overall(bagram, "alt_verdict") == "partly"
    assert bagram["reference_m"].tolist() == pytest.approx([3602.736, 2952.5976])


def test_casualties_are_consistent_read_as_deaths_and_as_killed_and_wounded(built):
    security = settings.section("security")
    table = casualties.readings(security["casualty_claim"], security["casualty_readings"]).set_index("reading")
    assert table.loc["killed", "reference"] == 2546 and table.loc["killed and wounded", "reference"] == 2546 + 2267
    assert set(table["verdict"]) == {"consistent"}
    assert table.loc["killed", "ratio"] == pytest.approx(2500 / 2546)


def test_the_base_chapter_shows_the_runway_verdicts(project_built: Path):
    text = chapter_text(project_built, "02-the-base")
    assert "the kilometre figures are consistent" in text
    assert "the conversions to miles are partly consistent" in text
    cells = chapter_cells(project_built, "02-the-base")
    assert "3.55–3.65 km" in cells and "1.83 mi" in cells and "Overstated" in cells and "1.9 mi (conversion)" in cells


def test_the_security_chapter_says_the_measure_is_ambiguous_and_gives_the_reference_counts(project_built: Path):
    text = chapter_text(project_built, "06-security")
    assert "“casualties” is ambiguous" in text
    assert "2,546" in text and "4,813" in text and "2,267" in text


# ---------------------------------------------------------------------------------------------
# The regional front
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def front(built):
    data = {name: facts.load(name) for name in ("positions", "memberships", "actors", "events")}
    drawn = al.positions_drawn(data["positions"], data["memberships"], data["actors"])
    return data, drawn


def test_the_figure_shows_the_us_alone_against_every_moscow_participant(front):
    data, drawn = front
    cfg = al.config()
    assert set(drawn.loc[drawn["stance"] == "demands", "actor"]) == {"united_states"}
    last = cfg["joint_statements"][-1]["group"]
    assert set(drawn.loc[drawn["column"] == last, "actor"]) == set(al.members(data["memberships"], last))
    assert set(drawn.loc[drawn["column"] == last, "stance"]) == {"opposes"}
    first = cfg["joint_statements"][0]["group"]  # the earlier signatories were all at the later statement
    assert set(al.members(data["memberships"], first)) <= set(al.members(data["memberships"], last))
    assert "pos-pakistan-supported-taliban-for-decades" in set(al.past(data["positions"])["id"])


def test_the_figure_alt_text_names_the_taliban_and_the_joint_statement(front):
    import matplotlib.pyplot as plt

    data, _ = front
    shown = al.positions_figure(data["positions"], data["memberships"], data["actors"], data["events"])
    plt.close(shown.fig)
    assert "Taliban" in shown.alt and "Moscow Format joint statement" in shown.alt


def test_the_article_characterisations_are_coded_with_their_words(front):
    positions = front[0]["positions"].set_index("id")
    for pid, words in [
        ("pos-moscow-format-did-not-name-us", "They did not name the US"),
        ("pos-moscow-format-target-clear", "the target was clear, say experts"),
        ("pos-taliban-hands-strengthened", "strengthens the Taliban’s hands"),
        ("pos-moscow-format-criticism-of-bagram-plans", "criticism of Trump’s Bagram plans"),
    ]:
        assert words in positions.loc[pid, "quote"]
    assert positions.loc["pos-moscow-format-target-clear", "attribution"] == "analyst"
    assert positions.loc["pos-moscow-format-did-not-name-us", "attribution"] == "article"
