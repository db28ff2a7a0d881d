"""The competing explanations chapter from the real data: every piece of evidence readable, every assessment scaled."""

from __future__ import annotations

import pytest

from briefing.analysis.data import facts
from briefing.analysis.evidence import rows as evidence
from helpers import ROOT


@pytest.fixture(autouse=True)
def project(use_project):
    use_project(ROOT)


def test_each_explanation_has_evidence_both_ways_described_in_words():
    for h in facts.load("explanations").itertuples():
        for column in ("evidence_for", "evidence_against"):
            described = evidence.each(evidence.split(getattr(h, column)))
            assert described, (h.id, column)
            assert all(text and not text.startswith(i) for i, text in described), (h.id, column)


def test_each_assessment_is_a_term_of_the_estimative_scale():
    terms = set(facts.load("estimative_scale")["term"])
    assert set(facts.load("explanations")["assessment"]) <= terms
