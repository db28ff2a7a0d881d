"""What notebooks/briefing.toml and the data say about the briefing: its title block and its brief."""

from __future__ import annotations

from datetime import date

from briefing.analysis.data import dates
from briefing.paths import Project
from briefing.publish.errors import BuildError


def read_config(project: Project) -> dict:
    """notebooks/briefing.toml, or a one-line BuildError naming what is wrong with it."""
    from briefing.settings_file import RELATIVE, parse

    try:
        config = parse(project.config)
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    if "title" not in config:
        raise BuildError(f"{RELATIVE}: the key 'title' is required")
    return config


def briefing_meta(project: Project, tables: dict, prints: dict[str, str]) -> dict[str, str]:
    """Title block words from notebooks/briefing.toml, dates and sources from the data."""
    config = read_config(project)
    sources = [r for r in tables["sources"].rows if r.get("file")]
    named = "; ".join(
        f"{r.get('outlet') or r['id']}, {r.get('dateline_place', '')} {r.get('dateline_date', '')}".strip()
        for r in sources
    )
    try:
        edition = dates.edition(tables["sources"].rows)
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    return {
        "title": config["title"],
        "subtitle": config.get("subtitle", ""),
        "kicker": config.get("kicker", ""),
        "scope": config.get("scope", ""),
        "method": config.get("method", ""),
        "language": config.get("language", "en"),
        "edition": edition,
        "sources": named,
        "edition_long": date.fromisoformat(edition).strftime("%-d %B %Y"),
        "fingerprint": f"sha256 {prints['all'][:16]}",
    }


def brief_ids(config: dict) -> set[str]:
    """The chapters that make the print brief (``brief`` in briefing.toml); the rest is the annex."""
    from briefing.citations import html_id

    return {html_id(stem) for stem in config.get("brief", [])}
