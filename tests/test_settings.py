"""Settings and citation anchors are read per project root, so one process can serve two projects."""

from pathlib import Path

from briefing import narrative, settings
from helpers import FIXTURES, ROOT, copy_project


def test_switching_project_root_switches_settings_and_anchors(tmp_path: Path, monkeypatch):
    mini = copy_project(FIXTURES / "mini", tmp_path / "mini")
    config = mini / "notebooks" / "briefing.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('title = "', 'title = "Mini: ', 1), encoding="utf-8")
    monkeypatch.setenv("BRIEFING_ROOT", str(ROOT))
    real_title, real_anchors = settings.load()["title"], narrative.anchors()
    monkeypatch.setenv("BRIEFING_ROOT", str(mini))
    assert settings.load()["title"] == "Mini: " + real_title
    assert narrative.anchors() != real_anchors
    monkeypatch.setenv("BRIEFING_ROOT", str(ROOT))
    assert settings.load()["title"] == real_title and narrative.anchors() == real_anchors
