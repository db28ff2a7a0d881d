"""One answer per question: the brief, the annex, claim-checks.csv and ClaimReview read one verdict record."""

from __future__ import annotations

import csv
import io
import json

import pytest

from briefing.analysis.checks import claimreview, claims, inline
from briefing.analysis.checks import table as checks
from helpers import ROOT


@pytest.fixture(scope="module")
def record(use_project_module):
    return checks.details().set_index("check")


@pytest.fixture(scope="module")
def use_project_module():
    from briefing import paths

    with paths.use(paths.Project.at(ROOT)):
        yield


def test_every_checked_claim_has_one_verdict_everywhere(record):
    published = {r["check"]: r for r in csv.DictReader(io.StringIO(checks.csv_text()))}
    document = claimreview.claim_reviews_jsonld(
        checks.reviews(), claimreview.review_sources(r.source_id for r in checks.reviews()), "test", "2025-10-09"
    )
    rated = {r["identifier"]: r["reviewRating"]["alternateName"] for r in json.loads(document)["@graph"]}
    assert set(rated) == set(record.index)
    assert record.index.tolist() and set(published) == set(record.index)
    for check, row in record.iterrows():
        key = row["verdict_key"]
        cited = inline.cited(check)
        assert published[check]["verdict"] == row["verdict"] == cited.verdict.text
        assert row["verdict"] == claims.label(key).lower() or row["verdict"].startswith(claims.label(key).lower())
        assert published[check]["verdict_plain"] == cited.plain.text == claims.plain_label(key)
        assert rated[check].lower().startswith(claims.label(key).lower())


def test_every_verdict_key_has_both_labels():
    assert set(claims.PLAIN) == set(claims.VERDICTS)
