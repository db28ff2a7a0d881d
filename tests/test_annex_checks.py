"""Static tests of the geography and claim-check chapters: what their code draws and publishes.

That their prose types no number or id, and that their code computes, is tested for every chapter in
test_notebooks."""

from __future__ import annotations

import json
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def cells(name: str) -> list[dict]:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]


def test_geography_chapter_does_not_draw_the_regional_map_again():
    source = "".join("".join(c["source"]) for c in cells("03-geography.ipynb"))
    assert "regional_map(" not in source and "fig-01-regional-map" in source


def test_claim_check_chapter_publishes_both_side_files():
    source = "".join("".join(c["source"]) for c in cells("04-claim-checks.ipynb") if c["cell_type"] == "code")
    assert 'side_file("claim-checks.csv"' in source and 'side_file("claim-reviews.jsonld"' in source
