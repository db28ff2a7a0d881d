"""Settings and citation anchors are read per project root, so one process can serve two projects."""

from pathlib import Path

from briefing.analysis.data import settings
from briefing.analysis.writing import marks
from helpers import FIXTURES, ROOT, copy_project


def test_switching_project_root_switches_settings_and_anchors(tmp_path: Path, use_project):
    mini = copy_project(FIXTURES / "mini", tmp_path / "mini")
    config = mini / "notebooks" / "briefing.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('title = "', 'title = "Mini: ', 1), encoding="utf-8")
    use_project(ROOT)
    real_title, real_anchors = settings.load()["title"], marks.anchors()
    use_project(mini)
    assert settings.load()["title"] == "Mini: " + real_title
    assert marks.anchors() != real_anchors
    use_project(ROOT)
    assert settings.load()["title"] == real_title and marks.anchors() == real_anchors


def test_credit_line_names_each_source_once_in_its_credit_words_and_no_licence(use_project):
    import pandas as pd
    import pytest

    from briefing.analysis.data import provenance

    use_project(ROOT)
    text = provenance.credit(["ne-50m-world-atlas", "ne-10m-world-atlas", "gmt-dcw"], "Computed here.", lead="Map")
    register = pd.read_csv(ROOT / "data" / "sources" / "sources.csv", dtype=str).set_index("id")
    words = register.loc["ne-50m-world-atlas", "credit"]
    assert text.startswith("Map: ") and text.count(words) == 1 and text.endswith("Computed here.")
    assert not [lic for lic in register["licence"].dropna() if lic in text]
    assert (
        provenance.credit(["aj-2025-10-09"]) == f"Data: {register.loc['aj-2025-10-09', 'outlet']}."
    )  # no credit words
    with pytest.raises(KeyError, match="no-such-source"):
        provenance.credit(["gmt-dcw", "no-such-source"])


def test_every_boundary_layer_has_a_source_and_every_stance_one_palette_entry(use_project):
    import json

    from briefing.analysis.data import settings
    from briefing.analysis.figures import style

    use_project(ROOT)
    geography = settings.section("geography")
    assert set(geography["resolutions"]) | set(geography["layers"]) <= set(geography["sources"])
    schema = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    positions = next(r for r in schema["resources"] if r["name"] == "positions")
    stances = next(f for f in positions["schema"]["fields"] if f["name"] == "stance")["constraints"]["enum"]
    palette = style.palette()
    assert set(stances) | set(settings.section("alignment")["stances"]) <= set(palette.stances)
    # one palette per meaning: no stance colour anywhere else in the settings
    assert "stance_fill" not in settings.section("figures")
    assert not [k for k, v in settings.section("alignment")["stances"].items() if "colour" in v]


def test_an_edit_is_seen_by_the_next_call_in_the_same_process(tmp_path: Path, use_project):
    import os

    from briefing.analysis.data import facts

    mini = copy_project(FIXTURES / "mini", tmp_path / "mini")
    use_project(mini)
    config = mini / "notebooks" / "briefing.toml"
    before = settings.load()["title"]
    config.write_text(config.read_text(encoding="utf-8").replace(before, before + " (revised)"), encoding="utf-8")
    os.utime(config, ns=(1, config.stat().st_mtime_ns + 1))  # a distinct modification time, however fast the edit
    assert settings.load()["title"] == before + " (revised)"
    sources = mini / "data" / "sources" / "sources.csv"
    outlet = str(facts.load("sources")["outlet"].iloc[0])
    sources.write_text(sources.read_text(encoding="utf-8").replace(outlet, outlet + " Revised", 1), encoding="utf-8")
    assert facts.load("sources")["outlet"].iloc[0] == outlet + " Revised"
