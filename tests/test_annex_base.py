"""The annex chapters on the base (02) and on security (06): their checks on the real data, and what they show."""

from __future__ import annotations

import re

import nbformat
import pytest
from bs4 import BeautifulSoup

from briefing.analysis.checks import casualties, claims, runways
from briefing.analysis.data import settings
from helpers import ROOT, code_lines

CHAPTERS = {"02": ROOT / "notebooks" / "02-the-base.ipynb", "06": ROOT / "notebooks" / "06-security.ipynb"}
EVAL = re.compile(r"\{eval\}`[^`]*`")

#: What each chapter cited before it moved to MyST: every one must still be cited there.
CITED_BEFORE = {
    "02": [
        "calc-azimuth-reference-city",
        "calc-origin-reference-city",
        "fact-bagram_airfield",
        "fact-base-bagram-built-by",
        "fact-base-bagram-built-by-trump-claim",
        "fact-base-bagram-built-period",
        "fact-base-bagram-capability-heavy-aircraft",
        "fact-base-bagram-runway-1-length",
        "fact-base-bagram-runway-2-length",
        "fact-base-bagram-runway-count",
        "fact-base-bagram-runway-surface",
        "fact-base-bagram-significance-war-on-terror",
        "fact-dist-bagram-kabul",
        "fact-evt-1950s-bagram-built-by-soviet-union",
        "fact-evt-2001-09-11-attacks",
        "fact-evt-2021-us-withdrawal",
        "fact-ref-bagram-icao-code",
        "fact-ref-c17-min-runway-length-m",
        "fact-ref-us-forces-leave-bagram",
    ],
    "06": [
        "fact-cas-pakistan-2024-deadliest-decade",
        "fact-cas-pakistan-2024-violence",
        "fact-cas-pakistan-2025-10-08-ttp-ambush",
        "fact-evt-2025-05-pakistan-upgrades-ties",
        "fact-evt-2025-10-07-moscow-format-meeting",
        "fact-evt-2025-10-08-ttp-ambush",
        "fact-mem-moscow-format-2025-pakistan",
        "fact-mem-moscow-format-2025-taliban",
        "fact-org-bla",
        "fact-org-iskp",
        "fact-org-ttp",
        "fact-pos-central-asian-states-fear-soil-used",
        "fact-pos-kazakhstan-fears-spillover",
        "fact-pos-kyrgyzstan-fears-spillover",
        "fact-pos-pakistan-alleges-groups-operate-from-afghan-soil",
        "fact-pos-pakistan-frustrated-militants",
        "fact-pos-regional-countries-alarmed-armed-groups",
        "fact-pos-tajikistan-fears-spillover",
        "fact-pos-taliban-deny-supporting-attacks-from-afghan-soil",
        "fact-pos-taliban-reject-pakistan-allegations",
        "fact-pos-uzbekistan-fears-spillover",
        "fact-quote-bahiss-kabul-cannot-offer",
        "fact-quote-khan-neighbours-fear",
    ],
}
#: The reference facts the rewritten chapters add.
CITED_NEW = {
    "02": [
        "fact-ref-bagram-soviet-built-1950s",
        "fact-ref-bagram-second-runway-us-era",
        "fact-ref-bagram-new-runway-2006",
        "fact-ref-bagram-airfield-runway-03r-21l-length",
        "fact-ref-bagram-airfield-runway-03l-21r-length",
        "fact-base-bagram-taken-over-by-nato",
    ],
    "06": [
        "fact-ref-pakistan-2024-violence-fatalities",
        "fact-ref-pakistan-2024-violence-injuries",
        "fact-ref-pakistan-2024-militant-fatalities",
    ],
}


# ---------------------------------------------------------------------------------------------
# The checks, on the real data
# ---------------------------------------------------------------------------------------------


def test_the_article_runway_lengths_are_checked_against_the_reference_runways():
    table = runways.check()
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


def test_no_stated_runway_is_left_unverifiable():
    assert "unverifiable" not in set(runways.check()["verdict"])


def test_casualties_are_read_as_deaths_and_as_killed_and_wounded():
    security = settings.section("security")
    table = casualties.readings(security["casualty_claim"], security["casualty_readings"]).set_index("reading")
    assert table.loc["killed", "reference"] == 2546 and table.loc["killed and wounded", "reference"] == 2546 + 2267
    assert set(table["verdict"]) == {"consistent"}
    assert table.loc["killed", "ratio"] == pytest.approx(2500 / 2546)
    assert claims.label(table.loc["killed", "verdict"]) == "Consistent"


# ---------------------------------------------------------------------------------------------
# The chapters as written
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_prose_types_no_number_and_no_id_outside_its_expressions(chapter):
    nb = nbformat.read(CHAPTERS[chapter], as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            words = EVAL.sub("", cell.source)
            assert not re.search(r"\d", words), words
            assert not re.search(r"\b(calc|dist|ref|base|cas|pos|evt|quote|check)-[a-z0-9]", words), words


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_stays_within_its_code_budget(chapter):
    assert len(code_lines(CHAPTERS[chapter])) <= 50


def test_runway_rows_are_found_by_their_attribute_not_typed_in_the_chapter():
    source = CHAPTERS["02"].read_text(encoding="utf-8")
    assert "runway-1-length" not in source and "runway-03" not in source


@pytest.fixture(scope="module")
def rendered() -> dict[str, BeautifulSoup]:
    """Both chapters executed in a fresh kernel and rendered as the briefing renders them."""
    from briefing.publish.execute import Runner
    from briefing.publish.render import chapter_fragment

    out = {}
    for chapter, path in CHAPTERS.items():
        result = Runner().run_one(path)
        assert not result.error, result.error
        out[chapter] = BeautifulSoup(str(chapter_fragment(result.notebook, path).soup), "html.parser")
    return out


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_cites_what_it_cited_before_and_its_new_reference_facts(rendered, chapter):
    anchors = {
        row
        for a in rendered[chapter].select("sup a[href^='#']")
        for row in (a.get("data-rows") or a["href"].lstrip("#")).split()
    }
    missing = sorted(set(CITED_BEFORE[chapter] + CITED_NEW[chapter]) - anchors)
    assert not missing


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_rendered_numbers_are_cited_values(rendered, chapter):
    soup = BeautifulSoup(str(rendered[chapter]), "html.parser")
    for tag in soup.select("span.num, sup, table, h1, h2, h3"):
        tag.decompose()
    assert not re.search(r"\d", soup.get_text(" ")), re.findall(r".{30}\d.{30}", soup.get_text(" "))


def test_chapter_02_shows_the_runway_verdicts(rendered):
    text = " ".join(rendered["02"].get_text(" ").split())
    assert "the kilometre figures are consistent" in text
    assert "the conversions to miles are partly consistent" in text
    cells = [td.get_text(" ", strip=True) for td in rendered["02"].select("table td")]
    assert "3.55–3.65 km" in cells and "1.83 mi" in cells and "Overstated" in cells and "1.9 mi (conversion)" in cells


def test_chapter_06_says_the_measure_is_ambiguous_and_gives_the_reference_counts(rendered):
    text = " ".join(rendered["06"].get_text(" ").split())
    assert "“casualties” is ambiguous" in text
    assert "2,546" in text and "4,813" in text and "2,267" in text
