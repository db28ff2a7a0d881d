"""A second article from file to briefing: add-source, draft, review, promote, build."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.analysis.evidence.compare import sources_compared
from helpers import FIXTURES, ROOT, copy_project, run_cli, take_in_second_source

pytestmark = pytest.mark.slow

SECOND = FIXTURES / "second-source"


@pytest.fixture(scope="module")
def with_second_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with the test article taken in as an analyst would, then built."""
    root = copy_project(ROOT, tmp_path_factory.mktemp("second"))
    take_in_second_source(root)
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_the_briefing_registers_both_sources(with_second_source: Path):
    html = (with_second_source / "reports" / "briefing.html").read_text(encoding="utf-8")
    for source in ("aj-2025-10-09", "testwire-2025-10-10"):
        assert f'id="source-{source}"' in html
    assert "Test Wire" in html and "Neighbours close ranks as Bagram demand lingers" in html


def test_the_edition_is_dated_by_the_newest_source(with_second_source: Path):
    import json

    manifest = json.loads((with_second_source / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edition"] == "2025-10-10"


def test_the_sources_are_compared_on_what_both_state(with_second_source: Path, use_project):
    use_project(with_second_source)
    frame = sources_compared()
    verdicts = {ids: verdict for ids, verdict in zip(frame["fact_ids"], frame["verdict"], strict=True)}

    def verdict_of(fact_id: str) -> tuple[str, set[str]]:
        ids = next(i for i in verdicts if fact_id in i.split("; "))
        return verdicts[ids], set(ids.split("; "))

    assert verdict_of("dist-testwire-bagram-kabul") == ("differ", {"dist-bagram-kabul", "dist-testwire-bagram-kabul"})
    runway, rows = verdict_of("base-testwire-longer-runway-length")
    assert runway == "agree" and {"base-bagram-runway-1-length", "base-bagram-runway-2-length"} <= rows
    assert verdict_of("evt-testwire-moscow-format-meeting")[0] == "agree"
    china, rows = verdict_of("pos-testwire-china-opposes-us-presence")
    assert china == "agree" and "pos-china-opposes-renewed-us-presence" in rows
    assert len(verdicts) == 4
    distance = frame.set_index("fact_ids").loc["dist-bagram-kabul; dist-testwire-bagram-kabul"]
    assert distance["values"] == "Al Jazeera: 44 km; Test Wire: about 50 km"
    assert distance["sources"] == "aj-2025-10-09; testwire-2025-10-10"
