"""What the briefing was made with: software versions, boundary data origins, input fingerprints."""

from __future__ import annotations

import json
import platform
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import pandas as pd

from briefing import fingerprint, paths
from briefing.analysis.data import facts

PACKAGES = (
    "briefing",
    "pandas",
    "geopandas",
    "shapely",
    "pyproj",
    "pyogrio",
    "matplotlib",
    "nbclient",
    "nbconvert",
    "jupyterlab",
    "weasyprint",
)


def software() -> pd.DataFrame:
    """Versions of Python, the key packages and the C libraries underneath them."""
    import pyogrio
    import pyproj
    import shapely

    rows = [("Python", platform.python_version())]
    for name in PACKAGES:
        try:
            rows.append((name, version(name)))
        except PackageNotFoundError:
            rows.append((name, "not installed"))
    rows += [
        ("GDAL", pyogrio.__gdal_version_string__),
        ("PROJ", pyproj.proj_version_str),
        ("GEOS", shapely.geos_version_string),
    ]
    return pd.DataFrame(rows, columns=["component", "version"])


def credit(source_ids: Sequence[str], *notes: str, lead: str = "Data") -> str:
    """A figure's credit line from the source register: "Map: Natural Earth boundaries; GeoNames place
    coordinates. Distances computed on the WGS84 ellipsoid." Each source named once by its ``credit``
    words (its outlet when it has none), then ``notes``; licences stay in the annex's register.

    An id missing from the register raises KeyError, so a credit never names data the briefing cannot cite.
    """
    data = facts.view()
    unknown = [i for i in source_ids if data.row("sources", i) is None]
    if unknown:
        raise KeyError(f"credit names sources not in data/sources/sources.csv: {', '.join(unknown)}")
    named = [credited(facts.typed_row("sources", sid)) for sid in source_ids]
    return " ".join([f"{lead}: " + "; ".join(dict.fromkeys(named)) + ".", *notes])


def credited(source: pd.Series) -> str:
    """How a credit line names a source: its ``credit`` words, else its outlet."""
    words = source.get("credit")
    return str(source["outlet"] if words is None or facts.missing(words) or not str(words).strip() else words)


ANALYST_DESCRIPTION = "description (analyst's)"


def source_register() -> pd.DataFrame:
    """The source register as readers see it: the analyst's description labelled as the analyst's, not the source's words."""
    sources = facts.load("sources").sort_values("id", ignore_index=True)
    frame = sources.assign(sha256=sources["sha256"].str.slice(0, 12))
    frame = frame.rename(columns={"dateline_date": "date", "description": ANALYST_DESCRIPTION})
    shown = ["id", "type", "outlet", "title", ANALYST_DESCRIPTION, "date", "licence", "sha256"]
    return frame[[c for c in shown if c in frame.columns]]


def geo_record() -> dict[str, Any]:
    """The machine-readable provenance of data/geo (written by data/geo/make_geo.py)."""
    return json.loads((paths.geo_dir() / "provenance.json").read_text(encoding="utf-8"))


def boundary_data() -> pd.DataFrame:
    """One row per boundary file: producer, version, licence and checksum."""
    rows = [
        {
            "file": name.removeprefix("data/"),
            "producer": rec.get("producer", ""),
            "version": rec.get("version", ""),
            "licence": flat(rec.get("licence", "")),
            "sha256": rec.get("sha256", "")[:16],
        }
        for name, rec in sorted(geo_record()["files"].items())
    ]
    return pd.DataFrame(rows)


def flat(value: Any) -> str:
    """A provenance field for a table cell: mappings become 'key: value; …'."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def inputs() -> pd.DataFrame:
    """sha256 fingerprints of the data, the chapters, the package code and the lock file."""
    root = paths.root()
    prints = fingerprint.inputs(root, paths.package_dir())
    lock = fingerprint.lock_file(root).relative_to(root).as_posix()
    labels = {
        "data": "data/ (facts, sources, boundaries)",
        "notebooks": "notebooks/ (chapters, settings)",
        "settings": "notebooks/briefing.toml (settings)",
        "package": "package (code, templates, stylesheets)",
        "code": "package code (what chapters run)",
        "software": f"{lock} (locked software)",
        "all": "all inputs",
    }
    return pd.DataFrame([(labels[k], prints[k]) for k in labels if prints.get(k)], columns=["input", "sha256"])
