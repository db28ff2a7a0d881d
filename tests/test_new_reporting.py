"""New reporting reaches the brief: after a published edition, an article registered and a few rows added by
hand (no chapter or judgment edited) change what the brief says about its sources, fire the indicators the
rows match, set each source's figure beside the measurement, and appear in words in what changed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import NEW_REPORTING_ID, ROOT, copy_project, run_cli, take_in_new_reporting

pytestmark = pytest.mark.slow

OUTLET = "Steppe Test Wire"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project published once, then given the new-reporting fixture by hand and built again."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("new-reporting"))
    for step in (("publish",), None, ("build",)):
        if step is None:
            take_in_new_reporting(root)
            continue
        result = run_cli(root, *step)
        assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def soup(rebuilt: Path) -> BeautifulSoup:
    return BeautifulSoup((rebuilt / "reports" / "briefing.html").read_text(encoding="utf-8"), "html.parser")


def brief_text(soup: BeautifulSoup) -> str:
    """The text of the print brief (the HTML's part before the annex)."""
    brief = BeautifulSoup(str(soup.select_one(".brief")), "html.parser")
    for contents in brief.select("nav.toc"):
        contents.decompose()
    return " ".join(brief.get_text(" ").split())


def test_the_brief_no_longer_calls_itself_single_source_and_names_the_new_outlet(soup):
    text = brief_text(soup)
    assert "one news article" not in text and "two news articles" in text
    assert OUTLET in text


def test_page_one_opens_with_the_indicators_the_new_rows_fired(soup):
    block = soup.find(class_="since-last-edition")
    assert block is not None and "Since the last edition" in block.get_text()
    words = " ".join(block.get_text(" ").split())
    assert "Kazakhstan" in words and "logistics" in words  # a participant distancing itself
    assert "talks" in words.lower() and OUTLET in words and "under review" in words


def test_each_sources_kabul_figure_is_set_beside_the_measurement(soup):
    tables = [t for t in soup.find_all("table") if "more than one source states" in t.get_text()]
    assert tables, "no table of figures stated by several sources"
    rows = [" ".join(r.get_text(" ").split()) for r in tables[0].find_all("tr")]
    kabul = [r for r in rows if "Kabul" in r]
    assert any("Al Jazeera" in r and "44 km" in r for r in kabul)
    assert any(OUTLET in r and "47 km" in r and "47.1 km" in r for r in kabul)


def test_the_new_distance_is_checked_and_published(rebuilt: Path):
    rows = list(csv.DictReader((rebuilt / "reports" / "claim-checks.csv").open(encoding="utf-8")))
    new = [r for r in rows if r["source_id"] == NEW_REPORTING_ID]
    assert {r["kind"] for r in new} >= {"distance", "runway"}
    assert all(r["verdict"] for r in new)
    jsonld = (rebuilt / "reports" / "claim-reviews.jsonld").read_text(encoding="utf-8")
    assert "check-dist-steppe-bagram-kabul" in jsonld


def test_what_changed_names_the_source_and_the_values_added(soup):
    section = soup.find(id="11-what-changed")
    assert section is not None
    changed = " ".join(section.get_text(" ").split())
    assert "Sources added" in changed and OUTLET in changed
    assert "Facts added" in changed and "47" in changed
    assert "Indicators that fired" in changed
    assert "dist-steppe" not in changed  # no ids in the chapter's text


def test_no_sentence_pools_two_sources_figures(soup):
    text = " ".join(soup.get_text(" ").split())
    assert "44 km and 47 km" not in text and "3.6 km, 3 km, 3.6 km" not in text


def test_the_brief_stays_within_eight_pages_with_one_extra_source(rebuilt: Path):
    from pypdf import PdfReader

    assert len(PdfReader(rebuilt / "reports" / "briefing.pdf").pages) <= 8


def test_the_brief_stays_within_twelve_pages_with_five_extra_sources(tmp_path_factory: pytest.TempPathFactory):
    from pypdf import PdfReader

    root = copy_project(ROOT, tmp_path_factory.mktemp("five-sources"))
    for copy in range(5):
        take_in_new_reporting(root, copy)
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(PdfReader(root / "reports" / "briefing.pdf").pages) <= 12
