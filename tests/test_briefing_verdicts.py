"""What this briefing finds for this article, from the built project: the verdicts of its claim checks, the
runway and casualty readings behind them, and the regional front its figure shows.

The rules that produce them are tested on fixtures and synthetic rows (test_checks, test_claims,
test_runways, test_casualties, test_annex_alignment); this file holds what they give for the committed data,
so that a change of data or of a rule that moves a verdict shows here, in one place."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.analysis.checks import annex, casualties, claimreview, claims, inline, runways
from briefing.analysis.checks import table as checks
from briefing.analysis.data import facts, settings
from briefing.analysis.evidence import alignment as al

pytestmark = pytest.mark.slow

FAR = "check-dist-unstated-origin-bagram"
DOHA = "check-evt-2020-01-doha-groundwork"


@pytest.fixture(scope="module")
def published(project_built: Path) -> dict[str, dict[str, str]]:
    """The published claim checks (reports/claim-checks.csv), by check."""
    with open(project_built / "reports" / "claim-checks.csv", encoding="utf-8") as f:
        return {row["check"]: row for row in csv.DictReader(f)}


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
# The claim checks
# ---------------------------------------------------------------------------------------------


def test_verdicts_of_each_kind(published):
    expected = {
        "check-dist-bagram-kabul": ("consistent", "True"),  # inside the interval widened by Kabul's extent
        "check-dist-bagram-kabul-direction": ("consistent", "True"),
        "check-dist-bagram-china-border": ("overstated", "False"),
        "check-dist-bagram-xinjiang-missile-facility": ("plausible, not verifiable", "False"),
        "check-pos-central-asian-states-fear-soil-used-borders": ("partly consistent", "False"),  # rests on a reading
        "check-central-asian-bloc-landlocked": ("consistent", "True"),
        "check-cas-pakistan-2024-violence": ("consistent", "False"),  # under each reading of 'casualties'
        "check-base-bagram-runway-1-length": ("consistent", "True"),
        "check-evt-2021-08-taliban-take-kabul": ("consistent", "True"),
    }
    for check, (verdict, plain) in expected.items():
        assert (published[check]["verdict"], published[check]["plain"]) == (verdict, plain), check
    assert published["check-dist-bagram-china-border"]["calcs"] == "calc-nearest-border-50m"
    casualty = published["check-cas-pakistan-2024-violence"]
    assert "killed and wounded" in casualty["explanation"] and "does not say what it counts" in casualty["explanation"]
    assert "killed" in casualty["reading"] and "ref-pakistan-2024-violence-injuries" in casualty["facts"].split("; ")
    # its miles are high only because they convert the rounded kilometres: said in words
    assert "conversion of 3 km" in published["check-base-bagram-runway-2-length"]["explanation"]
    assert "converts the rounded figure" in published["check-base-bagram-runway-2-length"]["explanation"]


def test_the_distance_without_origin_is_inconsistent_under_each_plausible_reading(published):
    row = published[FAR]
    assert row["stated"] == "nearly 8,000 km"
    assert row["verdict"] == "inconsistent under every plausible reading"
    assert "Chequers" in row["reading"] and "Washington" in row["reading"]
    assert row["finding"] == "5,700 km from Chequers; 11,100 km from Washington"
    assert row["calcs"] == "calc-distance-chequers; calc-distance-washington"
    assert "ref-trump-chequers-press-conference" in row["facts"].split("; ")
    assert row["plain"] == "False"
    assert row["low_km"] == "6750.000" and row["computed_km"] == ""
    for far_origin in ("Chukotka", "Alaska"):  # speculative origins stay out of the table
        assert far_origin not in " ".join(row[c] for c in ("claim", "stated", "finding", "reading", "explanation"))


def test_the_doha_month_is_a_wrong_date_with_its_reading(published):
    row = published[DOHA]
    assert row["verdict"] == "wrong date" and row["stated"] == "January 2020"
    assert "29 February 2020" in row["finding"] and "2018" in row["finding"]
    assert row["reading"] and "agreement" in row["reading"]
    assert row["facts"] == "evt-2020-01-doha-groundwork; ref-doha-agreement-signed; ref-us-taliban-talks-doha-2018"
    assert row["plain"] == "False"


def test_the_doha_review_is_rated_a_wrong_date_under_its_reading(project_built: Path):
    graph = json.loads((project_built / "reports" / "claim-reviews.jsonld").read_text(encoding="utf-8"))["@graph"]
    doha = next(r for r in graph if r["identifier"] == DOHA)
    assert doha["reviewRating"]["alternateName"].startswith("Wrong date")
    assert doha["reviewRating"]["ratingValue"] == claims.WORST_RATING
    assert "Reading applied" in doha["reviewBody"]


def test_the_cited_values_and_the_chart_row_of_the_doha_and_far_checks(built):
    doha = inline.cited(DOHA)
    assert repr(doha.verdict) == "wrong date" and repr(doha.stated) == "January 2020"
    assert "fact-evt-2020-01-doha-groundwork" in doha.stated.html
    assert "fact-ref-doha-agreement-signed" in doha.finding.html
    assert "fact-ref-us-taliban-talks-doha-2018" in doha.finding.html
    far = inline.cited(FAR)
    assert "calc-distance-chequers" in far.finding.html and "calc-distance-washington" in far.finding.html
    row = next(r for r in annex.interval_rows() if r.label.startswith("unstated origin"))
    assert row.computed is None and {name for _, name in row.others} == {"Chequers", "Washington"}
    assert row.verdict == "Inconsistent under every plausible reading"


def test_only_the_outside_sources_reviews_cite_carry_their_own_headline(built):
    reviewed = {r.source_id for r in checks.reviews()}
    sources = claimreview.review_sources(reviewed | {"usdos-doha-agreement-2020"})
    assert sources["aj-2025-10-09"]["headline"] == ""  # the stored article has no headline of its own
    doha = sources["usdos-doha-agreement-2020"]
    assert doha["headline"] == doha["title"] and doha["headline"]


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
    short = next(r for r in runways.reviews(table) if r.check_id == "check-base-bagram-runway-2-length")
    assert short.verdict == "consistent" and short.source_id == "aj-2025-10-09"
    assert short.quote == "the other 3km (1.9 miles)" and short.claim == "Bagram Air Base has a runway 3 km long"
    assert "1.9 mi, admits 1.85–1.95 mi against 1.83 mi: overstated" in short.explanation


def test_casualties_are_consistent_read_as_deaths_and_as_killed_and_wounded(built):
    security = settings.section("security")
    table = casualties.readings(security["casualty_claim"], security["casualty_readings"]).set_index("reading")
    assert table.loc["killed", "reference"] == 2546 and table.loc["killed and wounded", "reference"] == 2546 + 2267
    assert set(table["verdict"]) == {"consistent"}
    assert table.loc["killed", "ratio"] == pytest.approx(2500 / 2546)


def test_the_gazetteer_puts_bagram_about_forty_seven_km_north_of_kabul(built):
    from briefing.analysis.geography import geodesy as geo

    places = facts.load("places").set_index("id")
    kabul, bagram = (places.loc[p, ["lon", "lat"]].astype(float) for p in ("kabul", "bagram_airfield"))
    distance, azimuth = geo.geodesic(*kabul, *bagram)
    # GeoNames' Kabul (city centre) to the airfield reference point: ~47 km, roughly due north.
    # The article's "44km north of Kabul" has no stated reference points.
    assert 45_000 < distance < 49_000
    assert azimuth < 20 or azimuth > 340


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
