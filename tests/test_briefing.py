"""The real briefing, built once from the committed data: content, provenance and safety."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from briefing.analysis.data.validate import validate
from briefing.analysis.writing import typography
from helpers import ROOT, ROW_ID, code_of, uncited_numbers

pytestmark = pytest.mark.slow

SECTIONS = [
    "Bottom line",
    "The base",
    "Geography",
    "Checking the article’s claims",
    "Regional alignment",
    "Security",
    "Timeline",
    "Voices",
    "Competing explanations",
    "Method and limitations",
    "What changed since the previous edition",
    "Appendix: the fact base",
]
#: Every chapter, by the id of its section in the briefing (its file's stem).
CHAPTERS = [p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))]


@pytest.fixture(scope="module")
def soup(project_built: Path) -> BeautifulSoup:
    return BeautifulSoup((project_built / "reports" / "briefing.html").read_text(encoding="utf-8"), "html.parser")


def test_every_section_is_present_in_order(soup: BeautifulSoup):
    titles = [h.get_text(" ", strip=True) for h in soup.select("section.chapter h1")]
    positions = [next(i for i, t in enumerate(titles) if t.startswith(s)) for s in SECTIONS]
    assert positions == sorted(positions)


def test_every_citation_resolves_to_a_note_and_every_note_to_a_row_of_the_data(
    soup: BeautifulSoup, project_built: Path
):
    tables, _ = validate(project_built / "data")
    ids = {row["id"] for t in tables.values() for row in t.rows if row.get("id")}
    anchors = {tag["id"] for tag in soup.select("[id]")}
    marks = soup.select("sup.cite a")
    assert len(marks) > 50
    for mark in marks:
        assert mark["href"].lstrip("#") in anchors, f"citation {mark['href']} has no note"
    refs = soup.select("aside.notes a.ref")
    assert refs
    for ref in refs:
        target = ref["href"].lstrip("#")
        assert target in anchors, f"note points to {target}, which is not in the briefing"
        if target.startswith("fact-"):
            assert target.removeprefix("fact-") in ids
        assert ref.get_text().startswith("row"), "a note names no id"


def test_claim_notes_carry_the_verbatim_quote_once(soup: BeautifulSoup, project_built: Path):
    tables, _ = validate(project_built / "data")
    quotes = {row["id"]: row["quote"] for t in tables.values() for row in t.rows if row.get("quote")}
    checked = 0
    for notes in soup.select("aside.notes"):
        texts = [li.get_text(" ", strip=True) for li in notes.select("li")]
        assert not any("the same text as note" in x for x in texts)
        for li in notes.select("li"):
            rows = [a["href"].removeprefix("#fact-") for a in li.select("a.ref")]
            for fact in rows:
                if fact in quotes and len(quotes[fact]) < 200:
                    # a note may stand for several rows whose excerpts lie one inside another: it prints the longest
                    assert typography.quoted(quotes[fact])[1:-1] in li.get_text(), fact
                    checked += 1
        quoted = [x.split(" row")[0] for x in texts if x.startswith("“")]
        assert len(quoted) == len(set(quoted)), "a quote is printed twice in one chapter's notes"
    assert checked > 20


def chapter(soup: BeautifulSoup, stem: str) -> Tag:
    section = soup.find("section", id=stem)
    assert section is not None and "chapter" in section["class"], f"no section for {stem}"
    return section


@pytest.mark.parametrize("stem", CHAPTERS)
def test_no_number_in_a_chapters_prose_lacks_a_citation(soup: BeautifulSoup, stem: str):
    section = chapter(soup, stem)
    assert "{eval}" not in section.get_text(), "an inline expression reached the reader unevaluated"
    assert uncited_numbers(section) == []


@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_row_a_chapters_code_names_is_cited_in_that_chapter(soup: BeautifulSoup, project_built: Path, stem: str):
    """A row id typed in a chapter's code is there to be shown: its note is among the chapter's notes.

    A check stands for the rows it cites (claim-checks.csv)."""
    import ast
    import csv

    with open(project_built / "reports" / "fact-register.csv", encoding="utf-8") as f:
        rows = {r["id"] for r in csv.DictReader(f)} | {t["id"] for t in soup.select("[id^=calc-]")}
    with open(project_built / "reports" / "claim-checks.csv", encoding="utf-8") as f:
        checks = {r["check"]: [i for c in ("facts", "calcs") for i in r[c].split("; ") if i] for r in csv.DictReader(f)}
    literals = {
        node.value
        for source in code_of(project_built / "notebooks" / f"{stem}.ipynb")
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    named = {i for i in literals if ROW_ID.fullmatch(i) and i in rows}
    named |= {i for c in literals & set(checks) for i in checks[c]}
    cited = {a["href"].lstrip("#").removeprefix("fact-") for a in chapter(soup, stem).select("aside.notes a.ref")}
    assert named - cited == set()


def test_every_number_span_carries_a_citation(soup: BeautifulSoup):
    """Every figure is cited, except the analyst's own likelihoods, which are terms of the estimative scale."""
    import pandas as pd

    scale = pd.read_csv(ROOT / "data" / "reference" / "estimative_scale.csv")
    terms = {f"{t.term} ({t.low:.0f}–{t.high:.0f} %)".lower() for t in scale.itertuples()}
    own = soup.select("span.num.own")
    assert own and all(o.get_text(" ", strip=True).lower() in terms for o in own)
    spans = soup.select("span.num:not(.own)")
    assert spans
    for span in spans:
        follower = span.find_next_sibling()
        assert follower is not None and follower.name == "sup" and "cite" in follower.get("class", []), span.get_text()


def test_kinds_of_statement_are_told_apart_in_words(soup: BeautifulSoup):
    text = soup.get_text(" ")
    for words in ("The article", "The analyst judges", "reference", "measured"):
        assert words in text, words


def test_figures_have_alt_text_and_captions(soup: BeautifulSoup):
    figures = soup.select("figure")
    assert len(figures) >= 4
    for figure in figures:
        img = figure.find("img")
        assert img is not None and len(img.get("alt", "")) > 20
        assert img["src"].startswith("data:image/")
        assert figure.find("figcaption").get_text(strip=True)


def test_annex_pdf_contents_page_numbers_match_where_chapters_begin(project_built: Path, soup: BeautifulSoup):
    from helpers import run_cli

    assert run_cli(project_built, "annex").returncode == 0
    reader = PdfReader(project_built / "reports" / "annex.pdf")
    pages = [p.extract_text() or "" for p in reader.pages]
    contents = next(i for i, t in enumerate(pages) if "Annex: the full analysis" in t)
    toc_text = pages[contents] + pages[contents + 1]
    for title in [h.get_text(" ", strip=True) for h in soup.select("main > section.chapter h1")]:
        head = title[:25]
        match = re.search(re.escape(head) + r"[^\n]*?(\d+)\s*$", toc_text, re.M)
        assert match, f"{title} not in the contents with a page number"
        page = int(match.group(1))
        assert head in pages[page - 1].replace("\n", " "), f"{title} does not begin on page {page}"
    # no page holds only a heading: each but the last carries text beyond its running head and foot
    bodies = [[line for line in t.splitlines() if line.strip()][1:-1] for t in pages[:-1]]
    thin = [n for n, body in enumerate(bodies, start=1) if sum(len(line.split()) for line in body) < 15]
    assert not thin, f"pages {thin} are nearly blank"


def test_side_files_are_published(project_built: Path):
    reports = project_built / "reports"
    assert (reports / "claim-reviews.jsonld").stat().st_size > 0
    assert (reports / "claim-checks.csv").stat().st_size > 0


def test_fact_register_side_file_holds_every_register_row_with_its_quote_offset(
    project_built: Path, soup: BeautifulSoup
):
    import pandas as pd

    register = pd.read_csv(project_built / "reports" / "fact-register.csv", dtype=str, keep_default_na=False)
    rows = {tr["id"].removeprefix("fact-") for tr in soup.select("tr[id^=fact-]")}
    assert rows and set(register["id"]) == rows
    tables, _ = validate(project_built / "data")
    texts = {
        row["id"]: (project_built / "data" / "sources" / row["file"]).read_text(encoding="utf-8")
        for row in tables["sources"].rows
        if row.get("file")
    }
    claims = register[register["kind"] == "claim"]
    assert len(claims) > 50
    for row in claims.itertuples():
        start = int(row.char_start)
        assert texts[row.source_id][start : start + len(row.evidence)] == row.evidence, row.id


def test_pdf_is_built_without_warnings_and_the_annex_leaves_the_register_out(project_built: Path, soup: BeautifulSoup):
    output = (project_built / "build-output.txt").read_text(encoding="utf-8")
    assert "WeasyPrint raised" not in output, output
    from briefing.publish.render import print_edition

    annex = project_built / ".build" / "annex.html"  # make annex lays out its print edition
    text = BeautifulSoup(print_edition(annex.read_text(encoding="utf-8")), "html.parser").get_text(" ")
    assert "Rows of the fact register by kind and table" in text  # the rest of the appendix stays
    caption = soup.select_one("tr[id^=fact-]").find_parent("table").caption.get_text(" ", strip=True)
    assert caption[:40] not in text, "the full register is left out of print"


def test_no_machine_paths_in_outputs(project_built: Path):
    for path in (project_built / "reports").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".jsonld", ".csv"):
            text = path.read_text(encoding="utf-8")
            for local in (str(project_built), str(Path.home()), tempfile.gettempdir() + "/"):
                assert local not in text, f"{path.name} holds the local path {local}"


def test_annex_tables_name_things_not_ids_outside_the_registers(project_built: Path, soup: BeautifulSoup):
    """Ids are the registers' keys (rows an analyst looks up); every other table names things in words."""
    tables, _ = validate(project_built / "data")
    # the ids of rows (a source's id may be its package's or dataset's own name, as a licence names it)
    ids = {
        r["id"]
        for name, t in tables.items()
        if name != "sources"
        for r in t.rows
        if r.get("id") and re.search(r"[-_]", r["id"])
    }
    shown = []
    for table in soup.select("section.chapter table"):
        if table.select("tr[id]"):  # a register: its rows are anchors, their ids the keys
            continue
        for cell in table.select("td"):
            # ids as words (a file name such as geo/x-y.gpkg is not one)
            words = set(re.findall(r"(?<![\w/.-])[a-z0-9]+(?:[-_][a-z0-9]+)+(?![\w-]|\.\w)", cell.get_text(" ")))
            shown += sorted(words & ids)
    assert not shown
