"""Static tests of the geography and claim-check chapters: prose in Markdown, values only through {eval}."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import code_lines

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHAPTERS = {"03-geography.ipynb": 65, "04-claim-checks.ipynb": 90}
ROLE = re.compile(r"\{eval\}`[^`]*`")
IDS = re.compile(r"\b(calc|check|dist|evt|ref|pos|mem|cas|base|org|kj)-[a-z0-9]")


def cells(name: str) -> list[dict]:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]


def prose(name: str) -> list[str]:
    """Markdown cells without their inline expressions."""
    return [ROLE.sub("", "".join(c["source"])) for c in cells(name) if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("name", CHAPTERS)
def test_markdown_types_no_digits_and_no_ids(name):
    for text in prose(name):
        assert not re.search(r"\d", text), text[:200]
        assert not IDS.search(text), text[:200]


@pytest.mark.parametrize("name", CHAPTERS)
def test_code_stays_within_budget_and_notebook_is_clean(name):
    code = [c for c in cells(name) if c["cell_type"] == "code"]
    assert len(code_lines(NOTEBOOKS / name)) <= CHAPTERS[name]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert all(c.get("id") for c in cells(name))


def test_geography_chapter_does_not_draw_the_regional_map_again():
    source = "".join("".join(c["source"]) for c in cells("03-geography.ipynb"))
    assert "regional_map(" not in source and "fig-01-regional-map" in source


def test_claim_check_chapter_publishes_both_side_files():
    source = "".join("".join(c["source"]) for c in cells("04-claim-checks.ipynb") if c["cell_type"] == "code")
    assert 'side_file("claim-checks.csv"' in source and 'side_file("claim-reviews.jsonld"' in source
