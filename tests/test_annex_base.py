"""The annex chapters on the base (02) and on security (06): how their code finds its rows.

What the chapters cite, and that their prose types no number, is tested for every chapter in test_notebooks
and test_briefing; the verdicts they show for this article in test_briefing_verdicts."""

from __future__ import annotations

from helpers import ROOT

CHAPTERS = {"02": ROOT / "notebooks" / "02-the-base.ipynb", "06": ROOT / "notebooks" / "06-security.ipynb"}


def test_runway_rows_are_found_by_their_attribute_not_typed_in_the_chapter():
    source = CHAPTERS["02"].read_text(encoding="utf-8")
    assert "runway-1-length" not in source and "runway-03" not in source
